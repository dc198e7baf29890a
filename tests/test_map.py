"""
What a reader sees, proven in Debian's Chromium driven by Playwright.

One browser serves the whole module; each test opens a fresh page. The site is served
from a loopback web server; every request that leaves the machine is recorded and
refused, except map tiles, which get a blank tile so that no console error is
caused by the sandbox having no internet.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from geo.build import build_site
from geo.load import read_dataset
from geo.render import APP_DIR, shard_of
from geo.search_index import (
    FIRST_KEY,
    bucket_of,
    fold,
    search_buckets,
    search_rows,
    word_grams,
    words,
)
from tests.bad_corpus import MARKUP_CASE, MARKUP_TEXT, make_case
from tests.conftest import LAYERS, MINI, need
from tests.scripts import script

CHROMIUM = Path("/usr/bin/chromium")
APP_JS = APP_DIR / "js"
#: axe-core, the accessibility checker, vendored by scripts/vendor.sh (tests only).
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TILE_HOST = "https://tile.openstreetmap.org/"

pytestmark = pytest.mark.browser


#: The benchmark's 1×1 tile, answered for every tile request (nothing leaves the machine).
BLANK_PNG: bytes = script("bench_map").BLANK_PNG


@dataclass
class Visit:
    """A page and what happened while it was open."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self.page.evaluate("BorderAtlas.state()")
        return result


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped layers built twice (the normal site and the self-contained page), and the
    small fixture, which still has a place named but not located (the Lũng Làn market)."""
    root = tmp_path_factory.mktemp("sites")
    build_site(layers_dir=LAYERS, out_dir=root / "site")
    build_site(layers_dir=LAYERS, out_dir=root / "offline", self_contained=True)
    build_site(layers_dir=MINI, out_dir=root / "mini")
    return {"site": root / "site", "offline": root / "offline", "mini": root / "mini"}


@pytest.fixture(scope="module")
def server(sites: dict[str, Path]) -> Iterator[str]:
    """A static web server on loopback for the built sites."""
    handler = functools.partial(_Quiet, directory=str(sites["site"].parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need(CHROMIUM.exists(), f"Debian's chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (only with a browser)

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Any]:
    """Open a URL (relative to the server) in a fresh page; returns a Visit."""
    contexts = []

    def open_page(
        path: str,
        *,
        viewport: tuple[int, int] = (1280, 800),
        tiles: bool = True,
        hang_tiles: bool = False,
        url: str | None = None,
        touch: bool = False,
        media: dict[str, str] | None = None,
        scale: float | None = None,
    ) -> Visit:
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            has_touch=touch,
            is_mobile=touch,
            device_scale_factor=scale or (2 if touch else 1),
            **(media or {}),  # reduced_motion, forced_colors, color_scheme
        )
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page=page)
        page.on(
            "console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: seen.page_errors.append(str(e)))

        def route(r: Any) -> None:
            req = r.request.url
            seen.requests.append(req)
            if req.startswith(("http://127.0.0.1", "file://", "data:")):
                r.continue_()
            elif req.startswith(TILE_HOST) and hang_tiles:
                pass  # never answered, as from a tile server that hangs
            elif req.startswith(TILE_HOST) and tiles:
                r.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
            else:
                seen.refused.append(req)
                r.abort()

        page.route("**/*", route)
        # Hanging tiles hold the load event back for ever: wait for the app instead.
        page.goto(url or f"{server}/{path}", wait_until="commit" if hang_tiles else "load")
        page.wait_for_function("document.body?.getAttribute('data-ready') === 'true'")
        return seen

    yield open_page
    for context in contexts:
        context.close()


def layer_names() -> list[str]:
    return [
        "border_gates",
        "localities",
        "partnerships",
        "events",
        "crossings",
        "projects",
        "corridor",
        "border",
        "partner_counties",
        "countries",
    ]


def open_popup_id(v: Visit) -> str | None:
    card = v.page.query_selector(".leaflet-popup .ba-card, #ba-panel:not([hidden]) .ba-card")
    return card.get_attribute("data-id") if card else None


# --- loading ------------------------------------------------------------------


def test_page_loads_with_no_console_errors(visit: Any) -> None:
    v = visit("site/index.html")
    assert v.console_errors == []
    assert v.page_errors == []
    assert v.refused == [], "the page asked for something other than tiles"


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_tiles_are_asked_for_only_at_the_view_the_reader_sees(
    visit: Any, size: tuple[int, int]
) -> None:
    """Every tile the page asks for is one the reader sees: the fitted view's, the minimap's."""
    v = visit("site/index.html", viewport=size)
    v.page.wait_for_function("document.querySelector('.ba-minimap-map.leaflet-container')")
    v.page.wait_for_timeout(200)
    zoom = v.state()["zoom"]
    assert zoom != 8, "the fitted view is not folium's start view (zoom 8)"
    asked = {
        int(m.group(1)) for r in v.requests if (m := re.match(re.escape(TILE_HOST) + r"(\d+)/", r))
    }
    # the map's tiles, and the minimap's (five levels out)
    assert zoom in asked
    assert asked <= {zoom, max(zoom - 5, 1)}


def test_initial_view_frames_the_border_region(visit: Any) -> None:
    v = visit("site/index.html")
    south, west, north, east = v.page.evaluate(
        "(() => { const b = window[document.querySelector('.folium-map').id].getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()"
    )
    # Lào Cai (22.49, 103.97) and Hà Giang (22.82, 104.98) are in view; Hà Nội is not the centre.
    assert south < 22.4
    assert north > 22.9
    assert west < 103.9
    assert east > 105.0
    assert east - west < 6


def test_partners_abroad_are_off_by_default(visit: Any) -> None:
    v = visit("site/index.html")
    shown = v.state()["shown"]
    assert "aquitaine" not in shown["localities"]
    assert "hekou" in shown["localities"]
    v.page.check('input[data-layer="abroad"]')
    shown = v.state()["shown"]
    assert "aquitaine" in shown["localities"]
    assert "pair-lao-cai-aquitaine" in shown["partnerships"]


# --- layers and legend -----------------------------------------------------------


@pytest.mark.parametrize("layer", layer_names())
def test_every_layer_toggles_on_and_off(visit: Any, layer: str) -> None:
    v = visit("site/index.html")
    box = f'input[data-layer="{layer}"]'
    before = layer in v.state()["layers"]
    assert v.page.is_checked(box) == before
    v.page.click(box)
    assert (layer in v.state()["layers"]) is not before
    v.page.click(box)
    assert (layer in v.state()["layers"]) is before


def test_legend_shows_every_category_present(visit: Any) -> None:
    v = visit("site/index.html")
    data = read_dataset(LAYERS)
    # The legend follows the map: with every layer on and the whole world in view, it
    # names every category of the data (tests/test_map_legend.py: only what is in view).
    for layer in ("events", "abroad"):
        v.page.check(f'input[data-layer="{layer}"]')
    v.page.evaluate("void window[document.querySelector('.folium-map').id].setView([25, 60], 1)")
    for layer, field_name in [
        ("border_gates", "level"),
        ("localities", "level"),
        ("partnerships", "kind"),
        ("crossings", "kind"),
        ("projects", "kind"),
        ("events", "kind"),
    ]:
        present = {f["properties"][field_name] for f in data.features[layer] if f["geometry"]}
        shown = set(
            v.page.eval_on_selector_all(
                f'[data-legend-layer="{layer}"] [data-category]',
                "els => els.map(e => e.dataset.category)",
            )
        )
        assert shown == present, layer
    statuses = v.page.eval_on_selector_all(
        '[data-legend-layer="status"] [data-status]', "els => els.map(e => e.dataset.status)"
    )
    assert statuses == ["existing", "planned", "proposed"]


def test_the_legend_reads_as_lists_to_a_screen_reader(visit: Any) -> None:
    # It was one run of words ("International gate Bilateral gate Border market ...").
    v = visit("site/index.html?lang=en")
    legend = v.page.locator(".ba-legend")
    gates = legend.get_by_role("list").filter(has_text="International gate").first
    items = gates.get_by_role("listitem").all_inner_texts()
    assert [t.strip() for t in items][:2] == ["International gate", "Bilateral gate"]
    key = legend.get_by_role("list", name="Status (hollow: not built yet)")
    assert key.get_by_role("listitem").first.inner_text().startswith("Existing")
    assert axe_violations(v) == []


# --- search ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kim thanh", "kim-thanh-gate"),
        ("Hekou", "hekou"),
        ("河口", "hekou"),
        ("hà khẩu", "hekou"),
        ("MALYPHO", "malipo"),
        ("Bản Vược", "ban-vuoc-bridge"),
    ],
)
def test_search_opens_the_right_popup(visit: Any, query: str, expected: str) -> None:
    v = visit("site/index.html")
    v.page.fill(".ba-search-input", query)
    first = v.page.get_attribute(".ba-results li", "data-id")
    assert first == expected
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{expected}"]')
    assert v.state()["open"] == expected


def test_search_finds_clustered_and_hidden_features(visit: Any) -> None:
    v = visit("site/index.html")
    assert "events" not in v.state()["layers"]
    v.page.fill(".ba-search-input", "yoga sa pa")
    v.page.click('.ba-results li[data-id="yoga-day-2022-sa-pa"]')
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="yoga-day-2022-sa-pa"]')
    assert "events" in v.state()["layers"]


def test_search_finds_the_lung_lan_market_drawn_at_its_commune(visit: Any) -> None:
    v = visit("site/index.html")
    v.page.fill(".ba-search-input", "lung lan")
    v.page.click('.ba-results li[data-id="lung-lan-market"]')
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="lung-lan-market"]')
    assert "Sơn Vĩ" in v.page.inner_text(".leaflet-popup")


def test_search_finds_a_place_that_is_named_but_not_located(visit: Any) -> None:
    v = visit("mini/index.html")
    v.page.fill(".ba-search-input", "lung lan")
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector('#ba-panel .ba-card[data-id="lung-lan-market"]')
    assert "Chưa xác định được vị trí" in v.page.inner_text("#ba-panel")


#: The search's test viewports: a desktop and a phone held upright.
SEARCH_VIEWPORTS = pytest.mark.parametrize(
    "viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"]
)


def result_ids(v: Visit) -> list[str]:
    """The ids of the search results listed, in order."""
    ids: list[str] = v.page.eval_on_selector_all(
        ".ba-results li[data-id]", "els => els.map((e) => e.dataset.id)"
    )
    return ids


def search_for(v: Visit, query: str) -> list[str]:
    """Type a query and wait for its results (the list, or the no-match message).

    The box is emptied first, and the list seen to close, so that the last query's
    results (which stay listed until the new ones are found) are not taken for them.
    """
    v.page.fill(".ba-search-input", "")
    v.page.wait_for_selector(".ba-results", state="hidden")
    v.page.fill(".ba-search-input", query)
    v.page.wait_for_selector(".ba-results li[data-id], .ba-search-status.ba-nomatch")
    return result_ids(v)


def show_all_results(v: Visit) -> list[str]:
    """Choose "more results" until every result is listed."""
    while v.page.query_selector(".ba-results li.ba-more"):
        listed = len(result_ids(v))
        v.page.click(".ba-results li.ba-more")
        v.page.wait_for_function(
            f"document.querySelectorAll('.ba-results li[data-id]').length > {listed}"
        )
    return result_ids(v)


@SEARCH_VIEWPORTS
@pytest.mark.parametrize(
    ("query", "expected"),
    [("kim tanh", "kim-thanh-gate"), ("lao kai", "lao-cai-province"), ("hekuo", "hekou")],
)
def test_search_with_a_typo_finds_the_place(
    visit: Any, viewport: tuple[int, int], query: str, expected: str
) -> None:
    v = visit("site/index.html", viewport=viewport)
    assert search_for(v, query)[0] == expected
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector(f'.ba-card[data-id="{expected}"]')
    assert v.state()["open"] == expected


def test_search_ranks_home_places_first_and_typos_last_without_duplicates(visit: Any) -> None:
    v = visit("site/index.html")
    search_for(v, "lao cai")
    ids = show_all_results(v)
    assert ids[:3] == ["lao-cai-province", "lao-cai-gate", "lao-cai-city"]
    assert len(set(ids)) == len(ids)
    rows = {row[0]: row for row in search_rows(read_dataset(LAYERS).features)}
    keys = {i: rows[i][FIRST_KEY:] for i in ids}
    # names that start with the query, by kind: gates and localities first, abroad last
    starting = [i for i in ids if any(k.startswith("lao cai") for k in keys[i])]
    ranks = [rows[i][4] for i in starting if "lao cai" not in keys[i]]
    assert ranks == sorted(ranks)
    assert ids.index("pair-lao-cai-victoria") > ids.index("lao-cai-city")
    # matches without a typo (each word starts a word of a name) before those with one
    exact = [
        i
        for i in ids
        if all(any(w.startswith(q) for k in keys[i] for w in words(k)) for q in ("lao", "cai"))
    ]
    assert ids[: len(exact)] == exact
    assert "lai-chau-province" in ids[len(exact) :]
    # the point and the polygon of Hà Khẩu read alike: listed once
    assert search_for(v, "huyen ha khau").count("hekou") == 1
    assert "county-hekou" not in result_ids(v)


@SEARCH_VIEWPORTS
def test_search_says_when_nothing_matches(visit: Any, viewport: tuple[int, int]) -> None:
    v = visit("site/index.html?lang=en", viewport=viewport)
    assert search_for(v, "zqxwv") == []
    status = v.page.query_selector(".ba-search-status")
    assert status.get_attribute("role") == "status"  # a live region: read out
    assert status.bounding_box()["width"] > 100  # shown, not only read out
    assert "No match for “zqxwv”" in status.inner_text()
    assert v.page.is_hidden(".ba-results")
    assert v.page.get_attribute(".ba-search-input", "aria-expanded") == "false"
    v.page.press(".ba-search-input", "Enter")  # nothing to open
    assert v.state()["open"] is None
    search_for(v, "hekou")
    assert status.bounding_box()["width"] <= 1  # the count is read out, not shown
    assert status.inner_text().strip() == f"{len(result_ids(v))} results"


@SEARCH_VIEWPORTS
def test_search_lists_more_results_when_capped(visit: Any, viewport: tuple[int, int]) -> None:
    v = visit("site/index.html?lang=en", viewport=viewport)
    first = search_for(v, "lao cai")
    status = v.page.text_content(".ba-search-status")
    assert len(first) == 10
    more = v.page.query_selector(".ba-results li.ba-more")
    assert more.get_attribute("role") == "option"
    assert "more results" in more.inner_text()
    assert "Showing 10 of" in status
    # by keyboard: End reaches "more", Enter lists the next ones, focus stays in the box
    v.page.press(".ba-search-input", "End")
    more_id = more.get_attribute("id")
    assert v.page.get_attribute(".ba-search-input", "aria-activedescendant") == more_id
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_function("document.querySelectorAll('.ba-results li[data-id]').length > 10")
    after = result_ids(v)
    assert after[:10] == first
    assert len(after) > 10
    assert v.page.evaluate("document.activeElement.className") == "ba-search-input"
    active = v.page.get_attribute(".ba-search-input", "aria-activedescendant")
    assert v.page.get_attribute(f"#{active}", "data-id") == after[10]
    assert show_all_results(v)[:10] == first


@pytest.mark.parametrize(
    "viewport",
    [(320, 568), (390, 844), (740, 360), (1280, 800)],
    ids=["320x568", "390x844", "sideways", "desktop"],
)
def test_search_results_fit_the_screen_above_the_other_controls(
    visit: Any, viewport: tuple[int, int]
) -> None:
    # On a 320x568 phone the list ran off the screen under the year control, and
    # pushed the tool buttons down over the scale bar.
    v = visit("site/index.html", viewport=viewport)
    v.page.click(".ba-search-input")
    tools = _box(v, ".ba-tools")
    ids = search_for(v, "lao cai")
    assert len(ids) >= 4
    box = _box(v, "#ba-results")
    assert box["y"] + box["height"] <= viewport[1]
    # The list drops over the controls below the box: they are not pushed down.
    assert _box(v, ".ba-tools")["y"] <= tools["y"]
    reach = """i => { const li = document.querySelectorAll('#ba-results li')[i];
        li.scrollIntoView({ block: 'nearest' }); const r = li.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit !== null && li.contains(hit); }"""
    for i in range(len(ids)):
        assert v.page.evaluate(reach, i), f"result {i} ({ids[i]}) is covered"
    v.page.click(f'#ba-results li[data-id="{ids[-1]}"]')
    v.page.wait_for_selector(f'.ba-card[data-id="{ids[-1]}"]')


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("viewport", [(320, 568), (1280, 800)], ids=["320x568", "desktop"])
def test_the_empty_search_box_says_what_it_is_for_in_full(
    visit: Any, viewport: tuple[int, int], lang: str
) -> None:
    # "Tìm địa danh… / Search places…" was cut to "Tìm địa danh… / Searc" on a phone.
    v = visit(f"site/index.html?lang={lang}", viewport=viewport)
    text, room, need = v.page.eval_on_selector(
        ".ba-search-input",
        """e => { const s = getComputedStyle(e), ctx = document.createElement('canvas')
            .getContext('2d'); ctx.font = s.font;
            return [e.placeholder, e.clientWidth - parseFloat(s.paddingLeft)
                    - parseFloat(s.paddingRight), ctx.measureText(e.placeholder).width]; }""",
    )
    assert text == {"vi": "Tìm địa danh…", "en": "Search places…"}[lang]
    assert need <= room
    v.page.click(".ba-lang")  # and it follows the language
    other = v.page.get_attribute(".ba-search-input", "placeholder")
    assert other == {"en": "Tìm địa danh…", "vi": "Search places…"}[lang]


@SEARCH_VIEWPORTS
def test_search_is_a_combobox_driven_by_the_keyboard(visit: Any, viewport: tuple[int, int]) -> None:
    v = visit("site/index.html", viewport=viewport)
    box = ".ba-search-input"
    assert v.page.get_attribute(box, "role") == "combobox"
    assert v.page.get_attribute(box, "aria-controls") == "ba-results"
    assert v.page.get_attribute(box, "aria-expanded") == "false"
    v.page.focus(box)
    v.page.keyboard.type("hekou")
    # typed a key at a time: wait for the list that answers the whole word
    v.page.wait_for_selector('.ba-results[data-query="hekou"] li[data-id]')
    ids = result_ids(v)
    assert len(ids) >= 3
    assert v.page.get_attribute(box, "aria-expanded") == "true"
    for _ in range(3):
        v.page.keyboard.press("ArrowDown")
    v.page.keyboard.press("ArrowUp")
    active = v.page.get_attribute(box, "aria-activedescendant")
    assert v.page.get_attribute(f"#{active}", "aria-selected") == "true"
    assert v.page.get_attribute(f"#{active}", "data-id") == ids[2]
    assert v.page.eval_on_selector_all('.ba-results [aria-selected="true"]', "e => e.length") == 1
    v.page.keyboard.press("Escape")
    assert v.page.get_attribute(box, "aria-expanded") == "false"
    assert v.page.is_hidden(".ba-results")
    v.page.keyboard.press("ArrowDown")  # back to the same query's list
    v.page.keyboard.type(" ")
    v.page.wait_for_selector(".ba-results li[data-id]")
    v.page.keyboard.press("ArrowDown")
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(f'.ba-card[data-id="{ids[1]}"]')
    assert v.state()["open"] == ids[1]


# --- popups ----------------------------------------------------------------------


def test_popup_shows_names_kind_status_facts_and_sources(visit: Any) -> None:
    v = visit("site/index.html#lao-cai-province")
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="lao-cai-province"]')
    text = card.inner_text()
    assert "Tỉnh Lào Cai" in text
    assert "老街省" in text
    assert "2,32 tỷ USD" in text  # a figure with its unit
    assert "Đối ngoại chủ động - nâng tầm vị thế Lào Cai" in text  # the source's title
    link = card.query_selector('a[href^="https://baolaocai.vn/"]')
    assert link is not None
    years = card.eval_on_selector_all(".ba-year", "els => els.map(e => e.dataset.year)")
    placed = [int(y.removeprefix("r")) for y in years if y != "?"]  # r: the article's year
    assert placed == sorted(placed, reverse=True)  # newest first


def test_partnership_popup_links_to_both_partners(visit: Any) -> None:
    v = visit("site/index.html#pair-lao-cai-city-hekou")
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="pair-lao-cai-city-hekou"]')
    targets = card.eval_on_selector_all(".ba-pair a", "els => els.map(e => e.dataset.target)")
    assert targets == ["lao-cai-city", "hekou"]
    assert "2001" in card.inner_text()
    v.page.click('.ba-pair a[data-target="hekou"]')
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="hekou"]')


def test_locality_popup_lists_its_partners(visit: Any) -> None:
    v = visit("site/index.html#lao-cai-city")
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="lao-cai-city"]')
    partners = card.eval_on_selector_all(
        ".ba-partners > li > a.ba-link:first-child", "els => els.map(e => e.dataset.target)"
    )
    assert partners == ["baoding", "hekou", "mengzi"]


@pytest.mark.parametrize(
    ("lang", "pair", "new_tab"),
    [
        ("en", "(partnership with Aquitaine)", "(opens in a new tab)"),
        ("vi", "(quan hệ với Vùng Aquitaine)", "(mở trong thẻ mới)"),
    ],
)
def test_links_in_a_popup_say_where_they_go(visit: Any, lang: str, pair: str, new_tab: str) -> None:
    # A screen reader's list of links read "(link)" for every partnership, and did
    # not say that the articles open in a new tab.
    v = visit(f"site/index.html?lang={lang}#lao-cai-province")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="lao-cai-province"]')
    dialog = v.page.get_by_role("dialog")
    assert dialog.get_by_role("link", name="(link)", exact=True).count() == 0
    # (a screen reader's name has a space before the ")", after the text it is told)
    named = re.compile("^" + re.escape(pair[:-1]) + r"\s*\)$")
    assert dialog.get_by_role("link", name=named).count() == 1
    assert v.page.is_visible('.ba-partners a[data-target="pair-lao-cai-aquitaine"]')
    shown = v.page.eval_on_selector(
        '.ba-partners a[data-target="pair-lao-cai-aquitaine"]',
        """a => { const told = a.querySelector('.ba-sr').getBoundingClientRect();
            const seen = a.cloneNode(true); seen.querySelector('.ba-sr').remove();
            document.body.appendChild(seen); const text = seen.innerText; seen.remove();
            return [text, told.width <= 1 && told.height <= 1]; }""",
    )
    assert shown == ["(partnership)" if lang == "en" else "(quan hệ)", True]
    v.page.eval_on_selector_all(".leaflet-popup details", "els => els.forEach(d => d.open = 1)")
    outside = v.page.locator('.leaflet-popup a[target="_blank"]')
    told = dialog.get_by_role("link", name=re.compile(re.escape(new_tab) + "$"))
    assert outside.count() >= 1
    assert told.count() == outside.count()


def test_language_switch_shows_english(visit: Any) -> None:
    v = visit("site/index.html#kim-thanh-gate")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    v.page.click(".ba-lang")
    text = v.page.inner_text(".leaflet-popup .ba-card")
    assert "Status" in text
    assert "Tình trạng" not in text
    assert v.state()["lang"] == "en"


def test_the_language_is_kept_in_the_address_and_the_copied_link(visit: Any) -> None:
    v = visit("site/index.html#kim-thanh-gate")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    v.page.click(".ba-lang")
    assert v.page.evaluate("window.location.search") == "?lang=en"
    link = v.page.get_attribute(".ba-copy", "data-link")
    assert link is not None
    assert link.endswith("/site/index.html?lang=en#kim-thanh-gate")
    assert v.page.input_value(".ba-permalink") == link
    v.page.reload()
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.state()["lang"] == "en"
    v.page.click(".ba-lang")  # back to Vietnamese: no parameter
    assert v.page.evaluate("window.location.search") == ""
    link = v.page.get_attribute(".ba-copy", "data-link")
    assert link is not None
    assert link.endswith("/site/index.html#kim-thanh-gate")


def test_the_embed_view_links_to_the_full_map_in_its_language(visit: Any) -> None:
    v = visit("site/index.html?embed=1&lang=en#kim-thanh-gate", viewport=(600, 400))
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.state()["lang"] == "en"
    href = v.page.get_attribute(".ba-full-map", "href")
    assert href is not None
    assert href.endswith("/site/index.html?lang=en#kim-thanh-gate")
    v.page.click(".ba-lang")  # the embed view offers the switch
    assert v.state()["lang"] == "vi"
    href = v.page.get_attribute(".ba-full-map", "href")
    assert href is not None
    assert href.endswith("/site/index.html#kim-thanh-gate")


def test_the_title_dek_and_about_panel_are_in_both_languages(visit: Any) -> None:
    v = visit("site/index.html")
    assert v.page.inner_text("h1") == "Bản đồ biên giới Việt – Trung"
    assert "theo những gì báo chí đưa tin" in v.page.inner_text(".ba-dek")
    v.page.click(".ba-about-btn")
    about = v.page.wait_for_selector("#ba-about[open]")
    text = about.inner_text()
    for part in ("Nguồn", "Giấy phép", "?embed=1", "?lang=en", "OpenStreetMap", "Natural Earth"):
        assert part in text, part
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector("#ba-about", state="hidden")
    assert v.page.evaluate("document.activeElement.className") == "ba-about-btn"
    v.page.click(".ba-lang")
    assert v.page.inner_text("h1") == "Vietnam–China border atlas"
    assert v.page.inner_text(".ba-dek") == (
        "Gates, sister localities and links — what the news reports"
    )
    v.page.click(".ba-about-btn")
    text = v.page.wait_for_selector("#ba-about[open]").inner_text()
    for part in ("What the map shows", "Sources", "Link and embed", "Licences"):
        assert part in text, part
    assert "Giấy phép" not in text


def test_focus_moves_into_a_popup_and_back_and_escape_closes_it(visit: Any) -> None:
    v = visit("site/index.html")
    v.page.fill(".ba-search-input", "Mông Tự")
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="mengzi"]')
    focused = "document.activeElement.closest('.leaflet-popup') !== null"
    v.page.wait_for_function(focused)
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.state()["open"] is None
    assert v.page.evaluate("document.activeElement.className") == "ba-search-input"


#: The focused element, if something of the page's own covers it (WCAG 2.4.11): the
#: middle of its first line box, on screen, reaches something else.
FOCUS_COVERED = """() => { const e = document.activeElement;
    if (!e || e === document.body || e.classList.contains('leaflet-container')) return null;
    const r = e.getClientRects()[0];
    if (!r) return 'no box: ' + e.className;
    const x = Math.min(Math.max(r.x + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.y + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === e || e.contains(hit) || hit.contains(e))) return null;
    return (e.className || e.tagName) + ' ' + e.textContent.trim().slice(0, 20)
        + ' under ' + (hit ? hit.className : 'nothing'); }"""


@pytest.mark.parametrize(
    ("viewport", "touch"),
    [((1280, 800), False), ((390, 844), True), ((740, 360), True)],
    ids=["desktop", "phone", "sideways"],
)
def test_with_a_popup_open_every_tab_stop_is_in_sight(
    visit: Any, viewport: tuple[int, int], touch: bool
) -> None:
    # On an upright phone the Tab key went on from the sheet to the year control, the
    # legend's button and the credits' links, all under the sheet.
    v = visit("site/index.html#lao-cai-province", viewport=viewport, touch=touch)
    v.page.wait_for_selector(".ba-card")
    covered = []
    for _ in range(70):
        v.page.keyboard.press("Tab")
        hidden = v.page.evaluate(FOCUS_COVERED)
        if hidden:
            covered.append(hidden)
    assert covered == []


def test_a_popup_opened_from_what_is_here_gives_the_focus_back_to_its_button(
    visit: Any,
) -> None:
    # The entry the reader chose is hidden with its list once the popup opens: the focus
    # went back to nothing (the page), and the next Tab started over from the top.
    v = visit("site/index.html")
    v.page.focus(".ba-here-btn")
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(".ba-here-item")
    v.page.keyboard.press("Tab")
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(".leaflet-popup .ba-card")
    assert v.page.evaluate("document.activeElement.className") == "ba-name"
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.page.evaluate("document.activeElement.classList.contains('ba-here-btn')")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_controls_are_named_in_both_languages_by_what_they_show(visit: Any, lang: str) -> None:
    # Leaflet's zoom buttons were named in English only; the year switch was named
    # "Filter by year" beside a label that reads "Network in" (WCAG 2.5.3: a reader
    # who says what they see did not reach it).
    v = visit(f"site/index.html?lang={lang}")
    zoom = v.page.locator(".leaflet-control-zoom").aria_snapshot()
    assert 'button "Phóng to / Zoom in"' in zoom or 'link "Phóng to / Zoom in"' in zoom
    assert "Thu nhỏ / Zoom out" in zoom
    shown = v.page.inner_text(".ba-year label.ba-check >> nth=0").strip()
    assert shown == ("Network in year" if lang == "en" else "Mạng lưới năm")
    assert f'checkbox "{shown}"' in v.page.locator(".ba-year").aria_snapshot()


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_every_feature_in_view_is_reachable_by_keyboard(
    visit: Any, viewport: tuple[int, int]
) -> None:
    v = visit("site/index.html?lang=en", viewport=viewport)
    v.page.focus(".ba-here-btn")
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(".ba-here-item")
    listed = v.page.eval_on_selector_all(".ba-here-item", "els => els.map(e => e.dataset.id)")
    assert "lao-cai-gate" in listed
    assert len(listed) == len(set(listed))
    # every entry is a feature the map shows, of a visible layer, and the points in view
    # are all listed (or the list says how many it leaves to zooming in)
    shown = v.page.evaluate(
        """() => { const view = BorderAtlas.app.map.getBounds();
            const layers = BorderAtlas.state().layers;
            const recs = Object.values(BorderAtlas._features)
              .filter(r => r.on && layers.includes(r.layer) && r.layer !== 'countries');
            return { all: recs.map(r => r.p.id),
                     points: recs.filter(r => r.latlng && view.contains(r.latlng))
                                 .map(r => r.p.id) }; }"""
    )
    assert set(listed) <= set(shown["all"])
    status = v.page.inner_text(".ba-here-status")
    if "zoom in" in status:
        assert len(listed) == 40
    else:
        assert set(shown["points"]) <= set(listed)
        assert status.startswith(f"{len(listed)} feature")
    # focus is on the first entry; the next one opens its popup with Enter
    assert v.page.evaluate("document.activeElement.dataset.id") == listed[0]
    v.page.keyboard.press("Tab")
    second = v.page.evaluate("document.activeElement.dataset.id")
    assert second == listed[1]
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(f'.ba-card[data-id="{second}"]')
    assert v.state()["open"] == second
    assert v.page.query_selector("#ba-here").is_hidden()
    v.page.wait_for_function("document.activeElement.closest('.leaflet-popup') !== null")
    # reopened, Escape closes the list and gives focus back to its button
    v.page.click(".ba-here-btn")
    v.page.wait_for_selector("#ba-here", state="visible")
    v.page.wait_for_function("document.activeElement.closest('#ba-here') !== null")
    assert axe_violations(v) == []
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector("#ba-here", state="hidden")
    assert "ba-here-btn" in v.page.evaluate("document.activeElement.className")


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_skip_links_come_first_and_lead_to_search_and_to_what_is_here(
    visit: Any, viewport: tuple[int, int]
) -> None:
    v = visit("site/index.html?lang=en", viewport=viewport)
    focused = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return [e.className, e.innerText, r.x >= 0 && r.y >= 0 && r.width > 40 &&
                r.right <= innerWidth && r.bottom <= innerHeight]; }"""
    v.page.keyboard.press("Tab")
    assert v.page.evaluate(focused) == ["ba-skip", "Skip to search", True]  # shown
    v.page.keyboard.press("Enter")
    assert v.page.evaluate("document.activeElement.id") == "ba-search-q"
    assert v.page.evaluate("location.hash") == ""
    v.page.focus(".ba-skip >> nth=0")
    v.page.keyboard.press("Tab")
    assert v.page.evaluate(focused) == ["ba-skip", "List what is in view", True]
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector("#ba-here", state="visible")
    assert v.page.evaluate("document.activeElement.className") == "ba-here-item"
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector(".ba-card")
    # Once it has lost the focus the link is out of sight again.
    assert v.page.evaluate("document.querySelector('.ba-skip').getBoundingClientRect().right") < 0


def test_the_map_is_a_named_region_that_says_its_keys(visit: Any) -> None:
    v = visit("site/index.html")
    region = v.page.get_by_role("region", name=re.compile(r"arrow keys pan, \+ and − zoom"))
    assert region.evaluate("e => e.classList.contains('leaflet-container')")
    region.focus()
    zoom = v.state()["zoom"]
    v.page.keyboard.press("+")
    v.page.wait_for_function(f"BorderAtlas.state().zoom > {zoom}")


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844), (844, 390)], ids=str)
def test_a_popup_is_a_dialog_named_by_its_heading_with_a_close_button_in_both_languages(
    visit: Any, viewport: tuple[int, int]
) -> None:
    v = visit("site/index.html", viewport=viewport)
    v.page.fill(".ba-search-input", "Mông Tự")
    v.page.press(".ba-search-input", "Enter")
    dialog = v.page.get_by_role("dialog", name="Thành phố Mông Tự")
    dialog.wait_for()
    assert dialog.evaluate("e => e.contains(document.activeElement)")
    close = dialog.get_by_role("button", name="Đóng / Close")
    close.click()
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.page.evaluate("document.activeElement.className") == "ba-search-input"


@pytest.mark.parametrize(
    ("viewport", "touch"),
    [((320, 568), True), ((320, 568), False), ((740, 360), True), ((1280, 800), False)],
    ids=["320x568-touch", "320x568-mouse", "sideways-touch", "desktop"],
)
def test_what_is_here_fits_the_screen_above_the_other_controls(
    visit: Any, viewport: tuple[int, int], touch: bool
) -> None:
    # On a 320x568 phone the list ran off the bottom of the screen, under the year
    # control, the legend and the credits.
    v = visit("site/index.html", viewport=viewport, touch=touch)
    v.page.click(".ba-here-btn")
    v.page.wait_for_selector(".ba-here-item")
    box = _box(v, "#ba-here")
    assert box["y"] + box["height"] <= viewport[1]
    assert box["x"] + box["width"] <= viewport[0]
    reach = """e => { e.scrollIntoView({ block: 'nearest' }); const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit !== null && e.contains(hit); }"""
    items = v.page.locator(".ba-here-item")
    for i in range(items.count()):
        assert items.nth(i).evaluate(reach), f"entry {i} is covered"
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector("#ba-here", state="hidden")
    assert v.page.is_visible(".ba-dek")


def test_escape_closes_the_panel_of_a_place_that_is_not_located(visit: Any) -> None:
    v = visit("mini/index.html")
    v.page.fill(".ba-search-input", "lung lan")
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector('#ba-panel .ba-card[data-id="lung-lan-market"]')
    assert v.page.evaluate("document.activeElement.closest('#ba-panel') !== null")
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector("#ba-panel", state="hidden")
    assert v.state()["open"] is None


# --- deep links ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fid", ["kim-thanh-gate", "pair-lao-cai-city-hekou", "viet-trung-steel-plant", "ho-kieu-bridge"]
)
def test_deep_link_opens_the_popup(visit: Any, fid: str) -> None:
    v = visit(f"site/index.html#{fid}")
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{fid}"]')
    assert v.state()["open"] == fid


def test_ids_in_links_match_in_any_case(visit: Any) -> None:
    v = visit("site/index.html#Kim-Thanh-GATE")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.state()["open"] == "kim-thanh-gate"


def test_back_returns_from_a_popup_opened_by_a_link_in_another(visit: Any) -> None:
    v = visit("site/index.html#pair-lao-cai-city-hekou")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="pair-lao-cai-city-hekou"]')
    v.page.click('.ba-pair a[data-target="hekou"]')
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="hekou"]')
    v.page.go_back()
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="pair-lao-cai-city-hekou"]')
    assert v.state()["open"] == "pair-lao-cai-city-hekou"


def test_hash_change_opens_another_popup_and_popups_update_the_hash(visit: Any) -> None:
    v = visit("site/index.html#kim-thanh-gate")
    v.page.wait_for_selector('.ba-card[data-id="kim-thanh-gate"]')
    v.page.evaluate("window.location.hash = 'thanh-thuy-gate'")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="thanh-thuy-gate"]')
    v.page.fill(".ba-search-input", "Mông Tự")
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="mengzi"]')
    assert v.page.evaluate("window.location.hash") == "#mengzi"


def test_popup_has_a_copy_link_control(visit: Any) -> None:
    v = visit("site/index.html#kim-thanh-gate")
    v.page.wait_for_selector('.ba-card[data-id="kim-thanh-gate"]')
    link = v.page.get_attribute(".ba-copy", "data-link")
    assert link is not None
    assert link.endswith("/site/index.html#kim-thanh-gate")
    v.page.click(".ba-copy")
    v.page.wait_for_selector(".ba-copy.ba-copied")
    assert v.page.get_attribute(".ba-copy-status", "role") == "status"
    assert v.page.inner_text(".ba-copy-status") == "Đã sao chép liên kết."  # announced


# --- year filter -----------------------------------------------------------------


def test_year_filter_hides_a_relationship_that_began_later(visit: Any) -> None:
    v = visit("site/index.html")
    shown = v.state()["shown"]["partnerships"]
    assert {"pair-lao-cai-city-mengzi", "pair-lao-cai-city-hekou"} <= set(shown)
    v.page.check(".ba-year-on")
    v.page.eval_on_selector(
        ".ba-year-range", "el => { el.value = '2010'; el.dispatchEvent(new Event('input')); }"
    )
    state = v.state()
    assert state["year"] == 2010
    assert "pair-lao-cai-city-mengzi" not in state["shown"]["partnerships"]  # began 2019
    assert "pair-lao-cai-city-hekou" in state["shown"]["partnerships"]  # began 2001
    assert "thanh-thuy-gate" not in state["shown"]["border_gates"]  # international in 2014
    v.page.uncheck(".ba-year-unknown")
    assert "pair-sa-pa-shiping" not in v.state()["shown"]["partnerships"]  # year not stated


# --- accessibility (axe-core) -----------------------------------------------------


def axe_violations(v: Visit) -> list[str]:
    """Run axe-core in the page once it has settled; one line per violation and element.

    Settled: no finite animation or transition still running (a popup fading in is
    half-transparent, and axe would measure its text's contrast against the map).
    """
    v.page.wait_for_function(
        """() => document.getAnimations().every(a => a.playState !== 'running'
            || a.effect.getComputedTiming().endTime === Infinity)"""
    )
    v.page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = v.page.evaluate("axe.run(document).then(r => r.violations)")
    return [f"{rule['id']}: {' '.join(node['target'])}" for rule in found for node in rule["nodes"]]


@pytest.mark.parametrize(
    ("address", "viewport", "wait_for"),
    [
        ("site/index.html", (1366, 768), None),
        ("site/index.html#lao-cai-province", (1366, 768), ".leaflet-popup .ba-card"),
        ("site/index.html?lang=en#pair-lao-cai-city-hekou", (1366, 768), ".ba-card"),
        ("site/index.html#hekou", (390, 844), ".ba-card"),
        ("site/index.html#hekou", (844, 390), ".ba-card"),
        ("site/index.html?embed=1#kim-thanh-gate", (600, 400), ".ba-card"),
    ],
    ids=["first-load", "popup", "popup-english", "phone", "phone-landscape", "embed"],
)
def test_axe_finds_no_violations(
    visit: Any, address: str, viewport: tuple[int, int], wait_for: str | None
) -> None:
    v = visit(address, viewport=viewport)
    if wait_for:
        v.page.wait_for_selector(wait_for)
    assert axe_violations(v) == []


def test_axe_finds_no_violations_with_the_about_dialog_open(visit: Any) -> None:
    v = visit("site/index.html", viewport=(390, 844))
    v.page.click(".ba-about-btn")
    v.page.wait_for_selector("#ba-about[open]")
    assert axe_violations(v) == []


@pytest.mark.parametrize(
    ("query", "viewport"),
    [
        ("lao cai", (1366, 768)),
        ("lao cai", (390, 844)),
        ("kim tanh", (1366, 768)),
        ("zqxwv", (390, 844)),
    ],
    ids=["desktop", "phone", "typo", "no-match-phone"],
)
def test_axe_finds_no_violations_with_search_results_open(
    visit: Any, query: str, viewport: tuple[int, int]
) -> None:
    v = visit("site/index.html", viewport=viewport)
    search_for(v, query)
    v.page.press(".ba-search-input", "ArrowDown")
    assert axe_violations(v) == []


@pytest.mark.parametrize("reduce", [True, False], ids=["reduced", "no-preference"])
def test_reduced_motion_zooms_and_opens_popups_without_animating(visit: Any, reduce: bool) -> None:
    v = visit(
        "site/index.html",
        media={"reduced_motion": "reduce" if reduce else "no-preference"},
    )
    assert v.page.evaluate("BorderAtlas.app.map.options.inertia") is not reduce
    # What the map pane's transition is while a zoom animates, seen every 10 ms
    # from the key press to the zoom's end.
    v.page.evaluate(
        """() => { const map = BorderAtlas.app.map; window.baSeen = [];
        const pane = map.getPane('mapPane');
        const look = () => { if (pane.classList.contains('leaflet-zoom-anim')) window.baSeen.push(
            getComputedStyle(pane.querySelector('.leaflet-zoom-animated')).transitionDuration); };
        const timer = setInterval(look, 10);
        map.once('zoomend', () => { clearInterval(timer); window.baZoomed = true; }); }"""
    )
    v.page.focus(".leaflet-container")
    v.page.keyboard.press("+")
    v.page.wait_for_function("window.baZoomed === true", timeout=5000)
    seen = v.page.evaluate("window.baSeen")
    assert seen
    assert all(d == "0s" for d in seen) is reduce, seen
    v.page.fill(".ba-search-input", "Mông Tự")
    v.page.press(".ba-search-input", "Enter")
    v.page.wait_for_selector(".leaflet-popup")
    fade = v.page.eval_on_selector(".leaflet-popup", "e => getComputedStyle(e).transitionDuration")
    assert (fade == "0s") is reduce


WATCH_PAN = """() => { const map = BorderAtlas.app.map; window.baMoves = [];
    const at = () => map.project(map.getCenter()), p0 = at();
    map.on('move', () => { const p = at();
        window.baMoves.push([performance.now(), p.x - p0.x, p.y - p0.y]); });
    document.addEventListener('keyup', () => { window.baUp = performance.now(); }); }"""


@pytest.mark.parametrize("reduce", [True, False], ids=["reduced", "no-preference"])
def test_arrow_keys_pan_a_step_and_a_held_key_stops_where_it_is_let_go(
    visit: Any, reduce: bool
) -> None:
    # Leaflet's arrow keys glided a quarter of a second even with reduced motion, and
    # dropped the presses of a held key that came while a step still glided: the map
    # moved in jerks and glided on after the key was let go.
    media = {"reduced_motion": "reduce" if reduce else "no-preference"}
    v = visit("site/index.html", media=media)
    v.page.evaluate(WATCH_PAN)
    v.page.focus(".leaflet-container")
    v.page.keyboard.press("ArrowRight")
    v.page.wait_for_function("window.baMoves.length && window.baMoves.at(-1)[1] > 79")
    v.page.wait_for_timeout(300)  # the glide's end
    steps = [round(dx) for _, dx, _ in v.page.evaluate("window.baMoves")]
    assert steps[-1] == 80
    if reduce:
        assert steps == [80]  # at once
    else:
        assert any(0 < dx < 80 for dx in steps), steps  # a glide
    # held down (the key repeats): the map pans on, and stops when it is let go
    v.page.evaluate(WATCH_PAN)
    for _ in range(25):
        v.page.keyboard.down("ArrowDown")
        v.page.wait_for_timeout(30)
    v.page.keyboard.up("ArrowDown")
    v.page.wait_for_timeout(400)
    moves = v.page.evaluate("window.baMoves")
    up = v.page.evaluate("window.baUp")
    assert len(moves) >= 10
    assert round(moves[-1][1]) == 0
    assert moves[-1][2] > 160  # southwards, more than two steps
    after = [t for t, _, _ in moves if t > up + 20]
    assert after == [], f"{len(after)} moves after the key was let go"


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_forced_colours_keep_an_edge_on_every_card_and_the_legend_its_colours(
    visit: Any, viewport: tuple[int, int]
) -> None:
    forced = {"forced_colors": "active"}
    v = visit("site/index.html#kim-thanh-gate", viewport=viewport, media=forced)
    v.page.wait_for_selector(".ba-card")
    edges = v.page.evaluate(
        """() => [...document.querySelectorAll('.ba-control, .leaflet-bar,'
                + ' .leaflet-popup-content-wrapper')]
            .filter(e => e.getBoundingClientRect().width > 0)
            .map(e => { const s = getComputedStyle(e);
                return [e.className, s.borderTopStyle, s.borderTopWidth]; })"""
    )
    assert len(edges) >= 6
    for name, style, width in edges:
        assert style == "solid", name
        assert width != "0px", name
    if viewport[0] > 640:  # the legend is open on a desktop: its swatches keep colour
        fills = v.page.eval_on_selector_all(
            ".ba-swatch [fill]", "els => els.map(e => getComputedStyle(e).fill)"
        )
        assert len(set(fills)) >= 3


#: A reader's own text spacing (WCAG 1.4.12), as the bookmarklets apply it after load.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""

#: Elements of the controls and popups whose text is cut off (scrolling lists are not).
CUT_OFF = """() => [...document.querySelectorAll('.ba-main *')].filter(e => {
    if (e.closest('.ba-sr, .leaflet-map-pane, .leaflet-tile-pane')) return false;
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || !e.getClientRects().length)
        return false;
    return (s.overflowX === 'hidden' && e.scrollWidth > e.clientWidth + 1)
        || (s.overflowY === 'hidden' && e.scrollHeight > e.clientHeight + 1)
        || (s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1);
}).map(e => e.className + ' ' + e.textContent.trim().slice(0, 30))"""


@pytest.mark.parametrize(
    ("viewport", "touch"), [((1280, 800), False), ((390, 844), True)], ids=["desktop", "phone"]
)
def test_text_spacing_cuts_nothing_off_and_the_corners_keep_apart(
    visit: Any, viewport: tuple[int, int], touch: bool
) -> None:
    # With a reader's text spacing the layer list grew under the legend (which was fitted
    # once, at load) and the credits ran under the scale bar.
    v = visit("site/index.html#lao-cai-province", viewport=viewport, touch=touch)
    v.page.wait_for_selector(".ba-card")
    v.page.add_style_tag(content=TEXT_SPACING)
    v.page.wait_for_timeout(200)
    cut: list[str] = v.page.evaluate(CUT_OFF)
    assert [c for c in cut if "leaflet-container" not in c] == []
    credits = _box(v, ".leaflet-control-attribution")
    assert not _overlap(credits, _box(v, ".leaflet-control-scale"))
    if not touch:
        assert not _overlap(_box(v, ".ba-legend"), _box(v, ".ba-layers"))
        assert not _overlap(_box(v, ".ba-legend"), credits)
        v.page.click(".ba-here-btn")
        v.page.wait_for_selector(".ba-here-item")
        cut = v.page.evaluate(CUT_OFF)
        assert [c for c in cut if "leaflet-container" not in c] == []


def test_the_page_allows_pinch_zoom(visit: Any) -> None:
    v = visit("site/index.html", viewport=(390, 844))
    content = v.page.get_attribute('meta[name="viewport"]', "content")
    assert content is not None
    assert "user-scalable=no" not in content
    assert "maximum-scale" not in content


# --- offline and safety ----------------------------------------------------------


def test_self_contained_page_renders_every_layer_with_the_network_blocked(
    visit: Any, sites: dict[str, Path]
) -> None:
    page_url = (sites["offline"] / "index.html").as_uri()
    v = visit("", url=page_url, tiles=False)
    assert not (sites["offline"] / "assets").exists()
    for layer in layer_names():
        if layer == "countries":
            continue
        v.page.check(f'input[data-layer="{layer}"]')
    v.page.check('input[data-layer="abroad"]')
    v.page.wait_for_function("BorderAtlas.state().offline === true")
    state = v.state()
    data = read_dataset(LAYERS)
    for layer in layer_names():
        located = sorted(f["properties"]["id"] for f in data.features[layer] if f["geometry"])
        assert state["shown"].get(layer, []) == located, layer
    # search reads its inlined shards
    v.page.fill(".ba-search-input", "ha khau")
    v.page.wait_for_selector('.ba-results li[data-id="hekou"]')
    assert not any("/map/" in r for r in v.requests)
    others = [r for r in v.requests if not r.startswith(("file://", "data:", TILE_HOST))]
    assert others == [], "the self-contained page requested more than tiles"
    assert v.page_errors == []


def test_the_offline_basemap_appears_when_tiles_hang_and_the_credit_follows(
    visit: Any,
) -> None:
    online = visit("site/index.html")
    credit = online.page.inner_text(".leaflet-control-attribution")
    assert "OpenStreetMap" in credit
    assert "five Vietnamese articles" in credit
    assert online.state()["offline"] is False
    v = visit("site/index.html", hang_tiles=True)
    v.page.wait_for_function("BorderAtlas.state().offline === true", timeout=20_000)
    assert "countries" in v.state()["layers"]
    credit = v.page.inner_text(".leaflet-control-attribution")
    assert "OpenStreetMap" not in credit
    assert "Basemap: Natural Earth" in credit
    assert "five Vietnamese articles" in credit


#: What the markup would have become, had it been parsed as HTML.
INJECTED = (
    "[onload], [onerror], a[href^='javascript'], iframe, "
    ".ba-card img, .ba-card script, .ba-card b, .leaflet-tooltip img, .ba-results svg"
)


def test_text_from_the_data_is_never_html(
    visit: Any, tmp_path: Path, server: str, sites: dict[str, Path]
) -> None:
    """Markup in names, aliases, notes, statements and source titles reads as text."""
    layers = make_case(MARKUP_CASE, dest=tmp_path)
    build_site(layers_dir=layers, out_dir=sites["site"].parent / "evil")
    v = visit("evil/index.html#hekou")
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="hekou"]')
    shown = card.text_content()
    for key in ("name_vi", "name_en", "note_en", "note_vi"):
        assert MARKUP_TEXT[key] in shown, key
    v.page.evaluate("BorderAtlas._features['hekou'].leaflet.openTooltip()")
    tooltip = v.page.wait_for_selector(".leaflet-tooltip")
    assert MARKUP_TEXT["name_vi"] in tooltip.text_content()
    v.page.evaluate("window.location.hash = 'pair-lao-cai-city-hekou'")
    card = v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="pair-lao-cai-city-hekou"]')
    shown = card.text_content()
    assert MARKUP_TEXT["statement_en"] in shown
    assert MARKUP_TEXT["title"] in shown
    v.page.fill(".ba-search-input", "pwned")
    v.page.wait_for_selector(".ba-results li")  # the index loads on first use
    assert MARKUP_TEXT["name_vi"] in v.page.text_content(".ba-results")
    v.page.wait_for_timeout(300)  # an injected handler would have fired by now
    assert v.page.evaluate("window.pwned") is None
    assert v.page.evaluate(f"document.querySelectorAll({json.dumps(INJECTED)}).length") == 0


# --- loading at scale -------------------------------------------------------------


def test_first_render_loads_no_popup_content_and_no_search_index(visit: Any) -> None:
    v = visit("site/index.html")
    first = [r for r in v.requests if r.startswith("http://127.0.0.1")]
    assert any(r.endswith("/map/localities.js") for r in first)
    assert not any("/map/popups/" in r for r in first), "popups load on demand"
    assert not any("/map/search/" in r for r in first), "search loads on use"
    # its engine is no script of the page: it loads once the map is drawn, or at search
    html = v.page.evaluate("fetch(location.href).then(r => r.text())")
    assert "minisearch.js" in html  # named in the config …
    assert '<script src="assets/minisearch.js' not in html  # … and no script of the page
    assert not any(r.endswith("/map/countries.js") for r in first), "hidden layers wait"
    v.page.evaluate("window.location.hash = 'kim-thanh-gate'")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert any("/map/popups/" in r for r in v.requests)
    v.page.fill(".ba-search-input", "kim thanh")
    v.page.wait_for_selector('.ba-results li[data-id="kim-thanh-gate"]')
    assert any(r.endswith("/assets/minisearch.js") for r in v.requests)


def test_site_opened_from_disk_loads_data_popups_and_search(
    visit: Any, sites: dict[str, Path]
) -> None:
    page_url = (sites["site"] / "index.html").as_uri() + "#yoga-day-2022-sa-pa"
    v = visit("", url=page_url)
    # an event: its layer starts hidden, so its data script loads for the link
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="yoga-day-2022-sa-pa"]')
    v.page.fill(".ba-search-input", "hekou")
    v.page.wait_for_selector('.ba-results li[data-id="hekou"]')
    assert v.page_errors == []


def test_a_large_point_layer_is_clustered_and_its_pins_link(
    visit: Any, tmp_path: Path, sites: dict[str, Path]
) -> None:
    bench = script("bench_map")
    layers = bench.make_layers(tmp_path, points=3000)
    build_site(layers_dir=layers, out_dir=sites["site"].parent / "large")
    v = visit("large/index.html")
    shipped = [f for f in read_dataset(LAYERS).features["projects"] if f["geometry"]]
    assert len(v.state()["shown"]["projects"]) == 3000 + len(shipped)
    bubbles = v.page.eval_on_selector_all(".ba-cluster span", "els => els.map(e => +e.textContent)")
    assert bubbles, "no cluster bubbles drawn"
    assert len(bubbles) < 200  # not 3,000 markers
    target = bench.pin_id(1234)
    v.page.evaluate(f"window.location.hash = '{target}'")
    card = v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{target}"]')
    assert "Benchmark project 1234" in card.inner_text()
    assert card.query_selector(".ba-facts") is not None


# --- embedding and phones --------------------------------------------------------


def test_embed_view_fits_a_600_by_400_iframe(visit: Any) -> None:
    v = visit("site/index.html?embed=1#kim-thanh-gate", viewport=(600, 400))
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    state = v.state()
    assert state["embed"] is True
    assert v.page.query_selector(".ba-minimap-ctl") is None
    assert v.page.is_hidden(".ba-layers-body")
    href = v.page.get_attribute(".ba-full-map", "href")
    assert href is not None
    assert "embed" not in href
    assert href.endswith("#kim-thanh-gate")
    box = v.page.query_selector(".leaflet-popup").bounding_box()
    assert box["width"] <= 600


def test_phone_sized_viewport_is_usable(visit: Any) -> None:
    v = visit("site/index.html#hekou", viewport=(390, 844))
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="hekou"]')
    assert v.page.is_hidden(".ba-layers-body")  # collapsed behind a button
    assert v.page.is_visible(".ba-search-input")
    v.page.click(".ba-layers .ba-toggle")
    assert v.page.is_visible('input[data-layer="border_gates"]')
    assert v.page_errors == []


def _box(v: Visit, selector: str) -> dict[str, float]:
    box: dict[str, float] = v.page.query_selector(selector).bounding_box()
    return box


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _inset(box: dict[str, float], by: float) -> dict[str, float]:
    return {
        "x": box["x"] + by,
        "y": box["y"] + by,
        "width": box["width"] - 2 * by,
        "height": box["height"] - 2 * by,
    }


def _on_top(v: Visit, selector: str) -> bool:
    """Whether a tap at the middle of the element reaches it (nothing covers it)."""
    script = """sel => { const e = document.querySelector(sel); const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit !== null && (hit === e || e.contains(hit)); }"""
    result: bool = v.page.evaluate(script, selector)
    return result


#: The controls that share the screen, whose boxes must keep apart.
CORNERS = [
    ".ba-head",
    ".ba-search",
    ".ba-tools",
    ".ba-year",
    ".ba-layers",
    ".ba-legend",
    ".leaflet-control-zoom",
    ".leaflet-control-scale",
    ".leaflet-control-attribution",
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("viewport", [(427, 267), (320, 256)], ids=["300%", "400%-of-1280x1024"])
def test_at_300_and_400_percent_zoom_the_controls_fit_and_the_year_control_folds(
    visit: Any, viewport: tuple[int, int], lang: str
) -> None:
    # A 1280x800 window at 300 % (427x267 CSS px): the year control lay over the search
    # box and the tool row, whose buttons ran off the bottom (WCAG 1.4.10).
    v = visit(f"site/index.html?lang={lang}", viewport=viewport)
    boxes = {
        part: _box(v, part)
        for part in CORNERS
        if v.page.is_visible(part) and _box(v, part)["width"] > 0
    }
    assert {".ba-head", ".ba-search", ".ba-tools", ".ba-year"} <= set(boxes)
    for i, (a, box) in enumerate(boxes.items()):
        assert box["x"] >= 0, a
        assert box["y"] >= 0, a
        assert box["x"] + box["width"] <= viewport[0] + 0.5, a
        assert box["y"] + box["height"] <= viewport[1] + 0.5, a
        for b in list(boxes)[i + 1 :]:
            assert not _overlap(box, boxes[b]), f"{a} overlaps {b}"
    # folded behind its button: it opens by keyboard, over the rest, and Escape folds it
    toggle = ".ba-year-toggle"
    assert v.page.is_hidden(".ba-year-on")
    v.page.focus(toggle)
    v.page.keyboard.press("Enter")
    assert v.page.get_attribute(toggle, "aria-expanded") == "true"
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.className") == "ba-year-on"
    assert _on_top(v, ".ba-year-on")
    assert _on_top(v, ".ba-year-unknown")
    v.page.keyboard.press("Space")
    assert v.page.evaluate("BorderAtlas.state().year") is not None
    v.page.keyboard.press("Escape")
    assert v.page.get_attribute(toggle, "aria-expanded") == "false"
    assert v.page.evaluate("document.activeElement.classList.contains('ba-year-toggle')")


def test_on_a_taller_screen_the_year_control_is_not_folded(visit: Any) -> None:
    for viewport in [(640, 400), (740, 360), (320, 568)]:
        v = visit("site/index.html", viewport=viewport)
        assert v.page.query_selector(".ba-year-toggle") is None
        assert v.page.is_visible(".ba-year-on")


def _drag(v: Visit, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A finger's drag, as the phone's touch screen reports it."""
    cdp = v.page.context.new_cdp_session(v.page)
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": start[0], "y": start[1]}]})
    for i in range(1, 11):
        at = {
            "x": start[0] + (end[0] - start[0]) * i / 10,
            "y": start[1] + (end[1] - start[1]) * i / 10,
        }
        cdp.send(touch, {"type": "touchMove", "touchPoints": [at]})
        v.page.wait_for_timeout(16)
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})
    v.page.wait_for_timeout(300)


SCREEN_AT = """fid => { const map = BorderAtlas.app.map, rec = BorderAtlas._features[fid];
    const box = map.getContainer().getBoundingClientRect();
    const at = map.latLngToContainerPoint(rec.latlng); return [box.x + at.x, box.y + at.y]; }"""


def test_on_a_phone_a_drag_moves_the_map_not_the_page_and_a_tap_by_a_control_opens_the_pin(
    visit: Any,
) -> None:
    v = visit("site/index.html", viewport=(360, 740), touch=True, scale=3)
    centre = "(() => { const c = BorderAtlas.app.map.getCenter(); return [c.lat, c.lng]; })()"
    before = v.page.evaluate(centre)
    _drag(v, (200, 450), (200, 250))
    assert v.page.evaluate(centre)[0] < before[0] - 0.5  # the map moved north to south
    _drag(v, (150, 250), (180, 600))
    scrolled = "[scrollX, scrollY, document.scrollingElement.scrollTop, visualViewport.offsetTop]"
    assert v.page.evaluate(scrolled) == [0, 0, 0, 0]
    # a pin drawn 8 px below the search box: a tap on it opens it, not the search
    fid = "funing"
    search = _box(v, ".ba-search")
    x, y = v.page.evaluate(SCREEN_AT, fid)
    want = (search["x"] + search["width"] / 2, search["y"] + search["height"] + 8)
    v.page.evaluate(
        "([dx, dy]) => void BorderAtlas.app.map.panBy([dx, dy], {animate: false})",
        [x - want[0], y - want[1]],
    )
    v.page.wait_for_timeout(300)  # the pins' canvas drawn again where they now are
    x, y = v.page.evaluate(SCREEN_AT, fid)
    assert abs(y - want[1]) < 1
    v.page.touchscreen.tap(x, y)
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{fid}"]')
    assert v.page.evaluate("document.activeElement.classList.contains('ba-search-input')") is False


@pytest.mark.parametrize("viewport", [(390, 844), (844, 390)], ids=["upright", "sideways"])
def test_phone_popup_fits_the_screen_with_its_close_button_uncovered(
    visit: Any, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    v = visit("site/index.html#lao-cai-province", viewport=viewport)
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="lao-cai-province"]')
    popup = _box(v, ".leaflet-popup")
    assert popup["x"] >= 0
    assert popup["x"] + popup["width"] <= width
    assert popup["y"] >= 0
    assert popup["y"] + popup["height"] <= height
    close = _box(v, ".leaflet-popup-close-button")
    assert close["x"] >= 0
    assert close["x"] + close["width"] <= width
    assert close["y"] >= 0
    assert close["y"] + close["height"] <= height
    assert _on_top(v, ".leaflet-popup-close-button")
    v.page.click(".leaflet-popup-close-button")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.state()["open"] is None


@pytest.mark.parametrize("viewport", [(390, 844), (844, 390)], ids=["upright", "sideways"])
@pytest.mark.parametrize("fid", ["kim-thanh-gate", "hekou"])
def test_phone_opened_pin_is_in_sight(visit: Any, viewport: tuple[int, int], fid: str) -> None:
    # The map moves the pin into what the sheet and the controls leave uncovered: a
    # reader who follows a link sees the pin the sheet speaks of, not a search box.
    v = visit(f"site/index.html#{fid}", viewport=viewport)
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{fid}"]')
    hit = v.page.evaluate(
        """id => { const map = BorderAtlas.app.map, rec = BorderAtlas._features[id];
        const at = map.latLngToContainerPoint(rec.latlng);
        const box = map.getContainer().getBoundingClientRect();
        const x = box.x + at.x, y = box.y + at.y;
        const e = document.elementFromPoint(x, y);
        return [x, y, e ? e.closest('.leaflet-control, .leaflet-popup') === null : false]; }""",
        fid,
    )
    width, height = viewport
    assert 0 <= hit[0] <= width
    assert 0 <= hit[1] <= height
    assert hit[2], f"pin at {hit[:2]} is under a control or the sheet"
    # A sheet has no tip pointing at its pin: a ring marks which one is open, until
    # the sheet closes.
    rings = """id => { const out = [], rec = BorderAtlas._features[id];
        BorderAtlas.app.map.eachLayer(l => { if (l.options.className === 'ba-open-ring')
            out.push(l.getLatLng().distanceTo(rec.latlng)); });
        return out; }"""
    assert v.page.evaluate(rings, fid) == [0]
    v.page.click(".leaflet-popup-close-button")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.page.evaluate(rings, fid) == []


PIN_IN_SIGHT = """id => { const map = BorderAtlas.app.map, rec = BorderAtlas._features[id];
    const at = map.latLngToContainerPoint(rec.latlng);
    const box = map.getContainer().getBoundingClientRect();
    const e = document.elementFromPoint(box.x + at.x, box.y + at.y);
    return e !== null && e.closest('.leaflet-control, .leaflet-popup') === null
        && at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height; }"""


@pytest.mark.parametrize("viewport", [(320, 568), (390, 844)], ids=str)
def test_a_phone_sheet_grows_by_its_handle_and_keeps_its_pin_in_sight(
    visit: Any, viewport: tuple[int, int]
) -> None:
    # A long popup (Lào Cai province: 41 facts) was read in a strip of 45 % of the
    # screen's height: its handle grows it to all but the strip its pin needs.
    fid = "lao-cai-province"
    v = visit(f"site/index.html#{fid}", viewport=viewport, touch=True)
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{fid}"]')
    handle = ".ba-sheet .ba-sheet-grow"
    assert v.page.locator(handle).aria_snapshot() == '- button "Mở rộng / Expand"'
    assert v.page.get_attribute(handle, "aria-expanded") == "false"
    content = ".ba-sheet .leaflet-popup-content"
    low = _box(v, content)["height"]
    assert low <= 0.45 * viewport[1]
    v.page.tap(handle)
    assert v.page.get_attribute(handle, "aria-expanded") == "true"
    sheet = _box(v, ".ba-sheet")
    assert _box(v, content)["height"] >= 1.5 * low
    assert sheet["y"] >= 0
    assert sheet["y"] + sheet["height"] <= viewport[1] + 0.5
    assert v.page.evaluate(PIN_IN_SIGHT, fid)
    assert _on_top(v, handle)
    assert _on_top(v, ".leaflet-popup-close-button")
    # nothing under the grown sheet is left half covered or in the Tab order
    for part in (".ba-head", ".ba-search", ".ba-tools", ".ba-year", ".ba-legend"):
        assert not v.page.is_visible(part) or not _overlap(_box(v, part), sheet), part
    # by keyboard: Enter shrinks it back, the controls return, focus stays on the handle
    v.page.focus(handle)
    v.page.keyboard.press("Enter")
    assert v.page.get_attribute(handle, "aria-expanded") == "false"
    assert abs(_box(v, content)["height"] - low) < 1
    assert v.page.is_visible(".ba-search")
    assert v.page.evaluate(PIN_IN_SIGHT, fid)
    assert v.page.evaluate("document.activeElement.className") == "ba-sheet-grow"
    v.page.keyboard.press("Enter")
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.page.is_visible(".ba-search")  # the controls back once it is closed


#: What a finger taps on a touch phone: buttons, and the rows of lists and panels.
BUTTONS = (
    ".leaflet-control-zoom a, .ba-btn, .ba-toggle, .ba-search-input, .leaflet-popup-close-button,"
    " .ba-sheet-grow"
)
ROWS = ".ba-about-btn, .ba-copy, label.ba-check, .ba-legend-toggle, .ba-legend-title, .ba-here-item"


def _small_targets(v: Visit, selector: str, least: int) -> list[str]:
    """The targets shown that are less than least CSS px either way."""
    script = """([sel, least]) => [...document.querySelectorAll(sel)].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (r.width < least || r.height < least);
    }).map(e => { const r = e.getBoundingClientRect();
        return `${e.className} ${e.textContent.trim().slice(0, 20)} ${r.width}x${r.height}`; })"""
    small: list[str] = v.page.evaluate(script, [selector, least])
    return small


def test_desktop_targets_are_at_least_24_px_either_way(visit: Any) -> None:
    # WCAG 2.5.8 (AA): the layer rows (22 px, 21 px apart) and the About button
    # (23 px) were under 24 px with a mouse, and the legend's section buttons 19.5 px
    # high (23.5 px apart).
    v = visit("site/index.html#kim-thanh-gate", viewport=(1280, 800))
    v.page.wait_for_selector(".leaflet-popup .ba-card")
    assert v.page.is_visible(".ba-layers label.ba-check")
    assert v.page.is_visible(".ba-legend-title")
    assert _small_targets(v, BUTTONS, 24) == []
    assert _small_targets(v, ROWS, 24) == []
    v.page.click(".ba-here-btn")
    v.page.wait_for_selector(".ba-here-item")
    assert _small_targets(v, ".ba-here-item", 24) == []


@pytest.mark.parametrize("viewport", [(320, 568), (390, 844), (740, 360)], ids=str)
def test_touch_targets_are_a_finger_wide_and_the_controls_still_fit(
    visit: Any, viewport: tuple[int, int]
) -> None:
    # With a touch screen the buttons were 30-34 px, the layer and year rows 22 px
    # (under WCAG 2.5.8's 24) and the About button 23 px high.
    v = visit("site/index.html", viewport=viewport, touch=True)
    assert v.page.evaluate("matchMedia('(pointer: coarse)').matches")
    assert _small_targets(v, BUTTONS, 44) == []
    assert _small_targets(v, ROWS, 36) == []
    # the left-hand column and the corners still fit, nothing over anything
    parts = [".ba-head", ".ba-search", ".ba-tools", ".ba-year", ".ba-layers", ".ba-legend"]
    parts.append(".leaflet-control-zoom")
    boxes = {part: _box(v, part) for part in parts}
    for i, a in enumerate(parts):
        assert boxes[a]["y"] + boxes[a]["height"] <= viewport[1], a
        assert boxes[a]["x"] + boxes[a]["width"] <= viewport[0], a
        for b in parts[i + 1 :]:
            assert not _overlap(boxes[a], boxes[b]), f"{a} overlaps {b}"
    assert v.page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    # the open layer list: every row a finger high, the last one reachable
    v.page.tap(".ba-layers .ba-toggle")
    assert _small_targets(v, ROWS, 36) == []
    last = v.page.locator(".ba-layers label.ba-check").last
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    hit = v.page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('label')?.className",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit is not None
    assert "ba-basemap" in hit
    v.page.tap(".ba-layers .ba-toggle")
    # a popup and "what is here"
    v.page.tap(".ba-here-btn")
    v.page.wait_for_selector(".ba-here-item")
    assert _small_targets(v, BUTTONS + ", " + ROWS, 36) == []
    v.page.locator(".ba-here-item").first.tap()
    v.page.wait_for_selector(".leaflet-popup .ba-card")
    assert _small_targets(v, BUTTONS, 44) == []
    assert _small_targets(v, ROWS, 36) == []


PHONES = [(320, 568), (390, 844), (740, 360)]
PHONE_IDS = ["320x568", "390x844", "sideways-740x360"]


@pytest.mark.parametrize("viewport", PHONES, ids=PHONE_IDS)
def test_phone_title_card_folds_to_its_title_while_a_sheet_is_open(
    visit: Any, viewport: tuple[int, int]
) -> None:
    # The title card, dek and all, took the top third of a small phone: with a sheet
    # open the opened pin had the sliver between them. The card keeps its title and
    # the pin, ring and all, sits clear of every control and of the sheet.
    v = visit("site/index.html#kim-thanh-gate", viewport=viewport)
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.page.is_visible(".ba-h1")
    assert v.page.is_hidden(".ba-dek")
    assert v.page.is_hidden(".ba-about-btn")
    ring = v.page.evaluate(
        """() => { const map = BorderAtlas.app.map; let ring = null;
        map.eachLayer(l => { if (l.options.className === 'ba-open-ring') ring = l; });
        const at = map.latLngToContainerPoint(ring.getLatLng());
        const box = map.getContainer().getBoundingClientRect();
        const x = box.x + at.x, y = box.y + at.y, r = ring.getRadius() + ring.options.weight / 2;
        const spots = [[x - r, y - r], [x + r, y - r], [x - r, y + r], [x + r, y + r], [x, y]];
        return spots.map(([x, y]) => {
            const e = document.elementFromPoint(x, y);
            return [x, y, e !== null && e.closest('.leaflet-control, .leaflet-popup') === null];
        }); }"""
    )
    width, height = viewport
    for x, y, clear in ring:
        assert 0 <= x <= width, ring
        assert 0 <= y <= height, ring
        assert clear, f"the open pin's ring at {x:.0f},{y:.0f} is under a control or the sheet"
    v.page.click(".leaflet-popup-close-button")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.page.is_visible(".ba-dek")
    assert v.page.is_visible(".ba-about-btn")


@pytest.mark.parametrize(
    ("viewport", "folds"), [((390, 844), True), ((1280, 800), False)], ids=["phone", "desktop"]
)
def test_phone_title_card_keeps_title_and_about_once_the_map_is_moved(
    visit: Any, viewport: tuple[int, int], folds: bool
) -> None:
    v = visit("site/index.html", viewport=viewport)
    assert v.page.is_visible(".ba-dek")
    v.page.mouse.move(viewport[0] / 2, viewport[1] * 0.6)
    v.page.mouse.down()
    v.page.mouse.move(viewport[0] / 2 + 60, viewport[1] * 0.6 + 40, steps=5)
    v.page.mouse.up()
    assert v.page.is_hidden(".ba-dek") is folds
    assert v.page.is_visible(".ba-h1")
    assert v.page.is_visible(".ba-about-btn")


@pytest.mark.parametrize("viewport", [(390, 844), (844, 390)], ids=["upright", "sideways"])
def test_phone_scale_bar_is_not_under_the_credits(visit: Any, viewport: tuple[int, int]) -> None:
    v = visit("site/index.html", viewport=viewport)
    v.page.wait_for_selector(".leaflet-control-scale")
    assert not _overlap(_box(v, ".leaflet-control-scale"), _box(v, ".leaflet-control-attribution"))
    assert _on_top(v, ".leaflet-control-scale")


@pytest.mark.parametrize("viewport", [(640, 400), (740, 360), (844, 390)], ids=str)
@pytest.mark.parametrize("touch", [True, False], ids=["touch", "mouse"])
def test_phone_sideways_with_the_side_sheet_open_nothing_overlaps(
    visit: Any, viewport: tuple[int, int], touch: bool
) -> None:
    # With the side sheet open on a 740x360 touch phone the tool buttons ran under
    # the layers button, and the credits covered the scale bar's miles; at 640x400 (a
    # 1280x800 desktop zoomed to 200 %) the layers button covered the title too, and
    # the legend's button the year control.
    v = visit("site/index.html#hekou", viewport=viewport, touch=touch)
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="hekou"]')
    parts = [
        ".leaflet-popup",
        ".ba-layers",
        ".ba-legend",
        ".ba-year",
        ".ba-search",
        ".ba-head",
        ".ba-tools",
        ".leaflet-control-scale",
        ".leaflet-control-attribution",
        ".leaflet-control-zoom",
    ]
    parts = [part for part in parts if v.page.is_visible(part)]
    assert len(parts) >= 9  # the legend may give way on the narrowest
    # Boxes that touch are allowed: less than a pixel in common.
    boxes = {part: _inset(_box(v, part), 0.5) for part in parts}
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            assert not _overlap(boxes[a], boxes[b]), f"{a} overlaps {b}"
    for part in [".ba-tools", ".ba-layers .ba-toggle", ".leaflet-control-scale", ".ba-h1"]:
        assert _on_top(v, part), part


@pytest.mark.parametrize("viewport", [(740, 360), (844, 390), (390, 844)], ids=str)
def test_phone_zooms_out_with_one_finger_upright_and_sideways(
    visit: Any, viewport: tuple[int, int]
) -> None:
    # Sideways the zoom buttons were hidden: a pinch (two fingers) was the only way
    # to zoom out by touch (WCAG 2.5.1). They sit under the layers button there.
    v = visit("site/index.html", viewport=viewport, touch=True)
    zoom = v.state()["zoom"]
    assert _on_top(v, ".leaflet-control-zoom-out")
    settled = "document.querySelector('.leaflet-zoom-anim') === null && "
    v.page.tap(".leaflet-control-zoom-out")
    v.page.wait_for_function(settled + f"BorderAtlas.state().zoom < {zoom}")
    v.page.tap(".leaflet-control-zoom-in")
    v.page.wait_for_function(settled + f"BorderAtlas.state().zoom === {zoom}")
    corner = "topright" if viewport[1] < 480 else "topleft"
    assert v.page.evaluate("BorderAtlas.app.map.zoomControl.getPosition()") == corner


@pytest.mark.parametrize("close", ["Escape", "map tap"])
def test_phone_layer_panel_closes_again(visit: Any, close: str) -> None:
    v = visit("site/index.html", viewport=(390, 844))
    assert v.page.is_hidden(".ba-layers-body")
    v.page.click(".ba-layers .ba-toggle")
    assert v.page.is_visible('input[data-layer="border_gates"]')
    assert v.page.is_visible(".ba-layers .ba-toggle")  # its button stays
    assert v.page.get_attribute(".ba-layers .ba-toggle", "aria-expanded") == "true"
    if close == "Escape":
        v.page.keyboard.press("Escape")
    else:
        v.page.mouse.click(200, 560)
    v.page.wait_for_selector(".ba-layers-body", state="hidden")
    assert v.page.get_attribute(".ba-layers .ba-toggle", "aria-expanded") == "false"
    v.page.click(".ba-layers .ba-toggle")  # and opens again
    assert v.page.is_visible('input[data-layer="border_gates"]')


def test_redirected_id_opens_the_new_feature(
    visit: Any, tmp_path: Path, sites: dict[str, Path]
) -> None:
    layers = tmp_path / "layers"
    shutil.copytree(MINI, layers)
    (layers / "redirects.csv").write_text(
        "old_id,new_id,date,reason\nkim-thanh-border-gate,kim-thanh-gate,2026-11-22,renamed\n",
        "utf-8",
    )
    build_site(layers_dir=layers, out_dir=sites["site"].parent / "redirected")
    v = visit("redirected/index.html#kim-thanh-border-gate")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="kim-thanh-gate"]')
    assert v.page.evaluate("window.location.hash") == "#kim-thanh-gate"


# --- the build and the app agree -------------------------------------------------


def test_the_app_ships_minisearch_with_its_licence_and_version() -> None:
    """The vendored search library, as scripts/vendor.sh fetched it, with its MIT licence."""
    from geo.render import app_js, engine_js  # noqa: PLC0415

    vendored = APP_DIR / "vendor" / "minisearch.js"
    version = (APP_DIR / "vendor" / "minisearch.VERSION").read_text("utf-8").split()
    assert version[:2] == ["minisearch", "7.2.0"]
    assert version[3].startswith("sha512-")
    assert version[3] in (Path(__file__).parents[1] / "scripts" / "vendor.sh").read_text("utf-8")
    app = engine_js()
    assert "minisearch 7.2.0" in app
    assert "Copyright 2022 Luca Ongaro" in app
    assert "global.MiniSearch = factory()" in app
    assert "sourceMappingURL=index.js.map" not in app  # the map file is not shipped
    assert "sourceMappingURL=index.js.map" in vendored.read_text("utf-8")  # kept as published
    # its own script, loaded by the first search: not in the app every page loads first
    assert "global.MiniSearch = factory()" not in app_js()


def test_the_app_folds_and_shards_names_as_the_build_does() -> None:
    """The search index is folded and popups sharded in Python; the page must agree."""
    node = shutil.which("node")
    need(node is not None, "Node is not installed")
    assert node is not None
    data = read_dataset(LAYERS)
    names = sorted(
        {
            str(value)
            for feats in data.features.values()
            for f in feats
            for value in (f["properties"]["id"], f["properties"].get("name_vi"))
            if value
        }
    )
    script = (
        f"const {{ load }} = require({json.dumps(str(Path(__file__).parent / 'js' / 'load.js'))});"
        "const fs = require('fs'); const BA = load('text', 'search');"
        "const t = BA.text;"
        "const names = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "const g = BA.search.grams;"
        "console.log(JSON.stringify(names.map((n) => [t.fold(n), t.shardOf(n, 7),"
        " g(t.fold(n)).map((x) => t.shardOf(x, 5)), BA.search.words(n)])));"
    )
    out = subprocess.run(
        [node, "-e", script], input=json.dumps(names), capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [
        [
            fold(n),
            shard_of(n, 7),
            [bucket_of(g, 5) for g in word_grams(fold(n))],
            words(fold(n)),
        ]
        for n in names
    ]


def _typo(word: str) -> str:
    """A word one edit away: its third letter replaced (a word of four letters or more)."""
    return word[:2] + ("x" if word[2] != "x" else "y") + word[3:]


def test_the_sharded_search_index_answers_as_minisearch_over_every_row() -> None:
    """A search gives MiniSearch only the rows of its most selective word: same answers."""
    node = shutil.which("node")
    need(node is not None, "Node is not installed")
    assert node is not None
    rows = search_rows(read_dataset(LAYERS).features)
    # Small buckets and short lists, so that queries span shards and hit common words.
    buckets = search_buckets(rows=rows, listed=8, per_bucket=50)
    assert len(buckets) > 5
    index = {"n": len(buckets), "size": 10, "shards": -(-len(rows) // 10), "b": buckets}
    keys = sorted({key for row in rows for key in row[FIRST_KEY:]})
    queries = sorted(
        {q for key in keys for q in (key, key[:3], key[:7], key[-4:], key[2:9])}
        # typos: one edit in a word of four letters or more
        | {
            " ".join(_typo(w) if len(w) >= 4 and w.isalpha() else w for w in words(key))
            for key in keys
        }
        | {"a", "zzz", "河", "kim tanh", "lao kai", "hekuo"}
    )
    assert any(len(q.split(" ")) > 2 for q in queries)
    script = (
        f"const {{ load }} = require({json.dumps(str(Path(__file__).parent / 'js' / 'load.js'))});"
        "const s = load('text', 'search').search;"
        "const [rows, index, queries] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const byShard = {};"
        "rows.forEach((r, i) => (byShard[Math.floor(i / index.size)] ||= []).push(r));"
        "const ids = (list) => list.map((item) => item.id); const all = s.items(rows);"
        "console.log(JSON.stringify(queries.map((q) => {"
        "  const c = s.candidates(index.b, s.plan(q, index.n)); const got = {};"
        "  for (const k of s.shardsOf(c, index.shards, index.size)) got[k] = byShard[k];"
        "  return [ids(s.rank(s.gather(got, c, index.size), q)),"
        "          ids(s.rank(all, q)), c === null ? -1 : c.length];"
        "})));"
    )
    out = subprocess.run(
        [node, "-e", script],
        input=json.dumps([rows, index, queries]),
        capture_output=True,
        text=True,
        check=True,
    )
    answers = json.loads(out.stdout)
    for query, (sharded, scanned, _) in zip(queries, answers, strict=True):
        assert sharded == scanned, query
    # The typo queries find something, and most queries read a few rows, not all of them.
    found = dict(zip(queries, (a[0] for a in answers), strict=True))
    assert "kim-thanh-gate" in found["kim tanh"]
    assert "hekou" in found["hekuo"]
    narrow = sum(1 for *_, n in answers if 0 <= n <= len(rows) // 4)
    assert narrow > len(queries) / 2, f"{narrow} of {len(queries)} read a quarter of the rows"
    assert any(n == -1 for *_, n in answers), "no query needed every row"


def test_benchmark_runs_all_three_builds_at_a_small_size(tmp_path: Path) -> None:
    """scripts/bench_map.py end to end at 30 pins: figures recorded, nothing timed here."""
    need(CHROMIUM.exists(), f"Debian's chromium is not installed at {CHROMIUM}")
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_map.py"
    argv = [
        sys.executable,
        str(script),
        "--sizes",
        "30",
        "--out",
        str(tmp_path),
        "--label",
        "smoke",
    ]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads((tmp_path / "benchmarks.json").read_text("utf-8"))["runs"]["smoke"]
    (size,) = run["sizes"]
    assert size["points"] == 30
    assert set(size["variants"]) == {"geo", "lean", "naive"}
    for name, rec in size["variants"].items():
        assert rec["finished"], name
        assert rec["rendered"], name
        assert rec["build_s"] > 0, name
        assert rec["peak_mb"] > 0, name
        assert rec["bytes"] > rec["bytes_gzip"] > 0, name
        assert rec["first_render_s"] > 0, name
        assert "refused" not in rec, name  # nothing left the machine
    geo = size["variants"]["geo"]
    assert geo["deep_link_s"] > 0
    assert isinstance(geo["search_s"], float)
    table = (tmp_path / "benchmarks.md").read_text("utf-8")
    assert "| 30 | geo build |" in table
    assert "| 30 | lean folium" in table
