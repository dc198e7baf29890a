"""Ingest review output: the CLI's JSON and table, and --add."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from geo.schema import FACTS, SOURCES
from tests.conftest import LAYERS
from tests.ingest_common import SCHEMA, ingest


def test_cli_reads_stdin_and_prints_a_table() -> None:
    result = ingest("-", "--format", "table", stdin="Xe qua cầu Hồ Kiều.\n")
    assert result.exit_code == 0, result.output
    assert "ho-kieu-bridge" in result.stdout
    assert "cầu Hồ Kiều" in result.stdout


def test_cli_json_of_a_short_text_validates_against_the_schema() -> None:
    text = "Hợp tác thành phố Lào Cai với huyện Hà Khẩu đạt hơn 3,5 tỷ USD năm 2021; tỉnh Hà Bắc.\n"
    result = ingest("-", stdin=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert doc["features"] == ["hekou", "lao-cai-city", "pair-lao-cai-city-hekou"]
    assert doc["candidates"][0]["text"] == "Hà Bắc"


def test_cli_names_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    result = ingest(str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = ingest(str(binary))
    assert result.exit_code == 1
    assert "binary.txt" in result.stderr


ARTICLE = (
    "Hà Giang mở cửa khẩu mới\n\n"
    "Năm 2023, hợp tác giữa tỉnh Hà Giang và tỉnh Vân Nam đạt 1,2 tỷ USD qua cửa khẩu Thanh Thủy.\n"
    "Huyện Mèo Vạc có 12 dự án.\n"
    "Ý kiến bạn đọc\n"
    "Lào Cai đạt 9 tỷ USD.\n"
)


NEW_FILE = "005_0123456789abcdef.txt"


@pytest.fixture
def layers_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "layers"
    shutil.copytree(LAYERS, dst, ignore=shutil.ignore_patterns("review"))
    return dst


def test_add_writes_a_source_row_and_a_review_file_and_leaves_facts_alone(
    layers_copy: Path, tmp_path: Path
) -> None:
    article = tmp_path / NEW_FILE
    article.write_text(ARTICLE, encoding="utf-8")
    facts_before = (layers_copy / "facts.csv").read_bytes()
    sources_before = (layers_copy / "sources.csv").read_text(encoding="utf-8")
    args = [str(article), "--layers", str(layers_copy), "--add", "--outlet", "Báo Thử"]
    result = ingest(*args, "--date", "2023-05-02")
    assert result.exit_code == 0, result.output
    assert (layers_copy / "facts.csv").read_bytes() == facts_before

    with (layers_copy / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"] for r in rows] == sorted(r["file"] for r in rows)
    assert tuple(rows[0]) == SOURCES.column_names
    (row,) = [r for r in rows if r["file"] == NEW_FILE]
    assert row == {
        "file": NEW_FILE,
        "title": "Hà Giang mở cửa khẩu mới",
        "outlet": "Báo Thử",
        "author": "",
        "date": "2023-05-02",
        "year": "2023",
        "url": "",
        "note": "",
    }
    # The rows that were there are untouched, byte for byte (005 sorts last).
    assert (layers_copy / "sources.csv").read_text(encoding="utf-8").startswith(sources_before)

    review = layers_copy / "review" / "005_0123456789abcdef.csv"
    with review.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == (*FACTS.column_names, "article_sentence")
        facts = list(reader)
    assert [(f["features"], f["value"], f["unit"], f["year"], f["paragraph"]) for f in facts] == [
        ("ha-giang-province;pair-ha-giang-yunnan;thanh-thuy-gate;yunnan-province",
         "1.2", "billion USD", "2023", "2"),
        ("meo-vac", "12", "projects", "", "3"),
    ]  # fmt: skip
    assert all(f["source"] == NEW_FILE for f in facts)
    # Statements are the project's to write; the article's sentence sits beside them.
    assert all(f["statement_vi"] == f["statement_en"] == "" for f in facts)
    assert all(f["article_sentence"] for f in facts)
    assert "9 tỷ USD" not in review.read_text(encoding="utf-8")  # the sidebar's


def test_add_refuses_a_duplicate_source(layers_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "000_207404e02f1e99b1.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = (layers_copy / "sources.csv").read_bytes()
    result = ingest(str(article), "--layers", str(layers_copy), "--add")
    assert result.exit_code == 1
    assert "000_207404e02f1e99b1.txt is already in" in result.stderr
    assert (layers_copy / "sources.csv").read_bytes() == before
    assert not (layers_copy / "review").exists()


@pytest.mark.parametrize(
    ("fname", "extra", "message"),
    [
        ("article.txt", [], "must look like 000_0123456789abcdef.txt"),
        (NEW_FILE, ["--date", "14/10/2021"], "is not YYYY-MM-DD or YYYY"),
    ],
    ids=["file name", "date"],
)
def test_add_refuses_what_geo_check_would_reject(
    layers_copy: Path, tmp_path: Path, fname: str, extra: list[str], message: str
) -> None:
    article = tmp_path / fname
    article.write_text(ARTICLE, encoding="utf-8")
    before = (layers_copy / "sources.csv").read_bytes()
    result = ingest(str(article), "--layers", str(layers_copy), "--add", *extra)
    assert result.exit_code == 1
    assert message in result.stderr
    assert (layers_copy / "sources.csv").read_bytes() == before


def test_add_needs_a_file_not_stdin() -> None:
    result = ingest("-", "--add", stdin="Lào Cai\n")
    assert result.exit_code == 2
    assert "--add needs an article file" in result.stderr
