"""Shared by the ingest tests: the gazetteer, the schema, helpers."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from click.testing import CliRunner, Result

from geo.cli import cli
from geo.ingest import (
    Gazetteer,
    build_gazetteer,
    find_mentions,
)
from geo.load import read_dataset
from tests.conftest import LAYERS, ROOT

GAZ: Gazetteer = build_gazetteer(read_dataset(LAYERS))


SCHEMA = json.loads((ROOT / "docs" / "ingest.schema.json").read_text(encoding="utf-8"))


CORRIDOR = {
    "kunming-quang-ninh-corridor",
    "kunming",
    "lao-cai-city",
    "hanoi",
    "haiphong",
    "quang-ninh-province",
}


def ids(text: str) -> set[str]:
    return set(find_mentions(text, gazetteer=GAZ).feature_ids())


def no_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ingest(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["ingest", *args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def read_article(articles: Path, name: str) -> str:
    return (articles / name).read_text(encoding="utf-8")
