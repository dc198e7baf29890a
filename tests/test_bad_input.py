"""
Bad input gets a clear error and loses nothing.

Every case of the corpus (``tests/data/bad/``, see ``tests/bad_corpus.py``): ``geo check``
prints exactly the expected lines — one per problem, naming file, feature and field, the
root cause only — and exits 1 with no traceback; ``geo build`` refuses it the same way and
leaves the last good site byte-identical.
"""

from __future__ import annotations

import hashlib
import resource
import shutil
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
    write_overlays(tmp_path)
    assert digest(tmp_path) == digest(BAD), "run `python -m tests.bad_corpus` and commit"


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


def test_a_note_with_markup_is_text_not_an_error(tmp_path: Path) -> None:
    layers = tmp_path / "layers"
    shutil.copytree(MINI, layers)
    path = layers / "border_gates.geojson"
    text = path.read_text("utf-8").replace(
        '"note_en":"Kept goods moving', '"note_en":"<b>Kept</b> goods moving'
    )
    path.write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["check", "--layers", str(layers)])
    assert result.exit_code == 0, result.output
