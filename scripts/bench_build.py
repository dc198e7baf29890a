"""
Benchmark the pipeline at scale: the shipped layers plus N synthetic projects.

    python scripts/bench_build.py [--points 5000] [--browser]

The synthetic projects are points inside Vietnam near Lào Cai, each with two facts,
written to a temporary copy of layers/ (never to the repo). Prints the seconds each
stage takes and, with --browser, how long Debian's Chromium needs to show the page
and to answer a search.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from geo._geojson import write_collection
from geo.build import build_site
from geo.check import check_dataset
from geo.export import write_exports
from geo.join import joined_layers
from geo.links import write_published
from geo.load import read_dataset
from geo.render import render_page
from geo.schema import FACTS, LAYER_BY_NAME

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def synthetic(layers: Path, *, points: int) -> None:
    rng = random.Random(20261122)  # noqa: S311 (fixed seed: the same data every run)
    feats = json.loads((layers / "projects.geojson").read_text("utf-8"))["features"]
    with (layers / "facts.csv").open(encoding="utf-8", newline="") as fh:
        facts = list(csv.DictReader(fh))
    for n in range(points):
        fid = f"bench-project-{n:05d}"
        lon = round(103.95 + rng.uniform(0.05, 0.9), 5)
        lat = round(22.10 + rng.uniform(0.0, 0.3), 5)
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "id": fid,
                    "name_vi": f"Dự án thử {n}",
                    "name_en": f"Benchmark project {n}",
                    "name_zh": None,
                    "aliases": [f"du an thu {n}"],
                    "country": ["VN"],
                    "status": rng.choice(["existing", "planned"]),
                    "since": rng.randint(1995, 2022),
                    "sources": ["003_9294ea0d03f08fb7.txt"],
                    "note_en": None,
                    "note_vi": None,
                    "geometry_note": None,
                    "kind": rng.choice(["fdi", "oda"]),
                    "sector": "benchmark",
                    "funder": None,
                },
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
        for k in range(2):
            facts.append(
                dict.fromkeys(FACTS.column_names, "")
                | {
                    "id": f"{fid}-fact-{k}",
                    "features": fid,
                    "year": str(rng.randint(2000, 2022)),
                    "topic": "investment",
                    "value": str(rng.randint(1, 500)),
                    "unit": "million USD",
                    "statement_vi": f"Số liệu thử {n}.{k}",
                    "statement_en": f"Benchmark figure {n}.{k}",
                    "source": "003_9294ea0d03f08fb7.txt",
                    "paragraph": "5",
                }
            )
    layer = LAYER_BY_NAME["projects"]
    write_collection(
        layers / "projects.geojson", feats, name="projects", field_order=layer.field_names
    )
    facts.sort(key=lambda r: r["id"])
    with (layers / "facts.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FACTS.column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(facts)
    write_published(layers, [])


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
            browse(site / "index.html")


def browse(index: Path) -> None:
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
        page.fill(".ba-search-input", "du an thu 4999")
        page.wait_for_selector(".ba-results li")
        click.echo(f"{'search answered':<28} {time.perf_counter() - start:7.2f} s")
        start = time.perf_counter()
        page.evaluate("window.location.hash = 'bench-project-00042'")
        page.wait_for_selector(
            '.leaflet-popup .ba-card[data-id="bench-project-00042"]', timeout=60_000
        )
        click.echo(f"{'deep link to a clustered pin':<28} {time.perf_counter() - start:7.2f} s")
        chromium.close()


if __name__ == "__main__":
    main()
