from pathlib import Path

from flows.analysis import ANALYZER_VERSION, analyze_article

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "jiashi_training.txt"


def test_analyze_article_returns_sentences_claims_and_quotes_with_offsets():
    text = FIXTURE.read_text(encoding="utf-8")
    analysis = analyze_article(text)
    assert analysis.analyzer_version == ANALYZER_VERSION
    assert len(analysis.sentences) == 13
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for claim in analysis.claims:
        assert text[claim.start : claim.end] == claim.text
        for figure in claim.figures:
            assert text[figure.start : figure.end] == figure.text
    assert {q.speaker for q in analysis.quotes} == {
        "Zhang Ke", "Aynur Tohti", "the regional human resources department",
        "the county government",
    }


def test_captions_credits_and_editor_lines_are_not_claims():
    text = FIXTURE.read_text(encoding="utf-8")
    claimed = {claim.text for claim in analyze_article(text).claims}
    assert not any("[Photo/Xinhua]" in c or "sew garments" in c or "Editor" in c for c in claimed)


def test_the_two_training_figures_share_a_template_for_drift():
    text = FIXTURE.read_text(encoding="utf-8")
    claims = analyze_article(text).claims
    trained = [c for c in claims if "people would be trained" in c.text or "trained 50,000" in c.text]
    assert len(trained) == 2
    assert [f.value for c in trained for f in c.figures if f.unit == "people"] == [50000.0, 62000.0]


def test_same_claim_with_a_changed_number_gets_the_same_template():
    first = analyze_article("The county trained 50,000 people in 2019, officials said.").claims
    second = analyze_article("The county trained 62,000 people in 2020, officials said.").claims
    assert first[0].template == second[0].template
    assert first[0].figures[0].value != second[0].figures[0].value


def test_empty_text():
    analysis = analyze_article("")
    assert (analysis.sentences, analysis.claims, analysis.quotes) == ((), (), ())
