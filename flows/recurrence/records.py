"""Records of the cross-article analysis: claim mentions, their stored variants, and
article fingerprints for syndication."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from flows.analysis.records import Figure


@dataclass(slots=True)
class Mention:
    """One claim candidate of one article, ready to be clustered."""

    mention_id: int
    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    template: str
    score: float
    features: dict[str, int]
    figures: tuple[Figure, ...]
    norm_hash: int  # of the normalized text: equal hashes are verbatim repeats
    figure_key: str  # the figures' kinds and values, sorted: "count:117000|year:2017"
    figure_set: list[str]  # the figures that can drift (all but years), sorted tokens
    anchors: list[int]  # hashes of the distinctive figures (see drift.anchor_keys)
    words: frozenset[str]  # content stems, for the shared-figure check
    names: frozenset[str]  # places, people, bodies named (see names.py)
    shingles: int
    signature: np.ndarray
    dated_at: datetime  # published, else stored: what "first" and the weeks go by
    cluster_id: int | None = None
    matched_by: str = ""  # exact, minhash, shared-figure, semantic; "" for a new cluster
    similarity: float = 1.0  # to what it matched when it was clustered


@dataclass(slots=True)
class Variant:
    """One distinct normalized claim text, stored once however often it recurs."""

    norm_hash: int
    cluster_id: int
    shingles: int
    signature: np.ndarray
    words: frozenset[str]
    names: frozenset[str]
    figure_key: str


@dataclass(slots=True)
class Match:
    variant: Variant
    tier: str  # exact, minhash, shared-figure
    similarity: float


@dataclass(slots=True)
class ArticlePrint:
    """An article's fingerprint for syndication: 5-word shingles and their MinHash."""

    article_id: str
    text_hash: str
    outlet: str
    dated_at: datetime
    shingles: int
    signature: np.ndarray
    credit: str | None = None
    credit_source: str | None = None  # "metadata" or "text"
    group_id: str | None = None
    matched_by: str = ""
    similarity: float = 1.0
    candidates: list[str] = field(default_factory=list)
