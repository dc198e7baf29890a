"""
The corpus of broken inputs under ``tests/data/bad/``, and the generator of its large cases.

Each case is a change to the small fixture dataset ``tests/data/mini`` and the exact
problem lines ``geo check`` must print for it, written by hand: one line per problem,
naming file, feature and field, and only the root cause. Small cases are committed as
overlay folders (the files that differ from ``mini``, plus ``expected.txt``) so that a
reviewer reads them as data; large or machine-specific ones (a 60 MB layer, 100,000
features, a symlink out of the folder) are generated into a temporary folder by the
test that uses them.

Regenerate the committed overlays after changing a case::

    python -m tests.bad_corpus
"""

from __future__ import annotations

import csv
import filecmp
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
BAD = ROOT / "tests" / "data" / "bad"
#: Markup in every kind of text field: not an error; it builds and reads as text.
MARKUP = ROOT / "tests" / "data" / "markup"
EXPECTED = "expected.txt"

Mutation = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """A broken input: how to make it from ``mini`` and what ``geo check`` must say."""

    name: str
    mutate: Mutation
    expected: tuple[str, ...]
    #: Made at test time (too large to commit, or a symlink to a machine path).
    generated: bool = False
    #: For the large cases: the biggest file is at least this many MB.
    min_mb: int = 0


# --- helpers that edit a copy of mini --------------------------------------------------


def _layer_file(root: Path, layer: str) -> Path:
    return root / f"{layer}.geojson"


def _features(root: Path, layer: str) -> list[dict[str, Any]]:
    doc = json.loads(_layer_file(root, layer).read_text("utf-8"))
    feats: list[dict[str, Any]] = doc["features"]
    return feats


def _write_layer(root: Path, layer: str, feats: list[dict[str, Any]]) -> None:
    """Write in the reviewable layout, so that only the intended problem shows."""
    from geo._geojson import write_collection  # noqa: PLC0415
    from geo.schema import LAYER_BY_NAME  # noqa: PLC0415

    write_collection(
        _layer_file(root, layer),
        feats,
        name=layer,
        field_order=LAYER_BY_NAME[layer].field_names,
    )


def edit(layer: str, fid: str, change: Callable[[dict[str, Any]], None]) -> Mutation:
    def mutate(root: Path) -> None:
        feats = _features(root, layer)
        for feat in feats:
            if feat["properties"]["id"] == fid:
                change(feat)
        _write_layer(root, layer, feats)

    return mutate


def prop(layer: str, fid: str, key: str, value: Any) -> Mutation:
    return edit(layer, fid, lambda f: f["properties"].__setitem__(key, value))


def geom(layer: str, fid: str, geometry: Any) -> Mutation:
    return edit(layer, fid, lambda f: f.__setitem__("geometry", geometry))


def raw_text(fname: str, change: Callable[[str], str]) -> Mutation:
    """Change the file's text itself (for what a JSON writer would never produce)."""

    def mutate(root: Path) -> None:
        path = root / fname
        path.write_text(change(path.read_text("utf-8")), "utf-8", newline="\n")

    return mutate


def raw_bytes(fname: str, change: Callable[[bytes], bytes]) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / fname
        path.write_bytes(change(path.read_bytes()))

    return mutate


def row(table: str, key: str, column: str, value: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = list(reader.fieldnames or ())
            rows = list(reader)
        for r in rows:
            if r[columns[0]] == key:
                r[column] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    return mutate


def write(fname: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / fname).write_text(text, "utf-8", newline="\n")

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)

    return mutate


def _dup_feature(layer: str, fid: str) -> Mutation:
    def mutate(root: Path) -> None:
        feats = _features(root, layer)
        twin = json.loads(json.dumps(next(f for f in feats if f["properties"]["id"] == fid)))
        _write_layer(root, layer, [*feats, twin])

    return mutate


def _null_properties(root: Path) -> None:
    path = _layer_file(root, "events")
    text = path.read_text("utf-8")
    start = text.index('"properties":{')
    end = text.index('},"geometry"', start)
    path.write_text(text[:start] + '"properties":null' + text[end + 1 :], "utf-8", newline="\n")


def _nfd(text: str) -> str:
    import unicodedata  # noqa: PLC0415

    return unicodedata.normalize("NFD", text)


KIM_THANH = [103.948, 22.5185]
SQUARE = [[103.95, 22.5], [103.96, 22.5], [103.96, 22.51], [103.95, 22.51]]
BOWTIE = [[103.95, 22.5], [103.96, 22.51], [103.96, 22.5], [103.95, 22.51], [103.95, 22.5]]
XSS_URL = 'https://baolaocai.vn/"><svg onload=alert(1)>'

CASES: tuple[Case, ...] = (
    # --- files that cannot be read: one line, and nothing about what points into them
    Case(
        "malformed-json",
        raw_text("border_gates.geojson", lambda t: t.replace('"status":"existing"', '"status":')),
        ("border_gates.geojson: -: -: is not valid JSON: Expecting value at line 2, column 350",),
    ),
    Case(
        "truncated-json",
        raw_text("localities.geojson", lambda t: t[: len(t) // 2]),
        (
            "localities.geojson: -: -: is not valid JSON: it ends too early (truncated?) "
            "at line 5, column 37",
        ),
    ),
    Case(
        "utf8-bom",
        raw_bytes("crossings.geojson", lambda b: b"\xef\xbb\xbf" + b),
        ("crossings.geojson: -: -: starts with a byte-order mark (BOM); run `geo fmt`",),
    ),
    Case(
        "latin1-bytes",
        raw_bytes(
            "localities.geojson",
            lambda b: (
                b.decode("utf-8")
                .encode("utf-8")
                .replace("Vùng Aquitaine".encode(), "Vùng Aquitaine".encode("latin-1", "replace"))
            ),
        ),
        (
            "localities.geojson: -: -: is not UTF-8 text: byte 0xf9 on line 2 (save it as UTF-8; "
            "it may be Latin-1 or Windows-1252)",
        ),
    ),
    Case(
        "crlf-line-endings",
        raw_bytes("projects.geojson", lambda b: b.replace(b"\n", b"\r\n")),
        ("projects.geojson: -: -: has Windows (CRLF) line endings; run `geo fmt`",),
    ),
    Case(
        "crlf-in-a-csv",
        raw_bytes("sources.csv", lambda b: b.replace(b"\n", b"\r\n")),
        ("sources.csv: -: -: has Windows (CRLF) line endings; run `geo fmt`",),
    ),
    Case(
        "csv-unbalanced-quote",
        raw_text("facts.csv", lambda t: t.replace(',"Năm 2021, khi', ',"Năm 2021 "khi', 1)),
        (
            "facts.csv: -: -: is not valid CSV in the row from line 2: ',' expected after '\"' "
            "(an unbalanced quote?)",
        ),
    ),
    Case(
        "redirects-wrong-header",
        write("redirects.csv", "from,to\nkim-thanh,kim-thanh-gate\n"),
        (
            "redirects.csv: -: header: columns must be old_id, new_id, date, reason "
            "(found from, to)",
        ),
    ),
    Case(
        "deeply-nested-json",
        raw_text(
            "events.geojson",
            lambda t: t.replace('"name_zh":null', '"name_zh":' + "[" * 1000 + "]" * 1000),
        ),
        ("events.geojson: -: -: nests brackets 1004 levels deep; a layer needs at most 32",),
    ),
    Case(
        "not-a-feature-collection",
        write("projects.geojson", '{"type":"Feature","properties":{},"geometry":null}\n'),
        ("projects.geojson: -: type: must be a FeatureCollection",),
    ),
    # --- text
    Case(
        "nfd-text",
        raw_text("localities.geojson", lambda t: t.replace('"Hà Nội"', _nfd('"Hà Nội"'))),
        (
            "localities.geojson: hanoi: name_vi: is not NFC Unicode (accents stored as separate "
            "marks); run `geo fmt`",
        ),
    ),
    # --- geometry
    Case(
        "wrong-geometry-type",
        geom(
            "border_gates",
            "kim-thanh-gate",
            {"type": "LineString", "coordinates": [KIM_THANH, [103.95, 22.52]]},
        ),
        ("border_gates.geojson: kim-thanh-gate: geometry: must be Point (found LineString)",),
    ),
    Case(
        "swapped-lon-lat",
        geom("border_gates", "kim-thanh-gate", {"type": "Point", "coordinates": KIM_THANH[::-1]}),
        (
            "border_gates.geojson: kim-thanh-gate: geometry: coordinate (22.5185, 103.948) is out "
            "of range; it looks like (latitude, longitude) — GeoJSON wants (longitude, latitude)",
        ),
    ),
    Case(
        "coordinates-out-of-range",
        geom("localities", "hanoi", {"type": "Point", "coordinates": [305.84117, 21.0245]}),
        ("localities.geojson: hanoi: geometry: coordinate (305.84117, 21.0245) is out of range",),
    ),
    Case(
        "nan-coordinate",
        raw_text("localities.geojson", lambda t: t.replace("[105.84117,21.0245]", "[NaN,21.0245]")),
        (
            "localities.geojson: hanoi: geometry: coordinate (nan, 21.0245) is not a pair of "
            "finite numbers",
        ),
    ),
    Case(
        "infinity-in-a-field",
        raw_text("crossings.geojson", lambda t: t.replace('"since":', '"since":Infinity,"x":', 1)),
        (
            "crossings.geojson: kim-thanh-bridge: since: must be integer (found inf)",
            "crossings.geojson: kim-thanh-bridge: x: is not a field of this layer",
        ),
    ),
    Case(
        "unclosed-ring",
        edit("partner_counties", "county-hekou", lambda f: f["geometry"]["coordinates"][0].pop()),
        (
            "partner_counties.geojson: county-hekou: geometry: ring 1 is not closed (its first "
            "and last positions differ)",
        ),
    ),
    Case(
        "self-intersecting-ring",
        geom("partner_counties", "county-hekou", {"type": "Polygon", "coordinates": [BOWTIE]}),
        (
            "partner_counties.geojson: county-hekou: geometry: is not valid: Self-intersection"
            "[103.955 22.505]",
        ),
    ),
    Case(
        "ring-of-three-positions",
        geom(
            "partner_counties",
            "county-hekou",
            {"type": "Polygon", "coordinates": [[*SQUARE[:2], SQUARE[0]]]},
        ),
        (
            "partner_counties.geojson: county-hekou: geometry: ring 1 has 3 positions "
            "(a ring needs "
            "at least 4)",
        ),
    ),
    Case(
        "empty-geometry",
        geom("projects", "viet-trung-steel-plant", {"type": "Point", "coordinates": []}),
        (
            "projects.geojson: viet-trung-steel-plant: geometry: is empty (use null, with a "
            "geometry_note saying why, for a place not located)",
        ),
    ),
    Case(
        "malformed-coordinates",
        geom("crossings", "kim-thanh-bridge", {"type": "LineString", "coordinates": KIM_THANH}),
        (
            "crossings.geojson: kim-thanh-bridge: geometry: has malformed coordinates for a "
            "LineString",
        ),
    ),
    Case(
        "null-properties",
        _null_properties,
        ("events.geojson: #1: properties: feature has no properties object",),
    ),
    # --- ids
    Case(
        "duplicate-id-within-a-layer",
        _dup_feature("localities", "hekou"),
        ("localities.geojson: hekou: id: is already used in localities.geojson",),
    ),
    Case(
        "duplicate-id-across-layers",
        prop("events", "yoga-day-2022-sa-pa", "id", "hekou"),
        ("events.geojson: hekou: id: is already used in localities.geojson",),
    ),
    Case(
        "id-with-uppercase",
        prop("projects", "viet-trung-steel-plant", "id", "Viet-Trung-Steel-Plant"),
        (
            "projects.geojson: Viet-Trung-Steel-Plant: id: 'Viet-Trung-Steel-Plant' does not "
            "match [a-z0-9]+(?:-[a-z0-9]+)*",
        ),
    ),
    Case(
        "id-with-spaces",
        prop("events", "yoga-day-2022-sa-pa", "id", "yoga day"),
        ("events.geojson: yoga day: id: 'yoga day' does not match [a-z0-9]+(?:-[a-z0-9]+)*",),
    ),
    Case(
        "id-non-ascii",
        prop("events", "yoga-day-2022-sa-pa", "id", "yoga-sa-pa-2022-ngày"),
        (
            "events.geojson: yoga-sa-pa-2022-ngày: id: 'yoga-sa-pa-2022-ngày' does not match "
            "[a-z0-9]+(?:-[a-z0-9]+)*",
        ),
    ),
    # --- fields and values
    Case(
        "unknown-vocabulary-value",
        prop("border_gates", "kim-thanh-gate", "level", "galactic"),
        (
            "border_gates.geojson: kim-thanh-gate: level: 'galactic' is not one of international, "
            "main, bilateral, border_market, opening, gate",
        ),
    ),
    Case(
        "since-as-a-string",
        prop("partnerships", "pair-lao-cai-city-hekou", "since", "2001"),
        ("partnerships.geojson: pair-lao-cai-city-hekou: since: must be integer (found '2001')",),
    ),
    Case(
        "since-3019",
        prop("partnerships", "pair-lao-cai-city-hekou", "since", 3019),
        ("partnerships.geojson: pair-lao-cai-city-hekou: since: 3019 is not a plausible year",),
    ),
    Case(
        "unknown-field",
        prop("localities", "kunming", "population", 8_460_000),
        ("localities.geojson: kunming: population: is not a field of this layer",),
    ),
    Case(
        "missing-field",
        edit("localities", "kunming", lambda f: f["properties"].pop("seat_vi")),
        ("localities.geojson: kunming: seat_vi: is missing",),
    ),
    Case(
        "partnership-end-off-the-seat",
        edit(
            "partnerships",
            "pair-lao-cai-city-hekou",
            lambda f: f["geometry"]["coordinates"].__setitem__(0, [103.9, 22.4]),
        ),
        (
            "partnerships.geojson: pair-lao-cai-city-hekou: geometry: end [103.9, 22.4] is not "
            "the seat of from_id 'lao-cai-city'",
        ),
    ),
    # --- facts and sources
    Case(
        "fact-about-a-missing-feature",
        row("facts", "kim-thanh-open-2021", "features", "kim-thanh-gate;ban-vuoc-bridge"),
        ("facts.csv: kim-thanh-open-2021: features: 'ban-vuoc-bridge' is not a feature",),
    ),
    Case(
        "fact-from-a-missing-source",
        row("facts", "lc-trade-2022", "source", "009_0123456789abcdef.txt"),
        ("facts.csv: lc-trade-2022: source: '009_0123456789abcdef.txt' is not in sources.csv",),
    ),
    Case(
        "impossible-date",
        row("facts", "lc-trade-2022", "date", "2021-02-30"),
        ("facts.csv: lc-trade-2022: date: must be date (found '2021-02-30')",),
    ),
    Case(
        "decimal-comma",
        row("facts", "lc-trade-2022", "value", "1,5"),
        (
            "facts.csv: lc-trade-2022: value: must be number (found '1,5'; write 1.5 with a "
            "decimal point)",
        ),
    ),
    # --- permalinks
    Case(
        "redirect-cycle",
        write(
            "redirects.csv",
            "old_id,new_id,date,reason\nold-a,old-b,,renamed\nold-b,old-a,,renamed back\n",
        ),
        (
            "redirects.csv: old-a: new_id: is part of a redirect cycle: old-a → old-b → old-a",
            "redirects.csv: old-b: new_id: is part of a redirect cycle: old-b → old-a → old-b",
        ),
    ),
    Case(
        "published-id-removed",
        write("published_ids.txt", "# published\nhekou\nmong-tu\n"),
        (
            "published_ids.txt: mong-tu: id: was published but is gone; add a redirect in "
            "redirects.csv",
        ),
    ),
    # --- markup and scripts where a URL goes (text fields build and read as text)
    Case(
        "javascript-url",
        row("sources", "002_6bcdd4cf1a5b396e.txt", "url", "javascript:alert(document.domain)"),
        (
            "sources.csv: 002_6bcdd4cf1a5b396e.txt: url: 'javascript:alert(document.domain)' is "
            "not an http(s) URL",
        ),
    ),
    Case(
        "url-breaking-out-of-html",
        row("sources", "002_6bcdd4cf1a5b396e.txt", "url", XSS_URL),
        (f"sources.csv: 002_6bcdd4cf1a5b396e.txt: url: {XSS_URL!r} is not an http(s) URL",),
    ),
)


def _symlink_out(root: Path) -> None:
    outside = root.parent / "elsewhere" / "events.geojson"
    outside.parent.mkdir(exist_ok=True)
    (root / "events.geojson").replace(outside)
    (root / "events.geojson").symlink_to(outside)


def _many_features(count: int, *, pad: int = 0) -> Mutation:
    """``count`` valid projects (``pad`` bytes of note each), one of them broken."""

    def mutate(root: Path) -> None:
        feats = _features(root, "projects")
        template = feats[0]
        out = []
        for n in range(count):
            feat = json.loads(json.dumps(template))
            props = feat["properties"]
            props["id"] = f"synthetic-{n:06d}"
            props["note_en"] = props["note_vi"] = "x" * pad if pad else None
            props["aliases"] = []
            feat["geometry"]["coordinates"] = [103.9 + (n % 1000) / 10000, 22.4 + n / 10**7]
            out.append(feat)
        out[count // 2]["properties"]["status"] = "imaginary"
        _write_layer(root, "projects", out)

    return mutate


def _oversized(root: Path) -> None:
    """A 300 MB file that is never read: sparse, so it costs no disk."""
    with (root / "localities.geojson").open("r+b") as fh:
        fh.truncate(300 * 2**20)


_STATUS = "'imaginary' is not one of existing, planned, proposed, held"

GENERATED: tuple[Case, ...] = (
    Case(
        "symlink-out-of-the-folder",
        _symlink_out,
        (
            "events.geojson: -: -: is a symlink to {elsewhere}/events.geojson, outside {layers}; "
            "copy the file in instead",
        ),
        generated=True,
    ),
    Case(
        "100000-features",
        _many_features(100_000),
        (f"projects.geojson: synthetic-050000: status: {_STATUS}",),
        generated=True,
        min_mb=30,
    ),
    Case(
        "60-mb-layer",
        _many_features(20_000, pad=1400),
        (f"projects.geojson: synthetic-010000: status: {_STATUS}",),
        generated=True,
        min_mb=60,
    ),
    Case(
        "file-over-the-size-limit",
        _oversized,
        (
            "localities.geojson: -: -: is 300 MB, over the 256 MB a file may have (split the "
            "layer or simplify its geometries)",
        ),
        generated=True,
    ),
)


#: What the markup case puts where, and how a browser must show it: as these characters.
MARKUP_TEXT = {
    "name_vi": "<script>window.pwned=1</script>Huyện Hà Khẩu",
    "name_en": 'Hekou <img src=x onerror="window.pwned=2">',
    "alias": '"><svg onload="window.pwned=3">',
    "note_en": '<b>Bold</b> <a href="javascript:window.pwned=4">link</a>',
    "note_vi": '<b>Đậm</b> <iframe src="javascript:window.pwned=5"></iframe>',
    "statement_en": '<img src=x onerror="window.pwned=6"> Lào Cai City and Hekou pair up',
    "title": '<svg onload="window.pwned=7">Điểm sáng quan hệ đối ngoại',
}


def _markup(root: Path) -> None:
    def hekou(feat: dict[str, Any]) -> None:
        props = feat["properties"]
        props["name_vi"], props["name_en"] = MARKUP_TEXT["name_vi"], MARKUP_TEXT["name_en"]
        props["aliases"] = [*props["aliases"], MARKUP_TEXT["alias"]]
        props["note_en"], props["note_vi"] = MARKUP_TEXT["note_en"], MARKUP_TEXT["note_vi"]

    edit("localities", "hekou", hekou)(root)
    row("facts", "lc-city-hekou-2001", "statement_en", MARKUP_TEXT["statement_en"])(root)
    row("sources", "001_6b489c545fe40b34.txt", "title", MARKUP_TEXT["title"])(root)


MARKUP_CASE = Case("markup-in-text", _markup, ())


def make_case(case: Case, *, dest: Path) -> Path:
    """A full layers folder for ``case`` at ``dest/layers`` (from mini and its overlay)."""
    layers = dest / "layers"
    shutil.copytree(MINI, layers)
    if case.generated:
        case.mutate(layers)
    else:
        folder = MARKUP if case is MARKUP_CASE else BAD / case.name
        for path in sorted(folder.iterdir()):
            if path.name != EXPECTED:
                shutil.copyfile(path, layers / path.name)
    return layers


def expected_lines(case: Case, *, layers: Path) -> list[str]:
    """What ``geo check`` must print, with the case's folder names filled in."""
    fill = {"layers": str(layers), "elsewhere": str(layers.parent / "elsewhere")}
    return [line.format(**fill) if case.generated else line for line in case.expected]


def _overlay(case: Case, *, folder: Path) -> None:
    """Write the files of ``case`` that differ from mini into ``folder``."""
    with tempfile.TemporaryDirectory() as tmp:
        layers = Path(tmp) / "layers"
        shutil.copytree(MINI, layers)
        case.mutate(layers)
        folder.mkdir(parents=True)
        for path in sorted(layers.iterdir()):
            original = MINI / path.name
            if not original.exists() or not filecmp.cmp(path, original, shallow=False):
                shutil.copyfile(path, folder / path.name)


def write_overlays(dest: Path = BAD, *, markup: Path = MARKUP) -> None:
    """Write each small case as the files that differ from mini, plus ``expected.txt``."""
    shutil.rmtree(dest, ignore_errors=True)
    for case in CASES:
        _overlay(case, folder=dest / case.name)
        text = "".join(f"{line}\n" for line in case.expected)
        (dest / case.name / EXPECTED).write_text(text, "utf-8", newline="\n")
    shutil.rmtree(markup, ignore_errors=True)
    _overlay(MARKUP_CASE, folder=markup)


if __name__ == "__main__":
    write_overlays()
    sys.stdout.write(f"Wrote {len(CASES)} cases to {BAD}, and {MARKUP}.\n")
