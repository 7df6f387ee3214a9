"""Figure roles: what a figure is in its claim, where the sentence says."""

import pytest

from flows.analysis.figure_roles import with_roles
from flows.analysis.figures import find_figures


def roles(sentence: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.role) for f in with_roles(sentence, find_figures(sentence))
            if f.kind != "year"]


@pytest.mark.parametrize("sentence, expected", [
    ("The county trained 62,000 people last year, beating its target of 50,000.",
     [("62,000", "result"), ("50,000", "target")]),
    ("Kashgar has trained a total of 117,000 people since 2017.", [("117,000", "running total")]),
    ("The region aims to train 150,000 herders as drivers.", [("150,000", "target")]),
    ("Another 62,000 people would be trained in 2020, officials said.", [("62,000", "target")]),
    ("Aksu had lifted 628,000 people out of poverty by the end of 2019.", [("628,000", "result")]),
    ("So far 9,100 laborers from the county work in Guangdong.", [("9,100", "running total")]),
])
def test_the_clause_around_a_figure_names_its_role(sentence, expected):
    assert roles(sentence) == expected


def test_a_figure_without_a_cue_has_no_role():
    assert roles("Incomes in the county average 3,000 yuan a month.") == [("3,000 yuan", None)]


def test_claims_carry_their_figures_roles():
    from flows.analysis import analyze_article
    [claim] = analyze_article("The prefecture plans to move 20,000 workers into factories.").claims
    assert [f.role for f in claim.figures] == ["target"]
