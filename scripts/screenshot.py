"""
Take the README's screenshot of the built map with Debian's Chromium.

    python scripts/screenshot.py [--site site] [--out docs/screenshot.png] [--hash kim-thanh-gate]

Tiles are refused (the build machine has no internet), so the picture shows the
offline basemap drawn from Natural Earth, exactly as a reader without tiles sees it.
"""

from __future__ import annotations

from pathlib import Path

import click
from playwright.sync_api import sync_playwright


@click.command()
@click.option(
    "--site", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("site")
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/screenshot.png")
)
@click.option("--hash", "fid", default="lao-cai-city", show_default=True)
@click.option("--size", default="1280x800", show_default=True)
def main(site: Path, out: Path, fid: str, size: str) -> None:
    """Open site/index.html#<id> and save a PNG."""
    width, height = (int(v) for v in size.split("x"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route(
            "**/*",
            lambda r: r.abort() if r.request.url.startswith("http") else r.continue_(),
        )
        page.goto((site / "index.html").resolve().as_uri() + f"#{fid}")
        page.wait_for_function("document.body.getAttribute('data-ready') === 'true'")
        page.wait_for_timeout(800)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    click.echo(f"Wrote {out}.")


if __name__ == "__main__":
    main()
