"""
Permalinks that never break: feature ids, the redirect table and the links files.

A feature's ``id`` is its permalink (``index.html#<id>``). Ids that have been
published are recorded in ``layers/published_ids.txt``; a renamed or merged feature
keeps its old id working through ``layers/redirects.csv`` (old id → new id), which
the page resolves. ``geo check`` fails if a published id disappears without one.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from geo._csv import write_csv
from geo.load import PUBLISHED_FILE, Dataset
from geo.schema import LAYERS, REDIRECTS

REDIRECTS_FILE = f"{REDIRECTS.name}.csv"
LINK_COLUMNS = (
    "id",
    "layer",
    "name_vi",
    "name_en",
    "permalink",
    "embed_url",
    "iframe",
    "permalink_en",
    "embed_url_en",
    "iframe_en",
)

#: Size of the embed snippet's iframe; the embed view is designed for it.
EMBED_SIZE = (600, 400)


def write_published(layers_dir: Path, ids: list[str]) -> None:
    """Record ``ids`` (sorted, one a line) as published."""
    head = "# Feature ids published as permalinks; never remove one without a redirect.\n"
    text = head + "".join(f"{fid}\n" for fid in sorted(set(ids)))
    (layers_dir / PUBLISHED_FILE).write_text(text, encoding="utf-8", newline="\n")


def permalink(fid: str, *, base_url: str | None, embed: bool = False, lang: str = "vi") -> str:
    """
    ``index.html#<id>``, absolute under ``base_url`` when one is given.

    The map opens in Vietnamese; ``lang="en"`` adds ``lang=en`` to the query, as the
    page's own links do (``hash.permalinkFor``).
    """
    query = [q for q, on in (("embed=1", embed), ("lang=en", lang == "en")) if on]
    page = "index.html" + ("?" + "&".join(query) if query else "")
    prefix = base_url.rstrip("/") + "/" if base_url else ""
    return f"{prefix}{page}#{fid}"


def iframe(fid: str, *, title: str, base_url: str | None, lang: str = "vi") -> str:
    """A ready ``<iframe>`` snippet for the embed view of one feature, in ``lang``."""
    src = html.escape(permalink(fid, base_url=base_url, embed=True, lang=lang), quote=True)
    return _iframe(src, title)


def _iframe(src: str, title: str) -> str:
    """The iframe snippet of an (HTML-escaped) address and a (plain) title."""
    width, height = EMBED_SIZE
    return (
        f'<iframe src="{src}" width="{width}" height="{height}" '
        f'title="{html.escape(title, quote=True)}" style="border:0" loading="lazy"></iframe>'
    )


def link_rows(data: Dataset, *, base_url: str | None) -> list[dict[str, str]]:
    """
    One row per feature (not the context layers): its permalink, embed URL and iframe,
    in Vietnamese (the map's first language) and in English (``*_en``, ``?lang=en``).
    """
    # Every link is its page's address and "#" then the id: the addresses made once.
    vi, vi_embed, en, en_embed = (
        permalink("", base_url=base_url, embed=embed, lang=lang)
        for lang in ("vi", "en")
        for embed in (False, True)
    )
    # html.escape works character by character: the address's part escaped once too.
    vi_src, en_src = html.escape(vi_embed, quote=True), html.escape(en_embed, quote=True)
    rows = []
    for layer in LAYERS:
        if layer.context:
            continue
        for feat in data.features[layer.name]:
            props = feat["properties"]
            fid = props["id"]
            src_id = html.escape(fid, quote=True)
            rows.append(
                {
                    "id": fid,
                    "layer": layer.name,
                    "name_vi": props["name_vi"],
                    "name_en": props["name_en"],
                    "permalink": vi + fid,
                    "embed_url": vi_embed + fid,
                    "iframe": _iframe(vi_src + src_id, f"Bản đồ biên giới: {props['name_vi']}"),
                    "permalink_en": en + fid,
                    "embed_url_en": en_embed + fid,
                    "iframe_en": _iframe(en_src + src_id, f"Border Atlas: {props['name_en']}"),
                }
            )
    return sorted(rows, key=lambda r: r["id"])


#: Rows of ``links.json`` written at a time: the file of 100,000 features is some 90 MB
#: of text, which is never all held at once.
_BLOCK = 2000


def write_links(rows: list[dict[str, str]], *, out_dir: Path) -> None:
    """``links.csv`` and ``links.json`` in ``out_dir``."""
    columns = [[row[k] for row in rows] for k in LINK_COLUMNS]
    write_csv(out_dir / "links.csv", LINK_COLUMNS, columns, text_columns=frozenset(LINK_COLUMNS))
    blocks = [rows[k : k + _BLOCK] for k in range(0, len(rows), _BLOCK)]
    with (out_dir / "links.json").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[\n" if rows else "[]\n")
        for k, block in enumerate(blocks):
            fh.write(("" if k == 0 else ",\n") + _items(block))
        fh.write("\n]\n" if rows else "")


def _indented(rows: list[dict[str, str]]) -> str:
    """
    ``json.dumps(rows, ensure_ascii=False, indent=2)``, written out here: with ``indent``
    json falls back to its pure-Python encoder, many times slower for 100,000 rows.
    """
    return "[\n" + _items(rows) + "\n]" if rows else "[]"


def _items(rows: list[dict[str, str]]) -> str:
    """The items of :func:`_indented`'s list, one after the other (``,`` and a newline)."""
    # Every value encoded in one call, one a line: a JSON value never holds a raw newline.
    values = _one_a_line([v for row in rows for v in row.values()])
    keys = tuple(rows[0])
    if keys and all(tuple(row) == keys for row in rows):
        # Rows alike (the links' own): keys and values interleaved, and joined once.
        first = f"    {_encode(keys[0])}: "
        heads = ["\n  },\n  {\n" + first] + [f",\n    {_encode(k)}: " for k in keys[1:]]
        pieces: list[str] = [""] * (2 * len(values))
        pieces[0::2] = heads * len(rows)
        pieces[1::2] = values
        pieces[0] = "  {\n" + first
        return "".join(pieces) + "\n  }"
    names: dict[str, str] = {}
    items = []
    start = 0
    for row in rows:
        if not row:
            items.append("  {}")
            continue
        heads = [names.get(k) or names.setdefault(k, f"    {_encode(k)}: ") for k in row]
        end = start + len(heads)
        items.append(
            "  {\n"
            + ",\n".join([h + v for h, v in zip(heads, values[start:end], strict=True)])
            + "\n  }"
        )
        start = end
    return ",\n".join(items)


def _one_a_line(values: list[object]) -> list[str]:
    """Each value as ``json.dumps(value, ensure_ascii=False)`` writes it, in one call."""
    lines = _LINES.encode(values)[1:-1].split("\n") if values else []
    if len(lines) != len(values):  # a list or object among them: each on its own
        return [json.dumps(v, ensure_ascii=False) for v in values]
    return lines


#: Items separated by a newline, which JSON escapes inside strings.
_LINES = json.JSONEncoder(ensure_ascii=False, separators=("\n", ": "))
#: JSON string literal of a str, as json.dumps(ensure_ascii=False) writes it (in C).
_encode = json.JSONEncoder(ensure_ascii=False).encode


def links_problems(data: Dataset) -> list[tuple[str, str, str, str]]:
    """(file, id, field, reason) for broken redirects and vanished published ids."""
    current = set(data.by_id())
    redirects = data.redirect_map()
    out = []
    for old, new in sorted(redirects.items()):
        hops = [old, new]
        while hops[-1] in redirects and hops[-1] not in hops[:-1]:
            hops.append(redirects[hops[-1]])
        if hops[-1] in hops[:-1]:
            cycle = " → ".join(hops[hops.index(hops[-1]) :])
            out.append((REDIRECTS_FILE, old, "new_id", f"is part of a redirect cycle: {cycle}"))
        elif new in redirects:
            out.append(
                (
                    REDIRECTS_FILE,
                    old,
                    "new_id",
                    f"{new!r} is itself redirected; point at {hops[-1]!r}",
                )
            )
        elif new not in current:
            out.append((REDIRECTS_FILE, old, "new_id", f"{new!r} is not a feature"))
        if old in current:
            out.append(
                (REDIRECTS_FILE, old, "old_id", "is still a feature; a redirect would hide it")
            )
    for fid in data.published:
        if fid not in current and fid not in redirects:
            out.append(
                (
                    PUBLISHED_FILE,
                    fid,
                    "id",
                    "was published but is gone; add a redirect in redirects.csv",
                )
            )
    return out
