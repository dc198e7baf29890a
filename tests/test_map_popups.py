"""
Popups, language, deep links and the year filter as a reader sees them (issue 11),
in Debian's Chromium driven by Playwright, with the fixtures of ``tests/test_map.py``.
"""

# The fixtures imported from tests/test_map.py are parameters of the tests here.
# ruff: noqa: F811

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_map import (  # noqa: F401 (fixtures are found by name)
    Visit,
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
