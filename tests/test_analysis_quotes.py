from pathlib import Path

import pytest

from flows.analysis import extract_quotes, split_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "jiashi_training.txt"


@pytest.fixture(scope="module")
def article():
    text = FIXTURE.read_text(encoding="utf-8")
    return text, extract_quotes(text)


def quote_containing(quotes, words):
    (found,) = [q for q in quotes if words in q.text]
    return found


def test_every_quote_and_speaker_offset_points_into_the_text(article):
    text, quotes = article
    assert quotes
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_as_written


def test_direct_quote_with_speaker_role_and_organisation(article):
    _, quotes = article
    quote = quote_containing(quotes, "training centers taught them")
    assert quote.kind == "direct"
    assert quote.text.startswith('"') and quote.text.endswith('"')
    assert quote.verb == "said"
    assert quote.speaker_as_written == "Zhang Ke"
    assert quote.speaker == "Zhang Ke"
    assert quote.role == "deputy chief of the CPC committee of Jiashi county"
    assert quote.organisation == "CPC committee of Jiashi county"
    assert quote.speaker_kind == "person"


def test_a_later_surname_resolves_to_the_full_name_and_keeps_the_role(article):
    _, quotes = article
    quote = quote_containing(quotes, "the county trained 50,000 people")
    assert quote.kind == "indirect"
    assert quote.speaker_as_written == "Zhang"
    assert quote.speaker == "Zhang Ke"
    assert quote.role == "deputy chief of the CPC committee of Jiashi county"
    assert not quote.text.endswith(".")


def test_a_pronoun_and_a_following_quotation_keep_the_speaker(article):
    _, quotes = article
    goal = quote_containing(quotes, "Our goal is to help")
    assert (goal.speaker_as_written, goal.speaker) == ("he", "Zhang Ke")
    follow_up = quote_containing(quotes, "We will keep going")
    assert follow_up.speaker == "Zhang Ke"
    assert follow_up.verb is None and follow_up.speaker_as_written is None


def test_according_to_a_body(article):
    _, quotes = article
    quote = quote_containing(quotes, "117,000 people")
    assert quote.verb == "according to"
    assert quote.speaker == "the regional human resources department"
    assert quote.speaker_kind == "organisation"
    assert quote.organisation == "the regional human resources department"


def test_told_the_newspaper_skips_the_listener(article):
    _, quotes = article
    quote = quote_containing(quotes, "she now earns")
    assert quote.text == "she now earns 3,000 yuan ($434) a month"
    assert quote.verb == "told"
    assert quote.speaker == "Aynur Tohti"
    assert quote.role == "worker at a textile company in Jiashi"
    later = quote_containing(quotes, "I had no income")
    assert (later.speaker_as_written, later.speaker) == ("Tohti", "Aynur Tohti")


def test_content_before_its_attribution(article):
    _, quotes = article
    quote = quote_containing(quotes, "Salaries at the industrial park")
    assert quote.text == "Salaries at the industrial park range from 2,000 to 3,000 yuan"
    assert quote.speaker == "the county government"
    assert quote.speaker_kind == "organisation"


def test_sentence_index_points_at_the_sentence_where_the_quote_starts(article):
    text, quotes = article
    sentences = split_sentences(text)
    for quote in quotes:
        sentence = sentences[quote.sentence_index]
        assert sentence.start <= quote.start < sentence.end + 2


def test_boilerplate_lines_give_no_quotes(article):
    text, quotes = article
    editor = text.index("Editor: Li Yan")
    assert all(q.end <= editor for q in quotes)


def test_a_quote_split_around_its_attribution_gives_two_quotes():
    quotes = extract_quotes("“It is on our watch,” Li Yan said, “that the county changed.”")
    assert [q.text for q in quotes] == ["“It is on our watch,”", "“that the county changed.”"]
    assert {q.speaker for q in quotes} == {"Li Yan"}
    quotes = extract_quotes("It is on our watch, Li Yan said, that the county has changed for good.")
    assert [q.text for q in quotes] == ["It is on our watch", "the county has changed for good"]


def test_inverted_attribution_with_role_and_a_continuing_gerund():
    quotes = extract_quotes(
        "Rural incomes rose 9 percent, said Li Qiang, director of the bureau, adding that "
        "more jobs would come."
    )
    assert [(q.text, q.verb, q.speaker, q.role) for q in quotes] == [
        ("Rural incomes rose 9 percent", "said", "Li Qiang", "director of the bureau"),
        # a short report takes in its verb, so it reads as a statement on its own
        ("adding that more jobs would come", "adding", "Li Qiang", "director of the bureau"),
    ]


def test_she_skips_a_man_named_in_between():
    text = ("Wang Fang, head of the county employment office, said 3,000 jobs were created. "
            "Later Paul Smith arrived. \"We did our best,\" she said.")
    quotes = extract_quotes(text)
    assert [(q.speaker_as_written, q.speaker) for q in quotes] == [
        ("Wang Fang", "Wang Fang"), ("she", "Wang Fang")]
    assert quotes[0].role == "head of the county employment office"


def test_an_acronym_resolves_to_the_name_spelled_out_earlier():
    text = ("Immigration, Refugees and Citizenship Canada sent a letter on Monday. "
            "IRCC said the case was still under review.")
    (quote,) = extract_quotes(text)
    assert quote.speaker_as_written == "IRCC"
    assert quote.speaker == "Immigration, Refugees and Citizenship Canada"
    assert quote.speaker_kind == "organisation"


def test_words_inside_quotation_marks_are_not_attributions():
    (quote,) = extract_quotes("Officials said “the training said nothing about politics.”")
    assert quote.text == "“the training said nothing about politics.”"
    assert quote.speaker == "Officials"


def test_headline_links_are_not_quotes():
    text = "READ MORE: Zhang Ke says jobs are plentiful\nThe market opened late on Monday."
    assert extract_quotes(text) == []


def test_a_signed_paragraph_is_a_quote_of_its_signer():
    text = ("Zhang Ke said the plan would work.\n"
            "Training is free for everyone who wants to join the program. Zhang Ke, county official")
    quotes = extract_quotes(text)
    signed = quote_containing(quotes, "Training is free")
    assert signed.text == "Training is free for everyone who wants to join the program"
    assert signed.speaker == "Zhang Ke"


def test_a_short_attribution_after_a_question_joins_its_quotation():
    (quote,) = extract_quotes('"What happens to the workers now?" Zhang Ke asked.')
    assert quote.kind == "direct"
    assert (quote.speaker, quote.verb) == ("Zhang Ke", "asked")


def test_mixed_quote_runs_to_the_end_of_the_sentence():
    (quote,) = extract_quotes("Zhang Ke said the workers were “very pleased with the results.”")
    assert quote.kind == "mixed"
    assert quote.text == "the workers were “very pleased with the results.”"


def test_text_without_attribution_has_no_quotes():
    assert extract_quotes("The factory opened in 2018 and employs 300 people.") == []
    assert extract_quotes("") == []


def test_the_writers_own_words_are_not_a_source():
    assert extract_quotes("I told him that the plan would never work out.") == []


def test_calling_something_in_the_speakers_words():
    (quote,) = extract_quotes("Zhang Ke called it “a model for the whole region.”")
    assert (quote.text, quote.verb, quote.speaker) == (
        "“a model for the whole region.”", "called", "Zhang Ke")


def test_units_with_no_quotation_and_no_reporting_word_are_skipped_safely():
    from flows.analysis.attribution import attribute, may_attribute, tokenize

    text = 'The county trained 5,000 people. Zhang said it worked. "It did," she added.'
    spans = [(text.index('"'), text.index('she') - 1)]
    units = [(0, 32), (33, 55), (56, len(text))]
    assert [may_attribute(text, s, e, spans) for s, e in units] == [False, True, True]
    tokens = tokenize(text, 0, 32, spans)
    assert attribute(tokens, frozenset()) == ([], set())
    assert all(t.kind != "q" for t in tokens)


def test_it_in_what_it_calls_is_the_subject_of_its_own_sentence():
    text = ("The survey covered 40 villages, according to the Northern Labour Institute. "
            "Farming has declined for years, as Ruritania seeks to end what it calls "
            "“idle labour” in the hills.")
    quote = quote_containing(extract_quotes(text), "idle labour")
    assert quote.speaker_as_written == "it"
    assert quote.speaker == "Ruritania"


def test_it_skips_names_inside_a_quotation_and_possessives():
    # Names inside the quoted words, or a possessive qualifying another subject, are not
    # what "it" stands for: the body quoted before goes on.
    text = ("The Harbour Board published its report on Monday. "
            "“We ask Ruritania to act now,” it said. "
            "Ruritania’s ministry disagreed, and it said the figures were “out of date”.")
    quotes = extract_quotes(text)
    assert quote_containing(quotes, "We ask").speaker == "Harbour Board"
    assert quote_containing(quotes, "out of date").speaker != "Ruritania"
