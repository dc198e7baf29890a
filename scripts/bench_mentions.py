"""
What ``geo build --mentions`` costs at archive scale: the build, the file, the first popup.

    python scripts/bench_mentions.py [--points 100000] [--years 15]

The shipped layers plus ``--points`` synthetic pins (``scripts/bench_map.py``), and a
seeded summary in which every pin is mentioned (the worst case: one entry per pin, in
some of ``--years`` years and sometimes undated). Each is built as a whole process
twice, without and with ``--mentions``; the script prints, as a Markdown table, the
build's wall and CPU time (user + system) and peak memory, the time ``geo.mentions``
takes to read and check the summary (CPU, in this process), the size of the
counts' data scripts ``map/mentions/<k>.js`` (all of them, and the largest one, raw
and gzip), and, in Debian's Chromium opening the site from disk with tiles answered
by a blank image, the bytes loaded before first render (and whether any of
``map/mentions/`` was among them: none must be) and the time from setting ``#<pin>``
on the ready page to its first popup (with mentions: the popup with its sparkline, so
the time includes loading its shard of the counts), median of three loads. The load
average is printed with the figures.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

import click

ROOT = Path(__file__).resolve().parents[1]


def _bench_map() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_map", ROOT / "scripts" / "bench_map.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_summary(layers: Path, *, out: Path, years: int, seed: int = 10) -> int:
    """A summary (``#/$defs/archive_summary``) naming every non-context feature; its size."""
    from geo.load import read_dataset  # noqa: PLC0415
    from geo.schema import LAYERS  # noqa: PLC0415

    data = read_dataset(layers)
    rng = random.Random(seed)  # noqa: S311 (fixed seed: the same summary every run)
    first = 2025 - years
    features: dict[str, Any] = {}
    for layer in LAYERS:
        if layer.context:
            continue
        for feat in data.features[layer.name]:
            per_year: dict[str, dict[str, int]] = {}
            for year in rng.sample(range(first, 2025), rng.randint(1, years)):
                a = rng.randint(1, 6)
                per_year[str(year)] = {"articles": a, "mentions": a + rng.randint(0, 3)}
            if rng.random() < 0.2:
                per_year["unknown"] = {"articles": 1, "mentions": 1}
            features[feat["properties"]["id"]] = {
                "layer": layer.name,
                "articles": sum(c["articles"] for c in per_year.values()),
                "mentions": sum(c["mentions"] for c in per_year.values()),
                "per_year": dict(sorted(per_year.items())),
            }
    doc = {"articles": sum(f["articles"] for f in features.values()), "skipped": 0}
    doc["features"] = dict(sorted(features.items()))
    out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return len(features)


def read_cpu_s(layers: Path, summary: Path) -> float:
    """CPU seconds ``geo.mentions.read_mentions`` takes over the joined layers."""
    from geo.build import read_checked  # noqa: PLC0415
    from geo.join import joined_layers  # noqa: PLC0415
    from geo.mentions import read_mentions  # noqa: PLC0415

    data = read_checked(layers)
    joined = joined_layers(data)
    start = time.process_time()
    read_mentions(path=summary, layers=joined, redirects=data.redirect_map())
    return time.process_time() - start


def open_popup(
    browser: Any, *, site: Path, fid: str, wait_for: str, blank: bytes
) -> dict[str, Any]:
    """Open ``site`` from disk: bytes before first render; ms from ``#fid`` to its popup."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    loaded: list[Path] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file://"):
            loaded.append(Path(unquote(urlsplit(url).path)))
            r.continue_()
        elif url.startswith("https://tile.openstreetmap.org/"):
            r.fulfill(status=200, content_type="image/png", body=blank)
        else:
            r.abort()

    page.route("**/*", route)
    page.goto((site / "index.html").as_uri())
    page.wait_for_function("document.body?.getAttribute('data-ready') === 'true'")
    first = sum(p.stat().st_size for p in loaded if p.is_file())
    early = any(p.parent.name == "mentions" for p in loaded)
    start = page.evaluate("performance.now()")
    page.evaluate(f"window.location.hash = {json.dumps(fid)}")
    page.wait_for_selector(wait_for)
    ms = page.evaluate("performance.now()") - start
    context.close()
    return {"first_render_bytes": first, "mentions_early": early, "popup_ms": ms}


@click.command()
@click.option("--points", type=int, default=100_000, show_default=True)
@click.option("--years", type=int, default=15, show_default=True)
@click.option("--loads", type=int, default=3, show_default=True, help="Page loads (median).")
def main(points: int, years: int, loads: int) -> None:
    """Build with and without --mentions at scale; print the figures as Markdown."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    bench_map = _bench_map()
    with tempfile.TemporaryDirectory(prefix="bench-mentions-") as tmp:
        root = Path(tmp)
        layers = bench_map.make_layers(root, points=points)
        summary = root / "summary.json"
        named = make_summary(layers, out=summary, years=years)
        geo = [sys.executable, "-m", "geo", "build", "--layers", str(layers)]
        plain = bench_map.run_process([*geo, "--out", str(root / "plain")], timeout=3600)
        counted = bench_map.run_process(
            [*geo, "--out", str(root / "counted"), "--mentions", str(summary)], timeout=3600
        )
        read_s = read_cpu_s(layers, summary)
        scripts = [p.read_bytes() for p in (root / "counted" / "map" / "mentions").glob("*.js")]
        script = max(scripts, key=len)
        fid = bench_map.pin_id(1)
        pages: dict[str, list[dict[str, Any]]] = {"plain": [], "counted": []}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(bench_map.CHROMIUM), args=bench_map.CHROMIUM_ARGS
            )
            for _ in range(loads):
                card = f'.leaflet-popup .ba-card[data-id="{fid}"]'
                for name, wait_for in (("plain", card), ("counted", f"{card} .ba-mentions")):
                    pages[name].append(
                        open_popup(
                            browser,
                            site=root / name,
                            fid=fid,
                            wait_for=wait_for,
                            blank=bench_map.BLANK_PNG,
                        )
                    )
            browser.close()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())

    def med(name: str, key: str) -> float:
        return statistics.median(p[key] for p in pages[name])

    click.echo(
        f"`python scripts/bench_mentions.py --points {points} --years {years}`: "
        f"{named:,} features with counts; load average at the end {load}; "
        f"{os.cpu_count()} cores.\n"
    )
    click.echo("| | without `--mentions` | with `--mentions` |")
    click.echo("|---|---|---|")
    click.echo(f"| build wall (s) | {plain['build_s']} | {counted['build_s']} |")
    click.echo(f"| build CPU, user+sys (s) | {plain['cpu_s']} | {counted['cpu_s']} |")
    click.echo(f"| build peak memory (MB) | {plain['peak_mb']} | {counted['peak_mb']} |")
    click.echo(f"| reading the summary, CPU (s) | – | {read_s:.2f} |")
    total = sum(map(len, scripts))
    click.echo(
        f"| map/mentions/*.js, all {len(scripts)} (MB raw / gzip) | – | {total / 1e6:.2f} / "
        f"{sum(len(gzip.compress(b)) for b in scripts) / 1e6:.2f} |"
    )
    click.echo(
        f"| map/mentions/<k>.js, the largest (MB raw / gzip) | – | {len(script) / 1e6:.3f} / "
        f"{len(gzip.compress(script)) / 1e6:.3f} |"
    )
    click.echo(
        f"| loaded before first render (kB) | {med('plain', 'first_render_bytes') / 1e3:.1f} | "
        f"{med('counted', 'first_render_bytes') / 1e3:.1f} |"
    )
    early = ["yes" if any(p["mentions_early"] for p in pages[n]) else "no" for n in pages]
    click.echo(f"| map/mentions/ loaded before first render | {early[0]} | {early[1]} |")
    click.echo(
        f"| first popup: #id → shown (ms, median of {loads}) | "
        f"{med('plain', 'popup_ms'):.0f} | {med('counted', 'popup_ms'):.0f} (with sparkline) |"
    )


if __name__ == "__main__":
    main()
