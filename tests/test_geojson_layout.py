"""The reviewable layout: one feature a line, whatever the properties hold."""

import json

from geo._geojson import dumps_collection


def test_a_property_that_looks_like_the_next_feature_does_not_break_its_line() -> None:
    """An object inside a property starting like a feature stays on its feature's line."""
    inner = [{"a": 1}, {"type": "Feature", "x": 1}]
    feats = [
        {"properties": {"id": "b"}, "geometry": None},
        {
            "properties": {"id": "a", "w": inner},
            "geometry": {"type": "Point", "coordinates": [1.5, 2.25]},
        },
    ]
    text = dumps_collection(feats, name="x", field_order=("id",))
    lines = text.splitlines()
    assert lines[0] == '{"type":"FeatureCollection","name":"x","features":['
    assert lines[-1] == "]}"
    assert [json.loads(line.rstrip(","))["properties"]["id"] for line in lines[1:-1]] == ["a", "b"]
    assert json.loads(text)["features"][0]["properties"]["w"] == inner
