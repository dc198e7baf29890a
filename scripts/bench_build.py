"""
Benchmark the pipeline at scale: the shipped layers plus N synthetic projects.

    python scripts/bench_build.py [--points 5000] [--browser]

The synthetic projects are those of ``scripts/bench_map.py`` (points inside Vietnam
near Lào Cai, two facts each), written to a temporary copy of layers/ (never to the
repo); bench_map.py compares the whole build and page with folium. Prints the seconds each
stage takes and, with --browser, how long Debian's Chromium needs to show the page
and to answer a search.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from bench_map import pin_id, synthetic

from geo.build import build_site
from geo.check import check_dataset
from geo.export import write_exports
from geo.join import joined_layers
from geo.load import read_dataset
from geo.render import render_page

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def timed(label: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    click.echo(f"{label:<28} {time.perf_counter() - start:7.2f} s")
    return result


@click.command()
@click.option("--points", default=5000, show_default=True, help="Synthetic projects to add.")
@click.option("--browser", is_flag=True, help="Also time page load and search in Chromium.")
def main(points: int, browser: bool) -> None:
    """Time each stage of the build on the shipped layers plus N synthetic points."""
    with tempfile.TemporaryDirectory() as tmp:
        layers = Path(tmp) / "layers"
        shutil.copytree(ROOT / "layers", layers, ignore=shutil.ignore_patterns("review"))
        synthetic(layers, points=points)
        data = timed("read", read_dataset, layers)
        n = sum(len(v) for v in data.features.values())
        click.echo(f"{n} features, {len(data.facts)} facts")
        problems = timed("check", check_dataset, data)
        assert not problems, problems[:5]
        joined = timed("join", joined_layers, data)
        html = timed(
            "render (self-contained)",
            render_page,
            layers=joined,
            redirects={},
            self_contained=True,
            assets_dir=None,
        )
        click.echo(f"page size                    {len(html.encode()) / 1e6:7.2f} MB")
        out = Path(tmp) / "export"
        out.mkdir()
        timed("export (gpkg, qgs, csv)", write_exports, data, out_dir=out)
        site = Path(tmp) / "site"
        timed("geo build (whole)", build_site, layers_dir=layers, out_dir=site)
        if browser:
            browse(site / "index.html", points=points)


def browse(index: Path, *, points: int) -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        page.route(
            "**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_()
        )
        start = time.perf_counter()
        page.goto(index.as_uri())
        page.wait_for_function(
            "document.body.getAttribute('data-ready') === 'true'", timeout=120_000
        )
        click.echo(f"{'page ready in Chromium':<28} {time.perf_counter() - start:7.2f} s")
        start = time.perf_counter()
        page.fill(".ba-search-input", f"du an thu {points - 1}")
        page.wait_for_selector(f'.ba-results li[data-id="{pin_id(points - 1)}"]')
        click.echo(f"{'search answered':<28} {time.perf_counter() - start:7.2f} s")
        start = time.perf_counter()
        target = pin_id(min(42, points - 1))
        page.evaluate(f"window.location.hash = '{target}'")
        page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{target}"]', timeout=60_000)
        click.echo(f"{'deep link to a clustered pin':<28} {time.perf_counter() - start:7.2f} s")
        chromium.close()


if __name__ == "__main__":
    main()
