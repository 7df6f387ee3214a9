from flows.analysis import claim_template, find_figures, score_claim, split_sentences
from flows.analysis.claims import CLAIM_THRESHOLD
from flows.analysis.records import Sentence


def claim_for(text):
    (sentence,) = split_sentences(text)
    return score_claim(sentence, find_figures(sentence.text, sentence.start))


def test_changed_figures_share_one_template():
    first = "The county trained 50,000 people in 2019."
    second = "The county  trained 62,000 people in 2020."
    template = claim_template(first, find_figures(first))
    assert template == "the county trained <count> people in <year>"
    assert claim_template(second, find_figures(second)) == template


def test_templates_fold_quotes_case_and_trailing_punctuation():
    sentence = "“Salaries reach 2,000 to 3,000 yuan a month,” he said."
    assert claim_template(sentence, find_figures(sentence)) == (
        'salaries reach <range> a month," he said')


def test_template_with_article_offsets_needs_the_base():
    sentence = Sentence(3, 200, 233, "Income rose 8.8 per cent in Aksu.")
    figures = find_figures(sentence.text, sentence.start)
    assert claim_template(sentence.text, figures, base=200) == "income rose <percent> in aksu"


def test_a_sentence_with_figures_and_a_place_is_a_claim_with_its_features():
    claim = claim_for("More than 117,000 people in Kashgar prefecture found jobs in 2019.")
    assert claim is not None
    assert claim.features["count"] == 1
    assert claim.features["year"] == 1
    assert claim.features["place_or_body"] == 1
    assert claim.features["comparative"] == 1
    assert CLAIM_THRESHOLD <= claim.score <= 1.0
    assert claim.template.startswith("more than <count> people in kashgar prefecture")


def test_boilerplate_is_never_a_claim():
    for line in ["[Photo/Xinhua]", "Editor: Li Yan", "READ MORE: 3,000 jobs for 2020 graduates",
                 "Copyright 2020 China Daily, all rights reserved, 100 percent."]:
        assert claim_for(line) is None, line


def test_questions_are_not_claims_and_plain_narration_ranks_below_claims():
    assert claim_for("Where will the 5,000 graduates of 2020 find work next year?") is None
    narration = claim_for("He walked home slowly after the meeting ended.")
    assert narration is not None and narration.features == {"statement": 1}
    assert narration.score < CLAIM_THRESHOLD


def test_a_claim_needs_no_figure():
    for text in ["Participation in the programme is in effect compulsory.",
                 "These accusations are groundless lies.",
                 "It is one of the main battlegrounds of the campaign against poverty."]:
        claim = claim_for(text)
        assert claim is not None, text
        assert claim.features.get("statement") == 1 or claim.score >= CLAIM_THRESHOLD


def test_a_short_remark_is_no_statement():
    assert claim_for("He said it was so, and so it was.") is None


def test_score_rises_with_more_evidence():
    weak = claim_for("Officials in Aksu prefecture met in 2019 to discuss the plan.")
    strong = claim_for("Officials in Aksu said incomes rose 8.8 per cent to 3,000 yuan in 2019.")
    assert strong is not None
    assert weak is None or weak.score < strong.score


def test_words_that_open_link_lines_elsewhere_do_not_make_boilerplate():
    claim = claim_for("Share prices rose 5 percent in Aksu prefecture last year.")
    assert claim is not None
    assert claim.features["percent"] == 1


def test_sentences_that_may_not_claim_are_the_ones_score_claim_rejects_unseen():
    from flows.analysis.claims import may_claim, scored_claim

    text = ("Officials in Aksu said incomes rose 8.8 per cent to 3,000 yuan in 2019. "
            "Where will the 5,000 graduates of 2020 find work next year? "
            "Editor: Li Yan\nHe walked home.")
    for sentence in split_sentences(text):
        found = score_claim(sentence)
        if not may_claim(sentence.text):
            assert found is None, sentence.text
        else:
            figures = find_figures(sentence.text, sentence.start)
            assert scored_claim(sentence, figures) == found
