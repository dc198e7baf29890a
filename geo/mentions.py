"""
Mentions over an archive on the map: the summary ``geo ingest ARCHIVE`` writes, read back.

``geo build --mentions SUMMARY.json`` reads the per-feature summary
(``docs/ingest.schema.json#/$defs/archive_summary``), checks it and ships it as one
data script, ``map/mentions.js``, loaded when the first popup opens; a popup then
draws a sparkline of the articles per year (``geo/assets/js/sparkline.js``).

The summary is checked as strictly as the layers: a file that is not JSON, a count
that is not a whole number ≥ 1, a year that is neither four digits nor ``"unknown"``,
per-year counts that do not add up to the totals, or a feature id that no layer has
(after the layers' redirects) is a :class:`~geo._errors.DataError` naming the file,
the feature and the field, and the build stops before it writes anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from geo._errors import DataError, Problem

#: The data script under ``map/``, and the function it calls.
MENTIONS_FILE: Final = "mentions.js"
MENTIONS_CALL: Final = "mentionsData"
#: Where an article has no date, the summary counts it under this key.
UNKNOWN: Final = "unknown"

_YEAR = re.compile(r"[0-9]{4}")
_COUNTS = ("articles", "mentions")
_FEATURE_KEYS = frozenset({"layer", "articles", "mentions", "per_year"})


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
            if year != UNKNOWN and not _YEAR.fullmatch(year):
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
    Read and check an archive summary; the payload of ``map/mentions.js``.

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
        if isinstance(entry, dict):
            for key in sorted(set(entry) - _FEATURE_KEYS):
                problems.append(Problem(file, fid, key, "unknown field"))
        checked = _check_feature(fid, entry, file=file, problems=problems)
        if checked is None:
            continue
        layer, years = checked
        current = _follow(fid, redirects)
        if current not in layer_of:
            msg = "no layer has this feature: is the summary from other layers?"
            problems.append(Problem(file, fid, "id", msg))
            continue
        if layer_of[current] != layer:
            msg = f"{layer!r}, but the layers have {current!r} in {layer_of[current]!r}"
            problems.append(Problem(file, fid, "layer", msg))
            continue
        # An old id and its new one (summaries from before and after a rename) add up.
        counts = merged.setdefault(current, {})
        for year, (articles, mentions) in years.items():
            have = counts.setdefault(year, [0, 0])
            have[0] += articles
            have[1] += mentions
    if problems:
        raise DataError(problems)
    dated = sorted({int(y) for counts in merged.values() for y in counts if y != UNKNOWN})
    features = {}
    for fid in sorted(merged):
        counts = merged[fid]
        features[fid] = {
            "n": [sum(v[0] for v in counts.values()), sum(v[1] for v in counts.values())],
            "y": {year: counts[year] for year in sorted(counts)},
        }
    return {"years": [dated[0], dated[-1]] if dated else [], "features": features}
