"""
Mentions over an archive on the map: the summary ``geo ingest ARCHIVE`` writes, read back.

``geo build --mentions SUMMARY.json`` reads the per-feature summary
(``docs/ingest.schema.json#/$defs/archive_summary``), checks it and ships it as
data scripts in the popups' shards, ``map/mentions/<k>.js``, each loaded when a popup
of its shard first opens; a popup then
draws a sparkline of the articles per year (``geo/assets/js/sparkline.js``).

The summary is checked as strictly as the layers: a file that is not JSON, a count
that is not a whole number ≥ 1, a year that is neither four digits nor ``"unknown"``,
per-year counts that do not add up to the totals, or a feature id that no layer has
(after the layers' redirects) is a :class:`~geo._errors.DataError` naming the file,
the feature and the field, and the build stops with the last good site left as it was.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Final

from geo._errors import DataError, Problem

#: The folder of its data scripts under ``map/`` (one per popup shard), and the
#: function they call.
MENTIONS_DIR: Final = "mentions/"
MENTIONS_CALL: Final = "mentionsData"
#: Where an article has no date, the summary counts it under this key.
UNKNOWN: Final = "unknown"

_YEAR = re.compile(r"[0-9]{4}")
_COUNTS = ("articles", "mentions")
_FEATURE_KEYS = frozenset({"layer", "articles", "mentions", "per_year"})


@functools.lru_cache(maxsize=1024)
def _is_year(key: str) -> bool:
    """A key of ``per_year``: four digits or ``"unknown"`` (a summary has few distinct ones)."""
    return key == UNKNOWN or _YEAR.fullmatch(key) is not None


def _count(value: Any) -> bool:
    """A whole number ≥ 1 (JSON ``true`` is not a count)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check_counts(
    entry: Any, *, where: str, fid: str, file: str, problems: list[Problem]
) -> tuple[int, int] | None:
    """``(articles, mentions)`` of one ``{articles, mentions}`` object, or None with problems."""
    if not isinstance(entry, dict):
        problems.append(
            Problem(file, fid, where.rstrip(".") or "-", "must be an object {articles, mentions}")
        )
        return None
    ok = True
    if where:  # a year's counts (a feature's other fields are checked by its caller)
        for key in sorted(set(entry) - set(_COUNTS)):
            problems.append(Problem(file, fid, f"{where}{key}", "unknown field"))
            ok = False
    for key in _COUNTS:
        if key not in entry:
            problems.append(Problem(file, fid, f"{where}{key}", "is missing"))
            ok = False
        elif not _count(entry[key]):
            problems.append(
                Problem(
                    file, fid, f"{where}{key}", f"must be a whole number ≥ 1, not {entry[key]!r}"
                )
            )
            ok = False
    if ok and entry["mentions"] < entry["articles"]:
        msg = f"{entry['mentions']} mentions in {entry['articles']} articles: each has at least one"
        problems.append(Problem(file, fid, f"{where}mentions", msg))
        ok = False
    return (entry["articles"], entry["mentions"]) if ok else None


def _pair(counts: Any) -> list[int] | None:
    """``[articles, mentions]`` of a valid ``{articles, mentions}``, else None."""
    if type(counts) is not dict or len(counts) != len(_COUNTS):
        return None
    a, m = counts.get("articles"), counts.get("mentions")
    # type() is int: JSON true is a bool, not a count
    return [a, m] if type(a) is int and type(m) is int and 1 <= a <= m else None


def _valid(entry: Any) -> tuple[str, dict[str, list[int]]] | None:
    """
    A feature's ``(layer, {year: [articles, mentions]})`` when every check passes, else
    None (then :func:`_check_feature` says why): the quick path for the usual summary.
    """
    if type(entry) is not dict or len(entry) != len(_FEATURE_KEYS):
        return None
    layer, per_year = entry.get("layer"), entry.get("per_year")
    totals = _pair({k: entry.get(k) for k in _COUNTS})
    if type(layer) is not str or not layer or type(per_year) is not dict or totals is None:
        return None
    years: dict[str, list[int]] = {}
    sums = [0, 0]
    for year, counts in per_year.items():
        pair = _pair(counts)
        if pair is None or not _is_year(year):
            return None
        years[year] = pair
        sums[0] += pair[0]
        sums[1] += pair[1]
    return (layer, years) if years and sums == totals else None


def _check_feature(
    fid: str, entry: Any, *, file: str, problems: list[Problem]
) -> tuple[str, dict[str, tuple[int, int]]] | None:
    """One feature's ``(layer, {year: (articles, mentions)})``, or None with problems."""
    if not isinstance(entry, dict):
        problems.append(Problem(file, fid, "-", "must be an object {layer, articles, …}"))
        return None
    before = len(problems)
    layer = entry.get("layer")
    if not isinstance(layer, str) or not layer:
        problems.append(Problem(file, fid, "layer", f"must be a layer name, not {layer!r}"))
    totals = _check_counts(entry, where="", fid=fid, file=file, problems=problems)
    per_year = entry.get("per_year")
    years: dict[str, tuple[int, int]] = {}
    if not isinstance(per_year, dict) or not per_year:
        problems.append(Problem(file, fid, "per_year", "must be a non-empty object {year: …}"))
    else:
        for year, counts in per_year.items():
            if not _is_year(year):
                msg = f"{year!r} is not a four-digit year or {UNKNOWN!r}"
                problems.append(Problem(file, fid, "per_year", msg))
                continue
            got = _check_counts(
                counts, where=f"per_year.{year}.", fid=fid, file=file, problems=problems
            )
            if got is not None:
                years[year] = got
    if len(problems) > before or totals is None:
        return None
    for k, key in enumerate(_COUNTS):
        total = sum(v[k] for v in years.values())
        if total != totals[k]:
            msg = f"the years add up to {total}, not {totals[k]}"
            problems.append(Problem(file, fid, f"per_year.{key}", msg))
    if len(problems) > before:
        return None
    assert isinstance(layer, str)
    return layer, years


def _follow(fid: str, redirects: dict[str, str]) -> str:
    """The current id of ``fid``: its redirects followed to the end (a cycle stops)."""
    seen = {fid}
    while fid in redirects and redirects[fid] not in seen:
        fid = redirects[fid]
        seen.add(fid)
    return fid


def read_mentions(
    *,
    path: Path,
    layers: dict[str, list[dict[str, Any]]],
    redirects: dict[str, str],
) -> dict[str, Any]:
    """
    Read and check an archive summary; the payload of ``map/mentions/<k>.js``.

    Parameters
    ----------
    path
        The summary ``geo ingest ARCHIVE --summary`` wrote.
    layers
        The features of every layer, by layer name.
    redirects
        Old feature id → current id (``layers/redirects.csv``); a summary made before
        a rename counts under the new id (through every later rename).

    Returns
    -------
    dict
        ``{"years": [first, last], "features": {id: {"n": [articles, mentions],
        "y": {year: [articles, mentions]}}}}``: the dated years of the whole summary
        (empty when no article has a date), and per feature its totals and counts per
        year (``"unknown"`` for undated articles), ids and years sorted.

    Raises
    ------
    DataError
        Naming the file, feature and field of every problem found.
    """
    file = str(path)
    layer_of = {f["properties"]["id"]: name for name, feats in layers.items() for f in feats}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(
            [Problem(file, "-", "-", f"cannot read it ({exc.strerror or exc})")]
        ) from None
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text (invalid byte at offset {exc.start})"
        raise DataError([Problem(file, "-", "-", msg)]) from None
    except json.JSONDecodeError as exc:
        msg = f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        raise DataError([Problem(file, "-", "-", msg)]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), dict):
        msg = "not an archive summary: expected {articles, skipped, features: {id: …}}"
        raise DataError([Problem(file, "-", "features", msg)])
    problems: list[Problem] = []
    for key in ("articles", "skipped"):
        value = doc.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(Problem(file, "-", key, f"must be a whole number ≥ 0, not {value!r}"))
    for key in sorted(set(doc) - {"articles", "skipped", "features"}):
        problems.append(Problem(file, "-", key, "unknown field"))
    merged: dict[str, dict[str, list[int]]] = {}
    for fid, entry in doc["features"].items():
        checked = _valid(entry)
        if checked is None:  # something is wrong: say what
            if isinstance(entry, dict):
                for key in sorted(set(entry) - _FEATURE_KEYS):
                    problems.append(Problem(file, fid, key, "unknown field"))
            before = len(problems)
            slow = _check_feature(fid, entry, file=file, problems=problems)
            if slow is None or len(problems) > before:
                continue
            checked = (slow[0], {year: list(c) for year, c in slow[1].items()})
        layer, years = checked
        current = _follow(fid, redirects) if fid in redirects else fid
        if current not in layer_of:
            msg = "no layer has this feature: is the summary from other layers?"
            problems.append(Problem(file, fid, "id", msg))
            continue
        if layer_of[current] != layer:
            msg = f"{layer!r}, but the layers have {current!r} in {layer_of[current]!r}"
            problems.append(Problem(file, fid, "layer", msg))
            continue
        if current not in merged:
            merged[current] = years
            continue
        # An old id and its new one (summaries from before and after a rename) add up.
        counts = merged[current]
        for year, (articles, mentions) in years.items():
            have = counts.setdefault(year, [0, 0])
            have[0] += articles
            have[1] += mentions
    if problems:
        raise DataError(problems)
    dated = sorted({y for counts in merged.values() for y in counts if y != UNKNOWN})
    features = {}
    for fid in sorted(merged):
        counts = merged[fid]
        features[fid] = {
            "n": [sum(v[0] for v in counts.values()), sum(v[1] for v in counts.values())],
            "y": {year: counts[year] for year in sorted(counts)},
        }
    first, last = (int(dated[0]), int(dated[-1])) if dated else (None, None)
    return {"years": [first, last] if dated else [], "features": features}
