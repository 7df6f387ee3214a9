"""The relevance score: seeds and keywords define the topic."""

from pathlib import Path

from flows.relevance import build_profile, score

SEEDS = [p.read_text() for p in sorted((Path(__file__).parents[1] / "seeds").glob("*.txt"))]
KEYWORDS = ["xinjiang|kashgar", "poverty alleviation|poverty relief", "vocational training",
            "employment|jobs"]

ON_TOPIC = """Kashgar prefecture in Xinjiang has organised vocational training for 20,000
farmers this year, officials said, and local factories in the industrial park have hired most
of them. The poverty relief programme pays a monthly wage of 2,500 yuan and helps
employment of rural workers from poverty-stricken villages."""

OFF_TOPIC = """The home side won the derby 3-1 on Saturday night after a second-half
comeback. The striker scored twice and the coach praised the crowd for its support during a
difficult season in the league."""


def test_on_topic_scores_well_above_off_topic():
    profile = build_profile(SEEDS, KEYWORDS)
    on, off = score(ON_TOPIC, profile), score(OFF_TOPIC, profile)
    assert on.score > 0.4
    assert off.score < 0.1
    assert set(on.matched) == {"xinjiang", "poverty alleviation", "vocational training",
                               "employment"}
    assert off.matched == ()


def test_seeds_score_high_against_their_own_profile():
    profile = build_profile(SEEDS, KEYWORDS)
    for text in SEEDS:
        assert score(text, profile).similarity > 0.5


def test_keyword_match_is_on_word_boundaries():
    profile = build_profile(["nothing shared"], ["jobs"])
    assert score("The jobsite was closed.", profile).keywords == 0.0
    assert score("New jobs were created.", profile).keywords == 1.0


def test_without_keywords_the_score_is_the_mean_of_story_and_description():
    profile = build_profile(SEEDS, [], description="Xinjiang labor transfer and poverty relief")
    result = score(ON_TOPIC, profile)
    assert result.score == round((result.story + result.description) / 2,
                                 4)


def test_required_keywords_keep_similar_coverage_elsewhere_off_topic():
    profile = build_profile(SEEDS, KEYWORDS, required=["xinjiang|kashgar|hotan"])
    elsewhere = ("A battery factory in Jiangsu will create jobs for 3,000 workers and offer "
                 "vocational training to employment seekers, officials said.")
    result = score(elsewhere, profile)
    assert result.missing_required == ("xinjiang",)
    assert not result.on_topic(0.0)
    assert score(ON_TOPIC, profile).on_topic(0.25)
