"""
The map at archive scale: ``geo build`` against two folium maps of the same pins.

    python scripts/bench_map.py [--sizes 1000,10000,100000] [--label after] [--out docs]

For each size N, in one run: the shipped layers plus N seeded synthetic projects with
two facts each (statements of realistic length, a source each) are built three ways,
each as a whole process:

- ``geo build`` (this project);
- *lean folium*: one ``folium.GeoJson`` of the pins on canvas (``CircleMarker``)
  with a ``GeoJsonPopup``;
- *naive folium*: one ``folium.Marker`` with a ``folium.Popup`` per pin.

Then Debian's Chromium (network blocked: map tiles get a blank image, the folium pages'
CDN files are answered from local copies; only those requests go through this script, by
a URL pattern, so the pages' own files never wait for it) opens each page from disk
(``file://``, so no web server's own latency is timed) and
the script records: build wall time and peak memory (the build process's maximum RSS),
the bytes loaded before first render (raw and gzip, tiles excluded), the time to first
render (navigation start → every script of the page has run (DOMContentLoaded) and the
app is ready, then two animation frames: the pins are painted; map tiles, a blank image
here, are not waited for), median of three page loads,
for ``geo build`` also the time a deep link takes to open its popup with its facts and
the time a search takes to list its first answer, both after the page is ready.

Results are merged into ``<out>/benchmarks.json`` under ``--label`` and the whole file is
rendered as ``<out>/benchmarks.md`` (tables, ratios against both folium variants and
the issue's targets). A variant that cannot finish within the time limits is recorded
as not finished, with the limit.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import json
import os
import platform
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SOURCE = "003_9294ea0d03f08fb7.txt"
SEED = 20261122
VARIANTS = ("geo", "lean", "naive")
VARIANT_TITLES = {
    "geo": "geo build",
    "lean": "lean folium (one GeoJson, canvas, GeoJsonPopup)",
    "naive": "naive folium (Marker + Popup each)",
}

# --- synthetic data ---------------------------------------------------------------

_TOPICS = [
    ("đầu tư", "investment", "million USD"),
    ("thương mại", "trade", "million USD"),
    ("hạ tầng", "infrastructure", "km"),
]


def pin_id(n: int) -> str:
    """The id of synthetic pin ``n``."""
    return f"bench-project-{n:06d}"


def synthetic(layers: Path, *, points: int) -> None:
    """
    Add ``points`` synthetic projects with two facts each to the layers in ``layers``.

    Parameters
    ----------
    layers
        A writable copy of ``layers/``.
    points
        How many projects to add; the same seed gives the same pins every run.
    """
    rng = random.Random(SEED)  # noqa: S311 (fixed seed: the same data every run)
    feats = json.loads((layers / "projects.geojson").read_text("utf-8"))["features"]
    with (layers / "facts.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        facts = list(reader)
    for n in range(points):
        fid = pin_id(n)
        lon = round(103.95 + rng.uniform(0.05, 0.9), 5)
        lat = round(22.10 + rng.uniform(0.0, 0.3), 5)
        kind = rng.choice(["fdi", "oda"])
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "id": fid,
                    "name_vi": f"Dự án thử nghiệm số {n} ở Lào Cai",
                    "name_en": f"Benchmark project {n} in Lào Cai",
                    "name_zh": None,
                    "aliases": [f"du an thu {n}"],
                    "country": ["VN"],
                    "status": rng.choice(["existing", "planned"]),
                    "since": rng.randint(1995, 2022),
                    "sources": [SOURCE],
                    "note_en": "A synthetic project made by the benchmark.",
                    "note_vi": "Một dự án giả lập do phép đo tạo ra.",
                    "geometry_note": None,
                    "geometry_note_vi": None,
                    "kind": kind,
                    "sector": "benchmark",
                    "funder": None,
                    "funder_vi": None,
                },
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
        for k in range(2):
            topic_vi, topic, unit = _TOPICS[(n + k) % len(_TOPICS)]
            year = rng.randint(2000, 2022)
            value = rng.randint(1, 500)
            facts.append(
                dict.fromkeys(columns, "")
                | {
                    "id": f"{fid}-fact-{k}",
                    "features": fid,
                    "year": str(year),
                    "topic": topic,
                    "value": str(value),
                    "unit": unit,
                    "statement_vi": (
                        f"Năm {year}, dự án thử nghiệm số {n} được báo cáo với số liệu "
                        f"{value} về {topic_vi}, theo tin của tỉnh về hợp tác biên giới."
                    ),
                    "statement_en": (
                        f"In {year} benchmark project {n} was reported with a figure of "
                        f"{value} for {topic}, according to the province's border news."
                    ),
                    "source": SOURCE,
                    "paragraph": str(1 + (n + k) % 9),
                }
            )
    from geo._geojson import write_collection  # noqa: PLC0415 (only when generating)
    from geo.links import write_published  # noqa: PLC0415
    from geo.schema import LAYER_BY_NAME  # noqa: PLC0415

    write_collection(
        layers / "projects.geojson",
        feats,
        name="projects",
        field_order=LAYER_BY_NAME["projects"].field_names,
    )
    facts.sort(key=lambda r: r["id"])
    with (layers / "facts.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(facts)
    write_published(layers, [])


def make_layers(root: Path, *, points: int) -> Path:
    """A copy of ``layers/`` under ``root`` with ``points`` synthetic pins."""
    layers = root / "layers"
    shutil.copytree(ROOT / "layers", layers, ignore=shutil.ignore_patterns("review"))
    synthetic(layers, points=points)
    return layers


# --- the folium variants (run in a child process by the ``folium`` command) ---------


def _pins(layers: Path) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, str]]]]:
    """The synthetic pins and their facts (each with its source's title)."""
    feats = json.loads((layers / "projects.geojson").read_text("utf-8"))["features"]
    pins = [f for f in feats if f["properties"]["id"].startswith("bench-project-")]
    with (layers / "sources.csv").open(encoding="utf-8", newline="") as fh:
        titles = {row["file"]: row["title"] for row in csv.DictReader(fh)}
    facts: dict[str, list[dict[str, str]]] = {}
    with (layers / "facts.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            row["source_title"] = titles.get(row["source"], row["source"])
            for fid in row["features"].split(";"):
                facts.setdefault(fid, []).append(row)
    return pins, facts


def _fact_lines(facts: list[dict[str, str]]) -> list[str]:
    return [
        f"{f['year']}: {f['value']} {f['unit']}: {f['statement_vi']} "
        f"({f['source_title']}, ¶{f['paragraph']})"
        for f in facts
    ]


def build_folium(*, layers: Path, out: Path, variant: str) -> None:
    """
    Write ``out/index.html``: the synthetic pins as a folium map.

    Parameters
    ----------
    layers
        Layers made by :func:`make_layers`.
    out
        An existing folder.
    variant
        ``lean`` (one GeoJson on canvas with a GeoJsonPopup) or ``naive`` (a Marker
        and Popup per pin).
    """
    import html  # noqa: PLC0415 (child process only)

    import folium  # noqa: PLC0415

    pins, facts = _pins(layers)
    fmap = folium.Map(location=[22.3, 104.4], zoom_start=8, prefer_canvas=variant == "lean")
    if variant == "naive":
        for feat in pins:
            props = feat["properties"]
            lon, lat = feat["geometry"]["coordinates"]
            body = "".join(
                f"<li>{html.escape(line)}</li>" for line in _fact_lines(facts[props["id"]])
            )
            popup = folium.Popup(
                f"<b>{html.escape(props['name_vi'])}</b><br>{html.escape(props['name_en'])}"
                f"<ul>{body}</ul>",
                max_width=380,
            )
            folium.Marker([lat, lon], popup=popup, tooltip=props["name_vi"]).add_to(fmap)
    else:
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": feat["geometry"],
                    "properties": {
                        "name": feat["properties"]["name_vi"],
                        "name_en": feat["properties"]["name_en"],
                        "facts": " | ".join(_fact_lines(facts[feat["properties"]["id"]])),
                    },
                }
                for feat in pins
            ],
        }
        folium.GeoJson(
            collection,
            name="projects",
            marker=folium.CircleMarker(radius=5, fill=True, fill_opacity=0.9, weight=1),
            popup=folium.GeoJsonPopup(fields=["name", "name_en", "facts"]),
        ).add_to(fmap)
    fmap.save(str(out / "index.html"))


# --- measuring a build ------------------------------------------------------------


#: Runs a command and reports its wall time, CPU time and peak memory (its own and its
#: children's, e.g. geo build's forked GIS process). A small process of its own (``-S``:
#: no site packages), because a process's peak memory counts the memory of the process
#: it was forked from until it runs its command: measured from the benchmark itself,
#: every build would peak at least at the benchmark's own size.
_MEASURE = """
import os, resource, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status = os.waitpid(pid, 0)
wall = time.perf_counter() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(report, "w") as fh:
    fh.write(f"{wall} {ru.ru_utime + ru.ru_stime} {ru.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(argv: list[str], *, timeout: float) -> dict[str, Any]:
    """Run ``argv``; its wall time, CPU time, peak memory (max RSS) and whether it finished."""
    with tempfile.TemporaryDirectory(prefix="bench-measure-") as tmp:
        report = Path(tmp) / "report"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _MEASURE, str(report), *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so that a build past its limit goes with all it started
        )
        try:
            _, err_bytes = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return {"finished": False, "limit_s": timeout}
        err = err_bytes.decode("utf-8", "replace")
        if proc.returncode != 0 or not report.exists():
            msg = f"{' '.join(argv)} failed ({proc.returncode}):\n{err[-2000:]}"
            raise click.ClickException(msg)
        wall, cpu, maxrss = report.read_text().split()
    if time.perf_counter() - start < float(wall):  # pragma: no cover (a broken clock)
        msg = "the measured wall time is longer than the run"
        raise click.ClickException(msg)
    return {
        "finished": True,
        "build_s": round(float(wall), 3),
        # CPU time of the process and the processes it waited for (user + system): on a
        # shared machine, what the build itself cost, whatever else held the cores.
        "cpu_s": round(float(cpu), 3),
        "peak_mb": round(int(maxrss) / 1024),
    }


def build_variant(
    variant: str, *, layers: Path, out: Path, timeout: float, self_contained: bool = False
) -> dict[str, Any]:
    """Build one variant into ``out`` as a whole process."""
    if variant == "geo":
        argv = [sys.executable, "-m", "geo", "build", "--layers", str(layers), "--out", str(out)]
        if self_contained:
            argv.append("--self-contained")
    else:
        out.mkdir(parents=True)
        argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "folium",
            "--variant",
            variant,
            "--layers",
            str(layers),
            "--out",
            str(out),
        ]
    return run_process(argv, timeout=timeout)


# --- the browser ------------------------------------------------------------------


def _blank_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xee\xee\xee")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


BLANK_PNG = _blank_png()
TILE_HOSTS = ("https://tile.openstreetmap.org/", "https://a.tile.openstreetmap.org/")


def cdn_copies() -> dict[str, Path]:
    """Local copies of the files folium's pages load from CDNs, by file name."""
    import xstatic.pkg.leaflet  # noqa: PLC0415

    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    out = {"leaflet.js": leaflet / "leaflet.js", "leaflet.css": leaflet / "leaflet.css"}
    for img in (leaflet / "images").iterdir():
        out[img.name] = img
    jquery = Path("/usr/share/javascript/jquery/jquery.min.js")  # Debian's libjs-jquery
    if jquery.is_file():
        out["jquery-3.7.1.min.js"] = jquery
    return out


_FIRST_RENDER = """
(geo) => new Promise((resolve) => {
  const ready = () => !geo || document.body.getAttribute('data-ready') === 'true';
  const check = () => {
    if (ready()) requestAnimationFrame(() => requestAnimationFrame(
      () => resolve(performance.now())));
    else setTimeout(check, 5);
  };
  check();
})
"""

# Resolves with the milliseconds between the trigger and the selector appearing.
_WAIT_FOR = """
([trigger, selector]) => new Promise((resolve) => {
  const t0 = performance.now();
  const done = () => { obs.disconnect(); resolve(performance.now() - t0); };
  const obs = new MutationObserver(() => { if (document.querySelector(selector)) done(); });
  obs.observe(document.body, {childList: true, subtree: true, attributes: true});
  if (trigger.hash) window.location.hash = trigger.hash;
  if (trigger.search) {
    const input = document.querySelector('.ba-search-input');
    input.value = trigger.search;
    input.dispatchEvent(new Event('input'));
  }
  if (document.querySelector(selector)) done();
})
"""


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure_page(
    browser: Any,
    *,
    url: str,
    root: Path,
    variant: str,
    timeout: float,
    deep_link: str | None,
    search: tuple[str, str] | None,
) -> dict[str, Any]:
    """Open ``url`` in a fresh context; first render, bytes, deep link and search."""
    from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415

    copies = cdn_copies()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    loaded: list[tuple[str, Path | None]] = []
    empty: list[str] = []
    refused: list[str] = []

    def local(req: Any) -> None:
        if req.url.startswith("file://"):
            loaded.append((req.url, Path(unquote(urlsplit(req.url).path))))

    def route(r: Any) -> None:
        req = r.request.url
        if req.startswith(TILE_HOSTS):
            r.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        elif req.startswith("https://"):
            name = urlsplit(req).path.rsplit("/", 1)[-1]
            local = copies.get(name)
            loaded.append((req, local))
            if local is None:
                empty.append(req)
                kind = "text/css" if name.endswith(".css") else "application/javascript"
                r.fulfill(status=200, content_type=kind, body=b"")
            else:
                r.fulfill(status=200, path=str(local))
        else:
            refused.append(req)
            r.abort()

    # The page's own files are only watched: routing them through this process would
    # add a round trip per file to the page being timed. A pattern, not a predicate:
    # Playwright pauses every request to ask a predicate, file:// ones too, and they
    # waited behind the tiles a deep link had just asked for.
    page.on("request", local)
    page.route(re.compile(r"^(?!file:|data:)"), route)
    result: dict[str, Any] = {}
    # page.evaluate has no timeout, and a page whose main thread never comes back (naive
    # folium at 100,000 pins) would hold it, and then context.close(), for ever: past the
    # limit its renderer is killed, which ends both with an error.
    watchdog = threading.Timer(timeout, _kill_renderers)
    watchdog.start()
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        ms = page.evaluate(_FIRST_RENDER, variant == "geo")
        before_render = list(loaded)
        result |= {"rendered": True, "first_render_s": round(ms / 1000, 3)}
    except PlaywrightError as exc:  # a timeout, or the page crashed under its weight
        result |= {"rendered": False, "limit_s": timeout, "error": type(exc).__name__}
    finally:
        watchdog.cancel()
    # Only what was asked for before the first render (not what the page fetches after
    # it, such as popup or search files it loads later): request events arrive in
    # order, before the answer to the evaluate that saw the first render.
    if result["rendered"]:
        loaded = before_render
    seen: set[str] = set()
    raw = gz = 0
    for req, path in loaded:
        if req in seen or path is None or not path.is_file():
            continue
        seen.add(req)
        data = path.read_bytes()
        raw += len(data)
        gz += _gzip_size(data)
    # Without a first render these are the bytes requested before the limit.
    result |= {"bytes": raw, "bytes_gzip": gz, "requests": len(seen)}
    if empty:
        result["served_empty"] = sorted(set(empty))
    if refused:
        result["refused"] = sorted(set(refused))
    if not result["rendered"]:
        context.close()
        return result
    if deep_link:
        sel = f'.leaflet-popup .ba-card[data-id="{deep_link}"] .ba-facts'
        ms = page.evaluate(_WAIT_FOR, [{"hash": deep_link}, sel])
        result["deep_link_s"] = round(ms / 1000, 3)
    if search:
        query, expected = search
        sel = f'.ba-results li[data-id="{expected}"]'
        ms = page.evaluate(_WAIT_FOR, [{"search": query}, sel])
        result["search_s"] = round(ms / 1000, 3)
        page.evaluate("document.querySelector('.ba-search-input').value = ''")
        ms = page.evaluate(_WAIT_FOR, [{"search": query + " "}, sel])
        result["search_again_s"] = round(ms / 1000, 3)
    context.close()
    return result


def _kill_renderers() -> None:
    """Kill the Chromium renderer processes this process started (through Playwright)."""
    parent: dict[int, int] = {}
    command: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parent[int(entry.name)] = int(stat[1])
            command[int(entry.name)] = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
    mine = {os.getpid()}
    grew = True
    while grew:
        more = {pid for pid, ppid in parent.items() if ppid in mine} - mine
        mine |= more
        grew = bool(more)
    for pid in mine - {os.getpid()}:
        if b"--type=renderer" in command.get(pid, b""):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


#: First renders per variant; the median is reported (the first page a browser opens
#: is slower than the next, whichever variant it is).
RENDER_RUNS = 3


def measure_variant(browser: Any, **kwargs: Any) -> dict[str, Any]:
    """:func:`measure_page` RENDER_RUNS times (once if it did not render); the median run."""
    runs = []
    for _ in range(RENDER_RUNS):
        runs.append(measure_page(browser, **kwargs))
        if not runs[-1]["rendered"] or runs[-1]["first_render_s"] > 60:
            break
    rendered = sorted((r for r in runs if r["rendered"]), key=lambda r: float(r["first_render_s"]))
    if not rendered:
        return runs[0]
    median = rendered[len(rendered) // 2]
    median["first_render_runs"] = [r["first_render_s"] for r in runs]
    for key in ("deep_link_s", "search_s", "search_again_s"):
        values = sorted(r[key] for r in runs if key in r)
        if values:
            median[key] = values[len(values) // 2]
            median[f"{key[:-2]}_runs"] = [r[key] for r in runs if key in r]
    return median


# --- one size ---------------------------------------------------------------------


def bench_size(
    points: int,
    *,
    browser: Any,
    build_timeout: float,
    render_timeout: float,
    skip_naive_above: int | None,
    variants: tuple[str, ...] = VARIANTS,
) -> dict[str, Any]:
    """Every variant at one size."""
    out: dict[str, Any] = {"points": points, "variants": {}}
    with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp:
        root = Path(tmp)
        layers = make_layers(root, points=points)
        target = pin_id(points // 2 + 7 if points > 10 else 0)
        for variant in variants:
            click.echo(f"  {points:>7} {variant:<6} build …", err=True)
            if variant == "naive" and skip_naive_above and points > skip_naive_above:
                out["variants"][variant] = {
                    "finished": False,
                    "skipped": f"not run above {skip_naive_above} pins (--skip-naive-above)",
                }
                continue
            site = root / f"site-{variant}"
            rec = build_variant(variant, layers=layers, out=site, timeout=build_timeout)
            if rec["finished"]:
                rec |= measure_variant(
                    browser,
                    url=(site / "index.html").as_uri(),
                    root=root,
                    variant=variant,
                    timeout=render_timeout,
                    deep_link=target if variant == "geo" else None,
                    search=(f"du an thu {points - 1}", pin_id(points - 1))
                    if variant == "geo"
                    else None,
                )
            out["variants"][variant] = rec
            click.echo(f"  {points:>7} {variant:<6} {json.dumps(rec)}", err=True)
    return out


# --- report -----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the run ran on."""
    import folium  # noqa: PLC0415

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        mem = int(meminfo.read_text().split()[1]) // 1024 // 1024
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (git from PATH)
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "folium": folium.__version__,
        "commit": commit,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _not_finished(rec: dict[str, Any]) -> str:
    limit = rec.get("limit_s")
    return "not finished" if limit is None else f"not finished within {limit:g} s"


def _fmt_s(rec: dict[str, Any], key: str) -> str:
    if not rec:
        return "not run"
    if key == "build_s" and not rec.get("finished", False):
        return rec.get("skipped") or _not_finished(rec)
    if key == "first_render_s" and rec.get("finished") and not rec.get("rendered", False):
        return _not_finished(rec)
    value = rec.get(key)
    return "–" if value is None else f"{value:.2f} s"


def _fmt_mb(value: Any) -> str:
    return "–" if value is None else f"{value / 1e6:.2f} MB"


def _ratio(a: Any, b: Any) -> float | None:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not b:
        return None
    return a / b


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def targets(size: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """The issue's targets at one size: (target, measured, met)."""
    v = size["variants"]
    geo, lean, naive = v["geo"], v.get("lean", {}), v.get("naive", {})
    rows: list[tuple[str, str, bool | None]] = []
    if size["points"] >= 100_000:
        share = _ratio(geo.get("bytes"), naive.get("bytes"))
        rows.append(
            (
                "first-render bytes ≤ 1/10 of naive folium's",
                "–" if share is None else f"{share:.3f} of naive",
                None if share is None else share <= 0.1,
            )
        )
        speed = _ratio(lean.get("first_render_s"), geo.get("first_render_s"))
        rows.append(
            (
                "first render ≥ 1.5× faster than lean folium",
                _fmt_ratio(speed),
                None if speed is None else speed >= 1.5,
            )
        )
        naive_build = naive.get("build_s") if naive.get("finished") else None
        build = _ratio(naive_build, geo.get("build_s"))
        if (
            build is None
            and not naive.get("finished")
            and "limit_s" in naive
            and geo.get("build_s")
        ):
            floor = naive["limit_s"] / geo["build_s"]
            rows.append(
                (
                    "geo build ≥ 20× faster than naive folium",
                    f"> {floor:.1f}× (naive not finished within {naive['limit_s']:.0f} s)",
                    True if floor >= 20 else None,
                )
            )
        else:
            rows.append(
                (
                    "geo build ≥ 20× faster than naive folium",
                    _fmt_ratio(build),
                    None if build is None else build >= 20,
                )
            )
        for key, label, limit in [
            ("deep_link_s", "deep link opens its popup ≤ 0.3 s", 0.3),
            ("search_s", "search answers ≤ 0.1 s (first search, index loaded on use)", 0.1),
        ]:
            value = geo.get(key)
            rows.append((label, _fmt_s(geo, key), None if value is None else value <= limit))
    else:
        for key, label in [
            ("build_s", "build time"),
            ("peak_mb", "peak memory"),
            ("bytes", "first-render bytes"),
            ("bytes_gzip", "first-render bytes (gzip)"),
            ("first_render_s", "first render"),
        ]:
            mine, theirs = geo.get(key), lean.get(key)
            ok = None if mine is None or theirs is None else mine <= theirs
            shown = f"{mine} vs {theirs}" if key == "peak_mb" else None
            if key.startswith("bytes"):
                shown = f"{_fmt_mb(mine)} vs {_fmt_mb(theirs)}"
            elif key.endswith("_s"):
                shown = f"{_fmt_s(geo, key)} vs {_fmt_s(lean, key)}"
            else:
                shown = f"{mine} MB vs {theirs} MB"
            rows.append((f"{label} no worse than lean folium", shown, ok))
    return rows


def _load_note(run: dict[str, Any]) -> str:
    start = run["machine"].get("load_average_at_start")
    end = run.get("load_average_at_end")
    if not start or not end:
        return ""
    return (
        f" Load average (1, 5, 15 min) at start {start}, at end {end}: the machine was "
        "shared, so compare figures within a run."
    )


def render_markdown(doc: dict[str, Any]) -> str:
    """``benchmarks.md`` from the whole JSON document."""
    lines = [
        "# Map benchmark: `geo build` against folium",
        "",
        "Generated by `python scripts/bench_map.py` (see its docstring for what is measured",
        "and how); the figures are in `benchmarks.json`. Each run is one process on the machine",
        "named with it; the three variants of a size are built and opened one after another in",
        "the same run. First render: from navigation start until every script of the page has",
        "run and the pins are painted (two animation frames), median of three loads from disk",
        "(`file://`). The baseline run used the first version of this script: pages served by",
        "a loopback web server, loaded once, first render at the load event (tiles included),",
        "bytes counted until then. Build CPU (from the run *build speed* on): user + system",
        "time of the build process and the processes it waited for (the build's GIS export",
        "process), which other jobs on the machine do not inflate as they do wall time; peak",
        "memory is the largest of those processes' peak resident size. Bytes are",
        "what the browser loads before first render (map tiles excluded); gzip is each file",
        "compressed at level 6, as a web server would send it (for a page that did not",
        "render, what it requested before the limit).",
        "Deep link: the hash changed to a pin after the page is ready, until its popup shows",
        "its facts. Search: the query typed after the deep link, until the pin is listed",
        "(the first search loads what it needs of the search index: the whole index in the",
        "runs before it was split, from the run *search in shards* on only its parts that",
        "the query needs, as the README's scale section says; *again* is a second query).",
        "Until the run *session 8* the benchmark routed requests through a Playwright",
        "predicate, which paused every request of the page, its own `file://` scripts too,",
        "for a round trip to the script; from that run on only the tiles and CDN files go",
        "through it (a URL pattern), so deep links and searches, whose scripts load while",
        "tiles are asked for, no longer wait behind them.",
        "",
    ]
    for label, run in doc["runs"].items():
        m = run["machine"]
        lines += [
            f"## {label}",
            "",
            f"{run['date']}; commit `{m['commit']}`; {m['cpu']}, {m['cores']} cores, "
            f"{m['memory_gb']} GB; {m['os']}; Python {m['python']}, folium {m['folium']}, "
            f"Chromium {run.get('chromium', '?')}. Command: `{run['command']}`." + _load_note(run),
            "",
            "| pins | variant | build | build CPU | peak memory | first-render bytes | gzip "
            "| first render | deep link | search | search again |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size in run["sizes"]:
            for variant in VARIANTS:
                rec = size["variants"].get(variant)
                if rec is None:
                    continue
                lines.append(
                    f"| {size['points']:,} | {VARIANT_TITLES[variant]} | {_fmt_s(rec, 'build_s')} "
                    f"| {_fmt_s(rec, 'cpu_s') if rec.get('finished') else '–'} "
                    f"| {rec.get('peak_mb', '–')} MB | {_fmt_mb(rec.get('bytes'))} "
                    f"| {_fmt_mb(rec.get('bytes_gzip'))} | {_fmt_s(rec, 'first_render_s')} "
                    f"| {_fmt_s(rec, 'deep_link_s')} | {_fmt_s(rec, 'search_s')} "
                    f"| {_fmt_s(rec, 'search_again_s')} |"
                )
        lines += [
            "",
            "Ratios (folium's figure ÷ geo build's: above 1 means geo build is lighter or faster):",
            "",
            "| pins | against | build | build CPU | first-render bytes | gzip | first render |",
            "|---:|---|---:|---:|---:|---:|---:|",
        ]
        for size in run["sizes"]:
            geo = size["variants"]["geo"]
            for variant in ("lean", "naive"):
                rec = size["variants"].get(variant, {})
                lines.append(
                    f"| {size['points']:,} | {variant} folium "
                    f"| {_fmt_ratio(_ratio(rec.get('build_s'), geo.get('build_s')))} "
                    f"| {_fmt_ratio(_ratio(rec.get('cpu_s'), geo.get('cpu_s')))} "
                    f"| {_fmt_ratio(_ratio(rec.get('bytes'), geo.get('bytes')))} "
                    f"| {_fmt_ratio(_ratio(rec.get('bytes_gzip'), geo.get('bytes_gzip')))} "
                    f"| {_fmt_ratio(_ratio(rec.get('first_render_s'), geo.get('first_render_s')))}"
                    " |"
                )
        lines += ["", "Targets:", "", "| pins | target | measured | met |", "|---:|---|---|---|"]
        for size in run["sizes"]:
            for target, measured, met in targets(size):
                mark = "–" if met is None else ("yes" if met else "**no**")
                lines.append(f"| {size['points']:,} | {target} | {measured} | {mark} |")
        empty = sorted(
            {
                u
                for size in run["sizes"]
                for rec in size["variants"].values()
                for u in rec.get("served_empty", [])
            }
        )
        if empty:
            lines += [
                "",
                "folium's CDN files with no local copy on the machine, answered with an empty "
                "file (so folium's bytes and times are, if anything, understated):",
                "",
                *[f"- {u}" for u in empty],
            ]
        lines.append("")
    return "\n".join(lines)


def readme_table(run: dict[str, Any]) -> str:
    """The README's summary of one run: one row per size, then the targets."""
    lines = [
        "| pins | geo build: build / page (gzip) / first render / deep link / search "
        "| lean folium: build / page (gzip) / first render "
        "| naive folium: build / page (gzip) / first render |",
        "|---:|---|---|---|",
    ]
    for size in run["sizes"]:
        cells = []
        for variant in VARIANTS:
            rec = size["variants"].get(variant, {})
            bits = [
                _fmt_s(rec, "build_s"),
                f"{_fmt_mb(rec.get('bytes'))} ({_fmt_mb(rec.get('bytes_gzip'))})",
                _fmt_s(rec, "first_render_s") if rec.get("finished") else "–",
            ]
            if variant == "geo":
                bits += [_fmt_s(rec, "deep_link_s"), _fmt_s(rec, "search_s")]
            cells.append(" / ".join(bits))
        lines.append(f"| {size['points']:,} | " + " | ".join(cells) + " |")
    lines += ["", "| pins | target | measured | met |", "|---:|---|---|---|"]
    for size in run["sizes"]:
        for target, measured, met in targets(size):
            mark = "–" if met is None else ("yes" if met else "**no**")
            lines.append(f"| {size['points']:,} | {target} | {measured} | {mark} |")
    return "\n".join(lines) + "\n"


# --- command line -----------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.option("--sizes", default="1000,10000,100000", show_default=True)
@click.option("--label", default="latest", show_default=True, help="Name of this run.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "docs")
@click.option("--build-timeout", default=900.0, show_default=True, help="Seconds per build.")
@click.option("--render-timeout", default=300.0, show_default=True, help="Seconds to first render.")
@click.option(
    "--skip-naive-above",
    type=int,
    default=None,
    help="Do not run naive folium above this many pins (recorded as skipped).",
)
@click.option(
    "--variants",
    default=",".join(VARIANTS),
    show_default=True,
    help="Which builds to compare (geo must be one).",
)
@click.pass_context
def main(
    ctx: click.Context,
    *,
    sizes: str,
    label: str,
    out: Path,
    build_timeout: float,
    render_timeout: float,
    skip_naive_above: int | None,
    variants: str,
) -> None:
    """Build and open the map three ways at each size; write benchmarks.md and .json."""
    if ctx.invoked_subcommand:
        return
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    if not CHROMIUM.exists():
        msg = f"Debian's chromium is not at {CHROMIUM}"
        raise click.ClickException(msg)
    run: dict[str, Any] = {
        "date": dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python scripts/bench_map.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "sizes": [],
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        run["chromium"] = browser.version
        for n in (int(s) for s in sizes.split(",")):
            click.echo(f"{n} pins", err=True)
            run["sizes"].append(
                bench_size(
                    n,
                    browser=browser,
                    build_timeout=build_timeout,
                    render_timeout=render_timeout,
                    skip_naive_above=skip_naive_above,
                    variants=tuple(v for v in VARIANTS if v in variants.split(",")),
                )
            )
        browser.close()
    run["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out.mkdir(parents=True, exist_ok=True)
    path = out / "benchmarks.json"
    doc = json.loads(path.read_text("utf-8")) if path.is_file() else {"runs": {}}
    doc["runs"][label] = run
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "benchmarks.md").write_text(render_markdown(doc), encoding="utf-8")
    click.echo(f"Wrote {path} and {out / 'benchmarks.md'}.")


@main.command("folium")
@click.option("--variant", type=click.Choice(["lean", "naive"]), required=True)
@click.option("--layers", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(exists=True, file_okay=False, path_type=Path))
def folium_command(variant: str, layers: Path, out: Path) -> None:
    """Build one folium variant (run by the benchmark as its own process)."""
    build_folium(layers=layers, out=out, variant=variant)


if __name__ == "__main__":
    main()
