"""
QGIS styles (QML) for every layer, generated from the schema.

Each layer gets a ``categorizedSymbol`` renderer on its schema ``style_field``: one
category per vocabulary value, in the schema's colour, labelled ``label_en / label_vi``.
Features whose ``status`` is not yet built (planned, proposed) keep their category's
colour but are drawn dashed or dotted (lines, with the dash lengths of
``geo.schema.STATUS_STYLES``, as on the web map) or hollow (points), through
data-defined properties on the symbol layer, so the renderer stays a plain categorised
one that QGIS users can edit. Point layers differ in marker shape (``Layer.marker``).
Features are labelled with ``name_vi`` and, below it, ``name_en``.

The QML is written into the GeoPackage's ``layer_styles`` table and inlined into the
QGIS project; the web legend reads the same schema.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from geo.schema import NOT_YET_BUILT, STATUS_STYLES, Category, Layer

#: The QGIS release whose project and style format is written.
QGIS_VERSION = "3.22.0-Białowieża"

#: Renderer type every layer style uses (``QgsCategorizedSymbolRenderer``).
RENDERER = "categorizedSymbol"

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


def dash_expression() -> str:
    """QGIS expression giving each feature's dash pattern from its status (schema)."""
    cases = " ".join(
        f"WHEN \"{STATUS_FIELD}\" = '{s.status}' THEN '{dash_pattern(s.dash)}'"
        for s in STATUS_STYLES
        if s.dash
    )
    return f"CASE {cases} ELSE '{SOLID_DASH}' END"


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


def _symbol_layer(layer: Layer, colour: str) -> ET.Element:
    """One symbol layer in ``colour``; not-yet-built features get a dashed or hollow look."""
    built = not_yet_built_condition()
    kind = symbol_type(layer)
    if kind == "marker":
        cls = "SimpleMarker"
        options = {
            "name": layer.marker,
            "color": colour,
            "outline_color": _OUTLINE,
            "outline_style": "solid",
            "outline_width": "0.3",
            "outline_width_unit": "MM",
            "size": "3",
            "size_unit": "MM",
        }
        # Hollow: transparent fill, the category colour moves to a thicker ring.
        dd = {
            "fillColor": f"CASE WHEN {built} THEN '{TRANSPARENT}' ELSE '{colour}' END",
            "outlineColor": f"CASE WHEN {built} THEN '{colour}' ELSE '{_OUTLINE}' END",
            "outlineWidth": f"CASE WHEN {built} THEN 0.8 ELSE 0.3 END",
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
            "customdash": SOLID_DASH,
            "customdash_unit": "MM",
        }
        # Planned dashed, proposed dotted: the schema's STATUS_STYLES, as on the web map.
        dd = {"customDash": dash_expression()}
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
        dd = {}  # polygons are context layers, always existing
    elem = ET.Element("layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    elem.append(_option_map(options))
    elem.append(_data_defined(dd))
    return elem


def _symbol(layer: Layer, name: str, colour: str) -> ET.Element:
    attrs = {"alpha": f"{layer.opacity:g}", "clip_to_extent": "1", "force_rhr": "0"}
    sym = ET.Element("symbol", {"type": symbol_type(layer), "name": name, **attrs})
    sym.append(_data_defined({}))
    sym.append(_symbol_layer(layer, colour))
    return sym


def renderer_element(layer: Layer) -> ET.Element:
    """
    The layer's ``renderer-v2`` element: categorised on the schema's style field.

    Parameters
    ----------
    layer
        A schema layer with a ``style_field``.
    """
    spec = layer.style
    if spec is None:
        msg = f"layer {layer.name!r} has no style_field to categorise on"
        raise ValueError(msg)
    renderer = ET.Element(
        "renderer-v2",
        {
            "type": RENDERER,
            "attr": spec.name,
            "symbollevels": "0",
            "forceraster": "0",
            "enableorderby": "0",
            "referencescale": "-1",
        },
    )
    cats = ET.SubElement(renderer, "categories")
    syms = ET.SubElement(renderer, "symbols")
    for n, cat in enumerate(spec.vocabulary):
        ET.SubElement(
            cats,
            "category",
            value=cat.value,
            symbol=str(n),
            label=category_label(cat),
            render="true",
        )
        syms.append(_symbol(layer, str(n), qgis_colour(cat.colour)))
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
        f"{not_yet} features are drawn dashed (lines) or hollow (points)."
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
