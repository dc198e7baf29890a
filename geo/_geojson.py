"""Reading and writing GeoJSON in the project's reviewable layout."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from geo.schema import MAX_DECIMALS


def round_coords(coords: Any, *, decimals: int = MAX_DECIMALS) -> Any:
    """Round nested coordinate arrays to ``decimals`` places (anything else is kept as is)."""
    if type(coords) is list and all(type(c) is float for c in coords):
        # A position of plain floats (most of them): rounded here, without recursing.
        return [round(c, decimals) if math.isfinite(c) else c for c in coords]
    if isinstance(coords, (int, float)) and not isinstance(coords, bool):
        return round(float(coords), decimals) if math.isfinite(coords) else coords
    if isinstance(coords, list):
        return [round_coords(c, decimals=decimals) for c in coords]
    return coords


def dumps_collection(
    features: list[dict[str, Any]],
    *,
    name: str | None = None,
    field_order: tuple[str, ...] = (),
) -> str:
    """
    Serialise features as a FeatureCollection with one feature per line.

    Features are sorted by ``id``; properties follow ``field_order`` (then any other
    keys alphabetically), so that a diff of a layer shows exactly what changed.
    """

    def ordered(props: dict[str, Any]) -> dict[str, Any]:
        keys = [k for k in field_order if k in props]
        keys += sorted(k for k in props if k not in field_order)
        return {k: props[k] for k in keys}

    lines = []
    for feat in sorted(features, key=lambda f: str(f["properties"].get("id", ""))):
        geom = feat.get("geometry")
        if isinstance(geom, dict) and {"type", "coordinates"} <= geom.keys():
            geom = {"type": geom["type"], "coordinates": round_coords(geom["coordinates"])}
        out = {"type": "Feature", "properties": ordered(feat["properties"]), "geometry": geom}
        lines.append(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
    head = {"type": "FeatureCollection"}
    if name is not None:
        head["name"] = name
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_collection(
    path: Path,
    features: list[dict[str, Any]],
    *,
    name: str | None = None,
    field_order: tuple[str, ...] = (),
) -> None:
    """Write ``features`` to ``path`` in the reviewable layout (UTF-8, LF)."""
    text = dumps_collection(features, name=name, field_order=field_order)
    path.write_text(text, encoding="utf-8", newline="\n")


def read_collection(path: Path) -> dict[str, Any]:
    """Read a GeoJSON FeatureCollection as plain JSON."""
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data
