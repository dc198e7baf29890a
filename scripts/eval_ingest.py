"""
Evaluate ``geo ingest`` on real pages: precision and recall per language and per layer.

The evaluation set is ``tests/data/ingest_eval/pages.json``: for each real page its
address, its language and the mapped features a person found it truly mentions (see
``tests/data/ingest_eval/README.md`` for the rules followed). The pages' text is not in
the repository; it is read from a cache folder kept outside it (default
``../ingest-eval-cache`` beside the working copy, or ``--cache``), one file a page as
named by ``cache_file``. A page whose file is missing or whose text differs from the
one annotated (``sha256``) is listed and left out of the figures; with no page at all
the script says so and exits with status 2.

Scores are per page and feature: a feature the page mentions and ingest reports is a
true positive, one ingest reports but the page does not mention a false positive, one
the page mentions but ingest misses a false negative.

    python scripts/eval_ingest.py [--cache DIR] [--details]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from geo.ingest import build_gazetteer, find_mentions
from geo.load import DEFAULT_LAYERS_DIR, read_dataset

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "tests" / "data" / "ingest_eval" / "pages.json"
CACHE = ROOT.parent / "ingest-eval-cache"
MAIN_LAYERS = ("border_gates", "localities", "partnerships")


def _ratio(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f}%" if den else "    –"


def _row(label: str, c: Counter[str]) -> str:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return (
        f"{label:<16} {tp:>4} {fp:>4} {fn:>4}  "
        f"precision {_ratio(tp, tp + fp)}  recall {_ratio(tp, tp + fn)}"
    )


def _print_by_language(counts: dict[str, Counter[str]]) -> None:
    """One row per language, then their sum."""
    total: Counter[str] = Counter()
    for lang, c in sorted(counts.items()):
        print(_row(f"  {lang}", c))
        total.update(c)
    print(_row("  all", total))


def main() -> int:
    """Run ingest over every cached page and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of the page texts")
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--details", action="store_true", help="list every error, per page")
    args = parser.parse_args()

    pages = json.loads(args.annotations.read_text(encoding="utf-8"))["pages"]
    data = read_dataset(DEFAULT_LAYERS_DIR)
    gazetteer = build_gazetteer(data)
    layer_of = {fid: info.layer for fid, info in gazetteer.features.items()}

    by_lang: dict[str, Counter[str]] = {}
    by_layer: dict[str, Counter[str]] = {}
    by_lang_main: dict[str, Counter[str]] = {}
    missing: list[str] = []
    used = 0
    for page in pages:
        path = args.cache / page["cache_file"]
        if not path.is_file():
            missing.append(f"{page['id']}: {path} is missing ({page['url']})")
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != page["sha256"]:
            missing.append(f"{page['id']}: {path} differs from the text annotated")
            continue
        used += 1
        result = find_mentions(raw.decode("utf-8"), gazetteer=gazetteer)
        found = set(result.feature_ids())
        truth = set(page["features"])
        errors = []
        for fid in found | truth:
            kind = "tp" if fid in found and fid in truth else "fp" if fid in found else "fn"
            layer = layer_of.get(fid, "?")
            by_lang.setdefault(page["lang"], Counter())[kind] += 1
            by_layer.setdefault(layer, Counter())[kind] += 1
            if layer in MAIN_LAYERS:
                by_lang_main.setdefault(page["lang"], Counter())[kind] += 1
            if kind != "tp":
                errors.append(f"{kind.upper()} {fid}")
        if args.details and errors:
            print(f"{page['id']} ({page['lang']}): {', '.join(sorted(errors))}")

    if missing:
        print(f"{len(missing)} page(s) left out:", file=sys.stderr)
        for line in missing:
            print(f"  {line}", file=sys.stderr)
    if not used:
        print(
            f"No page text found under {args.cache}: the evaluation needs the cached pages "
            "(see tests/data/ingest_eval/README.md).",
            file=sys.stderr,
        )
        return 2
    langs = Counter(p["lang"] for p in pages)
    per_lang = ", ".join(f"{k} {v}" for k, v in sorted(langs.items()))
    print(f"{used} of {len(pages)} pages ({per_lang})")
    print(f"{'':<16} {'TP':>4} {'FP':>4} {'FN':>4}")
    print("by language, all layers")
    _print_by_language(by_lang)
    print("by language, gates + localities + partnerships")
    _print_by_language(by_lang_main)
    print("by layer, all languages")
    for layer, c in sorted(by_layer.items()):
        print(_row(f"  {layer}", c))
    return 0


if __name__ == "__main__":
    sys.exit(main())
