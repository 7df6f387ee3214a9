"""End to end: recurring claims through `drumbeat run` on the local news site. A claim
restated in other words with a changed figure joins the cluster of its first statement;
a later article that links two clusters of one claim merges them, and the absorbed
cluster's id still resolves."""

from __future__ import annotations

import pytest

from tests.conftest import site_config_toml
from tests.support.newsite import NewsSite
from tests.support.newsite_content import ArticleSpec
from tests.test_e2e_ingest import drumbeat, query

pytestmark = pytest.mark.e2e

FIRST = ("Yarkant county in Kashgar prefecture sent 8,400 surplus rural laborers to textile "
         "mills in Guangdong province last year, the county's human resources bureau said.")
# other words, a later figure
CHANGED = ("The human resources bureau of Yarkant county said 9,100 surplus rural laborers "
           "from the county now work in textile mills in Guangdong.")
# the same claim, too far from the first to be linked to it directly
APART = ("In a labor transfer last year, Yarkant sent its rural laborers to textile mills in "
         "southern China.")
# close to both: a later run links them through it
BRIDGE = ("In a labor transfer last year, Yarkant sent 8,400 rural laborers to textile mills "
          "in Guangdong.")


def story(slug: str, published: str, claim: str, context: list[str]) -> ArticleSpec:
    return ArticleSpec(
        slug=slug, title=f"Yarkant labor transfer: {slug.replace('-', ' ')}",
        published=published, authors=["Test Desk"], section="Xinjiang", on_topic=True,
        paragraphs=[claim, *context])


CONTEXTS = {
    "bureau-report": [
        "Officials in Kashgar said the poverty alleviation program offers pre-job training "
        "in Mandarin, sewing and workplace safety before workers leave for factory jobs.",
        "The county plans to open two more vocational training centers this spring.",
    ],
    "mills-update": [
        "Employment in the industrial park outside the county seat also rose, officials said.",
        "Xinjiang's regional government has set targets for job placements in every "
        "prefecture since 2018.",
    ],
    "transfer-feature": [
        "Critics say the transfers are not voluntary; the Kashgar government says workers "
        "can return home whenever they wish.",
        "A researcher who studies the program said records of the transfers are incomplete.",
    ],
    "bridge-brief": [
        "The brief, released by the Kashgar government, also listed new poverty alleviation "
        "projects for factories in Hotan.",
        "Workers' wages are paid directly into their bank accounts, the brief said.",
    ],
}


def cluster_of(db, sentence: str) -> int:
    [(cluster,)] = query(db, "SELECT cluster_id FROM claim_mentions WHERE text = ?", [sentence])
    return cluster


def test_restatements_join_and_a_merged_cluster_keeps_resolving(tmp_path):
    site = NewsSite()
    site.start()
    try:
        site.add_article(story("bureau-report", "2024-03-04T09:00:00+08:00", FIRST,
                               CONTEXTS["bureau-report"]))
        site.add_article(story("mills-update", "2024-03-20T09:00:00+08:00", CHANGED,
                               CONTEXTS["mills-update"]))
        site.add_article(story("transfer-feature", "2024-03-22T09:00:00+08:00", APART,
                               CONTEXTS["transfer-feature"]))
        config = site_config_toml(site, tmp_path)
        db = tmp_path / "data" / "drumbeat.duckdb"
        first_run = drumbeat("run", config=config)
        assert first_run.returncode == 0, first_run.stderr

        claim = cluster_of(db, FIRST)
        assert cluster_of(db, CHANGED) == claim  # a paraphrase with a changed figure
        [(relation, matched_by)] = query(
            db, "SELECT relation, matched_by FROM claim_mentions WHERE text = ?", [CHANGED])
        assert matched_by == "semantic" and relation == "figure-changed"
        drift = query(db, "SELECT figures FROM number_drift WHERE cluster_id = ? "
                          "ORDER BY published_at", [claim])
        assert [figures for (figures,) in drift] == [["8,400"], ["9,100"]]
        apart = cluster_of(db, APART)
        assert apart != claim  # not yet linked

        site.add_article(story("bridge-brief", "2024-04-09T09:00:00+08:00", BRIDGE,
                               CONTEXTS["bridge-brief"]))
        second_run = drumbeat("run", config=config)
        assert second_run.returncode == 0, second_run.stderr
    finally:
        site.stop()

    # the bridge joined the claim, and the claim absorbed the other cluster: the older
    # id survives, and the absorbed one resolves to it
    assert cluster_of(db, BRIDGE) == claim
    assert cluster_of(db, APART) == claim
    assert query(db, "SELECT current_id, merged FROM claim_cluster_ids WHERE cluster_id = ?",
                 [apart]) == [(claim, True)]
    [(mentions, articles)] = query(
        db, "SELECT mentions, articles FROM claim_clusters WHERE cluster_id = ?", [claim])
    assert articles == 4 and mentions >= 4
    assert query(db, "SELECT count(*) FROM claim_clusters WHERE cluster_id = ?", [apart]) == [(0,)]
    # a third run with nothing new changes no cluster
    before = query(db, "SELECT mention_id, cluster_id FROM claims ORDER BY mention_id")
    third_run = drumbeat("run", config=config)
    assert third_run.returncode == 0, third_run.stderr
    assert query(db, "SELECT mention_id, cluster_id FROM claims ORDER BY mention_id") == before
