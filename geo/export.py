"""
Export stage: the QGIS-ready package (GeoPackage, QGIS project, CSV, data dictionary).

``write_exports`` writes into one folder:

- ``border-atlas.gpkg``: one spatial table per layer (table name = layer name, every
  schema field, EPSG:4326; a feature no source could locate keeps a NULL geometry);
  the tables ``facts`` and ``sources``; the link table ``fact_features`` (``fact_id``,
  ``feature_id``, ``layer``) that joins facts to features by id; and ``layer_styles``,
  one default QML style per spatial layer (see ``geo.styles``), so that a layer dragged
  into QGIS opens styled; and the metadata that describes all of them (``geo.metadata``:
  titles and descriptions in ``gpkg_contents``, QGIS layer metadata in ``gpkg_metadata``,
  column titles, descriptions and vocabularies in ``gpkg_data_columns``).
- ``border-atlas.qgs``: a QGIS project that reads the GeoPackage by relative path,
  grouped like the web map, opening on the region, with relations from every layer to
  its facts.
- ``<layer>.csv`` per layer (geometry as WKT in ``wkt``; points also ``lon``, ``lat``),
  each with a ``.csvt`` (GDAL column types, so every CSV reads with the same types) and
  a ``.prj`` (EPSG:4326); ``facts.csv`` and ``sources.csv`` with their ``.csvt``;
  ``data-dictionary.md`` and ``ATTRIBUTION.md`` (every
  source, its licence and the credit it asks for).

Lists (``aliases``, ``country``, ``sources``, ``via``, a fact's ``features``) are text
joined with ``geo.schema.LIST_SEPARATOR``; integers are nullable integers, booleans
booleans, dates ISO 8601 text. Two runs on the same data write byte-identical files.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree as ET

import shapely

from geo import _gpkg
from geo._csv import write_csv
from geo._errors import DataError
from geo.docs import attribution, data_dictionary
from geo.layout import layout_element
from geo.load import Dataset, geometries
from geo.metadata import STYLES_TABLE, WGS84, write_metadata
from geo.schema import (
    FACT_FEATURES,
    FACTS,
    GROUPS,
    LAYER_BY_NAME,
    LAYERS,
    LIST_SEPARATOR,
    MAX_DECIMALS,
    REGION_BOUNDS,
    SOURCES,
    Column,
    Field,
    Kind,
    Layer,
    Table,
)
from geo.styles import QGIS_VERSION, layer_qml, style_description, style_elements, symbol_type

GPKG_NAME: Final = "border-atlas.gpkg"
PROJECT_TITLE: Final = "Border Atlas / Bản đồ biên giới"
PROJECT_NAME: Final = "border-atlas.qgs"
DICTIONARY_NAME: Final = "data-dictionary.md"
ATTRIBUTION_NAME: Final = "ATTRIBUTION.md"

#: Link table: one row per (fact, feature) pair, with the feature's layer.
LINK_TABLE: Final = FACT_FEATURES.name
LINK_COLUMNS: Final = FACT_FEATURES.column_names

#: Name of the geometry column in every spatial table (GDAL's GeoPackage default).
GEOMETRY_COLUMN: Final = "geom"

#: Timestamp written as the GeoPackage's change dates and the styles' update_time
#: when ``SOURCE_DATE_EPOCH`` is not set: fixed, so that a rebuild is byte-identical.
#: The GeoPackage standard (requirement 15) wants milliseconds: ``%Y-%m-%dT%H:%M:%fZ``.
BUILD_TIME: Final = "2000-01-01T00:00:00.000Z"

#: GeoPackage version: 1.2 opens without warnings in every GDAL QGIS 3.22 ships with.
GPKG_VERSION: Final = "1.2"

#: GeoPackage column type of each kind of field (the types GDAL gave them before).
SQL_TYPES: Final = {
    Kind.TEXT: "TEXT",
    Kind.DATE: "TEXT",  # ISO 8601 text
    Kind.TEXT_LIST: "TEXT",
    Kind.INT: "INTEGER",
    Kind.NUMBER: "REAL",
    Kind.BOOL: "BOOLEAN",
}


def build_time() -> str:
    """
    The package's change timestamp, ISO 8601 UTC with milliseconds.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, seconds since 1970) when
    set, else ``BUILD_TIME``; never the wall clock, so two builds are byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return BUILD_TIME
    if not epoch.isdigit():
        msg = f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}"
        raise ValueError(msg)
    moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def write_exports(data: Dataset, *, out_dir: Path) -> list[Path]:
    """
    Write the GeoPackage, QGIS project, CSV tables and data dictionary.

    Parameters
    ----------
    data
        A dataset that ``geo check`` found no problem in.
    out_dir
        Folder to write into; created if missing. Nothing is written elsewhere.

    Returns
    -------
    The files written, in the order written.
    """
    if data.problems:
        raise DataError(data.problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Sorted once, for the GeoPackage and the CSV alike.
    ordered = {layer.name: by_id(data.features.get(layer.name, [])) for layer in LAYERS}
    columns = {layer.name: layer_columns(layer, ordered[layer.name]) for layer in LAYERS}
    values = {layer.name: layer_values(layer, columns[layer.name]) for layer in LAYERS}
    tables = {
        table.name: _table_columns(table, _sorted(table, rows))
        for table, rows in ((FACTS, data.facts), (SOURCES, data.sources))
    }
    gpkg = out_dir / GPKG_NAME
    write_geopackage(data, path=gpkg, ordered=ordered, values=values, tables=tables)
    project = out_dir / PROJECT_NAME
    project.write_text(project_xml(gpkg_name=GPKG_NAME, data=data), encoding="utf-8", newline="\n")
    written = [gpkg, project]
    for layer in LAYERS:
        path = out_dir / f"{layer.name}.csv"
        cells = _layer_columns(layer, ordered[layer.name], columns[layer.name], values[layer.name])
        _write_layer_csv(path, layer, cells)
        written += [path, *_write_sidecars(path, _layer_csv_types(layer), spatial=True)]
    for table in (FACTS, SOURCES):
        path = out_dir / f"{table.name}.csv"
        write_csv(
            path,
            table.column_names,
            tables[table.name],
            text_columns=_text_columns(table.columns),
        )
        types = [CSVT[c.kind] for c in table.columns]
        written += [path, *_write_sidecars(path, types, spatial=False)]
    dictionary = out_dir / DICTIONARY_NAME
    dictionary.write_text(data_dictionary(), encoding="utf-8", newline="\n")
    written.append(dictionary)
    credits = out_dir / ATTRIBUTION_NAME
    credits.write_text(attribution(), encoding="utf-8", newline="\n")
    written.append(credits)
    return written


# --- tables -------------------------------------------------------------------------


def by_id(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A layer's features in the exported order: sorted by id (the GeoPackage's fid order)."""
    return sorted(features, key=lambda f: str(f["properties"]["id"]))


_NONE: Final = type(None)


def columns_of(rows: list[dict[str, Any]], names: tuple[str, ...]) -> list[list[Any]]:
    """
    The rows' values column by column (None where a row lacks a name).

    Parameters
    ----------
    rows
        Dicts: a layer's feature properties, or a table's rows.
    names
        The columns to take, in order.
    """
    if not rows or not names:
        return [[] for _ in names]
    if len(names) > 1:
        try:  # every row has every name (as written and read): transposed in C
            return [list(col) for col in zip(*map(itemgetter(*names), rows), strict=True)]
        except KeyError:
            pass
    return [[r.get(name) for r in rows] for name in names]


def _as_text(value: Any) -> str | None:
    return value if value is None or type(value) is str else str(value)


def _list_text(value: Any) -> str | None:
    """A list as separator-joined text (an empty list as null); other values as text."""
    if isinstance(value, list):
        try:
            return LIST_SEPARATOR.join(value) or None
        except TypeError:  # not all text
            return LIST_SEPARATOR.join(str(v) for v in value) or None
    return _as_text(value)


#: Python types each kind of value is stored as without conversion.
_STORED_AS: Final = {
    Kind.TEXT: {str, _NONE},
    Kind.DATE: {str, _NONE},
    Kind.TEXT_LIST: {str, _NONE},
    Kind.INT: {int, _NONE},
    Kind.NUMBER: {float, _NONE},
    Kind.BOOL: {bool, _NONE},
}


def _stored(kind: Kind, cells: list[Any]) -> list[Any]:
    """A column of checked values as the GeoPackage stores them (None stays null)."""
    if set(map(type, cells)) <= _STORED_AS[kind]:
        return cells  # already so (most columns): no call per cell
    if kind is Kind.TEXT_LIST:
        return [_list_text(v) for v in cells]
    if kind is Kind.INT:
        return [None if v is None else int(v) for v in cells]
    if kind is Kind.NUMBER:
        return [None if v is None else float(v) for v in cells]
    if kind is Kind.BOOL:
        return [None if v is None else bool(v) for v in cells]
    return [_as_text(v) for v in cells]  # text and dates


def layer_columns(layer: Layer, features: list[dict[str, Any]]) -> list[list[Any]]:
    """
    A layer's property values field by field (None where missing), in the features' order.

    Parameters
    ----------
    layer
        The schema layer.
    features
        Its GeoJSON features, in table order (:func:`by_id`).
    """
    return columns_of([f["properties"] for f in features], layer.field_names)


def layer_values(layer: Layer, columns: list[list[Any]]) -> list[list[Any]]:
    """
    A layer's attribute columns as the GeoPackage stores them.

    Lists become text joined with ``LIST_SEPARATOR`` (an empty list null), integers
    integers, numbers reals, booleans booleans, dates ISO 8601 text.

    Parameters
    ----------
    layer
        The schema layer.
    columns
        Its property values (:func:`layer_columns`).
    """
    return [_stored(spec.kind, cells) for spec, cells in zip(layer.fields, columns, strict=True)]


def _split(features: str) -> list[str]:
    return [f for f in map(str.strip, features.split(";")) if f]


def _sorted(table: Table, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=lambda r: r[table.key])


def _tidy_list(text: str) -> str:
    """A list cell of a CSV table with its items stripped and joined by LIST_SEPARATOR."""
    if ";" not in text and text == text.strip():
        return text  # one item, already tidy (most cells)
    return LIST_SEPARATOR.join(_split(text))


def _table_columns(table: Table, ordered: list[dict[str, str]]) -> list[list[str]]:
    """The table's columns as exported (rows sorted by key): empty cells "", lists tidied."""
    columns = []
    for col, read in zip(table.columns, columns_of(ordered, table.column_names), strict=True):
        # None: a row with fewer cells than columns
        cells = [c or "" for c in read] if None in read else read
        columns.append([_tidy_list(c) for c in cells] if col.kind is Kind.TEXT_LIST else cells)
    return columns


def table_values(table: Table, columns: list[list[str]]) -> list[list[Any]]:
    """
    A CSV table's columns (:func:`_table_columns`) as the GeoPackage stores them.

    Empty cells are null, integers integers, numbers reals, the rest text.

    Parameters
    ----------
    table
        ``geo.schema.FACTS`` or ``geo.schema.SOURCES``.
    columns
        Its exported text columns.
    """
    out: list[list[Any]] = []
    for col, cells in zip(table.columns, columns, strict=True):
        if col.kind is Kind.INT:
            out.append([int(c) if c else None for c in cells])
        elif col.kind is Kind.NUMBER:
            out.append([float(c) if c else None for c in cells])
        else:
            out.append([c or None for c in cells] if "" in cells else cells)
    return out


def _styles_values(*, stamp: str) -> list[list[Any]]:
    """The ``layer_styles`` columns: one default QML style per spatial layer."""
    rows = [
        (
            "",
            "",
            layer.name,
            GEOMETRY_COLUMN,
            layer.name,
            layer_qml(layer),
            "",
            True,
            style_description(layer),
            "",
            "",
            stamp,
        )
        for layer in LAYERS
    ]
    return [list(column) for column in zip(*rows, strict=True)]


#: The ``layer_styles`` columns QGIS looks styles up by (its key is ``id``).
STYLES_COLUMNS: Final = (
    ("f_table_catalog", "TEXT"),
    ("f_table_schema", "TEXT"),
    ("f_table_name", "TEXT"),
    ("f_geometry_column", "TEXT"),
    ("styleName", "TEXT"),
    ("styleQML", "TEXT"),
    ("styleSLD", "TEXT"),
    ("useAsDefault", "BOOLEAN"),
    ("description", "TEXT"),
    ("owner", "TEXT"),
    ("ui", "TEXT"),
    ("update_time", "DATETIME"),
)


def _geometry_type(layer: Layer) -> str:
    """One declared type per table; a layer allowing Multi* is stored as Multi*."""
    multi = [t for t in layer.geometry_types if t.startswith("Multi")]
    return multi[0] if multi else layer.geometry_types[0]


@dataclass(frozen=True)
class _Links:
    """Facts ↔ features: the link table's rows and each layer's (fid, fact fid) pairs."""

    rows: list[tuple[str, str, str]]
    pairs: dict[str, list[tuple[int, int]]]


def _links(ordered: dict[str, list[dict[str, Any]]], facts: list[list[str]]) -> _Links:
    """
    Facts ↔ features, from the features in fid order and the exported ``facts`` columns.

    Parameters
    ----------
    ordered
        Each layer's features in fid order (:func:`by_id`).
    facts
        The ``facts`` table's columns as exported (:func:`_table_columns`): rows in fid
        order, each list of features tidied (items joined by ``LIST_SEPARATOR``).
    """
    layer_of: dict[str, str] = {}
    fid_of: dict[str, int] = {}
    for layer in LAYERS:
        ids = [feat["properties"]["id"] for feat in ordered[layer.name]]
        layer_of.update(dict.fromkeys(ids, layer.name))
        fid_of.update(zip(ids, range(1, len(ids) + 1), strict=True))
    names = FACTS.column_names
    fact_ids, lists = facts[names.index(FACTS.key)], facts[names.index("features")]
    fact_fid = dict(zip(fact_ids, range(1, len(fact_ids) + 1), strict=True))
    # One (fact, feature) per item of each fact's list, made in C.
    items = [text.split(LIST_SEPARATOR) if text else [] for text in lists]
    features = list(chain.from_iterable(items))
    about = list(chain.from_iterable(map(repeat, fact_ids, map(len, items))))
    layers = list(map(layer_of.__getitem__, features))
    pairs: dict[str, list[tuple[int, int]]] = {la.name: [] for la in LAYERS}
    for name, pair in zip(
        layers,
        zip(map(fid_of.__getitem__, features), map(fact_fid.__getitem__, about), strict=True),
        strict=True,
    ):
        pairs[name].append(pair)
    return _Links(
        rows=sorted(zip(about, features, layers, strict=True)),
        pairs={name: sorted(found) for name, found in pairs.items() if found},
    )


def write_geopackage(
    data: Dataset,
    *,
    path: Path,
    ordered: dict[str, list[dict[str, Any]]] | None = None,
    values: dict[str, list[list[Any]]] | None = None,
    tables: dict[str, list[list[str]]] | None = None,
) -> None:
    """
    Write every layer and table, the default styles and the metadata into one GeoPackage.

    Written with ``sqlite3`` (``geo._gpkg``), laid out as GDAL writes a GeoPackage.

    Parameters
    ----------
    data
        A checked dataset.
    path
        The ``.gpkg`` file; replaced if it exists, so that a rebuild is byte-identical.
    ordered
        Each layer's features sorted by id (:func:`by_id`), if already sorted.
    values
        Each layer's attribute columns in that order as stored (:func:`layer_values`), if
        already made.
    tables
        The exported text columns of ``facts`` and ``sources`` (:func:`_table_columns`),
        if already made.
    """
    ordered = ordered or {la.name: by_id(data.features.get(la.name, [])) for la in LAYERS}
    if tables is None:
        tables = {
            FACTS.name: _table_columns(FACTS, _sorted(FACTS, data.facts)),
            SOURCES.name: _table_columns(SOURCES, _sorted(SOURCES, data.sources)),
        }
    stamp = build_time()
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        # A new file, in a staging folder that a failed build removes: the rollback
        # journal stays in memory and nothing waits for the disk (as for the CSV files).
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        _gpkg.create(db, version=GPKG_VERSION)
        extents = {}
        for layer in LAYERS:
            feats = ordered[layer.name]
            extents[layer.name] = _gpkg.write_features(
                db,
                table=layer.name,
                geometry_column=GEOMETRY_COLUMN,
                geometry_type=_geometry_type(layer).upper(),
                columns=[(spec.name, SQL_TYPES[spec.kind]) for spec in layer.fields],
                values=(
                    values[layer.name]
                    if values is not None
                    else layer_values(layer, layer_columns(layer, feats))
                ),
                geometries=[f.get("geometry") for f in feats],
                stamp=stamp,
            )
        for table in (FACTS, SOURCES):
            _gpkg.write_attributes(
                db,
                table=table.name,
                columns=[(c.name, SQL_TYPES[c.kind]) for c in table.columns],
                values=table_values(table, tables[table.name]),
                stamp=stamp,
            )
        links = _links(ordered, tables[FACTS.name])
        _gpkg.write_attributes(
            db,
            table=LINK_TABLE,
            columns=[(c.name, SQL_TYPES[c.kind]) for c in FACT_FEATURES.columns],
            values=[list(c) for c in zip(*links.rows, strict=True)] or [[] for _ in LINK_COLUMNS],
            stamp=stamp,
        )
        _gpkg.write_attributes(
            db,
            table=STYLES_TABLE,
            columns=STYLES_COLUMNS,
            values=_styles_values(stamp=stamp),
            stamp=stamp,
            key="id",  # QGIS looks styles up with ``id`` as the key
        )
        write_metadata(db, data=data, stamp=stamp, extents=extents)
        write_relations(db, pairs=links.pairs, stamp=stamp)
        db.execute("COMMIT")
    finally:
        db.close()


#: The OGC GeoPackage Related Tables Extension (18-000).
RELATED_TABLES_URI: Final = "http://docs.opengeospatial.org/is/18-000/18-000.html"


def relation_table(layer: Layer) -> str:
    """The mapping table that relates ``layer``'s features to their facts."""
    return f"{layer.name}_{FACTS.name}"


def write_relations(
    db: sqlite3.Connection, *, pairs: dict[str, list[tuple[int, int]]], stamp: str
) -> None:
    """
    Declare features ↔ facts in the GeoPackage itself (Related Tables Extension).

    Each layer with facts gets a mapping table ``<layer>_facts`` (``base_id`` → the
    layer's ``fid``, ``related_id`` → ``facts.fid``) and a row in ``gpkgext_relations``,
    so that GDAL (``ogrinfo``: Relationships) and other clients see the many-to-many
    relation without the QGIS project. ``fact_features`` keeps the same links by id.

    Parameters
    ----------
    db
        The GeoPackage being written.
    pairs
        Layer name -> its (feature fid, fact fid) pairs, sorted; layers without facts absent.
    stamp
        ``gpkg_contents.last_change`` of the mapping tables.
    """
    if not pairs:
        return
    db.execute(
        "CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "base_table_name TEXT NOT NULL, base_primary_column TEXT NOT NULL DEFAULT 'id', "
        "related_table_name TEXT NOT NULL, related_primary_column TEXT NOT NULL "
        "DEFAULT 'id', relation_name TEXT NOT NULL, mapping_table_name TEXT NOT NULL UNIQUE)"
    )
    extensions = ["gpkgext_relations"]
    for name, rows in pairs.items():
        # Table names come from the schema, never from the data.
        mapping = relation_table(LAYER_BY_NAME[name])
        db.execute(
            f'CREATE TABLE "{mapping}" (id INTEGER PRIMARY KEY AUTOINCREMENT, '
            "base_id INTEGER NOT NULL, related_id INTEGER NOT NULL)"
        )
        insert = f'INSERT INTO "{mapping}" (base_id, related_id) VALUES (?, ?)'  # noqa: S608
        db.executemany(insert, rows)
        db.execute(
            "INSERT INTO gpkgext_relations (base_table_name, base_primary_column, "
            "related_table_name, related_primary_column, relation_name, mapping_table_name) "
            "VALUES (?, 'fid', ?, 'fid', 'attributes', ?)",
            (name, FACTS.name, mapping),
        )
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
            "last_change) VALUES (?, 'attributes', ?, ?, ?)",
            (
                mapping,
                f"{mapping} (features ↔ facts)",
                f"Which facts each feature of {name} is about (mapping table).",
                stamp,
            ),
        )
        extensions.append(mapping)
    db.executemany(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) VALUES (?, NULL, 'gpkg_related_tables', ?, 'read-write')",
        [(table, RELATED_TABLES_URI) for table in extensions],
    )


# --- CSV ----------------------------------------------------------------------------

#: GDAL's CSV column types (the ``.csvt`` file beside each CSV), per kind of field, so
#: that QGIS and GDAL read every CSV with the GeoPackage's types.
CSVT: Final = {
    Kind.TEXT: "String",
    Kind.DATE: "String",  # ISO 8601 text, as in the GeoPackage
    Kind.TEXT_LIST: "String",
    Kind.INT: "Integer64",
    Kind.NUMBER: "Real",
    Kind.BOOL: "Integer(Boolean)",
}

#: EPSG:4326 as the WKT 1 a ``.prj`` beside a CSV holds (with its EPSG code, so that
#: GDAL and QGIS recognise it as EPSG:4326, not a look-alike).
PRJ_WGS84: Final = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","4326"]]'
)


def _layer_csv_types(layer: Layer) -> list[str]:
    types = [CSVT[f.kind] for f in layer.fields] + ["WKT"]
    return types + (["CoordX", "CoordY"] if layer.is_point else [])


def _write_sidecars(csv_path: Path, types: list[str], *, spatial: bool) -> list[Path]:
    """Write the ``.csvt`` (column types) and, for a layer, the ``.prj`` beside a CSV."""
    csvt = csv_path.with_suffix(".csvt")
    csvt.write_text(",".join(f'"{t}"' for t in types) + "\n", encoding="utf-8", newline="\n")
    if not spatial:
        return [csvt]
    prj = csv_path.with_suffix(".prj")
    prj.write_text(PRJ_WGS84 + "\n", encoding="utf-8", newline="\n")
    return [csvt, prj]


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _csv_cells(spec: Field, values: list[Any], stored: list[Any]) -> list[str]:
    """
    :func:`_csv_value` of a column of checked values, in one pass for the common kinds.

    ``stored`` is the same column as the GeoPackage stores it (:func:`_stored`): a list
    column's joined text, reused where it is the same.
    """
    types = set(map(type, values))
    if spec.kind is Kind.TEXT:
        if types <= {str}:
            return values
        return [v or "" for v in values]  # text or None, once checked
    if spec.kind in {Kind.INT, Kind.NUMBER, Kind.DATE}:
        if _NONE not in types:
            return list(map(str, values))
        return ["" if v is None else str(v) for v in values]
    if spec.kind is Kind.TEXT_LIST and types <= {list, str, _NONE}:
        return [v or "" for v in stored]  # lists joined as _csv_value joins them
    return [_csv_value(v) for v in values]


def _text_columns(specs: tuple[Field, ...] | tuple[Column, ...]) -> frozenset[str]:
    return frozenset(s.name for s in specs if s.kind in {Kind.TEXT, Kind.TEXT_LIST})


def _layer_columns(
    layer: Layer,
    features: list[dict[str, Any]],
    values: list[list[Any]],
    stored: list[list[Any]],
) -> list[list[str]]:
    """
    A layer's CSV columns.

    Parameters
    ----------
    layer
        The schema layer.
    features
        Its features, in the exported order (:func:`by_id`).
    values
        Their property values (:func:`layer_columns`).
    stored
        The same as the GeoPackage stores them (:func:`layer_values`).
    """
    # Column by column (every geometry's WKT in one call), then zipped into rows.
    columns = [
        _csv_cells(spec, cells, kept)
        for spec, cells, kept in zip(layer.fields, values, stored, strict=True)
    ]
    wkts = shapely.to_wkt(geometries(features), rounding_precision=MAX_DECIMALS, trim=True)
    columns.append([wkt or "" for wkt in wkts.tolist()])
    if layer.is_point:
        xy = [(f.get("geometry") or {}).get("coordinates") or ("", "") for f in features]
        columns += [[str(c[0]) for c in xy], [str(c[1]) for c in xy]]
    return columns


def _write_layer_csv(path: Path, layer: Layer, columns: list[list[str]]) -> None:
    header = (*layer.field_names, "wkt", *(("lon", "lat") if layer.is_point else ()))
    write_csv(path, header, columns, text_columns=_text_columns(layer.fields))


# --- QGIS project -------------------------------------------------------------------

_WGS84 = WGS84

_TABLES = (FACTS.name, SOURCES.name, LINK_TABLE)


def _spatialrefsys(parent: ET.Element) -> None:
    srs = ET.SubElement(parent, "spatialrefsys")
    for key, value in _WGS84.items():
        ET.SubElement(srs, key).text = value


def _srs(parent: ET.Element, tag: str) -> None:
    _spatialrefsys(ET.SubElement(parent, tag))


def _extent(parent: ET.Element, tag: str) -> ET.Element:
    south, west, north, east = REGION_BOUNDS
    elem = ET.SubElement(parent, tag)
    for key, value in (("xmin", west), ("ymin", south), ("xmax", east), ("ymax", north)):
        ET.SubElement(elem, key).text = repr(value)
    return elem


def layer_id(table: str) -> str:
    """
    The project's id for the layer of a table.

    Parameters
    ----------
    table
        Table name in the GeoPackage.
    """
    # QGIS replaces ids of 10 characters or fewer with random ones when it reads a project.
    return f"border_atlas_{table}"


def _source(gpkg_name: str, table: str) -> str:
    return f"./{gpkg_name}|layername={table}"


def _map_layer(parent: ET.Element, *, table: str, title: str, source: str) -> ET.Element:
    elem = ET.SubElement(parent, "maplayer", type="vector")
    ET.SubElement(elem, "id").text = layer_id(table)
    ET.SubElement(elem, "datasource").text = source
    ET.SubElement(elem, "layername").text = title
    ET.SubElement(elem, "provider", encoding="UTF-8").text = "ogr"
    return elem


def _relation(parent: ET.Element, rel_id: str, name: str, refs: tuple[str, str, str, str]) -> None:
    referencing, field, referenced, key = refs
    rel = ET.SubElement(
        parent,
        "relation",
        id=rel_id,
        name=name,
        referencingLayer=layer_id(referencing),
        referencedLayer=layer_id(referenced),
        strength="Association",
    )
    ET.SubElement(rel, "fieldRef", referencingField=field, referencedField=key)


#: Relation ids of the project: a layer's features to their links, links to facts,
#: facts to their source.
FACT_RELATION: Final = "fact_features_facts"
SOURCE_RELATION: Final = "facts_sources"


def feature_relation(layer: Layer) -> str:
    """
    Id of the project relation from a layer's features to their ``fact_features`` rows.

    Parameters
    ----------
    layer
        A schema layer.
    """
    return f"{layer.name}_facts"


#: What a row shows in lists, relation editors and identify results (QGIS display
#: expression): a fact its year, statements and figure; a link its feature; a source
#: its title; a feature its names.
FACT_DISPLAY: Final = (
    "concat(coalesce(to_string(\"year\"), '–'), ' · ', \"statement_vi\", ' — ', "
    '"statement_en", CASE WHEN "value" IS NOT NULL THEN concat(\' [\', '
    "to_string(\"value\"), ' ', coalesce(\"unit\", ''), ']') ELSE '' END)"
)
LINK_DISPLAY: Final = "concat(\"feature_id\", ' (', \"layer\", ')')"
SOURCE_DISPLAY: Final = "concat(\"title\", ' (', coalesce(\"outlet\", '?'), ')')"
FEATURE_DISPLAY: Final = 'concat("name_vi", \' / \', "name_en")'

#: The basemap a user can switch on: OpenStreetMap tiles, off by default, so that the
#: project opens offline without requesting anything.
BASEMAP_ID: Final = "border_atlas_osm"
BASEMAP_TITLE: Final = "OpenStreetMap (online) / Bản đồ nền"
BASEMAP_SOURCE: Final = (
    "type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0"
)
BASEMAP_ATTRIBUTION: Final = "© OpenStreetMap contributors (ODbL)"

#: Map themes of the project: name -> the layers shown (the rest hidden).
THEMES: Final = {
    "Border region / Vùng biên giới": tuple(la.name for la in LAYERS if la.visible),
    "Partners / Đối tác": (
        *(la.name for la in LAYERS if la.group == "partners"),
        "border",
        "countries",
    ),
    "Infrastructure / Hạ tầng": (
        "border_gates",
        *(la.name for la in LAYERS if la.group == "infrastructure"),
        "border",
        "countries",
    ),
    "Everything / Tất cả": tuple(la.name for la in LAYERS),
}

#: Spatial bookmarks: name -> the province whose features (itself, its districts, its
#: gates) the view frames; None frames the schema's region.
BOOKMARKS: Final = {
    "Region / Vùng biên giới": None,
    "Lào Cai": "lao-cai-province",
    "Hà Giang": "ha-giang-province",
}

#: Margin around a bookmark's features, in degrees.
BOOKMARK_MARGIN: Final = 0.15

#: The project's ellipsoid, so that $length and $area measure on WGS 84, not in degrees.
ELLIPSOID: Final = "EPSG:7030"


def _options(parent: ET.Element, values: dict[str, str | bool]) -> None:
    """A QGIS ``Option`` map of strings and booleans."""
    opts = ET.SubElement(parent, "Option", type="Map")
    for name, value in values.items():
        if isinstance(value, bool):
            ET.SubElement(opts, "Option", name=name, type="bool", value=str(value).lower())
        else:
            ET.SubElement(opts, "Option", name=name, type="QString", value=value)


def _field_widgets(
    parent: ET.Element, widgets: dict[str, tuple[str, dict[str, str | bool]]]
) -> None:
    """``fieldConfiguration``: the edit widget type and its settings per field."""
    conf = ET.SubElement(parent, "fieldConfiguration")
    for name, (kind, config) in widgets.items():
        field = ET.SubElement(conf, "field", name=name, configurationFlags="None")
        widget = ET.SubElement(field, "editWidget", type=kind)
        _options(ET.SubElement(widget, "config"), config)


def _relation_reference(relation: str) -> tuple[str, dict[str, str | bool]]:
    return (
        "RelationReference",
        {
            "Relation": relation,
            "AllowNULL": False,
            "ShowForm": False,
            "ShowOpenFormButton": True,
            "MapIdentification": False,
            "ReadOnly": True,
            "OrderByValue": False,
        },
    )


_TEXT: Final[tuple[str, dict[str, str | bool]]] = (
    "TextEdit",
    {"IsMultiline": False, "UseHtml": False},
)


def _container(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(
        parent,
        "attributeEditorContainer",
        name=name,
        showLabel="1",
        groupBox="0",
        columnCount="1",
        visibilityExpressionEnabled="0",
        visibilityExpression="",
    )


def _feature_form(elem: ET.Element, layer: Layer) -> None:
    """
    A feature's form: its fields on one tab, its facts on another.

    The facts tab is a many-to-many relation editor: the feature's ``fact_features`` rows
    seen through ``FACT_RELATION``, so each row shows the fact (``FACT_DISPLAY``), not
    the link.
    """
    ET.SubElement(elem, "editorlayout").text = "tablayout"
    form = ET.SubElement(elem, "attributeEditorForm")
    fields = _container(form, "Feature / Đối tượng")
    for n, name in enumerate(layer.field_names, start=1):  # 0 is the GeoPackage's fid
        ET.SubElement(fields, "attributeEditorField", name=name, index=str(n), showLabel="1")
    facts = _container(form, "Facts / Dữ kiện")
    relation = ET.SubElement(
        facts,
        "attributeEditorRelation",
        name=feature_relation(layer),
        relation=feature_relation(layer),
        nmRelationId=FACT_RELATION,
        relationWidgetTypeId="relation_editor",
        label="Facts / Dữ kiện",
        showLabel="1",
        forceSuppressFormPopup="0",
    )
    _options(
        ET.SubElement(relation, "editor_configuration"),
        {"show_first_feature": True, "one_to_one": False},
    )


def drawing_order() -> list[Layer]:
    """
    Layers from top to bottom: points over lines over areas; within each, the higher
    ``label_priority`` on top, so partnerships lie under the other lines.
    """
    rank = {"marker": 0, "line": 1, "fill": 2}
    return sorted(LAYERS, key=lambda la: (rank[symbol_type(la)], -la.label_priority))


def bookmark_extents(data: Dataset | None) -> dict[str, tuple[float, float, float, float]]:
    """
    Each bookmark's view, west, south, east, north, framing its province's features.

    Parameters
    ----------
    data
        The dataset; without it (or without a province's features) a bookmark frames
        the region.
    """
    south, west, north, east = REGION_BOUNDS
    out = {}
    for name, province in BOOKMARKS.items():
        points = [
            feat["geometry"]["coordinates"]
            for layer in LAYERS
            if layer.is_point
            for feat in (data.features.get(layer.name, []) if data and province else [])
            if feat.get("geometry")
            and province
            in {
                feat["properties"].get("id"),
                feat["properties"].get("parent"),
                feat["properties"].get("province"),
            }
        ]
        if not points:
            out[name] = (west, south, east, north)
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        m = BOOKMARK_MARGIN
        out[name] = (min(xs) - m, min(ys) - m, max(xs) + m, max(ys) + m)
    return out


def _polygon_wkt(extent: tuple[float, float, float, float]) -> str:
    w, s, e, n = (round(v, MAX_DECIMALS) for v in extent)
    return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"


def project_xml(*, gpkg_name: str = GPKG_NAME, data: Dataset | None = None) -> str:
    """
    The QGIS project: every layer from the GeoPackage, styled and grouped like the web map.

    Layer ids are the table names. Paths are relative, so the project and the GeoPackage
    can move together. Relations join each layer's ``id`` to ``fact_features.feature_id``,
    ``fact_features.fact_id`` to ``facts.id`` and ``facts.source`` to ``sources.file``.

    Parameters
    ----------
    gpkg_name
        File name of the GeoPackage, next to the project.
    data
        The dataset, for the bookmarks' extents.
    """
    root = ET.Element("qgis", projectname="Border Atlas", version=QGIS_VERSION)
    ET.SubElement(root, "homePath", path="")
    ET.SubElement(root, "title").text = PROJECT_TITLE
    _srs(root, "projectCrs")

    tree = ET.SubElement(root, "layer-tree-group")
    ET.SubElement(tree, "customproperties")
    for group in GROUPS:
        members = [layer for layer in LAYERS if layer.group == group.value]
        if not members:
            continue
        node = ET.SubElement(
            tree,
            "layer-tree-group",
            name=f"{group.label_en} / {group.label_vi}",
            checked="Qt::Checked",
            expanded="1",
        )
        ET.SubElement(node, "customproperties")
        for layer in members:
            ET.SubElement(
                node,
                "layer-tree-layer",
                id=layer_id(layer.name),
                name=f"{layer.title_en} / {layer.title_vi}",
                source=_source(gpkg_name, layer.name),
                providerKey="ogr",
                checked="Qt::Checked" if layer.visible else "Qt::Unchecked",
                expanded="1",
            )
    for table in _TABLES:
        ET.SubElement(
            tree,
            "layer-tree-layer",
            id=layer_id(table),
            name=table,
            source=_source(gpkg_name, table),
            providerKey="ogr",
            checked="Qt::Checked",
            expanded="0",
        )
    ET.SubElement(
        tree,
        "layer-tree-layer",
        id=BASEMAP_ID,
        name=BASEMAP_TITLE,
        source=BASEMAP_SOURCE,
        providerKey="wms",
        checked="Qt::Unchecked",
        expanded="0",
    )
    # Drawing order apart from the tree's grouping: first item on top.
    order = ET.SubElement(tree, "custom-order", enabled="1")
    for layer in drawing_order():
        ET.SubElement(order, "item").text = layer_id(layer.name)
    ET.SubElement(order, "item").text = BASEMAP_ID

    relations = ET.SubElement(root, "relations")
    for layer in LAYERS:
        refs = (LINK_TABLE, "feature_id", layer.name, "id")
        _relation(relations, feature_relation(layer), f"{layer.title_en}: facts", refs)
    _relation(relations, FACT_RELATION, "Fact", (LINK_TABLE, "fact_id", FACTS.name, "id"))
    refs = (FACTS.name, "source", SOURCES.name, SOURCES.key)
    _relation(relations, SOURCE_RELATION, "Source", refs)

    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    ET.SubElement(canvas, "units").text = "degrees"
    _extent(canvas, "extent")
    ET.SubElement(canvas, "rotation").text = "0"
    _srs(canvas, "destinationsrs")
    view = ET.SubElement(root, "ProjectViewSettings", UseProjectScales="0", rotation="0")
    ET.SubElement(view, "Scales")
    default_extent = ET.SubElement(view, "DefaultViewExtent")
    south, west, north, east = REGION_BOUNDS
    for key, value in (("xmin", west), ("ymin", south), ("xmax", east), ("ymax", north)):
        default_extent.set(key, repr(value))
    _spatialrefsys(default_extent)

    layers_elem = ET.SubElement(root, "projectlayers")
    for layer in LAYERS:
        elem = _map_layer(
            layers_elem,
            table=layer.name,
            title=f"{layer.title_en} / {layer.title_vi}",
            source=_source(gpkg_name, layer.name),
        )
        elem.set(
            "geometry", {"marker": "Point", "line": "Line", "fill": "Polygon"}[symbol_type(layer)]
        )
        elem.set("wkbType", _geometry_type(layer))
        elem.set("labelsEnabled", "1")
        _srs(elem, "srs")
        elem.extend(style_elements(layer))
        ET.SubElement(elem, "previewExpression").text = FEATURE_DISPLAY
        _feature_form(elem, layer)
    # Without explicit widgets QGIS guesses a relation reference for fact_features'
    # keys, cannot tell which of the eleven relations it is, and logs "Missing Relation
    # in configuration" for every row it shows.
    table_setup: dict[str, tuple[str, dict[str, tuple[str, dict[str, str | bool]]]]] = {
        FACTS.name: (FACT_DISPLAY, {"source": _relation_reference(SOURCE_RELATION)}),
        SOURCES.name: (SOURCE_DISPLAY, {}),
        LINK_TABLE: (
            LINK_DISPLAY,
            {"fact_id": _relation_reference(FACT_RELATION), "feature_id": _TEXT, "layer": _TEXT},
        ),
    }
    for table in _TABLES:
        elem = _map_layer(layers_elem, table=table, title=table, source=_source(gpkg_name, table))
        elem.set("geometry", "No geometry")
        elem.set("wkbType", "NoGeometry")
        display, widgets = table_setup[table]
        _field_widgets(elem, widgets)
        ET.SubElement(elem, "previewExpression").text = display
    basemap = ET.SubElement(layers_elem, "maplayer", type="raster")
    ET.SubElement(basemap, "id").text = BASEMAP_ID
    ET.SubElement(basemap, "datasource").text = BASEMAP_SOURCE
    ET.SubElement(basemap, "layername").text = BASEMAP_TITLE
    ET.SubElement(basemap, "provider").text = "wms"
    ET.SubElement(
        basemap, "attribution", href="https://www.openstreetmap.org/copyright"
    ).text = BASEMAP_ATTRIBUTION

    presets = ET.SubElement(root, "visibility-presets")
    for theme, names in THEMES.items():
        preset = ET.SubElement(presets, "visibility-preset", name=theme)
        for name in names:
            ET.SubElement(preset, "layer", id=layer_id(name), visible="1", style="default")

    bookmarks = ET.SubElement(root, "Bookmarks")
    for n, (name, extent) in enumerate(bookmark_extents(data).items(), start=1):
        mark = ET.SubElement(
            bookmarks,
            "Bookmark",
            id=f"bookmark-{n}",
            name=name,
            group="",
            extent=_polygon_wkt(extent),
        )
        _spatialrefsys(mark)

    layouts = ET.SubElement(root, "Layouts")
    holder = ET.Element("crs")
    _spatialrefsys(holder)
    layouts.append(layout_element(title=f"{PROJECT_TITLE} — Lào Cai, Hà Giang", crs=holder[0]))

    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    # Without this flag QGIS ignores projectCrs and opens the project with no CRS.
    srs_settings = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(srs_settings, "ProjectionsEnabled", type="int").text = "1"
    # The labelling engine of a new QGIS project (version 2); a project without the entry
    # falls back to the old engine, and then labels differ from a dragged-in layer's.
    pal = ET.SubElement(properties, "PAL")
    ET.SubElement(pal, "PlacementEngineVersion", type="int").text = "1"
    measure = ET.SubElement(properties, "Measure")
    ET.SubElement(measure, "Ellipsoid", type="QString").text = ELLIPSOID
    units = ET.SubElement(properties, "Measurement")
    ET.SubElement(units, "DistanceUnits", type="QString").text = "km"
    ET.SubElement(units, "AreaUnits", type="QString").text = "km2"

    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"
