"""
CSV as the csv module writes it, made column by column for large tables, with cells
that a spreadsheet shows as text and never runs as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Final

#: What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text``, with a leading ``'`` where a spreadsheet would otherwise run it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _csv_specials() -> str:
    """The characters that make the csv module quote a cell (``\\r`` only from Python 3.12)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    found = ""
    for char in ',"\n\r\t ;':
        out.seek(0)
        out.truncate()
        writer.writerow([f"a{char}b", ""])
        if out.getvalue().startswith('"'):
            found += char
    return found


#: A cell with one of these characters is quoted, as the csv module quotes it.
_CSV_SPECIALS: Final = _csv_specials()
_CSV_QUOTE: Final = re.compile(f"[{re.escape(_CSV_SPECIALS)}]")
#: A cell starting with one of these a spreadsheet runs as a formula (after a newline).
_CSV_FORMULA: Final = re.compile(f"\n[{re.escape(''.join(FORMULA_START))}]")
#: Rows written at a time: whole files would be one string as large as the file.
_CSV_CHUNK: Final = 20_000


def _safe(column: list[str]) -> list[str]:
    """Text cells a spreadsheet would run as a formula get a ``'``; one search if none does."""
    if not _CSV_FORMULA.search("\n" + "\n".join(column)):
        return column
    return [spreadsheet_safe(c) if c.startswith(FORMULA_START) else c for c in column]


def _quoted(column: list[str]) -> list[str]:
    """Cells quoted as the csv module quotes them (minimal quoting); one search if none is."""
    if not _CSV_QUOTE.search("".join(column)):
        return column
    if _CSV_SPECIALS == ',"\n':  # this Python's csv module (3.11): three tests beat a search
        return [
            '"' + c.replace('"', '""') + '"' if ("," in c or '"' in c or "\n" in c) else c
            for c in column
        ]
    search = _CSV_QUOTE.search
    return ['"' + c.replace('"', '""') + '"' if search(c) else c for c in column]


def write_csv(
    path: Path,
    header: tuple[str, ...],
    columns: list[list[str]],
    *,
    text_columns: frozenset[str],
) -> None:
    """
    Write the columns as rows; text cells a spreadsheet would run as a formula get a ``'``.

    Byte for byte what ``csv.writer(fh, lineterminator="\\n")`` writes, column by column:
    a column without a cell to quote is written as it is.
    """
    cells = [
        _quoted(_safe(column) if name in text_columns else column)
        for name, column in zip(header, columns, strict=True)
    ]
    lines = list(map(",".join, zip(*cells, strict=True)))
    if len(header) == 1:  # the csv module writes a row of one empty cell as ""
        lines = [line or '""' for line in lines]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(_quoted(list(header))) + "\n")
        for start in range(0, len(lines), _CSV_CHUNK):
            fh.write("\n".join(lines[start : start + _CSV_CHUNK]) + "\n")
