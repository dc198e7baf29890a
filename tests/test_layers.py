"""The shipped layers: every place from the articles is there, true to its sources."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pyproj
import pytest
import shapely
import shapely.ops

from geo.check import article_paragraphs
from geo.docs import data_dictionary
from geo.join import fact_record, facts_by_feature
from geo.load import read_dataset
from geo.schema import LAYER_BY_NAME
from tests.conftest import LAYERS, ROOT

DATA = read_dataset(LAYERS)
BY_ID = {fid: (layer.name, feat["properties"]) for fid, (layer, feat) in DATA.by_id().items()}
GEOMS = {fid: feat["geometry"] for fid, (_, feat) in DATA.by_id().items()}


def _km(a: shapely.Point, b: shapely.Geometry) -> float:
    """Distance from a point to the nearest point of a geometry, on the WGS 84 ellipsoid."""
    nearest = shapely.ops.nearest_points(a, b)[1]
    return pyproj.Geod(ellps="WGS84").inv(a.x, a.y, nearest.x, nearest.y)[2] / 1000


# The places the foundation issue lists, by layer, written out by hand.
EXPECTED = {
    "border_gates": [
        "lao-cai-gate",
        "kim-thanh-gate",
        "thanh-thuy-gate",
        "xin-man-gate",
        "sam-pun-gate",
        "pho-bang-gate",
        "lung-lan-market",
    ],
    "localities": [
        "lao-cai-province",
        "lao-cai-city",
        "ha-giang-province",
        "ha-giang-city",
        "sa-pa",
        "bac-ha",
        "bao-thang",
        "muong-khuong",
        "bat-xat",
        "xin-man",
        "vi-xuyen",
        "dong-van",
        "meo-vac",
        "lai-chau-province",
        "dien-bien-province",
        "yunnan-province",
        "guangxi",
        "honghe-prefecture",
        "wenshan-prefecture",
        "hekou",
        "mengzi",
        "shiping",
        "jianshui",
        "maguan",
        "malipo",
        "funing",
        "napo",
        "baoding",
        "aquitaine",
        "brest-region",
        "victoria",
        "gyeongsan",
        "moriya",
        "benguet",
        "boeun",
        "ulyanovsk-oblast",
        "kunming",
        "hanoi",
        "haiphong",
        "quang-ninh-province",
    ],
    "crossings": [
        "ho-kieu-bridge",
        "kim-thanh-bridge",
        "ban-vuoc-bridge",
        "na-la-hoa-long-bridge",
        "lao-cai-hekou-railway",
        "noi-bai-lao-cai-expressway",
        "hekou-kunming-expressway",
    ],
    "projects": ["viet-trung-steel-plant", "quy-sa-iron-mine", "seo-choong-ho-hydropower"],
    "corridor": ["kunming-quang-ninh-corridor"],
    "border": ["vn-cn-border"],
    "partner_counties": [
        "county-hekou",
        "county-mengzi",
        "county-shiping",
        "county-jianshui",
        "county-maguan",
        "county-malipo",
        "county-funing",
        "county-napo",
    ],
}

# (Vietnamese side, partner, kind, status, since) as the articles describe them.
EXPECTED_PAIRS = [
    ("lao-cai-province", "yunnan-province", "cooperation", "existing", 1991),
    ("lao-cai-city", "hekou", "friendship", "existing", 2001),
    ("lao-cai-city", "mengzi", "friendship", "existing", 2019),
    ("lao-cai-city", "baoding", "friendship", "planned", None),
    ("sa-pa", "shiping", "friendship", "existing", None),
    ("bac-ha", "jianshui", "friendship", "existing", None),
    ("bao-thang", "shiping", "friendship", "existing", None),
    ("muong-khuong", "maguan", "friendship", "existing", None),
    ("xin-man", "maguan", "sister", "existing", None),
    ("vi-xuyen", "malipo", "letter_of_intent", "existing", None),
    ("dong-van", "funing", "letter_of_intent", "existing", None),
    ("meo-vac", "funing", "sister", "existing", None),
    ("meo-vac", "napo", "sister", "existing", None),
    ("ha-giang-province", "moriya", "friendship", "existing", 2018),
    ("ha-giang-province", "boeun", "cooperation_agreement", "existing", 2019),
    ("ha-giang-province", "ulyanovsk-oblast", "friendship", "proposed", None),
    ("lao-cai-province", "aquitaine", "cooperation_agreement", "existing", None),
    ("lao-cai-province", "brest-region", "cooperation_agreement", "existing", None),
    ("lao-cai-province", "victoria", "cooperation_agreement", "existing", None),
    ("lao-cai-province", "gyeongsan", "cooperation_unspecified", "existing", None),
    ("ha-giang-province", "guangxi", "cooperation_unspecified", "existing", None),
    ("ha-giang-province", "benguet", "sister", "existing", 2018),
]


@pytest.mark.parametrize("layer", sorted(EXPECTED))
def test_every_place_the_issue_lists_is_mapped(layer: str) -> None:
    ids = {feat["properties"]["id"] for feat in DATA.features[layer]}
    missing = sorted(set(EXPECTED[layer]) - ids)
    assert not missing, f"{layer} lacks {missing}"


@pytest.mark.parametrize(
    ("a", "b", "kind", "status", "since"),
    EXPECTED_PAIRS,
    ids=[f"{a}~{b}" for a, b, *_ in EXPECTED_PAIRS],
)
def test_every_partnership_is_mapped_as_the_articles_say(
    a: str, b: str, kind: str, status: str, since: int | None
) -> None:
    pairs = {
        (f["properties"]["from_id"], f["properties"]["to_id"]): f["properties"]
        for f in DATA.features["partnerships"]
    }
    assert (a, b) in pairs
    props = pairs[(a, b)]
    assert (props["kind"], props["status"], props["since"]) == (kind, status, since)


def test_gate_levels_and_years_follow_the_articles() -> None:
    gates = {f["properties"]["id"]: f["properties"] for f in DATA.features["border_gates"]}
    assert gates["thanh-thuy-gate"]["level"] == "international"
    assert gates["thanh-thuy-gate"]["since"] == 2014
    assert (gates["xin-man-gate"]["level"], gates["xin-man-gate"]["since"]) == ("bilateral", 2018)
    for proposed in ("sam-pun-gate", "pho-bang-gate", "lung-lan-market"):
        assert gates[proposed]["status"] == "proposed"
    assert gates["lung-lan-market"]["level"] == "border_market"
    assert "sidebar" in gates["lao-cai-gate"]["note_en"]


def test_kunming_has_one_position_and_the_corridor_starts_there() -> None:
    kunming = BY_ID["kunming"][1]
    point = shapely.geometry.shape(GEOMS["kunming"])
    [corridor] = DATA.features["corridor"]
    assert tuple(corridor["geometry"]["coordinates"][0]) == (point.x, point.y)
    # What the articles place in Kunming sits at the same city centre (within 2 km).
    for fid in ("hekou-kunming-expressway", "ho-chi-minh-workshop-kunming-2022"):
        geom = shapely.geometry.shape(GEOMS[fid])
        assert _km(point, geom) < 2, fid
    assert "Chenggong" in kunming["geometry_note"]
    assert "Trình Cống" in kunming["seat_vi"]


def test_unknown_dates_and_urls_are_null_not_invented() -> None:
    by_file = {row["file"]: row for row in DATA.sources}
    assert by_file["000_207404e02f1e99b1.txt"]["url"].startswith("https://baolaocai.vn/")
    for fname in ("001", "002", "003", "004"):
        row = next(r for f, r in by_file.items() if f.startswith(fname))
        assert row["url"] == "", f"{fname} has no URL in the capture"
    assert by_file["004_415df68755efbfee.txt"]["date"] == "2021-10-14"
    assert all(by_file[f]["date"] == "" for f in by_file if not f.startswith("004"))


def test_disagreeing_figures_are_both_kept_with_their_sources() -> None:
    facts = {row["id"]: fact_record(row) for row in DATA.facts}
    # Chinese FDI in Lào Cai: 12 projects / USD 388 m (001) against 14 / USD 391.9 m (003)
    assert facts["lc-cn-fdi-projects-2022"]["value"] == 12
    assert facts["lc-cn-fdi-projects-2020"]["value"] == 14
    assert facts["lc-cn-fdi-capital-2022"]["source"] != facts["lc-cn-fdi-capital-2020"]["source"]
    lao_cai = {f["id"] for f in facts_by_feature(DATA)["lao-cai-province"]}
    assert {"lc-cn-fdi-capital-2022", "lc-cn-fdi-capital-2020"} <= lao_cai


# Facts that disagree with another article's, and what each note must name.
DISAGREEMENTS = {
    "lc-cn-fdi-capital-2022": ("388", "391.9"),
    "lc-cn-fdi-capital-2020": ("388", "391.9"),
    "lc-cn-fdi-share-2022": ("71%", "546", "686"),
    "lc-fdi-capital-2022": ("71%", "546", "686"),
    "lc-trade-2019": ("2019", "2021", "2022"),
    "lc-yn-trade-2021": ("2019", "2021", "2022"),
    "lc-trade-2022": ("2019", "2021", "2022"),
    "hg-agreements-23": ("¶3", "¶6"),
}


@pytest.mark.parametrize("fid", sorted(DISAGREEMENTS))
def test_disagreements_are_annotated_with_what_differs(fid: str) -> None:
    facts = {row["id"]: row for row in DATA.facts}
    assert all(part in facts[fid]["note_en"] for part in DISAGREEMENTS[fid]), facts[fid]["note_en"]
    assert facts[fid]["note_vi"]


def test_fact_notes_are_bilingual() -> None:
    one_sided = [r["id"] for r in DATA.facts if bool(r["note_en"]) != bool(r["note_vi"])]
    assert not one_sided


def test_data_dictionary_is_generated_from_the_schema() -> None:
    shipped = (ROOT / "docs" / "data-dictionary.md").read_text("utf-8")
    assert shipped == data_dictionary(), "run `geo docs` and commit docs/data-dictionary.md"


# --- against the articles (CI has them; a user's clone may not) --------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"\s+", " ", text)


def _figure_forms(value: float, unit: str) -> list[str]:
    """How the article may write a figure: Vietnamese decimal comma, dot thousands."""
    forms = []
    for v in (value, value / 1000) if unit == "billion VND" else (value,):
        if v == int(v):
            n = int(v)
            forms += [str(n), f"{n:,}".replace(",", ".")]
        else:
            forms.append(f"{v:g}".replace(".", ","))
    return forms


def test_every_figure_appears_in_the_paragraph_it_cites(articles: Path) -> None:
    wrong = []
    for row in DATA.facts:
        fact = fact_record(row)
        if fact["value"] is None:
            continue
        paragraph = article_paragraphs(articles / fact["source"])[fact["paragraph"] - 1]
        forms = _figure_forms(fact["value"], fact["unit"])
        pattern = "|".join(rf"(?<![\d.,])0*{re.escape(f)}(?![\d]|[.,]\d)" for f in forms)
        if not re.search(pattern, paragraph):
            wrong.append(f"{fact['id']}: {forms} not in paragraph {fact['paragraph']}")
    assert not wrong, "\n".join(wrong)


def test_statements_are_the_projects_own_words(articles: Path) -> None:
    """No statement repeats a clause (14 consecutive syllables) of an article."""
    bodies = {
        row["file"]: _fold(" ".join(article_paragraphs(articles / row["file"])))
        for row in DATA.sources
    }
    copied = []
    for row in DATA.facts:
        words = _fold(row["statement_vi"]).split()
        for i in range(len(words) - 13):
            run = " ".join(words[i : i + 14])
            if run in bodies[row["source"]]:
                copied.append(f"{row['id']}: {run!r}")
                break
    assert not copied, "\n".join(copied)


# The article bodies name only the Hồ Kiều bridge at this gate; its note says so.
NAMED_BY_WHAT_IS_AT_IT = {"lao-cai-gate": "hồ kiều"}


def test_every_feature_source_mentions_the_feature(articles: Path) -> None:
    """Each article a feature cites names it (by a name or alias) in its body."""
    bodies = {
        row["file"]: _fold(" ".join(article_paragraphs(articles / row["file"])))
        for row in DATA.sources
    }
    unnamed = []
    for fid, (layer, props) in BY_ID.items():
        if layer in {
            "border",
            "countries",
            "partner_counties",
            "partnerships",
            "events",
            "corridor",
        }:
            continue
        names = [props["name_vi"], props["name_en"], *(props["aliases"] or [])]
        short = [
            re.sub(r"^(tỉnh|thành phố|huyện|thị xã|châu|vùng|bang) ", "", _fold(n)) for n in names
        ]
        if fid in NAMED_BY_WHAT_IS_AT_IT:
            assert "sidebar" in props["note_en"]
            short = [NAMED_BY_WHAT_IS_AT_IT[fid]]
        for src in props["sources"]:
            if not any(n and n in bodies[src] for n in short):
                unnamed.append(f"{fid} in {src}")
    assert not unnamed, "\n".join(unnamed)


# --- positions against gazetteers and published coordinates ------------------------
# tests/data/reference_positions.csv is written by scripts/reference_positions.py from
# GeoNames (CC BY 4.0), cpca's adcode seat points (MIT) and published boundary markers;
# each row names its source and the distance it allows.

REFERENCE = list(
    csv.DictReader(
        (ROOT / "tests" / "data" / "reference_positions.csv").read_text("utf-8").splitlines()
    )
)
# Gates no published coordinate places; their geometry_note must say how far off they may be.
UNREFERENCED_GATES = {"kim-thanh-gate", "xin-man-gate", "sam-pun-gate"}


@pytest.mark.parametrize("row", REFERENCE, ids=[r["id"] for r in REFERENCE])
def test_each_seat_gate_and_corridor_city_is_where_its_reference_puts_it(
    row: dict[str, str],
) -> None:
    reference = shapely.Point(float(row["lon"]), float(row["lat"]))
    off = _km(reference, shapely.geometry.shape(GEOMS[row["id"]]))
    assert off <= float(row["tolerance_km"]), f"{off:.2f} km from {row['reference']}"


def test_every_chinese_seat_and_every_gate_has_a_reference_or_says_it_is_approximate() -> None:
    referenced = {row["id"] for row in REFERENCE}
    chinese_seats = {
        fid
        for fid, (layer, props) in BY_ID.items()
        if layer == "localities" and props["country"] == ["CN"]
    }
    assert chinese_seats - {"baoding"} <= referenced, sorted(chinese_seats - referenced)
    for fid, (layer, props) in BY_ID.items():
        if layer != "border_gates" or GEOMS[fid] is None or fid in referenced:
            continue
        assert fid in UNREFERENCED_GATES, fid
        assert re.search(r"Approximate|±\d", props["geometry_note"]), fid


def test_every_position_names_its_source() -> None:
    for row in REFERENCE:
        note = BY_ID[row["id"]][1]["geometry_note"] or ""
        gazetteer = row["source"].startswith(("cpca", "GeoNames", "GADM"))
        named = row["reference"].split()[1] if gazetteer else ""
        # A gazetteer row names its id (GADM: its unit) in the note; a marker row, the marker.
        assert named in note if named else "marker" in note, (row["id"], note)


def test_chinese_seats_lie_inside_their_county_outline() -> None:
    """A second, independent check: the seat is inside the county polygon (within 1 km)."""
    outlines = {
        feat["properties"]["id"].removeprefix("county-"): shapely.geometry.shape(feat["geometry"])
        for feat in DATA.features["partner_counties"]
    }
    for county, outline in outlines.items():
        seat = shapely.geometry.shape(GEOMS[county])
        assert outline.contains(seat) or _km(seat, outline.boundary) < 1, county


def test_the_corridor_passes_through_each_of_its_cities() -> None:
    [corridor] = DATA.features["corridor"]
    line = shapely.geometry.shape(corridor["geometry"])
    for city in ("kunming", "lao-cai-city", "hanoi", "haiphong", "quang-ninh-province"):
        assert _km(shapely.geometry.shape(GEOMS[city]), line) < 0.1, city


def test_the_na_la_bridge_is_a_schematic_line_at_the_thanh_thuy_gate() -> None:
    bridge = BY_ID["na-la-hoa-long-bridge"][1]
    line = shapely.geometry.shape(GEOMS["na-la-hoa-long-bridge"])
    assert line.geom_type == "LineString"
    assert _km(shapely.geometry.shape(GEOMS["thanh-thuy-gate"]), line) < 0.1
    assert "Schematic" in bridge["geometry_note"]
    assert "261" in bridge["geometry_note"]
    assert "not identified" in bridge["geometry_note"]


def test_the_lung_lan_market_is_a_commune_level_point_in_son_vi() -> None:
    """Commune-level: its note gives the source and the uncertainty; the point is in Vietnam (to
    Natural Earth's precision) near the border, east of Mèo Vạc town, independently of GADM."""
    market = BY_ID["lung-lan-market"][1]
    point = shapely.geometry.shape(GEOMS["lung-lan-market"])
    assert point.geom_type == "Point"
    note, note_vi = market["geometry_note"], market["geometry_note_vi"]
    assert note.startswith("Commune-level, ±6 km")
    assert "sai số ±6 km" in note_vi
    for text in (note, note_vi):
        assert "VNM.26.6.14_1" in text
        assert "504" in text
    assert "Lộng Bình, the Chinese side, is not identified" in note
    vietnam = shapely.geometry.shape(GEOMS["country-vn"])
    [border] = DATA.features["border"]
    # Natural Earth is about 1 km precise along the border; here its line passes 0.6 km away.
    assert vietnam.contains(point) or _km(point, vietnam.boundary) < 1
    assert "0.6 km" in note
    assert _km(point, shapely.geometry.shape(border["geometry"])) < 6
    seat = shapely.geometry.shape(GEOMS["meo-vac"])
    azimuth, _, metres = pyproj.Geod(ellps="WGS84").inv(seat.x, seat.y, point.x, point.y)
    assert 10 < metres / 1000 < 16
    assert 60 < azimuth < 120


# --- issue 12's data-truth points, each held by a test ------------------------------

# Figures of article 003 that sat only inside another row's statement: their own rows now.
OWN_FIGURES = {
    "lc-oda-completed-2013-2019": (11, "projects", 7),
    "lc-oda-ongoing-2013-2019": (16, "projects", 7),
    "lc-oda-programmes-2019": (13, "projects", 7),
    "lc-fdi-industry-projects-2020": (10, "projects", 7),
    "lc-fdi-tourism-projects-2020": (7, "projects", 7),
    "lc-fdi-agriculture-projects-2020": (3, "projects", 7),
    "lc-cn-fdi-disbursing-projects-2020": (14, "projects", 5),
}


@pytest.mark.parametrize("fid", sorted(OWN_FIGURES))
def test_figures_of_003_have_rows_of_their_own(fid: str) -> None:
    facts = {row["id"]: fact_record(row) for row in DATA.facts}
    value, unit, paragraph = OWN_FIGURES[fid]
    fact = facts[fid]
    assert (fact["value"], fact["unit"], fact["paragraph"]) == (value, unit, paragraph)
    assert fact["source"].startswith("003_")


def test_ha_giang_benguet_is_dated_2018_from_004() -> None:
    pair = BY_ID["pair-ha-giang-benguet"][1]
    assert pair["since"] == 2018
    assert "2018" in pair["note_en"]
    assert "¶8" in pair["note_en"]
    assert "no year" not in pair["note_en"].lower()
    fact = next(fact_record(r) for r in DATA.facts if r["id"] == "hg-benguet-sister")
    assert (fact["year"], fact["paragraph"]) == (2018, 8)


def test_claims_the_articles_do_not_make_are_gone_or_say_so() -> None:
    kinds = {f["properties"]["id"]: f["properties"]["kind"] for f in DATA.features["partnerships"]}
    assert kinds["pair-lao-cai-gyeongsan"] == kinds["pair-ha-giang-guangxi"]
    assert kinds["pair-ha-giang-guangxi"] == "cooperation_unspecified"
    gates = LAYER_BY_NAME["border_gates"]
    docs = {f.name: f.doc for f in gates.fields}
    assert "upgraded to international in 2014" in docs["since"]
    assert "河口口岸" in docs["name_zh"]
    for feat in DATA.features["projects"]:
        props = feat["properties"]
        if props["funder"] and props["funder"].startswith("Chinese capital"):
            assert "inferred" in props["funder"], props["id"]
