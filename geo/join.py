"""Join stage: attach to every feature the facts about it, each with its source."""

from __future__ import annotations

import copy
from typing import Any

from geo.load import Dataset
from geo.schema import FACTS, LAYERS, SOURCES


def source_records(data: Dataset) -> dict[str, dict[str, Any]]:
    """sources.csv rows keyed by file, empty cells as None."""
    return {
        row["file"]: {c: (row.get(c) or None) for c in SOURCES.column_names} for row in data.sources
    }


def fact_record(row: dict[str, str]) -> dict[str, Any]:
    """A facts.csv row with typed values: ints, a float figure, a list of features."""
    out: dict[str, Any] = {c: (row.get(c) or None) for c in FACTS.column_names}
    out["features"] = [f for f in (row.get("features") or "").split(";") if f]
    for key in ("year", "paragraph"):
        out[key] = int(out[key]) if out[key] else None
    out["value"] = float(out["value"]) if out["value"] else None
    return out


def facts_by_feature(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Facts about each feature id, ordered by year (undated last), then id."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in data.facts:
        rec = fact_record(row)
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
    """
    facts = facts_by_feature(data)
    sources = source_records(data)
    out: dict[str, list[dict[str, Any]]] = {}
    for layer in LAYERS:
        feats = []
        for original in data.features.get(layer.name, []):
            feat = copy.deepcopy(original)
            props = feat["properties"]
            props["facts"] = [_with_source(rec, sources) for rec in facts.get(props["id"], [])]
            feats.append(feat)
        out[layer.name] = feats
    return out


def _with_source(rec: dict[str, Any], sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    src = sources.get(rec["source"], {})
    fact = {k: v for k, v in rec.items() if k != "features"}
    for key in ("title", "outlet", "date", "year", "url"):
        fact[f"source_{key}"] = src.get(key)
    return fact
