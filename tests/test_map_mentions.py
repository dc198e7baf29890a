"""
Mentions over an archive on the map (issue 10, "Over an archive"): ``geo ingest ARCHIVE``
writes a summary, ``geo build --mentions SUMMARY.json`` shows its articles per year in
the popups, as a sentence and a sparkline. The archive is a handful of dated articles
written for this test; the browser tests reuse the fixtures of ``tests/test_map.py``.
"""

# The fixtures imported from tests/test_map.py are parameters of the tests here.
# ruff: noqa: F811

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geo.build import build_site
from geo.cli import cli
from geo.mentions import MENTIONS_DIR
from geo.render import shard_of
from tests.conftest import MINI, need
from tests.test_map import (  # noqa: F401 (fixtures are found by name)
    CHROMIUM,
    Visit,
    axe_violations,
    browser,
    server,
    visit,
)

#: The archive: our own sentences, as a newsroom's JSON Lines export would hold them.
#: The Kim Thành gate is named in five articles (2019, 2021 twice, 2023, one undated);
#: the province also in 2017, so the summary's years run 2017–2023.
ARCHIVE = [
    {"id": "a1", "date": "2019-03-02", "title": "Xe hàng qua Kim Thành",
     "text": "Sáng nay cửa khẩu Kim Thành đón 500 xe hàng. Tỉnh Lào Cai cho biết hàng tăng."},
    {"id": "a2", "date": "2021-06-10", "title": "Ùn tắc",
     "text": "Xe tải xếp hàng dài trước cửa khẩu Kim Thành từ đêm qua."},
    {"id": "a3", "date": "2021-09-01", "title": "Thông quan",
     "text": "Cửa khẩu Kim Thành thông quan trở lại sau đợt mưa lớn."},
    {"id": "a4", "date": None, "title": "Ghi chép",
     "text": "Một buổi sáng ở cửa khẩu Kim Thành, người buôn bán qua lại tấp nập."},
    {"id": "a5", "date": "2023-01-05", "title": "Tết",
     "text": "Dịp Tết, cửa khẩu Kim Thành mở cửa cả ngày nghỉ."},
    {"id": "a6", "date": "2017-05-05", "title": "Mùa mưa",
     "text": "Tỉnh Lào Cai chuẩn bị cho mùa mưa bão."},
]  # fmt: skip

GATE = "kim-thanh-gate"
#: A pin that no article of the archive names.
BRIDGE = "kim-thanh-bridge"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def ingest_summary(folder: Path) -> Path:
    """Run ``geo ingest`` over ARCHIVE with the mini layers; the summary it wrote."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "archive.jsonl"
    archive.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARCHIVE), encoding="utf-8"
    )
    summary = folder / "summary.json"
    code, output = run(
        "ingest", str(archive), "--layers", str(MINI), "-o", str(folder / "mentions.jsonl"),
        "--summary", str(summary), "-j", "1",
    )  # fmt: skip
    assert code == 0, output
    return summary


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_summary(tmp_path_factory.mktemp("archive"))


def build(*args: str) -> tuple[int, str]:
    return run("build", "--layers", str(MINI), *args)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def payload_of(script: str) -> tuple[int, Any]:
    """Shard and data of map/mentions/<k>.js: ``BorderAtlas.mentionsData(k,JSON.parse('…'));``."""
    m = re.fullmatch(r"BorderAtlas\.mentionsData\((\d+),JSON\.parse\('(.*)'\)\);\n", script, re.S)
    assert m is not None, script[:80]
    # the JSON inside a single-quoted JS string: backslashes and quotes escaped
    return int(m[1]), json.loads(re.sub(r"\\(.)", r"\1", m[2]))


def counts_in(folder: Path) -> dict[str, Any]:
    """Every feature's counts in a site's map/mentions/, each checked to be in its shard."""
    shards = len(list((folder / "map" / "popups").glob("*.js")))
    files = sorted((folder / "map" / MENTIONS_DIR).glob("*.js"))
    assert len(files) == shards  # one beside each popup shard
    out: dict[str, Any] = {}
    for path in files:
        k, features = payload_of(path.read_text("utf-8"))
        assert path.name == f"{k}.js"
        for fid, rec in features.items():
            assert shard_of(fid, shards) == k, fid
            out[fid] = rec
    return out


# --- the summary and the build --------------------------------------------------


def test_the_summary_of_the_archive_counts_the_gate_per_year(summary: Path) -> None:
    doc = json.loads(summary.read_text("utf-8"))
    assert doc["articles"] == len(ARCHIVE)
    gate = doc["features"][GATE]
    assert gate["articles"] == 5
    assert {y: c["articles"] for y, c in gate["per_year"].items()} == {
        "2019": 1,
        "2021": 2,
        "2023": 1,
        "unknown": 1,
    }
    assert BRIDGE not in doc["features"]


def test_build_with_mentions_adds_one_data_script_and_nothing_else(
    tmp_path: Path, summary: Path
) -> None:
    assert build("--out", "plain")[0] == 0
    code, output = build("--out", "counted", "--mentions", str(summary))
    assert code == 0, output
    plain, counted = files_of(tmp_path / "plain"), files_of(tmp_path / "counted")
    added = set(counted) - set(plain)
    assert added
    assert all(name.startswith(f"map/{MENTIONS_DIR}") for name in added)
    assert not any("mentions" in name for name in plain)
    for name in plain:
        if name == "index.html":
            continue
        assert counted[name] == plain[name], name
    # the page differs only by the config naming the folder and the summary's years,
    # which no <script> loads
    page = counted["index.html"].decode("utf-8")
    assert page.count("mentions") == 2
    config = '"mentions":{"dir":"mentions/","years":[2017,2023]},'
    assert page.replace(config, "", 1) == plain["index.html"].decode()
    assert counts_in(tmp_path / "counted")[GATE] == {
        "n": [5, 5],
        "y": {"2019": [1, 1], "2021": [2, 2], "2023": [1, 1], "unknown": [1, 1]},
    }


def test_build_with_mentions_is_byte_identical_when_rebuilt(tmp_path: Path, summary: Path) -> None:
    for out in ("one", "two"):
        assert build("--out", out, "--mentions", str(summary))[0] == 0
        assert (
            build("--out", f"{out}-inline", "--self-contained", "--mentions", str(summary))[0] == 0
        )
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")
    assert files_of(tmp_path / "one-inline") == files_of(tmp_path / "two-inline")


def test_the_self_contained_page_inlines_the_counts(tmp_path: Path, summary: Path) -> None:
    assert build("--out", "inline", "--self-contained", "--mentions", str(summary))[0] == 0
    page = (tmp_path / "inline" / "index.html").read_text("utf-8")
    assert "<script>BorderAtlas.mentionsData(" in page
    assert not (tmp_path / "inline" / "map").exists()


def test_an_id_renamed_in_the_layers_counts_under_its_new_id(
    tmp_path: Path, mini: Path, summary: Path
) -> None:
    (mini / "redirects.csv").write_text(
        "old_id,new_id,date,reason\nkim-thanh-road-gate,kim-thanh-gate,2026-11-30,renamed\n",
        "utf-8",
    )
    doc = json.loads(summary.read_text("utf-8"))
    doc["features"]["kim-thanh-road-gate"] = doc["features"].pop(GATE)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc), "utf-8")
    code, output = run("build", "--layers", str(mini), "--out", "site", "--mentions", str(old))
    assert code == 0, output
    counts = counts_in(tmp_path / "site")
    assert counts[GATE]["n"] == [5, 5]
    assert "kim-thanh-road-gate" not in counts


def _gate(**change: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "layer": "border_gates",
        "articles": 3,
        "mentions": 4,
        "per_year": {
            "2020": {"articles": 2, "mentions": 3},
            "unknown": {"articles": 1, "mentions": 1},
        },
    }
    entry.update(change)
    return entry


def _doc(features: dict[str, Any]) -> str:
    return json.dumps({"articles": 9, "skipped": 0, "features": features})


BAD_SUMMARIES = {
    "not-json": ("{not json", ": -: -: not JSON (Expecting property name"),
    "a-list": ("[1, 2]", ": -: features: not an archive summary"),
    "negative": (
        _doc({GATE: _gate(articles=-3)}),
        f": {GATE}: articles: must be a whole number ≥ 1, not -3",
    ),
    "negative-year": (
        _doc({GATE: _gate(per_year={"2020": {"articles": -1, "mentions": 4}})}),
        f": {GATE}: per_year.2020.articles: must be a whole number ≥ 1, not -1",
    ),
    "two-digit-year": (
        _doc({GATE: _gate(per_year={"20": {"articles": 3, "mentions": 4}})}),
        f": {GATE}: per_year: '20' is not a four-digit year or 'unknown'",
    ),
    "date-for-year": (
        _doc({GATE: _gate(per_year={"2020-05": {"articles": 3, "mentions": 4}})}),
        f": {GATE}: per_year: '2020-05' is not a four-digit year or 'unknown'",
    ),
    "years-do-not-add-up": (
        _doc({GATE: _gate(articles=5, mentions=6)}),
        f": {GATE}: per_year.articles: the years add up to 3, not 5",
    ),
    "count-is-text": (
        _doc({GATE: _gate(mentions="4")}),
        f": {GATE}: mentions: must be a whole number ≥ 1, not '4'",
    ),
    "true-as-count": (
        _doc({GATE: _gate(articles=True)}),
        f": {GATE}: articles: must be a whole number ≥ 1, not True",
    ),
    "fewer-mentions-than-articles": (
        _doc({GATE: _gate(mentions=2)}),
        f": {GATE}: mentions: 2 mentions in 3 articles: each has at least one",
    ),
    "no-years": (
        _doc({GATE: _gate(per_year=None)}),
        f": {GATE}: per_year: must be a non-empty object {{year: …}}",
    ),
    "unknown-field": (
        _doc({GATE: _gate(share=0.5)}),
        f": {GATE}: share: unknown field",
    ),
    "unknown-feature": (
        _doc({"mong-cai-gate": _gate()}),
        ": mong-cai-gate: id: no layer has this feature: is the summary from other layers?",
    ),
    "wrong-layer": (
        _doc({"hekou": _gate()}),
        ": hekou: layer: 'border_gates', but the layers have 'hekou' in 'localities'",
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"), list(BAD_SUMMARIES.values()), ids=list(BAD_SUMMARIES)
)
def test_a_bad_summary_fails_the_build_naming_file_feature_and_field_and_keeps_the_site(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert build("--out", "site")[0] == 0
    before = files_of(tmp_path / "site")
    bad = tmp_path / "bad-summary.json"
    bad.write_text(text, "utf-8")
    code, output = build("--out", "site", "--mentions", str(bad))
    assert code == 1, output
    assert f"{bad}{expected}" in output
    assert "Refused; site is unchanged." in output
    assert files_of(tmp_path / "site") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_every_problem_of_a_summary_is_reported_one_line_each(tmp_path: Path) -> None:
    bad = tmp_path / "bad-summary.json"
    bad.write_text(
        _doc({GATE: _gate(articles=0), "hekou": _gate(per_year={"1e3": {}}), "nowhere": _gate()}),
        "utf-8",
    )
    code, output = build("--out", "site", "--mentions", str(bad))
    assert code == 1
    lines = [line for line in output.splitlines() if line.startswith(str(bad))]
    assert lines == [
        f"{bad}: hekou: per_year: '1e3' is not a four-digit year or 'unknown'",
        f"{bad}: {GATE}: articles: must be a whole number ≥ 1, not 0",
        f"{bad}: nowhere: id: no layer has this feature: is the summary from other layers?",
    ]
    assert "3 problem(s) found." in output
    assert not (tmp_path / "site").exists()


def test_a_summary_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"features": {"Hà Khẩu": 1}}'.encode("latin-1", errors="replace"))
    code, output = build("--out", "site", "--mentions", str(bad))
    assert code == 1
    assert f"{bad}: -: -: not UTF-8 text (invalid byte at offset" in output


# --- in the browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, summary: Path) -> dict[str, Path]:
    """The mini layers built with the archive's counts, as a site and a self-contained page.

    Named ``sites`` (with a "site") so that the imported ``server`` serves these."""
    root = tmp_path_factory.mktemp("mention-sites")
    build_site(layers_dir=MINI, out_dir=root / "site", mentions=summary)
    build_site(layers_dir=MINI, out_dir=root / "offline", self_contained=True, mentions=summary)
    return {"site": root / "site", "offline": root / "offline"}


def _mentions(v: Visit, fid: str) -> Any:
    v.page.wait_for_selector(f'.leaflet-popup .ba-card[data-id="{fid}"]')
    return v.page.query_selector(f'.ba-card[data-id="{fid}"] .ba-mentions')


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_a_pins_popup_says_how_many_articles_mention_it_with_a_sparkline(
    visit: Any, viewport: tuple[int, int]
) -> None:
    v = visit("site/index.html", viewport=viewport)
    first = list(v.requests)
    assert not any(f"/map/{MENTIONS_DIR}" in r for r in first), "loads with a popup"
    v.page.evaluate(f"window.location.hash = '{GATE}'")
    box = _mentions(v, GATE)
    assert box is not None
    assert [r for r in v.requests if f"/map/{MENTIONS_DIR}" in r] != []
    line = v.page.inner_text(".ba-mentions-line")
    assert line == (
        "Được nhắc đến trong 5 bài báo đã nhập, 2019–2023; nhiều nhất năm 2021 (2 bài); "
        "1 bài không rõ ngày."
    )
    svg = v.page.query_selector(".ba-mentions svg.ba-spark")
    assert svg is not None
    assert svg.get_attribute("aria-hidden") == "true"
    # articles per year over the summary's whole range, 2017–2023, zero years as zero
    assert svg.get_attribute("data-years") == "2017-2023"
    assert svg.get_attribute("data-values") == "0 0 1 0 2 0 1"
    path = v.page.get_attribute(".ba-spark-line", "d")
    assert path is not None
    assert path.count("L") == 6
    # it fits the popup, on a phone too
    card = v.page.eval_on_selector(".ba-card", "e => e.getBoundingClientRect().right")
    right = v.page.eval_on_selector(".ba-spark", "e => e.getBoundingClientRect().right")
    assert right <= card
    assert right <= viewport[0]
    # the counts per year for screen readers and anyone who asks: a table behind a disclosure
    v.page.click(".ba-mentions-years > summary")
    rows = v.page.eval_on_selector_all(
        ".ba-mentions-years tbody tr", "rs => rs.map(r => [r.dataset.year, r.cells[1].innerText])"
    )
    assert rows == [["2019", "1"], ["2020", "0"], ["2021", "2"], ["2022", "0"], ["2023", "1"],
                    ["unknown", "1"]]  # fmt: skip
    assert axe_violations(v) == []
    assert v.page_errors == []


@pytest.mark.browser
def test_the_sentence_follows_the_readers_language(visit: Any) -> None:
    v = visit(f"site/index.html?lang=en#{GATE}")
    _mentions(v, GATE)
    assert v.page.inner_text(".ba-mentions-line") == (
        "Mentioned in 5 ingested articles, 2019–2023; most in 2021 (2); 1 undated."
    )
    v.page.click(".ba-lang")
    assert v.page.inner_text(".ba-mentions-line").startswith("Được nhắc đến trong 5 bài báo")


@pytest.mark.browser
def test_a_pin_no_article_names_has_no_sparkline(visit: Any) -> None:
    v = visit(f"site/index.html#{BRIDGE}")
    assert _mentions(v, BRIDGE) is None
    assert v.page.query_selector(".ba-spark") is None
    # the counts did load: another pin has them
    v.page.evaluate(f"window.location.hash = '{GATE}'")
    assert _mentions(v, GATE) is not None


@pytest.mark.browser
def test_the_self_contained_page_shows_the_sparkline_from_disk(
    visit: Any, sites: dict[str, Path]
) -> None:
    v = visit("", url=(sites["offline"] / "index.html").as_uri() + f"#{GATE}", tiles=False)
    assert _mentions(v, GATE) is not None
    assert v.page.get_attribute(".ba-spark", "data-values") == "0 0 1 0 2 0 1"
    assert not any(f"/{MENTIONS_DIR}" in r for r in v.requests)
    assert v.page_errors == []


@pytest.mark.browser
def test_the_mentions_benchmark_runs_at_a_small_size() -> None:
    """scripts/bench_mentions.py end to end at 30 pins: figures printed, nothing timed here."""
    need(CHROMIUM.exists(), f"Debian's chromium is not installed at {CHROMIUM}")
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_mentions.py"
    argv = [sys.executable, str(script), "--points", "30", "--loads", "1"]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {
        line.split(" | ")[0].strip("| "): line.split(" | ")[1:]
        for line in done.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| |")
    }
    assert float(rows["build CPU, user+sys (s)"][1].strip(" |")) > 0
    raw = rows["map/mentions/<k>.js, the largest (MB raw / gzip)"][1].split("/")[0]
    assert float(raw) > 0
    # the counts wait for the first popup: first render loads the same with and without
    early = rows["map/mentions/ loaded before first render"]
    assert [cell.strip(" |") for cell in early] == ["no", "no"]
    assert "(with sparkline)" in rows["first popup: #id → shown (ms, median of 1)"][1]
