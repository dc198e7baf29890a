"""Ingest on the five source articles: features, sidebar, spans, diacritics, NFD, schema."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from geo.ingest import (
    find_mentions,
)
from geo.schema import SIDEBAR_MARKERS
from tests.ingest_common import CORRIDOR, GAZ, SCHEMA, ids, ingest, no_marks, read_article

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
        # "Tỉnh ủy Lào Cai phối hợp với Tỉnh ủy Vân Nam … tổ chức Hội nghị": the two
        # provinces' party committees acting together (facts.csv cites this article for
        # the partnership too)
        "pair-lao-cai-yunnan",
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
        # Named with a cooperation verb before "với" and set against a list; the
        # layers take these three partnerships from this article.
        "pair-meo-vac-funing",
        "pair-meo-vac-napo",
        "pair-ha-giang-guangxi",
        "moriya",
        "benguet",
        "boeun",
        "ulyanovsk-oblast",
    },
}


SIDEBAR_ONLY = {
    "000_207404e02f1e99b1.txt": {"lao-cai-gate", "honghe-prefecture"},
    "001_6b489c545fe40b34.txt": {"lao-cai-gate"},
}


ARTICLE_IDS = [name[:3] for name in EXPECTED]


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
