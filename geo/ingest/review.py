"""Review output: the table, and --add (a sources.csv row and a review file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from geo.ingest.gazetteer import Gazetteer
from geo.ingest.match import find_mentions
from geo.ingest.results import Figure, IngestResult, Mention
from geo.ingest.text import extract_body
from geo.load import table_path
from geo.schema import FACTS, SOURCE_PATTERN, SOURCES

# --- adding a source --------------------------------------------------------------


@dataclass(frozen=True)
class AddedSource:
    """What ``add_source`` wrote."""

    sources_path: Path
    row: dict[str, str]
    review_path: Path
    facts: list[dict[str, str]]


#: The review file: facts.csv's columns, statements left for a person to write, and the
#: article's own sentence beside them to work from. It quotes the article, so
#: ``layers/review/`` is git-ignored: nothing of the article's text enters the repo.
REVIEW_COLUMNS = (*FACTS.column_names, "article_sentence")


def _review_facts(result: IngestResult, *, source: str) -> list[dict[str, str]]:
    """One row per figure (or per year-only sentence) of a sentence with mentions."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in result.mentions:
        by_sentence.setdefault(m.sentence_start, []).append(m)
    body = result.text[: result.body_end]
    rows: list[dict[str, str]] = []
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source).stem.lower()).strip("-")
    for start, group in sorted(by_sentence.items()):
        figures = group[0].figures
        if not figures:
            continue
        features = ";".join(sorted({m.feature for m in group}))
        years = [f for f in figures if f.unit == "year"]
        amounts: list[Figure | None] = [f for f in figures if f.unit != "year"] or [None]
        line_start = body.rfind("\n", 0, start) + 1
        paragraph = 1 + sum(1 for line in body[:line_start].splitlines() if line.strip())
        for amount in amounts:
            row = dict.fromkeys(REVIEW_COLUMNS, "")
            row.update(
                id=f"{stem}-{len(rows) + 1:03d}",
                features=features,
                year=str(years[-1].value) if years else "",
                period=years[-1].period or "" if years else "",
                article_sentence=group[0].sentence,
                source=source,
                paragraph=str(paragraph),
            )
            if amount is not None:
                row["value"] = format(Decimal(str(amount.value)).normalize(), "f")
                row["unit"] = amount.unit
            rows.append(row)
    return rows


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def add_source(
    *,
    article: Path,
    layers_dir: Path,
    gazetteer: Gazetteer,
    title: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    date: str | None = None,
    url: str | None = None,
) -> AddedSource:
    """
    Add an article to ``sources.csv`` and write its candidate facts for review.

    Parameters
    ----------
    article
        The article file; its name is the source key and must match
        ``geo.schema.SOURCE_PATTERN`` (``NNN_<16 hex digits>.txt``).
    layers_dir
        Folder of ``sources.csv``; the review file goes to ``review/`` below it.
    gazetteer
        Names to look for, from ``build_gazetteer``.
    title, outlet, author, date, url
        What is known of the article. The title defaults to the article's first
        line; anything else not given stays empty, never guessed. ``date`` is
        ``YYYY-MM-DD`` (also fills ``year``) or a bare year ``YYYY``.

    Returns
    -------
    AddedSource
        The row added and the review rows written.

    Raises
    ------
    ValueError
        If the file name, the date or the existing ``sources.csv`` is not valid,
        the article is already a source, or its review file exists.
    """
    fname = article.name
    if not re.fullmatch(SOURCE_PATTERN, fname):
        msg = f"{fname}: an article file name must look like 000_0123456789abcdef.txt"
        raise ValueError(msg)
    text = article.read_text(encoding="utf-8")
    result = find_mentions(text, gazetteer=gazetteer)
    year = ""
    if date:
        if re.fullmatch(r"\d{4}", date):
            year, date = date, ""
        else:
            try:
                year = str(dt.date.fromisoformat(date).year)
            except ValueError:
                msg = f"--date {date!r} is not YYYY-MM-DD or YYYY"
                raise ValueError(msg) from None
    if title is None:
        first = extract_body(text).strip().splitlines()
        title = first[0].strip() if first else ""
    if not title:
        msg = f"{fname}: the article has no title line; give --title"
        raise ValueError(msg)

    sources_path = table_path(layers_dir, SOURCES)
    with sources_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != SOURCES.column_names:
            msg = f"{sources_path}: columns must be {', '.join(SOURCES.column_names)}"
            raise ValueError(msg)
        rows = list(reader)
    if any(r["file"] == fname for r in rows):
        msg = f"{fname} is already in {sources_path}"
        raise ValueError(msg)
    review_path = layers_dir / "review" / f"{Path(fname).stem}.csv"
    if review_path.exists():
        msg = f"{review_path} exists: review or remove it first"
        raise ValueError(msg)

    row = dict.fromkeys(SOURCES.column_names, "")
    row.update(
        file=fname,
        title=title,
        outlet=outlet or "",
        author=author or "",
        date=date or "",
        year=year,
        url=url or "",
    )
    facts = _review_facts(result, source=fname)
    new_rows = sorted([*rows, row], key=lambda r: r["file"])
    sources_path.write_text(_csv_text(SOURCES.column_names, new_rows), encoding="utf-8", newline="")
    review_path.parent.mkdir(parents=True, exist_ok=True)
    review_path.write_text(_csv_text(REVIEW_COLUMNS, facts), encoding="utf-8", newline="")
    return AddedSource(sources_path, row, review_path, facts)


def format_table(result: IngestResult) -> str:
    """The mentions and candidates as an aligned plain-text table."""
    lines = [f"{'feature':<36} {'layer':<13} {'span':<13} text"]
    for m in result.mentions:
        name = m.feature if m.within is None else f"  {m.feature}"
        span = f"{m.start}-{m.end}"
        figs = ", ".join(f.text for f in m.figures if f.unit != "year")
        extra = f"  [{figs}]" if figs else ""
        lines.append(f"{name:<36} {m.layer:<13} {span:<13} {m.text}{extra}")
    if result.candidates:
        lines.append("")
        lines.append("candidates (no feature matched):")
        lines.extend(f"  {c.cue} {c.text}  ({c.start}-{c.end})" for c in result.candidates)
    return "\n".join(lines) + "\n"
