"""
The palette: colours a reader must tell apart are far apart (CIEDE2000), also for
colour-blind readers, and point layers differ by shape as well.
"""

from __future__ import annotations

import itertools

import pytest

from geo.colour import CVD_MATRICES, ciede2000, delta_e, simulate, to_lab
from geo.schema import LAYERS, MIN_DELTA_E, MIN_DELTA_E_CVD, Layer

#: G. Sharma, W. Wu, E. N. Dalal (2005), Table 1: pairs of CIELAB colours and their ΔE00.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_sharmas_published_test_data(
    lab1: tuple[float, float, float], lab2: tuple[float, float, float], expected: float
) -> None:
    assert ciede2000(lab1=lab1, lab2=lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab1=lab2, lab2=lab1) == pytest.approx(expected, abs=1e-4)


def test_srgb_white_and_red_convert_to_their_known_lab_values() -> None:
    assert to_lab((1.0, 1.0, 1.0)) == pytest.approx((100.0, 0.0, 0.0), abs=1e-3)
    assert to_lab((1.0, 0.0, 0.0)) == pytest.approx((53.2408, 80.0925, 67.2032), abs=1e-3)


def test_dichromats_see_red_and_green_alike_and_grey_unchanged() -> None:
    # The classic confusion: for a deuteranope, red and green are close; not for others.
    assert delta_e(colour1="#d62728", colour2="#2ca02c") > 40
    assert delta_e(colour1="#d62728", colour2="#2ca02c", deficiency="deuteranopia") < 15
    for deficiency in CVD_MATRICES:
        grey = simulate(rgb=(0.5, 0.5, 0.5), deficiency=deficiency)
        assert grey == pytest.approx((0.5, 0.5, 0.5), abs=0.02)


def _colours(layers: list[Layer]) -> list[tuple[str, str]]:
    return [
        (f"{layer.name}.{cat.value}", cat.colour)
        for layer in layers
        if layer.style is not None
        for cat in layer.style.vocabulary
    ]


def _drawn(kind: str) -> list[Layer]:
    """Layers drawn as pins (``point``) or as lines (``line``) on the map."""
    if kind == "point":
        return [layer for layer in LAYERS if layer.is_point]
    return [layer for layer in LAYERS if layer.geometry_types[0].endswith("LineString")]


@pytest.mark.parametrize("kind", ["point", "line"])
def test_no_two_colours_of_pins_or_of_lines_are_closer_than_the_set_distance(kind: str) -> None:
    # Every category of every layer, shown or not: whatever a reader switches on, two
    # kinds of pin (or of line) never look alike.
    colours = _colours(_drawn(kind))
    assert len(colours) > 8
    close = [
        f"{a} {ca} ~ {b} {cb}: {delta_e(colour1=ca, colour2=cb):.1f}"
        for (a, ca), (b, cb) in itertools.combinations(colours, 2)
        if delta_e(colour1=ca, colour2=cb) < MIN_DELTA_E
    ]
    assert close == []


#: Layers with a legend (the countries are the basemap: named on the map, not in the legend).
LEGEND_LAYERS = [layer for layer in LAYERS if layer.style and layer.name != "countries"]


@pytest.mark.parametrize("deficiency", sorted(CVD_MATRICES))
@pytest.mark.parametrize("layer", LEGEND_LAYERS, ids=lambda x: x.name)
def test_a_layers_categories_stay_apart_for_colour_blind_readers(
    layer: Layer, deficiency: str
) -> None:
    colours = _colours([layer])
    close = [
        f"{a} ~ {b}"
        for (a, ca), (b, cb) in itertools.combinations(colours, 2)
        if delta_e(colour1=ca, colour2=cb, deficiency=deficiency) < MIN_DELTA_E_CVD
    ]
    assert close == []


def test_the_old_lookalikes_now_differ() -> None:
    # The examples: FDI project vs international gate, ODA project vs province,
    # expressway vs sister-city line.
    by = dict(_colours(list(LAYERS)))
    for a, b in [
        ("projects.fdi", "border_gates.international"),
        ("projects.oda", "localities.province"),
        ("crossings.expressway", "partnerships.sister"),
    ]:
        assert delta_e(colour1=by[a], colour2=by[b]) >= MIN_DELTA_E, (a, b)


def test_each_point_layer_has_a_shape_of_its_own() -> None:
    shapes = [layer.marker for layer in LAYERS if layer.is_point]
    assert len(shapes) == len(set(shapes)) >= 4
    assert set(shapes) <= {"circle", "square", "diamond", "triangle"}
