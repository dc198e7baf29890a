"""
The QGIS project's print layout: an A4 landscape map of the border region.

``layout_element`` writes the ``Layout`` element of the project: a title, the map of
``REGION_BOUNDS``, its legend, a scale bar in kilometres, a north arrow, a key to the
status styles (from ``geo.schema.STATUSES``) and the attribution (from
``geo.schema.PROVENANCE``). QGIS fills in every setting not written here with its own
default; ``tests/qgis`` opens the layout in the real QGIS and exports it to PNG.
"""

from __future__ import annotations

from typing import Final
from xml.etree import ElementTree as ET

from geo.schema import NOT_YET_BUILT, PROVENANCE, REGION_BOUNDS, STATUSES

#: Name of the layout in the project.
LAYOUT_NAME: Final = "Border Atlas – region / vùng biên giới"

#: Page size (A4 landscape) and margins, in millimetres.
PAGE: Final = (297.0, 210.0)
MARGIN: Final = 10.0
MAP_WIDTH: Final = 185.0

# QgsLayoutItemRegistry item types.
_PAGE, _MAP, _PICTURE, _LABEL, _LEGEND, _SCALEBAR = 65638, 65639, 65640, 65641, 65642, 65646

_FONT: Final = "DejaVu Sans"


def _uuid(n: int) -> str:
    # Fixed ids, so that the project is byte-identical from one build to the next.
    return f"{{00000000-0000-4000-8000-{n:012d}}}"


def map_size() -> tuple[float, float]:
    """Width and height of the map item: ``REGION_BOUNDS`` in plate carrée proportions."""
    south, west, north, east = REGION_BOUNDS
    return MAP_WIDTH, round(MAP_WIDTH * (north - south) / (east - west), 3)


def status_key() -> str:
    """The key to the status styles, in English and Vietnamese, from the schema."""
    looks = {"planned": "dashed line / hollow pin", "proposed": "dotted line / hollow pin"}
    parts = [
        f"{c.label_en} ({c.label_vi}): {looks.get(c.value, 'solid')}"
        for c in STATUSES
        if c.value in NOT_YET_BUILT or c.value == "existing"
    ]
    return "Status / Tình trạng — " + "; ".join(parts)


def attribution_text() -> str:
    """The credits every source asks for, on one line."""
    return "Sources: " + " · ".join(p.attribution for p in PROVENANCE) + "."


def _item(
    parent: ET.Element,
    kind: int,
    n: int,
    *,
    item_id: str,
    position: tuple[float, float],
    size: tuple[float, float],
    background: bool = False,
    **attrs: str,
) -> ET.Element:
    x, y = position
    w, h = size
    elem = ET.SubElement(
        parent,
        "LayoutItem",
        {
            "type": str(kind),
            "uuid": _uuid(n),
            "templateUuid": _uuid(n),
            "id": item_id,
            "position": f"{x:g},{y:g},mm",
            "positionOnPage": f"{x:g},{y:g},mm",
            "size": f"{w:g},{h:g},mm",
            "zValue": str(n),
            "frame": "false",
            "background": "true" if background else "false",
            "visibility": "1",
            "opacity": "1",
            **attrs,
        },
    )
    ET.SubElement(elem, "FrameColor", red="0", green="0", blue="0", alpha="255")
    ET.SubElement(elem, "BackgroundColor", red="255", green="255", blue="255", alpha="255")
    return elem


def _label(
    parent: ET.Element,
    n: int,
    *,
    item_id: str,
    text: str,
    position: tuple[float, float],
    size: tuple[float, float],
    points: int,
    bold: bool = False,
) -> None:
    elem = _item(
        parent,
        _LABEL,
        n,
        item_id=item_id,
        position=position,
        size=size,
        labelText=text,
        htmlState="0",
        halign="1",  # Qt::AlignLeft
        valign="32",  # Qt::AlignTop
        marginX="0",
        marginY="0",
    )
    weight = "75" if bold else "50"
    ET.SubElement(
        elem, "LabelFont", description=f"{_FONT},{points},-1,5,{weight},0,0,0,0,0", style=""
    )
    ET.SubElement(elem, "FontColor", red="40", green="40", blue="40", alpha="255")


def layout_element(*, title: str, crs: ET.Element) -> ET.Element:
    """
    The ``Layout`` element of the project's print layout.

    Parameters
    ----------
    title
        The map's title.
    crs
        A ``spatialrefsys`` element for the map item (EPSG:4326).
    """
    layout = ET.Element(
        "Layout", name=LAYOUT_NAME, units="mm", printResolution="150", worldFileMap=""
    )
    pages = ET.SubElement(layout, "PageCollection")
    _item(pages, _PAGE, 0, item_id="", position=(0, 0), size=PAGE, background=True)
    ET.SubElement(pages, "GuideCollection", visible="1")

    width, height = map_size()
    top = MARGIN + 12
    _label(
        layout,
        1,
        item_id="title",
        text=title,
        position=(MARGIN, MARGIN - 2),
        size=(PAGE[0] - 2 * MARGIN, 10),
        points=16,
        bold=True,
    )
    south, west, north, east = REGION_BOUNDS
    map_item = _item(
        layout,
        _MAP,
        2,
        item_id="map",
        position=(MARGIN, top),
        size=(width, height),
        background=True,
        keepLayerSet="false",
        followPreset="false",
        followPresetName="",
        drawCanvasItems="true",
        mapRotation="0",
        mapFlags="0",
        labelMargin="0,mm",
        isTemporal="0",
    )
    map_item.set("frame", "true")
    ET.SubElement(
        map_item, "Extent", xmin=repr(west), ymin=repr(south), xmax=repr(east), ymax=repr(north)
    )
    map_crs = ET.SubElement(map_item, "crs")
    map_crs.append(crs)
    ET.SubElement(map_item, "LayerSet")
    ET.SubElement(map_item, "AtlasMap", atlasDriven="0", scalingMode="2", margin="0.1")

    legend_x = MARGIN + width + 5
    legend = _item(
        layout,
        _LEGEND,
        3,
        item_id="legend",
        position=(legend_x, top),
        size=(PAGE[0] - legend_x - MARGIN, PAGE[1] - top - MARGIN + 4),
        background=True,
        title="Legend / Chú giải",
        map_uuid=_uuid(2),
        resizeToContents="0",
        legendFilterByMap="1",
        symbolWidth="5",
        symbolHeight="2.5",
        columnCount="1",
        boxSpace="1",
        wrapChar="",
        fontColor="#282828",
    )
    styles = ET.SubElement(legend, "styles")
    # Margins in mm. QGIS measures a legend line by its capitals' height, so lines set
    # closer than about a millimetre apart run their descenders into the next line; and
    # a label needs room after a line symbol, which is drawn the symbol's full width.
    for style, points, above, below, before in (
        ("title", 10, "2", "0", "0"),
        ("group", 8, "2", "0", "0"),
        ("subgroup", 7, "1.2", "0.5", "0"),
        ("symbol", 5.5, "0.9", "0", "0"),
        ("symbolLabel", 5.5, "0.9", "0", "1.5"),
    ):
        elem = ET.SubElement(
            styles,
            "style",
            name=style,
            marginTop=above,
            marginBottom=below,
            marginLeft=before,
            alignment="1",
        )
        weight = "75" if style in {"title", "group"} else "50"
        ET.SubElement(
            elem, "styleFont", description=f"{_FONT},{points},-1,5,{weight},0,0,0,0,0", style=""
        )
    scale_bar = _item(
        layout,
        _SCALEBAR,
        4,
        item_id="scale bar",
        position=(MARGIN + 2, top + height + 3),
        size=(60, 10),
        mapUuid=_uuid(2),
        style="Single Box",
        unitType="km",
        unitLabel="km",
        numMapUnitsPerScaleBarUnit="1",
        numUnitsPerSegment="25",
        numSegments="2",
        numSegmentsLeft="0",
        numSubdivisions="1",
        segmentSizeMode="0",
        height="2",
        alignment="0",
        labelBarSpace="1.5",
        boxContentSpace="0.5",
        outlineWidth="0.3",
    )
    ET.SubElement(
        scale_bar,
        "text-style",
        fontFamily=_FONT,
        namedStyle="Regular",
        fontSize="7",
        fontSizeUnit="Point",
        fontWeight="50",
        textColor="40,40,40,255",
        textOpacity="1",
        multilineHeight="1",
    )
    ET.SubElement(scale_bar, "fillColor", red="40", green="40", blue="40", alpha="255")
    ET.SubElement(scale_bar, "fillColor2", red="255", green="255", blue="255", alpha="255")
    ET.SubElement(scale_bar, "strokeColor", red="40", green="40", blue="40", alpha="255")
    _item(
        layout,
        _PICTURE,
        5,
        item_id="north arrow",
        # Below the map, between the scale bar and the key: inside the frame it would
        # cover whatever the map draws in that corner.
        position=(MARGIN + 64, top + height + 2),
        size=(10, 12),
        file=":/images/north_arrows/layout_default_north_arrow.svg",
        mode="2",  # SVG
        resizeMode="0",
        anchorPoint="0",
        northMode="0",
        northOffset="0",
        mapUuid=_uuid(2),
        pictureRotation="0",
        svgFillColor="255,255,255,255",
        svgBorderColor="0,0,0,255",
        svgBorderWidth="0.2",
    )
    _label(
        layout,
        6,
        item_id="status key",
        text=status_key(),
        position=(MARGIN + 77, top + height + 3),
        size=(width - 77, 12),
        points=7,
    )
    _label(
        layout,
        7,
        item_id="attribution",
        text=attribution_text(),
        position=(MARGIN, top + height + 16),
        size=(width, 12),
        points=6,
    )
    return layout
