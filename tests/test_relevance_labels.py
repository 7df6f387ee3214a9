"""The relevance score's parts, the label rules, and `drumbeat label` / `drumbeat relevance`
through real runs on the local news site. Texts here are written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.records import Status
from flows.relevance import LEAD_WORDS, build_profile, is_example, score
from flows.store.labels import LabelError, parse_label_file
from tests.conftest import site_config_toml
from tests.support.newsite import NewsSite

SEEDS = [p.read_text() for p in sorted((Path(__file__).parents[1] / "seeds").glob("*.txt"))]
KEYWORDS = ["xinjiang|kashgar", "poverty alleviation|poverty relief", "labor transfer",
            "employment|jobs"]
DESCRIPTION = ("Xinjiang's labor transfer and poverty relief programs, as official media "
               "describe them and as critics report them (forced labor), with each side's "
               "denials.")
OFFICIAL = """Kashgar prefecture in Xinjiang has organised vocational training for 20,000
farmers this year, and local factories have hired most of them under the poverty relief
programme, which pays a monthly wage of 2,500 yuan, officials said."""
CRITICAL = """Researchers say the labor transfer program in Xinjiang coerces Uyghur farmers into
factory work far from home under quotas set by officials. The foreign ministry in Beijing
denied the report, saying all workers take part voluntarily and are paid properly."""
SPORT = """The home side won the derby 3-1 on Saturday night after a second-half comeback. The
striker scored twice and the coach praised the crowd for its support during the season."""


@pytest.fixture(scope="module")
def profile():
    return build_profile(SEEDS, KEYWORDS, ["xinjiang|kashgar"], description=DESCRIPTION)


def test_parts_are_stored_and_combine_as_documented(profile):
    r = score(OFFICIAL, profile)
    d = r.as_dict()
    for part in ("seeds", "examples", "description", "keywords", "penalty", "lexical", "base"):
        assert part in d
    assert r.score == round((r.story + r.description + r.keywords) / 3, 4)
    assert r.story == max(r.seeds, r.examples)
    assert 0 < r.description <= 1 and 0 < r.seeds <= 1


def test_critical_coverage_scores_near_the_official_telling(profile):
    official, critical, sport = (score(t, profile) for t in (OFFICIAL, CRITICAL, SPORT))
    assert critical.on_topic(0.25) and official.on_topic(0.25)
    assert sport.score < 0.1 and not sport.on_topic(0.25)
    assert critical.description > sport.description + 0.2


def test_required_place_must_be_in_the_headline_or_opening(profile):
    filler = " ".join(["The county relocated farmers to new homes and trained them."] * 20)
    late = filler + " The region borders Xinjiang."
    r = score(late, profile)
    assert len(late.split()) > LEAD_WORDS
    assert r.missing_required == ("xinjiang",) and r.late_required == ("xinjiang",)
    assert not r.on_topic(0.0)
    assert not score(late, profile, title="Kashgar relocation").missing_required


def test_labelled_examples_pull_neighbours_and_off_labels_push_them_away(profile):
    before = score(CRITICAL, profile)
    on = profile.with_examples([("a1", CRITICAL + " More of the same report.")])
    assert score(CRITICAL, on).examples > before.examples
    assert score(CRITICAL, on).example_id == "a1"
    off = profile.with_examples([], [("b1", CRITICAL)])
    pushed = score(CRITICAL, off)
    assert pushed.off_topic_id == "b1" and pushed.penalty > 0
    assert pushed.score < before.score


def test_only_labels_and_margins_make_examples():
    assert is_example({"label": "on", "base": 0.0}, 0.25)
    assert not is_example({"label": "off", "base": 0.9}, 0.25)
    # unlabelled articles are not examples by default (measured drift, see STORED_EXAMPLES)
    assert not is_example({"base": 0.9, "missing_required": []}, 0.25)


def test_label_file_lines_are_checked_before_anything_is_recorded():
    labels = parse_label_file("# comment\n\nhttps://x.test/a on\nhttps://x.test/b OFF\n", "f")
    assert [(x.url, x.on_topic, x.origin) for x in labels] == [
        ("https://x.test/a", True, "f:3"), ("https://x.test/b", False, "f:4")]
    with pytest.raises(LabelError) as exc:
        parse_label_file("https://x.test/a on\nhttps://x.test/b maybe\njust-a-url\n", "f")
    assert "nothing recorded" in str(exc.value)
    assert "f:2" in str(exc.value) and "f:3" in str(exc.value)


# -- end to end ---------------------------------------------------------------------------

@pytest.mark.e2e
def test_a_label_is_honoured_by_the_next_run(tmp_path):
    from tests.test_e2e_ingest import drumbeat, query

    site = NewsSite()
    site.start()
    try:
        config = site_config_toml(site, tmp_path)
        db = tmp_path / "data" / "drumbeat.duckdb"
        first = drumbeat("run", config=config)
        assert first.returncode == 0, first.stderr
        assert "filed off-topic" in first.stdout and "drumbeat relevance --run 1" in first.stdout
        off = query(db, "SELECT canonical_url, article_id FROM articles WHERE NOT on_topic "
                        "ORDER BY canonical_url LIMIT 1")[0]
        on = query(db, "SELECT canonical_url, article_id FROM articles WHERE on_topic AND "
                       "json_extract(relevance, '$.seed') IS NULL ORDER BY canonical_url "
                       "LIMIT 1")[0]

        listing = drumbeat("relevance", "--run", "1", "--limit", "3", config=config)
        assert listing.returncode == 0, listing.stderr
        assert "nearest the threshold" in listing.stdout

        # bad input: nothing is recorded, every problem is named
        unknown = drumbeat("label", "https://nowhere.test/x.html", "--on-topic", config=config)
        assert unknown.returncode == 2 and "unknown URL" in unknown.stderr
        bad = tmp_path / "labels.txt"
        bad.write_text(f"{off[0]} on\n{on[0]} sideways\n")
        result = drumbeat("label", "--file", str(bad), config=config)
        assert result.returncode == 2 and "labels.txt:2" in result.stderr
        mixed = tmp_path / "mixed.txt"
        mixed.write_text(f"{off[0]} on\nhttps://nowhere.test/y.html off\n")
        result = drumbeat("label", "--file", str(mixed), config=config)
        assert result.returncode == 2 and "mixed.txt:2" in result.stderr
        assert query(db, "SELECT count(*) FROM relevance_labels")[0][0] == 0
        both = drumbeat("label", off[0], "--on-topic", "--off-topic", config=config)
        assert both.returncode == 2

        good = tmp_path / "good.txt"
        good.write_text(f"{off[0]} on\n{on[0]} off\n")
        result = drumbeat("label", "--file", str(good), config=config)
        assert result.returncode == 0, result.stderr
        assert dict(query(db, "SELECT article_id, on_topic FROM articles WHERE article_id IN "
                              "(?, ?)", [off[1], on[1]])) == {off[1]: True, on[1]: False}
        statuses = dict(query(db, "SELECT article_id, status FROM urls WHERE article_id IN "
                                  "(?, ?)", [off[1], on[1]]))
        assert statuses == {off[1]: Status.STORED, on[1]: Status.OFF_TOPIC}
        assert query(db, "SELECT count(*) FROM article_analysis WHERE article_id = ?",
                     [on[1]])[0][0] == 0

        second = drumbeat("run", config=config)
        assert second.returncode == 0, second.stderr
        # the newly on-topic article was analysed; both labels still hold
        assert query(db, "SELECT count(*) FROM article_analysis WHERE article_id = ?",
                     [off[1]])[0][0] == 1
        assert dict(query(db, "SELECT article_id, on_topic FROM articles WHERE article_id IN "
                              "(?, ?)", [off[1], on[1]])) == {off[1]: True, on[1]: False}
        # re-extraction re-scores every article, and still follows the labels
        again = drumbeat("reextract", config=config)
        assert again.returncode == 0, again.stderr
        rows = dict(query(db, "SELECT article_id, relevance FROM articles WHERE article_id IN "
                              "(?, ?)", [off[1], on[1]]))
        assert json.loads(rows[off[1]])["label"] == "on"
        assert json.loads(rows[on[1]])["label"] == "off"
        assert dict(query(db, "SELECT article_id, on_topic FROM articles WHERE article_id IN "
                              "(?, ?)", [off[1], on[1]])) == {off[1]: True, on[1]: False}
    finally:
        site.stop()
