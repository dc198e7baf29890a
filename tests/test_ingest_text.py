"""Ingest: HTML to text, the body, page furniture, folding."""

from __future__ import annotations

import itertools
import random
import unicodedata

import pytest

from geo.ingest import (
    body_end,
    extract_body,
    find_mentions,
    fold,
)
from geo.ingest.fold import (
    _FOLD_TABLE,
    _SLOW_RE,
    _TOKEN_RE,
    _cased_or_none,
    _fast_cased,
    _fast_chars,
    _fast_fold,
    _fold_mapped,
)
from geo.ingest.match import _glued_at, _tokenize, _tokenize_fast, _tokenize_lines
from tests.ingest_common import GAZ, ids, no_marks


def test_folding_strips_diacritics_in_nfc_and_nfd_alike() -> None:
    assert fold("Lào Cai – Hà Khẩu") == "lao cai - ha khau"
    assert fold(unicodedata.normalize("NFD", "Đồng Văn")) == "dong van"
    assert fold("THỦY") == fold("thuỷ") == "thuy"


def test_the_fast_fold_is_the_table_fold_for_every_character_it_takes() -> None:
    fast = _fast_chars()
    assert len(fast) > 500  # ASCII, all of Vietnamese, dashes, quotes
    text = "".join(map(chr, fast))
    assert _SLOW_RE.search(text) is None
    assert _fast_fold(text) == text.translate(_FOLD_TABLE)
    for code in fast:
        assert _fast_fold(chr(code)) == chr(code).translate(_FOLD_TABLE), hex(code)


def test_the_fast_way_looks_each_character_up_as_nfkd_would_fold_it() -> None:
    fast = _fast_chars()
    text = "".join(map(chr, fast))
    assert _cased_or_none(text) == _fast_cased(text)
    rng = random.Random(7)
    for _ in range(200):  # any mix of them, also beside each other's marks
        mixed = "".join(chr(rng.choice(fast)) for _ in range(rng.randrange(1, 40)))
        assert _cased_or_none(mixed) == _fast_cased(mixed)


@pytest.mark.parametrize(
    "text",
    [
        unicodedata.normalize("NFD", "Lào Cai"),  # a combining mark
        "Lào Cai 河口",
        "Lào Cai \U0001f600",  # outside the BMP: a surrogate pair in UTF-16
        "Lào Cai \ud800",  # a lone surrogate
        "Lào Cai \x00",
        "ﬁ",
    ],
)
def test_a_character_the_fast_way_does_not_take_sends_the_text_to_the_table(text: str) -> None:
    assert _SLOW_RE.search(text) is not None
    assert _cased_or_none(text) is None
    assert _fold_mapped(text).cased is None


def test_a_text_with_other_characters_is_folded_by_the_table() -> None:
    nfd = unicodedata.normalize("NFD", "Lào Cai…")
    assert _SLOW_RE.search(nfd) is not None
    assert _fold_mapped(nfd).text == "lao cai…"
    assert _fold_mapped("Lào Cai… ﬁ，Ⅻ").text == "lao cai… f,ⅻ"  # ﬁ: the table's first letter
    assert _fold_mapped("Lào Cai…，河口").offsets is None


def test_traditional_chinese_folds_to_simplified_one_for_one() -> None:
    assert fold("中國雲南與紅河縣") == "中国云南与红河县"
    assert fold("乾著") == "乾著"  # also simplified characters: left alone
    assert len(fold("廣寧省")) == 3


def test_tokens_are_words_single_characters_and_line_breaks() -> None:
    folded = fold("Cửa khẩu Lào Cai–Hà Khẩu (Trung Quốc), 河口口岸。\n\t_x  2,32 tỷ USD\n")
    toks = _tokenize(folded)
    assert toks.text == _TOKEN_RE.findall(folded)
    assert [folded[toks.start(k) : toks.end[k]] for k in range(len(toks.text))] == toks.text


def test_text_folded_the_fast_way_is_cut_the_same_by_the_ascii_tokenizer() -> None:
    text = "Cửa khẩu Lào Cai–Hà Khẩu “Kim Thành”… 2,32 tỷ USD; x_y\n\tĐồng Đăng (Lạng Sơn)\n"
    fmap = _fold_mapped(text)
    assert fmap.ascii_words
    fast = _tokenize(fmap.text, ascii_words=True)
    slow = _tokenize(fmap.text)
    assert fast == slow
    assert fast.text == _TOKEN_RE.findall(fmap.text)
    assert not _fold_mapped("河口 Lào Cai").ascii_words


@pytest.mark.parametrize(
    "text",
    [
        "Cửa khẩu Lào Cai–Hà Khẩu “Kim Thành”… 2,32 tỷ USD; x_y\n\tĐồng Đăng (Lạng Sơn)\n",
        "  lead  spaces,and trailing   \n\n\nA1b2 ‘x’ — (y)\n  ",
        "word",
        "",
        "\n",
        "TP.Lào Cai ... 1.435mm\nNguyễn Thị Hồng Hà\n",
        "Trung QuốcTỉnh Lào CaiVOV.VN aB\nmoreLao Cai",
    ],
)
def test_the_ascii_tokenizer_in_numpy_cuts_as_the_pieces_do(text: str) -> None:
    fmap = _fold_mapped(text)
    assert fmap.cased is not None
    fast = _tokenize_fast(fmap)
    pieces = _tokenize(fmap.text, ascii_words=True, glued=_glued_at(text, fmap))
    assert (fast.text, fast.end) == (pieces.text, pieces.end)
    lines = fmap.text.split("\n")
    for first in itertools.product([False, True], repeat=min(len(lines), 6)):
        keep = [*first, *(True,) * (len(lines) - len(first))]
        toks = _tokenize_lines(fmap, lines, keep)
        expected: list[str] = []
        ends: list[int] = []
        start = 0
        for line, kept in zip(lines, keep, strict=True):  # each kept line on its own
            if kept:
                stop = start + len(line) + 1
                at = [g - start for g in _glued_at(text, fmap) if start <= g < stop]
                cut = _tokenize(fmap.text[start:stop], ascii_words=True, glued=at)
                expected += cut.text
                ends += [start + e for e in cut.end]
            start += len(line) + 1
        assert toks.text == expected
        assert toks.end == ends


PLAIN = (
    "Lào Cai mở rộng hợp tác\n\n"
    "Năm 2022, tỉnh Lào Cai đạt 2,32 tỷ USD.\n"
    "fb yt zl tw\n"
    "https://example.org/lao-cai-ha-khau\n"
    "Tin Liên Quan\n"
    "Đoàn châu Hồng Hà thăm cửa khẩu Quốc tế Lào Cai\n"
)


def test_body_ends_at_the_sidebar_marker_and_drops_furniture() -> None:
    assert PLAIN[: body_end(PLAIN)].endswith("https://example.org/lao-cai-ha-khau\n")
    body = extract_body(PLAIN)
    assert "Tin Liên Quan" not in body
    assert "fb yt zl tw" not in body
    assert "https://" not in body
    assert body.startswith("Lào Cai mở rộng hợp tác\n")
    assert ids(PLAIN) == {"lao-cai-province"}


FORUM = (
    "Members\n"
    "Stats\n"
    "  • Total Posts: 87,154\n"
    "  • Online today: 1,358\n"
    "Có thể bạn quan tâm\n"
    "Tour Hà Giang 3 ngày\n"
    "Đặt ngay\n\n"
    "Chợ phiên vùng cao\n"
    "Started by khach, August 11, 2008\n"
    "Từ thị trấn Bắc Hà đi ngược lên phía biên giới chừng 25 km là tới chợ phiên.\n"
    "Tin Liên Quan\n"
    "Đoàn châu Hồng Hà thăm cửa khẩu Quốc tế Lào Cai\n"
)


def test_a_sidebar_marker_before_any_line_of_prose_heads_furniture_not_the_end() -> None:
    # A forum's stats and a box of tours above the post: the body comes after them,
    # and ends at the next marker after its prose.
    end = body_end(FORUM)
    assert FORUM[:end].endswith("là tới chợ phiên.\n")
    assert ids(FORUM) == {"bac-ha", "ha-giang-province"}


def test_sidebar_markers_are_found_without_diacritics() -> None:
    assert ids(no_marks(PLAIN)) == {"lao-cai-province"}
    assert ids(PLAIN.replace("Tin Liên Quan", "TIN LIÊN QUAN:")) == {"lao-cai-province"}


HTML = """<!doctype html><html><head><title>Hà Khẩu</title>
<script>var x = "Sa Pa";</script></head><body>
<nav>Hà Giang | Lai Châu</nav>
<article><h1>Lào Cai &amp; Vân Nam</h1>
<p>Xe qua cầu Hồ Kiều sang Hà Khẩu, đạt 3,5&nbsp;tỷ USD.</p>
<div class="share">fb yt zl tw</div>
<div class="related-news"><h3>Tin Liên Quan</h3><p>Huyện Bát Xát</p></div>
<p>Tin Liên Quan</p><p>Thị xã Sa Pa</p></article></body></html>"""


def test_html_input_is_read_as_its_visible_body() -> None:
    result = find_mentions(HTML, gazetteer=GAZ)
    assert result.html
    assert result.feature_ids() == [
        "hekou",
        "ho-kieu-bridge",
        "lao-cai-province",
        "yunnan-province",
    ]
    for m in result.mentions:
        assert result.text[m.start : m.end] == m.text
    hekou = next(m for m in result.mentions if m.feature == "hekou")
    assert [(f.value, f.unit) for f in hekou.figures] == [(3.5, "billion USD")]
    assert extract_body(HTML).splitlines()[0] == "Lào Cai & Vân Nam"


def test_english_boilerplate_is_cut() -> None:
    text = (
        "Lao Cai border gate reopens\n"
        "Trade through the Lao Cai International Border Gate resumed.\n"
        "spring at lao cai gate Ha Giang Customs boost work\n"
        "spring at lao cai gate Quang Ninh port grows\n"
        "spring at lao cai gate Mong Cai market\n"
        "© 2024 Vietnam News Agency. Hanoi.\n"
        "Related news\n"
        "Kunming flights resume\n"
    )
    result = find_mentions(text, gazetteer=GAZ)
    assert result.feature_ids() == ["lao-cai-gate"]
    assert result.text[result.body_end :].startswith("Related news")
    body = extract_body(text)
    assert "Quang Ninh" not in body
    assert "Hanoi" not in body
    assert "Trade through" in body


def test_repeated_captions_are_not_a_link_list() -> None:
    text = "Toàn cảnh hội đàm tại Hà Giang.\nToàn cảnh hội đàm tại Hà Giang.\n"
    assert ids(text) == {"ha-giang-province"}


CREDITS = [
    ("zh sponsors", "中共文山州委 文山州人民政府主管 中共文山州委宣传部主办\n文山州融媒体中心承办\n"
     "投稿邮箱:news@example.com\n河口口岸进出口增长。", {"lao-cai-gate"}),
    ("vi owner and licence", "Cơ quan chủ quản: UBND tỉnh Hà Giang\nGiấy phép số 12/GP-BTTTT\n"
     "Tổng biên tập: Nguyễn Văn A\nHàng qua cửa khẩu Lào Cai tăng.", {"lao-cai-gate"}),
    ("en editor and licence", "Editor-in-chief: Le Van B\nLicence No. 12 issued in Hanoi\n"
     "Trucks waited at the Lao Cai border gate.", {"lao-cai-gate"}),
    # Traps: sentences that speak of hosts, licences and editors.
    ("zh hosted by, a sentence", "本次交易会由老街省人民委员会主办。", {"lao-cai-province"}),
    ("zh hosted by, a caption", "交易会由老街省主办", {"lao-cai-province"}),
    ("vi an export licence", "Giấy phép xuất khẩu qua cửa khẩu Lào Cai được cấp nhanh.",
     {"lao-cai-gate"}),
    ("vi an editor speaking", "Tổng biên tập báo Hà Giang phát biểu.", {"ha-giang-province"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in CREDITS], ids=[case[0] for case in CREDITS]
)
def test_site_credits_are_furniture(text: str, expected: set[str]) -> None:
    assert ids(text) == expected
