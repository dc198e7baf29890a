"""
The map's search index, prebuilt at build time and loaded by the page when the reader
first searches (``geo/assets/js/search.js`` reads it; ``geo.render`` writes it).

The page matches and ranks with `MiniSearch <https://github.com/lucaong/minisearch>`_
(vendored in ``geo/assets/vendor/``): prefix and typo-tolerant (fuzzy) matching of every
query word, all words required. MiniSearch needs its documents in memory, and 100,000
of them take seconds to index, so the build writes what lets a search hand it only the
few documents that can answer:

- ``map/search/<k>.js``: the **rows**, ``[id, layer, name_vi, "name_en · name_zh",
  kind rank, folded key…]``, :data:`SHARD_SIZE` a shard, in order of kind (gates first,
  partners abroad last; see :func:`kind_rank`) so a query found in most names finds
  its best answers in the first shards;
- ``map/search/w<k>.js``: the **words** of the folded keys with the rows that use each
  (a word of more than :data:`POSTINGS` rows only with minus their number), filed in
  buckets by CRC-32 of each of its keys (:func:`word_grams`: its pairs of consecutive
  letters and the pair of its first and third).

A search folds the query and splits it into words (:func:`words`); for each it loads
the bucket of its first pair of letters (a word that starts with it shares that pair)
and, when the word is long enough for typos (``search.fuzziness``), the buckets of all
its keys (a word one edit away shares one); the rows of the words that start with it,
or are about as long and share a key, are its candidates. The query word with the
fewest candidates picks the row shards to load, and MiniSearch is given those rows only.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

from geo.schema import LAYERS

#: Index rows per shard of ``map/search/``.
SHARD_SIZE = 250
#: A word of the index used by at most this many rows lists them; a more common word
#: only says how many (a query whose every word is that common reads every row shard).
POSTINGS = 64
#: About how many word entries a bucket of the index's words holds.
BUCKET_WORDS = 250
#: The order of kinds in the results: gates and localities first, context last. A
#: locality or partnership abroad (outside Vietnam and China) comes after every kind
#: at home. Layers not listed come after those listed.
KIND_ORDER = (
    "border_gates",
    "localities",
    "crossings",
    "corridor",
    "projects",
    "events",
    "partnerships",
    "partner_counties",
    "border",
)
#: Where a row's folded keys start: ``[id, layer, name_vi, meta, rank, key…]``.
FIRST_KEY = 5

#: NFD's combining marks removed, đ/Đ → d/D (one C-level pass with str.translate).
_FOLD_TABLE: dict[int, str | None] = dict.fromkeys(range(0x300, 0x370)) | {
    ord("đ"): "d",
    ord("Đ"): "D",
}


def fold(text: str | None) -> str:
    """Lower-case, no diacritics, đ → d, spaces collapsed: as ``BorderAtlas.text.fold``."""
    out = str(text or "")
    if not out.isascii():
        out = unicodedata.normalize("NFD", out).translate(_FOLD_TABLE)
    return " ".join(out.lower().split())


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]``, made in a few passes over all of them at once."""
    joined = _SEP.join(texts)
    if not texts or joined.count(_SEP) != len(texts) - 1:
        return [fold(t) for t in texts]  # a separator inside a text: one by one
    if not joined.isascii():
        joined = _MARKS.sub("", unicodedata.normalize("NFD", joined))
        joined = joined.replace("đ", "d").replace("Đ", "D")
    return [" ".join(t.split()) for t in joined.lower().split(_SEP)]


#: Between texts folded together: no text of the layers holds it, and no fold
#: changes it or joins it to its neighbours.
_SEP = "\x00"
#: What :data:`_FOLD_TABLE` removes.
_MARKS = re.compile("[\u0300-\u036f]+")


def words(key: str) -> list[str]:
    """
    The words of a folded key: its runs of letters and digits, as ``search.words``
    (``/[^\\p{L}\\p{N}]+/u``), which is also how MiniSearch is told to tokenize.
    """
    return _WORD.findall(key)


#: A run of letters and digits: ``\w`` is ``str.isalnum()`` or ``_``, so this is ``isalnum``.
_WORD = re.compile(r"[^\W_]+")


def kind_rank(layer: str, properties: dict[str, Any]) -> int:
    """
    Where a feature's kind stands in the results (lower first).

    Parameters
    ----------
    layer
        The feature's layer.
    properties
        Its properties; a ``country`` other than VN and CN makes it a partner abroad.
    """
    rank = KIND_ORDER.index(layer) if layer in KIND_ORDER else len(KIND_ORDER)
    abroad = any(c not in {"VN", "CN"} for c in properties.get("country") or [])
    return rank + (len(KIND_ORDER) + 1 if abroad else 0)


def search_rows(layers: dict[str, list[dict[str, Any]]]) -> list[list[Any]]:
    """
    The index rows, ``[id, layer, name_vi, "name_en · name_zh", kind rank, key…]``.

    Keys are the folded names and aliases of the feature, each once. Rows are sorted
    by kind rank, then Vietnamese name and id, so a broad query finds its best-ranked
    answers in the first shards.
    """
    rows: list[list[Any]] = []
    order: list[tuple[int, str, str]] = []
    ranks: dict[tuple[str, tuple[str, ...]], int] = {}  # by layer and countries
    feats = [
        (layer.name, feat["properties"])
        for layer in LAYERS
        if layer.name != "countries"
        for feat in layers[layer.name]
    ]
    names = [
        [n for n in (p.get("name_vi"), p.get("name_en"), p.get("name_zh")) if n]
        + [n for n in p.get("aliases") or () if n]
        for _, p in feats
    ]
    folded = iter(fold_all([n for some in names for n in some]))
    for (layer_name, p), some in zip(feats, names, strict=True):
        keys = list(dict.fromkeys([next(folded) for _ in some]))
        meta = " · ".join(n for n in (p.get("name_en"), p.get("name_zh")) if n)
        countries = tuple(p.get("country") or ())
        rank = ranks.get((layer_name, countries))
        if rank is None:
            rank = ranks[layer_name, countries] = kind_rank(layer_name, p)
        title = p.get("name_vi") or p["id"]
        # fold(name_vi) is the first key already
        order.append((rank, keys[0] if p.get("name_vi") else fold(title), p["id"]))
        rows.append([p["id"], layer_name, title, meta, rank, *keys])
    return [row for _, row in sorted(zip(order, rows, strict=True), key=lambda pair: pair[0])]


def word_grams(word: str) -> list[str]:
    """
    The keys a word of the index is filed under, as ``search.grams``: its distinct pairs
    of consecutive characters and the pair of its first and third (a one-character
    word: itself). A word one edit away from another of three characters or more
    shares one of its keys (the first-and-third pair is the one a changed or missing
    middle letter of three keeps). A word with a digit in it is only ever found by
    its start (a query word with a digit allows no typos): it is filed under its first
    two and its first three characters only, so a query word of three or more finds it
    among fewer (at 100,000 numbered pins, a hundred rather than a thousand).
    """
    if len(word) < 2:
        return [word]
    # In ASCII text the only numbers are the digits 0-9.
    numeric = _DIGIT.search(word) is not None if word.isascii() else _has_number(word)
    if numeric:
        return list(dict.fromkeys([word[:2], word[:3]]))
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    if len(word) >= 3:
        pairs.append(word[0] + word[2])
    return list(dict.fromkeys(pairs))


_DIGIT = re.compile(r"[0-9]")


def _has_number(word: str) -> bool:
    return any(unicodedata.category(ch).startswith("N") for ch in word)


def bucket_of(gram: str, buckets: int) -> int:
    """The word bucket of a gram: CRC-32 of its UTF-8 bytes, as ``text.shardOf``."""
    return zlib.crc32(gram.encode("utf-8")) % max(1, buckets)


def search_buckets(
    *,
    rows: list[list[Any]],
    listed: int = POSTINGS,
    per_bucket: int = BUCKET_WORDS,
) -> list[dict[str, Any]]:
    """
    The words of the index in buckets: which rows each word of the keys is in.

    Parameters
    ----------
    rows
        The index rows of :func:`search_rows`; row ``i`` is in shard
        ``i // SHARD_SIZE`` of ``map/search/``.
    listed
        The most rows a word's entry lists.
    per_bucket
        About how many word entries a bucket holds.

    Returns
    -------
    list of dict
        Bucket ``k`` is ``{"w": [word…], "p": [rows | count…]}``: the words of
        :func:`words` of the keys, sorted, that have a gram of :func:`word_grams` with
        ``bucket_of(gram) == k`` (a word is in the bucket of each of its grams);
        ``p[j]`` is the ascending row numbers that use word ``j``, or minus how many
        rows use it when they are more than ``listed``.
    """
    postings: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        # The words of all its keys in one call: a space is no part of a word.
        for word in dict.fromkeys(words(" ".join(row[FIRST_KEY:]))):
            postings.setdefault(word, []).append(i)
    grams = {word: word_grams(word) for word in postings}
    n = max(1, math.ceil(sum(len(g) for g in grams.values()) / per_bucket))
    filed: list[set[str]] = [set() for _ in range(n)]
    for word, word_gram in grams.items():
        for gram in word_gram:
            filed[bucket_of(gram, n)].add(word)
    out = []
    for bucket in filed:
        ordered = sorted(bucket)
        out.append(
            {
                "w": ordered,
                "p": [
                    postings[w] if len(postings[w]) <= listed else -len(postings[w])
                    for w in ordered
                ],
            }
        )
    return out


@dataclass(frozen=True)
class SearchIndex:
    """
    The index's data scripts and the page's config for it.

    Attributes
    ----------
    scripts
        Path under ``map/`` → ``(function, k, payload)``: the script calls
        ``BorderAtlas.function(k, payload)``.
    config
        ``{"buckets", "shards", "size"}``: how many word buckets and row shards, and
        rows per shard.
    """

    scripts: dict[str, tuple[str, int, Any]]
    config: dict[str, int]


def search_index(layers: dict[str, list[dict[str, Any]]]) -> SearchIndex:
    """
    The search index of the joined layers, as data scripts for ``map/search/``.

    Parameters
    ----------
    layers
        Joined features of every layer (``geo.join.joined_layers``).
    """
    rows = search_rows(layers)
    buckets = search_buckets(rows=rows)
    scripts: dict[str, tuple[str, int, Any]] = {
        f"search/w{k}.js": ("searchWords", k, bucket) for k, bucket in enumerate(buckets)
    }
    shards = max(1, math.ceil(len(rows) / SHARD_SIZE))
    for k in range(shards):
        scripts[f"search/{k}.js"] = (
            "searchShard",
            k,
            rows[k * SHARD_SIZE : (k + 1) * SHARD_SIZE],
        )
    return SearchIndex(
        scripts=scripts,
        config={"buckets": len(buckets), "shards": shards, "size": SHARD_SIZE},
    )
