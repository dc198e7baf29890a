"""Folding and tokens: one character for one, with the map back to the input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final


def _words(text: str) -> list[str]:
    """Folded words of a vocabulary written as one string."""
    return text.split()


# --- folding ----------------------------------------------------------------------

_MARK: Final = "\x00"  # what a combining mark folds to before it is dropped
_DASHES: Final = frozenset("‐‑‒–—―−﹣－")
_INVISIBLE: Final = frozenset({0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed on first use: one character for one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if code in _INVISIBLE or unicodedata.combining(ch) or unicodedata.category(ch) == "Mn":
            out = _MARK
        elif ch in _DASHES:
            out = "-"
        elif ch.isspace() and ch != "\n":
            out = " "
        else:
            compat = unicodedata.normalize("NFKC", ch)
            base = compat if len(compat) == 1 else ch
            stripped = "".join(
                c for c in unicodedata.normalize("NFD", base) if not unicodedata.combining(c)
            )
            folded = stripped.replace("đ", "d").replace("Đ", "d").casefold()
            # Multi-character case folds (ß → ss) would break the offset map.
            out = folded[0] if folded else _MARK
        self[code] = out
        return out


_FOLD_TABLE: Final = _FoldTable()


@dataclass(frozen=True)
class _Folded:
    """Folded text and where each of its characters came from in the original."""

    text: str
    offsets: list[int] | None  # None: identity (no character was dropped)

    def orig(self, index: int) -> int:
        """Original index of folded ``index`` (``len(text)`` maps past the end)."""
        return self.offsets[index] if self.offsets is not None else index


def _fold_mapped(text: str) -> _Folded:
    out = text.translate(_FOLD_TABLE)
    if _MARK not in out:
        return _Folded(out, None)
    offsets = [i for i, ch in enumerate(out) if ch != _MARK]
    offsets.append(len(out))
    return _Folded(out.replace(_MARK, ""), offsets)


def fold(text: str) -> str:
    """
    Fold text for matching: no diacritics (NFC or NFD), đ → d, case folded.

    Examples: "Lào Cai", "LAO CAI" and the NFD form of "Lào Cai" all fold to
    "lao cai"; "Cửa khẩu – Hà Khẩu" folds to "cua khau - ha khau".
    """
    return _fold_mapped(text).text


_CJK: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE: Final = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+|\n|[^\w\s]|_")
_CJK_RE: Final = re.compile(f"[{_CJK}]")


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(fold(text))
