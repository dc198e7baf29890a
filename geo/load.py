"""
Load stage: read the curated layers, facts and sources from ``layers/``.

Nothing here raises on bad input: a file that cannot be read becomes one
:class:`Problem` naming it (and the line, where there is one), and the file is
recorded as unreadable so that the checker does not also report everything that
points into it. Files are read within :data:`geo.schema.MAX_FILE_MB` and
:data:`geo.schema.MAX_JSON_DEPTH`, so a mistaken file cannot exhaust memory or
the stack.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import numpy as np

from geo import _json
from geo._errors import Problem
from geo.schema import FACTS, LAYERS, MAX_FILE_MB, MAX_JSON_DEPTH, REDIRECTS, SOURCES, Layer, Table

if TYPE_CHECKING:
    import geopandas as gpd

#: Where the shipped layers live, relative to the repository root.
DEFAULT_LAYERS_DIR = Path(__file__).resolve().parents[1] / "layers"

PUBLISHED_FILE = "published_ids.txt"

_BOM = b"\xef\xbb\xbf"


@dataclass
class Dataset:
    """Everything under ``layers/``, as read from disk, before any checking."""

    root: Path
    features: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Each layer file's UTF-8 bytes as read (CRLF made LF), for the layout rule.
    texts: dict[str, bytes] = field(default_factory=dict)
    facts: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    redirects: list[dict[str, str]] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files that could not be read at all (their problem is the root cause).
    unreadable: set[str] = field(default_factory=set)
    #: Files read, but not as written on disk (BOM, CRLF): `geo fmt` rewrites them.
    unclean: set[str] = field(default_factory=set)

    def all_features(self) -> list[tuple[Layer, dict[str, Any]]]:
        """Every feature with its layer, in layer order."""
        return [(layer, feat) for layer in LAYERS for feat in self.features.get(layer.name, [])]

    def by_id(self) -> dict[str, tuple[Layer, dict[str, Any]]]:
        """Features keyed by their ``id`` (the first one, where ids repeat)."""
        out: dict[str, tuple[Layer, dict[str, Any]]] = {}
        for layer, feat in self.all_features():
            fid = feat.get("properties", {}).get("id")
            if isinstance(fid, str):
                out.setdefault(fid, (layer, feat))
        return out

    def readable(self, *fnames: str) -> bool:
        """Whether every named file was read (every layer file, given none)."""
        names = fnames or tuple(layer_path(self.root, layer).name for layer in LAYERS)
        return not self.unreadable.intersection(names)

    def redirect_map(self) -> dict[str, str]:
        """Old id → new id, from ``redirects.csv``."""
        return {row["old_id"]: row["new_id"] for row in self.redirects}


def layer_path(root: Path, layer: Layer) -> Path:
    return root / f"{layer.name}.geojson"


def table_path(root: Path, table: Table) -> Path:
    return root / f"{table.name}.csv"


def read_dataset(root: Path) -> Dataset:
    """
    Read every declared layer and table below ``root``.

    Files that are missing or unreadable become problems on the dataset rather
    than exceptions, so that ``geo check`` can report all of them at once.
    """
    data = Dataset(root=root)
    for layer in LAYERS:
        path = layer_path(root, layer)
        read = _read_layer(path, root=root, data=data)
        if read is None:
            continue
        raw, doc = read
        feats = None if doc is None else _features(doc, fname=path.name, data=data)
        if feats is None:
            data.unreadable.add(path.name)
            continue
        data.texts[layer.name] = raw
        data.features[layer.name] = feats
    data.facts = _read_table(root, FACTS, data)
    data.sources = _read_table(root, SOURCES, data)
    data.redirects = _read_table(root, REDIRECTS, data, optional=True)
    published = root / PUBLISHED_FILE
    text = _read_text(published, root=root, data=data) if published.exists() else ""
    lines = (text or "").splitlines()
    data.published = [s.strip() for s in lines if s.strip() and not s.startswith("#")]
    return data


def _read_layer(path: Path, *, root: Path, data: Dataset) -> tuple[bytes, Any] | None:
    """
    A layer file's bytes (CRLF made LF) and its JSON (None where it is not JSON), or
    None with a problem saying why it cannot be read.

    Most files are clean, and are decoded straight from their bytes (which checks
    their UTF-8 too); any other goes the way of :func:`_read_text`, for its messages.
    """
    raw = _read_bytes(path, root=root, data=data)
    if raw is None:
        return None
    if not raw.startswith(_BOM) and _max_depth(raw) <= MAX_JSON_DEPTH:
        try:
            doc = msgspec.json.decode(raw)
        except msgspec.MsgspecError:
            pass  # the long way round, for what it has to say
        else:
            if b"\r" in raw:
                _crlf_problem(path.name, data)
                raw = raw.replace(b"\r\n", b"\n")
            return raw, doc
    text = _read_text(path, root=root, data=data, raw=raw)
    if text is None:
        return None
    return text.encode("utf-8"), _parse_json(text, fname=path.name, data=data)


def _crlf_problem(fname: str, data: Dataset) -> None:
    data.problems.append(Problem(fname, "-", "-", "has Windows (CRLF) line endings; run `geo fmt`"))
    data.unclean.add(fname)


def _refuse(fname: str, reason: str, *, data: Dataset) -> None:
    """Record that ``fname`` cannot be read, and why."""
    data.problems.append(Problem(fname, "-", "-", reason))
    data.unreadable.add(fname)


def _read_bytes(path: Path, *, root: Path, data: Dataset) -> bytes | None:
    """The file's bytes, or None with a problem saying why it cannot be read."""

    def refuse(reason: str) -> None:
        _refuse(path.name, reason, data=data)

    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            refuse(f"is a symlink to {target}, outside {root}; copy the file in instead")
            return None
    if not path.exists():
        refuse("file is missing")
        return None
    if not path.is_file():
        refuse("is not a regular file")
        return None
    size = path.stat().st_size
    if size > MAX_FILE_MB * 2**20:
        refuse(
            f"is {size / 2**20:.0f} MB, over the {MAX_FILE_MB} MB a file may have "
            "(split the layer or simplify its geometries)"
        )
        return None
    return path.read_bytes()


def _read_text(path: Path, *, root: Path, data: Dataset, raw: bytes | None = None) -> str | None:
    """The file's text (``raw``, its bytes, if read already), or None with a problem."""
    fname = path.name

    if raw is None:
        raw = _read_bytes(path, root=root, data=data)
        if raw is None:
            return None
    if raw.startswith(_BOM):
        data.problems.append(
            Problem(fname, "-", "-", "starts with a byte-order mark (BOM); run `geo fmt`")
        )
        data.unclean.add(fname)
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        _refuse(
            fname,
            f"is not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {line} "
            "(save it as UTF-8; it may be Latin-1 or Windows-1252)",
            data=data,
        )
        return None
    if "\r" in text:
        _crlf_problem(fname, data)
        text = text.replace("\r\n", "\n")
    return text


#: Each byte's step in bracket depth: +1 for ``[`` and ``{``, -1 for ``]`` and ``}``.
_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[[ord("["), ord("{")]] = 1
_DEPTH_STEP[[ord("]"), ord("}")]] = -1


def _max_depth(text: str | bytes) -> int:
    """Deepest bracket nesting, counted without parsing (brackets in strings count too)."""
    raw = np.frombuffer(text if isinstance(text, bytes) else text.encode("utf-8"), np.uint8)
    steps = _DEPTH_STEP[raw[_DEPTH_STEP[raw] != 0]]  # only the brackets
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def _parse_json(text: str, *, fname: str, data: Dataset) -> Any:
    depth = _max_depth(text)
    if depth > MAX_JSON_DEPTH:
        msg = f"nests brackets {depth} levels deep; a layer needs at most {MAX_JSON_DEPTH}"
        data.problems.append(Problem(fname, "-", "-", msg))
        return None
    try:
        return _json.loads(text)
    except json.JSONDecodeError as exc:
        ended = exc.pos >= len(text.rstrip())
        why = "it ends too early (truncated?)" if ended else exc.msg
        msg = f"is not valid JSON: {why} at line {exc.lineno}, column {exc.colno}"
        data.problems.append(Problem(fname, "-", "-", msg))
        return None


def _features(doc: Any, *, fname: str, data: Dataset) -> list[dict[str, Any]] | None:
    """The features of a FeatureCollection, or None with a problem."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        data.problems.append(Problem(fname, "-", "type", "must be a FeatureCollection"))
        return None
    feats = doc.get("features")
    if not isinstance(feats, list):
        data.problems.append(Problem(fname, "-", "features", "must be a list"))
        return None
    good = []
    for n, feat in enumerate(feats, start=1):
        if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict):
            data.problems.append(
                Problem(fname, f"#{n}", "properties", "feature has no properties object")
            )
            continue
        good.append(feat)
    return good


def _read_table(
    root: Path, table: Table, data: Dataset, *, optional: bool = False
) -> list[dict[str, str]]:
    path = table_path(root, table)
    fname = path.name
    if optional and not path.exists() and not path.is_symlink():
        return []
    text = _read_text(path, root=root, data=data)
    if text is None:
        return []
    rows: list[dict[str, str]] = []
    reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
    start = 1
    try:
        header = tuple(reader.fieldnames or ())
        if header != table.column_names:
            msg = f"columns must be {', '.join(table.column_names)} (found {', '.join(header)})"
            data.problems.append(Problem(fname, "-", "header", msg))
            data.unreadable.add(fname)
            return []
        while True:
            start = reader.line_num + 1  # the line the next record starts on
            rows.append(next(reader))
    except StopIteration:
        pass
    except csv.Error as exc:
        msg = f"is not valid CSV in the row from line {start}: {exc} (an unbalanced quote?)"
        data.problems.append(Problem(fname, "-", "-", msg))
        data.unreadable.add(fname)
        return []
    for n, row in enumerate(rows, start=2):
        if None in row:  # more cells than columns
            data.problems.append(
                Problem(fname, row.get(table.key) or f"line {n}", "-", "has extra cells")
            )
    return rows


def geometries(features: list[dict[str, Any]]) -> np.ndarray:
    """
    The features' geometries as shapely objects (None where a feature has none).

    Points are made in one call from their coordinates; other types one by one. For
    checked features only (``geo check`` reports what cannot be read).
    """
    import shapely  # noqa: PLC0415 (only the stages that need geometries load it)
    from shapely.geometry import shape  # noqa: PLC0415

    out = np.empty(len(features), dtype=object)
    points = []
    for n, feat in enumerate(features):
        geom = feat.get("geometry")
        if not geom:
            continue
        if geom["type"] == "Point" and len(geom["coordinates"]) == 2:  # x, y (a z stays with shape)
            points.append(n)
        else:
            out[n] = shape(geom)
    if points:
        xy = np.array([features[n]["geometry"]["coordinates"] for n in points], dtype=float)
        out[points] = shapely.points(xy)
    return out


def to_geodataframe(layer: Layer, features: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """The features of one layer as a GeoDataFrame in EPSG:4326, columns in schema order."""
    import geopandas as gpd  # noqa: PLC0415 (pandas only where a frame is needed)

    columns = list(layer.field_names)
    if not features:
        return gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs=4326)
    frame = {name: [f["properties"].get(name) for f in features] for name in columns}
    geoms = gpd.GeoSeries(geometries(features), crs=4326)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)[[*columns, "geometry"]]
