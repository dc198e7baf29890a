"""
Copy the reference geodata the project needs from ``../shared/reference`` into ``layers/``.

Run once by a maintainer (``python scripts/import_reference.py``); the build never reads
``../shared``. Writes ``layers/countries.geojson`` (Natural Earth VN, CN, LA) and
``layers/border.geojson`` (the shared edge of Vietnam and China).
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


def main() -> None:
    data = json.loads((REF / "ne_10m_countries_vn_cn_la.geojson").read_text("utf-8"))
    polys = {}
    features = []
    for feat in data["features"]:
        iso = feat["properties"]["iso_a2"]
        geom = shapely.make_valid(shape(feat["geometry"]))
        geom = shapely.make_valid(
            shape(
                {"type": geom.geom_type, "coordinates": round_coords(mapping(geom)["coordinates"])}
            )
        )
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
                    "attribution": NE,
                    "iso_a2": iso,
                },
                "geometry": mapping(geom),
            }
        )
    write_collection(
        ROOT / "layers" / "countries.geojson",
        features,
        name="countries",
        field_order=LAYER_BY_NAME["countries"].field_names,
    )
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
            "attribution": NE,
            "kind": "land_boundary",
        },
        "geometry": mapping(edge),
    }
    write_collection(
        ROOT / "layers" / "border.geojson",
        [border],
        name="border",
        field_order=LAYER_BY_NAME["border"].field_names,
    )


if __name__ == "__main__":
    main()
