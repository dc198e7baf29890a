"""
Ingest over an archive: many articles, on all cores or on a Dask cluster.

``geo ingest SOURCE`` reads an archive when SOURCE is a folder (every ``*.txt``,
``*.html``, ``*.htm`` file below it), a glob pattern (``"news/2021-*.html"``) or a JSON
Lines file (``*.jsonl``/``*.ndjson``), one article a line::

    {"id": "...", "url": "...", "date": "2021-05-18", "title": "...", "text": "..."}

with ``html`` instead of ``text`` for a page as captured; only ``text``/``html`` is
required. Each article is read as ``geo ingest`` reads one (``geo.ingest.find_mentions``)
and gives one line of JSON Lines (``docs/ingest.schema.json#/$defs/archive_line``); a
bad article (not UTF-8, binary, too large, not JSON, no text) is skipped with a
one-line error naming it. The summary (``#/$defs/archive_summary``) counts, for every
feature, the articles and mentions per year of the articles' dates.

Work is cut into batches. By default the batches run on all cores of this machine
(``concurrent.futures.ProcessPoolExecutor``), each worker process building the
gazetteer once. With a Dask scheduler address (``tcp://host:8786``), or ``local`` for a
``distributed.LocalCluster`` on this machine, the batches run on the cluster: the
gazetteer is built once here and sent once to every worker (``Client.scatter`` with
``broadcast``). Output keeps the input's order. Little crosses between processes: a
worker on this machine gets a file's path or a JSON line's byte offset and reads the
article itself, and sends back the output line as JSON text with the few counts the
summary needs (the JSON lines of a batch are read in one go); a cluster's workers get
each JSON line's text (they may not see the file), and files of a folder or glob must
be on a filesystem they share.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from geo.ingest import Gazetteer, build_gazetteer, find_mentions
from geo.load import read_dataset

#: Largest article read, as for a single article.
MAX_ARTICLE_BYTES: Final = 10 * 1024 * 1024
ARTICLE_SUFFIXES: Final = (".txt", ".html", ".htm")
JSONL_SUFFIXES: Final = (".jsonl", ".ndjson")
_GLOB_CHARS: Final = re.compile(r"[*?\[]")
_YEAR_RE: Final = re.compile(r"(1[89]\d{2}|20\d{2})")


class ArchiveError(ValueError):
    """The archive itself cannot be read (no such folder, no article matched)."""


@dataclass(frozen=True)
class Item:
    """One article to read: a file, or one line of a JSON Lines file."""

    source: str  # file path
    line: int | None = None  # 1-based line of a JSON Lines file
    raw: str | None = None  # the line's text, sent along (for a cluster)
    offset: int = -1  # or where the line starts in the file, read by the worker
    size: int = 0

    @property
    def name(self) -> str:
        return self.source if self.line is None else f"{self.source}:{self.line}"


def is_archive(source: str) -> bool:
    """Whether ``source`` names an archive (folder, glob, JSON Lines) and not one article."""
    if source == "-":
        return False
    path = Path(source)
    return (
        path.is_dir()
        or path.suffix.lower() in JSONL_SUFFIXES
        or (not path.exists() and bool(_GLOB_CHARS.search(source)))
    )


def _files(source: str) -> list[Path]:
    path = Path(source)
    if path.is_dir():
        found = [
            p
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
        ]
    else:
        # glob.glob, not Path.glob: the pattern may be absolute ("/data/news/*.html").
        matched = glob.glob(source, recursive=True)  # noqa: PTH207
        found = [Path(p) for p in sorted(matched) if Path(p).is_file()]
    if not found:
        msg = f"{source}: no article file ({', '.join(ARTICLE_SUFFIXES)}) found"
        raise ArchiveError(msg)
    return found


def items(source: str, *, inline: bool = True) -> tuple[int, Iterator[Item]]:
    """
    The articles of an archive, and how many there are (for the progress bar).

    With ``inline`` false, a JSON Lines article is passed as its byte offset and
    size, for a worker on this machine to read; with it true, as its text (a cluster's
    workers may not see the file). Files of a folder or glob are read by the worker.

    Raises
    ------
    ArchiveError
        If the folder or JSON Lines file does not exist or the glob matches nothing.
    """
    path = Path(source)
    if path.suffix.lower() in JSONL_SUFFIXES and not path.is_dir():
        if not path.is_file():
            msg = f"{source}: no such file"
            raise ArchiveError(msg)
        with path.open("rb") as fh:
            count = sum(1 for line in fh if line.strip())

        def lines() -> Iterator[Item]:
            offset = 0
            with path.open("rb") as fh:
                for number, raw in enumerate(fh, start=1):
                    if raw.strip():
                        if inline:
                            yield Item(source, number, raw.decode("utf-8", errors="replace"))
                        else:
                            yield Item(source, number, None, offset, len(raw))
                    offset += len(raw)

        return count, lines()
    files = _files(source)
    return len(files), (Item(str(p)) for p in files)


def _read_file(path: str) -> str:
    p = Path(path)
    with p.open("rb") as fh:
        raw = fh.read(MAX_ARTICLE_BYTES + 1)
    if len(raw) > MAX_ARTICLE_BYTES:
        msg = f"larger than {MAX_ARTICLE_BYTES // 2**20} MB"
        raise ValueError(msg)
    if b"\x00" in raw:
        msg = "a binary file, not text"
        raise ValueError(msg)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text (invalid byte at offset {exc.start})"
        raise ValueError(msg) from None


def _line_text(item: Item) -> str:
    if item.raw is not None:
        return item.raw
    with Path(item.source).open("rb") as fh:
        fh.seek(item.offset)
        return fh.read(item.size).decode("utf-8", errors="replace")


def _record(item: Item) -> dict[str, Any]:
    """The article's fields: id, url, date, title and its text (or HTML)."""
    if item.line is None:
        return {"id": item.source, "url": None, "date": None, "title": None,
                "text": _read_file(item.source)}  # fmt: skip
    raw = _line_text(item)
    if "\ufffd" in raw:
        msg = "not UTF-8 text"
        raise ValueError(msg)
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        msg = f"not a JSON object ({exc.msg} at column {exc.colno})"
        raise ValueError(msg) from None
    if not isinstance(doc, dict):
        msg = "not a JSON object"
        raise ValueError(msg)
    body = doc.get("text", doc.get("html"))
    if not isinstance(body, str) or not body.strip():
        msg = 'no "text" or "html" string'
        raise ValueError(msg)
    # UTF-8 takes at most 4 bytes a character: most articles need no encoding to tell.
    if len(body) * 4 > MAX_ARTICLE_BYTES and len(body.encode("utf-8")) > MAX_ARTICLE_BYTES:
        msg = f"larger than {MAX_ARTICLE_BYTES // 2**20} MB"
        raise ValueError(msg)
    out: dict[str, Any] = {"text": body}
    for key in ("id", "url", "date", "title"):
        value = doc.get(key)
        if value is not None and not isinstance(value, str | int):
            msg = f'"{key}" must be a string'
            raise ValueError(msg)
        out[key] = None if value is None else str(value)
    if out["id"] is None:
        out["id"] = item.name
    return out


def year_of(date: str | None) -> str | None:
    """The year of an article's date ("2021-05-18", "18/5/2021", "2021"), or None."""
    if not date:
        return None
    m = _YEAR_RE.search(date)
    return m.group(1) if m else None


@dataclass(frozen=True)
class Done:
    """One article read: its output line as JSON text, and what the summary counts."""

    line: str
    year: str | None
    counts: tuple[tuple[str, str, int], ...]  # (feature, layer, mentions)


def ingest_item(item: Item, gazetteer: Gazetteer) -> Done | str:
    """One article's output line and counts, or the one-line error that skips it."""
    try:
        record = _record(item)
        result = find_mentions(record["text"], gazetteer=gazetteer)
    except (OSError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"{item.name}: {reason}"
    # The mentions as ``result.to_dict`` gives them, without their sentences (which
    # the archive line leaves out), so they are not made only to be dropped.
    line = {
        "id": record["id"],
        "url": record["url"],
        "date": record["date"],
        "year": year_of(record["date"]),
        "title": record["title"],
        "language": result.language,
        "features": result.feature_ids(),
        "mentions": [
            {
                "feature": m.feature,
                "layer": m.layer,
                "text": m.text,
                "span": [m.start, m.end],
                "within": m.within,
                "figures": [f.to_dict() for f in m.figures],
            }
            for m in result.mentions
        ],
        "candidates": [c.text for c in result.candidates],
    }
    per_feature = Counter(m.feature for m in result.mentions)
    layers = {m.feature: m.layer for m in result.mentions}
    counts = tuple((fid, layers[fid], n) for fid, n in sorted(per_feature.items()))
    return Done(json.dumps(line, ensure_ascii=False), line["year"], counts)


Outcome = list[Done | str]


def ingest_batch(batch: list[Item], gazetteer: Gazetteer) -> Outcome:
    """Every article of a batch, in order."""
    return [ingest_item(item, gazetteer) for item in _read_lines(batch)]


#: Most bytes a batch's JSON Lines are read in one go (more: each line on its own).
_BATCH_READ_BYTES: Final = 4 * MAX_ARTICLE_BYTES


def _read_lines(batch: list[Item]) -> list[Item]:
    """
    The batch with the text of its JSON Lines items to be read in place: the lines of
    one file read at once (one open and one read, not one each). A file that cannot be
    read so, or whose lines are no longer all there, is left to each item, which then
    says why.
    """
    by_source: dict[str, list[int]] = {}
    for k, item in enumerate(batch):
        if item.raw is None and item.line is not None:
            by_source.setdefault(item.source, []).append(k)
    if not by_source:
        return batch
    out = list(batch)
    for source, ks in by_source.items():
        lo = min(batch[k].offset for k in ks)
        hi = max(batch[k].offset + batch[k].size for k in ks)
        if hi - lo > _BATCH_READ_BYTES:
            continue
        try:
            with Path(source).open("rb") as fh:
                fh.seek(lo)
                chunk = fh.read(hi - lo)
        except OSError:
            continue
        for k in ks:
            item = batch[k]
            raw = chunk[item.offset - lo : item.offset - lo + item.size]
            if len(raw) == item.size:
                out[k] = replace(item, raw=raw.decode("utf-8", errors="replace"))
    return out


# --- process pool: the gazetteer is built once in each worker process ------------

_WORKER_GAZETTEER: Gazetteer | None = None


def _init_worker(layers_dir: str) -> None:
    global _WORKER_GAZETTEER  # noqa: PLW0603 - one gazetteer per worker process
    _WORKER_GAZETTEER = build_gazetteer(read_dataset(Path(layers_dir)))


def _pool_batch(batch: list[Item]) -> Outcome:
    if _WORKER_GAZETTEER is None:  # pragma: no cover - the initializer always ran
        msg = "worker started without its gazetteer"
        raise RuntimeError(msg)
    return ingest_batch(batch, _WORKER_GAZETTEER)


def _batches(stream: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in stream:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass
class Summary:
    """Per-feature counts over an archive: articles and mentions per year."""

    articles: int = 0
    skipped: int = 0
    features: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, done: Done) -> None:
        """Count one article."""
        self.articles += 1
        year = done.year or "unknown"
        for fid, layer, count in done.counts:
            entry = self.features.setdefault(
                fid, {"layer": layer, "articles": 0, "mentions": 0, "per_year": {}}
            )
            entry["articles"] += 1
            entry["mentions"] += count
            years = entry["per_year"].setdefault(year, {"articles": 0, "mentions": 0})
            years["articles"] += 1
            years["mentions"] += count

    def to_dict(self) -> dict[str, Any]:
        """The summary as written (``#/$defs/archive_summary``), keys sorted."""
        features = {
            fid: {**entry, "per_year": dict(sorted(entry["per_year"].items()))}
            for fid, entry in sorted(self.features.items())
        }
        return {"articles": self.articles, "skipped": self.skipped, "features": features}


def run(
    *,
    stream: Iterable[Item],
    layers_dir: Path,
    jobs: int,
    scheduler: str | None,
    on_line: Callable[[str], None],
    on_error: Callable[[str], None],
    on_progress: Callable[[int], None],
    batch_size: int = 32,
) -> Summary:
    """
    Ingest every article of ``stream``; report each line, error and batch as they come.

    Parameters
    ----------
    stream
        The articles, from ``items``.
    layers_dir
        Folder of the layers the gazetteer is built from.
    jobs
        Worker processes on this machine (1: no pool, in this process).
    scheduler
        Address of a Dask scheduler, ``"local"`` for a ``LocalCluster`` here, or None
        for this machine's cores.
    on_line, on_error, on_progress
        Called with each output line, each one-line error, and the number of articles
        done after each batch.
    batch_size
        Articles a task.

    Returns
    -------
    Summary
        Counts per feature and year.
    """
    summary = Summary()

    def take(outcome: Outcome) -> None:
        for done in outcome:
            if isinstance(done, Done):
                summary.add(done)
                on_line(done.line)
            else:
                summary.skipped += 1
                on_error(done)
        on_progress(len(outcome))

    batches = _batches(stream, batch_size)
    if scheduler is not None:
        _run_dask(batches, layers_dir, scheduler, take)
    elif jobs <= 1:
        gazetteer = build_gazetteer(read_dataset(layers_dir))
        for batch in batches:
            take(ingest_batch(batch, gazetteer))
    else:
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(str(layers_dir),)
        ) as pool:
            pending: deque[Future[Outcome]] = deque()
            for batch in batches:
                pending.append(pool.submit(_pool_batch, batch))
                if len(pending) >= 4 * jobs:
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
    return summary


def _run_dask(
    batches: Iterable[list[Item]],
    layers_dir: Path,
    scheduler: str,
    take: Callable[[Outcome], None],
) -> None:
    try:
        from distributed import Client, LocalCluster  # noqa: PLC0415 - optional engine
    except ImportError:
        msg = "--scheduler needs Dask: pip install 'border-atlas[cluster]'"
        raise ArchiveError(msg) from None
    gazetteer = build_gazetteer(read_dataset(layers_dir))
    # A local cluster listens on loopback only: nothing outside this machine can join it,
    # and Dask need not look for a routable address (there may be none).
    local = scheduler == "local"
    cluster = LocalCluster(host="127.0.0.1", dashboard_address=None) if local else None
    try:
        with Client(cluster if cluster is not None else scheduler) as client:
            shared = client.scatter(gazetteer, broadcast=True)
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            pending: deque[Any] = deque()
            for batch in batches:
                pending.append(client.submit(ingest_batch, batch, shared, pure=False))
                if len(pending) >= 4 * workers:
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
    finally:
        if cluster is not None:
            cluster.close()
