"""The digest as typed records: what build_digest returns and every renderer reads.

Counts are as of the end of the digest's week, so a digest built again later for the same
week tells the same story. Evidence is always a URL plus the text itself (the sentence, the
quote, or the title), so a reader can check a claim without opening the database.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any

# Bumped when a field changes meaning or goes away, so JSON readers can tell versions apart.
DIGEST_FORMAT = "drumbeat-digest/1"


@dataclass(slots=True)
class Evidence:
    url: str
    outlet: str
    published_at: datetime | None
    text: str
    article_id: str = ""


@dataclass(slots=True)
class WeekValue:
    week: str
    value: float


@dataclass(slots=True)
class WeekNumbers:
    week: str
    articles: int  # on-topic articles published that week
    outlets: int  # outlets publishing them
    claim_mentions: int
    new_claims: int
    recurring_claims: int
    resurfaced_claims: int


@dataclass(slots=True)
class ClaimItem:
    cluster_id: str
    text: str  # the cluster's representative sentence
    summary: str  # why it was flagged, as the flag says it
    score: float
    first_seen: datetime | None
    first_outlet: str
    first_url: str
    mentions: int  # up to the end of the week
    mentions_this_week: int
    articles: int
    outlets: list[str]  # most mentions first
    last_seen_before: str | None  # the week it was last seen before this one
    silent_weeks: int | None  # weeks between that and this week
    timeline: list[WeekValue]
    evidence: list[Evidence]
    more_evidence: int  # evidence rows not shown


@dataclass(slots=True)
class DriftPoint:
    published_at: datetime | None
    week: str
    figures: list[str]
    values: list[float]
    outlet: str
    url: str
    sentence: str
    this_week: bool


@dataclass(slots=True)
class DriftItem:
    subject_id: str
    template: str
    summary: str
    score: float
    points: list[DriftPoint]  # oldest first, up to the end of the week
    more_points: int  # earlier points not shown


@dataclass(slots=True)
class ArticleRef:
    article_id: str
    url: str
    outlet: str
    title: str
    published_at: datetime | None
    similarity: float | None = None
    credit: str | None = None


@dataclass(slots=True)
class SyndicatedStory:
    group_id: str
    summary: str
    score: float
    origin: ArticleRef | None
    copies: list[ArticleRef]
    copy_count: int
    outlets: int


@dataclass(slots=True)
class SpeakerItem:
    speaker_key: str
    name: str
    kind: str
    roles: list[str]
    quotes_this_week: int
    articles_this_week: int
    outlets_this_week: list[str]
    quotes_total: int
    first_seen: datetime | None
    recurring: bool  # flagged as a recurring speaker this week
    summary: str
    evidence: list[Evidence]  # the quotes themselves


@dataclass(slots=True)
class OutletItem:
    outlet: str
    site_names: list[str]
    articles_this_week: int
    copies_this_week: int  # of those, syndicated copies of another outlet's story
    articles_total: int
    first_seen: datetime | None
    new: bool  # flagged as a new outlet this week
    summary: str
    evidence: list[Evidence]  # titles of its articles this week


@dataclass(slots=True)
class Digest:
    week: str
    starts: date  # Monday
    ends: date  # Sunday
    generated_at: datetime
    notice: str  # "" for an ordinary week; says plainly when the week was empty or quiet
    numbers: list[WeekNumbers]  # the previous weeks, then this one
    recurring_claims: list[ClaimItem]
    new_claims: list[ClaimItem]
    resurfaced_claims: list[ClaimItem]
    number_drift: list[DriftItem]
    syndicated: list[SyndicatedStory]
    speakers: list[SpeakerItem]
    outlets: list[OutletItem]
    totals: dict[str, int]  # items found per section, of which the top ones are shown
    missing: list[str] = field(default_factory=list)  # analysis views the database lacks
    format: str = DIGEST_FORMAT

    @property
    def this_week(self) -> WeekNumbers:
        return self.numbers[-1]


def to_plain(value: Any) -> Any:
    """Records to JSON-ready values: dates as ISO-8601 strings."""
    if is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def from_plain(cls: type, data: Any) -> Any:
    """The inverse of to_plain for a record type, guided by its annotations."""
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _typed(hints[f.name], data[f.name]) for f in fields(cls)
                  if f.name in data})


def _typed(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _typed(inner[0], value)
    if origin is list:
        return [_typed(typing.get_args(hint)[0], v) for v in value]
    if origin is dict:
        return {k: _typed(typing.get_args(hint)[1], v) for k, v in value.items()}
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is float:
        return float(value)
    if is_dataclass(hint):
        return from_plain(hint, value)
    return value
