"""
The package in the real QGIS: the project opens, every layer is valid and styled, facts join.

One PyQGIS run (tests/qgis/inspect_export.py under Debian's /usr/bin/python3) opens the
exported shipped layers and reports everything as JSON; the tests below read that report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pyproj
import pytest
import shapely

from geo.export import (
    BASEMAP_ID,
    BOOKMARKS,
    ELLIPSOID,
    FACT_RELATION,
    GPKG_NAME,
    LINK_TABLE,
    PROJECT_NAME,
    THEMES,
    drawing_order,
    feature_relation,
    layer_id,
    write_exports,
)
from geo.join import facts_by_feature
from geo.layout import LAYOUT_NAME, PAGE
from geo.load import Dataset, read_dataset
from geo.metadata import constraint_names, described_tables
from geo.schema import (
    FACT_FEATURES,
    FACTS,
    GROUPS,
    LAYER_BY_NAME,
    LAYERS,
    NOT_YET_BUILT,
    PROVENANCE_BY_KEY,
    REGION_BOUNDS,
    SOURCES,
    STATUS_STYLE_BY_STATUS,
    Kind,
    Layer,
    Table,
)
from geo.styles import (
    RENDERER,
    Rule,
    category_label,
    dash_pattern,
    label_expression,
    legend_rules,
    symbol_type,
)
from tests.conftest import LAYERS as SHIPPED
from tests.conftest import ROOT, need

pytestmark = pytest.mark.qgis

QGIS_PYTHON = Path("/usr/bin/python3")
PYQGIS = Path("/usr/lib/python3/dist-packages/qgis")
SCRIPT = ROOT / "tests" / "qgis" / "inspect_export.py"
LAYER_IDS = [layer.name for layer in LAYERS]
TABLES = (FACTS.name, SOURCES.name, LINK_TABLE)
# REGION_BOUNDS as QGIS takes a rectangle: west, south, east, north.
REGION_VIEW = (REGION_BOUNDS[1], REGION_BOUNDS[0], REGION_BOUNDS[3], REGION_BOUNDS[2])


@pytest.fixture(scope="session")
def data() -> Dataset:
    return read_dataset(SHIPPED)


@pytest.fixture(scope="session")
def report(data: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What QGIS sees in the exported shipped layers, from one QGIS run."""
    need(QGIS_PYTHON.exists() and PYQGIS.is_dir(), f"PyQGIS is not installed at {PYQGIS}")
    built = tmp_path_factory.mktemp("qgis-build")
    write_exports(data, out_dir=built)
    # Move the project and GeoPackage away from where they were written: the project
    # must find the GeoPackage by its relative path.
    moved = tmp_path_factory.mktemp("qgis-moved")
    for name in (PROJECT_NAME, GPKG_NAME):
        shutil.move(built / name, moved / name)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(moved)}
    proc = subprocess.run(
        [
            str(QGIS_PYTHON),
            str(SCRIPT),
            str(moved / PROJECT_NAME),
            *map(repr, REGION_VIEW),
            str(moved / "layout.png"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=moved,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    result["folder"] = str(moved)
    return result


def project_layer(report: dict[str, Any], name: str) -> dict[str, Any]:
    return report["project"]["layers"][layer_id(name)]


def test_project_opens_with_every_layer_valid(report: dict[str, Any]) -> None:
    assert report["read"]
    layers = report["project"]["layers"]
    assert sorted(layers) == sorted([*(layer_id(n) for n in [*LAYER_IDS, *TABLES]), BASEMAP_ID])
    assert all(entry["valid"] for entry in layers.values()), layers


def test_project_finds_the_geopackage_by_relative_path(report: dict[str, Any]) -> None:
    gpkg = str(Path(report["folder"]) / GPKG_NAME)
    layers = report["project"]["layers"]
    sources = [entry["source"] for lid, entry in layers.items() if lid != BASEMAP_ID]
    assert all(s.startswith(f"{gpkg}|layername=") for s in sources), sources


def test_project_is_in_wgs84_and_opens_on_the_region(report: dict[str, Any]) -> None:
    project = report["project"]
    south, west, north, east = REGION_BOUNDS
    assert project["crs"] == "EPSG:4326"
    assert project["canvas_crs"] == "EPSG:4326"
    assert project["default_extent"] == [west, south, east, north]
    assert project["default_extent_crs"] == "EPSG:4326"
    assert project["canvas_centre"] == pytest.approx([(west + east) / 2, (south + north) / 2])


def test_layer_tree_is_grouped_like_the_web_map(report: dict[str, Any]) -> None:
    expected = [
        [
            f"{group.label_en} / {group.label_vi}",
            [[layer_id(la.name), la.visible] for la in LAYERS if la.group == group.value],
        ]
        for group in GROUPS
        if any(la.group == group.value for la in LAYERS)
    ]
    assert report["project"]["tree"] == expected


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_every_layer_has_the_source_feature_count(
    layer: Layer, report: dict[str, Any], data: Dataset
) -> None:
    count = len(data.features[layer.name])
    assert project_layer(report, layer.name)["features"] == count
    assert report["gpkg"][layer.name]["features"] == count


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_every_layer_is_wgs84(layer: Layer, report: dict[str, Any]) -> None:
    assert project_layer(report, layer.name)["crs"] == "EPSG:4326"
    assert report["gpkg"][layer.name]["crs"] == "EPSG:4326"


def as_read(pattern: str) -> str:
    """A dash pattern as QGIS reads it back: millimetres to three decimals."""
    return ";".join(f"{float(v):.3f}" for v in pattern.split(";"))


def expected_rule(layer: Layer, rule: Rule) -> list[Any]:
    """A rule as tests/qgis/inspect_export.py reports it, from the schema's styles."""
    look: dict[str, Any] | None = None
    if rule.colour is not None:
        kind = symbol_type(layer)
        style = rule.style
        look = {"symbol": rule.colour.lower(), "opacity": layer.opacity}
        if kind == "line":
            look["dash"] = as_read(dash_pattern(style.dash if style else ()))
        if kind == "marker":
            look["shape"] = layer.marker
            look["fill_alpha"] = 0 if style is not None and style.hollow else 255
    children = [expected_rule(layer, child) for child in rule.children]
    return [rule.label, rule.filter, look, children]


def expected_legend(layer: Layer) -> list[str]:
    labels = []
    for rule in legend_rules(layer):
        labels.append(rule.label)
        labels += [child.label for child in rule.children]
    return labels


def expected_style(layer: Layer) -> dict[str, Any]:
    return {
        "type": RENDERER,
        "rules": [expected_rule(layer, rule) for rule in legend_rules(layer)],
        "legend": expected_legend(layer),
        "labels": {"enabled": True, "field": label_expression(layer), "expression": True},
    }


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_geopackage_layer_opens_with_its_default_style(
    layer: Layer, report: dict[str, Any]
) -> None:
    assert report["gpkg"][layer.name]["valid"]
    assert report["gpkg"][layer.name]["style"] == expected_style(layer)


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_project_layer_has_the_same_style(layer: Layer, report: dict[str, Any]) -> None:
    assert project_layer(report, layer.name)["style"] == expected_style(layer)


@pytest.mark.parametrize(
    ("name", "looks"),
    [
        ("crossings", ("solid line", "dashed line", "dotted line")),
        ("corridor", ("solid line", "dashed line", "dotted line")),
        ("partnerships", ("solid line", "dashed line", "dotted line")),
        ("border_gates", ("filled pin", "hollow pin")),
        ("projects", ("filled pin", "hollow pin")),
    ],
)
def test_the_legend_explains_dashed_dotted_and_hollow(
    name: str, looks: tuple[str, ...], report: dict[str, Any]
) -> None:
    """Read back from QGIS: the legend nodes of the layer tree name each status's look."""
    for legend in (
        report["gpkg"][name]["style"]["legend"],
        project_layer(report, name)["style"]["legend"],
    ):
        for look in looks:
            assert any(look in label for label in legend), (look, legend)
        assert any(label.startswith("Planned: ") for label in legend)
        assert any(label.startswith("Proposed: ") for label in legend)


@pytest.mark.parametrize(
    "layer",
    [la for la in LAYERS if la.name in {"border_gates", "crossings"}],
    ids=lambda la: la.name,
)
def test_not_yet_built_features_are_dashed_or_hollow(
    layer: Layer, report: dict[str, Any], data: Dataset
) -> None:
    looks = report["gpkg"][layer.name]["looks"]
    statuses = {f["properties"]["id"]: f["properties"]["status"] for f in data.features[layer.name]}
    # The shipped layers have both kinds here, so the test sees each look.
    assert {s in NOT_YET_BUILT for s in statuses.values()} == {True, False}
    for fid, status in statuses.items():
        look = looks[fid]
        if layer.is_point:
            assert (look["fill_alpha"] == 0) == (status in NOT_YET_BUILT), fid
        else:
            assert look["dash"] == as_read(dash_pattern(STATUS_STYLE_BY_STATUS[status].dash)), fid


def test_facts_table_loads_with_every_fact(report: dict[str, Any], data: Dataset) -> None:
    assert report["gpkg"][FACTS.name]["valid"]
    assert not report["gpkg"][FACTS.name]["spatial"]
    assert report["gpkg"][FACTS.name]["features"] == len(data.facts)
    assert report["gpkg"][SOURCES.name]["features"] == len(data.sources)


def test_facts_join_to_their_features(report: dict[str, Any], data: Dataset) -> None:
    expected = {
        fid: sorted(f["id"] for f in facts) for fid, facts in facts_by_feature(data).items()
    }
    assert report["join"] == expected


def test_project_relations_lead_from_each_feature_to_its_facts(
    report: dict[str, Any], data: Dataset
) -> None:
    assert report["project"]["relations"]
    assert all(report["project"]["relations"].values()), report["project"]["relations"]
    expected = {
        fid: sorted(f["id"] for f in facts) for fid, facts in facts_by_feature(data).items()
    }
    found: dict[str, list[str]] = {}
    for name in LAYER_IDS:
        found.update(project_layer(report, name)["facts"])
    assert found == expected


def expected_label(props: dict[str, Any]) -> str:
    vi, en = props["name_vi"], props.get("name_en")
    return vi if not en or en == vi else f"{vi}\n{en}"


#: Layers whose pins carry the map: in the region view nearly every one must be labelled.
KEY_LAYERS = ("border_gates", "localities")


@pytest.mark.parametrize("where", ["labels_new_project", "labels_project"])
def test_labels_are_placed_by_the_default_engine(where: str, report: dict[str, Any]) -> None:
    labels = report[where]
    assert labels["engine"] == 1  # QgsLabelingEngineSettings.PlacementEngineVersion2
    for name in KEY_LAYERS:
        layer = labels["layers"][name]
        # Two gates 1.6 km apart at Lào Cai share one label's room at this scale.
        assert len(layer["placed"]) >= 2 / 3 * layer["in_view"], (name, layer)
    in_view = sum(la["in_view"] for la in labels["layers"].values())
    placed = sum(len(la["placed"]) for la in labels["layers"].values())
    assert placed >= 0.4 * in_view, labels


@pytest.mark.parametrize("where", ["labels_new_project", "labels_project"])
def test_labels_give_the_vietnamese_and_english_names(
    where: str, report: dict[str, Any], data: Dataset
) -> None:
    props = {fid: feat["properties"] for fid, (_, feat) in data.by_id().items()}
    placed = report[where]["layers"].values()
    texts = {fid: text for la in placed for fid, text in la["placed"].items()}
    assert texts
    assert {fid: expected_label(props[fid]) for fid in texts} == texts
    assert any("\n" in text for text in texts.values())


TABLE_SPECS: list[Layer | Table] = [*LAYERS, FACTS, SOURCES, FACT_FEATURES]


@pytest.mark.parametrize("spec", TABLE_SPECS, ids=lambda t: t.name)
def test_every_table_carries_its_metadata_into_qgis(
    spec: Layer | Table, report: dict[str, Any]
) -> None:
    md = report["gpkg"][spec.name]["metadata"]
    assert md["title"] == f"{spec.title_en} / {spec.title_vi}"
    assert md["abstract"] == spec.doc
    sources = [PROVENANCE_BY_KEY[k] for k in spec.provenance]
    assert md["licenses"] == [f"{p.title}: {p.licence}" for p in sources]
    assert md["rights"] == [p.attribution for p in sources]
    assert md["links"] == [p.url for p in sources if p.url]
    assert len(md["history"]) == 1 + len(sources)


def test_licences_name_geonames_natural_earth_and_the_county_areas(
    report: dict[str, Any],
) -> None:
    licences = {
        name: " ".join(entry["metadata"]["licenses"]) for name, entry in report["gpkg"].items()
    }
    assert "GeoNames" in licences["localities"]
    assert "CC BY 4.0" in licences["localities"]
    assert "Public domain" in licences["countries"]
    assert "MIT" in licences["partner_counties"]


@pytest.mark.parametrize("spec", TABLE_SPECS, ids=lambda t: t.name)
def test_every_column_has_its_title_and_description_in_qgis(
    spec: Layer | Table, report: dict[str, Any], data: Dataset
) -> None:
    columns = spec.fields if isinstance(spec, Layer) else spec.columns
    names = constraint_names(described_tables(data))
    for col in columns:
        title, description, constraint = report["data_columns"][f"{spec.name}.{col.name}"]
        assert title == col.title
        assert description.startswith(col.doc)
        assert constraint == names.get((spec.name, col.name))


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_vocabularies_open_as_value_maps_with_their_labels(
    layer: Layer, report: dict[str, Any]
) -> None:
    widgets = report["gpkg"][layer.name]["metadata"]["widgets"]
    for spec in layer.fields:
        if not spec.vocabulary or spec.kind is Kind.TEXT_LIST:
            continue
        kind, entries = widgets[spec.name]
        assert kind == "ValueMap", spec.name
        got = {value: label for entry in entries for label, value in entry.items()}
        assert got == {c.value: category_label(c) for c in spec.vocabulary}


FORM_FEATURES = ("lao-cai-province", "yunnan-province", "kim-thanh-gate")


@pytest.mark.parametrize("fid", FORM_FEATURES)
def test_a_features_form_lists_its_facts_statements(
    fid: str, report: dict[str, Any], data: Dataset
) -> None:
    layer, _ = data.by_id()[fid]
    facts = facts_by_feature(data)[fid]
    form = report["forms"][fid]
    assert form["tabs"] == ["Feature / Đối tượng", "Facts / Dữ kiện"]
    [editor] = form["editors"]
    assert (editor["relation"], editor["nm"]) == (feature_relation(layer), FACT_RELATION)
    # The many-to-many editor lists the facts themselves, one row each.
    [rows] = [
        rows
        for rows in editor["lists"]
        if rows and all(any(f["statement_en"] in r for r in rows) for f in facts)
    ]
    assert len(rows) == len(facts)
    for fact in facts:
        [row] = [r for r in rows if fact["statement_en"] in r]
        assert fact["statement_vi"] in row
        assert row.startswith("–" if fact["year"] is None else str(fact["year"])), row
        if fact["value"] is not None:
            assert f" {fact['unit']}]" in row, row


def test_opening_forms_logs_nothing(report: dict[str, Any]) -> None:
    assert report["forms"]["messages"] == []


def test_project_measures_on_the_wgs84_ellipsoid(report: dict[str, Any], data: Dataset) -> None:
    geod = pyproj.Geod(ellps="WGS84")
    expected_km = sum(
        geod.geometry_length(shapely.geometry.shape(f["geometry"])) / 1000
        for f in data.features["border"]
    )
    assert report["measure"]["ellipsoid"] == ELLIPSOID
    assert report["measure"]["distance_units"] == "kilometers"
    assert report["measure"]["border_length"] == pytest.approx(expected_km, rel=1e-4)


def test_planned_lines_are_dashed_and_proposed_dotted(
    report: dict[str, Any], data: Dataset
) -> None:
    # Drawn by QGIS one at a time: how much of its length each line inks.
    status = {fid: feat["properties"]["status"] for fid, (_, feat) in data.by_id().items()}
    by_status: dict[str, list[float]] = {}
    for inks in report["ink"].values():
        for fid, ink in inks.items():
            by_status.setdefault(status[fid], []).append(ink)
    assert set(by_status) == {"existing", "planned", "proposed"}
    assert min(by_status["existing"]) > max(by_status["planned"]) + 0.1, by_status
    assert min(by_status["planned"]) > max(by_status["proposed"]) + 0.1, by_status


def test_point_layers_differ_in_shape(report: dict[str, Any]) -> None:
    shapes = {
        layer.name: {look["shape"] for look in report["gpkg"][layer.name]["looks"].values()}
        for layer in LAYERS
        if layer.is_point
    }
    assert all(len(s) == 1 for s in shapes.values()), shapes
    assert len({next(iter(s)) for s in shapes.values()}) == len(shapes), shapes
    assert shapes == {la.name: {la.marker} for la in LAYERS if la.is_point}


def test_partnership_lines_are_lighter_than_the_pins(report: dict[str, Any]) -> None:
    opacity = {
        name: {look["opacity"] for look in report["gpkg"][name]["looks"].values()}
        for name in ("partnerships", "border_gates", "localities")
    }
    assert max(opacity["partnerships"]) < 1
    assert opacity["border_gates"] == opacity["localities"] == {1.0}


def test_layers_draw_points_over_lines_over_areas(report: dict[str, Any]) -> None:
    order = report["project"]["order"]
    assert order == [*(layer_id(la.name) for la in drawing_order()), BASEMAP_ID]
    kinds = [symbol_type(LAYER_BY_NAME[lid.removeprefix("border_atlas_")]) for lid in order[:-1]]
    assert kinds == sorted(kinds, key=["marker", "line", "fill"].index)
    assert order.index(layer_id("partnerships")) > order.index(layer_id("crossings"))


def test_basemap_is_there_but_off(report: dict[str, Any]) -> None:
    basemap = report["project"]["layers"][BASEMAP_ID]
    assert basemap["provider"] == "wms"
    assert "tile.openstreetmap.org" in basemap["source"]
    assert BASEMAP_ID not in report["project"]["visible"]


def test_map_themes_show_their_layers(report: dict[str, Any]) -> None:
    themes = report["project"]["themes"]
    assert themes == {name: sorted(layer_id(n) for n in names) for name, names in THEMES.items()}


def test_bookmarks_frame_each_province(report: dict[str, Any], data: Dataset) -> None:
    marks = report["project"]["bookmarks"]
    assert sorted(marks) == sorted(BOOKMARKS)
    for name, province in BOOKMARKS.items():
        if province is None:
            continue
        west, south, east, north = marks[name]
        lon, lat = data.by_id()[province][1]["geometry"]["coordinates"]
        assert west < lon < east, name
        assert south < lat < north, name
        assert east - west < 3, name  # a province, not the region
        assert north - south < 3, name


def test_print_layout_exports_a_png(report: dict[str, Any]) -> None:
    layout = report["layout"]
    assert layout["layouts"] == [LAYOUT_NAME]
    assert layout["result"] == 0  # QgsLayoutExporter.Success
    dpi = 100
    assert layout["size"] == pytest.approx([PAGE[0] / 25.4 * dpi, PAGE[1] / 25.4 * dpi], abs=1)
    kinds = {kind for _, kind in layout["items"]}
    assert {
        "QgsLayoutItemMap",
        "QgsLayoutItemLegend",
        "QgsLayoutItemScaleBar",
        "QgsLayoutItemPicture",
        "QgsLayoutItemLabel",
    } <= kinds
    ids = {item_id for item_id, _ in layout["items"]}
    assert {"title", "map", "legend", "scale bar", "north arrow", "attribution"} <= ids
    assert layout["inked"] > 0.02, layout["inked"]
    assert set(layout["legend_layers"]) >= {
        la.title_en + " / " + la.title_vi for la in LAYERS if la.visible
    }


def test_the_print_layouts_items_lie_on_the_page_apart(report: dict[str, Any]) -> None:
    # A north arrow or a key drawn over the map hides what the map shows there.
    rects = report["layout"]["rects"]
    for item_id, (x, y, w, h) in rects.items():
        assert 0 <= x <= x + w <= PAGE[0], item_id
        assert 0 <= y <= y + h <= PAGE[1], item_id
    names = sorted(rects)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ax, ay, aw, ah = rects[a]
            bx, by, bw, bh = rects[b]
            apart = ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
            assert apart, f"{a} {rects[a]} overlaps {b} {rects[b]}"


def test_the_print_layouts_legend_fits_its_frame(report: dict[str, Any]) -> None:
    # QGIS cuts off what does not fit: the last layers would go missing from the print.
    width, height = report["layout"]["legend_content"]
    frame = report["layout"]["rects"]["legend"]
    assert width <= frame[2], (width, frame)
    assert height <= frame[3], (height, frame)


def test_the_print_layouts_legend_names_the_status_looks(report: dict[str, Any]) -> None:
    """The exported layout's legend, filtered to the map, says what dashed and hollow mean."""
    labels = report["layout"]["legend_labels"]
    for look in ("dashed line", "dotted line", "hollow pin", "solid line", "filled pin"):
        assert any(look in label for label in labels if isinstance(label, str)), (look, labels)
