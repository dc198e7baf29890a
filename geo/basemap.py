"""
The offline basemap's world and the map's labels.

The world at low detail (Natural Earth 1:110m, ``geo/assets/world_110m.json``, written
once by ``scripts/import_basemap.py``) is drawn under Vietnam, China and Laos (1:10m,
``layers/countries.geojson``) when tiles do not load, so that partners abroad sit on
land. The labels (country names, provinces, the gate towns, Kunming, Hà Nội) are drawn
over any basemap, readable at the first zoom without hovering.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import box, shape

from geo.schema import REGION_BOUNDS

WORLD_FILE: Final = Path(__file__).resolve().parent / "assets" / "world_110m.json"

#: Where the world comes from, as the committed file and the attribution say.
WORLD_SOURCE: Final = (
    "Natural Earth 1:110m Admin 0 Countries (public domain), via the npm package "
    "world-atlas@2.0.2 (ISC), countries-110m.json; Vietnam, China and Laos left out "
    "(drawn at 1:10m), simplified to 0.1° and rounded to 0.01°"
)

#: Names of the countries labelled on the world (ISO 3166-1 numeric → Vietnamese,
#: English): those of the partners abroad and Vietnam's other neighbours.
COUNTRY_NAMES: Final = {
    "036": ("Úc", "Australia"),
    "104": ("Myanmar", "Myanmar"),
    "112": ("Belarus", "Belarus"),
    "116": ("Campuchia", "Cambodia"),
    "250": ("Pháp", "France"),
    "392": ("Nhật Bản", "Japan"),
    "410": ("Hàn Quốc", "South Korea"),
    "608": ("Philippines", "Philippines"),
    "643": ("Nga", "Russia"),
    "764": ("Thái Lan", "Thailand"),
}

#: A locality this close to a border gate is a gate town (Lào Cai, Hà Khẩu …).
GATE_TOWN_KM: Final = 5.0

#: Label ranks: where labels collide, the lower rank is drawn.
RANK_COUNTRY: Final = 0
RANK_CORRIDOR: Final = 1  # the economic corridor's cities: Kunming, Lào Cai, Hà Nội …
RANK_PROVINCE: Final = 2
RANK_TOWN: Final = 3


@cache
def world() -> dict[str, Any]:
    """The committed world basemap (a GeoJSON FeatureCollection with its source)."""
    data: dict[str, Any] = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    return data


def _km(a: list[float], b: list[float]) -> float:
    """Rough distance in km of two [lng, lat] points a few km apart."""
    dx = (a[0] - b[0]) * 111.32 * math.cos(math.radians((a[1] + b[1]) / 2))
    dy = (a[1] - b[1]) * 110.57
    return math.hypot(dx, dy)


def _clear_spot(area: shapely.Geometry, pins: shapely.STRtree | None) -> shapely.Point:
    """
    The point of a 24×24 grid over ``area``, 0.15° inside it, farthest from every pin.

    ``pins`` is a tree of the pins (None where there are none): each grid point's
    distance to its nearest pin is its distance to them all.
    """
    west, south, east, north = area.bounds
    core = area.buffer(-0.15)  # keep the name off the border
    steps = np.arange(1, 24) / 24
    xs, ys = np.meshgrid(west + (east - west) * steps, south + (north - south) * steps)
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(core, xs, ys) if not core.is_empty else np.zeros(0, bool)
    if not inside.any():
        return area.point_on_surface()
    points = shapely.points(xs[inside], ys[inside])
    if pins is None:
        return points[0]
    (spot, _), distance = pins.query_nearest(points, return_distance=True, all_matches=False)
    # query_nearest lists the grid points in order, each once (all_matches=False)
    best: shapely.Point = points[spot[int(np.argmax(distance))]]
    return best


def labels(*, layers: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """
    The map's labels: ``{name_vi, name_en, at: [lat, lng], rank, kind}``, in rank order.

    Countries: Vietnam, China and Laos at a point inside their part of the border
    region (so their names are on screen at the first zoom), the others of
    :data:`COUNTRY_NAMES` at the point of the world file. Places: the economic
    corridor's cities (Kunming, Lào Cai, Hà Nội, Hải Phòng, Quảng Ninh) first, then the
    provinces and cities of Vietnam and China among the localities, and the gate towns.

    Parameters
    ----------
    layers
        Features of every layer, by layer name.

    Returns
    -------
    The labels, countries first.
    """
    out: list[dict[str, Any]] = []
    # Made in one call from an array, in a tree for the nearest; only x and y count here.
    xy = [
        f["geometry"]["coordinates"][:2]
        for name in ("border_gates", "localities", "projects")
        for f in layers.get(name, [])
        if f.get("geometry")
    ]
    pins = shapely.STRtree(shapely.points(np.array(xy, dtype=float))) if xy else None
    south, west, north, east = REGION_BOUNDS
    region = box(west, south, east, north)
    for feat in layers.get("countries", []):
        p = feat["properties"]
        if not feat.get("geometry"):
            continue
        part = shapely.make_valid(shape(feat["geometry"])).intersection(region)
        if part.is_empty:
            continue
        # Away from the edges of the first view, where the map's controls sit (the
        # layers and the legend take the right quarter of a desktop screen).
        width, height = east - west, north - south
        clear = box(
            west + 0.25 * width, south + 0.2 * height, west + 0.68 * width, north - 0.2 * height
        )
        inner = part.intersection(clear)
        part = inner if not inner.is_empty else part
        at = _clear_spot(part, pins)
        out.append(
            {
                "name_vi": p["name_vi"],
                "name_en": p["name_en"],
                "at": [round(at.y, 3), round(at.x, 3)],
                "rank": RANK_COUNTRY,
                "kind": "country",
            }
        )
    for feat in world()["features"]:
        p = feat["properties"]
        if p["id"] in COUNTRY_NAMES:
            vi, en = COUNTRY_NAMES[p["id"]]
            out.append(
                {
                    "name_vi": vi,
                    "name_en": en,
                    "at": p["label"],
                    "rank": RANK_COUNTRY,
                    "kind": "country",
                }
            )
    # in the corridor's order: Kunming, Lào Cai, Hà Nội, Hải Phòng, Quảng Ninh
    corridor = {
        i: k
        for f in layers.get("corridor", [])
        for k, i in enumerate(f["properties"].get("via") or [])
    }
    gates = [
        f["geometry"]["coordinates"] for f in layers.get("border_gates", []) if f.get("geometry")
    ]
    for feat in layers.get("localities", []):
        p = feat["properties"]
        geom = feat.get("geometry")
        if not geom or not set(p.get("country") or []) <= {"VN", "CN"}:
            continue
        xy = geom["coordinates"]
        gate_town = any(_km(xy, g) <= GATE_TOWN_KM for g in gates)
        if p["id"] in corridor:
            rank = RANK_CORRIDOR
        elif p.get("level") == "province":
            rank = RANK_PROVINCE
        elif p.get("level") == "city" or gate_town:
            rank = RANK_TOWN
        else:
            continue
        out.append(
            {
                "name_vi": p["name_vi"],
                "name_en": p["name_en"],
                "at": [xy[1], xy[0]],
                "rank": rank,
                "kind": "place",
                "id": p["id"],
            }
        )
    return sorted(
        out, key=lambda lab: (lab["rank"], corridor.get(lab.get("id", ""), 0), lab["name_en"])
    )


def world_payload() -> dict[str, Any]:
    """The world's countries for the map's ``map/basemap.js``: geometry only."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": f["geometry"]}
            for f in world()["features"]
        ],
    }
