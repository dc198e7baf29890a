"""`geo ingest`: which mapped features a new article mentions, and where."""

from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from geo.cli import cli
from geo.ingest import (
    Gazetteer,
    IngestResult,
    body_end,
    build_gazetteer,
    detect_language,
    extract_body,
    find_mentions,
    fold,
)
from geo.load import read_dataset
from geo.schema import FACTS, SIDEBAR_MARKERS, SOURCES
from tests.conftest import LAYERS, ROOT

GAZ: Gazetteer = build_gazetteer(read_dataset(LAYERS))
SCHEMA = json.loads((ROOT / "docs" / "ingest.schema.json").read_text(encoding="utf-8"))

# Every mapped place each article's body names, read off the bodies by hand. Nested
# corridor cities and partnerships named "A với B" / "A - B" are part of the list.
CORRIDOR = {
    "kunming-quang-ninh-corridor",
    "kunming",
    "lao-cai-city",
    "hanoi",
    "haiphong",
    "quang-ninh-province",
}
EXPECTED: dict[str, set[str]] = {
    "000_207404e02f1e99b1.txt": CORRIDOR
    | {
        "lao-cai-province",
        "yunnan-province",
        "ha-giang-province",
        "lai-chau-province",
        "dien-bien-province",
        "pair-lao-cai-yunnan",
        "aquitaine",
        "brest-region",
        "resolution-11-conference-2022",
        "yoga-day-2022-sa-pa",
    },
    "001_6b489c545fe40b34.txt": CORRIDOR
    | {
        "lao-cai-province",
        "yunnan-province",
        "pair-lao-cai-yunnan",
        "viet-trung-steel-plant",
        "hekou",
        "mengzi",
        "sa-pa",
        "shiping",
        "bac-ha",
        "jianshui",
        "bao-thang",
        "muong-khuong",
        "maguan",
        "honghe-prefecture",
        "baoding",
        "pair-lao-cai-city-hekou",
        "pair-lao-cai-city-mengzi",
        "pair-sa-pa-shiping",
        "pair-bac-ha-jianshui",
        "pair-bao-thang-shiping",
        "pair-muong-khuong-maguan",
        "kim-thanh-gate",
        "quy-sa-iron-mine",
        "seo-choong-ho-hydropower",
        "noi-bai-lao-cai-expressway",
        "hekou-kunming-expressway",
        "ho-kieu-bridge",
        "kim-thanh-bridge",
        "ban-vuoc-bridge",
        "bat-xat",
        "lao-cai-hekou-railway",
    },
    "002_6bcdd4cf1a5b396e.txt": CORRIDOR
    | {
        "lao-cai-province",
        "ha-giang-province",
        "lai-chau-province",
        "dien-bien-province",
        "yunnan-province",
    },
    # "hành lang kinh tế 5 tỉnh gồm Lào Cai, Hà Nội, Hải Phòng, Quảng Ninh … và Vân Nam"
    # is the corridor, named by its cities.
    "003_9294ea0d03f08fb7.txt": CORRIDOR - {"kunming"}
    | {
        "lao-cai-province",
        "yunnan-province",
        "pair-lao-cai-yunnan",
        "aquitaine",
        "brest-region",
        "victoria",
        "gyeongsan",
        "hanoi",
        "haiphong",
        "quang-ninh-province",
        "lao-cai-urban-upgrading",
        "sa-pa-urban-upgrading",
    },
    "004_415df68755efbfee.txt": {
        "ha-giang-province",
        "yunnan-province",
        "guangxi",
        "wenshan-prefecture",
        "pair-ha-giang-yunnan",
        "thanh-thuy-gate",
        "xin-man-gate",
        "sam-pun-gate",
        "pho-bang-gate",
        "lung-lan-market",
        "na-la-hoa-long-bridge",
        "xin-man",
        "maguan",
        "pair-xin-man-maguan",
        "vi-xuyen",
        "malipo",
        "pair-vi-xuyen-malipo",
        "dong-van",
        "funing",
        "pair-dong-van-funing",
        "meo-vac",
        "napo",
        "moriya",
        "benguet",
        "boeun",
        "ulyanovsk-oblast",
    },
}
# Mapped places that only an article's sidebar names (other stories).
SIDEBAR_ONLY = {
    "000_207404e02f1e99b1.txt": {"lao-cai-gate", "honghe-prefecture"},
    "001_6b489c545fe40b34.txt": {"lao-cai-gate"},
}
ARTICLE_IDS = [name[:3] for name in EXPECTED]


def ids(text: str) -> set[str]:
    return set(find_mentions(text, gazetteer=GAZ).feature_ids())


def no_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ingest(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["ingest", *args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def read_article(articles: Path, name: str) -> str:
    return (articles / name).read_text(encoding="utf-8")


# --- the five articles --------------------------------------------------------------


@pytest.mark.articles
@pytest.mark.parametrize("name", EXPECTED, ids=ARTICLE_IDS)
def test_each_article_mentions_exactly_the_places_its_body_names(articles: Path, name: str) -> None:
    found = ids(read_article(articles, name))
    assert found == EXPECTED[name], (
        f"missing {sorted(EXPECTED[name] - found)}, extra {sorted(found - EXPECTED[name])}"
    )


@pytest.mark.articles
@pytest.mark.parametrize("name", EXPECTED, ids=ARTICLE_IDS)
def test_nothing_is_reported_from_the_sidebar(articles: Path, name: str) -> None:
    text = read_article(articles, name)
    result = find_mentions(text, gazetteer=GAZ)
    assert result.body_end < len(text)
    assert all(m.end <= result.body_end for m in result.mentions)
    # The sidebar on its own does name mapped places: they must not leak in.
    sidebar = "\n".join(
        line for line in text[result.body_end :].splitlines() if line not in SIDEBAR_MARKERS
    )
    sidebar_only = ids(sidebar) - EXPECTED[name]
    assert SIDEBAR_ONLY.get(name, set()) <= sidebar_only
    assert not sidebar_only & set(result.feature_ids())


@pytest.mark.articles
@pytest.mark.parametrize("name", EXPECTED, ids=ARTICLE_IDS)
def test_spans_point_at_the_matched_text_and_its_sentence(articles: Path, name: str) -> None:
    text = read_article(articles, name)
    for m in find_mentions(text, gazetteer=GAZ).mentions:
        assert text[m.start : m.end] == m.text
        assert text[m.sentence_start : m.sentence_end] == m.sentence
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        for fig in m.figures:
            assert text[fig.start : fig.end] == fig.text
            assert m.sentence_start <= fig.start < fig.end <= m.sentence_end


@pytest.mark.articles
@pytest.mark.parametrize("name", EXPECTED, ids=ARTICLE_IDS)
def test_article_without_diacritics_gives_the_same_features(articles: Path, name: str) -> None:
    text = read_article(articles, name)
    assert ids(no_marks(text)) == EXPECTED[name]


@pytest.mark.articles
@pytest.mark.parametrize("name", EXPECTED, ids=ARTICLE_IDS)
def test_nfd_input_gives_the_same_mentions_as_nfc(articles: Path, name: str) -> None:
    nfc = unicodedata.normalize("NFC", read_article(articles, name))
    nfd = unicodedata.normalize("NFD", nfc)
    a = find_mentions(nfc, gazetteer=GAZ).mentions
    b = find_mentions(nfd, gazetteer=GAZ).mentions
    assert [m.feature for m in a] == [m.feature for m in b]
    for m_nfc, m_nfd in zip(a, b, strict=True):
        # Spans refer to the input: NFD spans are longer but cover the same text,
        # and they start at the NFD image of the NFC offset.
        assert nfd[m_nfd.start : m_nfd.end] == m_nfd.text
        assert unicodedata.normalize("NFC", m_nfd.text) == m_nfc.text
        assert len(unicodedata.normalize("NFD", nfc[: m_nfc.start])) == m_nfd.start
        assert len(unicodedata.normalize("NFD", nfc[: m_nfc.end])) == m_nfd.end


@pytest.mark.articles
@pytest.mark.parametrize("name", EXPECTED, ids=ARTICLE_IDS)
def test_json_output_of_each_article_validates_against_the_schema(
    articles: Path, name: str
) -> None:
    result = ingest(str(articles / name))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert set(doc["features"]) == EXPECTED[name]


@pytest.mark.articles
def test_article_figures_are_read_with_their_units(articles: Path) -> None:
    result = find_mentions(read_article(articles, "000_207404e02f1e99b1.txt"), gazetteer=GAZ)
    figures = {(f.value, f.unit, f.qualifier) for m in result.mentions for f in m.figures}
    assert {
        (2.32, "billion USD", None),
        (4.5, "million visits", "nearly"),
        (15000, "billion VND", "more than"),
        (2022, "year", None),
    } <= figures


# --- short texts: disambiguation --------------------------------------------------

XM_MQ, LC_VN = "pair-xin-man-maguan", "pair-lao-cai-yunnan"
DISAMBIGUATION = [
    ("thành phố", "Thành phố Lào Cai giáp biên giới.", {"lao-cai-city"}),
    ("TP", "Đoàn công tác TP Lào Cai.", {"lao-cai-city"}),
    ("TP.", "Đoàn công tác TP. Lào Cai.", {"lao-cai-city"}),
    ("tỉnh", "Đoàn công tác tỉnh Lào Cai.", {"lao-cai-province"}),
    ("bare", "Lào Cai đón khách.", {"lao-cai-province"}),
    ("no diacritics", "Lao Cai don khach.", {"lao-cai-province"}),
    ("upper case", "LÀO CAI ĐÓN KHÁCH", {"lao-cai-province"}),
    ("bare Hà Giang", "Hà Giang có nhiều cửa khẩu.", {"ha-giang-province"}),
    ("city Hà Giang", "Ở thành phố Hà Giang.", {"ha-giang-city"}),
    ("longest gate", "Cửa khẩu Quốc tế đường bộ số II Kim Thành mở cửa.", {"kim-thanh-gate"}),
    ("gate cue", "Hàng qua cửa khẩu quốc tế Thanh Thủy tăng.", {"thanh-thuy-gate"}),
    ("gate pair", "Mở cửa khẩu song phương Xín Mần - Đô Long.", {"xin-man-gate"}),
    ("gate list", "Mở cửa khẩu Săm Pun, Phó Bảng.", {"sam-pun-gate", "pho-bang-gate"}),
    ("no gate cue", "Chị Thanh Thủy đi chợ.", set()),
    ("district pair", "Xín Mần - Mã Quan đã kết nghĩa.", {"xin-man", "maguan", XM_MQ}),
    ("gate not after 'ở'", "Hàng qua các cửa khẩu ở Lào Cai.", {"lao-cai-province"}),
    ("bridge", "Xe qua cầu Hồ Kiều.", {"ho-kieu-bridge"}),
    ("Hà Khẩu", "Đoàn đến Hà Khẩu.", {"hekou"}),
    ("ga Hà Khẩu", "Tàu đến ga Hà Khẩu.", {"lao-cai-hekou-railway"}),
    ("cao tốc Hà Khẩu", "Đi cao tốc Hà Khẩu - Côn Minh.", {"hekou-kunming-expressway"}),
    ("cao tốc reversed", "Đi cao tốc Côn Minh - Hà Khẩu.", {"hekou-kunming-expressway"}),
    ("cửa khẩu Hà Khẩu", "Qua cửa khẩu Hà Khẩu.", {"lao-cai-gate"}),
    ("person Hồng Hà", "Bà Nguyễn Thị Hồng Hà phát biểu.", set()),
    ("person Văn Sơn", "Ông Lê Văn Sơn phát biểu.", set()),
    ("prefecture", "Đoàn châu Hồng Hà sang thăm.", {"honghe-prefecture"}),
    ("lower-case bare", "nói về lào cai", set()),
    ("Chinese", "河口县与老街市", {"hekou", "lao-cai-city"}),
    ("English", "Trade through Hekou County and Kunming grew.", {"hekou", "kunming"}),
    ("pinyin alias", "Yunnan and Guangxi", {"yunnan-province", "guangxi"}),
    ("whole words", "Baolaocai và Sapanese", set()),
    ("alias Sapa", "Du lịch Sapa.", {"sa-pa"}),
    ("generic alias", "Hành lang kinh tế phát triển.", set()),
    ("event alias", "Bộ Ngoại giao họp.", set()),
    ("context layers", "Việt Nam và Trung Quốc, Lào.", set()),
    ("pair", "Quan hệ Lào Cai - Vân Nam.", {"lao-cai-province", "yunnan-province", LC_VN}),
    ("no line crossing", "Lào\nCai", set()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in DISAMBIGUATION],
    ids=[case[0] for case in DISAMBIGUATION],
)
def test_disambiguation(text: str, expected: set[str]) -> None:
    assert ids(text) == expected


def test_longest_match_wins_and_hides_the_names_inside() -> None:
    text = "Cửa khẩu Quốc tế đường bộ số II Kim Thành vẫn thông thương."
    (mention,) = find_mentions(text, gazetteer=GAZ).mentions
    assert (mention.feature, mention.start, mention.end) == ("kim-thanh-gate", 0, 41)


def test_corridor_names_its_cities_as_mentions_within_it() -> None:
    text = "Hành lang kinh tế Côn Minh (Trung Quốc) - Lào Cai - Hà Nội - Hải Phòng - Quảng Ninh."
    result = find_mentions(text, gazetteer=GAZ)
    assert result.mentions[0].feature == "kunming-quang-ninh-corridor"
    inner = {m.feature for m in result.mentions if m.within == "kunming-quang-ninh-corridor"}
    assert inner == CORRIDOR - {"kunming-quang-ninh-corridor"}


def test_mentions_in_nfd_text_span_the_whole_characters() -> None:
    nfd = unicodedata.normalize("NFD", "Ở Hà Khẩu.")
    (m,) = find_mentions(nfd, gazetteer=GAZ).mentions
    assert nfd[m.start : m.end] == m.text
    assert unicodedata.normalize("NFC", m.text) == "Hà Khẩu"
    assert not unicodedata.combining(nfd[m.end])


def test_folding_strips_diacritics_in_nfc_and_nfd_alike() -> None:
    assert fold("Lào Cai – Hà Khẩu") == "lao cai - ha khau"
    assert fold(unicodedata.normalize("NFD", "Đồng Văn")) == "dong van"
    assert fold("THỦY") == fold("thuỷ") == "thuy"


# --- short texts: figures and candidates --------------------------------------------

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


def test_unmatched_place_names_after_a_cue_are_candidates() -> None:
    text = "Thành phố Bảo Định thuộc tỉnh Hà Bắc, gần huyện Tân Lạc và địa phương. Mới đây."
    result = find_mentions(text, gazetteer=GAZ)
    assert result.feature_ids() == ["baoding"]
    assert [(c.cue, c.text) for c in result.candidates] == [
        ("tỉnh", "Hà Bắc"),
        ("huyện", "Tân Lạc"),
    ]
    for c in result.candidates:
        assert text[c.start : c.end] == c.text


def test_gazetteer_says_which_names_it_left_out() -> None:
    skipped = {(fid, name) for fid, name, _ in GAZ.skipped}
    assert ("kunming-quang-ninh-corridor", "hành lang kinh tế") in skipped
    assert ("conf-2021-vn-mofa", "Bo Ngoai giao") in skipped
    assert not any(fid.startswith("country-") or fid == "vn-cn-border" for fid, _ in skipped)


# --- body, HTML, stdin ----------------------------------------------------------------

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


def test_cli_reads_stdin_and_prints_a_table() -> None:
    result = ingest("-", "--format", "table", stdin="Xe qua cầu Hồ Kiều.\n")
    assert result.exit_code == 0, result.output
    assert "ho-kieu-bridge" in result.stdout
    assert "cầu Hồ Kiều" in result.stdout


def test_cli_json_of_a_short_text_validates_against_the_schema() -> None:
    text = "Hợp tác thành phố Lào Cai với huyện Hà Khẩu đạt hơn 3,5 tỷ USD năm 2021; tỉnh Hà Bắc.\n"
    result = ingest("-", stdin=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert doc["features"] == ["hekou", "lao-cai-city", "pair-lao-cai-city-hekou"]
    assert doc["candidates"][0]["text"] == "Hà Bắc"


def test_cli_names_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    result = ingest(str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = ingest(str(binary))
    assert result.exit_code == 1
    assert "binary.txt" in result.stderr


# --- --add ------------------------------------------------------------------------

ARTICLE = (
    "Hà Giang mở cửa khẩu mới\n\n"
    "Năm 2023, hợp tác giữa tỉnh Hà Giang và tỉnh Vân Nam đạt 1,2 tỷ USD qua cửa khẩu Thanh Thủy.\n"
    "Huyện Mèo Vạc có 12 dự án.\n"
    "Ý kiến bạn đọc\n"
    "Lào Cai đạt 9 tỷ USD.\n"
)
NEW_FILE = "005_0123456789abcdef.txt"


@pytest.fixture
def layers_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "layers"
    shutil.copytree(LAYERS, dst, ignore=shutil.ignore_patterns("review"))
    return dst


def test_add_writes_a_source_row_and_a_review_file_and_leaves_facts_alone(
    layers_copy: Path, tmp_path: Path
) -> None:
    article = tmp_path / NEW_FILE
    article.write_text(ARTICLE, encoding="utf-8")
    facts_before = (layers_copy / "facts.csv").read_bytes()
    sources_before = (layers_copy / "sources.csv").read_text(encoding="utf-8")
    args = [str(article), "--layers", str(layers_copy), "--add", "--outlet", "Báo Thử"]
    result = ingest(*args, "--date", "2023-05-02")
    assert result.exit_code == 0, result.output
    assert (layers_copy / "facts.csv").read_bytes() == facts_before

    with (layers_copy / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"] for r in rows] == sorted(r["file"] for r in rows)
    assert tuple(rows[0]) == SOURCES.column_names
    (row,) = [r for r in rows if r["file"] == NEW_FILE]
    assert row == {
        "file": NEW_FILE,
        "title": "Hà Giang mở cửa khẩu mới",
        "outlet": "Báo Thử",
        "author": "",
        "date": "2023-05-02",
        "year": "2023",
        "url": "",
        "note": "",
    }
    # The rows that were there are untouched, byte for byte (005 sorts last).
    assert (layers_copy / "sources.csv").read_text(encoding="utf-8").startswith(sources_before)

    review = layers_copy / "review" / "005_0123456789abcdef.csv"
    with review.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == (*FACTS.column_names, "article_sentence")
        facts = list(reader)
    assert [(f["features"], f["value"], f["unit"], f["year"], f["paragraph"]) for f in facts] == [
        ("ha-giang-province;pair-ha-giang-yunnan;thanh-thuy-gate;yunnan-province",
         "1.2", "billion USD", "2023", "2"),
        ("meo-vac", "12", "projects", "", "3"),
    ]  # fmt: skip
    assert all(f["source"] == NEW_FILE for f in facts)
    # Statements are the project's to write; the article's sentence sits beside them.
    assert all(f["statement_vi"] == f["statement_en"] == "" for f in facts)
    assert all(f["article_sentence"] for f in facts)
    assert "9 tỷ USD" not in review.read_text(encoding="utf-8")  # the sidebar's


def test_add_refuses_a_duplicate_source(layers_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "000_207404e02f1e99b1.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = (layers_copy / "sources.csv").read_bytes()
    result = ingest(str(article), "--layers", str(layers_copy), "--add")
    assert result.exit_code == 1
    assert "000_207404e02f1e99b1.txt is already in" in result.stderr
    assert (layers_copy / "sources.csv").read_bytes() == before
    assert not (layers_copy / "review").exists()


@pytest.mark.parametrize(
    ("fname", "extra", "message"),
    [
        ("article.txt", [], "must look like 000_0123456789abcdef.txt"),
        (NEW_FILE, ["--date", "14/10/2021"], "is not YYYY-MM-DD or YYYY"),
    ],
    ids=["file name", "date"],
)
def test_add_refuses_what_geo_check_would_reject(
    layers_copy: Path, tmp_path: Path, fname: str, extra: list[str], message: str
) -> None:
    article = tmp_path / fname
    article.write_text(ARTICLE, encoding="utf-8")
    before = (layers_copy / "sources.csv").read_bytes()
    result = ingest(str(article), "--layers", str(layers_copy), "--add", *extra)
    assert result.exit_code == 1
    assert message in result.stderr
    assert (layers_copy / "sources.csv").read_bytes() == before


def test_add_needs_a_file_not_stdin() -> None:
    result = ingest("-", "--add", stdin="Lào Cai\n")
    assert result.exit_code == 2
    assert "--add needs an article file" in result.stderr


def test_result_lists_features_sorted_and_unique() -> None:
    result: IngestResult = find_mentions("Lào Cai, Lào Cai và Hà Giang.", gazetteer=GAZ)
    assert result.feature_ids() == ["ha-giang-province", "lao-cai-province"]
    assert len(result.mentions) == 3


# --- real-news phrasing, three languages (sentences written for these tests) -------

LC_GATE, KT_GATE, TT_GATE = "lao-cai-gate", "kim-thanh-gate", "thanh-thuy-gate"
XM_GATE, SP_GATE = "xin-man-gate", "sam-pun-gate"
HG, YN, WS = "ha-giang-province", "yunnan-province", "wenshan-prefecture"
REAL_NEWS = [
    # English gate phrasing: gate-word chains after or before the name, any case.
    ("en the X border gate", "Trucks queued at the Thanh Thuy border gate.", {TT_GATE}),
    ("en No. II after", "Goods left via Kim Thanh International Border Gate No. II.", {KT_GATE}),
    ("en No. 2 before", "At International Road Border Gate No. 2 Kim Thanh, work went on.",
     {KT_GATE}),
    ("en No. 2 between", "Fruit crossed at Kim Thanh No. 2 International Road Border Gate.",
     {KT_GATE}),
    ("en roman numeral", "Kim Thanh II International Border Gate reopened.", {KT_GATE}),
    ("en sides glossed", "Kim Thanh Road International Border Gate No. I (Vietnam) – "
     "Beishan (China) was busy.", {KT_GATE}),
    ("en X and Y gates", "The Thanh Thuy and Tianbao border gates were upgraded.", {TT_GATE}),
    ("en border crossing", "Tianbao border crossing saw 500 people.", {TT_GATE}),
    ("en port of entry", "Hekou port of entry closed for a day.", {LC_GATE}),
    ("en checkpoint", "Police at the Xin Man checkpoint checked papers.", {XM_GATE}),
    ("en copula", "Xin Man is the northern border gate of the province.", {XM_GATE}),
    ("en plural alone is the province", "Exports via the Lao Cai border gates rose.",
     {"lao-cai-province"}),
    ("en no gate word", "Thanh Thuy said the market was calm.", set()),
    ("en border guard", "The Thanh Thuy border guard station reported.", set()),
    # Gate pairs, any order and language mix.
    ("en pair", "Lao Cai-Hekou International Border Gate", {LC_GATE}),
    ("en pair reversed", "Imports via the Hekou – Lao Cai border gate stopped.", {LC_GATE}),
    ("vi pair pinyin", "Qua cặp cửa khẩu Kim Thành – Beishan.", {KT_GATE}),
    ("en pair mixed", "Through the Ha Khau–Lao Cai gate.", {LC_GATE}),
    ("zh pair", "河口—老街口岸进口水果。", {LC_GATE}),
    ("pair without gate word", "Hekou – Lao Cai relations are warm.", {"hekou",
     "lao-cai-province"}),
    # Vietnamese qualifiers between cue and name.
    ("vi cửa khẩu quốc gia", "Nâng cấp cửa khẩu quốc gia Thanh Thủy.", {TT_GATE}),
    ("vi cặp cửa khẩu X – Y", "Cặp cửa khẩu Thanh Thủy – Thiên Bảo thông quan.", {TT_GATE}),
    ("vi cửa khẩu phụ", "Mở cửa khẩu phụ Săm Pun.", {SP_GATE}),
    ("vi lối thông quan", "Mở lối thông quan hàng hóa Xín Mần.", {XM_GATE}),
    ("vi điểm thông quan", "Điểm thông quan Săm Pun hoạt động.", {SP_GATE}),
    ("vi gloss is a place", "Cửa khẩu Kim Thành (Lào Cai) - Bắc Sơn (Hà Khẩu) thông suốt.",
     {KT_GATE, "lao-cai-province", "hekou"}),
    ("vi district is no gate", "Huyện Xín Mần có nhiều chè.", {"xin-man"}),
    # Chinese: lists before a shared cue, short names, word boundaries.
    ("zh list and shared cue", "文山有天保、都龙两个口岸。", {WS, TT_GATE, XM_GATE}),
    ("zh 和 list", "田蓬和都龙口岸即将开放。", {SP_GATE, XM_GATE}),
    ("zh short name", "老街与河口隔河相望。", {"lao-cai-province", "hekou"}),
    ("zh short names by level", "河江省和河江市", {HG, "ha-giang-city"}),
    ("zh treaty", "马关条约签订于1895年。", set()),
    ("zh river mouth", "长江河口水量很大。", set()),
    ("zh other suffix", "莱州市是莱州省的省会。", {"lai-chau-province"}),
    ("zh 红河 the river", "红河从这里流过。", set()),
    ("zh 红河州", "红河州代表团到访。", {"honghe-prefecture"}),
    ("zh person", "副总理陈红河出席。", set()),
    # Partnerships need a cooperation word; 与/和 join ends in Chinese.
    ("vi pair with cooperation", "Hợp tác giữa tỉnh Hà Giang và châu Văn Sơn được đẩy mạnh.",
     {HG, WS, "pair-ha-giang-wenshan"}),
    ("vi pair without", "Đường từ tỉnh Hà Giang và châu Văn Sơn đều dốc.", {HG, WS}),
    ("vi pair with country gloss", "Quan hệ giữa tỉnh Hà Giang – Việt Nam và châu Văn Sơn.",
     {HG, WS, "pair-ha-giang-wenshan"}),
    ("en pair with cooperation", "Ha Giang province and China's Yunnan province boost "
     "cooperation.", {HG, YN, "pair-ha-giang-yunnan"}),
    ("en and without cooperation", "Travel between Lao Cai and Yunnan resumed.",
     {"lao-cai-province", YN}),
    ("zh 与 cooperation", "文山州与越南河江省深化合作。", {WS, HG, "pair-ha-giang-wenshan"}),
    ("zh 和 cooperation", "河江省和文山州签署合作协议。", {WS, HG, "pair-ha-giang-wenshan"}),
    ("zh no cooperation", "文山州与越南河江省接壤。", {WS, HG}),
    ("zh partner is a subunit", "老街省与云南省大理州开展合作。", {"lao-cai-province", YN}),
    ("vi tail of a list", "Hợp tác giữa các tỉnh Hà Giang, Lào Cai, Điện Biên và tỉnh Vân Nam.",
     {HG, "lao-cai-province", "dien-bien-province", YN}),
    ("zh one end and a group", "云南省与河江、老街、莱州和奠边四省合作。",
     {YN, HG, "lao-cai-province", "lai-chau-province", "dien-bien-province"}),
    # Bridges need a bridge word.
    ("vi bridge word", "Khởi công cầu Bản Vược nối hai bờ.", {"ban-vuoc-bridge"}),
    ("vi bridge across the border", "Xây cầu qua biên giới Nà La - Hoa Long.",
     {"na-la-hoa-long-bridge"}),
    ("vi no bridge word", "Người dân Na La trồng chè.", set()),
    ("zh bridge word after", "坝洒—越南巴刹红河界河公路大桥建设加快。", {"ban-vuoc-bridge"}),
    ("en bridge word", "The Ban Vuoc bridge will open.", {"ban-vuoc-bridge"}),
    # Time zones are no place.
    ("en Hanoi time", "Open from 7am to 7pm (Hanoi time).", set()),
    ("vi giờ Hà Nội", "Mở cửa lúc 7 giờ Hà Nội.", set()),
    ("en Hanoi", "Hanoi (VNA) – The ministry said.", {"hanoi"}),
    # The corridor named by a run of its cities.
    ("vi corridor run", "Tuyến hành lang kinh tế Côn Minh - Lào Cai - Hà Nội - Hải Phòng.",
     {"kunming-quang-ninh-corridor", "kunming", "lao-cai-city", "hanoi", "haiphong"}),
    ("zh corridor run", "推动昆明-广宁-海防-河内-老街经济走廊建设。", CORRIDOR),
    ("en cities without corridor", "Flights link Kunming, Hanoi and Haiphong.",
     {"kunming", "hanoi", "haiphong"}),
    # English local forms.
    ("en county as district", "Officials of Hekou district met.", {"hekou"}),
    ("en official prefecture name", "The Wenshan Zhuang and Miao Autonomous Prefecture sent aid.",
     {WS}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in REAL_NEWS],
    ids=[case[0] for case in REAL_NEWS],
)
def test_real_news_phrasing(text: str, expected: set[str]) -> None:
    assert ids(text) == expected


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


CANDIDATES = [
    ("en district", "Officials of Yen Minh district and Bach Dich commune met.",
     [("district", "Yen Minh"), ("commune", "Bach Dich")]),
    ("en border gate", "Trucks moved to the Nanxi River border gate.",
     [("border gate", "Nanxi River")]),
    ("zh suffixes", "越南河江省苗旺县与马鹿塘口岸。", [("县", "苗旺"), ("口岸", "马鹿塘")]),
    ("vi lối mở", "Khôi phục lối mở Si Choang.", [("lối mở", "Si Choang")]),
    ("vi no person after tỉnh", "Phó Chủ tịch UBND tỉnh Hà Thị Minh Hạnh dự.", []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CANDIDATES], ids=[c[0] for c in CANDIDATES]
)
def test_candidates_in_three_languages(text: str, expected: list[tuple[str, str]]) -> None:
    result = find_mentions(text, gazetteer=GAZ)
    assert [(c.cue, c.text) for c in result.candidates] == expected
    for c in result.candidates:
        assert text[c.start : c.end] == c.text


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
