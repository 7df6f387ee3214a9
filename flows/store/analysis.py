"""Writes and candidate look-ups of the analyze stage (flows/analyze.py).

Bulk rows go in as column arrays (one INSERT ... SELECT per table; see rows_relation), not
row by row: DuckDB's executemany costs about a millisecond a row. Candidates for new claim
mentions and articles are found with SQL joins against the stored LSH band tables; a run
that analyses many batches holds the claim bands and variants in memory instead
(flows/store/claim_index.py).
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np

from flows.recurrence.claims import NearScreen, StoredCandidates
from flows.recurrence.minhash import PERMUTATIONS, from_blob
from flows.recurrence.records import ArticlePrint, Variant
from flows.recurrence.relations import Member
from flows.store.claim_index import ClaimIndex, words_of
from flows.store.columns import bulk_insert, objects, rows_relation, with_rows
from flows.store.db import write
from flows.store.summaries import Touched, touched_by_articles

# Every table the analyze stage writes; `drumbeat reanalyze` empties them all.
ANALYSIS_TABLES = ("article_analysis", "article_sentences", "claims", "claim_variants",
                   "claim_bands", "claim_anchors", "claim_embeddings", "claim_word_counts", "claim_words",
                   "claim_cluster_merges", "article_quotes",
                   "article_prints", "article_bands", "syndication_members", "weekly_flags",
                   "claim_cluster_stats", "speaker_stats")
# Tables with one set of rows per article, replaced when an article is analysed again.
PER_ARTICLE_TABLES = ("article_analysis", "article_sentences", "claims", "article_quotes",
                      "article_prints", "article_bands", "syndication_members")


@dataclass(slots=True)
class PendingArticle:
    article_id: str
    text: str
    text_hash: str
    outlet: str
    dated_at: datetime
    origin_credit: str | None
    analysed_before: bool


def epoch_seconds(values: list[datetime]) -> np.ndarray:
    return np.array([v.timestamp() for v in values], dtype=np.float64)


def pending_articles(con: duckdb.DuckDBPyConnection, version: str,
                     limit: int) -> list[PendingArticle]:
    """On-topic articles never analysed, or analysed by another version, earliest first
    (so that each cluster and group starts with its earliest member). Read inside the
    transaction that stores their analysis, so two writers never analyse one article."""
    rows = con.execute(
        "SELECT a.article_id, a.text, a.text_hash, a.outlet, "
        "coalesce(a.published_at, a.stored_at) AS dated_at, a.origin_credit, "
        "x.article_id IS NOT NULL "
        "FROM articles a LEFT JOIN article_analysis x USING (article_id) "
        "WHERE a.on_topic AND (x.article_id IS NULL OR x.analyzer_version <> ?) "
        "ORDER BY dated_at, a.article_id LIMIT ?", [version, limit]).fetchall()
    return [PendingArticle(*row) for row in rows]


def clear_analysis(db) -> None:
    def body(con) -> None:
        for table in ANALYSIS_TABLES:
            con.execute(f"DELETE FROM {table}")
    write(db, body)


def forget_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> Touched:
    """Remove an article's per-article rows before it is analysed again (or when it is
    demoted to a duplicate). Variants, bands and clusters stay: the same sentences rejoin
    their clusters by exact match. Returns the clusters and speakers whose summaries
    this makes stale; the caller refreshes them in the same transaction."""
    if not article_ids:
        return Touched()
    touched = touched_by_articles(con, article_ids)
    # the ids as one joined string (see rows_relation), not a list parameter, which
    # DuckDB converts one Python object at a time
    with rows_relation(con, {"article_id": objects(article_ids)}) as (source, params):
        for table in PER_ARTICLE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE article_id IN "
                        f"(SELECT article_id FROM {source})", params)
    return touched


# Stored rows sharing a band with each new item, ranked by how many bands they share. A
# band hash that more than $p2 stored rows share is a run of the topic's commonest words
# rather than evidence of a restatement; it is skipped, since joining on it would pair
# each new item with thousands of stored ones. The stored band table is read once per
# batch: its rows with the batch's band hashes (a semi join, whose filter DuckDB pushes
# into the scan) are kept aside, and both the count and the join work on those alone.
_BAND_CANDIDATES = """
WITH probe AS (SELECT * FROM {{rows}}),
stored AS MATERIALIZED (
    SELECT band_hash, {key} FROM {table}
    WHERE band_hash IN (SELECT band_hash FROM probe)),
common AS (SELECT band_hash FROM stored GROUP BY band_hash HAVING count(*) > $p2),
kept AS (SELECT * FROM probe ANTI JOIN common USING (band_hash))
SELECT position, {key} FROM (
    SELECT r.position, b.{key}, count(*) AS shared
    FROM kept r JOIN stored b USING (band_hash) GROUP BY ALL)
QUALIFY row_number() OVER (PARTITION BY position ORDER BY shared DESC, {key}) <= $p1
"""


def _variants_and_signatures(rows: list[tuple]
                             ) -> tuple[dict[int, Variant], np.ndarray | None]:
    """The variants of candidate rows (norm_hash, cluster_id, shingles, signature, words,
    names, figure_key), and their signatures as one matrix (row i for
    rows[i]) when all are the usual size: decoded with one numpy call, since a batch has
    tens of thousands of candidates."""
    if not rows:
        return {}, None
    blobs = [row[3] for row in rows]
    joined = b"".join(blobs)
    if len(joined) == len(rows) * PERMUTATIONS * 4:
        matrix = from_blob(joined).reshape(len(rows), PERMUTATIONS)
        return _variants_with(rows, list(matrix)), matrix
    return _variants_with(rows, [from_blob(blob) for blob in blobs]), None


def _variants_with(rows: list[tuple], signatures: list[np.ndarray]) -> dict[int, Variant]:
    return {norm_hash: Variant(norm_hash, cluster_id, shingles, signature, words_of(words),
                               words_of(names), figure_key)
            for (norm_hash, cluster_id, shingles, _, words, names, figure_key), signature
            in zip(rows, signatures, strict=True)}


def claim_candidates(con: duckdb.DuckDBPyConnection, norm_hashes: list[int],
                     bands: np.ndarray, anchors: list[list[int]],
                     max_candidates: int, common_band: int,
                     index: ClaimIndex | None = None,
                     screen: NearScreen | None = None) -> StoredCandidates:
    """Stored variants each new mention could restate: same hash, a shared LSH band, or
    a shared distinctive figure (at most max_candidates per mention and way, those
    sharing the most bands first). A mention whose text is stored gets that variant
    only: the exact tier wins over every other (recurrence.claims.best_match), and wire
    copies make such mentions common. Hashes, bands and variants come from the run's
    index when it is given (current: see ClaimIndex.ready), else from SQL. With the
    index, a screen drops band candidates that fail the near-duplicate test before
    their variants are taken (clustering drops them anyway)."""
    if not norm_hashes:
        return StoredCandidates({}, {}, {})
    hashes = np.array(norm_hashes, dtype=np.int64)
    near = _exact_candidates(con, hashes, index)
    stored_text = set(near)
    others = np.array([p for p in range(len(norm_hashes)) if p not in stored_text],
                      dtype=np.int32)
    _add_band_candidates(near, con, others, bands[others], max_candidates, common_band,
                         index, screen)
    by_figure = _figure_candidates(con, [[] if p in stored_text else keys
                                         for p, keys in enumerate(anchors)], max_candidates)
    wanted = set().union(*near.values(), *by_figure.values())
    if not wanted:
        return StoredCandidates({}, near, by_figure)
    figured = set().union(*by_figure.values())
    variants, signatures, rows = _stored_variants(con, sorted(wanted), figured, index)
    if signatures is None:
        return StoredCandidates(variants, near, by_figure)
    return StoredCandidates(variants, near, by_figure, signatures, rows)


def _exact_candidates(con: duckdb.DuckDBPyConnection, hashes: np.ndarray,
                      index: ClaimIndex | None) -> dict[int, set[int]]:
    """position -> {its norm hash}, for the mentions whose text is stored."""
    if index is not None:
        positions = np.flatnonzero(index.slots_of(hashes)[1]).tolist()
    else:
        positions = [row[0] for row in with_rows(
            con, {"position": np.arange(len(hashes), dtype=np.int32), "norm_hash": hashes},
            "SELECT r.position FROM {rows} r SEMI JOIN claim_variants v USING (norm_hash)")]
    return {p: {int(hashes[p])} for p in positions}


# Candidate pairs screened at a time: 4,096 signatures (2 MB) stay in the CPU's cache,
# where a batch's 30,000 pairs at once (15 MB, twice) do not, and take twice as long.
SCREEN_CHUNK = 4096


def _add_band_candidates(near: dict[int, set[int]], con: duckdb.DuckDBPyConnection,
                         positions: np.ndarray, bands: np.ndarray, max_candidates: int,
                         common_band: int, index: ClaimIndex | None,
                         screen: NearScreen | None = None) -> None:
    """Add to near, for the mentions at these positions (bands: one row each), the stored
    norm hashes sharing LSH bands with them (and passing the screen, when there is an
    index and a screen)."""
    if not len(positions):
        return
    probe = {"position": np.repeat(positions, bands.shape[1]),
             "band_hash": bands.reshape(-1)}
    if index is not None:
        found, slots = index.candidates(probe["position"], probe["band_hash"],
                                        max_candidates, common_band)
        if screen is not None and len(slots):
            passing = np.concatenate([
                screen.passes(found[start:start + SCREEN_CHUNK],
                              index.signatures.take(slots[start:start + SCREEN_CHUNK]),
                              index.sizes.take(slots[start:start + SCREEN_CHUNK]))
                for start in range(0, len(slots), SCREEN_CHUNK)])
            found, slots = found[passing], slots[passing]
        band_rows = zip(found.tolist(), index.hashes.take(slots).tolist(), strict=True)
    else:
        band_rows = with_rows(con, probe,
                              _BAND_CANDIDATES.format(table="claim_bands", key="norm_hash"),
                              [max_candidates, common_band])
    for position, norm_hash in band_rows:
        near.setdefault(position, set()).add(norm_hash)


def _figure_candidates(con: duckdb.DuckDBPyConnection, anchors: list[list[int]],
                       max_candidates: int) -> dict[int, set[int]]:
    """position -> stored norm hashes sharing a distinctive figure."""
    by_figure: dict[int, set[int]] = {}
    positions = [p for p, keys in enumerate(anchors) for _ in keys]
    if not positions:
        return by_figure
    anchor_rows = with_rows(
        con, {"position": np.array(positions, dtype=np.int32),
              "anchor": np.array([k for keys in anchors for k in keys], dtype=np.int64)},
        "SELECT DISTINCT r.position, a.norm_hash FROM {rows} r "
        "JOIN claim_anchors a USING (anchor) "
        "QUALIFY row_number() OVER (PARTITION BY r.position ORDER BY a.norm_hash) <= $p1",
        [max_candidates])
    for position, norm_hash in anchor_rows:
        by_figure.setdefault(position, set()).add(norm_hash)
    return by_figure


def _stored_variants(con: duckdb.DuckDBPyConnection, keys: list[int], figured: set[int],
                     index: ClaimIndex | None
                     ) -> tuple[dict[int, Variant], np.ndarray | None, dict[int, int]]:
    """The variants of these norm hashes, their signatures as one matrix when all have
    the usual size, and each one's row in it. Content words only for the shared-figure
    tier's candidates, names as one string: both cut what DuckDB reads and hands over.
    From the index when there is one, which holds the same rows."""
    with_words = np.array([k in figured for k in keys], dtype=bool)
    if index is not None:
        found, signatures = index.variants_at(
            index.known_slots(np.array(keys, dtype=np.int64)), with_words)
        return ({v.norm_hash: v for v in found}, signatures,
                {key: i for i, key in enumerate(keys)})
    rows = with_rows(
        con, {"norm_hash": np.array(keys, dtype=np.int64), "with_words": with_words},
        "SELECT v.norm_hash, v.cluster_id, v.shingles, v.signature, "
        "CASE WHEN r.with_words THEN v.words ELSE '' END, "
        "array_to_string(v.names, ' '), v.figure_key "
        "FROM claim_variants v JOIN {rows} r USING (norm_hash)")
    variants, signatures = _variants_and_signatures(rows)
    return variants, signatures, {row[0]: i for i, row in enumerate(rows)}


def stored_variants(con: duckdb.DuckDBPyConnection, keys: list[int],
                    index: ClaimIndex | None) -> dict[int, Variant]:
    """The stored variants of these norm hashes, content words included."""
    if not keys:
        return {}
    variants, _, _ = _stored_variants(con, sorted(set(keys)), set(keys), index)
    return variants


def copy_candidates(con: duckdb.DuckDBPyConnection, prints: list[ArticlePrint],
                    bands: np.ndarray, max_candidates: int, common_band: int
                    ) -> tuple[dict[str, ArticlePrint], dict[str, str], dict[int, set[str]]]:
    """Stored articles each new article could copy (same text hash or a shared band):
    their prints, their groups, and the candidates per position."""
    candidates: dict[int, set[str]] = {}
    count = len(prints)
    if count == 0:
        return {}, {}, candidates
    rows = with_rows(
        con, {"position": np.arange(count, dtype=np.int32),
              "text_hash": objects(p.text_hash for p in prints)},
        "SELECT r.position, p.article_id FROM {rows} r JOIN article_prints p USING (text_hash)")
    band_count = bands.shape[1]
    rows += with_rows(
        con, {"position": np.repeat(np.arange(count, dtype=np.int32), band_count),
              "band_hash": bands.reshape(-1)},
        _BAND_CANDIDATES.format(table="article_bands", key="article_id"),
        [max_candidates, common_band])
    for position, article_id in rows:
        candidates.setdefault(position, set()).add(article_id)
    wanted = sorted(set().union(*candidates.values())) if candidates else []
    stored: dict[str, ArticlePrint] = {}
    groups: dict[str, str] = {}
    if wanted:
        found = with_rows(
            con, {"article_id": objects(wanted)},
            "SELECT p.article_id, p.text_hash, a.outlet, coalesce(a.published_at, a.stored_at),"
            " p.shingles, p.signature, s.group_id "
            "FROM article_prints p JOIN {rows} r USING (article_id) "
            "JOIN articles a USING (article_id) JOIN syndication_members s USING (article_id)")
        for article_id, text_hash, outlet, dated_at, shingles, signature, group_id in found:
            stored[article_id] = ArticlePrint(article_id, text_hash, outlet, dated_at, shingles,
                                              from_blob(signature))
            groups[article_id] = group_id
    for position in list(candidates):
        candidates[position] &= stored.keys()
    return stored, groups, candidates


def _with_signatures(rows: list[tuple], index: ClaimIndex | None) -> list[tuple]:
    """Rows whose third column is a norm hash, with the variant's shingle count and
    signature last: from the index when there is a current one (the query then has no
    join with claim_variants), else decoded from the query's last column."""
    if index is None:
        return [row[:-1] + (from_blob(row[-1]),) for row in rows]
    slots = index.known_slots(np.array([row[2] for row in rows], dtype=np.int64))
    return [row + (size, signature) for row, size, signature in zip(
        rows, index.sizes.take(slots).tolist(), index.signatures.take(slots), strict=True)]


def _variant_sql(index: ClaimIndex | None, members: str) -> tuple[str, str]:
    """The columns and join that give the members' shingle counts and signatures."""
    if index is not None:
        return "", ""
    return ", v.shingles, v.signature", f" JOIN claim_variants v ON v.norm_hash = {members}.norm_hash"


def cluster_members(con: duckdb.DuckDBPyConnection, cluster_ids: list[int],
                    index: ClaimIndex | None = None) -> dict[int, list[Member]]:
    """Every member of these clusters."""
    columns, join = _variant_sql(index, "c")
    rows = _with_signatures(with_rows(
        con, {"cluster_id": np.array(sorted(cluster_ids), dtype=np.int64)},
        "SELECT c.cluster_id, c.mention_id, c.norm_hash, coalesce(a.published_at, a.stored_at),"
        f" c.figure_set{columns} "
        "FROM claims c SEMI JOIN {rows} r USING (cluster_id) "
        f"JOIN articles a USING (article_id){join}"), index)
    members: dict[int, list[Member]] = {}
    for cluster_id, mention_id, norm_hash, dated_at, figures, shingles, signature in rows:
        members.setdefault(cluster_id, []).append(
            Member(mention_id, norm_hash, dated_at, figures, shingles, signature))
    return members


# Of the clusters a batch touched (rows: cluster_id, mention_id of the batch's members),
# each one's first member (as recurrence.relations.first_of orders them) and the batch's
# members, with the cluster's size.
_FIRST_AND_NEW = """
WITH batch AS (SELECT * FROM {{rows}}),
members AS (
    SELECT c.cluster_id, c.mention_id, c.norm_hash,
           coalesce(a.published_at, a.stored_at) AS dated_at, c.figure_set,
           row_number() OVER (PARTITION BY c.cluster_id ORDER BY
                              coalesce(a.published_at, a.stored_at), c.mention_id) AS place,
           count(*) OVER (PARTITION BY c.cluster_id) AS size
    FROM claims c SEMI JOIN batch USING (cluster_id) JOIN articles a USING (article_id))
SELECT m.cluster_id, m.mention_id, m.norm_hash, m.dated_at, m.figure_set, m.place, m.size,
       b.mention_id IS NOT NULL{columns}
FROM members m LEFT JOIN batch b ON b.mention_id = m.mention_id{join}
WHERE m.place = 1 OR b.mention_id IS NOT NULL
"""


def members_to_relate(con: duckdb.DuckDBPyConnection, batch_members: dict[int, list[int]],
                      index: ClaimIndex | None = None) -> dict[int, list[Member]]:
    """For each cluster a batch touched (cluster id -> the batch's mention ids in it),
    the members whose relation to the cluster's first mention may have changed: the
    first and the batch's members. The others were related to that same first when they
    were stored. A cluster whose first is one of the batch's and which has older members
    (an earlier article found later, or one analysed again) gets every member."""
    columns, join = _variant_sql(index, "m")
    pairs = [(cluster_id, mention_id) for cluster_id, mention_ids in batch_members.items()
             for mention_id in set(mention_ids)]
    rows = _with_signatures(with_rows(
        con, {"cluster_id": np.array([p[0] for p in pairs], dtype=np.int64),
              "mention_id": np.array([p[1] for p in pairs], dtype=np.int64)},
        _FIRST_AND_NEW.format(columns=columns, join=join)), index)
    members: dict[int, list[Member]] = {}
    sizes: dict[int, int] = {}
    new_rows: Counter[int] = Counter()
    moved: set[int] = set()  # clusters whose first member is new in this batch
    for cluster_id, mention_id, norm_hash, dated_at, figures, place, size, new, shingles, \
            signature in rows:
        members.setdefault(cluster_id, []).append(
            Member(mention_id, norm_hash, dated_at, figures, shingles, signature))
        sizes[cluster_id] = size
        new_rows[cluster_id] += new
        if place == 1 and new:
            moved.add(cluster_id)
    full = [c for c in moved if sizes[c] > new_rows[c]]
    if full:
        members.update(cluster_members(con, full, index))
    return members


def update_relations(con: duckdb.DuckDBPyConnection,
                     relations: dict[int, tuple[str, float]]) -> None:
    if not relations:
        return
    ids = list(relations)
    columns = {"mention_id": np.array(ids, dtype=np.int64),
               "relation": objects(relations[i][0] for i in ids),
               "similarity": np.array([relations[i][1] for i in ids])}
    with rows_relation(con, columns) as (source, params):
        con.execute(f"UPDATE claims SET relation = r.relation, similarity = r.similarity "
                    f"FROM (SELECT * FROM {source}) r WHERE claims.mention_id = r.mention_id "
                    f"AND (claims.relation <> r.relation OR claims.similarity <> r.similarity)",
                    params)


def group_members(con: duckdb.DuckDBPyConnection,
                  group_ids: list[str]) -> dict[str, list[ArticlePrint]]:
    rows = with_rows(
        con, {"group_id": objects(sorted(group_ids))},
        "SELECT s.group_id, p.article_id, p.text_hash, a.outlet, "
        "coalesce(a.published_at, a.stored_at), p.shingles, p.signature "
        "FROM syndication_members s SEMI JOIN {rows} r USING (group_id) "
        "JOIN article_prints p USING (article_id) JOIN articles a USING (article_id)")
    groups: dict[str, list[ArticlePrint]] = {}
    for group_id, article_id, text_hash, outlet, dated_at, shingles, signature in rows:
        groups.setdefault(group_id, []).append(
            ArticlePrint(article_id, text_hash, outlet, dated_at, shingles, from_blob(signature),
                         group_id=group_id))
    return groups


def update_copy_similarities(con: duckdb.DuckDBPyConnection,
                             values: dict[str, tuple[float, float]]) -> None:
    if not values:
        return
    ids = list(values)
    columns = {"article_id": objects(ids),
               "similarity": np.array([values[i][0] for i in ids]),
               "containment": np.array([values[i][1] for i in ids])}
    with rows_relation(con, columns) as (source, params):
        con.execute(f"UPDATE syndication_members SET similarity = r.similarity, "
                    f"containment = r.containment FROM (SELECT * FROM {source}) r "
                    f"WHERE syndication_members.article_id = r.article_id "
                    f"AND (syndication_members.similarity <> r.similarity "
                    f"OR syndication_members.containment <> r.containment)", params)


# One encoder for every value: json.dumps given options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def as_json(value) -> str:
    return _JSON.encode(value)


def write_articles(con: duckdb.DuckDBPyConnection, run_id: int, version: str, now: datetime,
                   articles: list[PendingArticle], analyses: list, prints: list[ArticlePrint]
                   ) -> None:
    """article_analysis, article_sentences and article_quotes rows of a batch."""
    from flows.analysis import speaker_key

    print_of = {p.article_id: p for p in prints}
    bulk_insert(con, "article_analysis", {
        "article_id": objects(a.article_id for a in articles),
        "version": objects([version] * len(articles)),
        "run_id": np.full(len(articles), run_id, dtype=np.int64),
        "analyzed_at": np.full(len(articles), now.timestamp()),
        "dated_at": epoch_seconds([a.dated_at for a in articles]),
        "sentences": np.array([len(x.sentences) for x in analyses], dtype=np.int32),
        "claims": np.array([len(x.claims) for x in analyses], dtype=np.int32),
        "quotes": np.array([len(x.quotes) for x in analyses], dtype=np.int32),
        "credit": objects(print_of[a.article_id].credit for a in articles),
        "credit_source": objects(print_of[a.article_id].credit_source for a in articles),
        "timings": objects(as_json(x.timings_ms) for x in analyses),
    }, "article_id, version, run_id, to_timestamp(analyzed_at), to_timestamp(dated_at), "
       "sentences, claims, quotes, credit, credit_source, timings::JSON")
    sentence_rows = [(a.article_id, s.index, s.start, s.end)
                     for a, x in zip(articles, analyses, strict=True) for s in x.sentences]
    bulk_insert(con, "article_sentences", {
        "article_id": objects(r[0] for r in sentence_rows),
        "sentence_index": np.array([r[1] for r in sentence_rows], dtype=np.int32),
        "start_offset": np.array([r[2] for r in sentence_rows], dtype=np.int32),
        "end_offset": np.array([r[3] for r in sentence_rows], dtype=np.int32),
    }, "*")
    quotes = [(a.article_id, i, q) for a, x in zip(articles, analyses, strict=True)
              for i, q in enumerate(x.quotes)]
    from flows.recurrence.text import stable_hash64

    bulk_insert(con, "article_quotes", {
        "quote_id": np.array([stable_hash64(f"{aid}|{q.start}|{q.end}") & ((1 << 63) - 1)
                              for aid, _, q in quotes], dtype=np.int64),
        "article_id": objects(aid for aid, _, _ in quotes),
        "quote_index": np.array([i for _, i, _ in quotes], dtype=np.int32),
        "sentence_index": np.array([q.sentence_index for _, _, q in quotes], dtype=np.int32),
        "start_offset": np.array([q.start for _, _, q in quotes], dtype=np.int32),
        "end_offset": np.array([q.end for _, _, q in quotes], dtype=np.int32),
        "text": objects(q.text for _, _, q in quotes),
        "kind": objects(q.kind for _, _, q in quotes),
        "speaker_as_written": objects(q.speaker_as_written for _, _, q in quotes),
        "speaker_start": objects(q.speaker_start for _, _, q in quotes),
        "speaker_end": objects(q.speaker_end for _, _, q in quotes),
        "speaker": objects(q.speaker for _, _, q in quotes),
        "speaker_key": objects(q.speaker_key or ((speaker_key(q.speaker) or None)
                                                if q.speaker else None)
                               for _, _, q in quotes),
        "role": objects(q.role for _, _, q in quotes),
        "organisation": objects(q.organisation for _, _, q in quotes),
        "speaker_kind": objects(q.speaker_kind for _, _, q in quotes),
        "verb": objects(q.verb for _, _, q in quotes),
        "run_id": np.full(len(quotes), run_id, dtype=np.int64),
    }, "quote_id, article_id, quote_index, sentence_index, start_offset, end_offset, text, "
       "kind, speaker_as_written, speaker_start::INTEGER, speaker_end::INTEGER, speaker, "
       "speaker_key, role, organisation, speaker_kind, verb, run_id")


# Separates the items of a list column passed as one string (words never hold it).
_LIST_SEPARATOR = chr(29)


def _split_list(column: str) -> str:
    """SQL turning a string joined with _LIST_SEPARATOR back into a VARCHAR[]."""
    return (f"list_filter(string_split({column}, chr({ord(_LIST_SEPARATOR)})), "
            "t -> t <> '')")


def _figure_json(figures) -> str:
    return as_json([{"text": f.text, "value": f.value, "value_high": f.value_high,
                     "unit": f.unit, "currency": f.currency, "kind": f.kind,
                     "role": f.role, "start": f.start, "end": f.end} for f in figures])


def _as_text(values: np.ndarray, dtype: str) -> str:
    """A BLOB value as text for the SQL to decode: base64, which DuckDB decodes several
    times faster than hex, and a third shorter."""
    return base64.b64encode(values.astype(dtype).tobytes()).decode("ascii")


def write_claims(con: duckdb.DuckDBPyConnection, run_id: int, mentions: list,
                 variants: list[Variant], variant_bands: np.ndarray,
                 variant_anchors: list[list[int]]) -> None:
    """Claim mentions (relation set to first/verbatim for now: update_relations refines
    it) and the variants, bands and anchors this batch adds."""
    bulk_insert(con, "claims", {
        "mention_id": np.array([m.mention_id for m in mentions], dtype=np.int64),
        "article_id": objects(m.article_id for m in mentions),
        "sentence_index": np.array([m.sentence_index for m in mentions], dtype=np.int32),
        "start_offset": np.array([m.start for m in mentions], dtype=np.int32),
        "end_offset": np.array([m.end for m in mentions], dtype=np.int32),
        "text": objects(m.text for m in mentions),
        "template": objects(m.template for m in mentions),
        "score": np.array([m.score for m in mentions], dtype=np.float64),
        "features": objects(as_json(m.features) for m in mentions),
        "figures": objects(_figure_json(m.figures) for m in mentions),
        "figure_key": objects(m.figure_key for m in mentions),
        "figure_set": objects(_LIST_SEPARATOR.join(m.figure_set) for m in mentions),
        "norm_hash": np.array([m.norm_hash for m in mentions], dtype=np.int64),
        "cluster_id": np.array([m.cluster_id for m in mentions], dtype=np.int64),
        "matched_by": objects(m.matched_by for m in mentions),
        "match_similarity": np.array([m.similarity for m in mentions], dtype=np.float64),
        "relation": objects("first" if m.cluster_id == m.mention_id else "verbatim"
                            for m in mentions),
        "run_id": np.full(len(mentions), run_id, dtype=np.int64),
    }, "mention_id, article_id, sentence_index, start_offset, end_offset, text, template, "
       "score, features::JSON, figures::JSON, "
       "list_transform(from_json(figures, '[{\"text\": \"VARCHAR\"}]'), f -> f.text), "
       "list_transform(from_json(figures, '[{\"value\": \"DOUBLE\"}]'), f -> f.value), "
       f"figure_key, {_split_list('figure_set')}, "
       "norm_hash, cluster_id, "
       "matched_by, match_similarity, relation, 1.0, run_id")
    if not variants:
        return
    bulk_insert(con, "claim_variants (norm_hash, cluster_id, shingles, signature, words, "
                     "names, figure_key)", {
        "norm_hash": np.array([v.norm_hash for v in variants], dtype=np.int64),
        "cluster_id": np.array([v.cluster_id for v in variants], dtype=np.int64),
        "shingles": np.array([v.shingles for v in variants], dtype=np.int32),
        "signature": objects(_as_text(v.signature, "<u4") for v in variants),
        "words": objects(" ".join(sorted(v.words)) for v in variants),  # stems, no spaces
        # names joined by a control character and split in SQL: cheaper than JSON
        "names": objects(_LIST_SEPARATOR.join(sorted(v.names)) for v in variants),
        "figure_key": objects(v.figure_key for v in variants),
    }, "norm_hash, cluster_id, shingles, from_base64(signature), words, "
       f"{_split_list('names')}, figure_key")
    band_count = variant_bands.shape[1]
    bulk_insert(con, "claim_bands", {
        "band_hash": variant_bands.reshape(-1),
        "norm_hash": np.repeat(np.array([v.norm_hash for v in variants], dtype=np.int64),
                               band_count),
    }, "*")
    pairs = [(a, v.norm_hash) for v, keys in zip(variants, variant_anchors, strict=True)
             for a in keys]
    bulk_insert(con, "claim_anchors", {
        "anchor": np.array([a for a, _ in pairs], dtype=np.int64),
        "norm_hash": np.array([h for _, h in pairs], dtype=np.int64),
    }, "*")


def write_prints(con: duckdb.DuckDBPyConnection, run_id: int, prints: list[ArticlePrint],
                 bands: np.ndarray) -> None:
    bulk_insert(con, "article_prints", {
        "article_id": objects(p.article_id for p in prints),
        "text_hash": objects(p.text_hash for p in prints),
        "shingles": np.array([p.shingles for p in prints], dtype=np.int32),
        "signature": objects(_as_text(p.signature, "<u4") for p in prints),
    }, "article_id, text_hash, shingles, from_base64(signature)")
    if len(prints):
        bulk_insert(con, "article_bands", {
            "band_hash": bands.reshape(-1),
            "article_id": objects(np.repeat(np.array([p.article_id for p in prints],
                                                     dtype=object), bands.shape[1])),
        }, "*")
    bulk_insert(con, "syndication_members", {
        "article_id": objects(p.article_id for p in prints),
        "group_id": objects(p.group_id for p in prints),
        "matched_by": objects(p.matched_by for p in prints),
        "similarity": np.array([p.similarity for p in prints], dtype=np.float64),
        "run_id": np.full(len(prints), run_id, dtype=np.int64),
    }, "article_id, group_id, matched_by, similarity, 1.0, run_id")


