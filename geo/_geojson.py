"""Reading and writing GeoJSON in the project's reviewable layout."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, AnyStr

from geo.schema import MAX_DECIMALS


def round_coords(coords: Any, *, decimals: int = MAX_DECIMALS) -> Any:
    """Round nested coordinate arrays to ``decimals`` places (anything else is kept as is)."""
    if type(coords) is list and len(coords) == 2:  # the common x, y
        x, y = coords
        if type(x) is float and type(y) is float and math.isfinite(x) and math.isfinite(y):
            return [round(x, decimals), round(y, decimals)]
    if type(coords) is list and all(type(c) is float for c in coords):
        # A position of plain floats (most of them): rounded here, without recursing.
        return [round(c, decimals) if math.isfinite(c) else c for c in coords]
    if isinstance(coords, (int, float)) and not isinstance(coords, bool):
        return round(float(coords), decimals) if math.isfinite(coords) else coords
    if isinstance(coords, list):
        return [round_coords(c, decimals=decimals) for c in coords]
    return coords


def _ordered_features(
    features: list[dict[str, Any]], *, field_order: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The features sorted by id, properties in ``field_order``, coordinates rounded."""
    order = set(field_order)

    def ordered(props: dict[str, Any]) -> dict[str, Any]:
        if tuple(props) == field_order:
            return props  # in order already (a file in the layout, or joined from one)
        keys = [k for k in field_order if k in props]
        if len(keys) != len(props):
            keys += sorted(k for k in props if k not in order)
        return {k: props[k] for k in keys}

    outs = []
    for feat in sorted(features, key=lambda f: str(f["properties"].get("id", ""))):
        geom = feat.get("geometry")
        if isinstance(geom, dict) and {"type", "coordinates"} <= geom.keys():
            geom = {"type": geom["type"], "coordinates": round_coords(geom["coordinates"])}
        outs.append(
            {"type": "Feature", "properties": ordered(feat["properties"]), "geometry": geom}
        )
    return outs


def _opening(name: str | None) -> str:
    head = {"type": "FeatureCollection"}
    if name is not None:
        head["name"] = name
    return _ENCODER.encode(head)[:-1] + ',"features":[\n'


def dumps_collection(
    features: list[dict[str, Any]],
    *,
    name: str | None = None,
    field_order: tuple[str, ...] = (),
) -> str:
    """
    Serialise features as a FeatureCollection with one feature per line.

    Features are sorted by ``id``; properties follow ``field_order`` (then any other
    keys alphabetically), so that a diff of a layer shows exactly what changed. The
    JSON is the standard library's, compact, as ``geo fmt`` writes the layers.
    """
    outs = _ordered_features(features, field_order=field_order)
    return _opening(name) + _feature_lines(outs, _ENCODER.encode) + "\n]}\n"


def collection_bytes(
    features: list[dict[str, Any]],
    *,
    name: str | None = None,
    field_order: tuple[str, ...] = (),
    encode: Callable[[Any], bytes],
) -> bytes:
    """
    Features laid out as :func:`dumps_collection` lays them out, in UTF-8, JSON by ``encode``.

    For the site's large copies: ``encode`` (msgspec's) gives UTF-8 bytes, which are
    laid out as they are, never decoded into text and encoded again.
    """
    outs = _ordered_features(features, field_order=field_order)
    return b"".join((_opening(name).encode("utf-8"), _feature_lines(outs, encode), b"\n]}\n"))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

#: Where one feature ends and the next begins in a compact list of features.
_BETWEEN = '},{"type":"Feature",'
_BETWEEN_B = _BETWEEN.encode("ascii")


def _feature_lines(outs: list[dict[str, Any]], encode: Callable[[Any], AnyStr]) -> AnyStr:
    """
    The features, each compact on its own line, separated by ``,`` and a newline (text
    or UTF-8 bytes, as ``encode`` gives them).

    One call encodes them all; the separators between features are then made line
    breaks. A quote inside a JSON string is escaped, so the separator can occur only
    between features or inside a property that is itself an object: where it occurs
    more often than there are gaps between features, each is encoded on its own.
    """
    body = encode(outs)[1:-1]
    if isinstance(body, str):
        between, broken, gap = _BETWEEN, '},\n{"type":"Feature",', ",\n"
    else:
        between, broken, gap = _BETWEEN_B, b'},\n{"type":"Feature",', b",\n"
    if body.count(between) == max(len(outs) - 1, 0):
        return body.replace(between, broken)
    return gap.join(encode(out) for out in outs)


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
