"""Records produced by the per-article analysis.

All offsets are character offsets into the article text exactly as given to
analyze_article (text[start:end] is the span), so storage can keep them and evidence
can be shown later without re-running the analysis. Records are frozen: later stages
build new rows from them rather than changing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # position in the article, from 0
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    """One number as written, normalized.

    kind is one of: count (a number with what it counts, or scaled: "1.26 million"),
    money, percent, year, range, and number (a bare figure with no unit that is not a
    year). A range keeps its low end in value and its high end in value_high, with the
    unit or currency the two ends share. A bare "$" stays "$": which dollar it is depends
    on the outlet.
    """

    start: int
    end: int
    text: str
    value: float
    value_high: float | None
    unit: str | None  # "people", "counties", "month" (for "a month" rates) ...
    currency: str | None  # ISO-like code: "CNY", "USD", "CAD", "EUR", "GBP" ...
    kind: str
    # what the figure is in its claim, where the text says (flows/analysis/figure_roles):
    # "target", "running total", "result", or None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """A check-worthy sentence with its score and the features that made it."""

    sentence_index: int
    start: int
    end: int
    text: str
    score: float  # 0..1, a capped weighted sum of the features (see claims.FEATURE_WEIGHTS)
    features: dict[str, int]  # feature name -> how many times it was seen
    figures: tuple[Figure, ...]  # offsets into the article text
    template: str  # the sentence with its figures abstracted (see claims.claim_template)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct, indirect or mixed quote with its speaker as written and as resolved.

    speaker is the resolved name: a later "Zhang said" carries the full "Zhang Ke" found
    earlier in the article, and a pronoun carries the person it most likely stands for.
    speaker_start/end point at the words that name the speaker where this quote is
    attributed (None when the attribution is carried over from an earlier quote).
    """

    start: int
    end: int
    text: str
    kind: str  # "direct" (inside quotation marks), "indirect", or "mixed"
    speaker_as_written: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker: str | None
    role: str | None  # "deputy chief of the CPC committee of Jiashi county"
    organisation: str | None  # the body speaking, or the one the speaker's role names
    speaker_kind: str  # "person", "organisation" or "unknown"
    verb: str | None  # "said", "told", "according to"; None for a continuing quote
    sentence_index: int  # the sentence where the quote starts
    # The speaker's key across articles when the batch's speakers were matched to the
    # stored ones (flows/analysis/speaker_identity.py); None: speaker_key(speaker).
    speaker_key: str | None = None
    # Why this speaker, in words a reader can check: how the quote was attributed and how
    # the name as written became the speaker ("'said' names the speaker here; 'Zhang'
    # resolved to 'Zhang Ke', named earlier").
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    analyzer_version: str
    sentences: tuple[Sentence, ...]
    claims: tuple[ClaimCandidate, ...]
    quotes: tuple[Quote, ...]
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)
