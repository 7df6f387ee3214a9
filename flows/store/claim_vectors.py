"""Stored claim embeddings, word rarity and cluster merges for the semantic step of the
analyze stage (flows/recurrence/linking.py).

The embeddings of every stored variant are held in memory for a run (VectorIndex), like
the claim bands in flows/store/claim_index.py: the nearest neighbours of a batch's new
variants are one matrix product against them, not a scan of BLOBs per batch. The index
is checked against claim_embeddings before each batch (row count and XOR of norm hashes)
and reloaded when another writer changed it.
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
from flows.store.columns import bulk_insert, objects, rows_relation, with_rows

Token = tuple[int, int]


def embeddings_token(con: duckdb.DuckDBPyConnection, model: str) -> Token:
    count, folded = con.execute(
        "SELECT count(*), coalesce(bit_xor(norm_hash), 0) FROM claim_embeddings "
        "WHERE model = ?", [model]).fetchone()
    return int(count), int(folded)


class VectorIndex:
    """The stored embeddings of one model: norm hashes, clusters and unit rows."""

    def __init__(self, model: str, dimensions: int) -> None:
        self.model = model
        self.hashes = np.zeros(0, dtype=np.int64)
        self.clusters = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, dimensions), dtype=np.float32)
        self.token: Token | None = None

    def ready(self, con: duckdb.DuckDBPyConnection) -> None:
        """Load, or reload when the table is not what this index last saw."""
        token = embeddings_token(con, self.model)
        if token == self.token:
            return
        rows = con.execute("SELECT norm_hash, cluster_id, embedding FROM claim_embeddings "
                           "WHERE model = ? ORDER BY norm_hash", [self.model]).fetchall()
        self.hashes = np.array([r[0] for r in rows], dtype=np.int64)
        self.clusters = np.array([r[1] for r in rows], dtype=np.int64)
        dims = self.matrix.shape[1]
        self.matrix = (np.stack([np.frombuffer(r[2], dtype="<f4") for r in rows])
                       if rows else np.zeros((0, dims), dtype=np.float32))
        self.token = token

    def add(self, hashes: np.ndarray, clusters: np.ndarray, vectors: np.ndarray) -> None:
        self.hashes = np.concatenate((self.hashes, hashes.astype(np.int64)))
        self.clusters = np.concatenate((self.clusters, clusters.astype(np.int64)))
        self.matrix = np.concatenate((self.matrix, vectors.astype(np.float32)))
        if self.token is not None:
            count, folded = self.token
            self.token = (count + len(hashes),
                          folded ^ (int(np.bitwise_xor.reduce(hashes)) if len(hashes) else 0))

    def remap(self, moved: dict[int, int]) -> None:
        """Clusters merged: every row of an absorbed cluster now in the survivor."""
        if not moved or not len(self.clusters):
            return
        keys = np.array(list(moved), dtype=np.int64)
        hit = np.isin(self.clusters, keys)
        if hit.any():
            self.clusters[hit] = [moved[c] for c in self.clusters[hit].tolist()]

    def cluster_sum(self, cluster_id: int) -> np.ndarray:
        return self.matrix[self.clusters == cluster_id].sum(axis=0)


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


def variants_without_embeddings(con: duckdb.DuckDBPyConnection, model: str,
                                limit: int) -> list[tuple[int, int, str]]:
    """(norm_hash, cluster_id, one sentence) of stored variants not embedded by this
    model yet: a database analysed before the semantic tier, or with it off."""
    return con.execute(
        "SELECT v.norm_hash, v.cluster_id, min(c.text) FROM claim_variants v "
        "JOIN claims c USING (norm_hash) "
        "WHERE v.norm_hash NOT IN (SELECT norm_hash FROM claim_embeddings WHERE model = ?) "
        "GROUP BY v.norm_hash, v.cluster_id ORDER BY v.norm_hash LIMIT ?",
        [model, limit]).fetchall()


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
