"""Errors the pipeline raises, each naming file, feature and field."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the data: ``file: feature-id: field: reason``."""

    file: str
    feature: str
    field: str
    reason: str

    def __str__(self) -> str:
        parts = (self.file, self.feature, self.field, self.reason)
        return ": ".join(_one_line(str(part)) for part in parts)


class DataError(Exception):
    """The layers, facts or sources are not valid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
