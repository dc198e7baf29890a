"""
The pipeline: layers/ → load → check → join → render / export → site/.

Output is written into a fresh folder beside its target and swapped in only when
every stage succeeded, so a failed build leaves the last good site untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geo._errors import DataError
from geo._geojson import dumps_collection
from geo.check import check_dataset
from geo.export import write_exports
from geo.join import joined_layers
from geo.links import link_rows, read_redirects, write_links
from geo.load import Dataset, read_dataset
from geo.render import render_page
from geo.schema import LAYERS

Exporter = Callable[..., Any]


def read_checked(layers_dir: Path) -> Dataset:
    """Read ``layers_dir``; raise :class:`DataError` with every problem ``geo check`` finds."""
    data = read_dataset(layers_dir)
    problems = check_dataset(data)
    if problems:
        raise DataError(problems)
    return data


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """
    A fresh folder beside ``target`` that replaces it when the block succeeds.

    On any error the folder is removed and ``target`` stays as it was.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        yield staging
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_data(
    data: Dataset,
    *,
    joined: dict[str, list[dict[str, Any]]],
    out_dir: Path,
    exporter: Exporter = write_exports,
) -> None:
    """
    The data folder: one GeoJSON per layer joined with its facts, and the GIS package.

    Parameters
    ----------
    data
        A checked dataset.
    joined
        Its layers joined with their facts (:func:`geo.join.joined_layers`).
    out_dir
        An existing, empty folder.
    exporter
        Writes the GeoPackage, QGIS project and CSV tables (:func:`geo.export.write_exports`).
    """
    for layer in LAYERS:
        text = dumps_collection(
            joined[layer.name], name=layer.name, field_order=(*layer.field_names, "facts")
        )
        (out_dir / f"{layer.name}.geojson").write_text(text, encoding="utf-8", newline="\n")
    exporter(data, out_dir=out_dir)


def build_site(
    *,
    layers_dir: Path,
    out_dir: Path,
    self_contained: bool = False,
    base_url: str | None = None,
    exporter: Exporter = write_exports,
) -> Dataset:
    """
    Check ``layers_dir`` and build the site into ``out_dir``, atomically.

    Parameters
    ----------
    layers_dir
        Folder of curated layers, facts.csv, sources.csv and redirects.csv.
    out_dir
        The site folder; replaced as a whole only when the build succeeds.
    self_contained
        Inline every script and stylesheet into ``index.html``.
    base_url
        Absolute address the site is published at; permalinks are relative if None.
    exporter
        Writes the GIS package into ``site/data`` (:func:`geo.export.write_exports`).

    Raises
    ------
    DataError
        When ``geo check`` finds problems; nothing is written then.
    """
    data = read_checked(layers_dir)
    redirects = read_redirects(layers_dir)
    joined = joined_layers(data)
    with staged(out_dir) as staging:
        data_dir = staging / "data"
        data_dir.mkdir()
        write_data(data, joined=joined, out_dir=data_dir, exporter=exporter)
        assets_dir = None if self_contained else staging / "assets"
        if assets_dir is not None:
            assets_dir.mkdir()
        html = render_page(
            layers=joined,
            redirects=redirects,
            self_contained=self_contained,
            assets_dir=assets_dir,
            base_url=base_url,
            map_dir=None if self_contained else staging / "map",
        )
        (staging / "index.html").write_text(html, encoding="utf-8", newline="\n")
        write_links(link_rows(data, base_url=base_url), out_dir=staging)
    return data


def export_data(*, layers_dir: Path, out_dir: Path) -> Dataset:
    """Check ``layers_dir`` and write only the data folder (``geo export``), atomically."""
    data = read_checked(layers_dir)
    with staged(out_dir) as staging:
        write_data(data, joined=joined_layers(data), out_dir=staging)
    return data


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; the old one is removed only after the swap."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{new.name.rsplit('-', 1)[-1]}")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
