"""
Compare the answers of two versions of ``geo ingest``: they must be identical.

Runs ``find_mentions`` of the ``geo`` package in ``--old`` (a folder holding another
version's ``geo``, such as ``git archive main geo | tar -x -C OLD``) and of this
checkout, each in its own process, on the same texts, and lists every text whose
answer (``IngestResult.to_dict``) differs. The texts: the cached pages of the ingest
evaluation (``../ingest-eval-cache``, outside the repository; left out when absent),
the benchmark's articles (dense and sparse), the texts of the ingest tests' tables,
and variants of each made to reach the rules' edges: decomposed (NFD), upper case,
lower case, without diacritics, sentences cut into lines, lines joined, wrapped in
HTML. A speed change must give no difference at all.

    python scripts/diff_ingest.py --old OLD [--cache DIR] [--n 200]

Exits with status 1 when any answer differs (the first few are printed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT.parent / "ingest-eval-cache"

#: Run in a fresh process with the ``geo`` package of the folder given first: reads the
#: texts (JSON list) and writes one answer a line.
_ANSWERS = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import geo
assert geo.__file__.startswith(sys.argv[1]), geo.__file__
from geo.ingest import build_gazetteer, find_mentions
from geo.load import read_dataset
from pathlib import Path
gaz = build_gazetteer(read_dataset(Path(sys.argv[2])))
texts = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
with open(sys.argv[4], "w", encoding="utf-8") as out:
    for text in texts:
        result = find_mentions(text, gazetteer=gaz)
        answer = result.to_dict(article="a")
        # Every field, the figures' exact types too (1 and 1.0 print alike in JSON).
        answer["repr"] = hashlib.sha256(repr(result).encode()).hexdigest()
        out.write(json.dumps(answer, ensure_ascii=False, sort_keys=True, default=str) + "\\n")
"""


def _strip_marks(text: str) -> str:
    return (
        "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        .replace("đ", "d")
        .replace("Đ", "D")
    )


def variants(text: str, rng: random.Random) -> list[str]:
    """The text and variants of it that reach the rules' edges."""
    out = [text, unicodedata.normalize("NFD", text), text.upper(), text.lower()]
    out.append(_strip_marks(text))
    out.append(text.replace(". ", ".\n").replace("。", "。\n"))
    lines = text.split("\n")
    out.append(" ".join(lines[: len(lines) // 2]) + "\n" + "\n".join(lines[len(lines) // 2 :]))
    shuffled = lines[:]
    rng.shuffle(shuffled)
    out.append("\n".join(shuffled))
    body = "".join(f"<p>{line}</p>\n" for line in lines)
    out.append(f"<html><body><article>{body}</article></body></html>")
    return out


def texts(*, cache: Path, n: int) -> list[str]:
    """Every text compared (see the module's docstring)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))
    import bench_ingest as bench  # noqa: PLC0415 - a script beside this one

    from tests import test_ingest_lines  # noqa: PLC0415 - the tests' tables

    rng = random.Random(10)  # noqa: S311 - a repeatable mix, not a secret
    base = list(test_ingest_lines.TEXTS)
    if cache.is_dir():
        base += [p.read_text(encoding="utf-8") for p in sorted(cache.glob("*.txt"))]
    out = [v for text in base for v in variants(text, rng)]
    out += bench.articles(False, bench.ARTICLES, n)[0]
    out += bench.articles(True, bench.ARTICLES, n)[0]
    return out


def answers(root: Path, corpus: Path, tmp: Path, label: str) -> list[str]:
    """The answers of the ``geo`` package in ``root``, one JSON line a text."""
    path = tmp / f"{label}.jsonl"
    layers = ROOT / "layers"
    subprocess.run(
        [sys.executable, "-c", _ANSWERS, str(root), str(layers), str(corpus), str(path)],
        check=True,
    )
    return path.read_text(encoding="utf-8").splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--old", type=Path, required=True, help="folder of another version's geo")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of the eval pages")
    parser.add_argument("--n", type=int, default=200, help="benchmark articles of each kind")
    args = parser.parse_args()
    corpus_texts = texts(cache=args.cache, n=args.n)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        corpus = tmp / "texts.json"
        corpus.write_text(json.dumps(corpus_texts, ensure_ascii=False), encoding="utf-8")
        old = answers(args.old.resolve(), corpus, tmp, "old")
        new = answers(ROOT, corpus, tmp, "new")
    differ = [k for k, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    digest = hashlib.sha256("\n".join(new).encode()).hexdigest()[:16]
    mentions = sum(len(json.loads(line)["mentions"]) for line in new)
    print(f"{len(corpus_texts)} texts, {mentions} mentions; answers {digest}")
    for k in differ[:5]:
        print(f"--- text {k} differs: {corpus_texts[k][:200]!r}")
        print(f"old: {old[k][:1500]}")
        print(f"new: {new[k][:1500]}")
    print(f"{len(differ)} of {len(corpus_texts)} answers differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
