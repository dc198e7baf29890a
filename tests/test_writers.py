"""
The site's large files are made by fast paths of our own (for 100,000 rows): each
gives exactly what the plain way gives (the standard library's writers, one-by-one
folding) for the same input.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from geo import _json
from geo._geojson import collection_bytes, dumps_collection
from geo.check import _in_layout
from geo.links import _indented
from geo.schema import LAYER_BY_NAME
from geo.search_index import fold, fold_all

text = st.text(alphabet=st.sampled_from(list("ab ,\"\n\t='ờ河-")), max_size=6)


keys = st.sampled_from(["id", "name", "ờ", 'q"'])


@settings(max_examples=200, deadline=None)
@given(
    rows=st.one_of(
        st.lists(st.dictionaries(keys, text, max_size=3), max_size=5),
        st.integers(0, 5).flatmap(
            lambda n: st.lists(st.fixed_dictionaries({"id": text, "name": text}), min_size=n)
        ),
    )
)
def test_links_json_is_what_json_dumps_with_indent_writes(rows: list[dict[str, str]]) -> None:
    assert _indented(rows) == json.dumps(rows, ensure_ascii=False, indent=2)


def test_site_geojson_is_laid_out_as_the_layers_are() -> None:
    features = [
        {
            "type": "Feature",
            "properties": {"id": fid, "name": name, "facts": [{"statement": "a},{b"}]},
            "geometry": {"type": "Point", "coordinates": [104.1234567, 22.5]},
        }
        for fid, name in (("b", 'say "hi"'), ("a", "Hà Khẩu"), ("c", '},{"type":"Feature",'))
    ]
    data = collection_bytes(features, name="x", field_order=("id", "name"), encode=_json.dumpb)
    expected = dumps_collection(features, name="x", field_order=("id", "name"))
    assert data == expected.encode("utf-8")
    assert len(expected.splitlines()) == 2 + len(features)


names = st.lists(
    st.text(alphabet=st.sampled_from(list("aĐđ Ờờ\t\n\u00a0\u2028x\u0301Σσ河İ")), max_size=6),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(texts=names)
def test_names_folded_together_are_folded_as_one_by_one(texts: list[str]) -> None:
    assert fold_all(texts) == [fold(t) for t in texts]


def test_a_name_holding_the_separator_is_still_folded_as_it_should_be() -> None:
    assert fold_all(["Lào\x00Cai", " Hà  Khẩu "]) == [fold("Lào\x00Cai"), "ha khau"]


values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=4),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(props=st.lists(st.dictionaries(st.sampled_from(["a", "b", "é"]), values), max_size=3))
@example(props=[{"a": 1e-05}, {"a": 1e16}, {"b": float("nan")}, {"a": 2**65}, {"a": "\ud800"}])
def test_the_layout_rule_says_what_the_standard_librarys_layout_says(props: list[Any]) -> None:
    layer = LAYER_BY_NAME["events"]
    feats = [
        {"type": "Feature", "properties": {"id": f"f{n}", **p}, "geometry": None}
        for n, p in enumerate(props)
    ]
    exact = dumps_collection(feats, name=layer.name, field_order=layer.field_names)
    # The file as written, and as other writers would write it (msgspec: 1e16, null
    # for NaN; json with ASCII escapes): the rule agrees with the exact comparison.
    exact_bytes = exact.encode("utf-8", "surrogatepass")
    others = [exact_bytes, exact.replace("e+", "e").encode("utf-8", "surrogatepass")]
    with contextlib.suppress(TypeError, ValueError, OverflowError):
        fast = collection_bytes(
            feats, name=layer.name, field_order=layer.field_names, encode=_json.dumpb
        )
        others.append(fast)
    for raw in others:
        if not _reads_as(raw, feats):
            continue  # the rule is asked only of the file the features were read from
        assert _in_layout(raw, feats, layer=layer) == (raw == exact_bytes)


def _reads_as(raw: bytes, feats: list[dict[str, Any]]) -> bool:
    try:
        read = json.loads(raw.decode("utf-8"))["features"]
    except ValueError:  # not UTF-8, or not JSON
        return False
    return json.dumps(read, sort_keys=True) == json.dumps(feats, sort_keys=True)
