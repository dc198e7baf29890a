"""Load stage: read the curated layers, facts and sources from ``layers/``."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo._errors import Problem
from geo.schema import FACTS, LAYERS, SOURCES, Layer, Table

#: Where the shipped layers live, relative to the repository root.
DEFAULT_LAYERS_DIR = Path(__file__).resolve().parents[1] / "layers"


@dataclass
class Dataset:
    """Everything under ``layers/``, as read from disk, before any checking."""

    root: Path
    features: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    facts: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

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
        fname = path.name
        if not path.exists():
            data.problems.append(Problem(fname, "-", "-", "file is missing"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            data.problems.append(Problem(fname, "-", "-", f"is not UTF-8 text: {exc.reason}"))
            continue
        data.texts[layer.name] = text
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            data.problems.append(Problem(fname, "-", "-", f"not valid JSON: {exc}"))
            continue
        if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
            data.problems.append(Problem(fname, "-", "type", "must be a FeatureCollection"))
            continue
        feats = doc.get("features")
        if not isinstance(feats, list):
            data.problems.append(Problem(fname, "-", "features", "must be a list"))
            continue
        good = []
        for n, feat in enumerate(feats, start=1):
            if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict):
                data.problems.append(
                    Problem(fname, f"#{n}", "properties", "feature has no properties object")
                )
                continue
            good.append(feat)
        data.features[layer.name] = good
    data.facts = _read_table(root, FACTS, data.problems)
    data.sources = _read_table(root, SOURCES, data.problems)
    return data


def _read_table(root: Path, table: Table, problems: list[Problem]) -> list[dict[str, str]]:
    path = table_path(root, table)
    if not path.exists():
        problems.append(Problem(path.name, "-", "-", "file is missing"))
        return []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            if header != table.column_names:
                msg = f"columns must be {', '.join(table.column_names)} (found {', '.join(header)})"
                problems.append(Problem(path.name, "-", "header", msg))
                return []
            rows = [dict(row) for row in reader]
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, "-", "-", f"is not UTF-8 text: {exc.reason}"))
        return []
    except csv.Error as exc:
        problems.append(Problem(path.name, "-", "-", f"is not valid CSV: {exc}"))
        return []
    for n, row in enumerate(rows, start=2):
        if None in row:  # more cells than columns
            problems.append(
                Problem(path.name, row.get(table.key) or f"line {n}", "-", "has extra cells")
            )
    return rows


def to_geodataframe(layer: Layer, features: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """The features of one layer as a GeoDataFrame in EPSG:4326, columns in schema order."""
    columns = list(layer.field_names)
    if not features:
        return gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs=4326)
    gdf = gpd.GeoDataFrame.from_features(features, crs=4326, columns=[*columns, "geometry"])
    return gdf[[*columns, "geometry"]]
