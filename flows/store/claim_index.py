"""The stored claim variants' bands, signatures and shingle counts, held in memory for the
length of a run.

DuckDB 1.5 joins without indexes: a batch that looks its band hashes up in claim_bands,
or fetches its candidates' signatures from claim_variants, reads the whole column, so in
a backfill every batch costs more than the one before (an index on band_hash is not used
for a join). A run that analyses more than one batch loads both once: the bands into
sorted numpy arrays probed by binary search, the variants' rows (signatures as one
matrix per load or batch, shingle counts, clusters, words, names, figure keys) into
columns by slot. Stored variants never change, so the rows a batch's candidates need
are taken from memory instead of a scan of claim_variants. It adds the rows it writes
itself. The answers are the SQL look-ups' (tested).

The index is checked against the tables before every use, inside the caller's
transaction: a token of claim_variants (row count and the XOR of its norm hashes; bands
are written and deleted with their variants) must equal the one the index last saw plus
what this run added. Anything else (another DuckLake writer committed, this run's write
was rolled back, `drumbeat reanalyze` emptied the tables) reloads the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import duckdb
import numpy as np

from flows.recurrence.minhash import PERMUTATIONS, from_blob
from flows.recurrence.records import Variant

Token = tuple[int, int]


def variants_token(con: duckdb.DuckDBPyConnection) -> Token:
    count, folded = con.execute(
        "SELECT count(*), coalesce(bit_xor(norm_hash), 0) FROM claim_variants").fetchone()
    return int(count), int(folded)


def _fold(norm_hashes: np.ndarray) -> int:
    return int(np.bitwise_xor.reduce(norm_hashes)) if len(norm_hashes) else 0


@dataclass(slots=True)
class _Run:
    """int64 keys sorted (equal keys in any order), each with the slot of a variant."""
    keys: np.ndarray
    slots: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.keys)


def _sorted_run(keys: np.ndarray, slots: np.ndarray) -> _Run:
    order = np.argsort(keys)  # equal keys in any order: six times faster than "stable"
    return _Run(keys[order], slots[order].astype(np.int32))


def _merge(older: _Run, newer: _Run) -> _Run:
    """Two sorted runs as one, in linear time and without a sort."""
    size = len(older) + len(newer)
    into = _search(older.keys, newer.keys, "right") + np.arange(len(newer))
    from_older = np.ones(size, dtype=bool)
    from_older[into] = False
    keys = np.empty(size, dtype=np.int64)
    slots = np.empty(size, dtype=np.int32)
    keys[into], slots[into] = newer.keys, newer.slots
    keys[from_older], slots[from_older] = older.keys, older.slots
    return _Run(keys, slots)


# A run is merged into the one before it once it holds a quarter as many rows: a look-up
# probes every run, so there are few (two or three); each row is copied about five times
# over a backfill of 20 batches and nine times over 200. With an eighth (seven and twelve
# copies) a 100,000-sentence backfill took 3-6% longer: copying the large run, which no
# longer fits the CPU's caches, is part of what still grows with the history.
MERGE_SHARE = 4


def _push(runs: list[_Run], run: _Run) -> None:
    """Add a run, merging runs into the one before as they grow (see MERGE_SHARE)."""
    runs.append(run)
    while len(runs) > 1 and len(runs[-2]) <= MERGE_SHARE * len(runs[-1]):
        newer = runs.pop()
        runs.append(_merge(runs.pop(), newer))


@dataclass(slots=True)
class _Chunks:
    """Rows by slot, kept as the arrays they arrived in (no copy when a batch adds some)."""
    empty: np.ndarray  # no rows, of the rows' type and width
    parts: list[np.ndarray] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    size: int = 0

    def append(self, rows: np.ndarray) -> None:
        self.parts.append(rows)
        self.starts.append(self.size)
        self.size += len(rows)

    def take(self, slots: np.ndarray) -> np.ndarray:
        order = np.argsort(slots, kind="stable")
        ordered = slots[order]
        bounds = np.searchsorted(ordered, self.starts + [self.size])
        out = np.empty((len(slots),) + self.empty.shape[1:], dtype=self.empty.dtype)
        for part, start, low, high in zip(self.parts, self.starts, bounds, bounds[1:],
                                          strict=False):
            if low < high:
                out[order[low:high]] = part[ordered[low:high] - start]
        return out


@dataclass(slots=True)
class _Column:
    """One value per slot in one array, grown by doubling: for narrow values (numbers,
    references to strings), where _Chunks' sort per look-up would cost more."""
    values: np.ndarray
    size: int = 0

    def append(self, rows: np.ndarray) -> None:
        if self.size + len(rows) > len(self.values):
            grown = np.empty(max(2 * len(self.values), self.size + len(rows)),
                             dtype=self.values.dtype)
            grown[:self.size] = self.values[:self.size]
            self.values = grown
        self.values[self.size:self.size + len(rows)] = rows
        self.size += len(rows)

    def take(self, slots: np.ndarray) -> np.ndarray:
        return self.values[slots]


def _column(dtype) -> _Column:
    return _Column(np.zeros(0, dtype=dtype))


def _no_signatures() -> _Chunks:
    return _Chunks(np.zeros((0, PERMUTATIONS), dtype=np.uint32))


def words_of(joined: str) -> frozenset[str]:
    """Words stored joined by spaces, as a set."""
    return frozenset(joined.split()) if joined else NO_WORDS


NO_WORDS: frozenset[str] = frozenset()

# A run longer than this many keys is searched a slice at a time (see _search): 65,536
# keys (512 KB) stay in the CPU's cache; one search over a million variants' 33 million
# band hashes was measured 1.9 times slower.
SEARCH_SLICE = 1 << 16


def _search(keys: np.ndarray, probes: np.ndarray, side: str) -> np.ndarray:
    """np.searchsorted(keys, probes, side) for sorted probes: the keys are cut into
    slices of SEARCH_SLICE at every SEARCH_SLICE-th key's value, and each slice is
    searched for the probes that fall in it. Keys equal to a probe all fall in the
    probe's slice, so both sides give the whole-array answer."""
    if len(keys) < 2 * SEARCH_SLICE:
        return np.searchsorted(keys, probes, side=side)
    bounds = keys[SEARCH_SLICE::SEARCH_SLICE]
    key_cuts = np.r_[0, np.searchsorted(keys, bounds), len(keys)]
    probe_cuts = np.r_[0, np.searchsorted(probes, bounds), len(probes)]
    found = np.empty(len(probes), dtype=np.int64)
    for low, high, first, last in zip(key_cuts, key_cuts[1:], probe_cuts, probe_cuts[1:],
                                      strict=False):
        if first < last:
            found[first:last] = np.searchsorted(keys[low:high], probes[first:last],
                                                side=side) + low
    return found


@dataclass(slots=True)
class ClaimIndex:
    bands: list[_Run] = field(default_factory=list)  # band hash -> variant slot
    # content word hash -> variant slot (claim_words), for the semantic step's candidates
    word_postings: list[_Run] = field(default_factory=list)
    # norm hash -> variant slot, one run: merged at every add (a million variants are 12 MB),
    # so that slots sorted by norm hash are at hand (see ranks)
    variants: list[_Run] = field(default_factory=list)
    # by variant slot: the claim_variants row
    hashes: _Column = field(default_factory=lambda: _column(np.int64))
    signatures: _Chunks = field(default_factory=_no_signatures)
    sizes: _Column = field(default_factory=lambda: _column(np.int32))  # shingle counts
    clusters: _Column = field(default_factory=lambda: _column(np.int64))
    words: _Column = field(default_factory=lambda: _column(object))  # joined by spaces
    names: _Column = field(default_factory=lambda: _column(object))  # joined by spaces
    figure_keys: _Column = field(default_factory=lambda: _column(object))
    token: Token | None = None
    _ranks: np.ndarray | None = None  # each slot's place in norm hash order
    uses: int = 0
    unusable: bool = False  # the tables hold what the index cannot: SQL for this run

    def ready(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether this batch's look-ups should use the index, which is then brought up to
        date. A run's first batch does not: one SQL scan costs less than loading the
        tables, and a scheduled run with one small batch never loads them."""
        self.uses += 1
        return self.uses > 1 and not self.unusable and self.current(con)

    def current(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Make the index equal the tables as the caller's transaction sees them; False
        when they hold what it cannot (signatures of another length, written by another
        version), and the SQL look-ups are to be used."""
        token = variants_token(con)
        if token == self.token:
            return True
        empty = ClaimIndex()
        for held in fields(self):  # every held row goes; the run's counters stay
            if held.name not in ("uses", "unusable"):
                setattr(self, held.name, getattr(empty, held.name))
        found = con.execute(
            "SELECT norm_hash, signature, shingles, cluster_id, words, "
            "array_to_string(names, ' ') AS names, figure_key FROM claim_variants").fetchnumpy()
        hashes = np.asarray(found["norm_hash"], dtype=np.int64)
        blobs = b"".join(found["signature"].tolist())
        if len(blobs) != len(hashes) * PERMUTATIONS * 4:
            self.unusable = True
            return False
        if len(hashes):
            self._add_variants(hashes, from_blob(blobs).reshape(len(hashes), PERMUTATIONS),
                               np.asarray(found["shingles"], dtype=np.int32),
                               np.asarray(found["cluster_id"], dtype=np.int64),
                               *(np.asarray(found[name], dtype=object)
                                 for name in ("words", "names", "figure_key")))
        del found
        found = con.execute("SELECT band_hash, norm_hash FROM claim_bands").fetchnumpy()
        slots, known = self.slots_of(np.asarray(found["norm_hash"], dtype=np.int64))
        if not known.all():  # bands of a variant that is not stored
            self.unusable = True
            return False
        _push(self.bands, _sorted_run(np.asarray(found["band_hash"], dtype=np.int64), slots))
        found = con.execute("SELECT word_hash, norm_hash FROM claim_words").fetchnumpy()
        slots, known = self.slots_of(np.asarray(found["norm_hash"], dtype=np.int64))
        if not known.all():  # postings of a variant that is not stored
            self.unusable = True
            return False
        _push(self.word_postings,
              _sorted_run(np.asarray(found["word_hash"], dtype=np.int64), slots))
        self.token = token
        return True

    def add(self, variants: list[Variant], bands: np.ndarray,
            word_hashes: list[np.ndarray] | None = None) -> None:
        """The variants this run has just written, with their band hashes (one row each)
        and their words' hashes (claim_words), in the caller's transaction."""
        if self.token is None or not variants:
            return
        hashes = np.array([v.norm_hash for v in variants], dtype=np.int64)
        count, folded = self.token
        self.token = (count + len(hashes), folded ^ _fold(hashes))
        first = self.hashes.size
        self._add_variants(
            hashes, np.stack([v.signature for v in variants]),
            np.array([v.shingles for v in variants], dtype=np.int32),
            np.array([v.cluster_id for v in variants], dtype=np.int64),
            np.array([" ".join(v.words) for v in variants], dtype=object),
            np.array([" ".join(v.names) for v in variants], dtype=object),
            np.array([v.figure_key for v in variants], dtype=object))
        slots = np.repeat(np.arange(first, first + len(hashes)), bands.shape[1])
        _push(self.bands, _sorted_run(bands.reshape(-1), slots))
        if word_hashes:
            counts = [len(found) for found in word_hashes]
            if sum(counts):
                _push(self.word_postings, _sorted_run(
                    np.concatenate(word_hashes).astype(np.int64),
                    np.repeat(np.arange(first, first + len(hashes)), counts)))

    def remap_clusters(self, moved: dict[int, int]) -> None:
        """Clusters merged in the caller's transaction (claim_vectors.apply_merges): the
        variants of an absorbed cluster are in its survivor now. The token is unchanged:
        it counts variants, which a merge neither adds nor removes."""
        if not moved or self.clusters.size == 0:
            return
        column = self.clusters.values[:self.clusters.size]
        hit = np.isin(column, np.array(list(moved), dtype=np.int64))
        if hit.any():
            column[hit] = [moved[c] for c in column[hit].tolist()]

    def _add_variants(self, norm_hashes: np.ndarray, signatures: np.ndarray,
                      sizes: np.ndarray, clusters: np.ndarray, words: np.ndarray,
                      names: np.ndarray, figure_keys: np.ndarray) -> None:
        first = self.hashes.size
        self.hashes.append(norm_hashes)
        self.signatures.append(signatures)
        self.sizes.append(sizes)
        self.clusters.append(clusters)
        self.words.append(words)
        self.names.append(names)
        self.figure_keys.append(figure_keys)
        added = _sorted_run(norm_hashes, np.arange(first, first + len(norm_hashes)))
        self.variants = [_merge(self.variants[0], added) if self.variants else added]
        self._ranks = None

    def ranks(self) -> np.ndarray:
        """Each slot's place among the variants in norm hash order."""
        if self._ranks is None:
            by_hash = self.variants[0].slots if self.variants else np.zeros(0, np.int32)
            self._ranks = np.empty(len(by_hash), dtype=np.int64)
            self._ranks[by_hash] = np.arange(len(by_hash))
        return self._ranks

    def slots_of(self, norm_hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The slot of each norm hash, and whether it is stored at all."""
        slots = np.zeros(len(norm_hashes), dtype=np.int32)
        known = np.zeros(len(norm_hashes), dtype=bool)
        for run in filter(len, self.variants):
            where = np.minimum(np.searchsorted(run.keys, norm_hashes), len(run) - 1)
            hit = run.keys[where] == norm_hashes
            slots[hit], known[hit] = run.slots[where[hit]], True
        return slots, known

    def known_slots(self, norm_hashes: np.ndarray) -> np.ndarray:
        """The slots of these stored variants."""
        slots, known = self.slots_of(norm_hashes)
        if not known.all():
            raise KeyError("a candidate variant missing from the claim index")
        return slots

    def variants_at(self, slots: np.ndarray, with_words: np.ndarray
                    ) -> tuple[list[Variant], np.ndarray]:
        """The variants in these slots (content words only where with_words: only the
        shared-figure tier reads them) and their signatures as one matrix."""
        signatures = self.signatures.take(slots)
        words = self.words.take(slots)
        return [Variant(norm_hash, cluster_id, size, signature,
                        words_of(joined) if wanted else NO_WORDS, words_of(names), figure_key)
                for norm_hash, cluster_id, size, signature, joined, wanted, names, figure_key
                in zip(self.hashes.take(slots).tolist(), self.clusters.take(slots).tolist(),
                       self.sizes.take(slots).tolist(), signatures, words,
                       with_words.tolist(), self.names.take(slots),
                       self.figure_keys.take(slots), strict=True)], signatures

    def candidates(self, positions: np.ndarray, band_hashes: np.ndarray,
                   max_candidates: int, common_band: int,
                   runs: list[_Run] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(position, slot) pairs: for each probe position, the stored variants sharing
        the most bands with it (at most max_candidates, ties by norm hash), skipping band
        hashes that more than common_band stored rows share. The same variants as the
        SQL look-up in flows/store/analysis.py. runs: other postings than the bands (the
        word postings, with word hashes as probes), looked up the same way."""
        runs = self.bands if runs is None else runs
        unique, inverse = np.unique(band_hashes, return_inverse=True)
        bounds, counts = [], np.zeros(len(unique), dtype=np.int64)
        for run in runs:
            low = _search(run.keys, unique, "left")
            high = low.copy()
            # most probes match nothing: the upper bound is searched for the rest only
            present = np.flatnonzero(run.keys[np.minimum(low, len(run) - 1)] == unique) \
                if len(run) else np.zeros(0, dtype=np.int64)
            high[present] = _search(run.keys, unique[present], "right")
            bounds.append((low, high))
            counts += high - low
        kept = counts[inverse] <= common_band
        pair_positions, pair_slots = [], []
        for run, (low, high) in zip(runs, bounds, strict=True):
            lengths = np.where(kept, (high - low)[inverse], 0)
            if not lengths.any():
                continue
            # row indexes of every match: each probe's range [low, low + length)
            ends = np.cumsum(lengths)
            offsets = np.arange(ends[-1]) - np.repeat(ends - lengths, lengths)
            pair_positions.append(np.repeat(positions, lengths))
            pair_slots.append(run.slots[np.repeat(low[inverse], lengths) + offsets])
        if not pair_positions:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        ranks = self.ranks()
        positions, rank = _top_shared(np.concatenate(pair_positions),
                                      ranks[np.concatenate(pair_slots)], len(ranks),
                                      max_candidates)
        return positions, self.variants[0].slots[rank]


def _top_shared(positions: np.ndarray, ranks: np.ndarray, width: int,
                limit: int) -> tuple[np.ndarray, np.ndarray]:
    """For each position, the variants seen most often with it, ties by norm hash, at
    most limit. Variants are given by their rank in norm hash order (below width), so
    that each ordering is one sort of packed integers, and the ranks come back."""
    pairs = positions.astype(np.int64) * width + ranks
    pairs.sort()
    starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
    shared = np.diff(np.r_[starts, len(pairs)])
    positions, ranks = np.divmod(pairs[starts], width)
    most = int(shared.max())
    packed = (positions * (most + 1) + (most - shared)) * width + ranks
    packed.sort()
    positions, ranks = packed // ((most + 1) * width), packed % width
    group_starts = np.flatnonzero(np.r_[True, positions[1:] != positions[:-1]])
    place = np.arange(len(positions)) - np.repeat(group_starts,
                                                  np.diff(np.r_[group_starts, len(positions)]))
    keep = place < limit
    return positions[keep], ranks[keep]
