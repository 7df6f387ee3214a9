"""Normalization, shingles and names of claim sentences."""

from flows.recurrence.names import article_names, claim_names, names_conflict
from flows.recurrence.text import (
    TokenHasher,
    claim_shingles,
    content_words,
    fold,
    normalize_claim,
    stem,
    strip_dateline,
)


def test_fold_removes_accents_and_plain_text_stays_as_it_is():
    assert fold("Ürümqi’s “Kashgar” café") == "urumqi's \"kashgar\" cafe"
    assert fold("Plain ASCII") == "plain ascii"


def test_normalized_claims_ignore_datelines_case_quotes_and_punctuation():
    wire = "URUMQI, April 7 (Xinhua) -- Over 5,500 people work in the park."
    mirror = "Over 5,500 people work in the park"
    assert normalize_claim(wire) == normalize_claim(mirror) == "over 5 500 people work in the park"
    assert normalize_claim("“Jobs are like keys,” said Ma.") == normalize_claim(
        '"Jobs are like keys," said Ma.')


def test_datelines_of_several_agencies_are_stripped():
    assert strip_dateline("BEIJING (AP) - Chinese officials say") == "Chinese officials say"
    assert strip_dateline("KASHGAR, Dec. 18 (Xinhua) -- Jiashi county") == "Jiashi county"
    assert strip_dateline("In Aksu prefecture, officials say") == "In Aksu prefecture, officials say"


def test_content_words_drop_attribution_and_hedges_and_meet_at_stems():
    a = content_words("more than <count> people have received training, officials said")
    b = content_words("over <count> people received trainings")
    assert a == b == ["<count>", "peopl", "receiv", "train"]
    assert stem("trained") == stem("training") == "train"


def test_shingles_keep_figure_slots_so_changed_figures_do_not_count():
    words = content_words("the county trained <count> people in <year>")
    assert sorted(claim_shingles(words)) == sorted(
        {"county", "train", "<count>", "peopl", "<year>", "county train", "train <count>",
         "<count> peopl", "peopl <year>"})


def test_word_shingles_are_distinct_runs_of_words():
    hasher = TokenHasher()
    words = "a b c d e f a b c d e".split()
    assert len(hasher.word_shingles(words, 5)) == 6  # "a b c d e" twice
    assert len(hasher.word_shingles(["short"], 5)) == 1


def test_names_leave_out_the_speaker_and_common_capitalized_words():
    sentence = ('"In the past three years, 117,000 people in Aksu prefecture have received '
                'training," said Ablimit Tursun, an officer at the Human Resources Bureau.')
    names = claim_names(sentence, ["Ablimit Tursun", "an officer at the Human Resources Bureau"],
                        frozenset())
    assert names == {"aksu"}


def test_a_name_starting_a_sentence_counts_when_the_article_uses_it_as_one():
    text = "Jiashi county trained 62,000 people. Officials in Jiashi said so."
    known = article_names(text)
    assert "jiashi" in known
    assert claim_names("Jiashi county trained 62,000 people.", [], known) == {"jiashi"}
    assert claim_names("Workers earn 3,000 yuan a month.", [], known) == frozenset()


def test_names_conflict_only_when_both_name_something_and_share_nothing():
    assert names_conflict(frozenset({"aksu"}), frozenset({"kashgar"}))
    assert not names_conflict(frozenset({"aksu"}), frozenset({"aksu", "xinjiang"}))
    assert not names_conflict(frozenset(), frozenset({"kashgar"}))


def test_fold_replaces_every_fancy_mark_as_a_translation_table_would():
    fancy = "“a” ‘b’ «c» d–e—f‐g\u00a0h Ünïcödé"
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"',
                           "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
    assert fold(fancy) == fold(fancy.translate(table)) == "\"a\" 'b' \"c\" d-e-f-g h unicode"


def test_a_full_hash_cache_is_emptied_and_hashes_stay_the_same(monkeypatch):
    import flows.recurrence.text as text

    words = [f"word{i}" for i in range(30)]
    expected = TokenHasher().words(words)
    monkeypatch.setattr(text, "CACHE_LIMIT", 10)
    hasher = TokenHasher()
    assert (hasher.words(words[:20]) == expected[:20]).all()
    assert len(hasher._cache) == 20  # filled past the limit by one call's misses
    assert (hasher.words(words) == expected).all()
    assert len(hasher._cache) == 10  # emptied, then the ten new words
