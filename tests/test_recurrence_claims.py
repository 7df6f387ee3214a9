"""The claim cascade: exact, near-duplicate, shared figure; names; relations; drift."""

from datetime import UTC, datetime

import numpy as np

from flows.analysis import analyze_article
from flows.analyze import claim_thresholds
from flows.config import RecurrenceConfig
from flows.recurrence.claims import (
    StoredCandidates,
    assign_clusters,
    band_neighbours,
    best_match,
    build_mentions,
    mention_bands,
    variant_of,
)
from flows.recurrence.drift import anchor_keys, figure_set, figures_changed
from flows.recurrence.relations import Member, claim_relations
from flows.recurrence.text import TokenHasher

LIMITS = claim_thresholds(RecurrenceConfig())
DAY = datetime(2020, 4, 7, tzinfo=UTC)


def mention(text: str, article_id: str = "a", when: datetime = DAY):
    found = build_mentions(article_id, when, text, analyze_article(text), TokenHasher())
    assert len(found) == 1, f"expected one claim in {text!r}, got {len(found)}"
    found[0].cluster_id = found[0].mention_id
    return found[0]


def match(new: str, old: str):
    first, second = mention(old, "old"), mention(new, "new")
    variant = variant_of(first)
    return best_match(second, [variant], [variant], LIMITS)


ORIGINAL = ("More than 117,000 people in Kashgar prefecture have received pre-job training "
            "since 2017, according to the regional human resources department.")


def test_a_wire_copy_with_a_dateline_is_an_exact_match():
    found = match("KASHGAR, Jan. 15 (Xinhua) -- " + ORIGINAL, ORIGINAL)
    assert found.tier == "exact" and found.similarity == 1.0


def test_an_edited_sentence_is_a_near_duplicate():
    edited = ("Over 117,000 people in Kashgar have received pre-job training since 2017, the "
              "regional human resources department said.")
    found = match(edited, ORIGINAL)
    assert found.tier == "minhash" and found.similarity >= LIMITS.near_duplicate


def test_the_same_claim_with_new_figures_is_a_near_duplicate_too():
    later = ORIGINAL.replace("117,000", "160,000")
    found = match(later, ORIGINAL)
    assert found.tier == "minhash" and found.similarity > 0.9


def test_a_trimmed_sentence_matches_by_containment():
    full = ("Zhang said the county trained 50,000 people last year, up from 38,000 in 2018, "
            "and that five counties had set up similar programs.")
    trimmed = "The county trained 50,000 people last year, up from 38,000 in 2018."
    found = match(trimmed, full)
    assert found is not None and found.tier == "minhash"


def test_a_rewording_that_kept_the_figure_matches_by_shared_figure():
    original = ("In the past three years, 117,000 people in Aksu prefecture have received "
                "pre-job training and been employed by local companies.")
    reworded = ("One report said 117,000 people in Aksu prefecture had been given pre-job "
                "training over the past three years and placed with local companies.")
    found = match(reworded, original)
    assert found is not None and found.tier in ("minhash", "shared-figure")


def test_the_same_wording_about_another_place_is_another_claim():
    other_place = ORIGINAL.replace("Kashgar", "Aksu")
    assert match(other_place, ORIGINAL) is None


def test_claims_that_share_only_the_topic_stay_apart():
    other = ("Over 5,500 people in five poverty-stricken counties of Hotan prefecture are "
             "working in an industrial park.")
    assert match(other, ORIGINAL) is None
    same_figure = ("In Aksu prefecture, 117,000 tonnes of apples were sold online by growers "
                   "who opened shops on e-commerce platforms.")
    assert match(same_figure, ORIGINAL) is None


def test_dateline_dates_are_not_figures_of_the_claim():
    wire = mention("HOTAN, Oct. 12 (Xinhua) -- Cotton growers harvested 126,000 tonnes of "
                   "cotton this year, up 8 percent from 2019.")
    assert "12" not in [f.text for f in wire.figures]


def test_assign_clusters_starts_a_cluster_per_new_claim_and_joins_restatements():
    texts = [ORIGINAL, ORIGINAL.replace("117,000", "160,000"),
             "Over 5,500 people in five counties of Hotan prefecture work in an industrial park.",
             ORIGINAL]
    mentions = []
    for i, text in enumerate(texts):
        mentions += build_mentions(f"art{i}", DAY, text, analyze_article(text), TokenHasher())
    bands = mention_bands(mentions, 3)
    added = assign_clusters(mentions, bands, StoredCandidates({}, {}, {}), LIMITS)
    first, changed, other, copy = mentions
    assert first.cluster_id == first.mention_id and first.matched_by == ""
    assert changed.cluster_id == first.cluster_id and changed.matched_by == "minhash"
    assert other.cluster_id == other.mention_id
    assert copy.cluster_id == first.cluster_id and copy.matched_by == "exact"
    assert added == [0, 1, 2]  # the copy's text is already a variant


def test_mention_ids_depend_on_article_and_text_only():
    a = mention(ORIGINAL, "a")
    again = mention(ORIGINAL, "a")
    elsewhere = mention(ORIGINAL, "b")
    assert a.mention_id == again.mention_id != elsewhere.mention_id
    assert a.mention_id > 0


def test_relations_to_the_first_mention():
    first = mention(ORIGINAL, "a1", DAY)
    verbatim = mention(ORIGINAL, "a2", DAY.replace(day=8))
    edited = mention("Over 117,000 people in Kashgar have received pre-job training since "
                     "2017, the regional human resources department said.", "a3",
                     DAY.replace(day=9))
    changed = mention(ORIGINAL.replace("117,000", "160,000"), "a4", DAY.replace(day=10))
    paraphrase = mention("Kashgar's human resources officials count 117,000 residents trained "
                         "before they were hired.", "a5", DAY.replace(day=11))
    members = [Member(m.mention_id, m.norm_hash, m.dated_at, m.figure_set, m.shingles,
                      m.signature) for m in (changed, paraphrase, verbatim, first, edited)]
    relations = claim_relations(members, LIMITS)
    assert relations[first.mention_id] == ("first", 1.0)
    assert relations[verbatim.mention_id] == ("verbatim", 1.0)
    assert relations[edited.mention_id][0] == "edited"
    assert relations[changed.mention_id][0] == "figure-changed"
    assert relations[paraphrase.mention_id][0] == "paraphrase"


def test_figures_change_when_neither_set_holds_the_other():
    assert figures_changed(["count:117000"], ["count:160000"])
    assert not figures_changed(["count:10", "count:559", "count:52"], ["count:10", "count:559"])
    assert not figures_changed([], ["count:5"])
    years_only = mention("By the end of 2019, the county had built new roads to every village "
                         "in its mountain townships.")
    assert figure_set(years_only.figures) == []


def test_only_distinctive_figures_anchor_a_claim():
    with_count = mention(ORIGINAL)
    assert len(anchor_keys(with_count.figures)) == 1  # 117,000; not the year 2017
    small = mention("Five counties in Hotan prefecture set up similar training programs in "
                    "their industrial parks.")
    assert anchor_keys(small.figures) == []
    assert isinstance(with_count.signature, np.ndarray) and with_count.signature.size == 128


def test_band_neighbours_pairs_later_starters_with_earlier_ones_sharing_a_band():
    bands = np.array([[1, 2, 3], [4, 2, 5], [6, 7, 8], [9, 7, 3], [1, 2, 3]], dtype=np.int64)
    starters = np.array([True, True, True, True, False])  # the last repeats the first's text
    assert band_neighbours(bands, starters) == {1: [0], 3: [0, 2]}
    assert band_neighbours(bands, np.array([True, False, False, False, False])) == {}


def test_the_near_duplicate_test_is_jaccard_or_trusted_containment():
    from flows.recurrence.claims import is_near_duplicate, near_duplicate_mask
    from flows.recurrence.minhash import containment

    sims = np.array([0.0, 0.2, 0.3, 0.49, 0.5, 0.9])
    for size_a in (0, 3, 8, 20):
        for size_b in (0, 8, 30, 80):
            mask = near_duplicate_mask(sims, np.full(6, size_a), np.full(6, size_b), LIMITS)
            for sim, got in zip(sims.tolist(), mask.tolist(), strict=True):
                want = sim >= LIMITS.near_duplicate or (
                    min(size_a, size_b) >= LIMITS.containment_min_shingles
                    and containment(sim, size_a, size_b) >= LIMITS.containment)
                assert got == want == is_near_duplicate(sim, size_a, size_b, LIMITS)
    # a trimmed copy: low Jaccard, nearly all of the shorter in the longer
    assert is_near_duplicate(0.3, 10, 30, LIMITS) and not is_near_duplicate(0.3, 30, 30, LIMITS)
