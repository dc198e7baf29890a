"""Errors the pipeline raises, each naming file, feature and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the data: ``file: feature-id: field: reason``."""

    file: str
    feature: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.feature}: {self.field}: {self.reason}"


class DataError(Exception):
    """The layers, facts or sources are not valid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
