"""CSV cells that a spreadsheet shows as text and never runs as a formula."""

from __future__ import annotations

#: What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text``, with a leading ``'`` where a spreadsheet would otherwise run it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


#: What makes the csv module (QUOTE_MINIMAL, ``,`` and ``"``) quote a cell.
_NEEDS_QUOTES = (",", '"', "\r", "\n")


def _quoted(cells: list[str]) -> list[str]:
    """A column's cells as ``csv.writer`` writes them: quoted only where they must be."""
    joined = "\x00".join(cells)
    if not any(c in joined for c in _NEEDS_QUOTES):
        return cells  # nothing to quote in the whole column (most columns)
    return [
        '"' + cell.replace('"', '""') + '"' if any(c in cell for c in _NEEDS_QUOTES) else cell
        for cell in cells
    ]


def csv_text(header: tuple[str, ...] | list[str], columns: list[list[str]]) -> str:
    """
    The CSV text ``csv.writer(fh, lineterminator="\n")`` writes for ``header`` and rows
    made of ``columns`` (all text, all as long), made column by column: for large tables.
    """
    if len(header) < 2 or len(columns) != len(header) or any(c == "" for c in header):
        msg = "csv_text needs two or more named columns, one list of cells each"
        raise ValueError(msg)
    return ",".join(_quoted(list(header))) + "\n" + csv_rows_text(columns)


def csv_rows_text(columns: list[list[str]]) -> str:
    """The rows of :func:`csv_text` without its header: for a table written in blocks."""
    width = len(columns)
    rows = len(columns[0]) if columns else 0
    cells: list[str] = [""] * (width * rows)
    for k, column in enumerate(columns):
        if len(column) != rows:
            msg = "every column needs a cell for every row"
            raise ValueError(msg)
        cells[k::width] = _quoted(column)
    pieces: list[str] = [""] * (2 * width * rows)
    pieces[0::2] = cells
    pieces[1::2] = ([","] * (width - 1) + ["\n"]) * rows
    return "".join(pieces)
