"""The ``geo`` command line."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from geo._errors import DataError, Problem
from geo.build import build_site, export_data
from geo.check import check_dataset
from geo.docs import data_dictionary
from geo.fmt import format_dataset
from geo.links import write_published
from geo.load import DEFAULT_LAYERS_DIR, read_dataset
from geo.schema import LAYERS

F = TypeVar("F", bound=Callable[..., Any])

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
    """Rewrite layers and tables in the reviewable layout (sorted, LF, NFC, no BOM)."""
    data = read_dataset(layers_dir)
    if data.unreadable:
        _report([p for p in data.problems if p.file in data.unreadable])
        sys.exit(1)
    written = format_dataset(data, layers_dir=layers_dir)
    click.echo(f"Formatted {len(written)} files in {layers_dir}.")


def out_option(default: Path, *, what: str) -> Callable[[F], F]:
    """``--out``: a folder that is replaced only when the whole command succeeds."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=f"{what} folder; replaced only when every stage succeeds.",
    )


def _refuse(exc: DataError, *, out_dir: Path) -> NoReturn:
    _report(exc.problems)
    click.echo(f"Refused; {out_dir} is unchanged.", err=True)
    sys.exit(1)


@cli.command()
@LAYERS_OPTION
@out_option(Path("site"), what="Site")
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
@click.option(
    "--mentions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="SUMMARY.json",
    help="Summary of `geo ingest ARCHIVE`: popups show articles per year (a sparkline).",
)
def build(
    layers_dir: Path,
    out_dir: Path,
    self_contained: bool,
    base_url: str | None,
    mentions: Path | None,
) -> None:
    """Check the layers, then build the map, data and GIS package into site/."""
    # The build's data are trees of dicts and lists that reference counting frees;
    # the cyclic collector would only re-scan them, again and again (a third of the
    # time at 100,000 features).
    gc.disable()
    try:
        data = build_site(
            layers_dir=layers_dir,
            out_dir=out_dir,
            self_contained=self_contained,
            base_url=base_url,
            mentions=mentions,
        )
    except DataError as exc:
        _refuse(exc, out_dir=out_dir)
    n_feats = sum(len(v) for v in data.features.values())
    click.echo(f"Built {out_dir / 'index.html'}: {n_feats} features, {len(data.facts)} facts.")
    _leave_now()


@cli.command()
@LAYERS_OPTION
@out_option(Path("site/data"), what="Data")
def export(layers_dir: Path, out_dir: Path) -> None:
    """Check the layers, then write the GIS package: GeoPackage, QGIS project, GeoJSON, CSV."""
    try:
        data = export_data(layers_dir=layers_dir, out_dir=out_dir)
    except DataError as exc:
        _refuse(exc, out_dir=out_dir)
    click.echo(f"Exported {len(LAYERS)} layers and {len(data.facts)} facts to {out_dir}.")


@cli.command("publish-ids")
@LAYERS_OPTION
def publish_ids(layers_dir: Path) -> None:
    """Record every current feature id as published (they must never break)."""
    data = read_dataset(layers_dir)
    ids = [fid for fid, (layer, _) in data.by_id().items() if not layer.context]
    write_published(layers_dir, [*data.published, *ids])
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


@cli.command()
@click.argument("article")
@LAYERS_OPTION
@click.option(
    "--format",
    "fmt_name",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="JSON (docs/ingest.schema.json) or a table for reading.",
)
@click.option("--add", is_flag=True, help="Add the article to sources.csv; facts go to review/.")
@click.option("--title", default=None, help="With --add: headline (default: the first line).")
@click.option("--outlet", default=None, help="With --add: outlet, where known.")
@click.option("--author", default=None, help="With --add: byline, where given.")
@click.option("--date", default=None, help="With --add: YYYY-MM-DD or YYYY, where known.")
@click.option("--url", default=None, help="With --add: address of the article, where known.")
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    help="Archive: JSON Lines of mentions, one article a line (- for stdout).",
)
@click.option(
    "--summary",
    default=None,
    help="Archive: per-feature summary (mentions per year) [default: OUTPUT.summary.json].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    help="Archive: worker processes (0: all cores).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Archive: run on a Dask cluster (tcp://host:8786), or 'local' for a local one.",
)
def ingest(
    *,
    article: str,
    layers_dir: Path,
    fmt_name: str,
    add: bool,
    title: str | None,
    outlet: str | None,
    author: str | None,
    date: str | None,
    url: str | None,
    output: str,
    summary: str | None,
    jobs: int,
    scheduler: str | None,
) -> None:
    """
    Find which mapped features an article mentions, or every article of an archive.

    ARTICLE is one article file (text or HTML; - for stdin), or an archive: a folder,
    a quoted glob ("news/*.html") or a JSON Lines file of articles
    ({"id", "url", "date", "title", "text" or "html"}).
    """
    # Loaded by this command only, so that `geo build` does not pay for them.
    from geo.ingest import add_source, build_gazetteer, find_mentions, format_table  # noqa: PLC0415
    from geo.ingest.archive import default_jobs, is_archive  # noqa: PLC0415

    name = article
    if is_archive(name):
        if add:
            msg = "--add takes one article file, not an archive"
            raise click.UsageError(msg)
        if fmt_name != "json":
            msg = "--format table is for one article; an archive gives JSON Lines"
            raise click.UsageError(msg)
        _ingest_archive(
            source=name,
            layers_dir=layers_dir,
            output=output,
            summary=summary,
            jobs=jobs or default_jobs(),
            scheduler=scheduler,
        )
        return
    if add and name == "-":
        msg = "--add needs an article file: its name is the source key"
        raise click.UsageError(msg)
    text = _read_article(name)
    data = read_dataset(layers_dir)
    if data.problems:
        _report(data.problems)
        sys.exit(1)
    gazetteer = build_gazetteer(data)
    result = find_mentions(text, gazetteer=gazetteer)
    if fmt_name == "json":
        doc = result.to_dict(article=name)
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result), nl=False)
    if add:
        try:
            added = add_source(
                article=Path(article),
                layers_dir=layers_dir,
                gazetteer=gazetteer,
                title=title,
                outlet=outlet,
                author=author,
                date=date,
                url=url,
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(
            f"Added {added.row['file']} to {added.sources_path}; "
            f"{len(added.facts)} candidate fact(s) in {added.review_path} for review.",
            err=True,
        )


def _ingest_archive(
    *,
    source: str,
    layers_dir: Path,
    output: str,
    summary: str | None,
    jobs: int,
    scheduler: str | None,
) -> None:
    """Run ingest over an archive: JSON Lines out, a summary, a progress bar on stderr."""
    from geo.ingest.archive import ArchiveError, items, run  # noqa: PLC0415 (ingest only)

    data = read_dataset(layers_dir)
    if data.problems:
        _report(data.problems)
        sys.exit(1)
    try:
        count, stream = items(source, inline=scheduler is not None)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    summary_path = summary or (None if output == "-" else f"{output}.summary.json")
    errors: list[str] = []
    with (
        click.open_file(output, "w", encoding="utf-8") as out,
        click.progressbar(length=count, label="Articles", file=sys.stderr, show_pos=True) as bar,
    ):

        def on_error(line: str) -> None:
            errors.append(line)
            click.echo(f"\nskipped {line}", err=True)

        try:
            result = run(
                stream=stream,
                layers_dir=layers_dir,
                jobs=jobs,
                scheduler=scheduler,
                on_line=lambda line: print(line, file=out),
                on_error=on_error,
                on_progress=bar.update,
            )
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from None
    if summary_path is not None:
        Path(summary_path).write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    where = f"; summary in {summary_path}" if summary_path else ""
    click.echo(
        f"{result.articles} article(s) read, {result.skipped} skipped, "
        f"{len(result.features)} feature(s) mentioned{where}.",
        err=True,
    )


MAX_ARTICLE_BYTES = 10 * 1024 * 1024


def _read_article(name: str) -> str:
    """The article's text, or a one-line ``ClickException`` naming the file."""
    try:
        with click.open_file(name, "rb") as stream:
            raw = stream.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        msg = f"{name}: no such file"
        raise click.ClickException(msg) from None
    except IsADirectoryError:
        msg = f"{name}: is a folder, not an article file"
        raise click.ClickException(msg) from None
    except OSError as exc:
        msg = f"{name}: cannot read it ({exc.strerror or exc})"
        raise click.ClickException(msg) from None
    if len(raw) > MAX_ARTICLE_BYTES:
        msg = f"{name}: larger than {MAX_ARTICLE_BYTES // 2**20} MB; give one article at a time"
        raise click.ClickException(msg)
    if b"\x00" in raw:
        msg = f"{name}: a binary file, not text"
        raise click.ClickException(msg)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{name}: not UTF-8 text (invalid byte at offset {exc.start})"
        raise click.ClickException(msg) from None


#: Set by :func:`main`: the command line's own process, which may end without
#: freeing what it built (not so under click's test runner, which runs in the tests).
_OWN_PROCESS = False


def _leave_now() -> None:
    """
    End the process as soon as the command is done, in the command line's own process:
    the data a build holds (a million dicts at 100,000 pins) need not be freed one by
    one before it exits; every file is written and closed by then.
    """
    if _OWN_PROCESS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def main() -> None:
    global _OWN_PROCESS  # noqa: PLW0603 - once, at the command line's start
    _OWN_PROCESS = True
    cli()
