"""MinHash signatures, LSH bands and the Jaccard and containment estimates."""

import numpy as np

from flows.recurrence import minhash
from flows.recurrence.text import TokenHasher, stable_hash64


def shingle_set(words):
    return np.unique(TokenHasher().strings([str(w) for w in words]))


def test_signature_estimates_jaccard_within_its_standard_error():
    rng = np.random.default_rng(7)
    errors = []
    for _ in range(100):
        a = set(rng.integers(0, 2000, 60).tolist())
        b = set(list(a)[:40]) | set(rng.integers(0, 2000, 30).tolist())
        sig = minhash.signatures([shingle_set(a), shingle_set(b)])
        errors.append(minhash.jaccard(sig[0], sig[1]) - len(a & b) / len(a | b))
    assert abs(np.mean(errors)) < 0.02  # unbiased
    assert np.std(errors) < 0.06  # about sqrt(J(1-J)/128)


def test_identical_sets_match_fully_and_disjoint_sets_hardly_at_all():
    same = minhash.signatures([shingle_set(range(50)), shingle_set(range(50))])
    apart = minhash.signatures([shingle_set(range(50)), shingle_set(range(1000, 1050))])
    assert minhash.jaccard(same[0], same[1]) == 1.0
    assert minhash.jaccard(apart[0], apart[1]) < 0.05


def test_signatures_of_a_batch_equal_those_computed_one_by_one():
    sets = [shingle_set(range(i, i + 5 + i % 7)) for i in range(300)] + [np.zeros(0, np.uint64)]
    batch = minhash.signatures(sets)
    for i in (0, 17, 299):
        assert np.array_equal(batch[i], minhash.signatures([sets[i]])[0])
    assert (batch[-1] == 0xFFFFFFFF).all()  # an empty set matches nothing


def test_bands_are_equal_for_equal_signatures_and_differ_between_bands():
    sig = minhash.signatures([shingle_set(range(30)), shingle_set(range(30))])
    bands = minhash.band_hashes(sig, 4)
    assert bands.shape == (2, 32) and bands.dtype == np.int64
    assert np.array_equal(bands[0], bands[1])
    assert len(set(bands[0].tolist())) == 32


def test_near_duplicates_share_a_band_and_unrelated_sets_do_not():
    base = list(range(100))
    edited = base[:85] + list(range(500, 515))  # Jaccard about 0.74
    unrelated = list(range(2000, 2100))
    sig = minhash.signatures([shingle_set(base), shingle_set(edited), shingle_set(unrelated)])
    bands = minhash.band_hashes(sig, 3)
    assert set(bands[0].tolist()) & set(bands[1].tolist())
    assert not set(bands[0].tolist()) & set(bands[2].tolist())


def test_containment_of_a_trimmed_copy_is_near_one():
    # 40 of 200 shingles kept: Jaccard 0.2, containment 1
    assert minhash.containment(0.2, 40, 200) == 1.0
    assert abs(minhash.containment(0.1, 100, 100) - 0.1 * 200 / 1.1 / 100) < 1e-9
    assert minhash.containment(0.5, 0, 10) == 0.0


def test_signatures_survive_the_blob_round_trip():
    sig = minhash.signatures([shingle_set(range(20))])[0]
    assert np.array_equal(minhash.from_blob(minhash.to_blob(sig)), sig)


def test_hashes_are_stable_across_processes():
    # stored hashes are compared with those of later runs: fixed values, not hash()
    assert stable_hash64("claim") == stable_hash64("claim")
    assert stable_hash64("claim") == int.from_bytes(
        __import__("hashlib").blake2b(b"claim", digest_size=8).digest(), "little", signed=True)
    first = TokenHasher().words(["poverty", "xinjiang"])
    assert np.array_equal(first, TokenHasher().words(["poverty", "xinjiang"]))
