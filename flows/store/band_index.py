"""The stored claim band table, held in memory for the length of a run.

DuckDB 1.5 joins without indexes: a batch that looks its band hashes up in claim_bands
reads the whole table, so in a backfill every batch costs more than the one before (and
an index on band_hash is not used for the join). A run that analyses more than one batch
loads the table once into sorted numpy arrays, probes them with binary search, and adds
the rows it writes itself. The answer is the same as the SQL look-up's (tested).

The index is checked against the table before every use, inside the caller's
transaction: a token of claim_variants (row count and the XOR of its norm hashes; bands
are written and deleted with their variants) must equal the one the index last saw plus
what this run added. Anything else (another DuckLake writer committed, this run's write
was rolled back, `drumbeat reanalyze` emptied the tables) reloads the index from the
table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np

Token = tuple[int, int]


def variants_token(con: duckdb.DuckDBPyConnection) -> Token:
    count, folded = con.execute(
        "SELECT count(*), coalesce(bit_xor(norm_hash), 0) FROM claim_variants").fetchone()
    return int(count), int(folded)


def _fold(norm_hashes: np.ndarray) -> int:
    return int(np.bitwise_xor.reduce(norm_hashes)) if len(norm_hashes) else 0


@dataclass(slots=True)
class _Run:
    """Band rows sorted by band hash (rows with equal hashes in any order)."""
    band_hashes: np.ndarray  # int64
    norm_hashes: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.band_hashes)


def _sorted_run(band_hashes: np.ndarray, norm_hashes: np.ndarray) -> _Run:
    order = np.argsort(band_hashes, kind="stable")
    return _Run(band_hashes[order], norm_hashes[order])


def _merge(older: _Run, newer: _Run) -> _Run:
    """Two sorted runs as one, in linear time and without a sort."""
    size = len(older) + len(newer)
    slots = np.searchsorted(older.band_hashes, newer.band_hashes, side="right")
    slots += np.arange(len(newer))
    from_older = np.ones(size, dtype=bool)
    from_older[slots] = False
    band_hashes = np.empty(size, dtype=np.int64)
    norm_hashes = np.empty(size, dtype=np.int64)
    band_hashes[slots], norm_hashes[slots] = newer.band_hashes, newer.norm_hashes
    band_hashes[from_older], norm_hashes[from_older] = older.band_hashes, older.norm_hashes
    return _Run(band_hashes, norm_hashes)


@dataclass(slots=True)
class BandIndex:
    """claim_bands as a few sorted runs (merged like a binary counter, so there are about
    log2(history / batch) of them and each row is merged that many times at most)."""
    runs: list[_Run] = field(default_factory=list)
    token: Token | None = None
    uses: int = 0

    def ready(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether this batch's look-up should use the index, which is then brought up to
        date. A run's first batch does not: one SQL scan costs less than loading the
        table, and a scheduled run with one small batch never loads it."""
        self.uses += 1
        if self.uses == 1:
            return False
        self.current(con)
        return True

    def current(self, con: duckdb.DuckDBPyConnection) -> None:
        """Make the index equal the table as the caller's transaction sees it."""
        token = variants_token(con)
        if token == self.token:
            return
        found = con.execute("SELECT band_hash, norm_hash FROM claim_bands").fetchnumpy()
        self.runs = [_sorted_run(np.asarray(found["band_hash"], dtype=np.int64),
                                 np.asarray(found["norm_hash"], dtype=np.int64))]
        self.token = token

    def add(self, band_hashes: np.ndarray, norm_hashes: np.ndarray,
            variant_hashes: np.ndarray) -> None:
        """Rows this run has just written to claim_bands, for the variants (norm hashes)
        it has just written to claim_variants in the same transaction."""
        if self.token is None or not len(variant_hashes):
            return
        count, folded = self.token
        self.token = (count + len(variant_hashes), folded ^ _fold(variant_hashes))
        self.runs.append(_sorted_run(band_hashes, norm_hashes))
        while len(self.runs) > 1 and len(self.runs[-2]) <= 2 * len(self.runs[-1]):
            newer = self.runs.pop()
            self.runs.append(_merge(self.runs.pop(), newer))

    def candidates(self, positions: np.ndarray, band_hashes: np.ndarray,
                   max_candidates: int, common_band: int) -> tuple[np.ndarray, np.ndarray]:
        """(position, norm_hash) pairs: for each probe position, the stored variants
        sharing the most bands with it (at most max_candidates, ties by norm hash),
        skipping band hashes that more than common_band stored rows share. The same
        rows as the SQL look-up in flows/store/analysis.py."""
        unique, inverse = np.unique(band_hashes, return_inverse=True)
        bounds, counts = [], np.zeros(len(unique), dtype=np.int64)
        for run in self.runs:
            low = np.searchsorted(run.band_hashes, unique, side="left")
            high = np.searchsorted(run.band_hashes, unique, side="right")
            bounds.append((low, high))
            counts += high - low
        kept = counts[inverse] <= common_band
        pair_positions, pair_keys = [], []
        for run, (low, high) in zip(self.runs, bounds, strict=True):
            lengths = np.where(kept, (high - low)[inverse], 0)
            if not lengths.any():
                continue
            first = low[inverse]
            # row indexes of every match: each probe's range [first, first + length)
            ends = np.cumsum(lengths)
            offsets = np.arange(ends[-1]) - np.repeat(ends - lengths, lengths)
            pair_positions.append(np.repeat(positions, lengths))
            pair_keys.append(run.norm_hashes[np.repeat(first, lengths) + offsets])
        if not pair_positions:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return _top_shared(np.concatenate(pair_positions), np.concatenate(pair_keys),
                           max_candidates)


def _top_shared(positions: np.ndarray, keys: np.ndarray,
                limit: int) -> tuple[np.ndarray, np.ndarray]:
    """For each position, the keys seen most often with it (ties by key), at most limit.
    Keys become dense ranks so that each ordering is one sort of packed integers."""
    distinct, rank = np.unique(keys, return_inverse=True)
    width = len(distinct)
    pairs, shared = np.unique(positions.astype(np.int64) * width + rank, return_counts=True)
    positions, rank = np.divmod(pairs, width)
    most = int(shared.max())
    order = np.argsort((positions * (most + 1) + (most - shared)) * width + rank)
    positions, rank = positions[order], rank[order]
    group_starts = np.flatnonzero(np.r_[True, positions[1:] != positions[:-1]])
    place = np.arange(len(positions)) - np.repeat(group_starts,
                                                  np.diff(np.r_[group_starts, len(positions)]))
    keep = place < limit
    return positions[keep], distinct[rank[keep]]
