"""CSV cells that a spreadsheet shows as text and never runs as a formula."""

from __future__ import annotations

#: What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text``, with a leading ``'`` where a spreadsheet would otherwise run it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text
