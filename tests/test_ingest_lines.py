"""Ingest: the fast way (fold and tokens in numpy) gives the table fold's answers; lines."""

from __future__ import annotations

import importlib
import random
from typing import Any

import pytest

from geo.ingest import find_mentions
from geo.ingest.fold import _fast_chars, _fold_mapped
from geo.ingest.match import _tokenize_fast
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


def test_the_tables_give_enough_texts_folded_the_fast_way() -> None:
    assert len(TEXTS) > 150
    assert sum(_fold_mapped(t).ascii_words for t in TEXTS) > 100


def test_the_fast_fold_keeps_every_capital_as_an_ascii_capital() -> None:
    for code in _fast_chars():
        cased = _fold_mapped(chr(code)).cased
        assert cased is not None
        if chr(code).isupper():
            assert len(cased) == 1
            assert 65 <= cased[0] <= 90, hex(code)


#: The module (``geo.ingest.fold`` is also the name of its function in ``geo.ingest``).
fold_module = importlib.import_module("geo.ingest.fold")


def _by_the_table(text: str) -> None:
    return None


@pytest.mark.parametrize("text", TEXTS)
def test_the_answers_of_the_fast_way_are_those_of_the_table_fold(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fast way folds and cuts in numpy and leaves the furniture lines out; the
    # table fold cuts with a regular expression and blanks them: the same answers.
    fast = find_mentions(text, gazetteer=GAZ).to_dict(article="a")
    monkeypatch.setattr(fold_module, "_cased_or_none", _by_the_table)
    assert _fold_mapped(text).cased is None
    assert fast == find_mentions(text, gazetteer=GAZ).to_dict(article="a")


def test_names_on_two_lines_are_never_joined_even_through_a_gloss() -> None:
    # A "(" left open at the end of a paragraph is no gloss: the pair is not named.
    across = ids("Lào Cai (hợp tác\nkinh tế) và Vân Nam.\n")
    assert across == {"lao-cai-province", "yunnan-province"}
    assert "pair-lao-cai-yunnan" in ids("Lào Cai (hợp tác kinh tế) và Vân Nam.\n")


def test_the_capitals_found_in_numpy_are_the_words_written_with_one() -> None:
    for text in TEXTS:
        fmap = _fold_mapped(text)
        if fmap.cased is None:
            continue
        toks = _tokenize_fast(fmap)
        assert toks.caps == [
            tok[0].isalnum() and text[toks.start(k)].isupper() for k, tok in enumerate(toks.text)
        ]
