"""
The pipeline: layers/ → load → check → join → render / export → site/.

The site is written into a fresh folder beside the output and swapped in only when
every stage succeeded, so a failed build leaves the last good site untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo._errors import DataError
from geo._geojson import dumps_collection
from geo.check import check_dataset
from geo.join import joined_layers
from geo.links import link_rows, read_redirects, write_links
from geo.load import Dataset, read_dataset
from geo.render import render_page
from geo.schema import LAYERS


def build_site(
    *,
    layers_dir: Path,
    out_dir: Path,
    self_contained: bool = False,
    base_url: str | None = None,
    exporter: Callable[..., Any] | None = None,
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
        ``write_exports(data, out_dir=...)`` for the GIS package; the default
        imports it from :mod:`geo.export`.

    Raises
    ------
    DataError
        When ``geo check`` finds problems; nothing is written then.
    """
    data = read_dataset(layers_dir)
    problems = check_dataset(data)
    if problems:
        raise DataError(problems)
    redirects = read_redirects(layers_dir)
    joined = joined_layers(data)

    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    try:
        data_dir = staging / "data"
        data_dir.mkdir()
        assets_dir = None if self_contained else staging / "assets"
        if assets_dir is not None:
            assets_dir.mkdir()
        for layer in LAYERS:
            text = dumps_collection(
                joined[layer.name], name=layer.name, field_order=(*layer.field_names, "facts")
            )
            (data_dir / f"{layer.name}.geojson").write_text(text, encoding="utf-8", newline="\n")
        html = render_page(
            layers=joined,
            redirects=redirects,
            self_contained=self_contained,
            assets_dir=assets_dir,
            base_url=base_url,
        )
        (staging / "index.html").write_text(html, encoding="utf-8", newline="\n")
        write_links(link_rows(data, base_url=base_url), out_dir=staging)
        if exporter is None:
            from geo.export import write_exports  # noqa: PLC0415 (optional stage)

            exporter = write_exports
        exporter(data, out_dir=data_dir)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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
