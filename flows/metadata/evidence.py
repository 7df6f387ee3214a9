"""One piece of evidence for one field: its value, where it came from, how much it is trusted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    value: str
    source: str  # "json-ld", "og:title", "meta:article:published_time", "url", ...
    confidence: float  # 0..1, the prior trust in this kind of source

    def as_dict(self) -> dict:
        return {"value": self.value, "source": self.source, "confidence": round(self.confidence, 3)}
