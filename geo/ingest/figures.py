"""Sentences, the article's language, and the figures of a sentence."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Final

import numpy as np

from geo.ingest.fold import _CJK, _CJK_RE, _Folded
from geo.ingest.results import Figure

# --- sentences and figures --------------------------------------------------------

_SENTENCE_END_RE: Final = re.compile(r"[.!?…]+[\"”’)\]]*[ \t]+(?=\S)")
#: Chinese ends its sentences with a full stop (or ! ?, folded from ！？) and no space
#: before the next one; looked for only in lines with Chinese characters.
_ZH_SENTENCE_END_RE: Final = re.compile(
    rf"[.!?…]+[\"”’)\]]*[ \t]+(?=\S)|(?P<zh>[。!?]+[”’」』)]*[ \t]*(?=[{_CJK}“「‘]))"
)
#: A word: the last one before a sentence end ("TP." ends no sentence).
_WORD_RE: Final = re.compile(r"\w+")
_ABBREVIATIONS: Final = frozenset({"tp", "tx", "mr", "dr", "st", "ts", "ths", "pgs", "gs", "ong"})


class _Sentences:
    """Sentence bounds (folded indices), computed line by line as they are asked for."""

    def __init__(self, original: str, fmap: _Folded) -> None:
        self.original = original
        self.fmap = fmap
        self.lines: dict[int, list[int]] = {}

    def bounds(self, fpos: int) -> tuple[int, int]:
        folded = self.fmap.text
        lo = folded.rfind("\n", 0, fpos) + 1
        hi = folded.find("\n", fpos)
        hi = len(folded) if hi < 0 else hi
        starts = self.lines.get(lo)
        if starts is None:
            starts = self.lines[lo] = _sentence_starts(folded, self.original, self.fmap, lo, hi)
        idx = bisect_right(starts, fpos) - 1
        return starts[idx], starts[idx + 1] if idx + 1 < len(starts) else hi


def _sentence_starts(folded: str, original: str, fmap: _Folded, lo: int, hi: int) -> list[int]:
    """Folded indices where the sentences of one line [lo, hi) start."""
    starts = [lo]
    # (Text folded the fast way has no Chinese character.)
    zh = not fmap.ascii_words and _CJK_RE.search(folded, lo, hi) is not None
    for m in (_ZH_SENTENCE_END_RE if zh else _SENTENCE_END_RE).finditer(folded, lo, hi):
        end = m.end()
        if zh and m.group("zh"):
            starts.append(end)
            continue
        nxt = original[fmap.orig(end)] if end < len(folded) else ""
        if not (nxt.isupper() or nxt.isdigit() or nxt in '"“‘(['):
            continue
        # The first word of the last chunk before the stop (what ``(\w+)[.!?…]*\S*\s*$``
        # finds in these 12 characters, without trying each of them).
        chunks = folded[max(lo, m.start() - 12) : m.end()].rsplit(maxsplit=1)
        word = _WORD_RE.search(chunks[-1]) if chunks else None
        if word and (word.group() in _ABBREVIATIONS or len(word.group()) == 1):
            continue  # "TP. Lào Cai", "Nguyễn A. B" do not end a sentence
        starts.append(end)
    return starts


_NUMBER: Final = r"\d{1,3}(?:\.\d{3})+(?![\d.])(?:,\d+)?|\d+(?:[.,]\d+)?"
_QUALIFIERS: Final = {
    "hon": "more than",
    "tren": "more than",
    "more than": "more than",
    "over": "more than",
    "gan": "nearly",
    "xap xi": "nearly",
    "nearly": "nearly",
    "almost": "nearly",
    "khoang": "about",
    "chung": "about",
    "uoc tinh": "about",
    "uoc": "about",
    "about": "about",
    "around": "about",
    "duoi": "less than",
    "less than": "less than",
    "it nhat": "at least",
    "toi thieu": "at least",
    "at least": "at least",
}
#: Folded unit words → (unit of ``geo.schema.FACT_UNITS``, multiplier).
_UNITS: Final = {
    "nghin ty dong": ("billion VND", 1000),
    "ngan ty dong": ("billion VND", 1000),
    "ty usd": ("billion USD", 1),
    "trieu usd": ("million USD", 1),
    "billion usd": ("billion USD", 1),
    "million usd": ("million USD", 1),
    "ty dong": ("billion VND", 1),
    "trieu dong": ("million VND", 1),
    "billion vnd": ("billion VND", 1),
    "million vnd": ("million VND", 1),
    "trieu luot": ("million visits", 1),
    "%": ("%", 1),
    "km": ("km", 1),
    "mm": ("mm", 1),
    "du an": ("projects", 1),
    "van ban": ("agreements", 1),
    "lao dong": ("people", 1),
    "nguoi": ("people", 1),
    "nam": ("years", 1),
    "years": ("years", 1),
}


def _alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of the words, the longest first (so it wins)."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_QUAL_RE: Final = _alternation(_QUALIFIERS)
_UNIT_RE: Final = _alternation(_UNITS)
_YEAR: Final = r"(?:1[89]|20)\d{2}"
_FIGURE_RE: Final = re.compile(
    rf"(?<![\w.,/])(?:(?P<q>{_QUAL_RE})\s+)?"
    rf"(?:(?P<p1>{_YEAR})\s*-\s*(?P<p2>{_YEAR})(?![\d/])"
    rf"|(?:nam|year|in)\s+(?P<y1>{_YEAR})(?![\d/]|[.,]\d)"
    rf"|\d{{1,2}}/\d{{1,2}}/(?P<y2>{_YEAR})(?!\d)"
    rf"|(?:thang\s+)?\d{{1,2}}[/.](?P<y3>{_YEAR})(?![\d/])"
    rf"|(?P<n>{_NUMBER})\s*(?P<u>{_UNIT_RE})(?!\w))"
)


_VI_LOWER: Final = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
#: The kinds of character ``detect_language`` counts, by UTF-16 code unit.
_ASCII_OTHER, _ASCII_LETTER, _VI_LETTER, _CJK_CHAR, _OTHER_CHAR = range(5)


def _kind_table() -> np.ndarray:
    """
    The kind of every UTF-16 code unit, by its value: ASCII letter or not, letter with
    Vietnamese marks, Chinese character (``_CJK``), or another character (quotes,
    dashes, other scripts; and surrogates: a character outside the BMP is no letter).
    """
    table = np.full(0x10000, _OTHER_CHAR, dtype=np.uint8)
    table[:0x80] = _ASCII_OTHER
    for code in range(0x80):
        if chr(code).isalpha():
            table[code] = _ASCII_LETTER
    for ch in _VI_LOWER + _VI_LOWER.upper():
        table[ord(ch)] = _VI_LETTER
    for lo, hi in zip(_CJK[0::3], _CJK[2::3], strict=True):  # "\u3400-\u4dbf…": ranges
        table[ord(lo) : ord(hi) + 1] = _CJK_CHAR
    return table


_KIND_TABLE: Final = _kind_table()


def detect_language(text: str) -> str:
    """
    The language of a text: "zh", "vi" or "en" (by its letters, for reading figures).

    Chinese when Chinese characters are at least a third of the letters, Vietnamese
    when at least 3 % of the Latin letters carry Vietnamese marks, English otherwise.
    """
    sample = text[:5000]
    if not unicodedata.is_normalized("NFC", sample):
        sample = unicodedata.normalize("NFC", sample)
    # Each character's kind looked up in a table and counted, all in numpy: one pass
    # instead of a regular-expression scan for each kind.
    units = np.frombuffer(sample.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    counts = np.bincount(_KIND_TABLE.take(units), minlength=5).tolist()
    latin, vi, cjk = counts[_ASCII_LETTER], counts[_VI_LETTER], counts[_CJK_CHAR]
    if vi + cjk + counts[_OTHER_CHAR] == 0:
        return "en"  # no Chinese character, no Vietnamese mark
    if cjk and cjk * 2 >= latin + vi:
        return "zh"
    if vi and vi >= 0.03 * (latin + vi):
        return "vi"
    return "en"


def _parse_number(text: str) -> Decimal:
    """A number written the Vietnamese way: dot thousands, comma decimals."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return Decimal(text.replace(".", "").replace(",", "."))
    return Decimal(text.replace(",", "."))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


_EN_NUMBER: Final = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
_EN_QUAL_RE: Final = "|".join(
    sorted(
        (
            re.escape(q)
            for q in _QUALIFIERS
            if (q.isascii() and " " in q) or q in {"over", "nearly", "almost", "about", "around"}
        ),
        key=len,
        reverse=True,
    )
)
_MONTHS: Final = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
#: English units → (unit, multiplier); "tonnes" and "vehicles" are ingest's own units.
_EN_UNITS: Final = {
    "billion usd": ("billion USD", 1),
    "million usd": ("million USD", 1),
    "billion vnd": ("billion VND", 1),
    "million vnd": ("million VND", 1),
    "percent": ("%", 1),
    "per cent": ("%", 1),
    "%": ("%", 1),
    "km": ("km", 1),
    "tonnes": ("tonnes", 1),
    "tonne": ("tonnes", 1),
    "tons": ("tonnes", 1),
    "vehicles": ("vehicles", 1),
    "trucks": ("vehicles", 1),
    "people": ("people", 1),
    "persons": ("people", 1),
    "projects": ("projects", 1),
    "agreements": ("agreements", 1),
    "years": ("years", 1),
}
_EN_UNIT_RE: Final = _alternation(_EN_UNITS)
_FIGURE_EN_RE: Final = re.compile(
    rf"(?<![\w.,/$])(?:(?P<q>{_EN_QUAL_RE})\s+)?"
    rf"(?:(?:us\$|\$|usd\s?)(?P<usd>{_EN_NUMBER})(?:\s*(?P<usdm>billion|million|bn)\b)?"
    rf"|vnd\s?(?P<vnd>{_EN_NUMBER})\s*(?P<vndm>billion|million)\b"
    rf"|(?P<p1>{_YEAR})\s*-\s*(?P<p2>{_YEAR})(?![\d/])"
    rf"|(?:late|early|mid|end of|in|since|by|of)\s+(?P<y1>{_YEAR})(?![\d/]|[.,]\d)"
    rf"|(?:{_MONTHS})\s+\d{{1,2}},?\s+(?P<y2>{_YEAR})(?!\d)"
    rf"|(?P<n>{_EN_NUMBER})\s*(?P<u>{_EN_UNIT_RE})(?!\w)"
    rf"(?P<rate>\s+(?:a|per|each)\s+day|\s+daily)?)"
)


_DIGITS_RE: Final = re.compile(r"\d+")
#: Words a figure may have before its first digit ("more than end of 2014": four) and
#: one more for the word the digit may be glued to ("US$300").
_WORDS_BEFORE_DIGIT: Final = 5


def _matches(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """
    What ``pattern.finditer(text, lo, hi)`` gives, for a figure pattern: every match
    has a digit, at most four words before its first one, so the search starts a few
    words before the next digit instead of trying every position of the sentence.
    """
    pos = lo
    while (digit := _DIGITS_RE.search(text, pos, hi)) is not None:
        start = digit.start()
        for _ in range(_WORDS_BEFORE_DIGIT):
            start = text.rfind(" ", pos, start)
            if start < 0:
                start = pos
                break
            while start > pos and text[start - 1] == " ":
                start -= 1
        m = pattern.search(text, start, hi)
        if m is None:
            return
        yield m
        pos = m.end()


def _figures_en(fmap: _Folded, original: str, lo: int, hi: int) -> tuple[Figure, ...]:
    """Figures of an English sentence: "US$300,000", "39.4 percent", "late 2014"."""
    out = []
    for m in _matches(_FIGURE_EN_RE, fmap.text, lo, hi):
        qual = _QUALIFIERS.get(m.group("q") or "")
        period = None
        value: int | float
        if m.group("p2"):
            value, unit = int(m.group("p2")), "year"
            period = f"{m.group('p1')}-{m.group('p2')}"
        elif year := m.group("y1") or m.group("y2"):
            value, unit = int(year), "year"
        elif amount := m.group("usd") or m.group("vnd"):
            number = Decimal(amount.replace(",", ""))
            scale = m.group("usdm") or m.group("vndm")
            currency = "USD" if m.group("usd") else "VND"
            if scale in {"billion", "bn"}:
                unit = f"billion {currency}"
            elif scale == "million":
                unit = f"million {currency}"
            else:
                unit, number = f"million {currency}", number / Decimal(1_000_000)
            value = _number(number)
        else:
            unit, times = _EN_UNITS[m.group("u")]
            if unit == "vehicles" and m.group("rate"):
                unit = "vehicles per day"
            value = _number(Decimal(m.group("n").replace(",", "")) * times)
        start, end = fmap.orig(m.start()), fmap.orig(m.end())
        out.append(Figure(value, unit, original[start:end], start, end, qual, period))
    return tuple(out)


_DIGIT_RE: Final = re.compile(r"\d")


def _figures(
    fmap: _Folded, original: str, lo: int, hi: int, *, language: str = "vi"
) -> tuple[Figure, ...]:
    if not _DIGIT_RE.search(fmap.text, lo, hi):
        return ()  # no figure without a digit
    if language == "en":
        return _figures_en(fmap, original, lo, hi)
    out = []
    for m in _matches(_FIGURE_RE, fmap.text, lo, hi):
        qual = _QUALIFIERS.get(m.group("q") or "")
        period = None
        if m.group("p2"):
            value: int | float = int(m.group("p2"))
            unit = "year"
            period = f"{m.group('p1')}-{m.group('p2')}"
        elif year := m.group("y1") or m.group("y2") or m.group("y3"):
            value, unit = int(year), "year"
        else:
            unit, times = _UNITS[m.group("u")]
            value = _number(_parse_number(m.group("n")) * times)
        start, end = fmap.orig(m.start()), fmap.orig(m.end())
        out.append(Figure(value, unit, original[start:end], start, end, qual, period))
    return tuple(out)
