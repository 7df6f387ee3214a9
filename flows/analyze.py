"""The analyze stage: per-article analysis of new articles, then what recurs across them.

For each batch of on-topic articles not analysed yet (or analysed by another version),
earliest first: sentences, claim candidates and quotes (flows.analysis); claim mentions
clustered against the stored history and each other (flows.recurrence.claims); the
articles grouped with their copies (flows.recurrence.syndication); everything written in
one short transaction. Then the weekly flags of the weeks the run touched are recomputed.
A run with nothing new writes nothing.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

# the switch behind NUMPY_MADVISE_HUGEPAGE (NumPy's "global state" documentation)
from numpy._core.multiarray import _set_madvise_hugepage

from flows.analysis import ANALYZER_VERSION, ArticleAnalysis, analyze_article
from flows.config import Config, RecurrenceConfig
from flows.pools import process_pool
from flows.recurrence import RECURRENCE_VERSION
from flows.recurrence.claims import (
    ClaimThresholds,
    assign_clusters,
    mention_bands,
    near_screen,
    sign_mentions,
    unsigned_mentions,
    variant_of,
)
from flows.recurrence.flags import recompute_flags
from flows.recurrence.linking import ClusterUnion, Link, Merge, Node, merge_along, verified_links
from flows.recurrence.minhash import band_hashes, containment, jaccard
from flows.recurrence.records import ArticlePrint, Mention, Variant
from flows.recurrence.relations import claim_relations
from flows.recurrence.semantic import DIMENSIONS, MODEL_NAME, Encoder, load_encoder
from flows.recurrence.syndication import (
    CopyThresholds,
    article_print,
    assign_groups,
    copy_similarity,
    sign_prints,
)
from flows.recurrence.text import TokenHasher
from flows.recurrence.verify import could_link, figure_values, rarity_mass
from flows.store import connect, migrate
from flows.store.analysis import (
    PendingArticle,
    as_json,
    claim_candidates,
    clear_analysis,
    copy_candidates,
    forget_articles,
    group_members,
    members_to_relate,
    pending_articles,
    stored_variants,
    update_copy_similarities,
    update_relations,
    write_articles,
    write_claims,
    write_prints,
)
from flows.store.claim_index import ClaimIndex
from flows.store.claim_vectors import (
    add_word_counts,
    apply_merges,
    cluster_facts,
    cluster_history,
    cluster_variants,
    keep_ids_resolving,
    mark_semantic,
    stored_embeddings,
    stored_variant_count,
    variant_sentences,
    word_candidates,
    word_rarity,
    write_embeddings,
    write_words,
)
from flows.store.copy_checks import record_checks, unchecked_off_topic
from flows.store.db import BatchWriter, utcnow, write
from flows.store.speakers import key_batch_speakers
from flows.store.summaries import refresh_summaries, touched_by_articles

# Below this many articles a batch is analysed in this process: starting worker
# processes costs more than analysing a few dozen articles (about 7 ms each).
POOL_MIN_ARTICLES = 200


def analysis_version() -> str:
    return f"{ANALYZER_VERSION}; {RECURRENCE_VERSION}"


def claim_thresholds(rc: RecurrenceConfig) -> ClaimThresholds:
    return ClaimThresholds(rc.claim_near_duplicate, rc.claim_containment,
                           rc.claim_containment_min_shingles, rc.claim_shared_figure_overlap,
                           rc.claim_shared_figure_min_words)


def copy_thresholds(rc: RecurrenceConfig) -> CopyThresholds:
    return CopyThresholds(rc.copy_jaccard, rc.copy_containment, rc.copy_min_shingles)


def limit_memory(con, rc: RecurrenceConfig) -> None:
    con.execute(f"SET memory_limit = '{rc.memory_limit}'")


def analyze_texts(texts: list[str], workers: int) -> list[ArticleAnalysis]:
    if len(texts) < POOL_MIN_ARTICLES or workers <= 1:
        return [analyze_article(text) for text in texts]
    with process_pool(workers) as pool:
        return list(pool.map(analyze_article, texts, chunksize=16))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one batch. A batch builds objects
    (sentences, figures, mentions) that all live until it is stored, so every full
    collection during it walks them and the rest of the heap to free little: that took
    a tenth of the stage. Reference counting still frees what is dropped; whatever cycles
    the batch leaves are collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def small_pages() -> Iterator[None]:
    """NumPy's request for transparent huge pages (madvise, where the system leaves the
    choice to programs) off for one batch. A batch's look-ups in the claim index make
    fresh arrays of tens of MB, and the kernel zeroes, and may first compact memory for,
    each 2 MB page they touch: one batch's band look-up in a million-sentence index took
    0.39-0.43 s with huge pages, 0.23-0.24 s without (0.17 against 0.19 s when repeated on
    arrays already touched). A million-sentence build took 146 s against 161 s."""
    previous = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(previous)


@dataclass(slots=True)
class BatchResult:
    counts: Counter = field(default_factory=Counter)
    earliest: datetime | None = None


def analyze_new_articles(cfg: Config, run_id: int,
                         advance: Callable[[str], None] | None = None) -> dict[str, int]:
    """Analyse stored on-topic articles not analysed yet (or by an older version) against
    what is stored, then recompute the flags of the ISO weeks touched. Returns counts."""
    migrate(cfg.database)
    rc = cfg.recurrence
    encoder = load_encoder() if rc.embeddings else None
    version = analysis_version()
    workers = cfg.extract.workers or multiprocessing.cpu_count()
    hasher = TokenHasher()
    index = ClaimIndex()
    counts: Counter = Counter()
    earliest: datetime | None = None
    with BatchWriter(cfg.database) as batches:
        while True:
            while True:
                # Pending articles are read in the same transaction that stores their
                # analysis: with several DuckLake writers the loser of a commit retries
                # and finds them done.
                with collector_paused(), small_pages():
                    result = batches.write(lambda con: analyze_batch(
                        con, cfg, run_id, version, hasher, encoder, workers, index))
                if result is None:
                    break
                counts.update(result.counts)
                if result.earliest is not None and (earliest is None
                                                    or result.earliest < earliest):
                    earliest = result.earliest
                if advance is not None:
                    for _ in range(result.counts["articles"]):
                        advance("analysed")
            # off-topic copies of what was just analysed are on topic: analyse them too
            promoted = 0
            while (found := batches.write(lambda con: promote_copies(con, run_id, rc,
                                                                     hasher)))[0]:
                promoted += found[1]
            counts["promoted_copies"] += promoted
            if not promoted:
                break
        if earliest is not None:
            def flags(con) -> int:
                limit_memory(con, rc)
                return recompute_flags(con, run_id, rc, earliest)
            counts["flags"] = batches.write(flags)
    return {"articles": 0, "claims": 0, "new_clusters": 0, "merged_clusters": 0, "quotes": 0,
            "copies": 0, "promoted_copies": 0, "flags": 0, **counts}


# Off-topic articles checked for copies per transaction: their fingerprints cost about
# as much as an analysed batch's.
COPY_CHECK_BATCH = 500


def promote_copies(con, run_id: int, rc: RecurrenceConfig,
                   hasher: TokenHasher) -> tuple[int, int]:
    """Check the next off-topic articles never checked against the stored on-topic ones:
    a copy of an on-topic story (a scraper's clipped repost, a mirror) is on topic
    whatever its own relevance score. Returns (checked, promoted)."""
    batch = unchecked_off_topic(con, COPY_CHECK_BATCH)
    if not batch:
        return 0, 0
    prints = signed_prints(batch, hasher)
    bands = band_hashes(np.stack([p.signature for p in prints]), rc.copy_rows_per_band)
    stored, _, candidates = copy_candidates(con, prints, bands, rc.max_candidates,
                                            rc.common_band)
    limits = copy_thresholds(rc)
    copies: dict[str, tuple[str, float]] = {}
    for position, item in enumerate(prints):
        found = [(similarity[0], other) for other in sorted(candidates.get(position, ()))
                 if (similarity := copy_similarity(item, stored[other], limits))]
        if found:
            best, other = max(found)
            copies[item.article_id] = (other, round(best, 4))
    record_checks(con, run_id, utcnow(), [a.article_id for a in batch], copies)
    return len(batch), len(copies)


def signed_prints(batch: list[PendingArticle], hasher: TokenHasher) -> list[ArticlePrint]:
    """The articles' fingerprints for syndication, signed in one pass."""
    prints, shingle_sets = [], []
    for article in batch:
        item, shingles = article_print(article.article_id, article.text, article.text_hash,
                                       article.outlet, article.dated_at,
                                       article.origin_credit, hasher)
        prints.append(item)
        shingle_sets.append(shingles)
    sign_prints(prints, shingle_sets)
    return prints


def reanalyze_all(cfg: Config, run_id: int,
                  advance: Callable[[str], None] | None = None) -> dict[str, int]:
    """Drop every analysis row and rebuild from the stored text. Claim cluster ids are
    derived from the first mention's article and text, so most come back the same; a
    cluster whose first mention changed (a changed analyzer, a newly found older copy)
    gets a new id; the old one then resolves to it in claim_cluster_ids."""
    migrate(cfg.database)
    if cfg.recurrence.embeddings:
        load_encoder()  # fail before deleting anything
    with connect(cfg.database, read_only=True) as con:
        history = cluster_history(con)
    clear_analysis(cfg.database)
    counts = analyze_new_articles(cfg, run_id, advance)
    counts["resolved_ids"] = write(cfg.database, lambda con: keep_ids_resolving(
        con, run_id, utcnow(), history))
    return counts


def analyze_batch(con, cfg: Config, run_id: int, version: str, hasher: TokenHasher,
                  encoder: Encoder | None, workers: int,
                  index: ClaimIndex | None = None) -> BatchResult | None:
    """Analyse and store the next batch of pending articles in the caller's transaction;
    None when nothing is pending."""
    rc = cfg.recurrence
    batch = pending_articles(con, version, rc.batch_articles)
    if not batch:
        return None
    analyses = analyze_texts([a.text for a in batch], workers)
    analyses = key_batch_speakers(con, analyses)  # one key per speaker across articles
    mentions: list[Mention] = []
    mention_shingles = []
    for article, analysis in zip(batch, analyses, strict=True):
        found, found_shingles = unsigned_mentions(article.article_id, article.dated_at,
                                                  article.text, analysis, hasher)
        mentions += found
        mention_shingles += found_shingles
    prints = signed_prints(batch, hasher)
    sign_mentions(mentions, mention_shingles)
    limit_memory(con, rc)
    touched = forget_articles(con, [a.article_id for a in batch if a.analysed_before])
    merges = store_claims(con, run_id, mentions, rc, encoder, index)
    store_copies(con, run_id, prints, rc)
    write_articles(con, run_id, version, utcnow(), batch, analyses, prints)
    touched.update(touched_by_articles(con, [a.article_id for a in batch]))
    touched.clusters.update(m.merged_id for m in merges)
    touched.clusters.update(m.into_id for m in merges)
    refresh_summaries(con, touched)
    result = BatchResult(earliest=min(a.dated_at for a in batch))
    result.counts.update({
        "articles": len(batch),
        "reanalysed": sum(a.analysed_before for a in batch),
        "claims": len(mentions),
        "new_clusters": sum(m.cluster_id == m.mention_id for m in mentions),
        "merged_clusters": len(merges),
        "quotes": sum(len(x.quotes) for x in analyses),
        "copies": sum(p.group_id != p.article_id for p in prints),
    })
    return result


def store_claims(con, run_id: int, mentions: list[Mention], rc: RecurrenceConfig,
                 encoder: Encoder | None = None, index: ClaimIndex | None = None
                 ) -> list[Merge]:
    """Cluster the mentions (any order; earliest first is used) against the stored
    history and each other, store them, and relate the members of every cluster they
    touched to its first mention. A run passes the same claim index to each batch.

    1. candidates and the lexical cascade: exact text, MinHash bands, shared figures
       (flows.recurrence.claims) place copies, edits and rewordings;
    2. writes: mentions, new variants with their bands and words;
    3. semantic links: the stored variants (this batch's included) sharing each new
       variant's rarer words or a distinctive figure, verified from their signals, the
       embeddings' cosine among them (flows.recurrence.linking, .verify); only pairs
       that words, figures and names leave possible are embedded (embeddings_for);
    4. clusters merged along the verified links, the older id surviving, in the tables
       and the index; then relations.
    Returns the merges."""
    mentions.sort(key=lambda m: (m.dated_at, m.article_id, m.sentence_index))
    limits = claim_thresholds(rc)
    bands = mention_bands(mentions, rc.claim_rows_per_band)
    if index is not None and not index.ready(con):
        index = None
    stored = claim_candidates(con, [m.norm_hash for m in mentions], bands,
                              [m.anchors for m in mentions], rc.max_candidates,
                              rc.common_band, index, near_screen(mentions, limits))
    added = assign_clusters(mentions, bands, stored, limits)
    new_words = Counter(w for i in added for w in mentions[i].words)
    added_bands = bands[added] if added else bands[:0]
    write_claims(con, run_id, mentions, [variant_of(mentions[i]) for i in added], added_bands,
                 [mentions[i].anchors for i in added])
    add_word_counts(con, new_words)
    word_hashes = write_words(con, [mentions[i].norm_hash for i in added],
                              [mentions[i].words for i in added])
    if index is not None:
        index.add([variant_of(mentions[i]) for i in added], added_bands, word_hashes)
    merges: list[Merge] = []
    if encoder is not None and added:
        merges = link_semantic(con, mentions, added, encoder, stored.by_figure, rc, index)
        apply_merges(con, run_id, utcnow(), merges)
        mark_semantic(con, [m for m in mentions if m.matched_by == "semantic"])
        moved = {m.merged_id: m.into_id for m in merges}
        for mention in mentions:
            mention.cluster_id = moved.get(mention.cluster_id, mention.cluster_id)
        if index is not None:
            index.remap_clusters(moved)
    # a cluster this batch only started, with its one mention, has nothing to relate
    sizes = Counter(m.cluster_id for m in mentions)
    touched: dict[int, list[int]] = {}
    for m in mentions:
        if m.matched_by or sizes[m.cluster_id] > 1:
            touched.setdefault(m.cluster_id, []).append(m.mention_id)
    for merge in merges:
        touched.setdefault(merge.into_id, [])
    relate_members(con, touched, limits, index)
    return merges


def node_of(variant: Variant) -> Node:
    return Node(variant.norm_hash, variant.cluster_id, variant.words, variant.names,
                figure_values(variant.figure_key))


def link_semantic(con, mentions: list[Mention], added: list[int], encoder: Encoder,
                  by_figure: dict[int, set[int]], rc: RecurrenceConfig,
                  index: ClaimIndex | None = None) -> list[Merge]:
    """Candidates for the batch's new variants, already written (stored variants and this
    batch's sharing their rarer words or a distinctive figure), verified, and the
    clusters merged along the links. by_figure: mention position -> stored norm hashes
    sharing a figure."""
    queries = [node_of(variant_of(mentions[i])) for i in added]
    total = stored_variant_count(con)
    idf, _ = word_rarity(con, {w for q in queries for w in q.words}, Counter(), total)
    near = word_candidates(con, [q.words for q in queries], idf,
                           rc.semantic_neighbours + 1, rc.common_word, index)  # +1: itself
    for position, i in enumerate(added):
        extra = sorted(by_figure.get(i, ()))[:rc.semantic_neighbours]
        near.setdefault(position, []).extend(extra)
    wanted = sorted({h for found in near.values() for h in found})
    nodes = {h: node_of(v) for h, v in stored_variants(con, wanted, index).items()}
    words = set(idf).union(*(node.words for node in nodes.values()))
    idf, unseen = word_rarity(con, words, Counter(), total)
    possible = possible_pairs(queries, near, nodes, idf, unseen, rc.claim_link_score)
    vectors = embeddings_for(con, encoder, sorted(
        {h for query, others in possible.items() for h in (queries[query].norm_hash, *others)}))
    candidates = []
    for position, query in enumerate(queries):
        found = [(nodes[h], float(vectors[query.norm_hash] @ vectors[h]))
                 for h in possible.get(position, ())]
        candidates.append([(node, cosine) for node, cosine in found
                           if cosine >= rc.semantic_floor])
    links = verified_links(queries, candidates, idf, unseen, rc.claim_link_score)
    if not links:
        return []
    batch_first = {mentions[i].cluster_id: (as_utc(mentions[i].dated_at), mentions[i].cluster_id)
                   for i in added if mentions[i].cluster_id == mentions[i].mention_id}
    involved = {q.cluster_id for q in queries} | {k.other.cluster_id for k in links}
    first_seen, sizes = cluster_facts(con, sorted(involved))
    first_seen = {c: (as_utc(seen), i) for c, (seen, i) in first_seen.items()}
    first_seen.update({c: f for c, f in batch_first.items() if c not in first_seen})
    positions = np.array(added)
    union = ClusterUnion(first_seen, sizes, lambda c: cluster_vector_sum(con, encoder, c),
                         rc.claim_merge_guard)

    def text_of(link: Link) -> str:
        mention = mentions[int(positions[link.query])]
        return as_json({"mention_id": mention.mention_id, "text": mention.text,
                        "norm_hash": link.other.norm_hash, "signals": link.signals.as_dict()})

    _, merges = merge_along(links, lambda q: queries[q].cluster_id, union, text_of)
    for link in links:
        mention = mentions[int(positions[link.query])]
        if not mention.matched_by:
            mention.matched_by, mention.similarity = "semantic", round(link.score, 4)
    return merges


def possible_pairs(queries: list[Node], near: dict[int, list[int]], nodes: dict[int, Node],
                   idf: dict[str, float], unseen: float,
                   threshold: float) -> dict[int, list[int]]:
    """query position -> the candidates' norm hashes that could link to it at the best
    cosine (verify.could_link), each once, in candidate order."""
    masses: dict[int, float] = {}

    def mass(node: Node) -> float:
        if node.norm_hash not in masses:
            masses[node.norm_hash] = rarity_mass(node.words, idf, unseen)
        return masses[node.norm_hash]

    out: dict[int, list[int]] = {}
    for position, query in enumerate(queries):
        for h in dict.fromkeys(near.get(position, ())):
            other = nodes.get(h)
            if other is None or h == query.norm_hash or other.cluster_id == query.cluster_id:
                continue
            if could_link(query.words, other.words, query.figures, other.figures, query.names,
                          other.names, idf, unseen, (mass(query), mass(other)), threshold):
                out.setdefault(position, []).append(h)
    return out


def embeddings_for(con, encoder: Encoder, norm_hashes: list[int]) -> dict[int, np.ndarray]:
    """The embeddings of these stored variants: those stored are read, the others made
    now from one of the variant's sentences and stored. Variants are embedded only when a
    pair needs their cosine, a few in a hundred, so most are never embedded at all."""
    found = stored_embeddings(con, MODEL_NAME, norm_hashes)
    missing = variant_sentences(con, [h for h in norm_hashes if h not in found])
    if missing:
        order = sorted(missing)
        vectors = encoder([missing[h][1] for h in order])
        write_embeddings(con, MODEL_NAME, order, [missing[h][0] for h in order], vectors)
        found.update(zip(order, vectors, strict=True))
    return found


def cluster_vector_sum(con, encoder: Encoder, cluster_id: int) -> np.ndarray:
    """The sum of a stored cluster's variant embeddings (its centroid, unscaled)."""
    members = cluster_variants(con, cluster_id)
    if not members:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    vectors = embeddings_for(con, encoder, members)
    return np.stack([vectors[h] for h in members]).sum(axis=0)


def as_utc(moment: datetime) -> datetime:
    """Stored moments without a zone are UTC (the database's TIMESTAMPTZ reads back with
    one; a test's or a backfill's naive moment must compare with them)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def store_copies(con, run_id: int, prints: list[ArticlePrint], rc: RecurrenceConfig) -> None:
    """Group the articles (earliest first) with stored copies and each other, store their
    fingerprints, and relate the members of every group they touched to its origin."""
    if not prints:
        return
    prints.sort(key=lambda p: (p.dated_at, p.article_id))
    bands = band_hashes(np.stack([p.signature for p in prints]), rc.copy_rows_per_band)
    stored, groups, candidates = copy_candidates(con, prints, bands, rc.max_candidates,
                                                 rc.common_band)
    assign_groups(prints, stored, groups, candidates, bands, copy_thresholds(rc))
    write_prints(con, run_id, prints, bands)
    relate_copies(con, {p.group_id for p in prints})


def relate_members(con, batch_members: dict[int, list[int]], limits: ClaimThresholds,
                   index: ClaimIndex | None = None) -> None:
    """Each touched cluster's members (cluster id -> the batch's mention ids in it)
    related to its first mention, where that may have changed (members_to_relate)."""
    relations: dict[int, tuple[str, float]] = {}
    for members in members_to_relate(con, batch_members, index).values():
        relations.update(claim_relations(members, limits))
    update_relations(con, relations)


def relate_copies(con, group_ids: set[str]) -> None:
    """Similarity and containment of each member of a touched group with its origin
    (the earliest published member)."""
    values: dict[str, tuple[float, float]] = {}
    for members in group_members(con, list(group_ids)).values():
        if len(members) < 2:
            continue
        origin = min(members, key=lambda p: (p.dated_at, p.article_id))
        for member in members:
            if member.article_id == origin.article_id:
                values[member.article_id] = (1.0, 1.0)
                continue
            similarity = 1.0 if member.text_hash == origin.text_hash else \
                jaccard(member.signature, origin.signature)
            values[member.article_id] = (
                round(similarity, 4),
                round(containment(similarity, member.shingles, origin.shingles), 4))
    update_copy_similarities(con, values)
