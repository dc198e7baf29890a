"""
The offline basemap covers the world and the map names its countries and main places.
"""

from __future__ import annotations

from typing import Any

import pytest
import shapely
from shapely.geometry import shape

from geo.basemap import WORLD_SOURCE, labels, world, world_payload
from geo.load import read_dataset
from geo.render import OFFLINE_ATTRIBUTION
from tests.conftest import LAYERS
from tests.scripts import script


@pytest.fixture(scope="module")
def features() -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = read_dataset(LAYERS).features
    return result


def test_the_world_file_says_where_it_comes_from() -> None:
    data = world()
    assert data["source"] == WORLD_SOURCE
    assert "Natural Earth 1:110m" in data["source"]
    assert "world-atlas@2.0.2" in data["source"]
    assert len(data["source_sha256"]) == 64
    assert len(data["features"]) > 150


def test_every_partner_abroad_sits_on_the_worlds_land(
    features: dict[str, list[dict[str, Any]]],
) -> None:
    land = shapely.unary_union([shape(f["geometry"]) for f in world_payload()["features"]])
    abroad = [
        f
        for f in features["localities"]
        if f["geometry"] and not set(f["properties"]["country"]) <= {"VN", "CN", "LA"}
    ]
    assert {"aquitaine", "victoria", "moriya"} <= {f["properties"]["id"] for f in abroad}
    for f in abroad:
        # 1:110m coasts are coarse: a coastal seat may lie a few km off them
        point = shape(f["geometry"])
        assert land.distance(point) < 0.2, f["properties"]["id"]


def test_the_world_leaves_vietnam_china_and_laos_to_the_detailed_layer(
    features: dict[str, list[dict[str, Any]]],
) -> None:
    land = shapely.unary_union([shape(f["geometry"]) for f in world_payload()["features"]])
    for f in features["localities"]:
        if f["properties"]["id"] in {"lao-cai-city", "hekou", "hanoi", "kunming"}:
            assert not land.contains(shape(f["geometry"])), f["properties"]["id"]
    # and no edge runs across the whole map (polygons are cut at the antimeridian)
    for f in world_payload()["features"]:
        west, _, east, _ = shape(f["geometry"]).bounds
        assert -180 <= west <= east <= 180


def test_labels_name_the_countries_provinces_gate_towns_kunming_and_hanoi(
    features: dict[str, list[dict[str, Any]]],
) -> None:
    found = labels(layers=features)
    names = {lab["name_en"] for lab in found}
    assert {"Vietnam", "China", "France", "Australia", "Japan"} <= names
    ids = {lab.get("id") for lab in found}
    assert {"lao-cai-province", "ha-giang-province", "kunming", "hanoi"} <= ids
    assert {"hekou", "lao-cai-city"} <= ids  # gate towns
    assert "aquitaine" not in ids  # partners abroad are named by their country
    assert [lab["rank"] for lab in found] == sorted(lab["rank"] for lab in found)
    # Vietnam's and China's names sit inside their own country, in the border region
    polygons = {f["properties"]["name_en"]: shape(f["geometry"]) for f in features["countries"]}
    for lab in found:
        if lab["name_en"] in polygons:
            lat, lng = lab["at"]
            assert polygons[lab["name_en"]].contains(shapely.Point(lng, lat)), lab


def test_the_offline_credit_names_both_scales() -> None:
    assert "Natural Earth" in OFFLINE_ATTRIBUTION
    assert "1:10m" in OFFLINE_ATTRIBUTION
    assert "1:110m" in OFFLINE_ATTRIBUTION


def test_the_committed_world_is_rounded_to_a_hundredth_of_a_degree() -> None:
    for f in world()["features"]:
        coords = shapely.get_coordinates(shape(f["geometry"]))
        assert ((coords * 100).round(6) % 1 == 0).all(), f["properties"]["name"]


def test_the_import_decodes_topojson_and_cuts_polygons_at_the_antimeridian() -> None:
    # Two squares in a quantised, delta-encoded topology: one sharing an arc with
    # another (reversed, ~0), one across the antimeridian (170°E to 170°W).
    topo = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [
            [[10, 10], [0, 10]],  # (10,10) → (10,20)
            [[10, 20], [-10, 0], [0, -10], [10, 0]],  # (10,20) → (0,20) → (0,10) → (10,10)
            [[170, 0], [20, 0], [0, 10], [-20, 0], [0, -10]],  # 170 → 190 (= -170)
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "001", "properties": {"name": "A"}, "arcs": [[0, 1]]},
                    {
                        "type": "Polygon",
                        "id": "704",
                        "properties": {"name": "VN"},
                        "arcs": [[~1, ~0]],
                    },
                    {"type": "Polygon", "id": "242", "properties": {"name": "F"}, "arcs": [[2]]},
                ],
            }
        },
    }
    # the crossing square as world-atlas stores it: longitudes wrapped to -180…180
    topo["arcs"][2] = [[170, 0], [-340, 0], [0, 10], [340, 0], [0, -10]]
    feats = {f["properties"]["name"]: f for f in script("import_basemap").world_features(topo)}
    assert set(feats) == {"A", "F"}  # Vietnam is drawn from the detailed layer
    assert shape(feats["A"]["geometry"]).equals(shapely.box(0, 10, 10, 20))
    assert feats["A"]["properties"]["label"] == [15.0, 5.0]
    fiji = shape(feats["F"]["geometry"])
    assert fiji.geom_type == "MultiPolygon"
    assert fiji.bounds == (-180.0, 0.0, 180.0, 10.0)
    assert fiji.area == pytest.approx(200)
