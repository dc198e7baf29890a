"""Ingest: figures of a sentence, in Vietnamese and English; the article's language."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from geo.ingest import (
    detect_language,
    find_mentions,
    fold,
)
from geo.ingest.figures import _FIGURE_EN_RE, _FIGURE_RE, _VI_LOWER, _matches
from geo.ingest.fold import _CJK
from tests.ingest_common import GAZ

FIGURES = [
    ("2,32 tỷ USD", 2.32, "billion USD", None),
    ("hơn 3,5 tỷ USD", 3.5, "billion USD", "more than"),
    ("686 triệu USD", 686, "million USD", None),
    ("182 tỷ đồng", 182, "billion VND", None),
    ("gần 10.389 tỷ đồng", 10389, "billion VND", "nearly"),
    ("hơn 15 nghìn tỷ đồng", 15000, "billion VND", "more than"),
    ("548.960 triệu đồng", 548960, "million VND", None),
    ("26,7%", 26.7, "%", None),
    ("trên 277 km", 277, "km", "more than"),
    ("1.435 mm", 1435, "mm", None),
    ("gần 4,5 triệu lượt", 4.5, "million visits", "nearly"),
    ("12 dự án", 12, "projects", None),
    ("năm 2019", 2019, "year", None),
    ("18/5/2021", 2021, "year", None),
    ("tháng 8/2022", 2022, "year", None),
]


@pytest.mark.parametrize(
    ("figure", "value", "unit", "qualifier"), FIGURES, ids=[f[0] for f in FIGURES]
)
def test_figures_of_the_sentence_are_read_the_vietnamese_way(
    figure: str, value: float, unit: str, qualifier: str | None
) -> None:
    text = f"Lào Cai đạt {figure} theo báo cáo."
    (m,) = find_mentions(text, gazetteer=GAZ).mentions
    (fig,) = m.figures
    assert (fig.value, fig.unit, fig.text, fig.qualifier) == (value, unit, figure, qualifier)
    assert text[fig.start : fig.end] == figure


def test_a_period_is_its_last_year() -> None:
    (m,) = find_mentions("Giai đoạn 2013-2019 Lào Cai nhận viện trợ.", gazetteer=GAZ).mentions
    (fig,) = m.figures
    assert (fig.value, fig.unit, fig.period) == (2019, "year", "2013-2019")


def test_figures_belong_to_their_own_sentence() -> None:
    text = "Lào Cai đạt 3,8 tỷ USD. Hà Giang có 277 km biên giới."
    lao_cai, ha_giang = find_mentions(text, gazetteer=GAZ).mentions
    assert [f.text for f in lao_cai.figures] == ["3,8 tỷ USD"]
    assert [f.text for f in ha_giang.figures] == ["277 km"]
    assert ha_giang.sentence == "Hà Giang có 277 km biên giới."


ENGLISH_FIGURES = [
    ("exceeded US$300,000 at Lao Cai border gate", (0.3, "million USD", None)),
    ("Lao Cai border gate trade hit USD 2.3 billion", (2.3, "billion USD", None)),
    ("Lao Cai border gate trade fell 39.4 percent", (39.4, "%", None)),
    ("Thanh Thuy border gate opened in late 2014", (2014, "year", None)),
    ("Thanh Thuy border gate exported 3,000 tonnes", (3000, "tonnes", None)),
    ("Kim Thanh border gate clears 1,200 vehicles a day", (1200, "vehicles per day", None)),
    ("Kim Thanh border gate clears more than 300 vehicles per day",
     (300, "vehicles per day", "more than")),
    ("Kim Thanh border gate earned nearly $929,000", (0.929, "million USD", "nearly")),
    ("Lao Cai border gate collected VNĐ840.6 billion", (840.6, "billion VND", None)),
    ("Lao Cai border gate trade reached 183 million USD", (183, "million USD", None)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "figure"), ENGLISH_FIGURES, ids=[f[0] for f in ENGLISH_FIGURES])
def test_figures_of_english_sentences(text: str, figure: tuple[object, ...]) -> None:
    result = find_mentions(text + ".", gazetteer=GAZ)
    assert result.language == "en"
    (mention,) = result.mentions
    assert [(f.value, f.unit, f.qualifier) for f in mention.figures] == [figure]


def test_english_numbers_are_not_read_the_vietnamese_way() -> None:
    (en,) = find_mentions("Lao Cai exported 1,200 tonnes.", gazetteer=GAZ).mentions
    (vi,) = find_mentions("Lào Cai xuất 1.200 người lao động.", gazetteer=GAZ).mentions
    assert [f.value for f in en.figures] == [1200]
    assert [f.value for f in vi.figures] == [1200]


@pytest.mark.parametrize(
    ("text", "language"),
    [("Lao Cai border gate reopened.", "en"), ("Cửa khẩu Lào Cai mở lại.", "vi"),
     ("河口口岸恢复通关。", "zh")],
)  # fmt: skip
def test_language_is_detected(text: str, language: str) -> None:
    assert detect_language(text) == language


FIGURE_SENTENCES = [
    "hơn   3,5 tỷ USD năm 2019 và khoảng 12 dự án, Điều 5, số 2, 18/5/2021",
    "more than  end of 2014, late  2014, US$300,000 and USD 2.3 billion in 2019-2020",
    "about 1,200 vehicles a day, 39.4 percent, 3,000 tonnes; No. 2 gate 2x3 (12 km)",
    "gần 10.389 tỷ đồng. tháng 8/2022 2,32 tỷ USD v2019 a2019 2019-2021, 7",
]


@pytest.mark.parametrize("sentence", FIGURE_SENTENCES)
def test_figures_are_searched_only_near_digits_with_the_same_result(sentence: str) -> None:
    # The figure patterns are tried a few words before each digit, not at every
    # position; what they find must be what a scan of the whole sentence finds.
    text = fold(sentence)
    found = 0
    for pattern in (_FIGURE_RE, _FIGURE_EN_RE):
        for lo in range(0, len(text), 7):
            whole = [m.span() for m in pattern.finditer(text, lo, len(text))]
            assert [m.span() for m in _matches(pattern, text, lo, len(text))] == whole
            found += len(whole)
    assert found >= 3


@pytest.mark.parametrize(
    ("text", "language"),
    [("Hà Giang “mở” cửa khẩu — 2,5 tỷ USD…", "vi"), ("Ha Giang – “Dong Van” plateau…", "en"),
     ("Hekou 河口 county", "en"), ("河口县与老街省 (Lào Cai) 合作", "zh")],
)  # fmt: skip
def test_language_counts_vietnamese_letters_apart_from_quotes_and_dashes(
    text: str, language: str
) -> None:
    assert detect_language(text) == language


def _language_by_regex(text: str) -> str:
    """``detect_language`` as it was written before its counts moved to numpy."""
    sample = unicodedata.normalize("NFC", text[:5000])
    other_re = re.compile(f"[^\\x00-\\x7f{_CJK}{_VI_LOWER}{_VI_LOWER.upper()}]")
    ascii_bytes = sample.encode("ascii", "ignore")
    latin = sum(chr(c).isalpha() for c in ascii_bytes)
    if len(ascii_bytes) == len(sample):
        return "en"
    cjk = len(re.findall(f"[{_CJK}]", sample))
    vi = len(sample) - len(ascii_bytes) - cjk - len(other_re.findall(sample))
    if cjk and cjk * 2 >= latin + vi:
        return "zh"
    if vi and vi >= 0.03 * (latin + vi):
        return "vi"
    return "en"


def test_language_counts_each_kind_of_character_as_the_regular_expressions_did() -> None:
    rng = random.Random(3)
    pool = "Lào Cai Hà Khẩu đường bộ ĐỒNG VĂN river gate 河口口岸老街 “”–—…’ ñ é 😀 \ud800 ́"
    texts = ["", "abc", "😀", "\ud800", "e\u0301" * 40 + "a" * 1000, "河" + "x" * 6000]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 300))) for _ in range(500)]
    answers = set()
    for text in texts:
        assert detect_language(text) == _language_by_regex(text), text
        answers.add(detect_language(text))
    assert answers == {"en", "vi", "zh"}
