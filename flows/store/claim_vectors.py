"""Stored claim embeddings, word postings, word rarity and cluster merges for the
semantic step of the analyze stage (flows/recurrence/linking.py).

New claim variants find their candidates by the rarer content words they share with
stored ones (claim_words, joined like the LSH bands, with a word that too many variants
use left out), each candidate ranked by the rarity of the words it shares; only the
candidates' embeddings are read. The work per batch grows with the batch and the
postings of its words, not with the whole history, and no run holds the history's
vectors in memory.
"""

from __future__ import annotations

import base64
import math
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import duckdb
import numpy as np

from flows.recurrence.linking import Merge
from flows.recurrence.text import stable_hash64
from flows.store.claim_index import ClaimIndex
from flows.store.columns import bulk_insert, objects, rows_relation, with_rows


def word_hash(word: str) -> int:
    return stable_hash64("word|" + word)


# Stored variants sharing a probe's words, ranked by how many they share ($p1 per
# position; on the development corpus this found more restatements than ranking by the
# shared words' summed rarity, 0.454 of the pairs against 0.437, at the same precision); a word more than $p2 stored variants use is left out of the
# join (it would pair every new claim with thousands of stored ones; rarer shared words
# still find the restatement). As in analysis._BAND_CANDIDATES, the postings of the
# batch's words are read once.
_WORD_CANDIDATES = """
WITH probe AS (SELECT * FROM {rows}),
stored AS MATERIALIZED (
    SELECT word_hash, norm_hash FROM claim_words
    WHERE word_hash IN (SELECT word_hash FROM probe)),
common AS (SELECT word_hash FROM stored GROUP BY word_hash HAVING count(*) > $p2),
kept AS (SELECT * FROM probe ANTI JOIN common USING (word_hash))
SELECT position, norm_hash FROM (
    SELECT r.position, s.norm_hash, count(*) AS shared
    FROM kept r JOIN stored s USING (word_hash) GROUP BY ALL)
QUALIFY row_number() OVER (PARTITION BY position ORDER BY shared DESC, norm_hash) <= $p1
"""


# Words of a new claim looked up, the rarest first: a restatement shares some of the rarest
# words of what it restates (a place, a programme, a figure's unit), and each probe word
# costs a join over its postings. 24 covers nearly every claim sentence whole (on the
# development corpus, 14 lost a tenth of the pairs found: the commoner words rank too).
PROBE_WORDS = 24


def word_candidates(con: duckdb.DuckDBPyConnection, words: list[frozenset[str]],
                    idf: dict[str, float], limit: int, common: int,
                    index: ClaimIndex | None = None) -> dict[int, list[int]]:
    """position -> stored norm hashes sharing the most of its rarest words, best first
    (ties by norm hash); from the run's claim index when it is current (the same
    answer, without a scan of claim_words per batch)."""
    positions, hashes = [], []
    for position, found in enumerate(words):
        rarest = sorted(found, key=lambda w: (-idf.get(w, 0.0), w))[:PROBE_WORDS]
        for word in rarest:
            positions.append(position)
            hashes.append(word_hash(word))
    if not positions:
        return {}
    probe = {"position": np.array(positions, dtype=np.int32),
             "word_hash": np.array(hashes, dtype=np.int64)}
    if index is not None:
        found, slots = index.candidates(probe["position"], probe["word_hash"], limit, common,
                                        index.word_postings)
        rows = zip(found.tolist(), index.hashes.take(slots).tolist(), strict=True)
    else:
        rows = with_rows(con, probe, _WORD_CANDIDATES, [limit, common])
    out: dict[int, list[int]] = {}
    for position, norm_hash in rows:
        out.setdefault(position, []).append(norm_hash)
    return out


def write_words(con: duckdb.DuckDBPyConnection, norm_hashes: list[int],
                words: list[frozenset[str]]) -> list[np.ndarray]:
    """Each variant's word postings; returns each variant's word hashes."""
    hashed = [np.array([word_hash(w) for w in sorted(found)], dtype=np.int64)
              for found in words]
    counts = [len(h) for h in hashed]
    if sum(counts):
        bulk_insert(con, "claim_words", {
            "word_hash": np.concatenate(hashed),
            "norm_hash": np.repeat(np.array(norm_hashes, dtype=np.int64), counts),
        }, "word_hash, norm_hash")
    return hashed


def stored_embeddings(con: duckdb.DuckDBPyConnection, model: str,
                      norm_hashes: list[int]) -> dict[int, np.ndarray]:
    if not norm_hashes:
        return {}
    rows = with_rows(con, {"norm_hash": np.array(sorted(set(norm_hashes)), dtype=np.int64)},
                     "SELECT e.norm_hash, e.embedding FROM claim_embeddings e "
                     "JOIN {rows} r USING (norm_hash) WHERE e.model = $p1", [model])
    return {h: np.frombuffer(blob, dtype="<f4") for h, blob in rows}


def cluster_variants(con: duckdb.DuckDBPyConnection, cluster_id: int) -> list[int]:
    """The norm hashes of a stored cluster's variants."""
    return [row[0] for row in con.execute(
        "SELECT norm_hash FROM claim_variants WHERE cluster_id = ? ORDER BY norm_hash",
        [cluster_id]).fetchall()]


def as_blob_text(vectors: np.ndarray) -> list[str]:
    return [base64.b64encode(row.astype("<f4").tobytes()).decode("ascii") for row in vectors]


def write_embeddings(con: duckdb.DuckDBPyConnection, model: str, norm_hashes: list[int],
                     cluster_ids: list[int], vectors: np.ndarray) -> None:
    bulk_insert(con, "claim_embeddings", {
        "norm_hash": np.array(norm_hashes, dtype=np.int64),
        "cluster_id": np.array(cluster_ids, dtype=np.int64),
        "embedding": objects(as_blob_text(vectors)),
        "model": objects([model] * len(norm_hashes)),
    }, "norm_hash, cluster_id, from_base64(embedding), model")


def variant_sentences(con: duckdb.DuckDBPyConnection,
                      norm_hashes: list[int]) -> dict[int, tuple[int, str]]:
    """norm hash -> (cluster id, one stored sentence) of these variants."""
    if not norm_hashes:
        return {}
    rows = with_rows(con, {"norm_hash": np.array(sorted(set(norm_hashes)), dtype=np.int64)},
                     "SELECT v.norm_hash, v.cluster_id, min(c.text) FROM claim_variants v "
                     "JOIN {rows} r USING (norm_hash) JOIN claims c USING (norm_hash) "
                     "GROUP BY v.norm_hash, v.cluster_id")
    return {h: (cluster, text) for h, cluster, text in rows}


def stored_variant_count(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM claim_variants").fetchone()[0])


def word_rarity(con: duckdb.DuckDBPyConnection, words: Iterable[str], added: Counter,
                variants: int) -> tuple[dict[str, float], float]:
    """Inverse document frequency of each word among the stored variants plus those
    this batch adds (added: word -> new variants using it; variants: all of them, the new
    included), and the value for a word no variant uses."""
    wanted = sorted(set(words))
    stored: dict[str, int] = {}
    if wanted:
        stored = dict(with_rows(con, {"word": objects(wanted)},
                                "SELECT w.word, w.variants FROM claim_word_counts w "
                                "JOIN {rows} r USING (word)"))
    total = max(1, variants)
    idf = {w: math.log((total + 1) / (stored.get(w, 0) + added.get(w, 0) + 0.5))
           for w in wanted}
    return idf, math.log((total + 1) / 0.5)


def add_word_counts(con: duckdb.DuckDBPyConnection, added: Counter) -> None:
    """Count the new variants' words in (a word's row replaced with its new total)."""
    if not added:
        return
    words = sorted(added)
    with rows_relation(con, {"word": objects(words),
                             "n": np.array([added[w] for w in words], dtype=np.int64)}
                       ) as (source, params):
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _word_totals AS "
            f"SELECT r.word, r.n + coalesce(w.variants, 0) AS variants FROM {source} r "
            "LEFT JOIN claim_word_counts w USING (word)", params)
    con.execute("DELETE FROM claim_word_counts WHERE word IN (SELECT word FROM _word_totals)")
    con.execute("INSERT INTO claim_word_counts SELECT word, variants FROM _word_totals")
    con.execute("DROP TABLE _word_totals")


def cluster_facts(con: duckdb.DuckDBPyConnection, cluster_ids: list[int]
                  ) -> tuple[dict[int, tuple[datetime, int]], dict[int, int]]:
    """First appearance and number of variants of stored clusters."""
    if not cluster_ids:
        return {}, {}
    ids = np.array(sorted(set(cluster_ids)), dtype=np.int64)
    first = with_rows(con, {"cluster_id": ids},
                      "SELECT s.cluster_id, s.first_seen FROM claim_cluster_stats s "
                      "JOIN {rows} r USING (cluster_id)")
    sizes = with_rows(con, {"cluster_id": ids},
                      "SELECT v.cluster_id, count(*) FROM claim_variants v "
                      "JOIN {rows} r USING (cluster_id) GROUP BY v.cluster_id")
    return ({c: (seen, c) for c, seen in first}, {c: int(n) for c, n in sizes})


def apply_merges(con: duckdb.DuckDBPyConnection, run_id: int, now: datetime,
                 merges: list[Merge]) -> None:
    """Move the stored rows of absorbed clusters to their survivors, point earlier merge
    records at the survivors, and record these merges."""
    if not merges:
        return
    with rows_relation(con, {"merged_id": np.array([m.merged_id for m in merges], dtype=np.int64),
                             "into_id": np.array([m.into_id for m in merges], dtype=np.int64)}
                       ) as (source, params):
        con.execute(f"CREATE OR REPLACE TEMP TABLE _merges AS SELECT * FROM {source}", params)
    for table in ("claims", "claim_variants", "claim_embeddings"):
        con.execute(f"UPDATE {table} SET cluster_id = m.into_id FROM _merges m "
                    f"WHERE {table}.cluster_id = m.merged_id")
    con.execute("UPDATE claim_cluster_merges SET into_id = m.into_id FROM _merges m "
                "WHERE claim_cluster_merges.into_id = m.merged_id")
    con.execute("DELETE FROM claim_cluster_stats WHERE cluster_id IN "
                "(SELECT merged_id FROM _merges)")
    con.execute("DROP TABLE _merges")
    bulk_insert(con, "claim_cluster_merges", {
        "merged_id": np.array([m.merged_id for m in merges], dtype=np.int64),
        "into_id": np.array([m.into_id for m in merges], dtype=np.int64),
        "run_id": np.full(len(merges), run_id, dtype=np.int64),
        "score": np.array([m.score for m in merges], dtype=np.float64),
        "link": objects(m.link for m in merges),
    }, f"merged_id, into_id, run_id, TIMESTAMPTZ '{now.isoformat()}', score, link")


def cluster_history(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int]]:
    """(cluster id, a mention id in it) for every cluster id a user may hold: each
    current cluster by its first mention, each merged id by its survivor's."""
    return con.execute(
        "SELECT cluster_id, first_mention_id FROM claim_cluster_stats "
        "UNION ALL "
        "SELECT m.merged_id, s.first_mention_id FROM claim_cluster_merges m "
        "JOIN claim_cluster_stats s ON s.cluster_id = m.into_id").fetchall()


def keep_ids_resolving(con: duckdb.DuckDBPyConnection, run_id: int, now: datetime,
                       history: list[tuple[int, int]]) -> int:
    """After a rebuild: every id of the history that is no cluster now resolves, through
    claim_cluster_merges, to the cluster its mention is in now (mention ids are derived
    from the article and the sentence, so they survive a rebuild). Returns how many."""
    if not history:
        return 0
    rows = with_rows(
        con, {"old_id": np.array([h[0] for h in history], dtype=np.int64),
              "mention_id": np.array([h[1] for h in history], dtype=np.int64)},
        "SELECT DISTINCT r.old_id, c.cluster_id FROM {rows} r "
        "JOIN claims c USING (mention_id) "
        "WHERE r.old_id <> c.cluster_id "
        "AND r.old_id NOT IN (SELECT cluster_id FROM claim_cluster_stats) "
        "AND r.old_id NOT IN (SELECT merged_id FROM claim_cluster_merges)")
    apply_merges(con, run_id, now, [Merge(old, new, 1.0, "rebuilt by drumbeat reanalyze")
                                    for old, new in rows])
    return len(rows)


def mark_semantic(con: duckdb.DuckDBPyConnection, mentions: list) -> None:
    """Mentions placed by the semantic step, written before it ran: how they matched."""
    if not mentions:
        return
    with rows_relation(con, {"mention_id": np.array([m.mention_id for m in mentions],
                                                    dtype=np.int64),
                             "score": np.array([m.similarity for m in mentions])}
                       ) as (source, params):
        con.execute(f"CREATE OR REPLACE TEMP TABLE _marked AS SELECT * FROM {source}", params)
    con.execute("UPDATE claims SET matched_by = 'semantic', match_similarity = m.score "
                "FROM _marked m WHERE claims.mention_id = m.mention_id")
    con.execute("DROP TABLE _marked")
