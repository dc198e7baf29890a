"""`geo check`: each rule fails on a broken fixture and passes on a good one."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geo._geojson import write_collection
from geo.cli import cli
from geo.schema import FACTS, LAYER_BY_NAME, SOURCES, Table
from tests.conftest import LAYERS

Mutation = Callable[[Path], None]


def edit_feature(layer: str, fid: str, change: Callable[[dict[str, Any]], None]) -> Mutation:
    """Change one feature of a layer file, keeping the reviewable layout."""

    def mutate(root: Path) -> None:
        path = root / f"{layer}.geojson"
        feats = json.loads(path.read_text("utf-8"))["features"]
        for feat in feats:
            if feat["properties"]["id"] == fid:
                change(feat)
        write_collection(path, feats, name=layer, field_order=LAYER_BY_NAME[layer].field_names)

    return mutate


def set_prop(layer: str, fid: str, key: str, value: Any) -> Mutation:
    return edit_feature(layer, fid, lambda f: f["properties"].__setitem__(key, value))


def set_geom(layer: str, fid: str, geometry: Any) -> Mutation:
    return edit_feature(layer, fid, lambda f: f.__setitem__("geometry", geometry))


def edit_row(table: Table, key: str, column: str, value: str) -> Mutation:
    """Set ``column`` of the row of ``table`` whose key is ``key``."""

    def mutate(root: Path) -> None:
        path = root / f"{table.name}.csv"
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            if row[table.key] == key:
                row[column] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=table.column_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    return mutate


def edit_fact(fid: str, column: str, value: str) -> Mutation:
    return edit_row(FACTS, fid, column, value)


def edit_source(fname: str, column: str, value: str) -> Mutation:
    return edit_row(SOURCES, fname, column, value)


def run_check(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--layers", str(root), *extra])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


POINT_IN_CHINA = {"type": "Point", "coordinates": [103.38212, 23.36779]}  # Mengzi

BROKEN: list[tuple[str, Mutation, str]] = [
    (
        "required field missing",
        edit_feature("border_gates", "kim-thanh-gate", lambda f: f["properties"].pop("name_en")),
        "border_gates.geojson: kim-thanh-gate: name_en: is missing",
    ),
    (
        "required field null",
        set_prop("localities", "hekou", "name_vi", None),
        "localities.geojson: hekou: name_vi: is required",
    ),
    (
        "wrong type",
        set_prop("border_gates", "kim-thanh-gate", "since", "2009"),
        "border_gates.geojson: kim-thanh-gate: since: must be integer",
    ),
    (
        "value outside its vocabulary",
        set_prop("border_gates", "kim-thanh-gate", "level", "huge"),
        "border_gates.geojson: kim-thanh-gate: level: 'huge' is not one of",
    ),
    (
        "status outside the declared vocabulary",
        set_prop("crossings", "kim-thanh-bridge", "status", "built"),
        "crossings.geojson: kim-thanh-bridge: status: 'built' is not one of",
    ),
    (
        "unknown country code",
        set_prop("localities", "hekou", "country", ["ZZ"]),
        "localities.geojson: hekou: country: 'ZZ' is not one of",
    ),
    (
        "id that is not a slug",
        set_prop("localities", "hekou", "id", "Hà Khẩu"),
        "localities.geojson: Hà Khẩu: id: 'Hà Khẩu' does not match",
    ),
    (
        "id used twice across layers",
        set_prop("projects", "viet-trung-steel-plant", "id", "kim-thanh-gate"),
        "projects.geojson: kim-thanh-gate: id: is already used in border_gates.geojson",
    ),
    (
        "undeclared field",
        set_prop("localities", "hekou", "colour", "red"),
        "localities.geojson: hekou: colour: is not a field of this layer",
    ),
    (
        "wrong geometry type",
        set_geom(
            "localities", "hekou", {"type": "LineString", "coordinates": [[103, 22], [104, 23]]}
        ),
        "localities.geojson: hekou: geometry: must be Point (found LineString)",
    ),
    (
        "invalid geometry",
        set_geom(
            "countries",
            "country-la",
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
        ),
        "countries.geojson: country-la: geometry: is not valid: Self-intersection",
    ),
    (
        "coordinate out of range",
        set_geom("localities", "aquitaine", {"type": "Point", "coordinates": [200.0, 44.8]}),
        "localities.geojson: aquitaine: geometry: coordinate (200.0, 44.8) is out of range",
    ),
    (
        "missing geometry without a note",
        set_geom("localities", "hanoi", None),
        "localities.geojson: hanoi: geometry: is missing",
    ),
    (
        "Vietnamese feature in China",
        set_geom("localities", "hanoi", POINT_IN_CHINA),
        "localities.geojson: hanoi: geometry: lies outside VN (it is in CN)",
    ),
    (
        "Chinese feature in Vietnam",
        set_geom("localities", "kunming", {"type": "Point", "coordinates": [105.84117, 21.0245]}),
        "localities.geojson: kunming: geometry: lies outside CN (it is in VN)",
    ),
    (
        "gate far from the border",
        set_geom(
            "border_gates", "kim-thanh-gate", {"type": "Point", "coordinates": [104.0, 22.43]}
        ),
        "border_gates.geojson: kim-thanh-gate: geometry: is 9.",
    ),
    (
        "cross-border bridge far from the border",
        set_geom(
            "crossings",
            "kim-thanh-bridge",
            {"type": "LineString", "coordinates": [[104.0, 22.43], [104.01, 22.44]]},
        ),
        "crossings.geojson: kim-thanh-bridge: geometry: is ",
    ),
    (
        "partnership end off the locality's seat",
        edit_feature(
            "partnerships",
            "pair-lao-cai-city-hekou",
            lambda f: f["geometry"]["coordinates"].__setitem__(1, [103.96, 22.52]),
        ),
        "partnerships.geojson: pair-lao-cai-city-hekou: geometry: end [103.96, 22.52] is not "
        "the seat of to_id 'hekou'",
    ),
    (
        "partnership to an unknown locality",
        set_prop("partnerships", "pair-lao-cai-city-hekou", "to_id", "atlantis"),
        "partnerships.geojson: pair-lao-cai-city-hekou: to_id: 'atlantis' is not a feature of "
        "localities",
    ),
    (
        "parent that is not a locality",
        set_prop("localities", "hekou", "parent", "honghe"),
        "localities.geojson: hekou: parent: 'honghe' is not a locality",
    ),
    (
        "gate in a province that is not a locality",
        set_prop("border_gates", "kim-thanh-gate", "province", "lao-cai"),
        "border_gates.geojson: kim-thanh-gate: province: 'lao-cai' is not a locality",
    ),
    (
        "note in one language only",
        set_prop("border_gates", "kim-thanh-gate", "note_vi", None),
        "border_gates.geojson: kim-thanh-gate: note_vi: notes come in both languages",
    ),
    (
        "position note in one language only",
        set_prop("border_gates", "kim-thanh-gate", "geometry_note_vi", None),
        "border_gates.geojson: kim-thanh-gate: geometry_note_vi: notes come in both languages",
    ),
    (
        "investor in one language only",
        set_prop("projects", "viet-trung-steel-plant", "funder", None),
        "projects.geojson: viet-trung-steel-plant: funder: notes come in both languages",
    ),
    (
        "the same pair mapped twice",
        edit_feature(
            "partnerships",
            "pair-lao-cai-aquitaine",
            lambda f: f["properties"].update(from_id="lao-cai-city", to_id="hekou"),
        ),
        "partnerships.geojson: lao-cai-city/hekou: from_id: the pair is mapped 2 times",
    ),
    (
        "feature source that is not in sources.csv",
        set_prop("localities", "hekou", "sources", ["999_0000000000000000.txt"]),
        "localities.geojson: hekou: sources: '999_0000000000000000.txt' is not in sources.csv",
    ),
    (
        "fact about a feature that does not exist",
        edit_fact("kim-thanh-open-2021", "features", "kim-thanh-gate;nowhere"),
        "facts.csv: kim-thanh-open-2021: features: 'nowhere' is not a feature",
    ),
    (
        "fact citing an unknown source",
        edit_fact("kim-thanh-open-2021", "source", "999_0000000000000000.txt"),
        "facts.csv: kim-thanh-open-2021: source: '999_0000000000000000.txt' is not in sources.csv",
    ),
    (
        "figure without a unit",
        edit_fact("lc-city-hekou-2001", "value", "12"),
        "facts.csv: lc-city-hekou-2001: unit: a figure needs both value and unit",
    ),
    (
        "source URL that is not a URL",
        edit_source("001_6b489c545fe40b34.txt", "url", "baolaocai.vn/somewhere"),
        "sources.csv: 001_6b489c545fe40b34.txt: url: 'baolaocai.vn/somewhere' is not an "
        "http(s) URL",
    ),
    (
        "source date that is not a date",
        edit_source("004_415df68755efbfee.txt", "date", "14/10/2021"),
        "sources.csv: 004_415df68755efbfee.txt: date: must be date",
    ),
    (
        "fact id used twice",
        edit_fact("lc-city-hekou-2001", "id", "kim-thanh-open-2021"),
        "facts.csv: kim-thanh-open-2021: id: is used 2 times",
    ),
    (
        "fact topic outside its vocabulary",
        edit_fact("lc-city-hekou-2001", "topic", "gossip"),
        "facts.csv: lc-city-hekou-2001: topic: 'gossip' is not one of",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BROKEN], ids=[i for i, _, _ in BROKEN]
)
def test_check_reports_the_broken_rule(mini: Path, mutate: Mutation, expected: str) -> None:
    mutate(mini)
    code, output = run_check(mini)
    assert code == 1, output
    assert expected in output, output


def test_check_passes_on_good_fixture(mini: Path) -> None:
    code, output = run_check(mini)
    assert code == 0, output
    assert output.startswith("OK: 18 features in 10 layers"), output


def test_check_passes_on_the_shipped_layers() -> None:
    code, output = run_check(LAYERS)
    assert code == 0, output


def test_check_reports_more_than_six_decimals(mini: Path) -> None:
    path = mini / "localities.geojson"
    path.write_text(path.read_text("utf-8").replace("103.959", "103.9590001"), "utf-8")
    code, output = run_check(mini)
    assert code == 1
    expected = "hekou: geometry: coordinate (103.9590001, 22.5155) has more than 6 decimals"
    assert f"localities.geojson: {expected}" in output
    assert "reviewable layout" not in output  # the root cause only: fmt would round it away


def test_check_reports_unsorted_layer_file(mini: Path) -> None:
    path = mini / "localities.geojson"
    head, *feats, tail = path.read_text("utf-8").splitlines()
    feats = [f.rstrip(",") for f in feats]
    feats.reverse()
    path.write_text("\n".join([head, ",\n".join(feats), tail]) + "\n", "utf-8")
    code, output = run_check(mini)
    assert code == 1
    assert "localities.geojson: -: -: is not in the reviewable layout" in output
    assert CliRunner().invoke(cli, ["fmt", "--layers", str(mini)]).exit_code == 0
    assert run_check(mini)[0] == 0


def test_check_reports_a_missing_and_an_unreadable_file(mini: Path) -> None:
    (mini / "projects.geojson").unlink()
    (mini / "events.geojson").write_text("{not json", "utf-8")
    code, output = run_check(mini)
    assert code == 1
    assert "projects.geojson: -: -: file is missing" in output
    assert "events.geojson: -: -: is not valid JSON" in output


def test_check_reports_every_problem_not_just_the_first(mini: Path) -> None:
    set_prop("localities", "hekou", "status", "gone")(mini)
    set_prop("localities", "kunming", "level", "galaxy")(mini)
    code, output = run_check(mini)
    assert code == 1
    assert "hekou: status" in output
    assert "kunming: level" in output
    assert "2 problem(s) found." in output


def test_unlocated_feature_is_allowed_when_a_note_says_why(mini: Path) -> None:
    # lung-lan-market ships with a null geometry and a geometry_note
    assert run_check(mini)[0] == 0
    set_prop("border_gates", "lung-lan-market", "geometry_note", None)(mini)
    code, output = run_check(mini)
    assert code == 1
    assert "border_gates.geojson: lung-lan-market: geometry: is missing" in output


def test_check_with_articles_rejects_a_paragraph_past_the_body(mini: Path, articles: Path) -> None:
    assert run_check(mini, "--articles", str(articles))[0] == 0
    edit_fact("kim-thanh-open-2021", "paragraph", "40")(mini)
    code, output = run_check(mini, "--articles", str(articles))
    assert code == 1
    assert "facts.csv: kim-thanh-open-2021: paragraph: 40 is past the body of" in output


def test_check_with_articles_rejects_a_source_with_no_article(mini: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-articles"
    empty.mkdir()
    code, output = run_check(mini, "--articles", str(empty))
    assert code == 1
    assert "sources.csv: 000_207404e02f1e99b1.txt: file: no article" in output


def test_check_with_articles_wants_every_article_that_names_a_feature_in_its_sources(
    tmp_path: Path, articles: Path
) -> None:
    shipped = tmp_path / "layers"
    shutil.copytree(LAYERS, shipped)
    sources = ["000_207404e02f1e99b1.txt", "001_6b489c545fe40b34.txt"]
    set_prop("localities", "yunnan-province", "sources", sources)(shipped)
    code, output = run_check(shipped, "--articles", str(articles))
    assert code == 1
    assert (
        "localities.geojson: yunnan-province: sources: does not list 004_415df68755efbfee.txt, "
        "whose body names it ('tỉnh Vân Nam')"
    ) in output
    assert run_check(shipped)[0] == 0  # the rule needs the articles


def test_corridor_must_pass_through_its_cities_in_order(tmp_path: Path) -> None:
    shipped = tmp_path / "layers"
    shutil.copytree(LAYERS, shipped)
    assert run_check(shipped)[0] == 0
    set_prop("corridor", "kunming-quang-ninh-corridor", "via", ["hanoi", "kunming"])(shipped)
    code, output = run_check(shipped)
    assert code == 1
    assert (
        "corridor.geojson: kunming-quang-ninh-corridor: geometry: does not pass through the seat "
        "of 'kunming' in the order of via"
    ) in output


def test_shipped_layers_pass_the_article_checks(articles: Path) -> None:
    code, output = run_check(LAYERS, "--articles", str(articles))
    assert code == 0, output


def test_check_reports_files_that_are_not_utf8_or_have_extra_cells(mini: Path) -> None:
    (mini / "corridor.geojson").write_bytes(b'{"type": "FeatureCollection", "name": "\xff"}')
    with (mini / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("005_0000000000000000.txt,A title,Outlet,,,,,,surplus\n")
    code, output = run_check(mini)
    assert code == 1
    assert "corridor.geojson: -: -: is not UTF-8 text" in output
    assert "sources.csv: 005_0000000000000000.txt: -: has extra cells" in output


def test_python_dash_m_geo_runs_the_same_cli(mini: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    done = subprocess.run(
        [sys.executable, "-m", "geo", "check", "--layers", str(mini)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK:")
