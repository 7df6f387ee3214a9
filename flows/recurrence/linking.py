"""Claims that restate each other across clusters: semantic candidates, verified links,
and clusters merged along them.

The lexical cascade (flows.recurrence.claims) places copies, edits and rewordings that
kept most words. What it leaves apart, this step links: each new claim variant's nearest
stored and earlier variants by embedding are candidates, each candidate pair is decided
by flows.recurrence.verify from its signals, and every verified link between two
clusters merges them, the older id surviving. A guard keeps one vague sentence from
chaining two established claims: two clusters that each hold more than one variant merge
only when their centroids are close too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from flows.recurrence.verify import PairSignals, pair_signals, rarity_mass, verify

# A cluster whose first appearance is not known sorts after every dated one.
UNKNOWN = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Node:
    """A claim variant as the linker sees it."""

    norm_hash: int
    cluster_id: int
    words: frozenset[str]  # content stems
    names: frozenset[str]
    figures: frozenset[str]  # distinctive figures (verify.figure_values)


@dataclass(frozen=True, slots=True)
class Link:
    """A verified pair: the new variant (by position among the queries) and the node it
    restates."""

    query: int
    other: Node
    score: float
    signals: PairSignals


@dataclass(frozen=True, slots=True)
class Merge:
    merged_id: int
    into_id: int
    score: float
    link: str  # the two sentences, for a reader of claim_cluster_merges


def verified_links(queries: list[Node], neighbours: list[list[tuple[Node, float]]],
                   idf: dict[str, float], default_idf: float, threshold: float) -> list[Link]:
    """Each query's candidates (node, cosine) decided one by one; only pairs in two
    different clusters matter (inside one cluster there is nothing to join)."""
    links = []
    masses: dict[int, float] = {}  # norm hash -> rarity mass, each node summed once

    def mass(item: Node) -> float:
        if item.norm_hash not in masses:
            masses[item.norm_hash] = rarity_mass(item.words, idf, default_idf)
        return masses[item.norm_hash]

    for position, (node, candidates) in enumerate(zip(queries, neighbours, strict=True)):
        for other, cosine in candidates:
            if other.cluster_id == node.cluster_id or other.norm_hash == node.norm_hash:
                continue
            signals = pair_signals(cosine, node.words, other.words, node.figures,
                                   other.figures, node.names, other.names, idf, default_idf,
                                   (mass(node), mass(other)))
            score = verify(signals, threshold)
            if score is not None:
                links.append(Link(position, other, score, signals))
    return links


class ClusterUnion:
    """Union of clusters along links, strongest first, with the chaining guard.

    first_seen orders clusters (the older survives a merge; ties go to the smaller id);
    sizes are variants per cluster; centroid(cluster) is the sum of its variants'
    embeddings (any length), used only when two clusters of several variants meet."""

    def __init__(self, first_seen: dict[int, tuple[datetime, int]], sizes: dict[int, int],
                 centroid: Callable[[int], np.ndarray], guard: float) -> None:
        self.parent: dict[int, int] = {}
        self.first_seen = first_seen
        self.sizes = dict(sizes)
        self.sums: dict[int, np.ndarray] = {}
        self.centroid = centroid
        self.guard = guard

    def find(self, cluster: int) -> int:
        root = cluster
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(cluster, cluster) != root:  # path compression
            self.parent[cluster], cluster = root, self.parent[cluster]
        return root

    def _sum(self, root: int) -> np.ndarray:
        if root not in self.sums:
            self.sums[root] = self.centroid(root)
        return self.sums[root]

    def close_enough(self, a: int, b: int) -> bool:
        if self.sizes.get(a, 1) <= 1 or self.sizes.get(b, 1) <= 1:
            return True
        sa, sb = self._sum(a), self._sum(b)
        norm = float(np.linalg.norm(sa) * np.linalg.norm(sb))
        return norm > 0 and float(sa @ sb) / norm >= self.guard

    def join(self, a: int, b: int) -> tuple[int, int] | None:
        """Merge the clusters of a and b: (absorbed root, surviving root), or None when
        they are one already or the guard says no."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.close_enough(ra, rb):
            return None
        keep, gone = sorted((ra, rb), key=lambda c: self.first_seen.get(c, (UNKNOWN, c)))
        self.parent[gone] = keep
        self.sizes[keep] = self.sizes.get(keep, 1) + self.sizes.get(gone, 1)
        if gone in self.sums or keep in self.sums:
            self.sums[keep] = self._sum(keep) + self._sum(gone)
            self.sums.pop(gone, None)
        return gone, keep


def merge_along(links: list[Link], cluster_of_query: Callable[[int], int],
                union: ClusterUnion, text_of: Callable[[Link], str]
                ) -> tuple[dict[int, int], list[Merge]]:
    """Apply the links, strongest first (ties by the ids involved, so a re-run gives the
    same clusters): every cluster id that was absorbed -> the cluster it is in now, and
    the merges in the order they happened."""
    merges: list[Merge] = []
    ordered = sorted(links, key=lambda k: (-k.score, cluster_of_query(k.query),
                                           k.other.cluster_id))
    for link in ordered:
        joined = union.join(cluster_of_query(link.query), link.other.cluster_id)
        if joined is not None:
            gone, keep = joined
            merges.append(Merge(gone, keep, round(link.score, 4), text_of(link)))
    final = {m.merged_id: union.find(m.merged_id) for m in merges}
    merges = [Merge(m.merged_id, final[m.merged_id], m.score, m.link) for m in merges]
    return final, merges
