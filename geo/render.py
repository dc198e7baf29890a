"""
Render stage: the joined layers as a static Leaflet map, ``site/index.html``.

folium lays out the page: the map, the tile layer, the scale bar and one
``folium.GeoJson`` per layer (each layer travels as one GeoJSON object; point layers
draw on canvas or, for ``Layer.cluster``, in a marker cluster). Everything a reader
does — popups built on click, search, deep links, the year filter, the legend, the
grouped layer control, fullscreen, the minimap, the embed view — lives in
``geo/assets/app.js``, which reads the schema through a JSON config written here.

Popups are built with DOM text nodes, so text from the articles and the layers is
never interpreted as HTML.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import Element, Figure, MacroElement
from folium.plugins import MarkerCluster
from folium.utilities import JsCode
from jinja2 import Template

from geo.schema import (
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


@dataclass(frozen=True)
class Asset:
    """A script or stylesheet shipped by a pip-installable package."""

    package_dir: Path
    file: str
    kind: str  # "js" or "css"

    @property
    def path(self) -> Path:
        return self.package_dir / self.file


def _pkg_dir(module: Any) -> Path:
    return Path(module.BASE_DIR)


ASSETS: tuple[Asset, ...] = (
    Asset(_pkg_dir(xstatic.pkg.leaflet), "leaflet.css", "css"),
    Asset(_pkg_dir(xstatic.pkg.leaflet_markercluster), "MarkerCluster.css", "css"),
    Asset(_pkg_dir(xstatic.pkg.leaflet_markercluster), "MarkerCluster.Default.css", "css"),
    Asset(_pkg_dir(xstatic.pkg.leaflet), "leaflet.js", "js"),
    Asset(_pkg_dir(xstatic.pkg.leaflet_markercluster), "leaflet.markercluster.js", "js"),
)
APP_FILES = ("app.css", "app.js")


APP_DIR = Path(__file__).resolve().parent / "assets"


def _app_text(name: str) -> str:
    return (APP_DIR / name).read_text(encoding="utf-8")


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


def asset_head(*, self_contained: bool, assets_dir: Path | None) -> str:
    """
    The ``<head>`` tags that load Leaflet, markercluster and the app.

    Self-contained, every file is inlined (images as data URIs); otherwise the files
    are copied to ``assets_dir`` and referenced relatively, so the page still needs
    no CDN.
    """
    parts = []
    for asset in ASSETS:
        if self_contained:
            text = asset.path.read_text(encoding="utf-8")
            if asset.kind == "css":
                css = _inline_css_urls(text, base=asset.path.parent)
                parts.append(f"<style>\n{css}\n</style>")
            else:
                parts.append(f"<script>\n{_script_safe(text)}\n</script>")
        else:
            assert assets_dir is not None
            target = assets_dir / asset.file
            target.write_bytes(asset.path.read_bytes())
            if asset.kind == "css":
                parts.append(f'<link rel="stylesheet" href="assets/{asset.file}">')
            else:
                parts.append(f'<script src="assets/{asset.file}"></script>')
            if asset.file == "leaflet.css":
                images = assets_dir / "images"
                images.mkdir(exist_ok=True)
                for img in sorted((asset.path.parent / "images").iterdir()):
                    (images / img.name).write_bytes(img.read_bytes())
    for name in APP_FILES:
        text = _app_text(name)
        if self_contained or assets_dir is None:
            tag = "style" if name.endswith(".css") else "script"
            parts.append(f"<{tag}>\n{_script_safe(text)}\n</{tag}>")
        else:
            (assets_dir / name).write_text(text, encoding="utf-8", newline="\n")
            if name.endswith(".css"):
                parts.append(f'<link rel="stylesheet" href="assets/{name}">')
            else:
                parts.append(f'<script src="assets/{name}"></script>')
    return "\n".join(parts)


def _script_safe(text: str) -> str:
    # An inlined file must not close its own <script>/<style> element early.
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element, byte-stable across runs."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _category(cat: Category) -> dict[str, str]:
    return {
        "value": cat.value,
        "label_vi": cat.label_vi,
        "label_en": cat.label_en,
        "colour": cat.colour,
    }


def _layer_config(layer: Layer, js_name: str, features: list[dict[str, Any]]) -> dict[str, Any]:
    style = layer.style
    present = {f["properties"].get(style.name) for f in features} if style else set()
    return {
        "name": layer.name,
        "js": js_name,
        "title_vi": layer.title_vi,
        "title_en": layer.title_en,
        "group": layer.group,
        "visible": layer.visible,
        "cluster": layer.cluster,
        "context": layer.context,
        "geometry": layer.geometry_types[0],
        "style_field": style.name if style else None,
        "categories": [_category(c) for c in style.vocabulary] if style else [],
        "present": sorted(str(p) for p in present if p is not None),
        "fields": {
            f.name: [_category(c) for c in f.vocabulary]
            for f in layer.fields
            if f.vocabulary and f.name not in {"country", "status"}
        },
    }


def app_config(
    *,
    layers: dict[str, list[dict[str, Any]]],
    js_names: dict[str, str],
    map_name: str,
    redirects: dict[str, str],
    base_url: str | None,
) -> dict[str, Any]:
    """Everything app.js needs, derived from the schema and the joined layers."""
    years = sorted(
        {
            f["properties"]["since"]
            for name, feats in layers.items()
            for f in feats
            if isinstance(f["properties"].get("since"), int)
        }
    )
    return {
        "map": map_name,
        "layers": [
            _layer_config(layer, js_names[layer.name], layers[layer.name]) for layer in LAYERS
        ],
        "groups": [_category(g) for g in GROUPS],
        "statuses": [_category(s) for s in STATUSES],
        "notYetBuilt": sorted(NOT_YET_BUILT),
        # SVG dash arrays per status, from the same declaration the QGIS styles read.
        "lineDash": {s.status: " ".join(map(str, s.dash)) for s in STATUS_STYLES if s.dash},
        "units": [_category(u) for u in FACT_UNITS],
        "unlocated": [
            {"layer": layer.name, "feature": f}
            for layer in LAYERS
            for f in layers[layer.name]
            if f.get("geometry") is None
        ],
        "redirects": redirects,
        "years": [years[0], years[-1]] if years else [],
        "baseUrl": base_url or "",
        "bounds": [[REGION_BOUNDS[0], REGION_BOUNDS[1]], [REGION_BOUNDS[2], REGION_BOUNDS[3]]],
        "tiles": {"url": TILES_URL, "attribution": TILES_ATTRIBUTION},
    }


class _AppStart(MacroElement):
    """Starts app.js once every layer exists (folium renders children in order)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        BorderAtlas.start();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AppStart"


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


def _pane(layer: Layer) -> str:
    if layer.name == "countries":
        return "basemap"
    if layer.geometry_types[0].endswith("Polygon"):
        return "context"
    return "overlayPane"  # Leaflet's default for vectors


def render_page(
    *,
    layers: dict[str, list[dict[str, Any]]],
    redirects: dict[str, str],
    self_contained: bool,
    assets_dir: Path | None,
    base_url: str | None = None,
) -> str:
    """
    The map page as HTML text.

    Parameters
    ----------
    layers
        Joined features of every layer (``geo.join.joined_layers``).
    redirects
        Old feature id → current id, resolved by the page for old permalinks.
    self_contained
        Inline every script, stylesheet and image; the page then requests
        nothing but map tiles.
    assets_dir
        Where to copy the scripts and stylesheets when not self-contained.
    base_url
        Absolute address of the published site, for permalinks; relative if None.
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
        Element("<title>Border Atlas — Bản đồ biên giới Việt – Trung</title>"),
        name="meta",
    )
    folium.TileLayer(
        tiles=TILES_URL, attr=f"{TILES_ATTRIBUTION} | {DATA_ATTRIBUTION}", name="OSM", control=False
    ).add_to(fmap)

    # Polygons draw in panes of their own below every pin and line (the offline
    # basemap lowest), so switching them on never covers anything.
    folium.map.CustomPane("basemap", z_index=250, pointer_events=False).add_to(fmap)
    folium.map.CustomPane("context", z_index=350, pointer_events=True).add_to(fmap)
    js_objects: dict[str, Any] = {}
    geojsons = {}
    for layer in LAYERS:
        collection = {"type": "FeatureCollection", "features": layers[layer.name]}
        gj = folium.GeoJson(
            collection,
            name=layer.title_en,
            # app.js adds visible layers to the map itself, so it owns every toggle;
            # a clustered layer's GeoJSON goes into its cluster group.
            show=layer.cluster,
            control=False,
            on_each_feature=JsCode(f"BorderAtlas.onEachFeature({layer.name!r})"),
            pointToLayer=JsCode(f"BorderAtlas.pointToLayer({layer.name!r})"),
            style=JsCode(f"BorderAtlas.style({layer.name!r})"),
            pane=_pane(layer),
        )
        if layer.cluster:
            cluster = MarkerCluster(name=layer.title_en, show=False, control=False)
            cluster.add_to(fmap)
            gj.add_to(cluster)
            js_objects[layer.name] = cluster
        else:
            gj.add_to(fmap)
            js_objects[layer.name] = gj
        geojsons[layer.name] = gj

    # Drop folium's CDN scripts and stylesheets (Bootstrap, jQuery, awesome-markers):
    # the page ships its own copies of exactly what it uses.
    for el in [
        fmap,
        *fmap._children.values(),
        *(c for o in js_objects.values() for c in o._children.values()),
    ]:
        el.default_js = []
        el.default_css = []

    fmap.add_child(_AppStart())
    _renumber(fmap.get_root())
    config = app_config(
        layers=layers,
        js_names={name: obj.get_name() for name, obj in js_objects.items()},
        map_name=fmap.get_name(),
        redirects=redirects,
        base_url=base_url,
    )
    head = asset_head(self_contained=self_contained, assets_dir=assets_dir)
    head += f"\n<script>BorderAtlas.configure({_json_for_script(config)});</script>"
    figure.header.add_child(Element(head), name="assets")
    html = figure.render()
    # Leaflet's option objects hold our JsCode calls as plain strings; mark the page
    # language and strip trailing spaces so rebuilds diff cleanly.
    html = html.replace("<html>", '<html lang="vi">', 1)
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"
