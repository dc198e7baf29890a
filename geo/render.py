"""
Render stage: the joined layers as a static Leaflet map, ``site/index.html``.

folium lays out the page (the map, the panes, the scale bar) and the app is added the
way a folium plugin is: :class:`AtlasApp`, a ``MacroElement`` with ``JSCSSMixin`` whose
template starts the app with ``this.options|tojavascript``. The app adds the tile layer
itself, once it has fitted the view, so that fitting the view does not reset it.

What the page loads is split by when the reader needs it, so a map of 100,000 pins
opens as fast as one of a hundred:

- ``index.html``: the app and a small config (the schema's labels and colours, the
  redirects, the features that have no position);
- ``map/<layer>.js``: each layer's **first-render data**: ids, geometry at 5 decimals,
  the Vietnamese name and the fields that style and filter it, as columns (a layer
  that starts hidden loads when it is first shown);
- ``map/popups/<k>.js``: the **popup content** (every property, the facts with their
  sources, partners, the names of linked features), in shards by a hash of the id,
  loaded when a popup opens;
- ``map/search/w<k>.js`` and ``map/search/<k>.js``: the **search index**, prebuilt
  by :mod:`geo.search_index` and loaded in the parts a query needs.

They are script files (``<script src>``), not ``fetch``, so a page opened from disk
works. ``self_contained`` inlines all of them. Large point layers are clustered in
the browser by supercluster (vendored in ``geo/assets/vendor/``); the app itself is
the modules of ``geo/assets/js/``, concatenated here, so users never need Node.

Popups are built with DOM text nodes, so text from the articles and the layers is
never interpreted as HTML.
"""

from __future__ import annotations

import base64
import json
import math
import mimetypes
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import xstatic.pkg.leaflet
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.template import Template
from folium.utilities import JsCode

from geo import search_index
from geo._json import dumpb as fast_dumpb
from geo.basemap import labels as basemap_labels
from geo.basemap import world_payload
from geo.mentions import MENTIONS_CALL, MENTIONS_DIR
from geo.schema import (
    FACT_TOPICS,
    FACT_UNITS,
    GROUPS,
    LAYERS,
    NOT_YET_BUILT,
    REGION_BOUNDS,
    STATUS_STYLES,
    STATUSES,
    Category,
    Layer,
)

#: Map tiles: the only thing the page loads from the internet.
TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
DATA_ATTRIBUTION = (
    "Data: Border Atlas from five Vietnamese articles; borders "
    '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
)
#: The tiles' deepest zoom (OpenStreetMap's standard layer).
TILES_MAX_ZOOM = 18
#: Credited instead of the tiles when the page draws its offline basemap.
OFFLINE_ATTRIBUTION = (
    'Basemap: <a href="https://www.naturalearthdata.com/">Natural Earth</a> 1:10m/1:110m '
    "(tiles not loaded)"
)
#: Seconds without a single tile before the offline basemap is drawn (tiles that hang).
TILES_PATIENCE_S = 6

#: Folder of the site that holds the map's data scripts (``site/data`` is the GIS
#: package, which ``geo export`` replaces on its own).
MAP_DIR = "map"
#: Coordinates of the first-render data: 5 decimals is about a metre.
MAP_DECIMALS = 5
#: Features per popup shard, on average.
SHARD_SIZE = 128
#: A point layer with more features than this is clustered even if the schema does not ask.
CLUSTER_ABOVE = 2000
#: Properties every layer's first-render data carries (with its style field), where the
#: layer has them: the names for the tooltips in either language (a clustered layer
#: leaves name_en to its popup shards, loaded when an English reader needs it), the
#: ends of a partnership for the year filter (it keeps the localities of the
#: relationships shown).
FIRST_RENDER_FIELDS = (
    "name_vi",
    "name_en",
    "status",
    "since",
    "country",
    "level",
    "from_id",
    "to_id",
)

APP_DIR = Path(__file__).resolve().parent / "assets"
#: The app's modules, in the order they are concatenated (each adds to BorderAtlas).
JS_MODULES = (
    "core",
    "text",
    "data",
    "layers",
    "cluster",
    "sparkline",
    "popups",
    "search",
    "year",
    "lang",
    "hash",
    "controls",
    "keys",
    "about",
    "main",
)
VENDOR_JS = ("supercluster.min.js",)
#: MiniSearch, the search's engine: its own script, loaded by the first search (or when
#: the search box is focused); a self-contained page inlines it.
ENGINE_JS = "minisearch.js"


@dataclass(frozen=True)
class Asset:
    """A script or stylesheet shipped by a pip-installable package."""

    package_dir: Path
    file: str
    kind: str  # "js" or "css"

    @property
    def path(self) -> Path:
        return self.package_dir / self.file


LEAFLET_DIR = Path(xstatic.pkg.leaflet.BASE_DIR)
ASSETS: tuple[Asset, ...] = (
    Asset(LEAFLET_DIR, "leaflet.css", "css"),
    Asset(LEAFLET_DIR, "leaflet.js", "js"),
)


# --- pure helpers (mirrored by geo/assets/js/text.js) -----------------------------


def shard_of(fid: str, shards: int) -> int:
    """The popup shard of an id: CRC-32 of its UTF-8 bytes, as ``text.shardOf``."""
    return zlib.crc32(fid.encode("utf-8")) % max(1, shards)


def shard_count(features: int) -> int:
    """How many popup shards ``features`` features are split into."""
    return max(1, math.ceil(features / SHARD_SIZE))


# --- script text ------------------------------------------------------------------


def _script_safe(text: str) -> str:
    # An inlined file must not close its own <script>/<style> element early.
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def _json(value: Any) -> str:
    """Compact JSON, byte-stable across runs, safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _data_json(value: Any) -> bytes:
    """
    JSON for a data script, in fewer passes than :func:`_json`: only ``</`` and ``<!--``
    could end or confuse an inlined <script>, and both have JSON escapes. UTF-8 bytes,
    as written: a data file is never held as text.
    """
    # Data is built in a fixed order (the layers' own), so its keys need no sorting.
    data = fast_dumpb(value)
    return data.replace(b"</", b"<\\/").replace(b"<!--", b"\\u003c!--")


def _call(function: str, *args: str, payload: Any, parse: bool = False) -> bytes:
    """
    ``BorderAtlas.function(args…, data)``, as UTF-8 bytes.

    With ``parse`` the data is a ``JSON.parse('…')`` string, which V8 reads faster
    than the same object literal: for the large files read before first render.
    """
    data = _data_json(payload)
    if parse:
        data = data.replace(b"\\", b"\\\\").replace(b"'", b"\\'")
        data = (
            b"JSON.parse('"
            + data.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
            + b"')"
        )
    head = "".join(f"{a}," for a in args)
    return f"BorderAtlas.{function}({head}".encode() + data + b");\n"


def _vendored(name: str) -> list[str]:
    """A vendored library's licence comment and its code, without its source-map comment."""
    stem = name.split(".", maxsplit=1)[0]
    version = (APP_DIR / "vendor" / f"{stem}.VERSION").read_text("utf-8").split()
    licence = (APP_DIR / "vendor" / f"{stem}.LICENSE").read_text("utf-8").strip()
    # Without its source-map comment: the map file is not shipped.
    text = (APP_DIR / "vendor" / name).read_text("utf-8")
    return [
        f"/* {version[0]} {version[1]} ({version[2]}), its licence:\n\n{licence}\n*/",
        re.sub(r"^//# sourceMappingURL=.*\n?", "", text, flags=re.MULTILINE),
    ]


def shipped(text: str, *, css: bool = False) -> str:
    """
    One of the app's own modules (or its stylesheet) as the page loads it: without the
    comments that stand on lines of their own (or, in CSS, any comment) and blank
    lines. The sources in ``geo/assets`` keep them; readers load a third less of the
    app, gzipped. Every block comment there ends its line, and no string holds one
    (tests/test_build.py checks both; the browser tests, that the app runs).
    """
    if css:
        text = _CSS_COMMENT.sub("", text)
        return "\n".join(line for line in text.split("\n") if line.strip()) + "\n"
    out: list[str] = []
    in_block = False
    for line in text.split("\n"):
        bare = line.strip()
        if in_block or bare.startswith("/*"):
            in_block = not bare.endswith("*/")
        elif bare and not bare.startswith("//"):
            out.append(line)
    return "\n".join(out) + "\n"


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def app_js() -> str:
    """The app: the vendored libraries and the modules of ``geo/assets/js``, in order."""
    parts = ["/* Border Atlas map app, assembled by geo/render.py from geo/assets/. */"]
    for name in VENDOR_JS:
        parts += _vendored(name)
    parts += [shipped((APP_DIR / "js" / f"{m}.js").read_text("utf-8")) for m in JS_MODULES]
    return "\n".join(parts) + "\n"


def engine_js() -> str:
    """The search's engine (MiniSearch, vendored) with its licence: ``assets/minisearch.js``."""
    return "\n".join(_vendored(ENGINE_JS)) + "\n"


def app_css() -> str:
    """The app's stylesheet (:func:`shipped`)."""
    return shipped((APP_DIR / "app.css").read_text("utf-8"), css=True)


def _inline_css_urls(css: str, *, base: Path) -> str:
    """Replace ``url(images/x.png)`` in a stylesheet with data URIs."""

    def data_uri(match: re.Match[str]) -> str:
        target = base / match.group(1)
        if not target.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        payload = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:{mime};base64,{payload})"

    return re.sub(r"url\(['\"]?(images/[^'\")]+)['\"]?\)", data_uri, css)


# --- the data the page loads ------------------------------------------------------


def _category(cat: Category) -> dict[str, str]:
    return {
        "value": cat.value,
        "label_vi": cat.label_vi,
        "label_en": cat.label_en,
        "colour": cat.colour,
    }


def _clustered(layer: Layer, features: list[dict[str, Any]]) -> bool:
    """Whether the page clusters a layer: the schema asks, or it has many points."""
    located = sum(1 for f in features if f.get("geometry"))
    return layer.is_point and (layer.cluster or located > CLUSTER_ABOVE)


def _first_render_fields(layer: Layer, *, clustered: bool) -> list[str]:
    names = [f for f in FIRST_RENDER_FIELDS if f in layer.field_names]
    if clustered:
        names.remove("name_en")
    if layer.style_field and layer.style_field not in names:
        names.append(layer.style_field)
    return names


def _column(values: list[Any]) -> Any:
    """A column as a list, or as ``{v: distinct values, c: codes}`` when that is smaller."""
    codes: dict[Any, int] = {}
    distinct: list[Any] = []
    out = []
    for value in values:
        key = tuple(value) if isinstance(value, list) else value
        code = codes.get(key)
        if code is None:
            if len(distinct) >= 256:
                return values
            code = codes[key] = len(distinct)
            distinct.append(value)
        out.append(code)
    if len(distinct) * 4 > len(values):
        return values
    return {"v": distinct, "c": out}


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(float(c), MAP_DECIMALS) for c in coords]
    return [_round(c) for c in coords]


def first_render_data(layer: Layer, features: list[dict[str, Any]]) -> dict[str, Any]:
    """
    What a layer needs to draw: ids, geometry, name and the style and filter fields.

    Parameters
    ----------
    layer
        The layer's schema.
    features
        Its features (only those with a geometry are drawn).
    """
    located = [f for f in features if f.get("geometry")]
    props = [f["properties"] for f in located]
    out: dict[str, Any] = {
        "ids": [p["id"] for p in props],
        "cols": {
            name: _column([p.get(name) for p in props])
            for name in _first_render_fields(layer, clustered=_clustered(layer, features))
        },
    }
    if layer.is_point:
        xy: list[float] = []
        for f in located:
            lon, lat = f["geometry"]["coordinates"][:2]
            xy += (round(float(lon), MAP_DECIMALS), round(float(lat), MAP_DECIMALS))
        out["xy"] = xy
    else:
        out["geoms"] = [
            {"type": f["geometry"]["type"], "coordinates": _round(f["geometry"]["coordinates"])}
            for f in located
        ]
    return out


def _partners(layers: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Each locality's partnerships: the pair, the other end, kind, status, year."""
    out: dict[str, list[dict[str, Any]]] = {}
    for feat in layers.get("partnerships", []):
        p = feat["properties"]
        for me, other in ((p.get("from_id"), p.get("to_id")), (p.get("to_id"), p.get("from_id"))):
            if me:
                out.setdefault(me, []).append(
                    {
                        "pair": p["id"],
                        "other": other,
                        "kind": p.get("kind"),
                        "status": p.get("status"),
                        "since": p.get("since"),
                    }
                )
    for items in out.values():
        items.sort(key=lambda item: str(item["other"]))
    return out


def _no_nulls(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


_SOURCE_KEYS = ("source_title", "source_outlet", "source_date", "source_year", "source_url")
_SOURCE_KEY_SET = frozenset(_SOURCE_KEYS)


def popup_shards(layers: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """
    Every feature's popup content, in shards by :func:`shard_of` of its id.

    Each shard is ``{"records": {id: record}, "sources": {file: {title, outlet, …}}}``.
    A record holds the feature's properties (``p``, nulls left out), its facts (each
    naming its source file; each source used in the shard is written once), a
    locality's partners, and ``names``: the Vietnamese and English names of every
    feature the popup links to, so a popup needs no other shard. Made in one pass.
    """
    names = {
        f["properties"]["id"]: [f["properties"].get("name_vi"), f["properties"].get("name_en")]
        for feats in layers.values()
        for f in feats
    }
    partners = _partners(layers)
    n = shard_count(sum(len(layers[layer.name]) for layer in LAYERS if layer.name != "countries"))
    shards: list[dict[str, Any]] = [{"records": {}, "sources": {}} for _ in range(n)]
    # A fact shared by several features is cleaned once: nulls and its source's fields
    # left out (the source is written once a shard).
    slim: dict[int, dict[str, Any]] = {}
    for layer in LAYERS:
        if layer.name == "countries":
            continue
        for feat in layers[layer.name]:
            props = feat["properties"]
            fid = props["id"]
            shard = shards[shard_of(fid, n)]
            p = {k: v for k, v in props.items() if v is not None and k != "facts"}
            record: dict[str, Any] = {"id": fid, "layer": layer.name, "p": p}
            facts = []
            for fact in props.get("facts", ()):
                if id(fact) not in slim:
                    slim[id(fact)] = {
                        k: v for k, v in fact.items() if v is not None and k not in _SOURCE_KEY_SET
                    }
                facts.append(slim[id(fact)])
                source = fact.get("source")
                if source and source not in shard["sources"]:
                    shard["sources"][source] = {
                        k[len("source_") :]: fact[k]
                        for k in _SOURCE_KEYS
                        if fact.get(k) is not None
                    }
            if facts:
                record["facts"] = facts
            linked = [p.get("from_id"), p.get("to_id"), p.get("locality")]
            if layer.name == "localities" and partners.get(fid):
                record["partners"] = [_no_nulls(item) for item in partners[fid]]
                linked += [item["other"] for item in partners[fid]]
            record["names"] = {i: names.get(i, [i, i]) for i in linked if i}
            shard["records"][fid] = record
    return shards


def _layer_config(layer: Layer, features: list[dict[str, Any]]) -> dict[str, Any]:
    style = layer.style
    present = {f["properties"].get(style.name) for f in features} if style else set()
    return {
        "name": layer.name,
        "title_vi": layer.title_vi,
        "title_en": layer.title_en,
        "group": layer.group,
        "visible": layer.visible,
        "cluster": _clustered(layer, features),
        "context": layer.context,
        "geometry": layer.geometry_types[0],
        # Shape of the pins and opacity, as in the QGIS styles (geo.styles).
        "marker": layer.marker,
        "opacity": layer.opacity,
        "style_field": style.name if style else None,
        "categories": [_category(c) for c in style.vocabulary] if style else [],
        "present": sorted(str(p) for p in present if p is not None),
        "fields": {
            f.name: [_category(c) for c in f.vocabulary]
            for f in layer.fields
            if f.vocabulary and f.name not in {"country", "status"}
        },
    }


def mention_shards(mentions: dict[str, Any], *, shards: int) -> dict[str, bytes]:
    """
    The counts of ``geo build --mentions`` as data scripts, one per popup shard.

    ``map/mentions/<k>.js`` holds the features of popup shard ``k`` (:func:`shard_of`),
    so a popup loads only its own shard's counts, however large the archive.
    """
    parts: list[dict[str, Any]] = [{} for _ in range(max(1, shards))]
    for fid, rec in mentions["features"].items():
        parts[shard_of(fid, len(parts))][fid] = rec
    return {
        f"{MENTIONS_DIR}{k}.js": _call(MENTIONS_CALL, str(k), payload=part, parse=True)
        for k, part in enumerate(parts)
    }


def app_config(
    *,
    layers: dict[str, list[dict[str, Any]]],
    redirects: dict[str, str],
    base_url: str | None,
    shards: int,
    search: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Everything the app needs besides the data files, from the schema and the layers."""
    years = sorted(
        {
            f["properties"]["since"]
            for feats in layers.values()
            for f in feats
            if isinstance(f["properties"].get("since"), int)
        }
    )
    return {
        "layers": [_layer_config(layer, layers[layer.name]) for layer in LAYERS],
        "groups": [_category(g) for g in GROUPS],
        "statuses": [_category(s) for s in STATUSES],
        "notYetBuilt": sorted(NOT_YET_BUILT),
        # SVG dash arrays per status, from the same declaration the QGIS styles read.
        "lineDash": {s.status: " ".join(map(str, s.dash)) for s in STATUS_STYLES if s.dash},
        "units": [_category(u) for u in FACT_UNITS],
        # Popups list key facts by topic, in this order.
        "topics": [_category(t) for t in FACT_TOPICS],
        "unlocated": [
            {"layer": layer.name, "id": f["properties"]["id"]}
            for layer in LAYERS
            for f in layers[layer.name]
            if f.get("geometry") is None
        ],
        "redirects": redirects,
        # Country and place names drawn over any basemap (geo.basemap).
        "labels": basemap_labels(layers=layers),
        "years": [years[0], years[-1]] if years else [],
        "baseUrl": base_url or "",
        "bounds": [[REGION_BOUNDS[0], REGION_BOUNDS[1]], [REGION_BOUNDS[2], REGION_BOUNDS[3]]],
        "tiles": {
            "url": TILES_URL,
            "attribution": TILES_ATTRIBUTION,
            "max_zoom": TILES_MAX_ZOOM,
            "offline": OFFLINE_ATTRIBUTION,
            "patience_ms": TILES_PATIENCE_S * 1000,
            # The data's credit stays whatever basemap is drawn.
            "data": DATA_ATTRIBUTION,
        },
        "mapDir": f"{MAP_DIR}/",
        "shards": shards,
        # The search index: how many word buckets and row shards, rows per shard.
        "search": search or {"buckets": 0, "shards": 0, "size": search_index.SHARD_SIZE},
    }


def data_scripts(layers: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    """Every data script of the map by its path under ``map/``."""
    files = {
        f"{layer.name}.js": _call(
            "layerData",
            repr(layer.name),
            payload=first_render_data(layer, layers[layer.name]),
            parse=True,
        )
        for layer in LAYERS
    }
    # The world under the offline basemap, loaded only when tiles fail (geo.basemap).
    files["basemap.js"] = _call("basemapData", payload=world_payload(), parse=True)
    for k, shard in enumerate(popup_shards(layers)):
        files[f"popups/{k}.js"] = _call("popupShard", str(k), payload=shard)
    for name, (function, k, payload) in search_index.search_index(layers).scripts.items():
        files[name] = _call(function, str(k), payload=payload, parse=True)
    return files


# --- the page ---------------------------------------------------------------------


class AtlasApp(JSCSSMixin):
    """
    The Border Atlas app as a folium plugin: its scripts, stylesheet and start call.

    Parameters
    ----------
    config
        :func:`app_config`, passed to ``BorderAtlas.start`` as ``options.config``.
    js, css
        ``(name, url)`` pairs the page links in its head (empty when inlined).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        BorderAtlas.start({{ this._parent.get_name() }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        config: dict[str, Any],
        js: Iterable[tuple[str, str]] = (),
        css: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self._name = "AtlasApp"
        # The config is script-safe JSON already (_json); tojavascript emits it as is.
        self.options = {"config": JsCode(_json(config))}
        self.default_js = list(js)
        self.default_css = list(css)


def _renumber(root: Any) -> None:
    """Replace folium's random element ids by a counter, for byte-identical builds."""
    counter = 0

    def walk(el: Any) -> None:
        nonlocal counter
        counter += 1
        el._id = f"{counter:04d}"
        for child in list(getattr(el, "_children", {}).values()):
            walk(child)

    walk(root)


#: The page's viewport: folium's disables pinch zoom (``maximum-scale=1.0,
#: user-scalable=no``), which shuts out readers who enlarge text on a phone.
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')


def _allow_zoom(html: str) -> str:
    """Replace folium's viewport tag with one that lets the reader zoom the page."""
    html, count = _FOLIUM_VIEWPORT.subn(VIEWPORT, html)
    if count != 1:
        msg = f"expected one viewport tag in folium's page, found {count}"
        raise RuntimeError(msg)
    return html


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def render_page(
    *,
    layers: dict[str, list[dict[str, Any]]],
    redirects: dict[str, str],
    self_contained: bool,
    assets_dir: Path | None,
    base_url: str | None = None,
    map_dir: Path | None = None,
    mentions: dict[str, Any] | None = None,
) -> str:
    """
    The map page as HTML text (and, unless self-contained, its scripts and data files).

    Parameters
    ----------
    layers
        Joined features of every layer (``geo.join.joined_layers``).
    redirects
        Old feature id → current id, resolved by the page for old permalinks.
    self_contained
        Inline every script, stylesheet, image and data file; the page then requests
        nothing but map tiles.
    assets_dir
        Where to write Leaflet and the app when not self-contained (``site/assets``).
    base_url
        Absolute address of the published site, for permalinks; relative if None.
    map_dir
        Where to write the data scripts when not self-contained (``site/map``).
    mentions
        Articles per feature and year over an archive (:func:`geo.mentions.read_mentions`),
        shipped as ``map/mentions/<k>.js`` beside the popup shards; None leaves them out.
    """
    south, west, north, east = REGION_BOUNDS
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=8,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
        zoom_control=True,
        attribution_control=True,
    )
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    figure.header.add_child(
        Element("<title>Border Atlas — Bản đồ biên giới Việt – Trung</title>"), name="meta"
    )
    # No folium TileLayer: the app adds the tiles once it has set the view (main.js), so
    # that fitting the view does not reset the tile layer.
    # Polygons draw in panes of their own below every pin and line (the offline
    # basemap lowest), so switching them on never covers anything.
    folium.map.CustomPane("basemap", z_index=250, pointer_events=False).add_to(fmap)
    folium.map.CustomPane("context", z_index=350, pointer_events=True).add_to(fmap)

    files = data_scripts(layers)
    shards = sum(1 for name in files if name.startswith("popups/"))
    search = {
        "buckets": sum(1 for name in files if name.startswith("search/w")),
        "shards": sum(1 for name in files if re.fullmatch(r"search/\d+\.js", name)),
        "size": search_index.SHARD_SIZE,
    }
    config = app_config(
        layers=layers, redirects=redirects, base_url=base_url, shards=shards, search=search
    )
    if mentions is not None:  # geo build --mentions (geo.mentions): with the popups' shards
        files.update(mention_shards(mentions, shards=shards))
        config["mentions"] = {"dir": MENTIONS_DIR, "years": mentions["years"]}
    # The page ships its own copy of Leaflet, not folium's CDN links (nor Bootstrap,
    # jQuery or the icon fonts, which it does not use).
    fmap.default_js = []
    fmap.default_css = []
    layer_files = [f"{layer.name}.js" for layer in LAYERS]
    if self_contained:
        inline = []
        for asset in ASSETS:
            text = asset.path.read_text(encoding="utf-8")
            if asset.kind == "css":
                inline.append(
                    f"<style>\n{_inline_css_urls(text, base=asset.path.parent)}\n</style>"
                )
            else:
                inline.append(f"<script>\n{_script_safe(text)}\n</script>")
        inline.append(f"<style>\n{_script_safe(app_css())}\n</style>")
        inline.append(f"<script>\n{_script_safe(engine_js())}</script>")
        inline.append(f"<script>\n{_script_safe(app_js())}</script>")
        # Layers first (drawn at start), then popups and search (registered for later).
        order = layer_files + sorted(n for n in files if n not in layer_files)
        inline += [f"<script>{_script_safe(files[name].decode())}</script>" for name in order]
        figure.header.add_child(Element("\n".join(inline)), name="atlas_inline")
        app = AtlasApp(config=config)
    else:
        assert assets_dir is not None
        assert map_dir is not None
        for asset in ASSETS:
            (assets_dir / asset.file).write_bytes(asset.path.read_bytes())
        images = assets_dir / "images"
        images.mkdir(exist_ok=True)
        for img in sorted((LEAFLET_DIR / "images").iterdir()):
            (images / img.name).write_bytes(img.read_bytes())
        _write(assets_dir / "app.js", app_js())
        _write(assets_dir / ENGINE_JS, engine_js())
        config["engine"] = f"assets/{ENGINE_JS}"  # loaded by the first search
        _write(assets_dir / "app.css", app_css())
        for name, data in files.items():
            path = map_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        fmap.default_js = [("leaflet", "assets/leaflet.js")]
        fmap.default_css = [("leaflet_css", "assets/leaflet.css")]
        app = AtlasApp(
            config=config,
            js=[("atlas", "assets/app.js")]
            # Hidden layers load when first shown (or when a link names one of theirs).
            + [
                (f"atlas_{layer.name}", f"{MAP_DIR}/{layer.name}.js")
                for layer in LAYERS
                if layer.visible
            ],
            css=[("atlas_css", "assets/app.css")],
        )
    fmap.add_child(app)
    _renumber(figure)
    html = figure.render()
    # Mark the page language and strip trailing spaces so rebuilds diff cleanly.
    html = _allow_zoom(html.replace("<html>", '<html lang="vi">', 1))
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"
