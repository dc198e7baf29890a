"""
Bad input gets a clear error and loses nothing.

Every case of the corpus (``tests/data/bad/``, see ``tests/bad_corpus.py``): ``geo check``
prints exactly the expected lines — one per problem, naming file, feature and field, the
root cause only — and exits 1 with no traceback; ``geo build`` refuses it the same way and
leaves the last good site byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.build import build_site
from geo.cli import cli
from tests.bad_corpus import (
    BAD,
    CASES,
    EXPECTED,
    GENERATED,
    MARKUP,
    MARKUP_CASE,
    MINI,
    Case,
    expected_lines,
    make_case,
    write_overlays,
)

SUMMARY = "problem(s) found."


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The last good site, built from mini, and its fingerprint."""
    site = tmp_path_factory.mktemp("good") / "site"
    build_site(layers_dir=MINI, out_dir=site)
    return site, digest(site)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and not line.endswith(SUMMARY)]


def test_the_corpus_has_at_least_thirty_cases() -> None:
    committed = sorted(p.name for p in BAD.iterdir() if p.is_dir())
    assert committed == sorted(c.name for c in CASES)
    assert len(committed) + len(GENERATED) >= 30


def test_the_committed_corpus_is_what_its_generator_writes(tmp_path: Path) -> None:
    write_overlays(tmp_path / "bad", markup=tmp_path / "markup")
    assert digest(tmp_path / "bad") == digest(BAD), "run `python -m tests.bad_corpus` and commit"
    assert digest(tmp_path / "markup") == digest(MARKUP)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_one_line_per_root_cause(
    case: Case, tmp_path: Path, good_site: tuple[Path, dict[str, str]]
) -> None:
    layers = make_case(case, dest=tmp_path)
    expected = (BAD / case.name / EXPECTED).read_text("utf-8").splitlines()

    check = CliRunner().invoke(cli, ["check", "--layers", str(layers)])
    assert check.exit_code == 1, check.output
    assert not isinstance(check.exception, Exception) or isinstance(check.exception, SystemExit)
    assert sorted(problem_lines(check.output)) == sorted(expected), check.output
    assert check.output.rstrip().endswith(f"{len(expected)} {SUMMARY}")

    site, fingerprint = good_site
    build = CliRunner().invoke(cli, ["build", "--layers", str(layers), "--out", str(site)])
    assert build.exit_code == 1, build.output
    assert isinstance(build.exception, SystemExit), build.output
    assert "Traceback" not in build.output
    assert f"Refused; {site} is unchanged." in build.output
    assert digest(site) == fingerprint


def _limit_memory() -> None:
    limit = 3 * 2**30  # bytes of address space: a runaway read would die, not swap
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("case", GENERATED, ids=[c.name for c in GENERATED])
def test_large_and_odd_inputs_are_refused_in_bounded_time_and_memory(
    case: Case, tmp_path: Path
) -> None:
    layers = make_case(case, dest=tmp_path)
    biggest = max(p.stat().st_size for p in layers.iterdir()) / 2**20
    assert biggest >= case.min_mb, f"the case is only {biggest:.0f} MB"
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "check", "--layers", str(layers)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert problem_lines(proc.stderr) == expected_lines(case, layers=layers), proc.stderr


def test_markup_in_text_fields_is_text_not_an_error(tmp_path: Path) -> None:
    layers = make_case(MARKUP_CASE, dest=tmp_path)
    result = CliRunner().invoke(cli, ["check", "--layers", str(layers)])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    build_site(layers_dir=layers, out_dir=site)
    # An inline script would end at the name's "</script>": pages carry it escaped.
    for page in site.rglob("*.html"):
        assert "window.pwned=1</script>" not in page.read_text("utf-8"), page


# --- geo ingest on what is not an article ------------------------------------------


def _ingest(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "ingest", str(path), "--layers", str(MINI)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
        check=False,
    )


def _one_line_error(proc: subprocess.CompletedProcess[str], *, says: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert says in proc.stderr


def test_ingest_refuses_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    _one_line_error(_ingest(path), says=f"{path}: a binary file, not text")


def test_ingest_refuses_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Cửa khẩu Lào Cai".encode() + "Hà Khẩu é".encode("latin-1", "replace"))
    _one_line_error(_ingest(path), says=f"{path}: not UTF-8 text (invalid byte at offset")


def test_ingest_refuses_a_50_mb_text_as_one_article(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = "Thành phố Lào Cai và huyện Hà Khẩu hợp tác qua cửa khẩu Kim Thành.\n"
    path.write_text(line * (50 * 2**20 // len(line.encode())), "utf-8")
    assert path.stat().st_size >= 49 * 2**20
    _one_line_error(_ingest(path), says=f"{path}: larger than 10 MB")


def test_ingest_of_an_empty_file_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    proc = _ingest(path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["mentions"] == []
    assert doc["features"] == []


def test_ingest_of_an_empty_folder_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    _one_line_error(_ingest(folder), says=f"{folder}: no article file (.txt, .html, .htm) found")


# --- what comes out is safe too ---------------------------------------------------------


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


FORMULA = '=HYPERLINK("http://evil.example/","click")'


def test_csv_exports_never_start_a_cell_with_a_formula(tmp_path: Path) -> None:
    layers = tmp_path / "layers"
    shutil.copytree(MINI, layers)
    path = layers / "localities.geojson"
    text = path.read_text("utf-8").replace('"name_en":"Hanoi"', f'"name_en":{json.dumps(FORMULA)}')
    path.write_text(text, "utf-8")
    facts = layers / "facts.csv"
    facts.write_text(
        facts.read_text("utf-8").replace('"In 2022 Lào Cai received', '"@SUM(1+1) In 2022'),
        "utf-8",
    )
    site = tmp_path / "site"
    build_site(layers_dir=layers, out_dir=site)
    cells = {}
    for name in ("data/localities.csv", "data/facts.csv", "links.csv"):
        with (site / name).open(encoding="utf-8", newline="") as fh:
            cells[name] = [cell for row in csv.reader(fh) for cell in row]
    assert "'" + FORMULA in cells["data/localities.csv"]
    assert "'" + FORMULA in cells["links.csv"]
    assert any(c.startswith("'@SUM(1+1) In 2022") for c in cells["data/facts.csv"])
    for name, found in cells.items():
        risky = [c for c in found if c.startswith(("=", "+", "-", "@")) and not _is_number(c)]
        assert risky == [], name
    assert "-0.58046" in cells["data/localities.csv"]  # numbers stay numbers (Aquitaine's lon)
    # and the GeoPackage keeps the text as it is
    gpkg = sqlite3.connect(site / "data" / "border-atlas.gpkg")
    names = {row[0] for row in gpkg.execute("SELECT name_en FROM localities")}
    gpkg.close()
    assert FORMULA in names
