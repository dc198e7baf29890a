"""
Colour arithmetic for the palette checks: sRGB to CIELAB, CIEDE2000, colour blindness.

The palette itself is declared in :mod:`geo.schema`; this module only measures it, so
that the tests can say that no two colours a reader must tell apart are too close, for
normal colour vision and simulated protanopia, deuteranopia and tritanopia.

CIEDE2000 follows G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference
formula: implementation notes, supplementary test data, and mathematical observations",
Color Research & Application 30 (2005), with kL = kC = kH = 1. The colour-blindness
matrices are those of G. M. Machado, M. M. Oliveira and L. A. F. Fernandes, "A
physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15
(2009), at severity 1.0, applied to linear RGB.
"""

from __future__ import annotations

import math
from typing import Final

Lab = tuple[float, float, float]
RGB = tuple[float, float, float]

#: D65 reference white of sRGB, in XYZ (Y = 1).
_WHITE: Final = (0.95047, 1.0, 1.08883)

#: Machado et al. (2009) simulation matrices at severity 1.0, on linear RGB.
CVD_MATRICES: Final[dict[str, tuple[RGB, RGB, RGB]]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def parse_hex(colour: str) -> RGB:
    """
    A ``#rrggbb`` colour as sRGB components in 0–1.

    Parameters
    ----------
    colour
        Six hex digits after a ``#``.

    Returns
    -------
    The red, green and blue components.
    """
    if len(colour) != 7 or colour[0] != "#":
        msg = f"colour must be #rrggbb, not {colour!r}"
        raise ValueError(msg)
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (r, g, b)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(*, rgb: RGB, deficiency: str) -> RGB:
    """
    How an sRGB colour looks to a dichromat (Machado et al. 2009, severity 1.0).

    Parameters
    ----------
    rgb
        sRGB components in 0–1.
    deficiency
        ``protanopia``, ``deuteranopia`` or ``tritanopia``.

    Returns
    -------
    The simulated colour, sRGB in 0–1.
    """
    matrix = CVD_MATRICES[deficiency]
    lin = [_linear(c) for c in rgb]
    out = [sum(row[k] * lin[k] for k in range(3)) for row in matrix]
    return (_gamma(out[0]), _gamma(out[1]), _gamma(out[2]))


def to_lab(rgb: RGB) -> Lab:
    """
    An sRGB colour (0–1) in CIELAB (D65).

    Parameters
    ----------
    rgb
        sRGB components in 0–1.

    Returns
    -------
    L*, a*, b*.
    """
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / _WHITE[0]
    y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / _WHITE[1]
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / _WHITE[2]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def ciede2000(*, lab1: Lab, lab2: Lab) -> float:
    """
    The CIEDE2000 colour difference of two CIELAB colours (kL = kC = kH = 1).

    Parameters
    ----------
    lab1, lab2
        The colours, as L*, a*, b*.

    Returns
    -------
    ΔE00: about 1 is a just-noticeable difference; 10 and more reads as another colour.
    """
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    d_big_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2

    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2
        + (dc / s_c) ** 2
        + (d_big_h / s_h) ** 2
        + r_t * (dc / s_c) * (d_big_h / s_h)
    )


def delta_e(*, colour1: str, colour2: str, deficiency: str | None = None) -> float:
    """
    CIEDE2000 between two ``#rrggbb`` colours, optionally as a dichromat sees them.

    Parameters
    ----------
    colour1, colour2
        The colours.
    deficiency
        ``None`` for normal vision, else a key of :data:`CVD_MATRICES`.

    Returns
    -------
    ΔE00.
    """
    rgb1, rgb2 = parse_hex(colour1), parse_hex(colour2)
    if deficiency is not None:
        rgb1 = simulate(rgb=rgb1, deficiency=deficiency)
        rgb2 = simulate(rgb=rgb2, deficiency=deficiency)
    return ciede2000(lab1=to_lab(rgb1), lab2=to_lab(rgb2))
