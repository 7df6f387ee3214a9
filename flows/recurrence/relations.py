"""How each member of a cluster or group relates to its first (earliest published)
member. Recomputed for the clusters and groups a run touches, since a late-found older
article can become the first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from flows.recurrence.claims import ClaimThresholds
from flows.recurrence.drift import figures_changed
from flows.recurrence.minhash import containment, jaccard

RELATIONS = ("first", "verbatim", "figure-changed", "edited", "paraphrase")


@dataclass(slots=True)
class Member:
    mention_id: int
    norm_hash: int
    dated_at: datetime
    figure_set: list[str]
    shingles: int
    signature: np.ndarray


def first_of(members: list[Member]) -> Member:
    return min(members, key=lambda m: (m.dated_at, m.mention_id))


def claim_relations(members: list[Member],
                    limits: ClaimThresholds) -> dict[int, tuple[str, float]]:
    """mention_id -> (relation, estimated similarity to the first mention).

    verbatim: the same normalized text; figure-changed: both state figures and they
    changed (drift.figures_changed), whatever else changed; edited: a near-duplicate by MinHash; paraphrase:
    in the cluster by a looser tier (shared figure, semantic link, or through other members).
    """
    first = first_of(members)
    out: dict[int, tuple[str, float]] = {}
    for member in members:
        if member.mention_id == first.mention_id:
            out[member.mention_id] = ("first", 1.0)
            continue
        if member.norm_hash == first.norm_hash:
            out[member.mention_id] = ("verbatim", 1.0)
            continue
        similarity = jaccard(member.signature, first.signature)
        if figures_changed(first.figure_set, member.figure_set):
            relation = "figure-changed"
        elif similarity >= limits.near_duplicate or (
                min(member.shingles, first.shingles) >= limits.containment_min_shingles
                and containment(similarity, member.shingles, first.shingles)
                >= limits.containment):
            relation = "edited"
        else:
            relation = "paraphrase"
        out[member.mention_id] = (relation, round(similarity, 4))
    return out
