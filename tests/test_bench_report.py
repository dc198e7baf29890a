"""The benchmark's report: written whatever finished, without running any build."""

import time
from pathlib import Path

import pytest

from tests.conftest import need
from tests.scripts import script


def test_report_of_a_timed_out_build_run_alone_names_what_did_not_finish() -> None:
    """`--variants geo` with a build over its limit: the report says so, no KeyError."""
    bench = script("bench_map")
    size = {"points": 1000, "variants": {"geo": {"finished": False, "limit_s": 0.5}}}
    run = {
        "date": "2026-11-30 06:00 UTC",
        "command": "python scripts/bench_map.py --variants geo",
        "machine": {"commit": "abc", "cpu": "x", "cores": 2, "memory_gb": 4, "os": "linux"}
        | {"python": "3.11", "folium": "0.19"},
        "sizes": [size],
    }
    text = bench.render_markdown({"runs": {"timed out": run}})
    assert "| 1,000 | geo build | not finished within 0.5 s |" in text
    assert "not finished within 0.5 s vs not run" in text
    big = {"points": 100_000, "variants": {"geo": {"finished": False, "limit_s": 900.0}}}
    assert "geo build ≥ 20× faster than naive folium" in str(bench.targets(big))
    assert "| 1,000 |" in bench.readme_table(run)


@pytest.mark.browser
def test_a_page_that_never_renders_is_reported_at_the_limit(tmp_path: Path) -> None:
    """Its main thread never comes back: the watchdog kills its renderer at the limit."""
    bench = script("bench_map")
    need(bench.CHROMIUM.exists(), f"Debian's chromium is not installed at {bench.CHROMIUM}")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    page = tmp_path / "busy.html"
    # ready at once, then busy for ever: page.evaluate itself would wait without end
    busy = "addEventListener('DOMContentLoaded', () => setTimeout(() => { for (;;) {} }, 0));"
    page.write_text(f"<!DOCTYPE html><title>busy</title><script>{busy}</script>", "utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(bench.CHROMIUM), args=bench.CHROMIUM_ARGS)
        start = time.monotonic()
        result = bench.measure_page(
            browser,
            url=page.as_uri(),
            root=tmp_path,
            variant="naive",
            timeout=2.0,
            deep_link=None,
            search=None,
        )
        took = time.monotonic() - start
        browser.close()
    assert result["rendered"] is False
    assert result["limit_s"] == 2.0
    assert took < 60  # not held for ever by the busy page
