"""Ingest: only the lines that may give an answer are cut into tokens, with the same answers."""

from __future__ import annotations

import random
from typing import Any

import pytest

from geo.ingest import find_mentions
from geo.ingest.fold import _fast_chars, _fold_mapped
from geo.ingest.match import _LineFilter
from tests import test_ingest_figures, test_ingest_match
from tests.ingest_common import GAZ, ids
from tests.scripts import script

#: Lines whose answer hangs on a cue, a capital or a gloss at the edge of what the
#: filter reads: spaces, "TP.", qualifiers, a cue glued to a longer word, glosses.
TRAPS = [
    "Hợp tác kinh tế.\nĐoàn về TP.Lào Cai.\nKinh tế phát triển.\n",
    "Đoàn về tp . Hà Giang.\nĐoàn về TP.  Hà Giang.\nĐoàn về TP  .Bảo Thắng.\n",
    "Đoàn đến tỉnh   Tuyên Quang.\nĐoàn đến huyện  Bảo Yên.\nx\n",
    "Qua cửa khẩu quốc tế song phương Mường Khương.\nQua cửa khẩu Phong Thổ.\n",
    "Thị xã Sa Pa đón khách.\nthị xã Nghĩa Lộ.\nthị trấn Phố Ràng.\nxã Bản Phiệt.\n",
    "Xe qua cầu Kim Thành.\nTàu đến ga Phố Lu.\nlối mở Bản Vược.\nchợ biên giới Cốc Lếu.\n",
    "Phường Duyên Hải.\nphường Cốc Lếu.\nchâu Văn Sơn.\nChâu Á.\n",
    "the Yen Minh district and Hoang Su Phi District.\nthe Nanxi River border gate.\n",
    "xthi xã Lào Cai.\nanhtỉnh Hà Giang.\n_tỉnh Bắc Hà.\n(tỉnh Lai Châu)\n",
    "Lào Cai (Việt Nam\nhợp tác) và Vân Nam ký thỏa thuận hợp tác.\n",
    "Lào Cai (hợp tác\nkinh tế) và Vân Nam.\nHà Giang (hợp tác\n\nkinh tế) và Văn Sơn.\n",
    "Lào Cai hợp tác với\nVân Nam.\nLào Cai - Vân Nam hợp tác.\n",
    "hành lang kinh tế Côn Minh - Lào Cai\n- Hà Nội - Hải Phòng.\n",
    "Nguyễn Thị Hồng Hà.\nLê Văn Sơn.\nHanoi time.\ngiờ Hà Nội.\n",
    "Đoàn đại biểu tỉnh Hà Giang và\nĐoàn đại biểu châu Văn Sơn hội đàm.\n",
    "fb yt zl tw\nhttps://example.org/lao-cai\nĐoàn đến Lào Cai.\n",
    "ĐOÀN ĐẾN TỈNH LÀO CAI.\nĐồng Văn.\nĐà Nẵng.\nđến Đồng Đăng.\n",
    "Đến TỈNH Bảo Yên.\ntỉnh…Bảo Yên.\n(tỉnh)Bảo Yên.\ntỉnh\tBắc Hà.\nthị xã.Sa Pa\n",
    "Quốc Bảo Yên.\ncửa khẩu QUỐC TẾ Bản Vược.\nhuyện-Bảo Yên.\nhuyện 2 Bảo Yên.\n",
]


def _texts_of(module: Any) -> list[str]:
    """Every text a test module's tables give its rules."""
    out = []
    for value in vars(module).values():
        if isinstance(value, list):
            for row in value:
                cells = row.values if hasattr(row, "values") else row
                if isinstance(cells, tuple | list):
                    out += [c for c in cells if isinstance(c, str) and len(c) > 12]
    return out


TEXTS = (
    TRAPS
    + _texts_of(test_ingest_match)
    + _texts_of(test_ingest_figures)
    + script("bench_ingest").synthetic(3, random.Random(5))
    + script("bench_ingest").synthetic(3, random.Random(5), every=15)
)


def _every_line(_self: _LineFilter, fmap: Any, furniture: set[int]) -> list[bool]:
    return [k not in furniture for k in range(fmap.text.count("\n") + 1)]


def test_the_tables_give_the_filter_enough_texts() -> None:
    assert len(TEXTS) > 150
    assert sum(_fold_mapped(t).ascii_words for t in TEXTS) > 100


def test_lines_that_cannot_match_are_not_cut() -> None:
    text = "Đoàn đến tỉnh Lào Cai.\nKinh tế xã hội phát triển.\nXe qua cầu Hồ Kiều.\n"
    fmap = _fold_mapped(text)
    assert _LineFilter.of(GAZ).keep(fmap, set()) == [True, False, True, True]
    assert ids(text) == {"lao-cai-province", "ho-kieu-bridge"}


def test_a_line_with_a_cue_and_a_capital_is_cut_for_its_candidate() -> None:
    keep = _LineFilter.of(GAZ).keep
    assert keep(_fold_mapped("Đoàn về xã Bản Phiệt."), set()) == [True]
    assert keep(_fold_mapped("Đoàn về xã bản phiệt."), set()) == [False]
    assert keep(_fold_mapped("Kinh tế xã hội. Bản Phiệt."), set()) == [False]
    assert keep(_fold_mapped("Đoàn về TP.Bắc Hà."), set()) == [True]
    assert keep(_fold_mapped("Đoàn về tp . Bắc Hà."), set()) == [True]
    assert keep(_fold_mapped("the Quang Ba district."), set()) == [True]


def test_the_fast_fold_keeps_every_capital_as_an_ascii_capital() -> None:
    for code in _fast_chars():
        cased = _fold_mapped(chr(code)).cased
        assert cased is not None
        if chr(code).isupper():
            assert len(cased) == 1
            assert 65 <= cased[0] <= 90, hex(code)


@pytest.mark.parametrize("text", TEXTS)
def test_the_answers_are_those_of_cutting_every_line(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    filtered = find_mentions(text, gazetteer=GAZ).to_dict(article="a")
    monkeypatch.setattr(_LineFilter, "keep", _every_line)
    assert filtered == find_mentions(text, gazetteer=GAZ).to_dict(article="a")


def test_names_on_two_lines_are_never_joined_even_through_a_gloss() -> None:
    # A "(" left open at the end of a paragraph is no gloss: the pair is not named.
    across = ids("Lào Cai (hợp tác\nkinh tế) và Vân Nam.\n")
    assert across == {"lao-cai-province", "yunnan-province"}
    assert "pair-lao-cai-yunnan" in ids("Lào Cai (hợp tác kinh tế) và Vân Nam.\n")


def test_a_text_with_names_in_most_lines_is_cut_whole() -> None:
    keep = _LineFilter.of(GAZ).keep
    named = "Đoàn đến tỉnh Lào Cai. " * 10 + "\n\n"  # 230 characters
    plain = "Kinh tế xã hội phát triển. " * 10 + "\n\n"
    assert keep(_fold_mapped(named * 5 + plain + named), set()) == [True] * 15
    late = keep(_fold_mapped(plain * 4 + named + plain), set())
    assert late == [False, True] * 4 + [True, True] + [False, True, True]
    assert keep(_fold_mapped(named * 5 + plain), {10}) == [True] * 10 + [False, True, True]
