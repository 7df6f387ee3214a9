"""MinHash signatures and LSH band hashes, vectorized with numpy.

Each shingle is hashed once (text.TokenHasher); the k permutations are universal hashes
h_i(x) = (a_i * x + b_i) mod 2^64 keeping the high 32 bits (multiply-shift), computed for
all shingles of a batch of documents in one array operation. A signature is k uint32
values; the share of equal positions between two signatures estimates their Jaccard
similarity. Signatures are cut into bands of `rows` values; two documents sharing any
band hash are candidates, which is what the band tables in DuckDB are joined on.
"""

from __future__ import annotations

import numpy as np

from flows.recurrence.text import mix64

# 128 permutations: the Jaccard estimate's standard error is at most 0.044, tight enough
# to tell a near-duplicate (0.5 and up) from topical overlap (0.1-0.2); 512 bytes each.
PERMUTATIONS = 128
# Shingles hashed per block: 8,192 x 128 x 8 bytes is 8 MB, which stays in cache; ten
# times larger blocks ran ten times slower here (page faults on fresh memory).
_BLOCK_SHINGLES = 8_192
_EMPTY = np.uint32(0xFFFFFFFF)


def permutations(count: int = PERMUTATIONS, seed: int = 20201) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) coefficients; fixed by the seed, since stored signatures depend on them."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=count, dtype=np.uint64)
    return a, b


_A, _B = permutations()


def signatures(shingle_sets: list[np.ndarray]) -> np.ndarray:
    """One signature row (uint32[PERMUTATIONS]) per set of uint64 shingle hashes.

    An empty set gets all-0xFFFFFFFF, which matches nothing in practice.
    """
    out = np.full((len(shingle_sets), PERMUTATIONS), _EMPTY, dtype=np.uint32)
    start = 0
    while start < len(shingle_sets):
        stop, total = start, 0
        while stop < len(shingle_sets) and (total == 0 or
                                            total + len(shingle_sets[stop]) <= _BLOCK_SHINGLES):
            total += len(shingle_sets[stop])
            stop += 1
        _fill(out, shingle_sets, start, stop)
        start = stop
    return out


def _fill(out: np.ndarray, shingle_sets: list[np.ndarray], start: int, stop: int) -> None:
    sizes = np.fromiter((len(s) for s in shingle_sets[start:stop]), dtype=np.int64,
                        count=stop - start)
    total = int(sizes.sum())
    if not total:
        return
    values = np.concatenate([s for s in shingle_sets[start:stop] if len(s)])
    hashed = np.empty((total, PERMUTATIONS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.multiply(values[:, None], _A[None, :], out=hashed)
        hashed += _B[None, :]
    hashed >>= np.uint64(32)
    small = hashed.astype(np.uint32)
    nonempty = np.flatnonzero(sizes)
    offsets = np.concatenate(([0], np.cumsum(sizes[nonempty])[:-1]))
    out[start + nonempty] = np.minimum.reduceat(small, offsets, axis=0)


def band_hashes(signature_rows: np.ndarray, rows_per_band: int) -> np.ndarray:
    """int64[n, bands]: one hash per band of `rows_per_band` signature values, the band's
    number mixed in so equal values in different bands do not collide."""
    count, width = signature_rows.shape
    bands = width // rows_per_band
    cut = signature_rows[:, : bands * rows_per_band].astype(np.uint64)
    cut = cut.reshape(count, bands, rows_per_band)
    combined = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64),
                               (count, bands)).copy()
    with np.errstate(over="ignore"):
        for j in range(rows_per_band):
            combined = mix64(combined * np.uint64(0x100000001B3) ^ cut[:, :, j])
    return combined.view(np.int64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def jaccard_many(one: np.ndarray, many: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of `many`."""
    if len(many) == 0:
        return np.zeros(0)
    return np.count_nonzero(many == one[None, :], axis=1) / one.shape[0]


def containment(similarity: float, size_a: int, size_b: int) -> float:
    """Share of the smaller set found in the larger, from their Jaccard estimate and
    sizes: |A & B| = J (|A| + |B|) / (1 + J). A trimmed copy has a low Jaccard with its
    original but a containment near 1."""
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    overlap = similarity * (size_a + size_b) / (1.0 + similarity)
    return min(1.0, overlap / smaller)


def to_blob(signature: np.ndarray) -> bytes:
    return signature.astype("<u4", copy=False).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
