"""
Popups, language, deep links and the year filter as a reader sees them (issue 11),
in Debian's Chromium driven by Playwright, with the fixtures of ``tests/test_map.py``.
"""

# The fixtures imported from tests/test_map.py are parameters of the tests here.
# ruff: noqa: F811

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from geo.load import read_dataset
from geo.schema import FACT_TOPICS, FACT_UNITS, STATUSES
from geo.schema import LAYERS as SCHEMA_LAYERS
from tests.conftest import LAYERS
from tests.test_map import (  # noqa: F401 (fixtures are found by name)
    Visit,
    _box,
    axe_violations,
    browser,
    server,
    sites,
    visit,
)

pytestmark = pytest.mark.browser


# --- links files ------------------------------------------------------------------


def test_the_english_iframe_of_the_links_file_opens_the_embed_in_english(
    visit: Any, sites: dict[str, Path]
) -> None:
    rows = json.loads((sites["site"] / "links.json").read_text("utf-8"))
    gate = next(r for r in rows if r["id"] == "kim-thanh-gate")
    v = visit(f"site/{gate['embed_url_en']}", viewport=(600, 400))
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    state = v.state()
    assert state["embed"] is True
    assert state["lang"] == "en"
    assert v.page.is_visible(".ba-lang")  # the embed view offers the switch
    v.page.click(".ba-lang")
    assert v.state()["lang"] == "vi"
    v = visit(f"site/{gate['embed_url']}", viewport=(600, 400))
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.state()["lang"] == "vi"


# --- long popups summarised -------------------------------------------------------


def _facts_of(fid: str) -> list[dict[str, str]]:
    """The rows of layers/facts.csv about a feature."""
    data = read_dataset(LAYERS)
    return [f for f in data.facts if fid in [x.strip() for x in f["features"].split(";")]]


def _fact_ids_shown(v: Visit, selector: str) -> list[str]:
    """Ids of the facts in the items under selector (a merged item names all of its)."""
    script = """els => els.flatMap(e => (e.dataset.merged || e.dataset.fact).split(' '))"""
    ids: list[str] = v.page.eval_on_selector_all(selector, script)
    return ids


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_long_popup_shows_key_facts_first_and_the_rest_behind_all_n_facts(
    visit: Any, viewport: tuple[int, int]
) -> None:
    facts = _facts_of("lao-cai-province")
    assert len(facts) > 30  # the long popup the issue names
    v = visit("site/index.html#lao-cai-province", viewport=viewport)
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="lao-cai-province"]')
    # Key facts: one per topic present, each the newest of its topic.
    topics = v.page.eval_on_selector_all(
        ".ba-keyfacts .ba-topic", "els => els.map(e => e.dataset.topic)"
    )
    assert sorted(topics) == sorted({f["topic"] for f in facts})
    key = _fact_ids_shown(v, ".ba-keyfacts .ba-fact")
    by_id = {f["id"]: f for f in facts}
    for fid in key:
        topic = by_id[fid]["topic"]
        own_years = [int(f["year"]) for f in facts if f["topic"] == topic and f["year"]]
        if by_id[fid]["year"]:
            assert int(by_id[fid]["year"]) == max(own_years), fid
        else:
            assert not own_years, f"{fid}: an undated key fact where dated ones exist"
    assert "lc-trade-2022" in key  # trade: 2022 over 2021 and 2019
    # The rest is folded behind a disclosure that says how many there are.
    summary = card.query_selector(".ba-allfacts > summary")
    assert summary is not None
    assert v.page.evaluate("document.querySelector('.ba-allfacts').open") is False
    assert v.page.is_hidden(".ba-allfacts .ba-fact >> nth=0")
    items = len(set(_fact_ids_shown(v, ".ba-allfacts .ba-fact")))
    assert items == len(facts)  # every fact once
    shown_n = v.page.eval_on_selector_all(".ba-allfacts .ba-fact", "els => els.length")
    assert f"{shown_n} dữ kiện" in summary.inner_text()
    # The key facts come before the partners list and the notes.
    order = v.page.evaluate(
        """() => { const c = document.querySelector('.ba-card');
        const k = c.querySelector('.ba-keyfacts'), p = c.querySelector('.ba-partners');
        return k.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING; }"""
    )
    assert order
    # Keyboard: the disclosure opens with Enter, and the list is newest first.
    summary.focus()
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(".ba-allfacts[open]")
    assert v.page.is_visible(".ba-allfacts .ba-fact >> nth=0")
    years = v.page.eval_on_selector_all(
        ".ba-allfacts .ba-year", "els => els.map(e => e.dataset.year)"
    )
    # "2022", then "r2022" (no year stated, in an article of 2022), "2021" …, "?" last
    placed = [int(y.removeprefix("r")) for y in years if y != "?"]
    assert placed == sorted(placed, reverse=True)
    assert "?" not in years[:-1]
    assert "r2020" in years  # the undated FDI figures of the 2020 article
    v.page.click(".ba-lang")
    assert f"All {shown_n} facts" in summary.inner_text()


def test_a_short_popup_lists_its_facts_without_a_summary(visit: Any) -> None:
    facts = _facts_of("pair-lao-cai-city-hekou")
    assert 0 < len(facts) <= 5
    v = visit("site/index.html#pair-lao-cai-city-hekou")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="pair-lao-cai-city-hekou"]')
    assert v.page.query_selector(".ba-allfacts") is None
    assert v.page.query_selector(".ba-keyfacts") is None
    assert sorted(_fact_ids_shown(v, ".ba-facts .ba-fact")) == sorted(f["id"] for f in facts)


@pytest.mark.parametrize("fid", ["lao-cai-province", "pair-lao-cai-city-hekou"])
def test_in_the_embed_view_the_facts_show_without_scrolling(visit: Any, fid: str) -> None:
    v = visit(f"site/index.html?embed=1#{fid}", viewport=(600, 400))
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{fid}"]')
    content = _box(v, ".leaflet-popup-content")
    first = _box(v, ".ba-card .ba-fact")
    assert v.page.evaluate("document.querySelector('.leaflet-popup-content').scrollTop") == 0
    # The first fact starts inside the popup as it opens, and in the 600×400 frame.
    assert content["y"] <= first["y"]
    assert first["y"] + 40 <= content["y"] + content["height"]
    assert first["y"] + 40 <= 400
    # No visible heading stands between the name and the facts.
    headings = v.page.evaluate(
        """() => [...document.querySelectorAll('.ba-card h3, .ba-card h4')]
        .filter(h => h.getBoundingClientRect().width > 1
          && h.compareDocumentPosition(document.querySelector('.ba-card .ba-fact'))
             & Node.DOCUMENT_POSITION_FOLLOWING)
        .map(h => h.textContent)"""
    )
    assert headings in ([], ["2001"]) or all(h.isdigit() for h in headings), headings
    assert axe_violations(v) == []


# --- deep links to pins that share their spot -------------------------------------


def _view_km(v: Visit) -> float:
    """Width of the map's view in kilometres, at its centre's latitude."""
    km: float = v.page.evaluate(
        """() => { const m = window[document.querySelector('.folium-map').id];
        const b = m.getBounds(), c = b.getCenter();
        return m.distance([c.lat, b.getWest()], [c.lat, b.getEast()]) / 1000; }"""
    )
    return km


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_link_to_a_pin_that_shares_its_spot_keeps_the_region_in_view(
    visit: Any, viewport: tuple[int, int]
) -> None:
    # Two events of Lào Cai and the province itself sit on one point.
    v = visit("site/index.html#conf-2022-online", viewport=viewport)
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="conf-2022-online"]')
    state = v.state()
    assert state["zoom"] <= 12
    assert _view_km(v) > 15  # not the 50 m of street level
    listed = card.eval_on_selector_all(".ba-spot a", "els => els.map(e => e.dataset.target)")
    assert listed == ["conf-2021-lao-cai", "lao-cai-province"]
    zoom = state["zoom"]
    v.page.click('.ba-spot a[data-target="conf-2021-lao-cai"]')
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="conf-2021-lao-cai"]')
    assert v.state()["zoom"] == zoom
    listed = card.eval_on_selector_all(".ba-spot a", "els => els.map(e => e.dataset.target)")
    assert listed == ["conf-2022-online", "lao-cai-province"]
    v.page.go_back()  # the link added a history entry
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="conf-2022-online"]')


def test_a_link_to_a_pin_alone_on_its_spot_lists_no_others(visit: Any) -> None:
    v = visit("site/index.html#kim-thanh-gate")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.page.query_selector(".ba-spot") is None


# --- the year filter says what it hides -------------------------------------------


def _set_year(v: Visit, year: int) -> None:
    v.page.eval_on_selector(
        ".ba-year-range",
        f"el => {{ el.value = '{year}'; el.dispatchEvent(new Event('input')); }}",
    )


def _relationships(year: int, *, undated: bool, abroad: bool) -> tuple[int, int]:
    """(shown, total) partnerships of the shipped layers at a year, by their data."""
    pairs = [f["properties"] for f in read_dataset(LAYERS).features["partnerships"]]
    if not abroad:
        pairs = [p for p in pairs if set(p["country"]) <= {"VN", "CN"}]
    shown = [p for p in pairs if (p["since"] is None and undated) or (p["since"] or 9999) <= year]
    return len(shown), len(pairs)


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_the_year_filter_says_what_it_shows_politely(visit: Any, viewport: tuple[int, int]) -> None:
    v = visit("site/index.html", viewport=viewport)
    assert v.page.is_hidden(".ba-year-status")  # nothing to say while it is off
    assert v.page.get_attribute(".ba-year-status", "role") == "status"  # polite live region
    v.page.check(".ba-year-on")
    _set_year(v, 2005)
    shown, total = _relationships(2005, undated=True, abroad=False)
    assert shown < total
    said = f"Đang hiện {shown}/{total} quan hệ tính đến năm 2005"
    v.page.wait_for_function(
        f"document.querySelector('.ba-year-status').innerText.includes({json.dumps(said)})"
    )
    assert len(v.state()["shown"]["partnerships"]) == shown
    v.page.click(".ba-lang")
    assert f"Showing {shown} of {total} relationships as of 2005" in v.page.inner_text(
        ".ba-year-status"
    )
    # The partners-abroad switch changes what is in play, and the message follows.
    if v.page.is_hidden('input[data-layer="abroad"]'):
        v.page.click(".ba-layers .ba-toggle")  # the phone's folded layer panel
    v.page.check('input[data-layer="abroad"]')
    shown, total = _relationships(2005, undated=True, abroad=True)
    said = f"Showing {shown} of {total} relationships as of 2005"
    v.page.wait_for_function(
        f"document.querySelector('.ba-year-status').innerText.includes({json.dumps(said)})"
    )
    v.page.uncheck(".ba-year-unknown")
    shown, total = _relationships(2005, undated=False, abroad=True)
    said = f"Showing {shown} of {total} relationships as of 2005"
    v.page.wait_for_function(
        f"document.querySelector('.ba-year-status').innerText.includes({json.dumps(said)})"
    )
    assert axe_violations(v) == []


def test_the_year_filter_keeps_the_localities_of_a_relationship_of_that_year(
    visit: Any,
) -> None:
    v = visit("site/index.html")
    v.page.check(".ba-year-on")
    _set_year(v, 2010)
    v.page.uncheck(".ba-year-unknown")  # no locality has a year of its own
    v.page.wait_for_function("document.querySelector('.ba-year-status').innerText !== ''")
    shown = v.state()["shown"]
    assert shown["partnerships"] == ["pair-lao-cai-city-hekou", "pair-lao-cai-yunnan"]
    # Both ends of each relationship stay, with no year of their own; others go.
    assert set(shown["localities"]) == {
        "lao-cai-city",
        "hekou",
        "lao-cai-province",
        "yunnan-province",
    }
    _set_year(v, 2019)
    v.page.wait_for_function("BorderAtlas.state().shown.localities.includes('mengzi')")
    v.page.check(".ba-year-unknown")
    assert "sa-pa" in v.state()["shown"]["localities"]


# --- units and language -----------------------------------------------------------


def test_every_figure_has_a_unit_and_a_count_says_what_it_counts() -> None:
    units = {u.value for u in FACT_UNITS}
    assert "count" not in units
    for fact in read_dataset(LAYERS).facts:
        if fact["value"]:
            assert fact["unit"] in units, fact["id"]


def test_a_count_in_a_popup_says_what_it_counts(visit: Any) -> None:
    v = visit("site/index.html#pair-lao-cai-yunnan")
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="pair-lao-cai-yunnan"]')
    v.page.click(".ba-allfacts > summary")
    figures = card.eval_on_selector_all(".ba-figure", "els => els.map(e => e.innerText)")
    assert "6 cặp địa phương" in figures
    v.page.click(".ba-lang")
    figures = card.eval_on_selector_all(".ba-figure", "els => els.map(e => e.innerText)")
    assert "6 pairs of localities" in figures
    assert all(not f.strip().isdigit() for f in figures), figures  # no bare number


_WORD = re.compile(r"[^\W\d_]+")

#: For each id: open its popup (every fact shown) and its tooltip, and read, in each
#: language, the text nodes the reader sees with the language they are marked in (the
#: nearest lang attribute), whether they are a name (of a place, a source, in Chinese)
#: or labelled as being in the other language ("(in Vietnamese) …"); with the figures
#: and the two texts of every bilingual pair (the app's own wording). In the page, in
#: one go: a round trip per feature and language would take minutes on a busy machine.
_WALK = """async ids => {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const visible = root => {
    const out = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const text = n.textContent.trim();
      const host = n.parentElement;
      if (!text || !host.checkVisibility({ checkVisibilityCSS: true })) continue;
      const marked = host.closest('[lang]');
      const name = !!host.closest('.ba-name, .ba-en, .ba-source, .ba-place, [lang=zh]');
      const prev = marked && marked.previousElementSibling;
      const labelled = !!(prev && prev.classList.contains('ba-lang-note'));
      out.push({ text, lang: marked ? marked.getAttribute('lang') : '', name, labelled });
    }
    return out;
  };
  const pairs = root => [...root.querySelectorAll('.bi')].map(b => [
    b.querySelector(':scope > .vi')?.textContent || '',
    b.querySelector(':scope > .en')?.textContent || '']);
  const out = { seen: {}, pairs: [], figures: [] };
  for (const id of ids) {
    BorderAtlas.show(id);
    let card = null;
    for (let i = 0; i < 500 && !card; i++) {
      card = document.querySelector(`.leaflet-popup .ba-card[data-id="${id}"], `
        + `#ba-panel:not([hidden]) .ba-card[data-id="${id}"]`);
      if (!card) await sleep(20);
    }
    if (!card) { out.seen[id + ' popup'] = null; continue; }
    card.querySelectorAll('.ba-allfacts').forEach(d => { d.open = true; });
    out.pairs.push(...pairs(card));
    const rec = BorderAtlas._features[id];
    const l = rec && rec.leaflet;
    for (const lang of ['vi', 'en']) {
      BorderAtlas.lang.set(lang);
      await sleep(0);
      out.seen[`${id} popup ${lang}`] = visible(card);
      out.figures.push(...[...card.querySelectorAll('.ba-figure')].map(e => [id, e.innerText]));
      if (!l || !l._map) continue;
      if (l.getBounds) l.openTooltip(l.getBounds().getCenter()); else l.openTooltip();
      await sleep(0);
      const tip = l.getTooltip() && l.getTooltip().getElement();
      out.seen[`${id} tooltip ${lang}`] = tip ? visible(tip) : [];
      if (tip) out.pairs.push(...pairs(tip));
      l.closeTooltip();
    }
  }
  return out;
}"""


def _words_of(texts: list[Any]) -> set[str]:
    return {w for t in texts if isinstance(t, str) for w in _WORD.findall(t)}


#: The two texts of every bilingual pair on the page (the app's own wording).
_PAIRS = """root => [...root.querySelectorAll('.bi')].map(b => [
  b.querySelector(':scope > .vi')?.textContent || '',
  b.querySelector(':scope > .en')?.textContent || ''])"""


def _language_words(pairs: list[list[str]]) -> tuple[set[str], set[str]]:
    """
    (Vietnamese-only words, English-only words): the words of every text the data, the
    schema and the page's bilingual pairs give in one language, less those any text of
    the other language uses (so names such as "Lào Cai", which English texts use too,
    are neither).
    """
    data = read_dataset(LAYERS)
    vi: list[Any] = [a for a, _ in pairs]
    en: list[Any] = [b for _, b in pairs]
    for _layer, feat in data.all_features():
        p = feat["properties"]
        vi += [p.get(k) for k in ("name_vi", "note_vi", "geometry_note_vi", "funder_vi")]
        en += [p.get(k) for k in ("name_en", "note_en", "geometry_note", "funder", "attribution")]
    for fact in data.facts:
        vi += [fact["statement_vi"], fact["note_vi"]]
        en += [fact["statement_en"], fact["note_en"]]
    for layer in SCHEMA_LAYERS:
        vi.append(layer.title_vi)
        en.append(layer.title_en)
        for spec in layer.fields:
            vi += [c.label_vi for c in spec.vocabulary]
            en += [c.label_en for c in spec.vocabulary]
    for vocab in (FACT_UNITS, FACT_TOPICS, STATUSES):
        vi += [c.label_vi for c in vocab]
        en += [c.label_en for c in vocab]
    vi_words, en_words = _words_of(vi), _words_of(en)
    return vi_words - en_words, en_words - vi_words


def _wrong_language(seen: list[dict[str, Any]], lang: str, foreign: set[str]) -> list[str]:
    """What a reader of lang sees in the other language, neither a name nor labelled."""
    bad = []
    for item in seen:
        if item["lang"] not in {lang, "zh"} and not (item["name"] or item["labelled"]):
            bad.append(f"marked {item['lang']}: {item['text']!r}")
        elif (
            item["lang"] == lang
            and _WORD.findall(item["text"])
            and (found := foreign & set(_WORD.findall(item["text"])))
        ):
            bad.append(f"{sorted(found)} in {item['text']!r}")
    return bad


def test_every_popup_and_tooltip_is_in_the_readers_language(visit: Any) -> None:
    """
    Every feature's popup (all facts open) and tooltip, in Vietnamese mode and in
    English mode: a visible text marked in the other language must be a name or be
    labelled as such, and no text of the reader's language may use a word only the
    other language's texts use (see _language_words); every figure has a unit.
    """
    v = visit("site/index.html")
    v.page.evaluate("BorderAtlas.layers.setAbroad(true)")
    ids = sorted(fid for fid in read_dataset(LAYERS).by_id() if not fid.startswith("country-"))
    found = v.page.evaluate(_WALK, ids)
    missing = [where for where, seen in found["seen"].items() if seen is None]
    assert missing == [], "popups that did not open"
    vi_only, en_only = _language_words(found["pairs"])
    assert {"năm", "Tình", "trạng", "tỷ", "đồng", "Tỉnh"} <= vi_only  # the detector's reach
    assert {"Status", "Position", "billion", "Province"} <= en_only
    problems = []
    for where, seen in found["seen"].items():
        lang = where.rsplit(" ", 1)[1]
        foreign = vi_only if lang == "en" else en_only
        if "tooltip" in where and not seen:
            problems.append(f"{where}: empty")
        problems += [f"{where}: {p}" for p in _wrong_language(seen, lang, foreign)]
    assert len(found["figures"]) > 100
    for fid, text in found["figures"]:
        if not re.search(r"[^\d\s.,]", text):  # "71 %", "6 pairs of localities"
            problems.append(f"{fid}: a figure without its unit: {text!r}")
    assert sum("tooltip" in where for where in found["seen"]) > 150
    assert problems == [], "\n".join(problems)
