"""The ``geo`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from geo._errors import DataError, Problem
from geo._geojson import write_collection
from geo.build import build_site
from geo.check import check_dataset
from geo.docs import data_dictionary
from geo.links import read_published, write_published
from geo.load import DEFAULT_LAYERS_DIR, layer_path, read_dataset
from geo.schema import LAYERS

LAYERS_OPTION = click.option(
    "--layers",
    "layers_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_LAYERS_DIR,
    show_default="the shipped layers/",
    help="Folder of curated layers, facts.csv and sources.csv.",
)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found.", err=True)


@click.group()
@click.version_option(package_name="border-atlas")
def cli() -> None:
    """Border Atlas: the Vietnam–China border's gates, partners and links, as a map."""


@cli.command()
@LAYERS_OPTION
@click.option(
    "--articles",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of the source articles: also check sources and paragraphs against them.",
)
def check(layers_dir: Path, articles: Path | None) -> None:
    """Validate the layers, facts and sources; print every problem."""
    data = read_dataset(layers_dir)
    problems = check_dataset(data, articles=articles)
    if problems:
        _report(problems)
        sys.exit(1)
    n_feats = sum(len(v) for v in data.features.values())
    click.echo(
        f"OK: {n_feats} features in {len(LAYERS)} layers, {len(data.facts)} facts, "
        f"{len(data.sources)} sources."
    )


@cli.command()
@LAYERS_OPTION
def fmt(layers_dir: Path) -> None:
    """Rewrite the layer files in the reviewable layout (sorted, one feature a line)."""
    data = read_dataset(layers_dir)
    if data.problems:
        _report(data.problems)
        sys.exit(1)
    for layer in LAYERS:
        write_collection(
            layer_path(layers_dir, layer),
            data.features[layer.name],
            name=layer.name,
            field_order=layer.field_names,
        )
    click.echo(f"Formatted {len(LAYERS)} layers in {layers_dir}.")


@cli.command()
@LAYERS_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Site folder; replaced only when the whole build succeeds.",
)
@click.option(
    "--self-contained",
    is_flag=True,
    help="Inline every script and stylesheet: the page requests nothing but map tiles.",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Address the site is published at, for absolute permalinks (default: relative).",
)
def build(layers_dir: Path, out_dir: Path, self_contained: bool, base_url: str | None) -> None:
    """Check the layers, then build the map, data and GIS package into site/."""
    try:
        data = build_site(
            layers_dir=layers_dir,
            out_dir=out_dir,
            self_contained=self_contained,
            base_url=base_url,
        )
    except DataError as exc:
        _report(exc.problems)
        click.echo(f"Build refused; {out_dir} is unchanged.", err=True)
        sys.exit(1)
    n_feats = sum(len(v) for v in data.features.values())
    click.echo(f"Built {out_dir / 'index.html'}: {n_feats} features, {len(data.facts)} facts.")


@cli.command("publish-ids")
@LAYERS_OPTION
def publish_ids(layers_dir: Path) -> None:
    """Record every current feature id as published (they must never break)."""
    data = read_dataset(layers_dir)
    ids = [fid for fid, (layer, _) in data.by_id().items() if not layer.context]
    write_published(layers_dir, [*read_published(layers_dir), *ids])
    click.echo(f"Recorded {len(ids)} ids in {layers_dir / 'published_ids.txt'}.")


@cli.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("docs/data-dictionary.md"),
    show_default=True,
)
def docs(output: Path) -> None:
    """Write the data dictionary generated from the schema."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(data_dictionary(), encoding="utf-8", newline="\n")
    click.echo(f"Wrote {output}.")


def main() -> None:
    cli()
