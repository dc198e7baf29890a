"""Folding and tokens: one character for one, with the map back to the input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import numpy as np

from geo.ingest.traditional import SIMPLIFIED, TRADITIONAL


def _words(text: str) -> list[str]:
    """Folded words of a vocabulary written as one string."""
    return text.split()


# --- folding ----------------------------------------------------------------------

_MARK: Final = "\x00"  # what a combining mark folds to before it is dropped
_DASHES: Final = frozenset("‐‑‒–—―−﹣－")
_INVISIBLE: Final = frozenset({0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})


#: Traditional Chinese characters fold to their simplified forms (與 → 与, 紅 → 红,
#: 縣 → 县): pages in traditional characters name the same places.
_SIMPLIFIED: Final = dict(zip(TRADITIONAL, SIMPLIFIED, strict=True))


#: Vietnamese đ, and its look-alikes the eth (Ð, ð) and the African D (Ɖ, ɖ), are d.
_D_TABLE: Final = str.maketrans("đĐÐðƉɖ", "dddddd")


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed on first use: one character for one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _SIMPLIFIED:
            self[code] = _SIMPLIFIED[ch]
            return self[code]
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
            # (Ð, the Icelandic eth, stands for Đ in text from old Vietnamese encodings)
            folded = stripped.translate(_D_TABLE).casefold()
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
    #: Folded the fast way: its only letters and digits are ASCII ones.
    ascii_words: bool = False
    #: Folded the fast way, the text before lower case as ASCII bytes, one for each
    #: character (an original capital is a capital here; quotes and "…" are control
    #: characters): where ``geo.ingest.match`` looks for words and capitals in C.
    cased: bytes | None = None

    def orig(self, index: int) -> int:
        """Original index of folded ``index`` (``len(text)`` maps past the end)."""
        return self.offsets[index] if self.offsets is not None else index


#: The fast way to fold most Latin-script news text (its definition; ``_CASED_TABLE``
#: applies it a character at a time, in one numpy look-up): decompose (compatibility
#: forms too: full-width "，" is ","), keep the ASCII (the marks go), lower case.
#: Characters that fold to something else than their ASCII part are replaced before
#: (đ → d, Đ → D) or stand in for themselves as a control character meanwhile ("…",
#: quotes).
_FAST_BEFORE: Final = (
    ("đ", "d"),
    ("Đ", "D"),
    ("Ð", "D"),
    ("ð", "d"),
    ("–", "-"),
    ("—", "-"),
    ("\xa0", " "),
    ("\t", " "),
    ("\r", " "),
    ("…", "\x01"),
    ("“", "\x02"),
    ("”", "\x03"),
    ("‘", "\x04"),
    ("’", "\x05"),
)
_FAST_AFTER: Final = tuple((new, old) for old, new in _FAST_BEFORE if new < " ")


def _fast_cased(text: str) -> bytes:
    """The fast way's ASCII before lower case (``_Folded.cased``)."""
    for old, new in _FAST_BEFORE:
        if old in text:
            text = text.replace(old, new)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore")


def _lowered(cased: bytes) -> str:
    """Folded text from the fast way's ASCII before lower case."""
    out = cased.lower().decode("ascii")
    for old, new in _FAST_AFTER:
        if old in out:
            out = out.replace(old, new)
    return out


def _fast_fold(text: str) -> str:
    return _lowered(_fast_cased(text))


def _fast_chars() -> list[int]:
    """
    Code points the fast way folds exactly as ``_FOLD_TABLE`` does, one for one, each
    on its own and so in any text: printable ASCII, tabs and line breaks, the Latin
    letters with diacritics (all of Vietnamese), the dashes, quotes and spaces of
    ``_FAST_BEFORE``. ``tests/test_ingest_text.py`` checks every one.
    """
    ranges = ((0x20, 0x7F), (0xA0, 0x250), (0x1E00, 0x1F00))
    candidates = [10, 9, 13, *(c for lo, hi in ranges for c in range(lo, hi))]
    candidates += (ord(old) for old, _ in _FAST_BEFORE)
    return sorted(
        {c for c in candidates if _fast_fold(chr(c)) == chr(c).translate(_FOLD_TABLE) != _MARK}
    )


def _char_class(codes: list[int]) -> str:
    """A regular-expression class of sorted code points, as ranges."""
    parts, k = [], 0
    while k < len(codes):
        j = k
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[k])), re.escape(chr(codes[j]))
        parts.append(lo if j == k else f"{lo}-{hi}")
        k = j + 1
    return "".join(parts)


#: A character outside ``_fast_chars()``: the text is folded by the table.
_SLOW_RE: Final = re.compile(f"[^{_char_class(_fast_chars())}]")


#: What ``_SLOW_RE`` finds, as the fast way's ASCII byte of a character that has none:
#: no fast character folds to it (they all fold to ASCII).
_NOT_FAST: Final = 0xFF


def _cased_table() -> np.ndarray:
    """
    The fast way's ASCII byte (``_fast_cased``) of every UTF-16 code unit, by its value:
    ``_NOT_FAST`` for the characters it does not take (and for surrogates, so a
    character outside the BMP is not taken either). Each character it takes is folded
    on its own to one byte (``_fast_chars``), so that a text's bytes are its
    characters' looked up one by one: what NFKD and ``encode`` give, in one numpy
    ``take`` instead of a decomposition of every character.
    """
    table = np.full(0x10000, _NOT_FAST, dtype=np.uint8)
    for code in _fast_chars():
        (byte,) = _fast_cased(chr(code))
        table[code] = byte
    return table


_CASED_TABLE: Final = _cased_table()


def _cased_or_none(text: str) -> bytes | None:
    """The fast way's ASCII bytes of ``text``, or None when it has another character."""
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    cased = _CASED_TABLE.take(units)
    if cased.size and cased.max() == _NOT_FAST:
        return None
    return cased.tobytes()


def _fold_mapped(text: str) -> _Folded:
    cased = _cased_or_none(text)
    if cased is not None:  # most articles: no combining mark, nothing unusual
        return _Folded(_lowered(cased), None, ascii_words=True, cased=cased)
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
    "lao cai"; "Cửa khẩu – Hà Khẩu" folds to "cua khau - ha khau"; traditional
    Chinese folds to simplified: "紅河縣" to "红河县".
    """
    return _fold_mapped(text).text


_CJK: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE: Final = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+|\n|[^\w\s]|_")
_CJK_RE: Final = re.compile(f"[{_CJK}]")


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(fold(text))
