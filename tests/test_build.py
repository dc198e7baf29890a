"""`geo build`: atomic, deterministic, refusing bad data; links for newsrooms."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo._errors import DataError
from geo.cli import cli
from geo.schema import LAYERS
from tests.conftest import LAYERS as SHIPPED


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_the_page_the_data_and_the_gis_package(mini: Path, tmp_path: Path) -> None:
    code, output = run("build", "--layers", str(mini), "--out", str(tmp_path / "site"))
    assert code == 0, output
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    for layer in LAYERS:
        doc = json.loads((site / "data" / f"{layer.name}.geojson").read_text("utf-8"))
        assert doc["type"] == "FeatureCollection"
        assert all("facts" in f["properties"] for f in doc["features"])
    assert (site / "data" / "border-atlas.gpkg").is_file()
    assert (site / "links.csv").is_file()


def test_joined_geojson_carries_each_facts_source(mini: Path, tmp_path: Path) -> None:
    run("build", "--layers", str(mini), "--out", str(tmp_path / "site"))
    doc = json.loads((tmp_path / "site" / "data" / "border_gates.geojson").read_text("utf-8"))
    gate = next(f for f in doc["features"] if f["properties"]["id"] == "kim-thanh-gate")
    fact = gate["properties"]["facts"][0]
    assert fact["id"] == "kim-thanh-open-2021"
    assert fact["source_title"] == "Điểm sáng quan hệ đối ngoại trên tuyến biên giới phía Bắc"
    assert fact["source_url"] is None  # not in the capture: null, not invented


def test_two_builds_are_byte_identical(mini: Path, tmp_path: Path) -> None:
    run("build", "--layers", str(mini), "--out", str(tmp_path / "a"))
    run("build", "--layers", str(mini), "--out", str(tmp_path / "b"))
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_page_carries_no_random_folium_ids(mini: Path, tmp_path: Path) -> None:
    run("build", "--layers", str(mini), "--out", str(tmp_path / "site"))
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert not re.search(r"[0-9a-f]{32}", html)


def test_bad_input_is_refused_and_the_last_good_site_stays(mini: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("build", "--layers", str(mini), "--out", str(site))[0] == 0
    before = digest(site)
    path = mini / "border_gates.geojson"
    path.write_text(
        path.read_text("utf-8").replace('"level":"international"', '"level":"galactic"'), "utf-8"
    )
    code, output = run("build", "--layers", str(mini), "--out", str(site))
    assert code == 1
    assert "border_gates.geojson: kim-thanh-gate: level: 'galactic' is not one of" in output
    assert "unchanged" in output
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers", "site"]  # no leftovers


@pytest.mark.parametrize("fork", [True, False], ids=["two-processes", "one-process"])
def test_every_problem_is_reported_at_once_whichever_process_finds_it(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    # The build checks the tables in one process and the shapes and layout in the
    # other (or both in one, where it cannot fork): the report is the same whole one.
    from geo import build  # noqa: PLC0415

    if not fork:
        monkeypatch.setattr(build, "_can_fork", lambda: False)
    site = tmp_path / "site"
    build.build_site(layers_dir=mini, out_dir=site)
    before = digest(site)
    gates = mini / "border_gates.geojson"
    gates.write_text(
        gates.read_text("utf-8").replace('"level":"international"', '"level":"galactic"'), "utf-8"
    )
    localities = mini / "localities.geojson"
    text = localities.read_text("utf-8")
    lines = text.split("\n")
    feature = json.loads(lines[1].rstrip(","))
    fid = feature["properties"]["id"]
    lon, lat = feature["geometry"]["coordinates"]
    lines[1] = lines[1].replace(f"[{lon},{lat}]", f"[{lat + 200},{lon}]")
    localities.write_text("\n".join(lines), "utf-8")
    sources = mini / "countries.geojson"  # out of the layout only: one feature a line no more
    sources.write_text(sources.read_text("utf-8").replace("},\n{", "},\n\n{", 1), "utf-8")
    with pytest.raises(DataError) as caught:
        build.build_site(layers_dir=mini, out_dir=site)
    said = [str(p) for p in caught.value.problems]
    assert any(s.startswith("border_gates.geojson: kim-thanh-gate: level:") for s in said)
    assert any(s.startswith(f"localities.geojson: {fid}: geometry: coordinate") for s in said), said
    assert any(
        s.startswith("countries.geojson: -: -: is not in the reviewable layout") for s in said
    )
    # A file with problems of its own is not also told to run `geo fmt`.
    assert not any("reviewable layout" in s and not s.startswith("countries") for s in said)
    assert said == sorted(said)
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers", "site"]


def test_a_failure_while_writing_leaves_the_last_good_site(mini: Path, tmp_path: Path) -> None:
    from geo.build import build_site  # noqa: PLC0415

    site = tmp_path / "site"
    build_site(layers_dir=mini, out_dir=site)
    before = digest(site)

    def broken_exporter(*_: object, **__: object) -> None:
        msg = "disk full"
        raise OSError(msg)

    with pytest.raises(OSError, match="disk full"):
        build_site(layers_dir=mini, out_dir=site, exporter=broken_exporter)
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers", "site"]


def test_a_failure_while_writing_the_links_leaves_the_last_good_site(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the links files are written in a process of their own, beside the page
    from geo import build  # noqa: PLC0415

    site = tmp_path / "site"
    build.build_site(layers_dir=mini, out_dir=site)
    before = digest(site)

    def broken_links(*_: object, **__: object) -> None:
        msg = "disk full while writing links.csv"
        raise OSError(msg)

    monkeypatch.setattr(build, "write_links", broken_links)
    with pytest.raises(OSError, match=r"links\.csv"):
        build.build_site(layers_dir=mini, out_dir=site)
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers", "site"]


def test_the_command_line_build_reports_and_exits_cleanly(mini: Path, tmp_path: Path) -> None:
    # `geo build` ends its own process without freeing the data it built: what it
    # says and writes must all be there, and its exit status 0
    site = tmp_path / "site"
    code = "import sys; from geo.cli import main; sys.argv[0] = 'geo'; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "build", "--layers", str(mini), "--out", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Built {site / 'index.html'}: ")
    assert proc.stdout.endswith(" facts.\n")
    assert (site / "index.html").read_text("utf-8").rstrip().endswith("</html>")
    assert (site / "links.csv").stat().st_size > 0


def test_self_contained_page_inlines_every_script_and_stylesheet(
    mini: Path, tmp_path: Path
) -> None:
    run("build", "--layers", str(mini), "--out", str(tmp_path / "site"), "--self-contained")
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert not (tmp_path / "site" / "assets").exists()
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "Supercluster" in html  # the vendored supercluster, inlined
    assert "BorderAtlas.popupShard(" in html  # popup content, inlined too
    # What the page requests with every network blocked is proven in test_map.py.


def test_links_files_list_every_feature_with_permalink_and_iframe(
    mini: Path, tmp_path: Path
) -> None:
    run("build", "--layers", str(mini), "--out", str(tmp_path / "site"))
    with (tmp_path / "site" / "links.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_id = {r["id"]: r for r in rows}
    gate = by_id["kim-thanh-gate"]
    assert gate["layer"] == "border_gates"
    assert gate["permalink"] == "index.html#kim-thanh-gate"
    assert gate["embed_url"] == "index.html?embed=1#kim-thanh-gate"
    assert gate["iframe"].startswith(
        '<iframe src="index.html?embed=1#kim-thanh-gate" width="600" height="400"'
    )
    assert json.loads((tmp_path / "site" / "links.json").read_text("utf-8")) == rows
    assert "country-vn" not in by_id  # context layers are not pins


def test_links_files_give_english_links_and_iframes_that_keep_the_language(
    mini: Path, tmp_path: Path
) -> None:
    run("build", "--layers", str(mini), "--out", str(tmp_path / "site"))
    rows = json.loads((tmp_path / "site" / "links.json").read_text("utf-8"))
    gate = next(r for r in rows if r["id"] == "kim-thanh-gate")
    assert gate["permalink_en"] == "index.html?lang=en#kim-thanh-gate"
    assert gate["embed_url_en"] == "index.html?embed=1&lang=en#kim-thanh-gate"
    assert gate["iframe_en"].startswith(
        '<iframe src="index.html?embed=1&amp;lang=en#kim-thanh-gate" width="600" height="400"'
    )
    assert f'title="Border Atlas: {gate["name_en"]}"' in gate["iframe_en"]
    # The Vietnamese snippet is titled in Vietnamese and has no language parameter.
    assert "lang=" not in gate["iframe"]
    assert f'title="Bản đồ biên giới: {gate["name_vi"]}"' in gate["iframe"]
    for row in rows:
        assert "lang=en" in row["embed_url_en"]
        assert "lang=en" in row["iframe_en"]
        assert row["embed_url_en"].endswith("#" + row["id"])


def test_base_url_makes_links_absolute(mini: Path, tmp_path: Path) -> None:
    run(
        "build",
        "--layers",
        str(mini),
        "--out",
        str(tmp_path / "site"),
        "--base-url",
        "https://news.example/atlas/",
    )
    with (tmp_path / "site" / "links.csv").open(encoding="utf-8") as fh:
        gate = next(r for r in csv.DictReader(fh) if r["id"] == "kim-thanh-gate")
    assert gate["permalink"] == "https://news.example/atlas/index.html#kim-thanh-gate"
    assert gate["embed_url"] == "https://news.example/atlas/index.html?embed=1#kim-thanh-gate"
    assert gate["embed_url_en"] == (
        "https://news.example/atlas/index.html?embed=1&lang=en#kim-thanh-gate"
    )
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '"baseUrl":"https://news.example/atlas/"' in html


# --- ids that never break -------------------------------------------------------------


def test_check_fails_when_a_published_id_disappears_without_redirect(mini: Path) -> None:
    (mini / "published_ids.txt").write_text("kim-thanh-gate\nold-gate-id\n", "utf-8")
    code, output = run("check", "--layers", str(mini))
    assert code == 1
    assert "published_ids.txt: old-gate-id: id: was published but is gone" in output
    (mini / "redirects.csv").write_text(
        "old_id,new_id,date,reason\nold-gate-id,kim-thanh-gate,2026-11-22,merged\n", "utf-8"
    )
    assert run("check", "--layers", str(mini))[0] == 0


def test_check_fails_on_a_redirect_to_nowhere(mini: Path) -> None:
    (mini / "redirects.csv").write_text(
        "old_id,new_id,date,reason\nx-gate,no-such-feature,,typo\n", "utf-8"
    )
    code, output = run("check", "--layers", str(mini))
    assert code == 1
    assert "redirects.csv: x-gate: new_id: 'no-such-feature' is not a feature" in output


def test_every_shipped_feature_id_is_recorded_as_published() -> None:
    from geo.load import read_dataset  # noqa: PLC0415

    data = read_dataset(SHIPPED)
    current = {fid for fid, (layer, _) in data.by_id().items() if not layer.context}
    assert current <= set(data.published), "run `geo publish-ids` and commit"


def test_publish_ids_records_the_current_ids(mini: Path) -> None:
    code, output = run("publish-ids", "--layers", str(mini))
    assert code == 0, output
    ids = (mini / "published_ids.txt").read_text("utf-8").split()
    assert "kim-thanh-gate" in ids
    assert "pair-lao-cai-city-hekou" in ids


def test_export_writes_only_the_data_folder(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "gis"
    code, output = run("export", "--layers", str(mini), "--out", str(out))
    assert code == 0, output
    names = {p.name for p in out.iterdir()}
    assert {"border-atlas.gpkg", "border-atlas.qgs", "facts.csv", "data-dictionary.md"} <= names
    assert {f"{layer.name}.geojson" for layer in LAYERS} <= names
    assert {f"{layer.name}.csv" for layer in LAYERS} <= names
    assert "index.html" not in names


def test_export_refuses_bad_input_and_keeps_the_last_export(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "gis"
    run("export", "--layers", str(mini), "--out", str(out))
    before = digest(out)
    (mini / "facts.csv").write_text("id,oops\n", "utf-8")
    code, output = run("export", "--layers", str(mini), "--out", str(out))
    assert code == 1
    assert "facts.csv: -: header: columns must be" in output
    assert digest(out) == before


def test_the_shipped_app_leaves_out_comments_on_lines_of_their_own() -> None:
    from geo.render import shipped  # noqa: PLC0415

    js = (
        "/**\n * A module.\n */\n(function () {\n  // a note\n"
        '  var url = "https://x.org/a"; // kept: after code\n\n'
        "  /* one line */\n  go(url);\n})();\n"
    )
    assert shipped(js) == (
        '(function () {\n  var url = "https://x.org/a"; // kept: after code\n  go(url);\n})();\n'
    )
    css = '/* the card */\n.a {\n  color: red; /* why */\n}\n\n.b::after { content: "▸"; }\n'
    assert shipped(css, css=True) == '.a {\n  color: red; \n}\n.b::after { content: "▸"; }\n'


def test_every_comment_of_the_app_can_be_left_out_line_by_line() -> None:
    # what `shipped` relies on: a block comment ends its line, no string holds one
    from geo.render import APP_DIR, shipped  # noqa: PLC0415

    for path in [*sorted((APP_DIR / "js").glob("*.js")), APP_DIR / "app.css"]:
        text = path.read_text("utf-8")
        for n, line in enumerate(text.splitlines(), start=1):
            assert "*/" not in line or line.rstrip().endswith("*/"), f"{path.name}:{n}"
            assert not re.search(r"[\"'][^\"']*/\*", line), f"{path.name}:{n}"
        kept = shipped(text, css=path.suffix == ".css").splitlines()
        assert not [k for k in kept if k.lstrip().startswith(("//", "/*", "* ", "*/"))]
        assert len(kept) > 10
