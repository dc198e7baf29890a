"""
JSON at the speed a 100,000-pin site needs: msgspec, with the standard library's answers.

``loads`` reads what :func:`json.loads` reads, to the same values; where msgspec refuses
a text (NaN, numbers out of range, lone surrogates, a syntax error) the standard
library reads it, so its values and its error messages (with line and column) stay as
they were. ``dumps`` writes compact UTF-8 JSON as ``json.dumps(value,
ensure_ascii=False, separators=(",", ":"))`` does, except for some floats: ``1e16``
rather than ``1e+16``, ``0.00001`` rather than ``1e-05`` (the same number to every JSON
reader).
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

_ENCODER = msgspec.json.Encoder()


def dumps(value: Any) -> str:
    """Compact JSON text of ``value``, non-ASCII characters as they are."""
    return _ENCODER.encode(value).decode("utf-8")


def dumpb(value: Any) -> bytes:
    """:func:`dumps`'s text as UTF-8 bytes, made without the text: for what is written."""
    return _ENCODER.encode(value)


def loads(text: str) -> Any:
    """The value of a JSON text, as :func:`json.loads` gives it (and its errors)."""
    try:
        return msgspec.json.decode(text)
    except msgspec.MsgspecError:
        return json.loads(text)
