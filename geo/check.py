"""
Check stage: every rule the curated data must meet, reported as one problem a line.

Each rule is a function that yields :class:`Problem` s; :func:`check_dataset` runs them
all. A problem reads ``file: feature-id: field: reason``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from unicodedata import is_normalized as _is_nfc
from urllib.parse import urlsplit

import msgspec
import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo import _json
from geo._errors import Problem
from geo._geojson import collection_bytes, dumps_collection
from geo.links import links_problems
from geo.load import Dataset
from geo.schema import (
    BILINGUAL_FIELDS,
    BORDER_TOLERANCE_M,
    COAST_TOLERANCE_M,
    COUNTRIES_WITH_POLYGON,
    FACTS,
    LAYER_BY_NAME,
    LAYERS,
    MAX_DECIMALS,
    REDIRECTS,
    SIDEBAR_MARKERS,
    SOURCES,
    Column,
    Field,
    Kind,
    Layer,
)

Rule = Callable[[Dataset], Iterator[Problem]]


@cache
def _to_metres() -> Any:
    """WGS 84 → the metric CRS for distances in the border region (UTM zone 48N)."""
    from pyproj import Transformer  # noqa: PLC0415 (only when a distance is measured)

    return Transformer.from_crs(4326, 32648, always_xy=True)


#: Years outside this range are typing mistakes, not history.
_YEARS = range(1800, 2101)


def _fname(layer: Layer) -> str:
    return f"{layer.name}.geojson"


def _fid(feat: dict[str, Any], n: int | None = None) -> str:
    fid = feat.get("properties", {}).get("id")
    return fid if isinstance(fid, str) and fid else f"#{n}" if n else "-"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


_TYPE_CHECKS: dict[Kind, Callable[[Any], bool]] = {
    Kind.TEXT: lambda v: isinstance(v, str) and v.strip() != "",
    Kind.INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
    Kind.NUMBER: _is_number,
    Kind.BOOL: lambda v: isinstance(v, bool),
    Kind.TEXT_LIST: lambda v: (
        isinstance(v, list) and all(isinstance(i, str) and i.strip() for i in v)
    ),
    Kind.DATE: lambda v: isinstance(v, str) and _is_date(v),
}


def _type_ok(kind: Kind, value: Any) -> bool:
    return _TYPE_CHECKS[kind](value)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


def _value_problem(spec: Field | Column, value: Any) -> str | None:  # noqa: PLR0911
    """Why ``value`` does not fit ``spec``, or None when it does."""
    if value is None or value in ("", []):
        if spec.required and not (spec.kind is Kind.TEXT_LIST and value == []):
            return "is required"
        return None
    if not _type_ok(spec.kind, value):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"-?\d+,\d+", value):
            hint = f"; write {value.replace(',', '.')} with a decimal point"
        return f"must be {spec.kind.value} (found {value!r}{hint})"
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str) and not unicodedata.is_normalized("NFC", item):
            return "is not NFC Unicode (accents stored as separate marks); run `geo fmt`"
    if spec.vocabulary:
        allowed = [c.value for c in spec.vocabulary]
        for item in items:
            if item not in allowed:
                return f"{item!r} is not one of {', '.join(allowed)}"
    if spec.pattern:
        for item in items:
            if not re.fullmatch(spec.pattern, str(item)):
                return f"{item!r} does not match {spec.pattern}"
    if spec.name in {"since", "year"} and value not in _YEARS:
        return f"{value} is not a plausible year"
    return None


# --- layers: schema -------------------------------------------------------------


_MISSING: Any = object()


def _verdict_key(value: Any) -> Any:
    """
    A key under which ``value``'s verdict may be remembered, or None where it may not.

    Values equal in Python but judged differently (``1``, ``1.0`` and ``True``) get
    different keys: numbers and the like are keyed with their type, lists of text by
    their items (a list of anything else is judged each time).
    """
    kind = type(value)
    if kind is str:
        return value
    if kind is list:
        return ("list", tuple(value)) if all(type(i) is str for i in value) else None
    if kind is dict:
        return None
    return (kind, value)


def _plainly_fine(spec: Field | Column, *, cells: bool = False) -> Callable[[Any], bool] | None:
    """
    A quick yes for values that plainly fit ``spec``, or None where there is none.

    What it lets through, :func:`_value_problem` (with ``cells``, :func:`_cell_problem`
    of a CSV cell) finds nothing in: non-blank NFC text, matching the field's pattern,
    or a non-empty list of such text. Anything else is judged in full.
    """
    if spec.vocabulary or spec.name in {"since", "year"}:
        return None
    pattern = re.compile(spec.pattern) if spec.pattern else None

    def text(v: Any) -> bool:
        return (
            type(v) is str
            and v.strip() != ""
            and _is_nfc("NFC", v)
            and (pattern is None or pattern.fullmatch(v) is not None)
        )

    if spec.kind is Kind.TEXT:
        return text
    if spec.kind is Kind.TEXT_LIST and cells:
        return lambda v: type(v) is str and all(text(item) for item in v.split(";"))
    if spec.kind is Kind.TEXT_LIST:
        return lambda v: type(v) is list and v != [] and all(text(item) for item in v)
    return None


def _column_problems(spec: Field | Column, values: list[Any]) -> Iterator[tuple[int, str]]:
    """
    (row, reason) for each value of one column that does not fit ``spec``.

    What :func:`_value_problem` says of each value, judged once per distinct value;
    free text, mostly distinct, is first let through when it is plainly fine (a
    non-blank NFC string).
    """
    quick = _plainly_fine(spec)
    known: dict[Any, str | None] = {}
    for n, value in enumerate(values):
        if value is _MISSING:
            yield n, "is missing"
            continue
        if quick is not None and quick(value):
            continue
        key = _verdict_key(value)
        if key is None:
            reason = _value_problem(spec, value)
        else:
            try:
                reason = known[key]
            except KeyError:
                reason = known[key] = _value_problem(spec, value)
            except TypeError:  # an unhashable item (NaN and such hash fine)
                reason = _value_problem(spec, value)
        if reason:
            yield n, reason


def rule_schema(data: Dataset) -> Iterator[Problem]:
    """Required fields, types, vocabularies, id pattern; no undeclared fields."""
    for layer in LAYERS:
        feats = data.features.get(layer.name, [])
        if not feats:
            continue
        fname = _fname(layer)
        names = layer.field_names
        declared = frozenset(names)
        props = [feat["properties"] for feat in feats]
        fids = [_fid(feat, n) for n, feat in enumerate(feats, start=1)]
        # Column by column: each field's values judged together (problems are sorted later).
        for spec in layer.fields:
            column = [p.get(spec.name, _MISSING) for p in props]
            for n, reason in _column_problems(spec, column):
                yield Problem(fname, fids[n], spec.name, reason)
        for en, vi in BILINGUAL_FIELDS:
            if vi not in declared:
                continue
            for n, p in enumerate(props):
                if bool(p.get(en)) != bool(p.get(vi)):
                    yield Problem(
                        fname, fids[n], vi if p.get(en) else en, "notes come in both languages"
                    )
        for n, p in enumerate(props):
            if len(p) != len(declared) or not declared.issuperset(p):
                for key in sorted(set(p) - declared):
                    yield Problem(fname, fids[n], key, "is not a field of this layer")
            aliases = p.get("aliases")
            if isinstance(aliases, list):
                texts = [a for a in aliases if isinstance(a, str)]
                if len(set(texts)) == len(texts):
                    continue
                for alias, count in Counter(texts).items():
                    if count > 1:
                        yield Problem(fname, fids[n], "aliases", f"{alias!r} is repeated")


def rule_unique_ids(data: Dataset) -> Iterator[Problem]:
    """Ids are unique across every layer (and facts have unique ids of their own)."""
    seen: dict[str, str] = {}
    for layer, feat in data.all_features():
        fid = feat["properties"].get("id")
        if not isinstance(fid, str):
            continue
        if fid in seen:
            yield Problem(_fname(layer), fid, "id", f"is already used in {seen[fid]}")
        else:
            seen[fid] = _fname(layer)
    counts = Counter(row.get("id") for row in data.facts)
    for fid, count in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if count > 1:
            yield Problem("facts.csv", str(fid), "id", f"is used {count} times")


#: How the layout rule's problem starts.
_LAYOUT_PROBLEM = "is not in the reviewable layout"


#: Where msgspec may write a float otherwise than json: with an exponent (``1e16``
#: against ``1e+16``), or without one where json has one (``0.00001`` against ``1e-05``).
_FLOAT_WRITTEN_OTHERWISE = re.compile(rb"[0-9][eE]|\.0000")


def _in_layout(raw: bytes, feats: list[dict[str, Any]], *, layer: Layer) -> bool:
    """
    Whether ``raw`` is ``feats`` as :func:`dumps_collection` writes them.

    First laid out by msgspec, several times faster; its JSON is the standard library's
    but for some floats (see :data:`_FLOAT_WRITTEN_OTHERWISE`; and NaN, which it writes
    ``null``), so where ``raw`` has none of those and the two agree, so would the
    standard library; anywhere else the standard library's layout decides.
    """
    if not _FLOAT_WRITTEN_OTHERWISE.search(raw):
        try:
            fast = collection_bytes(
                feats, name=layer.name, field_order=layer.field_names, encode=_json.dumpb
            )
        except (msgspec.EncodeError, OverflowError, TypeError, ValueError):
            fast = None  # what msgspec cannot write (huge integers, lone surrogates)
        if fast == raw:
            return True
    expected = dumps_collection(feats, name=layer.name, field_order=layer.field_names)
    # A lone surrogate (read from a "\\ud800" escape) is written as it is, so the
    # layout has it as no UTF-8 file can: never equal to the file.
    return raw == expected.encode("utf-8", "surrogatepass")


def rule_layout(data: Dataset, *, skip: set[str]) -> Iterator[Problem]:
    """Layer files are in the reviewable layout: one feature a line, sorted by id."""
    for layer in LAYERS:
        raw = data.texts.get(layer.name)
        feats = data.features.get(layer.name)
        if raw is None or feats is None or _fname(layer) in skip:
            continue
        if not _in_layout(raw, feats, layer=layer):
            yield Problem(
                _fname(layer),
                "-",
                "-",
                f"{_LAYOUT_PROBLEM} (sorted by id, one feature a line, "
                f"≤ {MAX_DECIMALS} decimals); run `geo fmt`",
            )


# --- layers: geometry -----------------------------------------------------------


def _decimals(x: float) -> int:
    text = repr(float(x))
    if "e" in text or "E" in text:
        return 99
    return len(text.split(".")[1]) if "." in text else 0


def _walk_coords(coords: Any) -> Iterator[list[Any]]:
    if isinstance(coords, list) and coords and isinstance(coords[0], (int, float)):
        yield coords
    elif isinstance(coords, list):
        for c in coords:
            yield from _walk_coords(c)


#: How deep positions sit in each geometry type's coordinates.
_POSITION_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


def _nested_positions(coords: Any, *, depth: int) -> bool:
    """Whether ``coords`` is non-empty lists ``depth`` deep around [x, y] or [x, y, z]."""
    if not isinstance(coords, list) or not coords:
        return False
    if depth == 0:
        return len(coords) in (2, 3) and not any(isinstance(c, list) for c in coords)
    return all(_nested_positions(c, depth=depth - 1) for c in coords)


def _in_range(lon: float, lat: float) -> bool:
    return -180 <= lon <= 180 and -90 <= lat <= 90


#: Geometries already made, by the id of their GeoJSON object (kept with it, so the id
#: cannot be reused while the entry lives); emptied after each ``check_dataset``.
_MADE: dict[int, tuple[Any, BaseGeometry | None]] = {}


def _geometry(feat: dict[str, Any]) -> BaseGeometry | None:
    """The feature's geometry, or None where it cannot be used (rule_geometry says why)."""
    source = feat.get("geometry")
    made = _MADE.get(id(source))
    if made is not None and made[0] is source:
        return made[1]
    geom = _make_geometry(feat)
    if source is not None:
        _MADE[id(source)] = (source, geom)
    return geom


def _make_geometry(feat: dict[str, Any]) -> BaseGeometry | None:
    source = feat.get("geometry")
    if isinstance(source, dict) and source.get("type") == "Point":
        xy = source.get("coordinates")
        # The common case, a plain (x, y) in range, without shape() and its checks.
        if isinstance(xy, list) and len(xy) == 2 and all(_is_number(v) for v in xy):
            return Point(xy) if _in_range(xy[0], xy[1]) else None
    try:
        geom = shape(feat["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ShapelyError):
        return None
    if geom.is_empty:
        return None
    with np.errstate(invalid="ignore"):  # NaN coordinates: reported, not warned about
        minx, miny, maxx, maxy = geom.bounds
    if not (_in_range(minx, miny) and _in_range(maxx, maxy)):
        return None  # also catches NaN and infinity, which compare false
    return geom


def _ring_problem(geom: dict[str, Any]) -> str | None:
    """Why a polygon's rings are not closed rings of four or more positions, if they are not."""
    polygons = {"Polygon": [geom["coordinates"]], "MultiPolygon": geom["coordinates"]}
    for p, rings in enumerate(polygons.get(geom["type"], []), start=1):
        for r, ring in enumerate(rings, start=1):
            where = f"ring {r}" + (f" of polygon {p}" if geom["type"] == "MultiPolygon" else "")
            if len(ring) < 4:
                return f"{where} has {len(ring)} positions (a ring needs at least 4)"
            if ring[0] != ring[-1]:
                return f"{where} is not closed (its first and last positions differ)"
    return None


def _position_problem(lon: Any, lat: Any) -> str | None:
    if not all(_is_number(v) for v in (lon, lat)):
        return f"coordinate ({lon}, {lat}) is not a pair of finite numbers"
    if not _in_range(lon, lat):
        if _in_range(lat, lon):
            return (
                f"coordinate ({lon}, {lat}) is out of range; it looks like (latitude, "
                "longitude) — GeoJSON wants (longitude, latitude)"
            )
        return f"coordinate ({lon}, {lat}) is out of range"
    if max(_decimals(lon), _decimals(lat)) > MAX_DECIMALS:
        return f"coordinate ({lon}, {lat}) has more than {MAX_DECIMALS} decimals"
    return None


def _plain_points(layer: Layer, feats: list[dict[str, Any]]) -> set[int]:
    """
    Which features are plainly good points, each made once (for later rules) in one call.

    A plain point is a Point of two floats, in range, with at most ``MAX_DECIMALS``
    decimals and no exponent in how Python writes them (so no smaller than 0.001);
    anything else is for :func:`_geometry_problem` to judge one by one.
    """
    if "Point" not in layer.geometry_types:
        return set()
    rows, sources, xy = [], [], []
    for n, feat in enumerate(feats):
        geom = feat.get("geometry")
        if type(geom) is dict and geom.get("type") == "Point":
            coords = geom.get("coordinates")
            if type(coords) is list and len(coords) == 2 and all(type(v) is float for v in coords):
                rows.append(n)
                sources.append(geom)
                xy.append(coords)
    if not rows:
        return set()
    arr = np.array(xy, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        ok = (
            np.isfinite(arr).all(axis=1)
            & (np.abs(arr[:, 0]) <= 180)
            & (np.abs(arr[:, 1]) <= 90)
            & (np.abs(arr) >= 1e-3).all(axis=1)
            # round-tripping through MAX_DECIMALS places: the shortest repr has no more
            & (np.round(arr, MAX_DECIMALS) == arr).all(axis=1)
        )
    good = np.flatnonzero(ok)
    for i, point in zip(good.tolist(), shapely.points(arr[good]).tolist(), strict=True):
        _MADE[id(sources[i])] = (sources[i], point)
    return {rows[i] for i in good.tolist()}


def _plain_positions(points: list[list[Any]]) -> bool:
    """
    Whether :func:`_position_problem` finds nothing in any of ``points``, tested at once.

    True only for numbers (not booleans) that are finite, in range and written with at
    most ``MAX_DECIMALS`` decimals and no exponent; False sends them one by one.
    """
    xy = [pos[:2] for pos in points]
    if not {type(v) for pos in xy for v in pos} <= {float, int}:
        return False
    try:
        arr = np.array(xy, dtype=float)
    except (OverflowError, ValueError):
        return False
    if arr.ndim != 2 or arr.shape[1] != 2:  # x and y of each position
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        ok = (
            np.isfinite(arr).all(axis=1)
            & (np.abs(arr[:, 0]) <= 180)
            & (np.abs(arr[:, 1]) <= 90)
            & ((np.abs(arr) >= 1e-3) | (arr == 0)).all(axis=1)
            & (np.round(arr, MAX_DECIMALS) == arr).all(axis=1)
        )
    return bool(ok.all())


def rule_geometry(data: Dataset) -> Iterator[Problem]:
    """Each feature has a valid geometry of its layer's type, in range, ≤ 6 decimals."""
    for layer in LAYERS:
        feats = data.features.get(layer.name, [])
        plain = _plain_points(layer, feats)
        for n, feat in enumerate(feats, start=1):
            if n - 1 in plain:
                continue
            reason = _geometry_problem(layer, feat)
            if reason:
                yield Problem(_fname(layer), _fid(feat, n), "geometry", reason)


def _geometry_problem(layer: Layer, feat: dict[str, Any]) -> str | None:  # noqa: PLR0911
    geom = feat.get("geometry")
    if geom is None and feat["properties"].get("geometry_note"):
        return None  # named by an article but not located: said so in geometry_note
    if not isinstance(geom, dict):
        return "is missing (a feature that cannot be located needs a geometry_note saying so)"
    if geom.get("type") not in layer.geometry_types:
        return f"must be {' or '.join(layer.geometry_types)} (found {geom.get('type')})"
    coords = geom.get("coordinates")
    if coords in ([], None):
        return "is empty (use null, with a geometry_note saying why, for a place not located)"
    if not _nested_positions(coords, depth=_POSITION_DEPTH[geom["type"]]):
        return f"has malformed coordinates for a {geom['type']}"
    points = list(_walk_coords(coords))
    if not _plain_positions(points):
        for lon, lat, *_ in points:
            reason = _position_problem(lon, lat)
            if reason:
                return reason
    if geom["type"] == "Point":
        # A point of finite numbers in range is valid; it is made once, for later rules.
        return None if _geometry(feat) is not None else "cannot be read"
    reason = _ring_problem(geom)
    if reason:
        return reason
    obj = _geometry(feat)
    if obj is None:
        return "cannot be read"
    if not obj.is_valid:
        return f"is not valid: {shapely.is_valid_reason(obj)}"
    return None


# --- layers: where things are ---------------------------------------------------


@cache
def _metric(geom_wkb: bytes) -> BaseGeometry:
    def to_metres(xy: np.ndarray) -> np.ndarray:
        # Lists, not arrays: pyproj < 3.7.2 takes a one-element array for a scalar.
        return np.column_stack(_to_metres().transform(xy[:, 0].tolist(), xy[:, 1].tolist()))

    return shapely.transform(shapely.from_wkb(geom_wkb), to_metres)


def _distance_m(a: BaseGeometry, b: BaseGeometry) -> float:
    return float(_metric(a.wkb).distance(_metric(b.wkb)))


#: Over longitudes 95–115° and latitudes 10–35° a degree in any direction is at most
#: 112.3 km in UTM zone 48N (measured with pyproj); 113 km with room to spare.
_MAX_M_PER_DEGREE = 113_000.0
_BOUND_BOX = (96.0, 11.0, 114.0, 34.0)
#: Room for an edge drawn straight between projected vertices (centimetres in truth).
_BOUND_SLACK_M = 100.0


def _within_m(a: BaseGeometry, b: BaseGeometry, limit: float) -> bool:
    """
    Whether ``a`` is at most ``limit`` metres from ``b`` in UTM zone 48N.

    Where ``a`` lies in and around the region, its distance in degrees bounds its
    distance in metres: what is plainly within needs no projection (nor pyproj); the
    rest is measured.
    """
    minx, miny, maxx, maxy = a.bounds
    west, south, east, north = _BOUND_BOX
    if west <= minx and maxx <= east and south <= miny and maxy <= north:
        degrees = float(a.distance(b))
        if degrees * _MAX_M_PER_DEGREE + _BOUND_SLACK_M <= limit:
            return True
    return _distance_m(a, b) <= limit


def _country_polygons(data: Dataset) -> dict[str, BaseGeometry]:
    out = {}
    for feat in data.features.get("countries", []):
        iso = feat["properties"].get("iso_a2")
        geom = _geometry(feat)
        if isinstance(iso, str) and geom is not None and geom.is_valid:
            out[iso] = geom
    return out


def _border_line(data: Dataset) -> BaseGeometry | None:
    geoms = [_geometry(f) for f in data.features.get("border", [])]
    usable = [g for g in geoms if g is not None and g.is_valid]
    return shapely.union_all(usable) if usable else None


def rule_countries(data: Dataset) -> Iterator[Problem]:
    """Vietnamese features lie in Vietnam, Chinese in China (Natural Earth polygons)."""
    polygons = _country_polygons(data)
    border = _border_line(data)
    # Features by the countries they are in; each group tested in one call below.
    groups: dict[tuple[str, ...], list[tuple[Layer, dict[str, Any], BaseGeometry]]] = {}
    mapped_of: dict[tuple[Any, ...], tuple[str, ...]] = {}  # by the countries listed
    for layer in LAYERS:
        if layer.context:
            continue
        feats = data.features.get(layer.name, [])
        geoms = [_geometry(feat) for feat in feats]
        valid = shapely.is_valid(np.array(geoms, dtype=object)).tolist() if geoms else []
        for feat, geom, ok in zip(feats, geoms, valid, strict=True):
            countries = feat["properties"].get("country")
            if not isinstance(countries, list) or geom is None or not ok:
                continue
            if layer.is_point and len(countries) != 1:
                yield Problem(
                    _fname(layer), _fid(feat), "country", "a point has exactly one country"
                )
                continue
            try:
                mapped = mapped_of[tuple(countries)]
            except (KeyError, TypeError):
                mapped = tuple(
                    sorted(c for c in countries if c in COUNTRIES_WITH_POLYGON and c in polygons)
                )
                if all(type(c) is str for c in countries):
                    mapped_of[tuple(countries)] = mapped
            if not mapped or len(mapped) != len(countries):
                continue  # partners abroad: no polygon to test against
            groups.setdefault(mapped, []).append((layer, feat, geom))
    for mapped, members in groups.items():
        # One (prepared) area per set of countries, tested against all its features at once.
        area = shapely.union_all([polygons[c] for c in mapped])
        shapely.prepare(area)
        inside = shapely.covers(area, [geom for _, _, geom in members])
        for (layer, feat, geom), covered in zip(members, inside, strict=True):
            if covered:
                continue
            countries = feat["properties"]["country"]
            others = [poly for c, poly in polygons.items() if c not in mapped]
            if _within_m(geom, area, COAST_TOLERANCE_M) and not any(
                poly.intersects(geom) for poly in others
            ):
                continue  # Natural Earth's 1:10m coastline cuts off coastal seats
            # Features on the border (gates, bridge ends) may fall just across
            # Natural Earth's ~1 km line; allow them the border tolerance.
            if (
                border is not None
                and _within_m(geom, area, BORDER_TOLERANCE_M)
                and _within_m(geom, border, BORDER_TOLERANCE_M)
            ):
                continue
            where = ", ".join(c for c, poly in sorted(polygons.items()) if poly.intersects(geom))
            yield Problem(
                _fname(layer),
                _fid(feat),
                "geometry",
                f"lies outside {'/'.join(countries)} (it is in {where or 'no mapped country'})",
            )


def rule_on_border(data: Dataset) -> Iterator[Problem]:
    """Gates, and crossings that cross the border, lie within 3 km of the border line."""
    border = _border_line(data)
    if not data.readable("border.geojson"):
        return  # the file's own problem is the root cause
    if border is None:
        yield Problem("border.geojson", "-", "geometry", "no usable border line to check against")
        return
    checks: list[tuple[Layer, dict[str, Any]]] = [
        (LAYER_BY_NAME["border_gates"], f) for f in data.features.get("border_gates", [])
    ]
    checks += [
        (LAYER_BY_NAME["crossings"], f)
        for f in data.features.get("crossings", [])
        if f["properties"].get("crosses_border") is True
    ]
    for layer, feat in checks:
        geom = _geometry(feat)
        if geom is None or not geom.is_valid:
            continue
        if _within_m(geom, border, BORDER_TOLERANCE_M):
            continue
        dist = _distance_m(geom, border)
        if dist > BORDER_TOLERANCE_M:
            yield Problem(
                _fname(layer),
                _fid(feat),
                "geometry",
                f"is {dist / 1000:.1f} km from the border (at most "
                f"{BORDER_TOLERANCE_M / 1000:g} km)",
            )


# --- layers: references between features -----------------------------------------


def _locality_points(data: Dataset) -> dict[str, BaseGeometry]:
    out = {}
    for feat in data.features.get("localities", []):
        geom = _geometry(feat)
        fid = feat["properties"].get("id")
        if isinstance(fid, str) and isinstance(geom, Point):
            out[fid] = geom
    return out


def _same_point(a: Any, b: BaseGeometry) -> bool:
    return (
        isinstance(a, list)
        and len(a) >= 2
        and _is_number(a[0])
        and _is_number(a[1])
        and math.isclose(a[0], b.x, abs_tol=1e-9)
        and math.isclose(a[1], b.y, abs_tol=1e-9)
    )


def rule_partnerships(data: Dataset) -> Iterator[Problem]:
    """A partnership joins two mapped localities, its ends at their seats."""
    seats = _locality_points(data)
    fname = "partnerships.geojson"
    pairs: Counter[tuple[str, str]] = Counter()
    for feat in data.features.get("partnerships", []):
        props, fid = feat["properties"], _fid(feat)
        ends = []
        for key in ("from_id", "to_id"):
            ref = props.get(key)
            if isinstance(ref, str) and ref not in seats and data.readable("localities.geojson"):
                yield Problem(fname, fid, key, f"{ref!r} is not a feature of localities")
            ends.append(ref)
        if ends[0] == ends[1] and ends[0] is not None:
            yield Problem(fname, fid, "to_id", "a locality cannot partner itself")
        pairs[(str(ends[0]), str(ends[1]))] += 1
        coords = (feat.get("geometry") or {}).get("coordinates")
        if not isinstance(coords, list) or len(coords) < 2:
            continue
        for key, ref, coord in (("from_id", ends[0], coords[0]), ("to_id", ends[1], coords[-1])):
            if isinstance(ref, str) and ref in seats and not _same_point(coord, seats[ref]):
                yield Problem(
                    fname, fid, "geometry", f"end {coord} is not the seat of {key} {ref!r}"
                )
    for (a, b), count in sorted(pairs.items()):
        if count > 1:
            yield Problem(fname, f"{a}/{b}", "from_id", f"the pair is mapped {count} times")


def rule_references(data: Dataset) -> Iterator[Problem]:
    """Ids named in fields (parent, province, via) point at existing features."""
    localities = _locality_points(data)
    if not data.readable("localities.geojson"):
        return  # the file's own problem is the root cause
    specs = (
        ("localities", "parent"),
        ("border_gates", "province"),
        ("partner_counties", "locality"),
    )
    for layer_name, key in specs:
        for feat in data.features.get(layer_name, []):
            ref = feat["properties"].get(key)
            if isinstance(ref, str) and ref not in localities:
                yield Problem(
                    f"{layer_name}.geojson", _fid(feat), key, f"{ref!r} is not a locality"
                )
    for feat in data.features.get("corridor", []):
        via = feat["properties"].get("via")
        if not isinstance(via, list):
            continue
        coords = (feat.get("geometry") or {}).get("coordinates") or []
        position = 0
        for ref in via:
            if not isinstance(ref, str) or ref not in localities:
                yield Problem("corridor.geojson", _fid(feat), "via", f"{ref!r} is not a locality")
                continue
            hits = [
                i for i, c in enumerate(coords) if i >= position and _same_point(c, localities[ref])
            ]
            if not hits:
                yield Problem(
                    "corridor.geojson",
                    _fid(feat),
                    "geometry",
                    f"does not pass through the seat of {ref!r} in the order of via",
                )
            else:
                position = hits[0]


def rule_feature_sources(data: Dataset) -> Iterator[Problem]:
    """Every source a feature names is a row of sources.csv."""
    known = {row.get("file") for row in data.sources}
    if not data.readable("sources.csv"):
        return  # the file's own problem is the root cause
    for layer, feat in data.all_features():
        if layer.context:
            continue
        srcs = feat["properties"].get("sources")
        if isinstance(srcs, list):
            if not srcs:
                yield Problem(_fname(layer), _fid(feat), "sources", "names no article")
            for src in srcs:
                if isinstance(src, str) and src not in known:
                    yield Problem(
                        _fname(layer), _fid(feat), "sources", f"{src!r} is not in sources.csv"
                    )


# --- facts and sources ----------------------------------------------------------


def _check_rows(
    fname: str, columns: tuple[Column, ...], key: str, rows: list[dict[str, str]]
) -> Iterator[Problem]:
    # Column by column (problems are sorted later). A cell's verdict depends on the cell
    # alone: cells that repeat (years, units, sources, vocabularies) are judged once;
    # free text is let through when it is plainly fine (non-blank NFC text).
    keys: list[str] | None = None
    for col in columns:
        cells = [row.get(col.name) for row in rows]
        quick = _plainly_fine(col, cells=True)
        remember = col.name != key and quick is None
        known: dict[str | None, str | None] = {}
        for n, raw in enumerate(cells):
            if quick is not None and quick(raw):
                continue
            if not remember:
                reason = _cell_problem(col, raw)
            elif raw in known:
                reason = known[raw]
            else:
                reason = known[raw] = _cell_problem(col, raw)
            if reason:
                if keys is None:
                    keys = [row.get(key) or f"line {m}" for m, row in enumerate(rows, start=2)]
                yield Problem(fname, keys[n], col.name, reason)


def _cell_problem(col: Column, raw: str | None) -> str | None:
    """Why a CSV cell does not fit its column, or None when it does."""
    value: Any = raw if raw not in (None, "") else None
    if value is not None and col.kind is Kind.INT:
        value = int(value) if re.fullmatch(r"-?\d+", value) else value
    if value is not None and col.kind is Kind.NUMBER:
        value = float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else value
    if value is not None and col.kind is Kind.TEXT_LIST:
        value = value.split(";")
    return _value_problem(col, value)


def _is_web_url(url: str) -> bool:
    """An absolute http(s) address with a host and no character that could break out of HTML."""
    if re.search(r"[\s\"'<>`\\]", url) or not url.isprintable():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def rule_sources(data: Dataset) -> Iterator[Problem]:
    """sources.csv: typed columns, one row per article, URLs that are URLs."""
    yield from _check_rows("sources.csv", SOURCES.columns, SOURCES.key, data.sources)
    yield from _check_rows("redirects.csv", REDIRECTS.columns, REDIRECTS.key, data.redirects)
    counts = Counter(row.get("file") for row in data.sources)
    for fname, count in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if count > 1:
            yield Problem("sources.csv", str(fname), "file", f"is listed {count} times")
    for row in data.sources:
        url = row.get("url")
        if url and not _is_web_url(url):
            yield Problem(
                "sources.csv", row.get("file", "-"), "url", f"{url!r} is not an http(s) URL"
            )
    if [r.get("file") for r in data.sources] != sorted(str(r.get("file")) for r in data.sources):
        yield Problem("sources.csv", "-", "file", "rows must be sorted by file")


def rule_facts(data: Dataset) -> Iterator[Problem]:
    """facts.csv: typed columns; features and source exist; figures have units."""
    yield from _check_rows("facts.csv", FACTS.columns, FACTS.key, data.facts)
    all_ids = (feat["properties"].get("id") for _, feat in data.all_features())
    features = {fid for fid in all_ids if isinstance(fid, str)}
    sources = {row.get("file") for row in data.sources}
    layers_read, sources_read = data.readable(), data.readable("sources.csv")
    for row in data.facts:
        rid = row.get("id") or "-"
        refs = row.get("features") or ""
        if refs not in features:  # most facts are about one feature
            for ref in refs.split(";"):
                if ref and ref not in features and layers_read:
                    yield Problem("facts.csv", rid, "features", f"{ref!r} is not a feature")
        src = row.get("source")
        if src and src not in sources and sources_read:
            yield Problem("facts.csv", rid, "source", f"{src!r} is not in sources.csv")
        value, unit = row.get("value") or "", row.get("unit") or ""
        if bool(value) != bool(unit):
            yield Problem("facts.csv", rid, "unit", "a figure needs both value and unit")
        par = row.get("paragraph") or ""
        if par.isdigit() and int(par) < 1:
            yield Problem("facts.csv", rid, "paragraph", "must be 1 or more")
    ids = [r.get("id") or "" for r in data.facts]
    if ids != sorted(ids):
        yield Problem("facts.csv", "-", "id", "rows must be sorted by id")


def rule_permalinks(data: Dataset) -> Iterator[Problem]:
    """Published ids never vanish without a redirect; redirects point at features."""
    if not data.readable():
        return  # a published id may be in the layer that could not be read
    for fname, fid, key, reason in links_problems(data):
        yield Problem(fname, fid, key, reason)


#: The rules that work on the data's text and tables: cheap per value, most of them.
TABLE_RULES: tuple[Rule, ...] = (
    rule_schema,
    rule_unique_ids,
    rule_partnerships,
    rule_references,
    rule_feature_sources,
    rule_sources,
    rule_facts,
    rule_permalinks,
)

#: The rules that make and test geometries (shapely), sharing the geometries made:
#: ``geo build`` runs them, with the layout rule, in its second process.
SHAPE_RULES: tuple[Rule, ...] = (rule_geometry, rule_countries, rule_on_border)

#: Every rule but the layout's, which :func:`check_dataset` runs last.
RULES: tuple[Rule, ...] = TABLE_RULES + SHAPE_RULES


def table_problems(data: Dataset) -> list[Problem]:
    """What reading ``data`` found and what :data:`TABLE_RULES` find in it."""
    problems = list(data.problems)
    for rule in TABLE_RULES:
        problems.extend(rule(data))
    return problems


def shape_problems(data: Dataset) -> list[Problem]:
    """
    What :data:`SHAPE_RULES` and the layout rule find in ``data``.

    The layout's problems are all here, even for a file with other problems:
    :func:`merge_problems` leaves those out once every rule has run.
    """
    problems: list[Problem] = []
    try:
        for rule in SHAPE_RULES:
            problems.extend(rule(data))
    finally:
        _MADE.clear()
    problems.extend(rule_layout(data, skip=set()))
    return problems


def merge_problems(data: Dataset, *parts: list[Problem]) -> list[Problem]:
    """
    The problems of every part, sorted, once each.

    A file with problems of its own (or one read with a BOM or CRLF) gets those, not
    also "run geo fmt".
    """
    found = {p for part in parts for p in part}
    layout = {p for p in found if p.reason.startswith(_LAYOUT_PROBLEM)}
    own = {p.file for p in found - layout} | data.unclean
    return sorted((found - layout) | {p for p in layout if p.file not in own})


def check_dataset(data: Dataset, *, articles: Path | None = None) -> list[Problem]:
    """Run every rule over ``data`` (and, given ``articles``, the article rules)."""
    problems = merge_problems(data, table_problems(data), shape_problems(data))
    if articles is not None:
        problems = sorted({*problems, *check_articles(data, articles=articles)})
    return problems


# --- against the articles themselves (only where the folder is at hand) ---------


def article_paragraphs(path: Path) -> list[str]:
    """The article's non-blank lines up to its sidebar: paragraph 1 is the title."""
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text:
            continue
        if text in SIDEBAR_MARKERS:
            break
        paragraphs.append(text)
    return paragraphs


def check_articles(data: Dataset, *, articles: Path) -> Iterator[Problem]:
    """
    Every source is an article file; every fact's paragraph is in the article's body;
    every feature lists every article that names it.
    """
    bodies: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for row in data.sources:
        fname = row.get("file") or ""
        path = articles / fname
        if not path.is_file():
            yield Problem(
                "sources.csv", fname or "-", "file", f"no article {fname!r} in {articles}"
            )
            continue
        bodies[fname] = article_paragraphs(path)
        texts[fname] = path.read_text(encoding="utf-8")
    yield from unlisted_sources(data, texts=texts)
    for row in data.facts:
        src, par = row.get("source") or "", row.get("paragraph") or ""
        if src in bodies and par.isdigit() and int(par) > len(bodies[src]):
            yield Problem(
                "facts.csv",
                row.get("id") or "-",
                "paragraph",
                f"{par} is past the body of {src} ({len(bodies[src])} paragraphs)",
            )


def unlisted_sources(data: Dataset, *, texts: dict[str, str]) -> Iterator[Problem]:
    """
    Every feature lists, in ``sources``, every article whose body names it.

    The names are found as ``geo ingest`` finds them (its gazetteer and matching rules,
    the body cut at the sidebar). A name inside another feature's name (a city in the
    corridor's name, a district in a partnership's "A - B") counts for the longer one.

    Parameters
    ----------
    data
        The dataset.
    texts
        Article file name (as in ``sources.csv``) -> the article's text.
    """
    from geo.ingest import build_gazetteer, find_mentions  # noqa: PLC0415 (with --articles only)

    gazetteer = build_gazetteer(data)
    by_id = data.by_id()
    for fname in sorted(texts):
        result = find_mentions(texts[fname], gazetteer=gazetteer)
        first: dict[str, str] = {}
        for mention in result.mentions:
            if mention.within is None:
                first.setdefault(mention.feature, mention.text)
        for fid in sorted(first):
            layer, feat = by_id[fid]
            if "sources" not in layer.field_names:
                continue
            if fname not in (feat.get("properties", {}).get("sources") or []):
                yield Problem(
                    f"{layer.name}.geojson",
                    fid,
                    "sources",
                    f"does not list {fname}, whose body names it ({first[fid]!r})",
                )
