"""One speaker key per person or body across articles (flows/analysis/speaker_identity.py,
flows/store/speakers.py, the speakers summary in flows/store/summaries.py)."""

from __future__ import annotations

import itertools

import duckdb
import pytest

from flows.analysis import analyze_article
from flows.analysis.speaker_identity import NewSpeaker, StoredSpeaker, assign_speaker_keys
from flows.store.speakers import apply_speaker_keys, batch_speakers, key_batch_speakers


def person(name: str, **kw) -> NewSpeaker:
    return NewSpeaker(name, "person", **kw)


def body(name: str, **kw) -> NewSpeaker:
    return NewSpeaker(name, "organisation", **kw)


def stored(key: str, name: str, kind: str = "person", aliases=(), quotes: int = 3):
    return StoredSpeaker(key, name, kind, tuple(aliases), quotes)


def keys(known, *new):
    return assign_speaker_keys(known, list(new))


# -- merges that must happen -------------------------------------------------------------

@pytest.mark.parametrize("known, new, expected", [
    # the same folded name
    (stored("marta oyelaran", "Marta Oyelaran"), person("Ms. Marta Oyelarán"), "marta oyelaran"),
    # spaces removed: a transliteration written as one word or two
    (stored("boxiang", "Boxiang"), person("Bo Xiang"), "boxiang"),
    (stored("tenzin norbu", "Tenzin Norbu"), person("Tenzin-Norbu"), "tenzin norbu"),
    # one letter apart on a long name word
    (stored("pema dhondrup", "Pema Dhondrup"), person("Pema Dhondup"), "pema dhondrup"),
    (stored("kelzangba", "Kelzangba"), person("Kelsangba"), "kelzangba"),
    # a full name with role words before it
    (stored("harriet quill", "Harriet Quill"), person("Harbour Commissioner Harriet Quill"),
     "harriet quill"),
    # a bare surname one stored person has
    (stored("orrin blackwood", "Orrin Blackwood"), person("Blackwood"), "orrin blackwood"),
])
def test_same_person_merges(known, new, expected):
    assert keys([known], new) == [expected]


@pytest.mark.parametrize("known_name, new_name", [
    ("the Ministry of Water Resources and Rural Affairs", "the water resources ministry"),
    ("Chinese Ministry of Commerce", "China's Commerce Ministry"),
    ("the Canadian Ministry of Veterans Affairs", "Canada's Veterans Ministry"),
    ("US Department of Agriculture", "the American Agriculture Department"),
    ("over a hundred court filings", "more than 100 court filings"),
    ("dozens of county notices", "county notices"),
    ("a memo posted to the website of the Harbour Board", "a memo posted last week to the "
                                                          "web site of the Harbour Board"),
])
def test_same_body_merges(known_name, new_name):
    from flows.analysis import speaker_key

    key = speaker_key(known_name)
    assert keys([stored(key, known_name, "organisation")], body(new_name)) == [key]


def test_aliases_and_documents_name_their_issuer():
    known = stored("qi anmei", "Qi Anmei", aliases=("Port Authority chair Qi Anmei",))
    assert keys([known], person("Port Authority chair Qi Anmei")) == ["qi anmei"]
    # a document quoted is its issuer speaking: a stored speaker seen as "a study
    # released by the Lindqvist Foundation" is the one a later "Lindqvist Foundation" joins
    study = stored("study released by the lindqvist foundation",
                   "study released by the Lindqvist Foundation", "organisation",
                   aliases=("a study released by the Lindqvist Foundation",))
    assert keys([study], body("the Lindqvist Foundation")) == [
        "study released by the lindqvist foundation"]
    # in one batch the two join under the foundation's own key
    assert keys([], body("a study released by the Lindqvist Foundation"),
                body("the Lindqvist Foundation")) == ["lindqvist foundation"] * 2


def test_batch_speakers_merge_among_themselves_whatever_the_order():
    batch = [person("Sonam Wangmo"), person("Sonam Wangmu"), body("Ministry of Fisheries"),
             body("the Fisheries Ministry"), body("Chinese Ministry of Fisheries")]
    found = keys([], *batch)
    assert len(set(found[:2])) == 1 and len(set(found[2:])) == 1
    assert set(found[:2]).isdisjoint(found[2:])
    for order in itertools.permutations(range(len(batch))):
        again = keys([], *[batch[i] for i in order])
        assert [again[order.index(i)] for i in range(len(batch))] == found


def test_stored_duplicates_give_the_most_quoted_key():
    known = [stored("chinese commerce ministry", "Chinese Commerce Ministry", "organisation",
                    quotes=2),
             stored("china commerce ministry", "China's Commerce Ministry", "organisation",
                    quotes=9)]
    for order in (known, list(reversed(known))):
        assert keys(order, body("the Commerce Ministry of China")) == ["china commerce ministry"]
        # a stored key is never moved
        assert keys(order, body("the Chinese Commerce Ministry")) == [
            "chinese commerce ministry"]


# -- merges that must not happen ---------------------------------------------------------

def test_people_sharing_a_surname_stay_apart():
    known = [stored("wang yi", "Wang Yi")]
    assert keys(known, person("Wang Wenbin")) == ["wang wenbin"]
    # a bare surname two people have, stored or in the batch, is left alone
    assert keys(known, person("Wang Wenbin"), person("Wang")) == ["wang wenbin", "wang"]
    known.append(stored("wang wenbin", "Wang Wenbin"))
    assert keys(known, person("Wang")) == ["wang"]


def test_short_names_are_not_matched_a_letter_apart():
    assert keys([stored("li wei", "Li Wei")], person("Li Wen"), person("Lin Wei")) == [
        "li wen", "lin wei"]
    # a short bare surname names too many people for one stored bearer
    assert keys([stored("xu lan", "Xu Lan")], person("Xu")) == ["xu"]


def test_names_two_letters_apart_or_differing_in_two_words_stay_apart():
    known = [stored("pema dhondrup", "Pema Dhondrup")]
    assert keys(known, person("Pema Dhondupa")) == ["pema dhondupa"]
    assert keys(known, person("Pemba Dhondup")) == ["pemba dhondup"]


def test_a_full_name_is_not_taken_for_a_bare_stored_name():
    # "Zhala" alone in the store does not make every "X Zhala" the same person
    assert keys([stored("zhala", "Zhala")], person("Dorje Zhala")) == ["dorje zhala"]


def test_different_bodies_stay_apart():
    known = [stored("ministry of foreign affairs of india",
                    "Ministry of Foreign Affairs of India", "organisation"),
             stored("china ministry of commerce", "China's Ministry of Commerce",
                    "organisation")]
    assert keys(known, body("the Chinese Foreign Ministry")) == ["chinese foreign ministry"]
    # a national ministry and a regional department of the same field
    ministry = stored("ministry of water resources", "Ministry of Water Resources",
                      "organisation")
    assert keys([ministry], body("the regional department of water resources")) == [
        "regional department of water resources"]


def test_a_short_name_two_bodies_could_have_is_left_alone():
    known = [stored("china foreign ministry", "Chinese Foreign Ministry", "organisation"),
             stored("india foreign ministry", "Indian Foreign Ministry", "organisation")]
    assert keys(known, body("the foreign ministry")) == ["foreign ministry"]


def test_a_description_that_could_be_any_body_is_left_alone():
    known = [stored("regional department of water resources",
                    "the regional department of water resources", "organisation")]
    assert keys(known, body("the regional department")) == ["regional department"]
    assert keys(known, body("the department")) == ["department"]


def test_people_and_bodies_do_not_merge():
    known = [stored("harbour board", "Harbour Board", "organisation")]
    assert keys(known, person("Harbour")) == ["harbour"]


def test_quotes_without_a_speaker_keep_none():
    assert keys([], NewSpeaker(None, "unknown"), person("Orrin Blackwood")) == [
        None, "orrin blackwood"]


# -- the store helper and the speakers summary --------------------------------------------

ARTICLE_ONE = ('"The harbour will reopen in May," said Harbour Commissioner Harriet Quill. '
               'The Ministry of Water Resources and Rural Affairs said repairs were funded.')
ARTICLE_TWO = ('Quill, the commissioner, said the works were on schedule. "We are '
               'confident," the water resources ministry said in a statement.')


def test_key_batch_speakers_rewrites_the_quotes_keys():
    con = duckdb.connect()
    con.execute("CREATE TABLE speaker_stats (speaker_key TEXT, name TEXT, kind TEXT, "
                "aliases TEXT[], quotes BIGINT)")
    con.execute("INSERT INTO speaker_stats VALUES ('harriet quill', 'Harriet Quill', 'person', "
                "['Harriet Quill', 'Harbour Commissioner Harriet Quill'], 4), "
                "('ministry of water resources and rural affairs', "
                "'Ministry of Water Resources and Rural Affairs', 'organisation', [], 2)")
    analyses = [analyze_article(ARTICLE_TWO)]
    speakers = {q.speaker for q in analyses[0].quotes}
    assert {"Quill", "the water resources ministry"} <= speakers
    keyed = key_batch_speakers(con, analyses)
    by_speaker = {q.speaker: q.speaker_key for q in keyed[0].quotes}
    assert by_speaker["Quill"] == "harriet quill"
    assert by_speaker["the water resources ministry"] == (
        "ministry of water resources and rural affairs")
    # everything but the key is unchanged
    for before, after in zip(analyses[0].quotes, keyed[0].quotes, strict=True):
        assert before.text == after.text and before.speaker == after.speaker


def test_apply_speaker_keys_checks_the_count():
    analyses = [analyze_article(ARTICLE_ONE), analyze_article("No quote here.")]
    count = len(batch_speakers(analyses))
    assert count >= 2
    with pytest.raises(ValueError):
        apply_speaker_keys(analyses, ["x"] * (count + 1))
    keyed = apply_speaker_keys(analyses, [f"k{i}" for i in range(count)])
    assert [q.speaker_key for q in keyed[0].quotes] == [f"k{i}" for i in range(count)]
    assert keyed[1] is analyses[1]


@pytest.mark.parametrize("speaker, kept", [
    ("Adrian Quill", True),
    ("the Harbour Board", True),
    ("local authorities", True),
    ("the regional department of water resources", True),
    ("more than 100 court filings", True),
    ("the harbour authority", True),
    ("The report", False),
    ("the department", False),
    ("officials", False),
    ("experts", False),
    ("official sources", False),
    ("officials and experts", False),
    ("a senior official in the port", False),
])
def test_speakers_summary_keeps_names_and_specific_bodies(speaker, kept):
    from flows.store.summaries import _body, _named

    con = duckdb.connect()
    found = con.execute(f"SELECT {_named('$s')} OR {_body('$s')}", {"s": speaker}).fetchone()[0]
    assert found is kept


def test_a_document_seen_by_a_newsroom_is_not_the_newsroom_speaking():
    known = [stored("harbour courier", "Harbour Courier", "organisation")]
    assert keys(known, body("court filings reviewed by the Harbour Courier")) == [
        "court filings reviewed by the harbour courier"]
