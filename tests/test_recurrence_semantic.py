"""The semantic step of claim clustering: the model, nearest neighbours, the verification
of candidate pairs (pairs that must link and pairs that must not, in sentences written
for these tests) and the union of clusters along verified links."""

from collections import Counter
from datetime import UTC, datetime

import numpy as np
import pytest

from flows.analysis import analyze_article
from flows.recurrence.claims import build_mentions
from flows.recurrence.linking import ClusterUnion, Link, Node, merge_along, verified_links
from flows.recurrence.names import claim_names, names_agree
from flows.recurrence.semantic import DIMENSIONS, load_encoder
from flows.recurrence.text import TokenHasher
from flows.recurrence.verify import (
    PairSignals,
    could_link,
    figure_values,
    link_score,
    pair_signals,
    rarity_mass,
    rarity_overlap,
    verify,
)

THRESHOLD = 0.62  # the configured default (RecurrenceConfig.claim_link_score)

# A stored history for word rarity: coverage of one story shares its common words
# ("region", "workers", "jobs", "poverty"), which say little about which claim is which.
BACKGROUND = [
    "The region trained workers for jobs in factories last year, officials said.",
    "Poverty in the region fell as workers found jobs in new factories.",
    "Officials said the region will train more workers for jobs next year.",
    "The county opened a factory where workers from poor villages found jobs.",
    "Workers in the region earned more from jobs in factories and on farms.",
    "The region said poverty relief and jobs for workers were its priorities.",
    "Villages in the county sent workers to jobs in other provinces.",
    "The prefecture built roads and schools and found jobs for workers.",
]


def mention_of(sentence: str):
    [mention] = build_mentions("a", datetime(2024, 1, 8, tzinfo=UTC), sentence,
                               analyze_article(sentence), TokenHasher())[:1]
    return mention


def signals(a: str, b: str) -> PairSignals:
    encode = load_encoder()
    first, second = mention_of(a), mention_of(b)
    background = [mention_of(s) for s in BACKGROUND]
    counts = Counter(w for m in [*background, first, second] for w in m.words)
    total = len(background) + 2
    idf = {w: np.log((total + 1) / (n + 0.5)) for w, n in counts.items()}
    va, vb = encode([a, b])
    return pair_signals(float(va @ vb), first.words, second.words,
                        figure_values(first.figure_key), figure_values(second.figure_key),
                        first.names, second.names, idf, np.log((total + 1) / 0.5))


def test_the_model_loads_from_its_package_once_and_gives_unit_vectors():
    encode = load_encoder()
    assert load_encoder() is encode  # once per process
    vectors = encode(["Kashgar trained 117,000 people.", "Le Kashgar a formé 117 000 personnes."])
    assert vectors.shape == (2, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encode([]).shape == (0, DIMENSIONS)


@pytest.mark.parametrize("a, b", [
    # a trimmed copy: the shorter sentence is all in the longer one
    ("The agency confirmed the researcher's findings on cotton picking quotas.",
     "The agency confirmed the researcher's findings on cotton picking quotas and found "
     "further procurement records describing the transfers."),
    # the same distinctive figure, told in other words
    ("Some 543,000 farmers and herders in the region found jobs in the first seven months.",
     "In the first seven months, 543,000 farmers and herders were transferred into jobs."),
])
def test_restatements_link(a, b):
    found = signals(a, b)
    assert verify(found, THRESHOLD) is not None, found


@pytest.mark.parametrize("a, b", [
    # the same wording about two places: different claims
    ("In 2019, Guizhou lifted 300,000 people out of poverty.",
     "In 2019, Yunnan lifted 300,000 people out of poverty."),
    # one subject, two claims
    ("The county built 12 new garment factories in the industrial park last year.",
     "The county trained 4,000 herders as long-distance truck drivers last year."),
    # common words of the story only
    ("Workers in the region found jobs in factories, officials said.",
     "The region said poverty among workers fell as jobs grew."),
])
def test_different_claims_stay_apart(a, b):
    found = signals(a, b)
    assert verify(found, THRESHOLD) is None, found


def test_a_restatement_in_other_verbs_scores_above_different_claims_on_one_subject():
    # "announced" and "declared": a static model gives this pair a score near the
    # threshold (about 0.5), still far above two claims that share their subject
    restated = signals(
        "On Monday the prefecture's governor announced that Aksu has eradicated absolute poverty.",
        "Officials declared that Aksu had eradicated absolute poverty.")
    different = signals(
        "On Monday the prefecture's governor announced that Aksu has eradicated absolute poverty.",
        "On Monday the prefecture's governor announced that Aksu will build a new airport.")
    assert link_score(restated) > 0.4 > link_score(different)


def test_names_agree_across_demonyms_and_initials():
    tibet = claim_names("The Tibet Autonomous Region has eradicated absolute poverty.", [],
                        frozenset())
    tar = claim_names("China said absolute poverty was eradicated in the TAR.", [], frozenset())
    tibetans = claim_names("Hundreds of thousands of Tibetans were moved into camps.", [],
                           frozenset())
    assert names_agree(tibet, tar)
    assert names_agree(tibet, tibetans)
    assert not names_agree(frozenset({"guizhou"}), frozenset({"yunnan"}))


def test_figures_compare_by_value_not_by_how_the_unit_was_read():
    assert figure_values("count:500000") == figure_values("number:500000")
    assert figure_values("year:2019|count:12") == frozenset()  # years and small counts
    assert figure_values("percent:8.8") == frozenset({"8.8"})


def test_rare_shared_words_weigh_more_than_common_ones():
    idf = {"region": 0.2, "workers": 0.2, "cotton": 3.0, "quota": 3.0}
    common, _ = rarity_overlap(frozenset({"region", "workers", "cotton"}),
                               frozenset({"region", "workers", "quota"}), idf, 4.0)
    rare, _ = rarity_overlap(frozenset({"region", "cotton", "quota"}),
                             frozenset({"workers", "cotton", "quota"}), idf, 4.0)
    assert rare > common


def test_the_score_is_monotone_in_each_positive_signal():
    base = PairSignals(0.5, 0.2, 0.3, False, False, False)
    assert link_score(PairSignals(0.7, 0.2, 0.3, False, False, False)) > link_score(base)
    assert link_score(PairSignals(0.5, 0.2, 0.3, True, False, False)) > link_score(base)
    assert link_score(PairSignals(0.5, 0.2, 0.3, False, True, False)) < link_score(base)
    vetoed = PairSignals(0.99, 0.9, 1.0, True, False, True)
    assert verify(vetoed, THRESHOLD) is None


def test_could_link_rules_out_only_pairs_that_link_at_no_cosine():
    # Random words, rarities and figures: whenever verify accepts a pair at any cosine,
    # could_link (which reads no embedding) must have let it through.
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(30)]
    idf = {w: float(rng.uniform(0.1, 5.0)) for w in vocabulary}
    let_through = ruled_out = 0
    for _ in range(3000):
        a = frozenset(rng.choice(vocabulary, int(rng.integers(1, 12)), replace=False))
        b = frozenset(rng.choice(vocabulary, int(rng.integers(1, 12)), replace=False))
        fa = frozenset(rng.choice(["1", "2", "3"], int(rng.integers(0, 2))))
        fb = frozenset(rng.choice(["1", "2", "3"], int(rng.integers(0, 2))))
        masses = (rarity_mass(a, idf, 6.0), rarity_mass(b, idf, 6.0))
        possible = could_link(a, b, fa, fb, frozenset(), frozenset(), idf, 6.0, masses,
                              THRESHOLD)
        links = any(verify(pair_signals(c, a, b, fa, fb, frozenset(), frozenset(), idf, 6.0),
                           THRESHOLD) is not None for c in (0.0, 0.5, 0.8, 1.0))
        assert possible or not links
        let_through += possible
        ruled_out += not possible
    assert let_through and ruled_out  # both sides were exercised


def node(norm_hash: int, cluster: int, words: str) -> Node:
    return Node(norm_hash, cluster, frozenset(words.split()), frozenset(), frozenset())


def test_links_merge_clusters_the_older_surviving_and_a_rerun_agrees():
    first_seen = {10: (datetime(2024, 1, 1, tzinfo=UTC), 10),
                  20: (datetime(2024, 2, 1, tzinfo=UTC), 20),
                  30: (datetime(2023, 12, 1, tzinfo=UTC), 30)}
    queries = [node(1, 20, "a"), node(2, 20, "b")]
    other_10, other_30 = node(3, 10, "c"), node(4, 30, "d")
    sums = {c: np.ones(4) for c in (10, 20, 30)}

    def run():
        union = ClusterUnion(first_seen, {10: 1, 20: 2, 30: 1}, sums.__getitem__, 0.5)
        links = [Link(0, other_10, 0.8, None), Link(1, other_30, 0.7, None)]
        return merge_along(links, lambda q: queries[q].cluster_id, union, lambda k: "")

    moved, merges = run()
    # 20 joined 10 (older), then 10 joined 30 (older still): every id resolves to 30
    assert moved == {20: 30, 10: 30}
    assert [(m.merged_id, m.into_id) for m in merges] == [(20, 30), (10, 30)]
    assert run() == (moved, merges)


def test_the_guard_keeps_one_sentence_from_chaining_two_established_claims():
    first_seen = {10: (datetime(2024, 1, 1, tzinfo=UTC), 10),
                  20: (datetime(2024, 2, 1, tzinfo=UTC), 20)}
    apart = {10: np.array([1.0, 0.0]), 20: np.array([0.0, 1.0])}
    union = ClusterUnion(first_seen, {10: 3, 20: 4}, apart.__getitem__, 0.5)
    assert union.join(20, 10) is None  # both established, centroids far apart
    small = ClusterUnion(first_seen, {10: 1, 20: 4}, apart.__getitem__, 0.5)
    assert small.join(20, 10) == (20, 10)  # a single sentence joins freely


def test_verified_links_skip_pairs_already_in_one_cluster():
    words = "cotton quota picker transfer county"
    query = node(1, 5, words)
    same_cluster = node(2, 5, words)
    other = node(3, 6, words)
    links = verified_links([query], [[(same_cluster, 0.95), (other, 0.95)]],
                           dict.fromkeys(words.split(), 3.0), 4.0, THRESHOLD)
    assert [k.other.norm_hash for k in links] == [3]
