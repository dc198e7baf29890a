"""geo ingest over an archive: folders, globs, JSON Lines; all cores; a Dask cluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from geo.cli import cli
from geo.ingest import build_gazetteer
from geo.ingest.archive import Item, ingest_batch, is_archive, items, run, year_of
from geo.load import read_dataset
from tests.conftest import LAYERS, ROOT, need

SCHEMA = json.loads((ROOT / "docs" / "ingest.schema.json").read_text(encoding="utf-8"))
LINE_SCHEMA = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/archive_line"}
SUMMARY_SCHEMA = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/archive_summary"}

ARTICLES = {
    "a.txt": "Hàng qua cửa khẩu quốc tế Thanh Thủy tăng mạnh.\n",
    "b.html": "<html><body><p>Trucks crossed the Kim Thanh border gate.</p></body></html>",
    "sub/c.txt": "老街省与云南省加强合作。\n",
}
RECORDS = [
    {"id": "n1", "url": "https://example.org/1", "date": "2019-03-02", "title": "One",
     "text": "Lào Cai đón khách. Lào Cai đón hàng."},
    {"id": "n2", "date": "2021-05-18", "html": "<p>The Lao Cai International Border Gate.</p>"},
    {"id": "n3", "date": "18/5/2021", "text": "Lào Cai và Hà Giang."},
    {"id": "n4", "text": "Hà Giang có nhiều cửa khẩu."},
]  # fmt: skip


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["ingest", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "notes.csv").write_text("not an article", encoding="utf-8")
    return root


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(2, "{not json")
    lines.insert(3, json.dumps({"id": "empty", "text": ""}))
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def test_folder_glob_and_jsonl_are_archives(folder: Path, jsonl: Path) -> None:
    assert is_archive(str(folder))
    assert is_archive(str(jsonl))
    assert is_archive(str(folder / "*.txt"))
    assert not is_archive(str(folder / "a.txt"))
    assert not is_archive("-")


def test_a_folder_gives_one_line_per_article_file(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke(str(folder), "--output", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = lines_of(out)
    assert [Path(line["id"]).name for line in lines] == ["a.txt", "b.html", "c.txt"]
    assert [line["features"] for line in lines] == [
        ["thanh-thuy-gate"],
        ["kim-thanh-gate"],
        ["lao-cai-province", "pair-lao-cai-yunnan", "yunnan-province"],
    ]
    assert [line["language"] for line in lines] == ["vi", "en", "zh"]
    for line in lines:
        jsonschema.validate(line, LINE_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert "3 article(s) read, 0 skipped" in result.stderr


def test_a_glob_selects_the_files(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke(str(folder / "**" / "*.txt"), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(Path(line["id"]).name for line in lines_of(out)) == ["a.txt", "c.txt"]


def test_jsonl_bad_lines_are_skipped_with_one_line_each(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke(str(jsonl), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    lines = lines_of(out)
    assert [line["id"] for line in lines] == ["n1", "n2", "n3", "n4"]
    assert [line["year"] for line in lines] == ["2019", "2021", "2021", None]
    assert lines[0]["url"] == "https://example.org/1"
    assert lines[1]["features"] == ["lao-cai-gate"]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert skipped == [
        f"skipped {jsonl}:3: not a JSON object (Expecting property name enclosed in double "
        "quotes at column 2)",
        f'skipped {jsonl}:4: no "text" or "html" string',
    ]
    assert "4 article(s) read, 2 skipped" in result.stderr


def test_summary_counts_articles_and_mentions_per_year(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert invoke(str(jsonl), "-o", str(out), "-j", "1").exit_code == 0
    summary = json.loads((tmp_path / "out.jsonl.summary.json").read_text(encoding="utf-8"))
    jsonschema.validate(summary, SUMMARY_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert (summary["articles"], summary["skipped"]) == (4, 2)
    lao_cai = summary["features"]["lao-cai-province"]
    assert lao_cai["per_year"] == {
        "2019": {"articles": 1, "mentions": 2},
        "2021": {"articles": 1, "mentions": 1},
    }
    assert (lao_cai["articles"], lao_cai["mentions"]) == (2, 3)
    assert summary["features"]["ha-giang-province"]["per_year"] == {
        "2021": {"articles": 1, "mentions": 1},
        "unknown": {"articles": 1, "mentions": 1},
    }


def test_bad_files_in_a_folder_are_skipped(folder: Path, tmp_path: Path) -> None:
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    (folder / "latin1.txt").write_bytes("Lào Cai".encode("latin-1", errors="replace") + b"\xe0")
    out = tmp_path / "out.jsonl"
    result = invoke(str(folder), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(lines_of(out)) == 3
    assert f"skipped {folder / 'binary.txt'}: a binary file, not text" in result.stderr
    assert f"skipped {folder / 'latin1.txt'}: not UTF-8 text" in result.stderr


def test_progress_bar_goes_to_stderr(folder: Path, tmp_path: Path) -> None:
    result = invoke(str(folder), "-j", "1", "--summary", str(tmp_path / "s.json"))
    assert result.exit_code == 0
    assert "Articles" in result.stderr
    assert "Articles" not in result.stdout
    assert len(result.stdout.splitlines()) == 3  # JSON Lines on stdout


def test_all_cores_give_the_same_lines_as_one(jsonl: Path, folder: Path, tmp_path: Path) -> None:
    for source in (jsonl, folder):
        one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
        assert invoke(str(source), "-o", str(one), "-j", "1").exit_code == 0
        assert invoke(str(source), "-o", str(many), "-j", "2").exit_code == 0
        assert one.read_text(encoding="utf-8") == many.read_text(encoding="utf-8")


def test_archive_errors_are_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(str(empty))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {empty}: no article file (.txt, .html, .htm) found"
    result = invoke(str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'missing.jsonl'}: no such file"
    result = invoke(str(empty), "--add")
    assert result.exit_code == 2
    assert "--add takes one article file" in result.output
    result = invoke(str(empty), "--format", "table")
    assert result.exit_code == 2
    assert "--format table is for one article" in result.output


def test_year_of_reads_common_date_forms() -> None:
    assert [year_of(d) for d in ("2021-05-18", "18/5/2021", "2021", "", None, "May")] == [
        "2021", "2021", "2021", None, None, None
    ]  # fmt: skip


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    try:
        import distributed  # noqa: PLC0415 - the optional engine
    except ImportError:
        need(False, "Dask (distributed) is not installed: pip install -e '.[cluster]'")
    cluster = distributed.LocalCluster(
        processes=False,
        n_workers=2,
        threads_per_worker=1,
        dashboard_address=None,
        protocol="tcp://",  # on loopback: inproc addresses need a routable IP
        host="127.0.0.1",
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_runs_on_a_dask_cluster(dask_cluster: str, jsonl: Path) -> None:
    count, stream = items(str(jsonl))
    lines: list[str] = []
    errors: list[str] = []
    done: list[int] = []
    summary = run(
        stream=stream,
        layers_dir=LAYERS,
        jobs=1,
        scheduler=dask_cluster,
        on_line=lines.append,
        on_error=errors.append,
        on_progress=done.append,
        batch_size=2,
    )
    assert count == 6
    assert sum(done) == 6
    assert [json.loads(line)["id"] for line in lines] == ["n1", "n2", "n3", "n4"]
    assert len(errors) == 2
    assert summary.to_dict()["features"]["lao-cai-province"]["mentions"] == 3


def test_cli_scheduler_option_uses_the_cluster(
    dask_cluster: str, folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dask.jsonl"
    local = tmp_path / "local.jsonl"
    assert invoke(str(folder), "-o", str(out), "--scheduler", dask_cluster).exit_code == 0
    assert invoke(str(folder), "-o", str(local), "-j", "1").exit_code == 0
    assert out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_a_worker_item_names_its_line() -> None:
    assert Item("news.jsonl", 7, "{}").name == "news.jsonl:7"
    assert Item("a.txt").name == "a.txt"


def test_jsonl_lines_read_in_place_or_sent_along_give_the_same_output(jsonl: Path) -> None:
    outputs = []
    for inline in (True, False):
        count, stream = items(str(jsonl), inline=inline)
        batch = list(stream)
        assert count == len(batch) == 6
        assert all((item.raw is not None) == inline for item in batch)
        lines: list[str] = []
        errors: list[str] = []
        run(
            stream=batch,
            layers_dir=LAYERS,
            jobs=1,
            scheduler=None,
            on_line=lines.append,
            on_error=errors.append,
            on_progress=lambda _n: None,
        )
        outputs.append((lines, errors))
    assert outputs[0] == outputs[1]


def test_a_batch_reads_its_lines_at_once_and_each_line_says_why_it_cannot_be_read(
    jsonl: Path,
) -> None:
    gazetteer = build_gazetteer(read_dataset(LAYERS))
    batch = list(items(str(jsonl), inline=False)[1])
    inline = list(items(str(jsonl), inline=True)[1])
    assert ingest_batch(batch, gazetteer) == ingest_batch(inline, gazetteer)
    whole = jsonl.read_bytes()
    jsonl.write_bytes(whole[: batch[4].offset + 3])  # the last lines cut off
    cut = ingest_batch(batch, gazetteer)
    assert cut[:4] == ingest_batch(inline[:4], gazetteer)
    assert str(cut[4]).startswith(f"{jsonl}:{batch[4].line}: not a JSON object (")
    jsonl.unlink()
    gone = ingest_batch(batch, gazetteer)
    assert gone == [f"{item.name}: No such file or directory" for item in batch]
