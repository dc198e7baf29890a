"""``geo fmt``: rewrite ``layers/`` in the reviewable layout that ``geo check`` expects."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any

from geo._geojson import write_collection
from geo.load import Dataset, layer_path, table_path
from geo.schema import FACTS, LAYERS, REDIRECTS, SOURCES, Table


def nfc(value: Any) -> Any:
    """``value`` with every string in it in Unicode NFC (composed accents)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


def format_dataset(data: Dataset, *, layers_dir: Path) -> list[Path]:
    """
    Rewrite every layer and table of ``data`` in the reviewable layout.

    Layers: one feature a line, sorted by id, coordinates rounded, fields in schema
    order. Tables: facts and sources sorted by key. Everywhere: UTF-8 without BOM, LF
    line endings, NFC text. ``data`` must have been read without unreadable files.

    Returns
    -------
    list of Path
        The files written.
    """
    written = []
    for layer in LAYERS:
        path = layer_path(layers_dir, layer)
        feats = [nfc(f) for f in data.features[layer.name]]
        write_collection(path, feats, name=layer.name, field_order=layer.field_names)
        written.append(path)
    tables: tuple[tuple[Table, list[dict[str, str]], bool], ...] = (
        (FACTS, data.facts, True),
        (SOURCES, data.sources, True),
        (REDIRECTS, data.redirects, False),
    )
    for table, rows, sort in tables:
        path = table_path(layers_dir, table)
        if not rows and not path.exists():
            continue
        ordered = sorted(rows, key=lambda r: r.get(table.key) or "") if sort else rows
        path.write_text(dumps_table(table, ordered), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def dumps_table(table: Table, rows: list[dict[str, str]]) -> str:
    """``rows`` as CSV text in ``table``'s column order, LF line endings, NFC text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=table.column_names, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: nfc(row.get(k) or "") for k in table.column_names} for row in rows)
    return out.getvalue()
