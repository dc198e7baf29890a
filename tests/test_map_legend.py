"""
The legend follows the map, its colours stay apart, pins differ by shape and the
partnership lines stay under the pins: proven in Debian's Chromium (fixtures of
tests/test_map.py).
"""

# The fixtures come from tests/test_map.py; the tests' arguments name them again.
# ruff: noqa: F811

from __future__ import annotations

import itertools
from typing import Any

import pytest

from geo.colour import delta_e
from geo.schema import LAYER_BY_NAME, LAYERS, MIN_DELTA_E
from tests.test_map import (  # noqa: F401 (fixtures)
    Visit,
    _box,
    _overlap,
    axe_violations,
    browser,
    open_popup_id,
    server,
    sites,
    visit,
)

pytestmark = pytest.mark.browser

MAP = "window[document.querySelector('.folium-map').id]"


def view(v: Visit, lat: float, lng: float, zoom: int) -> None:
    """Move the map, and wait for the legend to follow."""
    v.page.evaluate(f"void {MAP}.setView([{lat}, {lng}], {zoom}, {{animate: false}})")
    v.page.wait_for_timeout(50)


PIXEL = """([pane, lat, lng, dy]) => {
    const map = window[document.querySelector('.folium-map').id];
    const p = map.latLngToContainerPoint([lat, lng]);
    const canvas = document.querySelector('.leaflet-' + pane + '-pane canvas');
    const box = canvas.getBoundingClientRect();
    const mapBox = map.getContainer().getBoundingClientRect();
    const k = canvas.width / box.width;
    const x = (p.x + mapBox.left - box.left) * k, y = (p.y + dy + mapBox.top - box.top) * k;
    const data = canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1);
    return Array.from(data.data);
}"""


def canvas_pixel(v: Visit, pane: str, lat: float, lng: float, *, dy: float = 0) -> list[int]:
    """RGBA of the canvas of a map pane at a place (dy pixels below it)."""
    rgba: list[int] = v.page.evaluate(PIXEL, [pane, lat, lng, dy])
    return rgba


def legend_sections(v: Visit) -> list[str]:
    names: list[str] = v.page.eval_on_selector_all(
        "#ba-legend-body [data-legend-layer]", "els => els.map(e => e.dataset.legendLayer)"
    )
    return names


def legend_categories(v: Visit, layer: str) -> set[str]:
    return set(
        v.page.eval_on_selector_all(
            f'[data-legend-layer="{layer}"] [data-category]',
            "els => els.map(e => e.dataset.category)",
        )
    )


# --- the legend follows the map ----------------------------------------------------


def test_the_legend_names_only_visible_layers_and_the_categories_in_view(visit: Any) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    sections = legend_sections(v)
    assert "events" not in sections  # off by default
    assert "partner_counties" not in sections
    assert {"border_gates", "localities", "partnerships", "status"} <= set(sections)
    # The two gates at Lào Cai are international; the proposed ones near Đồng Văn are
    # of no stated level, and the Lũng Làn market east of them (Sơn Vĩ) is a border market.
    view(v, 22.51, 103.96, 13)
    assert legend_categories(v, "border_gates") == {"international"}
    view(v, 23.24, 105.3, 11)
    assert legend_categories(v, "border_gates") == {"gate", "border_market"}
    # A layer switched off leaves the legend; one switched on joins it.
    v.page.uncheck('input[data-layer="border_gates"]')
    assert "border_gates" not in legend_sections(v)
    v.page.check('input[data-layer="events"]')
    view(v, 22.5, 104.0, 8)
    # (once its data, loaded when first shown, has come)
    v.page.wait_for_selector('#ba-legend-body [data-legend-layer="events"]', timeout=5000)
    # Out at sea nothing is in view: only the key remains.
    view(v, 10.0, 115.0, 9)
    assert legend_sections(v) == ["status"]


def test_a_move_that_shows_the_same_categories_leaves_the_legend_as_it_is(visit: Any) -> None:
    # It was drawn anew at every move (an arrow key held down redrew it four times a
    # second), and a section the reader had folded could open again at the next fit.
    v = visit("site/index.html", viewport=(1366, 768))
    v.page.evaluate("document.querySelector('.ba-legend-layer').dataset.mark = 'kept'")
    v.page.evaluate(f"void {MAP}.panBy([12, 8], {{animate: false}})")
    v.page.wait_for_timeout(50)
    assert v.page.get_attribute(".ba-legend-layer", "data-mark") == "kept"
    first = "#ba-legend-body .ba-legend-title"
    assert v.page.get_attribute(first, "aria-expanded") == "true"
    v.page.click(first)  # the reader folds it: it stays folded through moves and refits
    v.page.evaluate(f"void {MAP}.panBy([-12, -8], {{animate: false}})")
    v.page.set_viewport_size({"width": 1366, "height": 900})
    v.page.wait_for_timeout(50)
    assert v.page.get_attribute(first, "aria-expanded") == "false"
    view(v, 23.24, 105.3, 11)  # other categories: drawn anew, the choice kept
    assert v.page.get_attribute(".ba-legend-layer", "data-mark") is None
    assert v.page.get_attribute(first, "aria-expanded") == "false"


def test_the_legend_follows_the_partners_abroad_switch_and_the_year_filter(visit: Any) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    view(v, 30.0, 60.0, 2)  # the world
    kinds = legend_categories(v, "partnerships")
    assert "sister" in kinds  # Mèo Vạc – Funing, Xín Mần – Maguan
    v.page.check('input[data-layer="abroad"]')
    # Lào Cai – Gyeongsan and Hà Giang – Guangxi are the only pairs of unstated form.
    assert "cooperation_unspecified" in legend_categories(v, "partnerships")


def test_the_status_key_is_always_shown_and_bubbles_explained_with_a_clustered_layer(
    visit: Any,
) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    key = '[data-legend-layer="status"]'
    assert v.page.is_visible(key)
    assert v.page.eval_on_selector_all(
        f"{key} [data-status]", "els => els.map(e => e.dataset.status)"
    ) == ["existing", "planned", "proposed"]
    # the words say what the swatches show, for screen readers too
    key_text = v.page.text_content(key) or ""
    assert "nét đứt" in key_text
    assert "rỗng" in key_text
    assert v.page.is_visible('[data-legend="cluster"]')  # projects are clustered
    for layer in ("border_gates", "localities", "partnerships", "crossings", "projects"):
        v.page.uncheck(f'input[data-layer="{layer}"]')
    assert v.page.is_visible(key)
    assert v.page.query_selector('[data-legend="cluster"]') is None
    v.page.click(".ba-lang")
    assert "dashed" in (v.page.inner_text(key) or "")


@pytest.mark.parametrize("viewport", [(1366, 768), (1280, 800), (1920, 1080)])
def test_legend_sections_fold_with_buttons_and_nothing_scrolls_or_overlaps(
    visit: Any, viewport: tuple[int, int]
) -> None:
    v = visit("site/index.html", viewport=viewport)
    buttons = v.page.query_selector_all("#ba-legend-body .ba-legend-title")
    assert len(buttons) >= 5
    assert buttons[0].get_attribute("aria-expanded") == "true"  # gates: open at first
    for button in buttons:
        assert button.get_attribute("aria-expanded") in {"true", "false"}
        controls = button.get_attribute("aria-controls")
        assert v.page.query_selector(f"#{controls}") is not None
    # no hidden scroll: nothing in the legend is cut off (but screen-reader-only words)
    clipped = v.page.eval_on_selector_all(
        ".ba-legend, .ba-legend *",
        "els => els.filter(e => !e.closest('.ba-sr') && e.scrollHeight > e.clientHeight + 1"
        " && getComputedStyle(e).overflowY !== 'visible').map(e => e.outerHTML.slice(0, 90))",
    )
    assert clipped == []
    legend = _box(v, ".ba-legend")
    assert legend["y"] >= 0
    assert legend["y"] + legend["height"] <= viewport[1]
    for other in (".ba-layers", ".ba-year", ".ba-head", ".ba-search"):
        assert not _overlap(legend, _box(v, other)), other
    if v.page.is_visible(".ba-minimap-ctl"):
        assert not _overlap(legend, _box(v, ".ba-minimap-ctl"))
    # a section opens and folds by keyboard
    last = buttons[-1]
    before = last.get_attribute("aria-expanded")
    last.focus()
    v.page.keyboard.press("Enter")
    assert last.get_attribute("aria-expanded") != before
    list_id = last.get_attribute("aria-controls")
    assert v.page.is_visible(f"#{list_id}") is (before == "false")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("viewport", [(1366, 768), (1280, 800), (900, 700), (800, 600)], ids=str)
def test_the_legend_keeps_clear_of_the_layer_list_and_the_credits_under_it(
    visit: Any, viewport: tuple[int, int], lang: str
) -> None:
    # The legend's fit left out the credits' line under it in its corner (at 1366x768 it
    # ended 1 px clear of the layer list by luck), and on a short window (800x600, or
    # 1600x1200 at 200 %) even with every section folded it lay over the layer list.
    v = visit(f"site/index.html?lang={lang}", viewport=viewport)
    credits = _box(v, ".leaflet-bottom.leaflet-right .leaflet-control-attribution")
    legend = _box(v, ".ba-legend")
    layers = _box(v, ".ba-layers")
    assert legend["y"] + legend["height"] <= credits["y"]
    assert legend["y"] >= layers["y"] + layers["height"]
    toggle = ".ba-legend-toggle"
    if viewport[1] >= 768:  # the first section (the gates) open, as before
        assert v.page.get_attribute(".ba-legend-title", "aria-expanded") == "true"
    if viewport[1] >= 700:
        return
    # too short: folded to its button, which opens it (the reader's choice stays)
    assert v.page.get_attribute(toggle, "aria-expanded") == "false"
    assert v.page.is_hidden("#ba-legend-body")
    v.page.focus(toggle)
    v.page.keyboard.press("Enter")
    assert v.page.get_attribute(toggle, "aria-expanded") == "true"
    v.page.set_viewport_size({"width": viewport[0], "height": viewport[1] - 10})
    v.page.wait_for_timeout(50)
    assert v.page.is_visible("#ba-legend-body")
    v.page.keyboard.press("Enter")
    assert v.page.is_hidden("#ba-legend-body")
    # folded by the reader, it stays folded with more room; folded for want of room, it
    # opens again when there is room
    v.page.set_viewport_size({"width": 1366, "height": 900})
    v.page.wait_for_timeout(50)
    assert v.page.is_hidden("#ba-legend-body")
    v = visit(f"site/index.html?lang={lang}", viewport=viewport)
    assert v.page.is_hidden("#ba-legend-body")
    v.page.set_viewport_size({"width": 1366, "height": 900})
    v.page.wait_for_timeout(50)
    assert v.page.get_attribute(toggle, "aria-expanded") == "true"
    assert v.page.is_visible("#ba-legend-body")


def test_on_a_phone_the_legend_starts_folded_and_gives_way_to_a_popup(visit: Any) -> None:
    v = visit("site/index.html", viewport=(390, 844))
    toggle = ".ba-legend-toggle"
    assert v.page.get_attribute(toggle, "aria-expanded") == "false"
    assert v.page.is_hidden("#ba-legend-body")
    v.page.click(toggle)
    assert v.page.is_visible('[data-legend-layer="status"]')
    legend = _box(v, ".ba-legend")
    assert legend["y"] >= 0
    assert legend["height"] <= 844 * 0.5
    # a popup opening folds the legend, so the two never overlap
    v.page.evaluate("BorderAtlas.show('hekou')")
    v.page.wait_for_selector('.leaflet-popup .ba-card[data-id="hekou"]')
    assert v.page.get_attribute(toggle, "aria-expanded") == "false"
    assert v.page.is_hidden("#ba-legend-body")
    # where the folded legend's button and the popup sheet meet, the popup is on top
    legend, popup = _box(v, ".ba-legend"), _box(v, ".leaflet-popup")
    if _overlap(legend, popup):
        x = (
            max(legend["x"], popup["x"])
            + min(legend["x"] + legend["width"], popup["x"] + popup["width"])
        ) / 2
        y = (
            max(legend["y"], popup["y"])
            + min(legend["y"] + legend["height"], popup["y"] + popup["height"])
        ) / 2
        assert v.page.evaluate(
            f"document.elementFromPoint({x}, {y}).closest('.leaflet-popup') !== null"
        )
    # the sheet covers its button: out of sight and of the Tab order until it closes
    # (a reader tabbed onto it, hidden under the sheet: WCAG 2.4.11)
    assert v.page.is_hidden(toggle)
    v.page.keyboard.press("Escape")
    v.page.wait_for_selector(".leaflet-popup", state="detached")
    assert v.page.get_attribute(toggle, "aria-expanded") == "false"
    v.page.click(toggle)
    assert v.page.get_attribute(toggle, "aria-expanded") == "true"
    v.page.mouse.click(200, 300)  # a tap on the map
    assert v.page.get_attribute(toggle, "aria-expanded") == "false"


def test_axe_finds_no_violations_with_the_legend_open_on_a_phone(visit: Any) -> None:
    v = visit("site/index.html", viewport=(390, 844))
    v.page.click(".ba-legend-toggle")
    assert axe_violations(v) == []


# --- colours and shapes ------------------------------------------------------------


def rendered_colours(v: Visit) -> dict[str, list[tuple[str, str]]]:
    """The legend's category swatches as drawn, by kind of swatch (point, line)."""
    rows: list[list[str]] = v.page.eval_on_selector_all(
        "#ba-legend-body [data-category] .ba-swatch",
        "els => els.map(e => [e.closest('[data-legend-layer]').dataset.legendLayer"
        " + '.' + e.closest('[data-category]').dataset.category,"
        " e.classList.contains('ba-sw-point') ? 'point' : e.classList.contains('ba-sw-line')"
        " ? 'line' : 'area', e.getAttribute('data-colour') || ''])",
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for name, kind, colour in rows:
        out.setdefault(kind, []).append((name, colour))
    return out


@pytest.mark.parametrize("everything", [False, True], ids=["first-view", "all-layers-world"])
def test_no_two_legend_colours_in_a_view_are_too_close(visit: Any, everything: bool) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    if everything:
        for layer in ("events", "partner_counties", "abroad"):
            v.page.check(f'input[data-layer="{layer}"]')
        view(v, 30.0, 60.0, 2)
    colours = rendered_colours(v)
    assert len(colours["point"]) >= 6
    assert len(colours["line"]) >= 6
    for kind in ("point", "line"):
        for (a, ca), (b, cb) in itertools.combinations(colours[kind], 2):
            assert delta_e(colour1=ca, colour2=cb) >= MIN_DELTA_E, f"{a} {ca} ~ {b} {cb}"


def test_pins_differ_by_shape_on_the_map_and_in_the_legend(visit: Any) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    v.page.check('input[data-layer="events"]')
    view(v, 30.0, 60.0, 2)
    shapes = {"circle": 0, "square": 4, "diamond": 4, "triangle": 3}
    for layer in (layer for layer in LAYERS if layer.is_point):
        corners = v.page.eval_on_selector_all(
            f'[data-legend-layer="{layer.name}"] [data-category] .ba-sw-point polygon',
            "els => els.map(e => e.getAttribute('points').split(' ').length)",
        )
        circles = v.page.eval_on_selector_all(
            f'[data-legend-layer="{layer.name}"] [data-category] .ba-sw-point circle',
            "els => els.length",
        )
        if layer.marker == "circle":
            assert corners == []
            assert circles > 0
        else:
            assert corners
            assert set(corners) == {shapes[layer.marker]}, layer.name
    drawn = v.page.evaluate(
        "Object.fromEntries(['thanh-thuy-gate', 'muong-khuong'].map("
        "id => [id, BorderAtlas._features[id].leaflet.options.shape]))"
    )
    assert drawn == {"thanh-thuy-gate": "diamond", "muong-khuong": "circle"}
    # On the canvas: just above a gate's centre, inside its diamond's tip but outside
    # the circle of the same radius, the pin's colour is drawn.
    view(v, 22.9369, 104.84948, 14)
    for layer in ("localities", "partnerships", "border", "crossings", "corridor", "projects"):
        v.page.uncheck(f'input[data-layer="{layer}"]')
    v.page.wait_for_timeout(100)
    colour = LAYER_BY_NAME["border_gates"].field("level").vocabulary[0].colour
    assert colour == "#d55e00"
    pixel = canvas_pixel(v, "overlay", 22.9369, 104.84948, dy=-10)
    # 10 px above the centre: within the diamond's tip, beyond a circle's 8 px and stroke
    assert max(abs(a - b) for a, b in zip(pixel[:3], [0xD5, 0x5E, 0x00], strict=True)) <= 4


# --- partnership lines under the pins ----------------------------------------------


def test_partnership_lines_are_drawn_light_and_under_every_pin(visit: Any) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    order = v.page.evaluate(
        """() => {
        const recs = BorderAtlas._features;
        const kind = new Map();
        Object.values(recs).forEach(r => { if (r.leaflet) kind.set(r.leaflet, r.layer); });
        const canvas = Object.values(recs).find(r => r.layer === 'border_gates').leaflet._renderer;
        const out = [];
        for (let o = canvas._drawFirst; o; o = o.next) {
            let layer = o.layer, name = null;
            while (layer && !name) { name = kind.get(layer); layer = layer._eventParents
                && Object.values(layer._eventParents)[0]; }
            if (name) out.push(name);
        }
        return out;
        }"""
    )
    lines = [i for i, name in enumerate(order) if name == "partnerships"]
    pins = [i for i, name in enumerate(order) if name in {"border_gates", "localities"}]
    assert lines
    assert pins
    assert max(lines) < min(pins)


def test_a_click_on_a_pin_where_partnership_lines_start_opens_the_pin(visit: Any) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    view(v, 22.76141, 104.12156, 11)
    x, y = v.page.evaluate(
        f"(p => [p.x, p.y])({MAP}.latLngToContainerPoint([22.76141, 104.12156]))"
    )
    box = _box(v, ".folium-map")
    v.page.mouse.click(box["x"] + x, box["y"] + y)
    v.page.wait_for_selector(".leaflet-popup .ba-card")
    assert open_popup_id(v) == "muong-khuong"


def test_a_partnership_line_stands_out_while_hovered(visit: Any) -> None:
    v = visit("site/index.html", viewport=(1366, 768))
    view(v, 22.85, 104.3, 10)
    line = "BorderAtlas._features['pair-muong-khuong-maguan'].leaflet.getLayers()[0]"
    weight = f"{line}.options"
    before = v.page.evaluate(weight)
    assert before["opacity"] <= 0.6
    assert before["weight"] <= 2
    # the line's middle, away from both pins
    x, y = v.page.evaluate(f"(p => [p.x, p.y])({MAP}.latLngToContainerPoint({line}.getCenter()))")
    box = _box(v, ".folium-map")
    v.page.mouse.move(box["x"] + x, box["y"] + y)
    v.page.wait_for_timeout(50)
    assert v.page.evaluate(weight)["weight"] == 4
    v.page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    v.page.wait_for_timeout(50)
    assert v.page.evaluate(weight)["weight"] == 2


# --- labels and the world ----------------------------------------------------------

CONTROLS = (".ba-layers", ".ba-legend", ".ba-head", ".ba-search", ".ba-tools", ".ba-year")


def shown_labels(v: Visit) -> dict[str, dict[str, Any]]:
    """Labels drawn and not hidden by decluttering, by their text in the page's language."""
    rows: list[dict[str, Any]] = v.page.evaluate(
        """() => Array.from(document.querySelectorAll('.ba-label'))
        .filter(e => getComputedStyle(e).visibility !== 'hidden')
        .map(e => { const r = e.firstChild.getBoundingClientRect();
            return {text: e.innerText.trim(), id: e.dataset.label || null,
                    x: r.x, y: r.y, width: r.width, height: r.height}; })"""
    )
    return {row["text"]: row for row in rows}


def readable(v: Visit, label: dict[str, Any], size: tuple[int, int]) -> bool:
    """On screen and under no control."""
    inside = (
        label["x"] >= 0
        and label["y"] >= 0
        and label["x"] + label["width"] <= size[0]
        and label["y"] + label["height"] <= size[1]
    )
    return inside and not any(
        v.page.is_visible(c) and _overlap(label, _box(v, c)) for c in CONTROLS
    )


@pytest.mark.parametrize("tiles", [True, False], ids=["tiles", "offline"])
def test_countries_provinces_and_gate_towns_are_named_at_the_first_zoom(
    visit: Any, tiles: bool
) -> None:
    size = (1366, 768)
    v = visit("site/index.html", viewport=size, tiles=tiles)
    if not tiles:
        v.page.wait_for_function("BorderAtlas.state().offline === true")
    labels = shown_labels(v)
    # (country names are set in capitals)
    for name in ("TRUNG QUỐC", "VIỆT NAM", "Tỉnh Lào Cai", "Tỉnh Hà Giang", "Thành phố Lào Cai"):
        assert name in labels, sorted(labels)
        assert readable(v, labels[name], size), name
    # no two labels drawn over each other
    for a, b in itertools.combinations(labels.values(), 2):
        assert not _overlap(a, b), (a["text"], b["text"])
    # closer in, the gate town facing Lào Cai across the river has room for its name
    view(v, 22.5, 103.965, 12)
    labels = shown_labels(v)
    assert labels["Huyện Hà Khẩu"]["id"] == "hekou"
    assert "Thành phố Lào Cai" in labels
    v.page.click(".ba-lang")
    view(v, 22.65, 104.45, 8)
    labels = shown_labels(v)
    assert {"CHINA", "VIETNAM", "Lào Cai City", "Hà Giang Province"} <= set(labels)
    # one zoom out: Kunming and Hà Nội too
    view(v, 23.0, 104.5, 6)
    labels = shown_labels(v)
    assert {"Kunming", "Hanoi"} <= set(labels)
    assert readable(v, labels["Kunming"], size)
    assert readable(v, labels["Hanoi"], size)


def test_the_offline_basemap_covers_the_world_so_partners_abroad_sit_on_land(
    visit: Any,
) -> None:
    online = visit("site/index.html")
    online.page.check('input[data-layer="abroad"]')
    assert not any(r.endswith("map/basemap.js") for r in online.requests)  # not needed
    v = visit("site/index.html", tiles=False, viewport=(1366, 768))
    v.page.wait_for_function("BorderAtlas.state().offline === true")
    v.page.check('input[data-layer="abroad"]')
    view(v, 20.0, 70.0, 2)
    v.page.wait_for_timeout(200)
    assert any(r.endswith("map/basemap.js") for r in v.requests)
    land = (0xEF, 0xEC, 0xE4)
    for fid, (lat, lng) in {
        "aquitaine": (44.84124, -0.58046),
        "victoria": (-37.814, 144.96332),
        "moriya": (35.93333, 140.0),
        "ulyanovsk-oblast": (54.32824, 48.38657),
    }.items():
        rgba = canvas_pixel(v, "basemap", lat, lng, dy=-6)  # beside the pin, on land
        assert rgba[3] == 255, fid
        assert max(abs(a - b) for a, b in zip(rgba[:3], land, strict=True)) <= 3, fid
    assert canvas_pixel(v, "basemap", -30.0, -140.0)[3] == 0  # the Pacific is sea
    credit = v.page.inner_text(".leaflet-control-attribution")
    assert "1:110m" in credit
    labels = shown_labels(v)
    assert {"PHÁP", "ÚC", "NHẬT BẢN"} <= set(labels)  # countries in capitals
