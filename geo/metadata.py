"""
What the GeoPackage says about itself, generated from the schema.

``write_metadata`` adds to a GeoPackage that ``geo.export`` has written:

- ``gpkg_contents``: every table's ``identifier`` (its English / Vietnamese title) and
  ``description`` (the schema's text).
- ``gpkg_metadata`` and ``gpkg_metadata_reference`` (the GeoPackage metadata
  extension): one QGIS layer-metadata document for the whole package (scope
  ``geopackage``) and one per table (scope ``table``), in the format QGIS itself
  writes there (``md_standard_uri`` ``http://mrcc.com/qgis.dtd``), so QGIS shows it in
  a layer's *Metadata* properties: title, abstract, keywords, licences, attribution
  (rights), lineage (history), links, CRS and extent.
- ``gpkg_data_columns`` and ``gpkg_data_column_constraints`` (the schema extension):
  each column's title and description from the schema, and each vocabulary as an
  ``enum`` constraint whose values are described ``English / Tiếng Việt``.

Everything is derived from ``geo.schema`` (layers, tables, ``PROVENANCE``) and the
data's extent; the timestamps are the build's fixed one, so rebuilds stay identical.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final
from xml.etree import ElementTree as ET

import shapely

from geo._gpkg import Extent
from geo.load import Dataset, geometries
from geo.schema import (
    FACT_FEATURES,
    FACTS,
    LAYERS,
    PROVENANCE,
    PROVENANCE_BY_KEY,
    SOURCES,
    Category,
    Column,
    Field,
    Kind,
    Layer,
    Provenance,
)

#: The package's title and abstract (QGIS metadata of scope ``geopackage``).
PACKAGE_TITLE: Final = "Border Atlas / Bản đồ biên giới"
PACKAGE_ABSTRACT: Final = (
    "Border gates, sister and partner localities and their partnerships, bridges, "
    "railways and roads, investment and aid projects, events and the Kunming – Lào Cai – "
    "Hà Nội – Hải Phòng – Quảng Ninh corridor of the Vietnam–China border region around "
    "Lào Cai and Hà Giang, with the facts five Vietnamese news articles (2020–2023) "
    "report about them, each stated in the project's own words and linked to its "
    "article and paragraph. Unknown years, dates, URLs and figures are null. The units "
    "are those the articles describe (before the 2025 provincial mergers)."
)

#: How QGIS marks its own metadata documents in ``gpkg_metadata``.
QGIS_METADATA_URI: Final = "http://mrcc.com/qgis.dtd"

#: Name of the table holding the default styles (written by ``geo.export``).
STYLES_TABLE: Final = "layer_styles"
STYLES_DOC: Final = (
    "Default QGIS styles (QML) of the spatial tables, generated from the schema; QGIS "
    "applies them when a table is loaded."
)

#: WGS 84 as QGIS identifies it: its internal srsid for EPSG:4326, then the authority id.
WGS84: Final = {
    "proj4": "+proj=longlat +datum=WGS84 +no_defs",
    "srsid": "3452",
    "srid": "4326",
    "authid": "EPSG:4326",
    "description": "WGS 84",
    "projectionacronym": "longlat",
    "ellipsoidacronym": "EPSG:7030",
    "geographicflag": "true",
}

# DDL as GDAL writes these tables (GeoPackage 1.2 metadata and schema extensions).
_DDL: Final = (
    "CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC "
    "NOT NULL,md_scope TEXT NOT NULL DEFAULT 'dataset',md_standard_uri TEXT NOT NULL,"
    "mime_type TEXT NOT NULL DEFAULT 'text/xml',metadata TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL,"
    "table_name TEXT,column_name TEXT,row_id_value INTEGER,timestamp DATETIME NOT NULL "
    "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),md_file_id INTEGER NOT NULL,"
    "md_parent_id INTEGER,CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES "
    "gpkg_metadata(id),CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES "
    "gpkg_metadata(id))",
    "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL,column_name "
    "TEXT NOT NULL,name TEXT UNIQUE,title TEXT,description TEXT,mime_type TEXT,"
    "constraint_name TEXT,CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),"
    "CONSTRAINT gdc_tn UNIQUE (table_name, name))",
    "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT "
    "NULL,constraint_type TEXT NOT NULL,value TEXT,min NUMERIC,min_is_inclusive BOOLEAN,"
    "max NUMERIC,max_is_inclusive BOOLEAN,description TEXT,CONSTRAINT gdcc_ntv UNIQUE "
    "(constraint_name, constraint_type, value))",
)

_EXTENSIONS: Final = (
    ("gpkg_metadata", "gpkg_metadata", "http://www.geopackage.org/spec120/#extension_metadata"),
    (
        "gpkg_metadata_reference",
        "gpkg_metadata",
        "http://www.geopackage.org/spec120/#extension_metadata",
    ),
    ("gpkg_data_columns", "gpkg_schema", "http://www.geopackage.org/spec121/#extension_schema"),
    (
        "gpkg_data_column_constraints",
        "gpkg_schema",
        "http://www.geopackage.org/spec121/#extension_schema",
    ),
)


@dataclass(frozen=True)
class Described:
    """A table of the package as the metadata describes it."""

    name: str
    title: str
    doc: str
    columns: tuple[Field | Column, ...]
    provenance: tuple[Provenance, ...]
    lineage: str
    keywords: tuple[str, ...]
    extent: tuple[float, float, float, float] | None = None


def _provenance(keys: Iterable[str]) -> tuple[Provenance, ...]:
    return tuple(PROVENANCE_BY_KEY[k] for k in keys)


def _extent(features: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    geoms = geometries(features)
    if not any(g is not None for g in geoms):
        return None
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    return (float(minx), float(miny), float(maxx), float(maxy))


def _layer_lineage(layer: Layer) -> str:
    if layer.context:
        return (
            f"Reference data copied into layers/{layer.name}.geojson by "
            "scripts/import_reference.py, then exported by `geo export`."
        )
    return (
        f"Curated by hand in layers/{layer.name}.geojson from the articles in sources.csv, "
        "checked by `geo check` (schema, positions inside their country, gates near the "
        "border, sources named), then exported by `geo export`."
    )


def described_tables(
    data: Dataset, *, extents: Mapping[str, Extent | None] | None = None
) -> list[Described]:
    """
    Every data table of the package with its title, text, columns and sources.

    Parameters
    ----------
    data
        The dataset being exported (for each layer's extent).
    extents
        Each layer's extent, west, south, east, north, where the caller has it (the
        GeoPackage writer does); else computed from ``data``.
    """
    out = [
        Described(
            name=layer.name,
            title=f"{layer.title_en} / {layer.title_vi}",
            doc=layer.doc,
            columns=layer.fields,
            provenance=_provenance(layer.provenance),
            lineage=_layer_lineage(layer),
            keywords=("Vietnam", "China", "border", layer.group, layer.name),
            extent=(
                extents[layer.name]
                if extents is not None
                else _extent(data.features.get(layer.name, []))
            ),
        )
        for layer in LAYERS
    ]
    lineage = {
        FACTS.name: "Written by hand from the articles in layers/facts.csv, each figure "
        "checked against the paragraph it cites; exported by `geo export`.",
        SOURCES.name: "Written by hand in layers/sources.csv (or by `geo ingest --add`); "
        "exported by `geo export`.",
        FACT_FEATURES.name: "Derived by `geo export` from facts.features.",
    }
    for table in (FACTS, SOURCES, FACT_FEATURES):
        out.append(
            Described(
                name=table.name,
                title=f"{table.title_en} / {table.title_vi}",
                doc=table.doc,
                columns=table.columns,
                provenance=_provenance(table.provenance),
                lineage=lineage[table.name],
                keywords=("Vietnam", "China", "border", table.name),
            )
        )
    return out


# --- QGIS layer metadata (XML) ------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str = "") -> ET.Element:
    elem = ET.SubElement(parent, tag)
    elem.text = text
    return elem


def qgis_metadata_xml(
    *,
    identifier: str,
    title: str,
    abstract: str,
    keywords: tuple[str, ...],
    provenance: tuple[Provenance, ...],
    lineage: str,
    extent: tuple[float, float, float, float] | None,
    spatial: bool,
) -> str:
    """
    A QGIS layer-metadata document (``QgsLayerMetadata``) as QGIS writes it.

    Parameters
    ----------
    identifier
        The table name, or the package's name.
    title, abstract
        Shown as the layer's title and abstract.
    keywords
        Free keywords.
    provenance
        Sources: their licences, attributions (rights), links and what they gave
        (history, after ``lineage``).
    lineage
        How the table was made.
    extent
        West, south, east, north in EPSG:4326, where the table has geometries.
    spatial
        Whether to state the CRS (EPSG:4326).
    """
    root = ET.Element("qgis", version="3.22.0-Białowieża")
    _text(root, "identifier", identifier)
    _text(root, "parentidentifier", "border-atlas" if identifier != "border-atlas" else "")
    _text(root, "language", "vie; eng")
    _text(root, "type", "dataset")
    _text(root, "title", title)
    _text(root, "abstract", abstract)
    words = ET.SubElement(root, "keywords", vocabulary="Border Atlas")
    for word in keywords:
        _text(words, "keyword", word)
    links = ET.SubElement(root, "links")
    for prov in provenance:
        if prov.url:
            ET.SubElement(
                links,
                "link",
                name=prov.title,
                type="WWW:LINK",
                url=prov.url,
                description=prov.used_for,
                format="",
                mimeType="",
                size="",
            )
    _text(root, "history", lineage)
    for prov in provenance:
        _text(root, "history", f"{prov.title}: {prov.used_for}")
    _text(root, "fees", "")
    for prov in provenance:
        _text(root, "rights", prov.attribution)
    for prov in provenance:
        _text(root, "license", f"{prov.title}: {prov.licence}")
    _text(root, "encoding", "UTF-8")
    crs = ET.SubElement(root, "crs")
    srs = ET.SubElement(crs, "spatialrefsys")
    for key, value in WGS84.items():
        _text(srs, key, value if spatial else "")
    if extent is None:
        ET.SubElement(root, "extent")
    else:
        elem = ET.SubElement(root, "extent")
        minx, miny, maxx, maxy = extent
        ET.SubElement(
            elem,
            "spatial",
            dimensions="2",
            crs="EPSG:4326",
            minx=repr(minx),
            miny=repr(miny),
            maxx=repr(maxx),
            maxy=repr(maxy),
            minz="0",
            maxz="0",
        )
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"


def package_metadata_xml(
    data: Dataset, *, extents: Mapping[str, Extent | None] | None = None
) -> str:
    """The QGIS metadata document of the whole package (``extents`` as for ``described_tables``)."""
    found = (
        list(extents.values())
        if extents is not None
        else [_extent(feats) for feats in data.features.values()]
    )
    boxes = [e for e in found if e is not None]
    extent = (
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        if boxes
        else None
    )
    return qgis_metadata_xml(
        identifier="border-atlas",
        title=PACKAGE_TITLE,
        abstract=PACKAGE_ABSTRACT,
        keywords=("Vietnam", "China", "border", "Lào Cai", "Hà Giang", "Yunnan"),
        provenance=PROVENANCE,
        lineage="Exported by `geo export` from the curated layers/ of Border Atlas.",
        extent=extent,
        spatial=True,
    )


# --- data columns ---------------------------------------------------------------------------


def _enum_kinds(spec: Field | Column) -> bool:
    # A list column holds several values joined by text, so it cannot be one enum value.
    return bool(spec.vocabulary) and spec.kind is not Kind.TEXT_LIST


def constraint_names(tables: list[Described]) -> dict[tuple[str, str], str]:
    """
    (table, column) -> the name of the column's ``enum`` constraint.

    A column name whose vocabulary is the same in every table (``status``, ``topic``)
    names its constraint; one that differs by table (``level``, ``kind``) is prefixed
    with the table's name.
    """
    vocabularies: dict[str, set[tuple[Category, ...]]] = {}
    for table in tables:
        for spec in table.columns:
            if _enum_kinds(spec):
                vocabularies.setdefault(spec.name, set()).add(spec.vocabulary)
    return {
        (table.name, spec.name): (
            spec.name if len(vocabularies[spec.name]) == 1 else f"{table.name}_{spec.name}"
        )
        for table in tables
        for spec in table.columns
        if _enum_kinds(spec)
    }


def data_column_rows(tables: list[Described]) -> Iterator[tuple[str, str, str, str, str | None]]:
    """``gpkg_data_columns`` rows: table, column, title, description, constraint name."""
    names = constraint_names(tables)
    for table in tables:
        for spec in table.columns:
            description = spec.doc
            if spec.kind is Kind.TEXT_LIST:
                description += " A list: values joined with '; '."
            yield (
                table.name,
                spec.name,
                spec.title,
                description,
                names.get((table.name, spec.name)),
            )


def constraint_rows(tables: list[Described]) -> list[tuple[str, str, str]]:
    """``gpkg_data_column_constraints`` rows: constraint name, value, description."""
    specs = {(t.name, s.name): s for t in tables for s in t.columns}
    rows = {
        (name, cat.value, f"{cat.label_en} / {cat.label_vi}")
        for key, name in constraint_names(tables).items()
        for cat in specs[key].vocabulary
    }
    return sorted(rows)


# --- writing ----------------------------------------------------------------------------------


def write_metadata(
    db: sqlite3.Connection,
    *,
    data: Dataset,
    stamp: str,
    extents: Mapping[str, Extent | None] | None = None,
) -> None:
    """
    Describe every table of the GeoPackage being written in its metadata tables.

    Parameters
    ----------
    db
        The GeoPackage ``geo.export.write_geopackage`` is writing (its tables written).
    data
        The dataset it is written from.
    stamp
        The build's timestamp for ``gpkg_metadata_reference.timestamp``.
    extents
        Each layer's extent, as for :func:`described_tables`.
    """
    tables = described_tables(data, extents=extents)
    for ddl in _DDL:
        db.execute(ddl)
    db.executemany(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) VALUES (?, NULL, ?, ?, 'read-write')",
        _EXTENSIONS,
    )
    for table in tables:
        db.execute(
            "UPDATE gpkg_contents SET identifier = ?, description = ? WHERE table_name = ?",
            (table.title, table.doc, table.name),
        )
    db.execute(
        "UPDATE gpkg_contents SET identifier = ?, description = ? WHERE table_name = ?",
        ("Layer styles / Kiểu hiển thị", STYLES_DOC, STYLES_TABLE),
    )
    documents: list[tuple[str, str | None, str]] = [
        ("geopackage", None, package_metadata_xml(data, extents=extents))
    ]
    documents += [
        (
            "table",
            table.name,
            qgis_metadata_xml(
                identifier=table.name,
                title=table.title,
                abstract=table.doc,
                keywords=table.keywords,
                provenance=table.provenance,
                lineage=table.lineage,
                extent=table.extent,
                spatial=table.name in {la.name for la in LAYERS},
            ),
        )
        for table in tables
    ]
    for n, (scope, name, xml) in enumerate(documents, start=1):
        db.execute(
            "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) "
            "VALUES (?, 'dataset', ?, 'text/xml', ?)",
            (n, QGIS_METADATA_URI, xml),
        )
        db.execute(
            "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, "
            "row_id_value, timestamp, md_file_id, md_parent_id) "
            "VALUES (?, ?, NULL, NULL, ?, ?, ?)",
            (scope, name, stamp, n, None if n == 1 else 1),
        )
    db.executemany(
        "INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description, "
        "mime_type, constraint_name) VALUES (?, ?, NULL, ?, ?, NULL, ?)",
        data_column_rows(tables),
    )
    db.executemany(
        "INSERT INTO gpkg_data_column_constraints (constraint_name, constraint_type, value, "
        "min, min_is_inclusive, max, max_is_inclusive, description) "
        "VALUES (?, 'enum', ?, NULL, NULL, NULL, NULL, ?)",
        constraint_rows(tables),
    )
