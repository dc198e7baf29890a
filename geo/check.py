"""
Check stage: every rule the curated data must meet, reported as one problem a line.

Each rule is a function that yields :class:`Problem` s; :func:`check_dataset` runs them
all. A problem reads ``file: feature-id: field: reason``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo._errors import Problem
from geo._geojson import dumps_collection
from geo.ingest import build_gazetteer, find_mentions
from geo.links import links_problems
from geo.load import Dataset
from geo.schema import (
    BORDER_TOLERANCE_M,
    COAST_TOLERANCE_M,
    COUNTRIES_WITH_POLYGON,
    FACTS,
    LAYER_BY_NAME,
    LAYERS,
    MAX_DECIMALS,
    SIDEBAR_MARKERS,
    SOURCES,
    Column,
    Field,
    Kind,
    Layer,
)

Rule = Callable[[Dataset], Iterator[Problem]]

#: Metric CRS for distances in the border region (UTM zone 48N).
_METRIC = Transformer.from_crs(4326, 32648, always_xy=True)

#: Years outside this range are typing mistakes, not history.
_YEARS = range(1800, 2101)


def _fname(layer: Layer) -> str:
    return f"{layer.name}.geojson"


def _fid(feat: dict[str, Any], n: int | None = None) -> str:
    fid = feat.get("properties", {}).get("id")
    return fid if isinstance(fid, str) and fid else f"#{n}" if n else "-"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
        return f"must be {spec.kind.value} (found {value!r})"
    items = value if isinstance(value, list) else [value]
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


def rule_schema(data: Dataset) -> Iterator[Problem]:
    """Required fields, types, vocabularies, id pattern; no undeclared fields."""
    for layer in LAYERS:
        for n, feat in enumerate(data.features.get(layer.name, []), start=1):
            props = feat["properties"]
            fid = _fid(feat, n)
            for spec in layer.fields:
                if spec.name not in props:
                    yield Problem(_fname(layer), fid, spec.name, "is missing")
                    continue
                reason = _value_problem(spec, props[spec.name])
                if reason:
                    yield Problem(_fname(layer), fid, spec.name, reason)
            if "note_vi" in layer.field_names and bool(props.get("note_en")) != bool(
                props.get("note_vi")
            ):
                missing = "note_vi" if props.get("note_en") else "note_en"
                yield Problem(_fname(layer), fid, missing, "notes come in both languages")
            for key in sorted(set(props) - set(layer.field_names)):
                yield Problem(_fname(layer), fid, key, "is not a field of this layer")
            if isinstance(props.get("aliases"), list):
                for alias, count in Counter(props["aliases"]).items():
                    if count > 1:
                        yield Problem(_fname(layer), fid, "aliases", f"{alias!r} is repeated")


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


def rule_layout(data: Dataset) -> Iterator[Problem]:
    """Layer files are in the reviewable layout: one feature a line, sorted by id."""
    for layer in LAYERS:
        text = data.texts.get(layer.name)
        feats = data.features.get(layer.name)
        if text is None or feats is None:
            continue
        expected = dumps_collection(feats, name=layer.name, field_order=layer.field_names)
        if text != expected:
            yield Problem(
                _fname(layer),
                "-",
                "-",
                "is not in the reviewable layout (sorted by id, one feature a line, "
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


def _geometry(feat: dict[str, Any]) -> BaseGeometry | None:
    try:
        return shape(feat["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def rule_geometry(data: Dataset) -> Iterator[Problem]:
    """Each feature has a valid geometry of its layer's type, in range, ≤ 6 decimals."""
    for layer in LAYERS:
        for n, feat in enumerate(data.features.get(layer.name, []), start=1):
            fid, fname = _fid(feat, n), _fname(layer)
            geom = feat.get("geometry")
            if geom is None and feat["properties"].get("geometry_note"):
                continue  # named by an article but not located: said so in geometry_note
            if not isinstance(geom, dict):
                yield Problem(
                    fname,
                    fid,
                    "geometry",
                    "is missing (a feature that cannot be located needs a geometry_note saying so)",
                )
                continue
            if geom.get("type") not in layer.geometry_types:
                allowed = " or ".join(layer.geometry_types)
                yield Problem(
                    fname, fid, "geometry", f"must be {allowed} (found {geom.get('type')})"
                )
                continue
            points = list(_walk_coords(geom.get("coordinates")))
            bad_pos = [p for p in points if len(p) not in (2, 3)]
            if not points or bad_pos:
                yield Problem(fname, fid, "geometry", "has malformed coordinates")
                continue
            for lon, lat, *_ in points:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    yield Problem(
                        fname, fid, "geometry", f"coordinate ({lon}, {lat}) is out of range"
                    )
                    break
                if max(_decimals(lon), _decimals(lat)) > MAX_DECIMALS:
                    yield Problem(
                        fname,
                        fid,
                        "geometry",
                        f"coordinate ({lon}, {lat}) has more than {MAX_DECIMALS} decimals",
                    )
                    break
            else:
                obj = _geometry(feat)
                if obj is None or obj.is_empty:
                    yield Problem(fname, fid, "geometry", "cannot be read")
                elif not obj.is_valid:
                    reason = shapely.is_valid_reason(obj)
                    yield Problem(fname, fid, "geometry", f"is not valid: {reason}")


# --- layers: where things are ---------------------------------------------------


@cache
def _metric(geom_wkb: bytes) -> BaseGeometry:
    def to_metres(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(_METRIC.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(shapely.from_wkb(geom_wkb), to_metres)


def _distance_m(a: BaseGeometry, b: BaseGeometry) -> float:
    return float(_metric(a.wkb).distance(_metric(b.wkb)))


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
    areas: dict[tuple[str, ...], BaseGeometry] = {}
    for layer in LAYERS:
        if layer.context:
            continue
        for feat in data.features.get(layer.name, []):
            props = feat["properties"]
            countries = props.get("country")
            geom = _geometry(feat)
            if not isinstance(countries, list) or geom is None or not geom.is_valid:
                continue
            if layer.is_point and len(countries) != 1:
                yield Problem(
                    _fname(layer), _fid(feat), "country", "a point has exactly one country"
                )
                continue
            mapped = tuple(
                sorted(c for c in countries if c in COUNTRIES_WITH_POLYGON and c in polygons)
            )
            if not mapped or len(mapped) != len(countries):
                continue  # partners abroad: no polygon to test against
            if mapped not in areas:
                # One (prepared) area per set of countries: the test is then cheap.
                areas[mapped] = shapely.union_all([polygons[c] for c in mapped])
                shapely.prepare(areas[mapped])
            area = areas[mapped]
            if area.covers(geom):
                continue
            others = [poly for c, poly in polygons.items() if c not in mapped]
            outside_by = _distance_m(geom, area)
            if outside_by <= COAST_TOLERANCE_M and not any(
                poly.intersects(geom) for poly in others
            ):
                continue  # Natural Earth's 1:10m coastline cuts off coastal seats
            # Features on the border (gates, bridge ends) may fall just across
            # Natural Earth's ~1 km line; allow them the border tolerance.
            if (
                border is not None
                and outside_by <= BORDER_TOLERANCE_M
                and _distance_m(geom, border) <= BORDER_TOLERANCE_M
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
            if isinstance(ref, str) and ref not in seats:
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
            if ref not in localities:
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
    for layer, feat in data.all_features():
        if layer.context:
            continue
        srcs = feat["properties"].get("sources")
        if isinstance(srcs, list):
            if not srcs:
                yield Problem(_fname(layer), _fid(feat), "sources", "names no article")
            for src in srcs:
                if src not in known:
                    yield Problem(
                        _fname(layer), _fid(feat), "sources", f"{src!r} is not in sources.csv"
                    )


# --- facts and sources ----------------------------------------------------------


def _check_rows(
    fname: str, columns: tuple[Column, ...], key: str, rows: list[dict[str, str]]
) -> Iterator[Problem]:
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        rid = row.get(key) or f"line {n}"
        for col in columns:
            raw = row.get(col.name)
            value: Any = raw if raw not in (None, "") else None
            if value is not None and col.kind is Kind.INT:
                value = int(value) if re.fullmatch(r"-?\d+", value) else value
            if value is not None and col.kind is Kind.NUMBER:
                value = float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else value
            if value is not None and col.kind is Kind.TEXT_LIST:
                value = value.split(";")
            reason = _value_problem(col, value)
            if reason:
                yield Problem(fname, rid, col.name, reason)


def rule_sources(data: Dataset) -> Iterator[Problem]:
    """sources.csv: typed columns, one row per article, URLs that are URLs."""
    yield from _check_rows("sources.csv", SOURCES.columns, SOURCES.key, data.sources)
    counts = Counter(row.get("file") for row in data.sources)
    for fname, count in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if count > 1:
            yield Problem("sources.csv", str(fname), "file", f"is listed {count} times")
    for row in data.sources:
        url = row.get("url")
        if url and not re.fullmatch(r"https?://\S+", url):
            yield Problem("sources.csv", row.get("file", "-"), "url", f"{url!r} is not a URL")
    if [r.get("file") for r in data.sources] != sorted(str(r.get("file")) for r in data.sources):
        yield Problem("sources.csv", "-", "file", "rows must be sorted by file")


def rule_facts(data: Dataset) -> Iterator[Problem]:
    """facts.csv: typed columns; features and source exist; figures have units."""
    yield from _check_rows("facts.csv", FACTS.columns, FACTS.key, data.facts)
    features = data.by_id()
    sources = {row.get("file") for row in data.sources}
    for row in data.facts:
        rid = row.get("id") or "-"
        for ref in (row.get("features") or "").split(";"):
            if ref and ref not in features:
                yield Problem("facts.csv", rid, "features", f"{ref!r} is not a feature")
        src = row.get("source")
        if src and src not in sources:
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
    for fname, fid, key, reason in links_problems(data, layers_dir=data.root):
        yield Problem(fname, fid, key, reason)


RULES: tuple[Rule, ...] = (
    rule_schema,
    rule_unique_ids,
    rule_layout,
    rule_geometry,
    rule_countries,
    rule_on_border,
    rule_partnerships,
    rule_references,
    rule_feature_sources,
    rule_sources,
    rule_facts,
    rule_permalinks,
)


def check_dataset(data: Dataset, *, articles: Path | None = None) -> list[Problem]:
    """Run every rule over ``data`` (and, given ``articles``, the article rules)."""
    problems = list(data.problems)
    for rule in RULES:
        problems.extend(rule(data))
    if articles is not None:
        problems.extend(check_articles(data, articles=articles))
    return sorted(set(problems))


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
