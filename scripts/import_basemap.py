"""
Write the offline basemap of the whole world, ``geo/assets/world_110m.json``.

Run once by a maintainer, with the file ``countries-110m.json`` of the npm package
world-atlas@2.0.2 (Natural Earth 1:110m Admin 0 Countries, public domain; the package
is ISC-licensed)::

    npm pack world-atlas@2.0.2 && tar -xzf world-atlas-2.0.2.tgz
    python scripts/import_basemap.py package/countries-110m.json

The TopoJSON is decoded here (no extra dependency), Vietnam, China and Laos are left
out (the map draws them from ``layers/countries.geojson``, at 1:10m) and so is Antarctica,
polygons across the antimeridian are cut there, coordinates are
simplified to 0.1° (about 10 km) and rounded to 0.01°, and each country gets a label point
(shapely's point on surface of its largest part). The build never fetches anything:
it reads the committed file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import click
import shapely
import shapely.affinity
from shapely.geometry import box, mapping

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo._geojson import round_coords  # noqa: E402
from geo.basemap import WORLD_FILE, WORLD_SOURCE  # noqa: E402

#: Drawn from layers/countries.geojson at 1:10m instead.
DETAILED = {"156", "418", "704"}  # China, Laos, Vietnam (ISO 3166-1 numeric)
#: Left out: Antarctica, whose ring runs along the antimeridian and the map's bottom.
LEFT_OUT = {"010"}
#: Tolerance of the simplification, in degrees (about 10 km: a world at low detail).
SIMPLIFY_DEG = 0.1


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs, un-delta-encoded and un-quantised."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts if not ring else pts[1:])
    return ring


def _unwrapped(rings: list[list[tuple[float, float]]]) -> shapely.Geometry:
    """
    A polygon that crosses the antimeridian (Russia's Chukotka, Fiji), cut there.

    Its western longitudes are moved by +360° so that the rings are continuous, then
    the part east of 180° is moved back: no edge runs across the whole map.
    """
    jumps = any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(rings[0]))
    if not jumps:
        return shapely.make_valid(shapely.Polygon(rings[0], rings[1:]))
    moved = [[(x + 360 if x < 0 else x, y) for x, y in ring] for ring in rings]
    poly = shapely.make_valid(shapely.Polygon(moved[0], moved[1:]))
    west = poly.intersection(box(-180, -90, 180, 90))
    east = shapely.affinity.translate(poly.intersection(box(180, -90, 540, 90)), xoff=-360)
    return shapely.unary_union([west, east])


def world_features(topo: dict[str, Any]) -> list[dict[str, Any]]:
    """
    The countries of a world-atlas TopoJSON as GeoJSON features, minus the detailed ones.

    Parameters
    ----------
    topo
        The parsed ``countries-110m.json``.

    Returns
    -------
    Features with ``id`` (ISO numeric), ``name`` and ``label`` ([lat, lng]).
    """
    arcs = _arcs(topo)
    feats = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if (
            geom.get("type") not in {"Polygon", "MultiPolygon"}
            or geom.get("id") in DETAILED | LEFT_OUT
        ):
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        parts = [_unwrapped([_ring(r, arcs) for r in poly]) for poly in polys]
        multi = shapely.make_valid(shapely.unary_union(parts))
        multi = multi.simplify(SIMPLIFY_DEG, preserve_topology=True)
        biggest = max(getattr(multi, "geoms", [multi]), key=lambda g: g.area)
        label = biggest.point_on_surface()
        # as lists (shapely gives tuples), which round_coords rounds
        coords = round_coords(json.loads(json.dumps(mapping(multi)["coordinates"])), decimals=2)
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "id": geom.get("id"),
                    "name": geom["properties"]["name"],
                    "label": [round(label.y, 2), round(label.x, 2)],
                },
                "geometry": {"type": multi.geom_type, "coordinates": coords},
            }
        )
    return sorted(feats, key=lambda f: str(f["properties"]["id"]))


@click.command()
@click.argument("topojson", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def main(topojson: Path) -> None:
    """Convert TOPOJSON (world-atlas countries-110m.json) into the committed basemap."""
    raw = topojson.read_bytes()
    feats = world_features(json.loads(raw))
    out = {
        "type": "FeatureCollection",
        "source": WORLD_SOURCE,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "features": feats,
    }
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    WORLD_FILE.write_text(text + "\n", encoding="utf-8")
    click.echo(f"Wrote {len(feats)} countries to {WORLD_FILE} ({len(text) // 1024} KiB).")


if __name__ == "__main__":
    main()
