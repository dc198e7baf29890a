"""
A GeoPackage written with ``sqlite3`` and ``struct`` alone, laid out as GDAL writes one.

A GeoPackage (OGC 12-128r18) is an SQLite file: ``application_id`` ``GPKG``, the version
in ``user_version`` (1.2 is 10200), the core tables (``gpkg_spatial_ref_sys``,
``gpkg_contents``, ``gpkg_geometry_columns`` and the tile tables), one table per layer
with an integer primary key ``fid`` and a geometry column of GeoPackage binary blobs
(``GP``, version, flags, SRS id and envelope, then ISO WKB, all little-endian), and the
R-tree spatial index extension per spatial table. The DDL, triggers and extension rows
below are those GDAL writes (read from the package that GDAL 3.12, through pyogrio,
wrote for GeoPackage 1.2 before this module replaced it), as is GDAL's own
``gpkg_ogr_contents`` (feature counts), so that GDAL, QGIS and GDAL's strict validator
read the file as one of their own, without this module importing GDAL.

The R-tree triggers call ``ST_IsEmpty``, ``ST_MinX`` … which GDAL and QGIS register and
plain SQLite does not: like GDAL, the writer fills a table and its index first and creates
the triggers after.
"""

# ruff: noqa: S608  (every SQL identifier comes from the schema, quoted)
from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np

#: ``PRAGMA application_id`` of a GeoPackage: "GPKG" as a big-endian integer.
APPLICATION_ID: Final = 0x47504B47

#: The SRS id of every geometry written (EPSG:4326).
SRS_ID: Final = 4326

#: A table's extent: west, south, east, north (``gpkg_contents`` order).
Extent = tuple[float, float, float, float]

#: GDAL's core tables (GeoPackage 1.2), in GDAL's order.
CORE_DDL: Final = (
    "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL,srs_id INTEGER NOT NULL "
    "PRIMARY KEY,organization TEXT NOT NULL,organization_coordsys_id INTEGER NOT NULL,"
    "definition  TEXT NOT NULL,description TEXT)",
    "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY,data_type TEXT NOT "
    "NULL,identifier TEXT UNIQUE,description TEXT DEFAULT '',last_change DATETIME NOT NULL "
    "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),min_x DOUBLE, min_y DOUBLE,max_x DOUBLE, "
    "max_y DOUBLE,srs_id INTEGER,CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES "
    "gpkg_spatial_ref_sys(srs_id))",
    "CREATE TABLE gpkg_ogr_contents(table_name TEXT NOT NULL PRIMARY KEY,feature_count "
    "INTEGER DEFAULT NULL)",
    "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL,column_name TEXT NOT NULL,"
    "geometry_type_name TEXT NOT NULL,srs_id INTEGER NOT NULL,z TINYINT NOT NULL,m TINYINT "
    "NOT NULL,CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),CONSTRAINT "
    "uk_gc_table_name UNIQUE (table_name),CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) "
    "REFERENCES gpkg_contents(table_name),CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) "
    "REFERENCES gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY,srs_id INTEGER "
    "NOT NULL,min_x DOUBLE NOT NULL,min_y DOUBLE NOT NULL,max_x DOUBLE NOT NULL,max_y DOUBLE "
    "NOT NULL,CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES "
    "gpkg_contents(table_name),CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES "
    "gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL,zoom_level INTEGER NOT NULL,"
    "matrix_width INTEGER NOT NULL,matrix_height INTEGER NOT NULL,tile_width INTEGER NOT "
    "NULL,tile_height INTEGER NOT NULL,pixel_x_size DOUBLE NOT NULL,pixel_y_size DOUBLE NOT "
    "NULL,CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level),CONSTRAINT "
    "fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name))",
)

#: GDAL's tile matrix triggers: column, the condition that breaks it, what it must be.
_TILE_CHECKS: Final = (
    ("zoom_level", "(NEW.zoom_level < 0)", "cannot be less than 0"),
    ("matrix_width", "(NEW.matrix_width < 1)", "cannot be less than 1"),
    ("matrix_height", "(NEW.matrix_height < 1)", "cannot be less than 1"),
    ("pixel_x_size", "NOT (NEW.pixel_x_size > 0)", "must be greater than 0"),
    ("pixel_y_size", "NOT (NEW.pixel_y_size > 0)", "must be greater than 0"),
)


def _tile_triggers() -> list[str]:
    out = []
    for column, condition, rule in _TILE_CHECKS:
        for event in ("insert", "update"):
            # GDAL spells the first update trigger "of", the others "OF".
            of = "of" if column == "zoom_level" else "OF"
            when = "INSERT" if event == "insert" else f"UPDATE {of} {column}"
            out.append(
                f"CREATE TRIGGER 'gpkg_tile_matrix_{column}_{event}' BEFORE {when} ON "
                f"'gpkg_tile_matrix' FOR EACH ROW BEGIN SELECT RAISE(ABORT, '{event} on table "
                f"''gpkg_tile_matrix'' violates constraint: {column} {rule}') "
                f"WHERE {condition}; END"
            )
    return out


#: ``gpkg_spatial_ref_sys`` as GDAL fills it: the two undefined systems and EPSG:4326.
SPATIAL_REF_SYS: Final = (
    (
        "Undefined Cartesian SRS",
        -1,
        "NONE",
        -1,
        "undefined",
        "undefined Cartesian coordinate reference system",
    ),
    (
        "Undefined geographic SRS",
        0,
        "NONE",
        0,
        "undefined",
        "undefined geographic coordinate reference system",
    ),
    (
        "WGS 84 geodetic",
        SRS_ID,
        "EPSG",
        SRS_ID,
        'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
        'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
        'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
        'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
        "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
    ),
)

EXTENSIONS_DDL: Final = (
    "CREATE TABLE gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT "
    "NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, "
    "column_name, extension_name))"
)

RTREE_URI: Final = "http://www.geopackage.org/spec120/#extension_rtree"


def quote(name: str) -> str:
    """An SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def user_version(version: str) -> int:
    """
    ``PRAGMA user_version`` of a GeoPackage version: "1.2" is 10200.

    Parameters
    ----------
    version
        Major and minor version, optionally a patch: "1.2", "1.2.1".
    """
    parts = [int(p) for p in version.split(".")]
    if not 2 <= len(parts) <= 3:
        msg = f"a GeoPackage version is major.minor[.patch], not {version!r}"
        raise ValueError(msg)
    major, minor, patch = (*parts, 0)[:3]
    return major * 10000 + minor * 100 + patch


def create(db: sqlite3.Connection, *, version: str) -> None:
    """
    Make an empty SQLite database a GeoPackage: pragmas, core tables and SRS rows.

    Parameters
    ----------
    db
        A connection to a new, empty database.
    version
        The GeoPackage version written, e.g. "1.2".
    """
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {user_version(version)}")
    for ddl in (*CORE_DDL, *_tile_triggers()):
        db.execute(ddl)
    db.executemany(
        "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
        "organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)",
        SPATIAL_REF_SYS,
    )


# --- geometries ------------------------------------------------------------------------

_WKB_CODES: Final = {
    "Point": 1,
    "LineString": 2,
    "Polygon": 3,
    "MultiPoint": 4,
    "MultiLineString": 5,
    "MultiPolygon": 6,
}
#: How deep positions sit in each type's coordinates (a Point's are the position).
_DEPTH: Final = {
    "Point": 0,
    "LineString": 1,
    "MultiPoint": 1,
    "Polygon": 2,
    "MultiLineString": 2,
    "MultiPolygon": 3,
}
_FLAGS_LE: Final = 0x01  # little-endian, standard GeoPackage binary
_ENVELOPE_XY: Final = 1 << 1
_ENVELOPE_XYZ: Final = 2 << 1
_EMPTY: Final = 1 << 4
# An XY point: GDAL writes it without an envelope (the point is its own envelope).
_POINT: Final = struct.Struct("<2sBBiBIdd")
_HEADER: Final = struct.Struct("<2sBBi")
_XY_ENVELOPE: Final = struct.Struct("<2sBBi4d")


def _positions(kind: str, coords: Any) -> list[Any]:
    out = [coords]
    for _ in range(_DEPTH[kind]):
        out = [p for part in out for p in part]
    return out


def _wkb(kind: str, coords: Any, dims: int) -> bytes:
    """ISO WKB, little-endian, of a GeoJSON geometry's coordinates."""
    code = _WKB_CODES[kind] + (1000 if dims == 3 else 0)
    if kind == "Point":
        return struct.pack(f"<BI{dims}d", 1, code, *coords[:dims])
    if kind.startswith("Multi"):
        single = kind.removeprefix("Multi")
        parts = b"".join(_wkb(single, part, dims) for part in coords)
        return struct.pack("<BII", 1, code, len(coords)) + parts
    rings = [coords] if kind == "LineString" else coords
    body = []
    for ring in rings:
        flat = [v for p in ring for v in p[:dims]]
        body.append(struct.pack(f"<I{len(flat)}d", len(ring), *flat))
    head = (
        struct.pack("<BI", 1, code)
        if kind == "LineString"
        else struct.pack("<BII", 1, code, len(rings))
    )
    return head + b"".join(body)


def geometry_blob(geometry: dict[str, Any], *, multi: bool) -> tuple[bytes, Extent | None]:
    """
    A GeoJSON geometry as GeoPackage binary, and its extent (None when it is empty).

    Parameters
    ----------
    geometry
        A checked GeoJSON geometry (Point, LineString, Polygon or their Multi*), 2D or 3D.
    multi
        Whether the table holds Multi* geometries: a single one is then written as a
        Multi* of one part, as GDAL's ``promote_to_multi`` does.
    """
    kind = geometry["type"]
    coords = geometry["coordinates"]
    if kind not in _WKB_CODES:
        msg = f"a GeoPackage table of this atlas holds no {kind} geometry"
        raise ValueError(msg)
    if multi and not kind.startswith("Multi"):
        kind, coords = f"Multi{kind}", [coords]
    positions = _positions(kind, coords)
    if not positions:
        return _HEADER.pack(b"GP", 0, _FLAGS_LE | _EMPTY, SRS_ID) + _wkb(kind, coords, 2), None
    dims = len(positions[0])
    xs = [p[0] for p in positions]
    ys = [p[1] for p in positions]
    extent = (min(xs), min(ys), max(xs), max(ys))
    if kind == "Point":
        head = _HEADER.pack(b"GP", 0, _FLAGS_LE, SRS_ID)
    elif dims == 3:
        zs = [p[2] for p in positions]
        head = _HEADER.pack(b"GP", 0, _FLAGS_LE | _ENVELOPE_XYZ, SRS_ID) + struct.pack(
            "<6d", extent[0], extent[2], extent[1], extent[3], min(zs), max(zs)
        )
    else:
        head = _XY_ENVELOPE.pack(
            b"GP", 0, _FLAGS_LE | _ENVELOPE_XY, SRS_ID, extent[0], extent[2], extent[1], extent[3]
        )
    return head + _wkb(kind, coords, dims), extent


def geometry_blobs(
    geometries: Sequence[dict[str, Any] | None], *, multi: bool
) -> tuple[list[bytes | None], list[Extent | None], bool]:
    """
    :func:`geometry_blob` of each geometry (None stays None), XY points in one fast pass.

    Parameters
    ----------
    geometries
        GeoJSON geometries or None, in table order.
    multi
        Whether the table holds Multi* geometries.

    Returns
    -------
    The blobs, their extents, and whether any geometry has a z.
    """
    blobs: list[bytes | None] = []
    extents: list[Extent | None] = []
    has_z = False
    pack = _POINT.pack
    for geom in geometries:
        if not geom:
            blobs.append(None)
            extents.append(None)
            continue
        coords = geom["coordinates"]
        if not multi and geom["type"] == "Point" and len(coords) == 2:
            x, y = coords
            blobs.append(pack(b"GP", 0, _FLAGS_LE, SRS_ID, 1, 1, x, y))
            extents.append((x, y, x, y))
            continue
        blob, extent = geometry_blob(geom, multi=multi)
        blobs.append(blob)
        extents.append(extent)
        has_z = has_z or _wkb_has_z(blob)
    return blobs, extents, has_z


def _wkb_has_z(blob: bytes) -> bool:
    """Whether a GeoPackage blob's geometry has a z (its WKB type code, after the envelope)."""
    flags = blob[3]
    envelope = (0, 32, 48, 48, 64)[(flags >> 1) & 0x07]
    (code,) = struct.unpack_from("<I", blob, 8 + envelope + 1)
    return code > 1000


def union(extents: Iterable[Extent | None]) -> Extent | None:
    """The extent of all the given extents (None when there is none)."""
    boxes = [e for e in extents if e is not None]
    if not boxes:
        return None
    # Floats, also where GeoJSON wrote a whole number (104 is 104.0 in the metadata too).
    return (
        float(min(b[0] for b in boxes)),
        float(min(b[1] for b in boxes)),
        float(max(b[2] for b in boxes)),
        float(max(b[3] for b in boxes)),
    )


# --- R-tree ----------------------------------------------------------------------------

#: SQLite rounds an R-tree's bounds outward to 32-bit floats with these (``rtree.c``).
_RND_TOWARDS: Final = 1.0 - 1.0 / 8388608.0
_RND_AWAY: Final = 1.0 + 1.0 / 8388608.0
#: A 2D R-tree cell: the id (or a child node's number), then min x, max x, min y, max y.
_CELL: Final = np.dtype([("id", ">i8"), ("x0", ">f4"), ("x1", ">f4"), ("y0", ">f4"), ("y1", ">f4")])


def _float_down(d: np.ndarray) -> np.ndarray:
    """SQLite's ``rtreeValueDown``: the largest float32 not above each value (its way)."""
    f = d.astype(np.float32)
    over = f > d
    f[over] = (d[over] * np.where(d[over] < 0, _RND_AWAY, _RND_TOWARDS)).astype(np.float32)
    return f


def _float_up(d: np.ndarray) -> np.ndarray:
    """SQLite's ``rtreeValueUp``: the smallest float32 not below each value (its way)."""
    f = d.astype(np.float32)
    under = f < d
    f[under] = (d[under] * np.where(d[under] < 0, _RND_TOWARDS, _RND_AWAY)).astype(np.float32)
    return f


def _str_order(cells: np.ndarray, per_node: int) -> np.ndarray:
    """Sort-Tile-Recursive order: vertical slices by x centre, each sorted by y centre."""
    n = len(cells)
    nodes = -(-n // per_node)
    slices = max(1, int(np.ceil(np.sqrt(nodes))))
    cx = cells["x0"].astype(np.float64) + cells["x1"]
    cy = cells["y0"].astype(np.float64) + cells["y1"]
    slice_of = np.empty(n, dtype=np.int64)
    slice_of[np.argsort(cx, kind="stable")] = np.arange(n) // (slices * per_node)
    return np.lexsort((cy, slice_of))


def bulk_load_rtree(db: sqlite3.Connection, *, name: str, extents: Sequence[Extent | None]) -> None:
    """
    Fill a new, empty SQLite R-tree (``id, minx, maxx, miny, maxy``) with the extents.

    The index SQLite would hold after inserting each row (id = position + 1, bounds
    rounded outward to 32-bit floats as SQLite rounds them), but packed bottom-up
    (Sort-Tile-Recursive, full nodes) and written straight into its ``_node``,
    ``_rowid`` and ``_parent`` tables, as GDAL 3.7+ builds its R-trees: inserting row
    by row costs SQLite node splits (three quarters of a second at 100,000 points).

    Parameters
    ----------
    db
        The database; the R-tree was just created in it.
    name
        The R-tree's name.
    extents
        One extent per row (west, south, east, north), None for a row without one.
    """
    rows = [(fid, e) for fid, e in enumerate(extents, start=1) if e is not None]
    if not rows:
        return  # the empty root SQLite made is the whole tree
    (size,) = db.execute(
        f"SELECT length(data) FROM {quote(name + '_node')} WHERE nodeno = 1"
    ).fetchone()
    per_node = (size - 4) // _CELL.itemsize
    box = np.array([e for _, e in rows], dtype=np.float64)
    level = np.empty(len(rows), dtype=_CELL)
    level["id"] = [fid for fid, _ in rows]
    level["x0"], level["y0"] = _float_down(box[:, 0]), _float_down(box[:, 1])
    level["x1"], level["y1"] = _float_up(box[:, 2]), _float_up(box[:, 3])
    levels: list[list[np.ndarray]] = []  # per level, bottom up: each node's cells
    while True:
        ordered = level[_str_order(level, per_node)]
        nodes = [ordered[i : i + per_node] for i in range(0, len(ordered), per_node)]
        levels.append(nodes)
        if len(nodes) == 1:
            break
        level = np.empty(len(nodes), dtype=_CELL)
        level["id"] = np.arange(len(nodes))  # the child's index: numbered below, top down
        level["x0"] = [n["x0"].min() for n in nodes]
        level["x1"] = [n["x1"].max() for n in nodes]
        level["y0"] = [n["y0"].min() for n in nodes]
        level["y1"] = [n["y1"].max() for n in nodes]
    # Number the nodes top down (the root is node 1) and point each parent cell at its child.
    numbers = [[1]]
    next_number = 2
    for depth in range(len(levels) - 2, -1, -1):
        count = len(levels[depth])
        numbers.insert(0, list(range(next_number, next_number + count)))
        next_number += count
    parents: list[tuple[int, int]] = []
    rowids: list[tuple[int, int]] = []
    blobs: list[tuple[int, bytes]] = []
    depth_of_root = len(levels) - 1
    for depth, nodes in enumerate(levels):
        # Each cell of the level above holds the index of its node here: now its number.
        if depth + 1 < len(levels):
            here = np.asarray(numbers[depth], dtype=np.int64)
            for above, cells in zip(numbers[depth + 1], levels[depth + 1], strict=True):
                cells["id"] = here[cells["id"]]
                parents += [(int(child), above) for child in cells["id"]]
        for number, cells in zip(numbers[depth], nodes, strict=True):
            if depth == 0:
                rowids += [(int(i), number) for i in cells["id"]]
            head = struct.pack(">HH", depth_of_root if number == 1 else 0, len(cells))
            blobs.append((number, (head + cells.tobytes()).ljust(size, b"\0")))
    node, rowid, parent_of = (quote(f"{name}_{t}") for t in ("node", "rowid", "parent"))
    blobs.sort()
    db.execute(f"UPDATE {node} SET data = ? WHERE nodeno = 1", (blobs[0][1],))
    db.executemany(f"INSERT INTO {node} (nodeno, data) VALUES (?, ?)", blobs[1:])
    db.executemany(f"INSERT INTO {rowid} (rowid, nodeno) VALUES (?, ?)", sorted(rowids))
    db.executemany(f"INSERT INTO {parent_of} (nodeno, parentnode) VALUES (?, ?)", sorted(parents))


# --- tables ----------------------------------------------------------------------------


def _create_table(
    db: sqlite3.Connection, *, table: str, key: str, columns: Sequence[tuple[str, str]]
) -> None:
    spec = "".join(f", {quote(name)} {sql_type}" for name, sql_type in columns)
    db.execute(
        f"CREATE TABLE {quote(table)} ( {quote(key)} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"
        f"{spec})"
    )


def _insert_rows(db: sqlite3.Connection, *, table: str, columns: Sequence[Sequence[Any]]) -> int:
    """Insert the columns as rows keyed 1…n (every column of the table); return n."""
    count = len(columns[0])
    marks = ", ".join("?" * (len(columns) + 1))
    db.executemany(
        f"INSERT INTO {quote(table)} VALUES ({marks})",
        zip(range(1, count + 1), *columns, strict=True),
    )
    return count


def _feature_count(db: sqlite3.Connection, *, table: str, count: int) -> None:
    db.execute(
        "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, ?)", (table, count)
    )
    q, name = quote(table), table.replace("'", "''")
    for event, sign in (("insert", "+"), ("delete", "-")):
        db.execute(
            f'CREATE TRIGGER "trigger_{event}_feature_count_{table}" AFTER {event.upper()} ON {q} '
            f"BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count {sign} 1 "
            f"WHERE lower(table_name) = lower('{name}'); END"
        )


def _rtree_triggers(table: str, column: str, key: str) -> list[str]:
    t, c, k, r = quote(table), quote(column), quote(key), quote(f"rtree_{table}_{column}")
    name = f"rtree_{table}_{column}"
    insert = (
        f"INSERT OR REPLACE INTO {r} VALUES (NEW.{k},ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}),"
        f"ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}));"
    )
    return [
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON {t} WHEN (new.{c} NOT NULL AND NOT '
        f"ST_IsEmpty(NEW.{c})) BEGIN {insert} END",
        f'CREATE TRIGGER "{name}_update1" AFTER UPDATE OF {c} ON {t} WHEN OLD.{k} = NEW.{k} AND '
        f"(NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN {insert} END",
        f'CREATE TRIGGER "{name}_update2" AFTER UPDATE OF {c} ON {t} WHEN OLD.{k} = NEW.{k} AND '
        f"(NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id = OLD.{k}; END",
        f'CREATE TRIGGER "{name}_update3" AFTER UPDATE ON {t} WHEN OLD.{k} != NEW.{k} AND '
        f"(NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id = "
        f"OLD.{k}; {insert} END",
        f'CREATE TRIGGER "{name}_update4" AFTER UPDATE ON {t} WHEN OLD.{k} != NEW.{k} AND '
        f"(NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id IN (OLD.{k}, "
        f"NEW.{k}); END",
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON {t} WHEN old.{c} NOT NULL BEGIN '
        f"DELETE FROM {r} WHERE id = OLD.{k}; END",
    ]


def write_features(
    db: sqlite3.Connection,
    *,
    table: str,
    geometry_column: str,
    geometry_type: str,
    columns: Sequence[tuple[str, str]],
    values: Sequence[Sequence[Any]],
    geometries: Sequence[dict[str, Any] | None],
    stamp: str,
) -> Extent | None:
    """
    Write a spatial table (features ``fid`` 1…n in the given order) with its R-tree index.

    Parameters
    ----------
    db
        A connection to a GeoPackage made by :func:`create`.
    table
        The table's name.
    geometry_column
        Name of its geometry column.
    geometry_type
        GeoPackage type name of the column ("POINT", "MULTIPOLYGON" …).
    columns
        The attribute columns: name and SQL type.
    values
        One sequence of values per attribute column, as SQLite stores them.
    geometries
        The GeoJSON geometry of each row, or None.
    stamp
        ``gpkg_contents.last_change``.

    Returns
    -------
    The table's extent, None when no row has a geometry.
    """
    first = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_extensions'").fetchone()
    blobs, extents, has_z = geometry_blobs(geometries, multi=geometry_type.startswith("MULTI"))
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
        "last_change, srs_id) VALUES (?, 'features', ?, '', ?, ?)",
        (table, table, stamp, SRS_ID),
    )
    db.execute(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, "
        "srs_id, z, m) VALUES (?, ?, ?, ?, ?, 0)",
        # z: 0 prohibited, 2 optional (GDAL's hint when a table holds some z after all).
        (table, geometry_column, geometry_type, SRS_ID, 2 if has_z else 0),
    )
    _create_table(db, table=table, key="fid", columns=[(geometry_column, geometry_type), *columns])
    count = _insert_rows(db, table=table, columns=[blobs, *values])
    extent = union(extents)
    if extent is not None:
        db.execute(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? "
            "WHERE table_name = ?",
            (*extent, table),
        )
    if not first:
        db.execute(EXTENSIONS_DDL)
    db.execute(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')",
        (table, geometry_column, RTREE_URI),
    )
    rtree = f"rtree_{table}_{geometry_column}"
    db.execute(f"CREATE VIRTUAL TABLE {quote(rtree)} USING rtree(id, minx, maxx, miny, maxy)")
    bulk_load_rtree(db, name=rtree, extents=extents)
    for trigger in _rtree_triggers(table, geometry_column, "fid"):
        db.execute(trigger)
    _feature_count(db, table=table, count=count)
    return extent


def write_attributes(
    db: sqlite3.Connection,
    *,
    table: str,
    columns: Sequence[tuple[str, str]],
    values: Sequence[Sequence[Any]],
    stamp: str,
    key: str = "fid",
) -> None:
    """
    Write a table without geometries (rows keyed 1…n in the given order).

    Parameters
    ----------
    db
        A connection to a GeoPackage made by :func:`create`.
    table
        The table's name.
    columns
        Its columns: name and SQL type.
    values
        One sequence of values per column, as SQLite stores them.
    stamp
        ``gpkg_contents.last_change``.
    key
        Name of the integer primary key.
    """
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
        "last_change, srs_id) VALUES (?, 'attributes', ?, '', ?, 0)",
        (table, table, stamp),
    )
    _create_table(db, table=table, key=key, columns=columns)
    count = _insert_rows(db, table=table, columns=values)
    _feature_count(db, table=table, count=count)
