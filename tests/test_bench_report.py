"""The benchmark's report: written whatever finished, without running any build."""

import sys
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


def test_a_builds_peak_memory_is_its_own_not_the_benchmarks() -> None:
    # A process's peak counts the process it was forked from until it runs its
    # command: measured from a large benchmark, a small build would peak at its size.
    bench = script("bench_map")
    ballast = bytearray(400 * 2**20)  # the benchmark, grown large (400 MB, touched)
    small = bench.run_process([sys.executable, "-c", "x = bytearray(30 * 2**20)"], timeout=60)
    child = "import os\nif os.fork() == 0:\n    x = bytearray(200 * 2**20)\n    os._exit(0)\n"
    forked = bench.run_process([sys.executable, "-c", child + "os.wait()"], timeout=60)
    assert len(ballast) > 0
    assert small["finished"]
    assert 30 <= small["peak_mb"] < 100, small
    assert 200 <= forked["peak_mb"] < 300, forked  # a process it forks counts too


def test_a_build_past_its_limit_is_stopped_with_what_it_started() -> None:
    bench = script("bench_map")
    sleeper = "import subprocess, sys, time\n" + (
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\ntime.sleep(60)"
    )
    start = time.perf_counter()
    result = bench.run_process([sys.executable, "-c", sleeper], timeout=2)
    assert result == {"finished": False, "limit_s": 2}
    assert time.perf_counter() - start < 20
