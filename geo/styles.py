"""
QGIS styles (QML) for every layer, generated from the schema.

Each layer gets a rule-based renderer (``RuleRenderer``): one rule per value of its
schema ``style_field``, in the schema's colour, labelled ``label_en / label_vi``. On the
layers whose features have a status (not the context layers) these category rules are
grouped under one rule per look of ``geo.schema.STATUS_STYLES``: built features solid
(lines) or filled (points), planned ones dashed and proposed ones dotted (lines, with the
schema's dash lengths, as on the web map), both hollow as points. The group rules' labels
name the status and the look ("Planned: dashed line / Đang xúc tiến: nét đứt"), so the
layer tree and the print layout's legend (filtered to the map) explain what dashed,
dotted and hollow mean.
Point layers differ in marker shape (``Layer.marker``). Features are labelled with
``name_vi`` and, below it, ``name_en``.

The QML is written into the GeoPackage's ``layer_styles`` table and inlined into the
QGIS project; the web legend reads the same schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from geo.schema import NOT_YET_BUILT, STATUS_STYLES, STATUSES, Category, Layer, StatusStyle

#: The QGIS release whose project and style format is written.
QGIS_VERSION = "3.22.0-Białowieża"

#: Renderer type every layer style uses (``QgsRuleBasedRenderer``).
RENDERER = "RuleRenderer"

#: Fields the labels show, in order: Vietnamese on the first line, English below it.
LABEL_FIELDS = ("name_vi", "name_en")

#: Label font: Debian's default sans, which QGIS falls back from when it is missing.
LABEL_FONT = "DejaVu Sans"

#: QGIS label placement per symbol type: around a point, parallel to a line, over the
#: centroid (``QgsPalLayerSettings.Placement``: 0 AroundPoint, 2 Line, 1 OverPoint).
LABEL_PLACEMENT = {"marker": "0", "line": "2", "fill": "1"}


#: Field that says whether a feature is built yet.
STATUS_FIELD = "status"

#: Fill of a hollow marker: fully transparent.
TRANSPARENT = "0,0,0,0"

#: Custom dash pattern (dash;gap in millimetres) that draws a solid line.
SOLID_DASH = "1;0"

#: Millimetres per screen pixel at 96 dpi: the schema's dash lengths are in pixels.
MM_PER_PIXEL = 25.4 / 96

_OUTLINE = "35,35,35,255"
_POLYGON_OUTLINE = "128,128,128,255"
_HALO = "255,255,255,255"


def qgis_colour(hex_colour: str) -> str:
    """
    A ``#rrggbb`` colour as QGIS writes it, ``r,g,b,255``.

    Parameters
    ----------
    hex_colour
        Colour from the schema, ``#`` followed by six hex digits.
    """
    if len(hex_colour) != 7 or not hex_colour.startswith("#"):
        msg = f"colour must be #rrggbb, not {hex_colour!r}"
        raise ValueError(msg)
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{r},{g},{b},255"


def category_label(category: Category) -> str:
    """The legend text of a category: English, then Vietnamese."""
    return f"{category.label_en} / {category.label_vi}"


def not_yet_built_condition() -> str:
    """QGIS expression true for a feature that is planned or proposed."""
    values = ", ".join(f"'{v}'" for v in sorted(NOT_YET_BUILT))
    return f'"{STATUS_FIELD}" IN ({values})'


def dash_pattern(dash: tuple[int, ...]) -> str:
    """
    A schema dash (pixels) as a QGIS custom dash vector in millimetres, ``dash;gap``.

    Parameters
    ----------
    dash
        Dash and gap lengths in pixels, as ``geo.schema.StatusStyle.dash``; empty for solid.
    """
    if not dash:
        return SOLID_DASH
    return ";".join(f"{d * MM_PER_PIXEL:.3f}" for d in dash)


def symbol_type(layer: Layer) -> str:
    """QGIS symbol type for the layer's geometry: ``marker``, ``line`` or ``fill``."""
    base = layer.geometry_types[0].removeprefix("Multi")
    types = {"Point": "marker", "LineString": "line", "Polygon": "fill"}
    if base not in types:
        msg = f"layer {layer.name!r} has a geometry QGIS styles do not cover: {base}"
        raise ValueError(msg)
    return types[base]


def _option_map(values: dict[str, str]) -> ET.Element:
    opts = ET.Element("Option", type="Map")
    for name, value in values.items():
        ET.SubElement(opts, "Option", name=name, value=value, type="QString")
    return opts


def _data_defined(
    expressions: dict[str, str], *, tag: str = "data_defined_properties"
) -> ET.Element:
    """A property collection whose properties are QGIS expressions (property type 3)."""
    root = ET.Element(tag)
    coll = ET.SubElement(root, "Option", type="Map")
    ET.SubElement(coll, "Option", name="name", value="", type="QString")
    props = ET.SubElement(coll, "Option", name="properties", type="Map")
    for key, expression in expressions.items():
        prop = ET.SubElement(props, "Option", name=key, type="Map")
        ET.SubElement(prop, "Option", name="active", value="true", type="bool")
        ET.SubElement(prop, "Option", name="expression", value=expression, type="QString")
        ET.SubElement(prop, "Option", name="type", value="3", type="int")
    ET.SubElement(coll, "Option", name="type", value="collection", type="QString")
    return root


#: How each look is named in the legend, English / Vietnamese, by symbol type.
_LOOK_WORDS = {
    ("line", "solid"): ("solid line", "nét liền"),
    ("line", "dashed"): ("dashed line", "nét đứt"),
    ("line", "dotted"): ("dotted line", "nét chấm"),
    ("marker", "solid"): ("filled pin", "ghim tô đặc"),
    ("marker", "hollow"): ("hollow pin", "ghim rỗng"),
}


def look_name(style: StatusStyle, kind: str) -> str:
    """
    What a status looks like on a layer of symbol type ``kind``: solid, dashed, dotted, hollow.

    Parameters
    ----------
    style
        A status style from ``geo.schema.STATUS_STYLES``.
    kind
        ``marker`` or ``line``.
    """
    if kind == "marker":
        return "hollow" if style.hollow else "solid"
    if not style.dash:
        return "solid"
    dash, gap = style.dash[0], style.dash[1]
    return "dotted" if dash < gap else "dashed"


def _short_vi(status: Category) -> str:
    """A status's Vietnamese name without its gloss: "Đang hoạt động", "Đề xuất"."""
    return status.label_vi.split(" / ")[0]


@dataclass(frozen=True)
class Rule:
    """One rule of a layer's rule-based renderer, as QGIS shows it in the legend."""

    label: str
    filter: str
    #: Category colour (``#rrggbb``); ``None`` for a rule that only groups its children.
    colour: str | None
    #: The status style its symbol draws (``None``: the category's plain look).
    style: StatusStyle | None = None
    children: tuple[Rule, ...] = ()


def status_rules(layer: Layer) -> tuple[Rule, ...]:
    """
    The top-level rules of a layer with status looks: one per look, its categories below.

    Built statuses (existing, held) share the solid look and one rule; each not-yet-built
    status of ``STATUS_STYLES`` gets its own. Each rule's label names the statuses and the
    look ("Planned: dashed line / Đang xúc tiến: nét đứt"); its children are the layer's
    categories, drawn in their colours in that look.

    Parameters
    ----------
    layer
        A schema layer whose features have a status, with a ``style_field``.
    """
    kind = symbol_type(layer)
    solid = next(s for s in STATUS_STYLES if not s.hollow and not s.dash)
    built = [c for c in STATUSES if c.value not in NOT_YET_BUILT]
    en, vi = _LOOK_WORDS[(kind, look_name(solid, kind))]
    values = ", ".join(f"'{c.value}'" for c in built)
    names_en = " or ".join(c.value for c in built).capitalize()
    names_vi = " hoặc ".join(
        v if i == 0 else v[0].lower() + v[1:] for i, v in enumerate(_short_vi(c) for c in built)
    )
    looks = [
        (
            f"{names_en}: {en} / {names_vi}: {vi}",
            f'"{STATUS_FIELD}" IN ({values}) OR "{STATUS_FIELD}" IS NULL',
            solid,
        )
    ]
    for style in STATUS_STYLES:
        if style.status not in NOT_YET_BUILT:
            continue
        status = next(c for c in STATUSES if c.value == style.status)
        en, vi = _LOOK_WORDS[(kind, look_name(style, kind))]
        looks.append(
            (
                f"{status.value.capitalize()}: {en} / {_short_vi(status)}: {vi}",
                f"\"{STATUS_FIELD}\" = '{style.status}'",
                style,
            )
        )
    return tuple(
        Rule(label, expression, None, None, category_rules(layer, style))
        for label, expression, style in looks
    )


def category_rules(layer: Layer, style: StatusStyle | None = None) -> tuple[Rule, ...]:
    """
    One rule per category of the layer's style field, in its colour, drawn in ``style``.

    Parameters
    ----------
    layer
        A schema layer with a ``style_field``.
    style
        The status look the rules draw; ``None`` for the plain look of a context layer.
    """
    spec = layer.style
    if spec is None:
        msg = f"layer {layer.name!r} has no style_field to categorise on"
        raise ValueError(msg)
    return tuple(
        Rule(category_label(cat), f"\"{spec.name}\" = '{cat.value}'", cat.colour, style)
        for cat in spec.vocabulary
    )


def has_status_looks(layer: Layer) -> bool:
    """Whether the layer's legend explains status looks: point and line layers with a status."""
    context = "attribution" in layer.field_names
    return STATUS_FIELD in layer.field_names and not context and symbol_type(layer) != "fill"


def legend_rules(layer: Layer) -> tuple[Rule, ...]:
    """
    The top-level rules of a layer's renderer.

    A layer with status looks groups its categories under one rule per look
    (``status_rules``); a context layer has one rule per category (``category_rules``).

    Parameters
    ----------
    layer
        A schema layer with a ``style_field``.
    """
    return status_rules(layer) if has_status_looks(layer) else category_rules(layer)


def _symbol_layer(layer: Layer, colour: str, style: StatusStyle | None) -> ET.Element:
    """One symbol layer in ``colour``, drawn in the status ``style`` (dashed, hollow)."""
    kind = symbol_type(layer)
    if kind == "marker":
        hollow = style is not None and style.hollow
        cls = "SimpleMarker"
        options = {
            "name": layer.marker,
            # Hollow: transparent fill, the category colour moves to a thicker ring.
            "color": TRANSPARENT if hollow else colour,
            "outline_color": colour if hollow else _OUTLINE,
            "outline_style": "solid",
            "outline_width": "0.8" if hollow else "0.3",
            "outline_width_unit": "MM",
            "size": "3",
            "size_unit": "MM",
        }
    elif kind == "line":
        cls = "SimpleLine"
        options = {
            "line_color": colour,
            "line_style": "solid",
            "line_width": "0.8",
            "line_width_unit": "MM",
            "capstyle": "round",
            "joinstyle": "round",
            "use_custom_dash": "1",
            # Planned dashed, proposed dotted: the schema's STATUS_STYLES, as on the web map.
            "customdash": dash_pattern(style.dash if style is not None else ()),
            "customdash_unit": "MM",
        }
    else:
        cls = "SimpleFill"
        options = {
            "color": colour,
            "style": "solid",
            "outline_color": _POLYGON_OUTLINE,
            "outline_style": "solid",
            "outline_width": "0.2",
            "outline_width_unit": "MM",
        }
    elem = ET.Element("layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    elem.append(_option_map(options))
    elem.append(_data_defined({}))
    return elem


def _symbol(layer: Layer, name: str, colour: str, style: StatusStyle | None) -> ET.Element:
    attrs = {"alpha": f"{layer.opacity:g}", "clip_to_extent": "1", "force_rhr": "0"}
    sym = ET.Element("symbol", {"type": symbol_type(layer), "name": name, **attrs})
    sym.append(_data_defined({}))
    sym.append(_symbol_layer(layer, colour, style))
    return sym


def renderer_element(layer: Layer) -> ET.Element:
    """
    The layer's ``renderer-v2`` element: rules on the schema's style field and status.

    Parameters
    ----------
    layer
        A schema layer with a ``style_field``.
    """
    renderer = ET.Element(
        "renderer-v2",
        {
            "type": RENDERER,
            "symbollevels": "0",
            "forceraster": "0",
            "enableorderby": "0",
            "referencescale": "-1",
        },
    )
    root = ET.SubElement(renderer, "rules", key=f"{{{layer.name}}}")
    syms = ET.Element("symbols")

    def add(parent: ET.Element, rule: Rule, key: str) -> None:
        attrs = {"key": f"{{{layer.name}-{key}}}", "label": rule.label, "filter": rule.filter}
        if rule.colour is not None:
            attrs["symbol"] = str(len(syms))
            syms.append(_symbol(layer, attrs["symbol"], qgis_colour(rule.colour), rule.style))
        elem = ET.SubElement(parent, "rule", attrs)
        for n, child in enumerate(rule.children):
            add(elem, child, f"{key}-{n}")

    for n, rule in enumerate(legend_rules(layer)):
        add(root, rule, str(n))
    renderer.append(syms)
    return renderer


def label_expression(layer: Layer) -> str:
    """
    The QGIS expression a layer's labels show.

    ``name_vi`` over ``name_en`` where the layer has both and they differ (one line when
    the English name is missing or the same), else the first label field it has.

    Parameters
    ----------
    layer
        A schema layer.
    """
    present = [f for f in LABEL_FIELDS if f in layer.field_names]
    if not present:
        msg = f"layer {layer.name!r} has none of the label fields {LABEL_FIELDS}"
        raise ValueError(msg)
    if len(present) == 1:
        return f'"{present[0]}"'
    vi, en = (f'"{f}"' for f in present)
    return f"CASE WHEN {en} IS NULL OR {en} = {vi} THEN {vi} ELSE {vi} || '\\n' || {en} END"


def labeling_element(layer: Layer) -> ET.Element:
    """
    The layer's ``labeling`` element: the bilingual name in dark grey with a white halo.

    Every setting QGIS reads with a poor default when absent is written out: the layer's
    ``label_priority`` from the schema (QGIS reads a missing one as 0, the lowest, and its
    placement engine 2 then drops nearly every label), an obstacle factor of 1,
    and area layers as obstacles by their boundary only (QGIS's default for a missing
    value is the whole interior, which blocks every label inside a country).

    Parameters
    ----------
    layer
        A schema layer.
    """
    kind = symbol_type(layer)
    labeling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    style = ET.SubElement(
        settings,
        "text-style",
        {
            "fieldName": label_expression(layer),
            "isExpression": "1",
            "fontFamily": LABEL_FONT,
            "namedStyle": "Regular",
            "fontSize": "8" if kind == "fill" else "9",
            "fontSizeUnit": "Point",
            "fontWeight": "50",
            "textColor": "50,50,50,255",
            "textOpacity": "1",
            "multilineHeight": "1",
            "capitalization": "0",
            "blendMode": "0",
            "allowHtml": "0",
        },
    )
    ET.SubElement(
        style,
        "text-buffer",
        {
            "bufferDraw": "1",
            "bufferSize": "0.8",
            "bufferSizeUnits": "MM",
            "bufferColor": _HALO,
            "bufferOpacity": "1",
            "bufferNoFill": "1",
            "bufferJoinStyle": "128",
            "bufferBlendMode": "0",
        },
    )
    ET.SubElement(
        settings,
        "text-format",
        {"wrapChar": "", "autoWrapLength": "0", "multilineAlign": "3", "formatNumbers": "0"},
    )
    ET.SubElement(
        settings,
        "placement",
        {
            "placement": LABEL_PLACEMENT[kind],
            "placementFlags": "10",
            "polygonPlacementFlags": "2",
            "priority": str(layer.label_priority),
            "dist": "1",
            "distUnits": "MM",
            "quadOffset": "4",
            "offsetType": "0",
            "xOffset": "0",
            "yOffset": "0",
            "offsetUnits": "MM",
            "repeatDistance": "0",
            "repeatDistanceUnits": "MM",
            "centroidInside": "1" if kind == "fill" else "0",
            "centroidWhole": "0",
            "fitInPolygonOnly": "0",
            "overrunDistance": "0",
            "overrunDistanceUnit": "MM",
            "maxCurvedCharAngleIn": "25",
            "maxCurvedCharAngleOut": "-25",
            "predefinedPositionOrder": "TR,TL,BR,BL,R,L,TSR,BSR",
            "rotationAngle": "0",
            "preserveRotation": "1",
            "lineAnchorPercent": "0.5",
            "lineAnchorType": "0",
            "lineAnchorClipping": "0",
            "layerType": {
                "marker": "PointGeometry",
                "line": "LineGeometry",
                "fill": "PolygonGeometry",
            }[kind],
            "geometryGenerator": "",
            "geometryGeneratorEnabled": "0",
            "geometryGeneratorType": "PointGeometry",
        },
    )
    ET.SubElement(
        settings,
        "rendering",
        {
            "drawLabels": "1",
            "obstacle": "0" if kind == "fill" else "1",
            "obstacleFactor": "1",
            "obstacleType": "1",
            "zIndex": str(layer.label_priority),
            "displayAll": "0",
            "upsidedownLabels": "0",
            "labelPerPart": "0",
            "mergeLines": "0",
            "minFeatureSize": "0",
            "limitNumLabels": "0",
            "maxNumLabels": "2000",
            "scaleVisibility": "0",
            "scaleMin": "0",
            "scaleMax": "0",
            "fontLimitPixelSize": "0",
            "fontMinPixelSize": "0",
            "fontMaxPixelSize": "10000",
            "unplacedVisibility": "0",
        },
    )
    return labeling


def style_description(layer: Layer) -> str:
    """
    What the layer's default style shows, for ``layer_styles.description``.

    Parameters
    ----------
    layer
        A schema layer with a ``style_field``.
    """
    not_yet = " and ".join(sorted(NOT_YET_BUILT))
    return (
        f"{layer.title_en} / {layer.title_vi}: coloured by {layer.style_field} "
        f"(colours from the schema), labelled with {' over '.join(LABEL_FIELDS)}; "
        f"{not_yet} features are drawn dashed or dotted (lines) or hollow (points), "
        "as the legend's rules under each category say."
    )


def style_elements(layer: Layer) -> list[ET.Element]:
    """The elements a layer's style consists of, for a QML file or a project's map layer."""
    return [renderer_element(layer), labeling_element(layer)]


def layer_qml(layer: Layer) -> str:
    """
    The layer's style as a QML document, as QGIS stores it in ``layer_styles``.

    Parameters
    ----------
    layer
        A schema layer with a ``style_field``.
    """
    root = ET.Element(
        "qgis",
        {
            "version": QGIS_VERSION,
            "styleCategories": "Symbology|Labeling",
            "labelsEnabled": "1",
        },
    )
    root.extend(style_elements(layer))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"
