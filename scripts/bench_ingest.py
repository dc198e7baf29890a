"""
Benchmark ``geo ingest``: articles a second on one core and on all cores.

Builds ``--n`` articles (default 1,000): from the five source articles in
``../shared/articles`` when they are there (each one the body of one article, the
paragraphs of another and the sidebar of a third), otherwise from synthetic text
built of the layers' names. Measures:

- one core: ``find_mentions`` in this process, article after article;
- all cores: ``geo ingest`` archive mode (``geo.ingest.archive.run``) over the same
  articles written as a JSON Lines file in a temporary folder, with ``--jobs`` worker
  processes (default: every core this process may use), JSON parsing and output
  lines included;

and prints articles per second for each (wall clock, and per CPU-second of this
process and its workers: what a core gives when it is not shared); then a scaling
table: archive mode on 1, 2, … ``--jobs`` workers, with the speed-up over one worker
and the load average after each run (other jobs on a shared machine take cores away);
and the time 100,000 such articles would take at the all-cores rate, and in CPU time
(which the machine's load changes least) on that many free cores.

    python3 scripts/bench_ingest.py [--articles DIR] [--n 1000] [--jobs N] [--sparse]
    python3 scripts/bench_ingest.py --compare-with OLD [--rounds 5] [--n 300] [--sparse]

``--sparse`` measures synthetic 10,000-character articles with about ten names each
(ordinary news) instead of the source articles, which name a place in almost every
sentence (about 46 mentions each).

``--compare-with OLD`` (a folder holding another version's ``geo`` package, such as
``git worktree add OLD main`` or ``git archive main geo | tar -x -C OLD``) measures only
one core: the same articles and layers, read by the other version and by this one in
turn, each in a fresh process, ``--rounds`` times, so that both meet the same load on a
shared machine; it prints articles per CPU-second of each round, the medians and the
load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.ingest import build_gazetteer, find_mentions
from geo.ingest.archive import default_jobs, items, run
from geo.load import DEFAULT_LAYERS_DIR, read_dataset

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "articles"


def from_articles(folder: Path, n: int, rng: random.Random) -> list[str]:
    """``n`` articles mixed from the paragraphs of the real ones."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9][0-9][0-9]_*.txt"))]
    out = []
    for k in range(n):
        a, b = texts[k % len(texts)], rng.choice(texts)
        body = a.split("\n")
        extra = [line for line in b.split("\n") if line.strip()]
        rng.shuffle(extra)
        out.append("\n".join(body[:2] + extra[: len(extra) // 3] + body[2:]))
    return out


def synthetic(n: int, rng: random.Random, *, every: int = 1) -> list[str]:
    """
    ``n`` articles of about 10,000 characters in paragraphs of five sentences, built
    from the layers' names: a name in one sentence of ``every`` (1: in each, denser
    than any news; 15: about ten names an article, as in ordinary news).
    """
    data = read_dataset(DEFAULT_LAYERS_DIR)
    names = [
        str(feat["properties"]["name_vi"])
        for layer, feat in data.all_features()
        if not layer.context
    ]
    filler = ["hợp tác", "phát triển", "kinh tế", "xã hội", "biên giới", "đạt", "2,32 tỷ USD"]
    filler += ["năm 2022", "với", "các", "tỉnh", "và", "trong", "giai đoạn"]
    out = []
    for _ in range(n):
        sentences: list[str] = []
        while sum(len(s) for s in sentences) < 10_000:
            words = rng.sample(filler, 8)
            if len(sentences) % every == 0:
                words.insert(rng.randrange(len(words)), rng.choice(names))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs = [" ".join(sentences[k : k + 5]) for k in range(0, len(sentences), 5)]
        out.append("\n".join(paragraphs) + "\nTin Liên Quan\n" + rng.choice(names) + "\n")
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def all_cores(texts: list[str], jobs: int) -> tuple[float, float, int]:
    """
    Wall seconds, CPU seconds (this process and its workers) and mentions for the
    archive run of ``texts`` on ``jobs`` processes.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k, text in enumerate(texts):
                fh.write(json.dumps({"id": str(k), "text": text}, ensure_ascii=False) + "\n")
        _count, stream = items(str(path), inline=False)
        start, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        summary = run(
            stream=stream,
            layers_dir=DEFAULT_LAYERS_DIR,
            jobs=jobs,
            scheduler=None,
            on_line=lambda _line: None,
            on_error=print,
            on_progress=lambda _n: None,
        )
        took = time.perf_counter() - start
        used = time.process_time() + _children_cpu() - cpu
        return took, used, sum(f["mentions"] for f in summary.to_dict()["features"].values())


#: One core in a fresh process, with the ``geo`` package of the folder given first: the
#: articles are made by this script from this checkout's layers, as in ``main``.
_ONE_CORE = """
import random, sys, time
sys.path.insert(0, sys.argv[1])
import geo
assert geo.__file__.startswith(sys.argv[1]), geo.__file__
from geo.ingest import build_gazetteer, find_mentions
from geo.load import read_dataset
sys.path.insert(1, sys.argv[2])
import bench_ingest as bench
from pathlib import Path
gaz = build_gazetteer(read_dataset(Path(sys.argv[3])))
texts = bench.articles(sys.argv[4] == "sparse", Path(sys.argv[5]), int(sys.argv[6]))[0]
for text in texts[:20]:
    find_mentions(text, gazetteer=gaz)
cpu = time.process_time()
for text in texts:
    find_mentions(text, gazetteer=gaz)
print(len(texts) / (time.process_time() - cpu))
"""


def articles(sparse: bool, folder: Path, n: int) -> tuple[list[str], str]:
    """The benchmark's ``n`` articles and what they are."""
    rng = random.Random(5)  # noqa: S311 - a repeatable mix, not a secret
    if sparse:
        return synthetic(n, rng, every=15), "synthetic, a name every 15 sentences"
    if folder.is_dir() and any(folder.glob("[0-9][0-9][0-9]_*.txt")):
        return from_articles(folder, n, rng), "mixed from the source articles"
    return synthetic(n, rng), "synthetic, from the layers' names"


def compare(*, old: Path, rounds: int, sparse: bool, folder: Path, n: int) -> None:
    """One core, the other version and this one in turn: articles per CPU-second."""
    rates: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(rounds):
        for label, root in (("old", old.resolve()), ("new", ROOT)):
            args = [str(root), str(ROOT / "scripts"), str(DEFAULT_LAYERS_DIR)]
            args += ["sparse" if sparse else "dense", str(folder), str(n)]
            done = subprocess.run(
                [sys.executable, "-c", _ONE_CORE, *args],
                capture_output=True,
                text=True,
                check=True,
            )
            rates[label].append(float(done.stdout.split()[-1]))
            print(f"{label}: {rates[label][-1]:,.0f} articles per CPU-second; load {_load()}")
    old_rate, new_rate = (sorted(rates[k])[rounds // 2] for k in ("old", "new"))
    print(
        f"median of {rounds}: {old} {old_rate:,.0f}, this checkout {new_rate:,.0f} articles "
        f"per CPU-second ({new_rate / old_rate - 1:+.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument(
        "--sparse",
        action="store_true",
        help="synthetic 10,000-character articles with a name in one sentence of 15",
    )
    parser.add_argument("--compare-with", type=Path, help="folder of another version's geo")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.compare_with is not None:
        compare(
            old=args.compare_with,
            rounds=args.rounds,
            sparse=args.sparse,
            folder=args.articles,
            n=args.n,
        )
        return
    texts, kind = articles(args.sparse, args.articles, args.n)
    gazetteer = build_gazetteer(read_dataset(DEFAULT_LAYERS_DIR))
    chars = sum(map(len, texts))
    start, cpu = time.perf_counter(), time.process_time()
    mentions = sum(len(find_mentions(t, gazetteer=gazetteer).mentions) for t in texts)
    one, one_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{len(texts)} articles ({kind}), {chars / len(texts):,.0f} characters on average")
    print(
        f"one core: {mentions} mentions in {one:.2f} s: {len(texts) / one:,.0f} articles/s "
        f"({len(texts) / one_cpu:,.0f} per CPU-second)"
    )
    # Scaling: archive mode on 1, 2, … up to --jobs worker processes, each run on
    # the same articles, with the load average around it (other jobs on the
    # machine take cores away: a speed-up below the worker count then says so).
    print(f"load average before: {_load()}")
    print(
        "workers (1: no pool, in this process) | wall s | articles/s | per worker "
        "| per CPU-second | speed-up | load after"
    )
    first = 0.0
    rate = 0.0
    many_cpu = 0.0
    for workers in range(1, args.jobs + 1):
        many, many_cpu, mentions_many = all_cores(texts, workers)
        if mentions_many != mentions:
            print(f"warning: {mentions_many} mentions in archive mode, {mentions} in-process")
        rate = len(texts) / many
        first = first or rate
        print(
            f"{workers:7d} | {many:6.2f} | {rate:10,.0f} | {rate / workers:10,.0f} | "
            f"{len(texts) / many_cpu:14,.0f} | {rate / first:7.2f}x | {_load()}"
        )
    print(
        f"100,000 such articles on {args.jobs} workers at that rate: "
        f"{100_000 / rate / 60:.1f} min (wall clock; "
        f"{os.cpu_count()} cores on this machine, shared with whatever else runs)"
    )
    # What the machine's load does not change: the CPU time an article takes.
    per_article = many_cpu / len(texts)
    print(
        f"100,000 such articles in CPU time: {100_000 * per_article / 60:.1f} CPU-minutes in "
        f"archive mode ({100_000 * one_cpu / len(texts) / 60:.1f} in one process), so "
        f"{100_000 * per_article / args.jobs / 60:.1f} min on {args.jobs} free cores"
    )


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


if __name__ == "__main__":
    main()
