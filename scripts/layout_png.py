"""
Export the QGIS project's print layout to the PNG the README shows, in the real QGIS.

    python scripts/layout_png.py [--layers layers] [--out docs/layout.png]

Writes the GIS package into a temporary folder, then runs tests/qgis/inspect_export.py
under Debian's /usr/bin/python3 (PyQGIS), which opens the project and exports its
layout with ``QgsLayoutExporter`` at 100 dpi.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import click

from geo.build import read_checked
from geo.export import PROJECT_NAME, write_exports
from geo.schema import REGION_BOUNDS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "qgis" / "inspect_export.py"


@click.command()
@click.option(
    "--layers", type=click.Path(exists=True, file_okay=False, path_type=Path), default="layers"
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/layout.png")
)
def main(layers: Path, out: Path) -> None:
    """Write the package to a temporary folder and export its layout to OUT."""
    south, west, north, east = REGION_BOUNDS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_exports(read_checked(layers), out_dir=folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tmp}
        proc = subprocess.run(
            [
                "/usr/bin/python3",
                str(SCRIPT),
                str(folder / PROJECT_NAME),
                *map(repr, (west, south, east, north)),
                str(out.resolve()),
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=folder,
            check=False,
        )
    if proc.returncode != 0:
        raise click.ClickException(proc.stderr)
    layout = json.loads(proc.stdout)["layout"]
    click.echo(f"Wrote {out} ({layout['size'][0]}x{layout['size'][1]} px).")


if __name__ == "__main__":
    main()
