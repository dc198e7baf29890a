"""What ingest reports: mentions, figures, candidates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# --- results --------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure with its unit, as a sentence gives it."""

    value: int | float
    unit: str
    text: str
    start: int
    end: int
    qualifier: str | None = None  # "more than", "nearly", "about", "less than", "at least"
    period: str | None = None  # "2013-2019" for a period (value is its last year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "span": [self.start, self.end],
            "qualifier": self.qualifier,
            "period": self.period,
        }


@dataclass(frozen=True)
class Mention:
    """One name of a mapped feature in the text."""

    feature: str
    layer: str
    text: str  # as written in the input
    start: int  # [start, end) in the input text
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    figures: tuple[Figure, ...] = ()
    within: str | None = None  # the partnership or corridor whose name contains it

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "layer": self.layer,
            "text": self.text,
            "span": [self.start, self.end],
            "sentence": {"text": self.sentence, "span": [self.sentence_start, self.sentence_end]},
            "figures": [f.to_dict() for f in self.figures],
            "within": self.within,
        }


@dataclass(frozen=True)
class Candidate:
    """A capitalised place-like name after a place cue that matched no feature."""

    text: str
    cue: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "cue": self.cue,
            "span": [self.start, self.end],
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class IngestResult:
    """Mentions and candidates of one text; spans refer to ``text``."""

    text: str  # the input, or for HTML input the text html_to_text made of it
    html: bool
    body_end: int
    mentions: tuple[Mention, ...]
    candidates: tuple[Candidate, ...]
    language: str = "vi"  # "en", "vi" or "zh": see detect_language

    def feature_ids(self) -> list[str]:
        """Every feature mentioned, sorted."""
        return sorted({m.feature for m in self.mentions})

    def to_dict(self, *, article: str) -> dict[str, Any]:
        """The JSON document ``geo ingest`` prints (``docs/ingest.schema.json``)."""
        return {
            "article": article,
            "input": "html" if self.html else "text",
            "language": self.language,
            "body": {"span": [0, self.body_end]},
            "features": self.feature_ids(),
            "mentions": [m.to_dict() for m in self.mentions],
            "candidates": [c.to_dict() for c in self.candidates],
        }
