"""Quotes and speakers in wire and state-media style: documents and bodies as sources,
descriptions resolved to names within the article, speakers named before or after, and
names spelt a letter apart. Sentences written for these tests."""

from flows.analysis import extract_quotes, split_sentences
from flows.analysis.speakers import one_letter_apart


def speakers_of(text):
    return [(q.text, q.speaker) for q in extract_quotes(text)]


def test_a_report_speaks_for_the_body_that_issued_it():
    text = ("Farm wages rose sharply last year, the Lakeside Institute said in a report "
            "released Monday. Most of the gains went to seasonal workers, according to the "
            "report, which was written by two economists.")
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Lakeside Institute", "Lakeside Institute"]
    assert "which was written" not in quotes[1].text


def test_a_notice_and_data_are_speakers_with_their_issuer():
    text = ("A notice posted last week to the website of the county government said 4,000 "
            "herders were trained. The county has built 12 new schools, according to data "
            "from the provincial education bureau.")
    quotes = extract_quotes(text)
    assert quotes[0].speaker.startswith("A notice posted last week to the website")
    assert quotes[1].speaker == "provincial education bureau"


def test_a_role_description_takes_the_name_the_article_gives_later():
    text = ("The director of the county water bureau says the new canal will serve 30 "
            "villages.\n"
            "Dorje Wangmo, water bureau director, said on Monday that work would start in "
            "spring.")
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Dorje Wangmo", "Dorje Wangmo"]
    assert quotes[0].role == "The director of the county water bureau"


def test_a_lede_description_is_the_person_quoted_next():
    text = ("The region has met its housing target, the deputy governor announced yesterday.\n"
            "The last 2,000 families moved in December, said Norbu in a speech to the "
            "assembly.")
    assert [q.speaker for q in extract_quotes(text)] == ["Norbu", "Norbu"]


def test_a_person_known_by_one_name_is_who_he_means():
    text = ("Tashi, the chairman of the cooperative, said prices were fair.\n"
            "“We pay on time,” he said. “Nobody is forced to sell.”")
    assert {q.speaker for q in extract_quotes(text)} == {"Tashi"}


def test_a_name_misspelt_by_one_letter_is_the_same_person():
    text = ("Pema Yangzom runs the village clinic.\n"
            "“We see twenty patients a day,” said Yangzon, 41.")
    assert speakers_of(text)[0][1] == "Pema Yangzom"
    assert one_letter_apart("Yangzon", "Yangzom")
    assert not one_letter_apart("Li", "Lu")  # short names a letter apart are other names


def test_a_body_named_with_of_or_on_is_one_organisation():
    text = ("The office had been empty for a year, according to the Board on Rural "
            "Affairs.")
    assert speakers_of(text)[0][1] == "Board on Rural Affairs"


def test_the_us_as_a_name_is_not_the_pronoun_us():
    text = "The talks will resume in May, the US Department of Trade said."
    assert speakers_of(text) == [("The talks will resume in May", "US Department of Trade")]


def test_a_speaker_with_a_parenthesis_and_an_occasion_before_the_verb():
    text = ("Ministry spokesman Zhao Ming (赵明) at a daily news briefing in the capital "
            "called the visit “a provocation” meant to “stir up trouble.”")
    assert speakers_of(text)[0][1] == "Zhao Ming"


def test_a_short_report_takes_in_its_verb():
    text = ("The ministry strongly denied the use of forced labour.\n"
            "“They can leave,” she said, insisting the scheme was voluntary.")
    texts = [q.text for q in extract_quotes(text)]
    assert "strongly denied the use of forced labour" in texts
    assert "she said, insisting the scheme was voluntary" in texts


def test_a_short_quoted_phrase_named_by_a_verb_is_no_quote():
    text = "Region declares “total victory” in housing drive"
    assert extract_quotes(text) == []


def test_relative_clause_after_a_plural_noun_is_no_report():
    text = "Reporters found company filings and state media reports that describe the scheme."
    assert extract_quotes(text) == []


def test_sentences_glued_without_a_space_are_split_with_exact_offsets():
    text = "The plan is voluntary.Tenzin, the mayor, said on Friday that it worked."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The plan is voluntary.", "Tenzin, the mayor, said on Friday that it worked."]
    for s in sentences:
        assert text[s.start : s.end] == s.text
    assert split_sentences("He met e.g.The U.S.A. team.")[0].text == "He met e.g.The U.S.A. team."


def test_a_dateline_and_photo_credit_are_not_speakers():
    text = ("LHASA, May 3 (Xinhua) -- Herders in the county received new homes, local "
            "officials said.\n"
            "Photo: Reuters\n"
            "Jampa Tsering / Regional Daily")
    assert speakers_of(text) == [
        ("LHASA, May 3 (Xinhua) -- Herders in the county received new homes", "local officials")]


def test_every_quote_says_why_it_has_its_speaker():
    from flows.analysis import analyze_article
    text = ("Zhang Ke, deputy chief of the county, said 62,000 people were trained. "
            "“We will train more next year,” Zhang said. "
            "“The work goes on.”")
    quotes = analyze_article(text).quotes
    assert quotes and all(q.reason for q in quotes)
    said = [q for q in quotes if q.speaker_as_written == "Zhang"]
    assert said and "'said' names the speaker" in said[0].reason
    assert "'Zhang' resolved to 'Zhang Ke'" in said[0].reason
