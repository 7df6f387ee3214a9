"""Pairwise precision and recall of claim clusters and syndication groups on the labelled
corpus (tests/fixtures/recurrence): copies, edits, changed figures and paraphrases of
real coverage, and articles on the same topic that must stay apart."""

import pytest

from flows.analyze import analyze_new_articles
from flows.config import Config
from flows.store import connect, migrate
from tests.fixtures.recurrence.corpus import (
    load_articles,
    load_claim_labels,
    score_corpus,
    store_articles,
)


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    cfg = Config()
    cfg.storage.database = str(tmp_path_factory.mktemp("quality") / "drumbeat.duckdb")
    migrate(cfg.database_path)
    articles = load_articles()
    with connect(cfg.database_path) as con:
        store_articles(con, articles)
    analyze_new_articles(cfg, run_id=1)
    with connect(cfg.database_path) as con:
        return score_corpus(con, articles, load_claim_labels())


def test_every_labelled_sentence_is_a_claim_mention(scores):
    assert scores.unlabelled_pieces == []


def test_claim_clusters_reach_the_precision_and_recall_targets(scores):
    assert scores.claim_pairs > 150
    assert scores.claim_precision >= 0.90, scores.false_pairs
    assert scores.claim_recall >= 0.85, scores.missed_pairs


def test_syndication_groups_reach_the_precision_and_recall_targets(scores):
    assert scores.copy_pairs >= 15
    assert scores.copy_precision >= 0.95
    assert scores.copy_recall >= 0.95
