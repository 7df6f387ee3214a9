"""Recurring claims: which earlier claim, if any, a new claim mention restates.

The cascade goes from cheap to costly and stops at the first tier that finds a match:

1. exact: the same normalized text (a wire copy, a mirror);
2. minhash: a near-duplicate, from MinHash over content-word shingles with figures
   abstracted, so an edited sentence and the same sentence with new figures both match;
   a trimmed sentence matches by containment;
3. shared-figure: the same distinctive figure ("117,000 people") and most of the
   content words of the shorter sentence: a rewording that kept the number;

A mention joins the cluster of its best match; a mention without a match starts a
cluster whose id is its own mention id, so cluster ids are stable across runs. What this
lexical cascade leaves apart, the semantic step (flows/recurrence/linking.py) may link
afterwards, merging clusters (the older id survives). The functions here are pure: candidates come in, a decision goes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from flows.analysis.claims import claim_template
from flows.analysis.records import ArticleAnalysis, Quote
from flows.recurrence.drift import anchor_keys, figure_key, figure_set
from flows.recurrence.minhash import band_hashes, jaccard, jaccard_many, signatures
from flows.recurrence.names import article_names, claim_names, names_conflict
from flows.recurrence.records import Match, Mention, Variant
from flows.recurrence.text import (
    TokenHasher,
    claim_shingles,
    content_words,
    normalize_claim,
    stable_hash64,
    strip_dateline,
)

TIERS = ("exact", "minhash", "shared-figure")
_POSITIVE = (1 << 63) - 1


@dataclass(frozen=True, slots=True)
class ClaimThresholds:
    near_duplicate: float  # estimated Jaccard for "edited"
    containment: float  # share of the shorter sentence's shingles found in the longer
    containment_min_shingles: int  # the shorter must have at least this many shingles
    shared_figure_overlap: float  # share of the shorter's content words in the other
    shared_figure_min_words: int  # content words in common besides the figure


def mention_id_for(article_id: str, norm_hash: int, occurrence: int) -> int:
    """Positive 63-bit id from the article and the sentence's normalized text, so that
    analysing the same article again gives the same ids (and clusters keep theirs)."""
    return stable_hash64(f"{article_id}|{norm_hash}|{occurrence}") & _POSITIVE


def attribution_phrases(quotes: Iterable[Quote]) -> dict[int, list[str]]:
    """Per sentence index, the speaker, role and organisation of the quotes in it."""
    phrases: dict[int, list[str]] = {}
    for quote in quotes:
        found = [p for p in (quote.speaker_as_written, quote.speaker, quote.role,
                             quote.organisation) if p]
        phrases.setdefault(quote.sentence_index, []).extend(found)
    for found in phrases.values():
        found.sort(key=len, reverse=True)  # the longest first, so parts go with the whole
    return phrases


def unsigned_mentions(article_id: str, dated_at, text: str, analysis: ArticleAnalysis,
                      hasher: TokenHasher) -> tuple[list[Mention], list[np.ndarray]]:
    """An article's claim mentions and their shingle hashes, signatures still to compute
    (sign_mentions does a whole batch at once)."""
    mentions: list[Mention] = []
    known = article_names(text)
    attribution = attribution_phrases(analysis.quotes)
    seen: dict[int, int] = {}
    shingle_lists: list[list[str]] = []
    for claim in analysis.claims:
        stripped = strip_dateline(claim.text)
        if len(stripped) < len(claim.text):
            # "HOTAN, Oct. 12 (Xinhua) --": the dateline's date is not one of the claim's
            # figures, nor its words part of the claim
            cut = claim.start + len(claim.text) - len(stripped)
            figures = tuple(f for f in claim.figures if f.start >= cut)
            claim = replace(claim, figures=figures,
                            template=claim_template(stripped, list(figures), cut))
        norm_hash = stable_hash64(normalize_claim(claim.text))
        occurrence = seen.get(norm_hash, 0)
        seen[norm_hash] = occurrence + 1
        stems = content_words(claim.template)
        shingles = claim_shingles(stems)
        shingle_lists.append(shingles)
        mentions.append(Mention(
            mention_id=mention_id_for(article_id, norm_hash, occurrence),
            article_id=article_id, sentence_index=claim.sentence_index, start=claim.start,
            end=claim.end, text=claim.text, template=claim.template, score=claim.score,
            features=dict(claim.features), figures=claim.figures, norm_hash=norm_hash,
            figure_key=figure_key(claim.figures), figure_set=figure_set(claim.figures),
            anchors=anchor_keys(claim.figures),
            words=frozenset(w for w in stems if not w.startswith("<")),
            names=claim_names(claim.text, attribution.get(claim.sentence_index, []), known),
            shingles=len(shingles), signature=np.empty(0, dtype=np.uint32),
            dated_at=dated_at))
    # one hashing pass for the article: the shingles of a sentence are distinct strings
    hashes = hasher.strings([s for shingles in shingle_lists for s in shingles])
    bounds = np.cumsum([len(shingles) for shingles in shingle_lists])[:-1]
    return mentions, np.split(hashes, bounds) if shingle_lists else []


def sign_mentions(mentions: list[Mention], shingle_sets: list[np.ndarray]) -> None:
    for mention, signature in zip(mentions, signatures(shingle_sets), strict=True):
        mention.signature = signature


def build_mentions(article_id: str, dated_at, text: str, analysis: ArticleAnalysis,
                   hasher: TokenHasher) -> list[Mention]:
    """An article's claim mentions, ready to cluster."""
    mentions, shingle_sets = unsigned_mentions(article_id, dated_at, text, analysis, hasher)
    if mentions:
        sign_mentions(mentions, shingle_sets)
    return mentions


def variant_of(mention: Mention) -> Variant:
    return Variant(mention.norm_hash, mention.cluster_id, mention.shingles, mention.signature,
                   mention.words, mention.names, mention.figure_key)


def is_near_duplicate(similarity: float, size_a: int, size_b: int,
                      limits: ClaimThresholds) -> bool:
    """Edited (Jaccard at the threshold) or trimmed (the shorter nearly all in the other)."""
    return bool(near_duplicate_mask(np.array([similarity]), np.array([size_a]),
                                    np.array([size_b]), limits)[0])


def near_duplicate_mask(similarities: np.ndarray, sizes_a: np.ndarray, sizes_b: np.ndarray,
                        limits: ClaimThresholds) -> np.ndarray:
    """is_near_duplicate over arrays of pairs: the Jaccard threshold, or containment
    (see minhash.containment) for sentences long enough to trust it."""
    smaller = np.minimum(sizes_a, sizes_b)
    overlap = similarities * (sizes_a + sizes_b) / (1.0 + similarities)
    with np.errstate(divide="ignore", invalid="ignore"):
        contained = np.where(smaller > 0, np.minimum(1.0, overlap / smaller), 0.0)
    return (similarities >= limits.near_duplicate) | (
        (smaller >= limits.containment_min_shingles) & (contained >= limits.containment))


@dataclass(frozen=True, slots=True)
class NearScreen:
    """A batch's signatures and shingle counts (by mention position), to drop stored
    band candidates that fail the near-duplicate test before they are fetched: most
    band candidates are topical strangers, and their share grows with the history."""

    signatures: np.ndarray
    sizes: np.ndarray
    limits: ClaimThresholds

    def passes(self, positions: np.ndarray, signatures: np.ndarray,
               sizes: np.ndarray) -> np.ndarray:
        """Whether each (position, stored signature and size) pair is a near duplicate."""
        similarities = np.count_nonzero(signatures == self.signatures[positions], axis=1) \
            / self.signatures.shape[1]
        return near_duplicate_mask(similarities, self.sizes[positions], sizes, self.limits)


def near_screen(mentions: list[Mention], limits: ClaimThresholds) -> NearScreen | None:
    if not mentions:
        return None
    return NearScreen(np.stack([m.signature for m in mentions]),
                      np.array([m.shingles for m in mentions]), limits)


def compare(mention: Mention, variant: Variant, limits: ClaimThresholds) -> Match | None:
    """The first tier of the cascade at which the mention restates the variant."""
    if mention.norm_hash == variant.norm_hash:
        return Match(variant, "exact", 1.0)
    if names_conflict(mention.names, variant.names):
        return None
    similarity = jaccard(mention.signature, variant.signature)
    if is_near_duplicate(similarity, mention.shingles, variant.shingles, limits):
        return Match(variant, "minhash", similarity)
    return None


def near_duplicates(mention: Mention, variants: list[Variant], limits: ClaimThresholds,
                    known: np.ndarray | None = None) -> list[Match]:
    """compare() over many variants at once: one vectorized Jaccard estimate, or the
    estimates already known for the first len(known) variants and one for the rest."""
    exact = [v for v in variants if v.norm_hash == mention.norm_hash]
    if exact:
        return [Match(exact[0], "exact", 1.0)]
    if not variants:
        return []
    similarities = known if known is not None else np.zeros(0)
    rest = variants[len(similarities):]
    if rest:
        similarities = np.concatenate(
            (similarities, jaccard_many(mention.signature, np.stack([v.signature for v in rest]))))
    passing = near_duplicate_mask(similarities, np.full(len(variants), mention.shingles),
                                  np.array([v.shingles for v in variants]), limits)
    return [Match(v, "minhash", sim)
            for v, sim, passes in zip(variants, similarities.tolist(), passing.tolist(),
                                      strict=True)
            if passes and not names_conflict(mention.names, v.names)]


def shared_figure_match(mention: Mention, variant: Variant,
                        limits: ClaimThresholds) -> Match | None:
    """A rewording that kept a distinctive figure: most content words of the shorter
    sentence are in the other one too."""
    if names_conflict(mention.names, variant.names):
        return None
    shared = mention.words & variant.words
    shorter = min(len(mention.words), len(variant.words))
    if shorter == 0 or len(shared) < limits.shared_figure_min_words:
        return None
    overlap = len(shared) / shorter
    if overlap < limits.shared_figure_overlap:
        return None
    return Match(variant, "shared-figure", overlap)


def best_match(mention: Mention, near: Iterable[Variant], by_figure: Iterable[Variant],
               limits: ClaimThresholds, known: np.ndarray | None = None) -> Match | None:
    """Best candidate of the cheapest tier that has one; ties go to the larger
    similarity, then to the older cluster (smaller id) so the choice is reproducible.
    known: Jaccard estimates of the first near candidates, when already computed."""
    found = near_duplicates(mention, list(near), limits, known)
    if not found:
        for variant in by_figure:
            match = shared_figure_match(mention, variant, limits)
            if match is not None:
                found.append(match)
    if not found:
        return None
    rank = {tier: i for i, tier in enumerate(TIERS)}
    return min(found, key=lambda m: (rank[m.tier], -m.similarity, m.variant.cluster_id))


class BatchIndex:
    """Variants created in the current batch, findable like the stored ones: by exact
    hash, by shared LSH band (pairs found up front, see band_neighbours) and by
    distinctive figure."""

    def __init__(self, neighbours: dict[int, list[int]]) -> None:
        self.variants: dict[int, Variant] = {}
        self.by_position: dict[int, Variant] = {}
        self.neighbours = neighbours
        self.anchors: dict[int, list[int]] = {}

    def add(self, position: int, variant: Variant, anchors: list[int]) -> None:
        self.variants[variant.norm_hash] = variant
        self.by_position[position] = variant
        for anchor in anchors:
            self.anchors.setdefault(anchor, []).append(variant.norm_hash)

    def near(self, mention: Mention, position: int) -> list[Variant]:
        found = [self.variants[mention.norm_hash]] if mention.norm_hash in self.variants else []
        found += [self.by_position[i] for i in self.neighbours.get(position, ())
                  if i in self.by_position]
        return found

    def by_figure(self, mention: Mention) -> list[Variant]:
        keys: set[int] = set()
        for anchor in mention.anchors:
            keys.update(self.anchors.get(anchor, ()))
        return [self.variants[k] for k in keys]


def band_neighbours(bands: np.ndarray, starters: np.ndarray) -> dict[int, list[int]]:
    """For each starter position, the earlier starter positions sharing an LSH band with
    it, found with one sort of all band hashes instead of a dictionary per band."""
    positions = np.flatnonzero(starters)
    if len(positions) < 2:
        return {}
    values = bands[positions].reshape(-1)
    owners = np.repeat(positions, bands.shape[1])
    order = np.lexsort((owners, values))
    values, owners = values[order], owners[order]
    equal = np.flatnonzero(values[1:] == values[:-1])
    neighbours: dict[int, set[int]] = {}
    if len(equal) == 0:
        return {}
    # runs of equal band hashes: every later owner in a run neighbours every earlier one
    run_starts = equal[np.concatenate(([True], np.diff(equal) > 1))]
    for start in run_starts.tolist():
        stop = start + 1
        while stop < len(values) and values[stop] == values[start]:
            stop += 1
        run = owners[start:stop].tolist()
        for j, later in enumerate(run):
            if j:
                neighbours.setdefault(later, set()).update(run[:j])
    return {k: sorted(v) for k, v in neighbours.items()}


@dataclass(slots=True)
class StoredCandidates:
    """What the database offered for each mention of a batch (by mention position)."""

    variants: dict[int, Variant]  # norm_hash -> stored variant
    near: dict[int, set[int]]  # position -> norm_hashes sharing a band or the exact hash
    by_figure: dict[int, set[int]]  # position -> norm_hashes sharing a distinctive figure
    # the variants' signatures as rows of one matrix, when they all have the usual size
    signatures: np.ndarray | None = None
    rows: dict[int, int] = field(default_factory=dict)  # norm_hash -> row in signatures


def mention_bands(mentions: list[Mention], rows_per_band: int) -> np.ndarray:
    if not mentions:
        return np.zeros((0, 0), dtype=np.int64)
    return band_hashes(np.stack([m.signature for m in mentions]), rows_per_band)


def stored_near_duplicates(mentions: list[Mention], stored: StoredCandidates,
                           limits: ClaimThresholds
                           ) -> tuple[dict[int, list[Variant]], dict[int, np.ndarray]]:
    """Each mention's stored near candidates that pass the near-duplicate test, with
    their Jaccard estimates: one pass over all the batch's pairs rather than a few small
    arrays per mention. (An exact candidate passes: its estimate is 1.)"""
    lists = {position: [stored.variants[k] for k in keys]
             for position, keys in stored.near.items() if keys}
    if not lists:
        return {}, {}
    ours = np.stack([mentions[position].signature for position in lists])
    if stored.signatures is None or ours.shape[1] != stored.signatures.shape[1]:
        return lists, {}  # signatures of another length: compared one by one
    flat = [v for found in lists.values() for v in found]
    theirs = stored.signatures[[stored.rows[v.norm_hash] for v in flat]]
    mine = np.repeat(np.arange(len(lists)), [len(found) for found in lists.values()])
    similarities = np.count_nonzero(theirs == ours[mine], axis=1) / ours.shape[1]
    passing = np.flatnonzero(near_duplicate_mask(
        similarities, np.array([mentions[p].shingles for p in lists])[mine],
        np.array([v.shingles for v in flat]), limits))
    owners = list(lists)
    kept: dict[int, list[Variant]] = {}
    known: dict[int, list[float]] = {}
    for pair, owner, similarity in zip(passing.tolist(), mine[passing].tolist(),
                                       similarities[passing].tolist(), strict=True):
        kept.setdefault(owners[owner], []).append(flat[pair])
        known.setdefault(owners[owner], []).append(similarity)
    return kept, {position: np.array(values) for position, values in known.items()}


def assign_clusters(mentions: list[Mention], bands: np.ndarray, stored: StoredCandidates,
                    limits: ClaimThresholds) -> list[int]:
    """Cluster the mentions (in the order given: earliest first) against stored variants
    and against each other. Sets cluster_id, matched_by and similarity on each mention;
    returns the positions of the mentions whose text is new (their variants are to be
    stored)."""
    starters = np.zeros(len(mentions), dtype=bool)
    seen: set[int] = set(stored.variants)
    for position, mention in enumerate(mentions):
        if mention.norm_hash not in seen:
            starters[position] = True
            seen.add(mention.norm_hash)
    batch = BatchIndex(band_neighbours(bands, starters) if len(mentions) else {})
    stored_near, known = stored_near_duplicates(mentions, stored, limits)
    added: list[int] = []
    for position, mention in enumerate(mentions):
        near = stored_near.get(position, []) + batch.near(mention, position)
        by_figure = [stored.variants[k] for k in stored.by_figure.get(position, ())]
        by_figure += batch.by_figure(mention)
        match = best_match(mention, near, by_figure, limits, known.get(position))
        if match is None:
            mention.cluster_id, mention.matched_by, mention.similarity = \
                mention.mention_id, "", 1.0
        else:
            mention.cluster_id = match.variant.cluster_id
            mention.matched_by, mention.similarity = match.tier, round(match.similarity, 4)
        if starters[position]:
            batch.add(position, variant_of(mention), mention.anchors)
            added.append(position)
    return added
