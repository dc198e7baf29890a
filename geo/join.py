"""Join stage: attach to every feature the facts about it, each with its source."""

from __future__ import annotations

from typing import Any

from geo.load import Dataset
from geo.schema import FACTS, LAYERS, SOURCES


def source_records(data: Dataset) -> dict[str, dict[str, Any]]:
    """sources.csv rows keyed by file, empty cells as None."""
    return {
        row["file"]: {c: (row.get(c) or None) for c in SOURCES.column_names} for row in data.sources
    }


def fact_record(row: dict[str, str], *, columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A facts.csv row with typed values: ints, a float figure, a list of features."""
    out: dict[str, Any] = {c: (row.get(c) or None) for c in columns or FACTS.column_names}
    out["features"] = [f for f in (row.get("features") or "").split(";") if f]
    for key in ("year", "paragraph"):
        out[key] = int(out[key]) if out[key] else None
    out["value"] = float(out["value"]) if out["value"] else None
    return out


def facts_by_feature(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Facts about each feature id, ordered by year (undated last), then id."""
    out: dict[str, list[dict[str, Any]]] = {}
    columns = tuple(FACTS.column_names)
    for row in data.facts:
        rec = fact_record(row, columns=columns)
        for fid in rec["features"]:
            out.setdefault(fid, []).append(rec)
    for facts in out.values():
        facts.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["id"]))
    return out


def joined_layers(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """
    Every layer's features with a ``facts`` property added.

    Each fact carries the fields of ``facts.csv`` (minus the feature list) and
    ``source_title``, ``source_outlet``, ``source_date``, ``source_year`` and
    ``source_url`` from ``sources.csv``, so a popup needs nothing else.

    The features are new dicts with new ``properties``; geometries and the fact
    records (one per fact, shared by the features it is about) are shared, so treat
    the result as read-only.
    """
    sources = source_records(data)
    no_source: dict[str, Any] = {}
    columns = tuple(c for c in FACTS.column_names if c != "features")
    facts: dict[str, list[dict[str, Any]]] = {}
    # One pass over facts.csv: each fact typed and given its source once (as
    # fact_record and facts_by_feature would, without their intermediate records).
    for row in data.facts:
        fact: dict[str, Any] = {c: (row.get(c) or None) for c in columns}
        for key in ("year", "paragraph"):
            fact[key] = int(fact[key]) if fact[key] else None
        fact["value"] = float(fact["value"]) if fact["value"] else None
        src = sources.get(fact["source"], no_source)
        for key in ("title", "outlet", "date", "year", "url"):
            fact[f"source_{key}"] = src.get(key)
        for fid in (row.get("features") or "").split(";"):
            if fid:
                facts.setdefault(fid, []).append(fact)
    for about in facts.values():
        about.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["id"]))
    out: dict[str, list[dict[str, Any]]] = {}
    for layer in LAYERS:
        feats = []
        for original in data.features.get(layer.name, []):
            props = dict(original["properties"])
            props["facts"] = list(facts.get(props["id"], ()))
            feats.append({**original, "properties": props})
        out[layer.name] = feats
    return out
