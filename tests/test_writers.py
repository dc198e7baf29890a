"""
The site's large files are made by fast paths of our own (for 100,000 rows): each
gives exactly what the plain way gives (the standard library's writers, one-by-one
folding) for the same input.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from geo import _json
from geo._geojson import dumps_collection, write_site_collection
from geo.links import _indented
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


def test_site_geojson_is_laid_out_as_the_layers_are(tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {"id": fid, "name": name, "facts": [{"statement": "a},{b"}]},
            "geometry": {"type": "Point", "coordinates": [104.1234567, 22.5]},
        }
        for fid, name in (("b", 'say "hi"'), ("a", "Hà Khẩu"), ("c", '},{"type":"Feature",'))
    ]
    path = tmp_path / "x.geojson"
    write_site_collection(path, features, name="x", field_order=("id", "name"), encode=_json.dumpb)
    expected = dumps_collection(features, name="x", field_order=("id", "name"))
    assert path.read_bytes() == expected.encode("utf-8")
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
