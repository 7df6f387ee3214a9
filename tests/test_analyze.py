"""The analyze stage against a real DuckDB file: incremental runs, stable ids, flags,
re-analysis, and the views' columns."""

import json

import pytest
from numpy._core.multiarray import _set_madvise_hugepage

from flows.analyze import (
    analysis_version,
    analyze_new_articles,
    collector_paused,
    reanalyze_all,
    small_pages,
)
from flows.config import Config
from flows.store import connect, migrate
from flows.store.analysis import ANALYSIS_TABLES
from flows.store.db import SUMMARIES_MIGRATION
from flows.store.summaries import rebuild_summaries
from tests.fixtures.recurrence.corpus import load_articles, store_articles

CORPUS = {a.key: a for a in load_articles()}
AKSU = "117,000 people in Aksu prefecture"


@pytest.fixture
def cfg(tmp_path):
    config = Config()
    config.storage.database = str(tmp_path / "drumbeat.duckdb")
    migrate(config.database_path)
    return config


def add(cfg, *keys):
    with connect(cfg.database_path) as con:
        store_articles(con, [CORPUS[k] for k in keys])


def snapshot(cfg):
    """Every analysis row, minus the run that wrote it."""
    out = {}
    with connect(cfg.database_path) as con:
        for table in ANALYSIS_TABLES:
            cursor = con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            keep = [i for i, n in enumerate(names) if n != "run_id"]
            out[table] = sorted(repr([row[i] for i in keep]) for row in cursor.fetchall())
    return out


def one(cfg, sql, params=None):
    with connect(cfg.database_path) as con:
        return con.execute(sql, params or []).fetchall()


def aksu_cluster(cfg):
    rows = one(cfg, "SELECT DISTINCT cluster_id FROM claim_mentions WHERE text LIKE ?",
               [f"%{AKSU}%"])
    assert len(rows) == 1
    return rows[0][0]


def test_a_second_run_changes_nothing(cfg):
    add(cfg, "a01", "a02", "c01", "g02")
    counts = analyze_new_articles(cfg, run_id=1)
    assert counts["articles"] == 4 and counts["claims"] > 20 and counts["copies"] == 1
    assert counts["quotes"] > 5 and counts["flags"] > 0
    before = snapshot(cfg)
    again = analyze_new_articles(cfg, run_id=2)
    assert again["articles"] == 0 and again["claims"] == 0 and again["flags"] == 0
    assert snapshot(cfg) == before


def test_a_new_article_joins_the_right_cluster_and_group_with_stable_ids(cfg):
    add(cfg, "a01", "c01", "g02")
    analyze_new_articles(cfg, run_id=1)
    cluster = aksu_cluster(cfg)
    first_mention = one(cfg, "SELECT mention_id FROM claim_mentions WHERE cluster_id = ?",
                        [cluster])
    assert first_mention == [(cluster,)]  # a cluster's id is its first mention's id
    add(cfg, "a03", "f02")  # a re-headlined mirror, and a paraphrase in another story
    counts = analyze_new_articles(cfg, run_id=2)
    assert counts["articles"] == 2 and counts["copies"] == 1
    assert aksu_cluster(cfg) == cluster
    rows = one(cfg, "SELECT outlet, relation FROM claim_mentions WHERE cluster_id = ? "
                    "ORDER BY published_at", [cluster])
    assert rows == [("xinhuanet.com", "first"), ("chinadaily.com.cn", "verbatim"),
                    ("apnews.com", "paraphrase")]
    group = one(cfg, "SELECT group_id, origin_article_id, credit, is_origin FROM syndication "
                     "WHERE outlet = 'chinadaily.com.cn'")
    assert group == [(CORPUS["a01"].article_id, CORPUS["a01"].article_id, "Xinhua", False)]
    clusters = one(cfg, "SELECT mentions, articles, outlets, weeks, first_outlet "
                        "FROM claim_clusters WHERE cluster_id = ?", [cluster])
    assert clusters == [(3, 3, 3, 2, "xinhuanet.com")]


def test_flags_for_a_week_with_their_evidence(cfg):
    add(cfg, "b01", "a01", "a02", "a03", "h01")
    analyze_new_articles(cfg, run_id=1)
    week = dict(((kind, subject), (summary, json.loads(evidence))) for kind, subject, summary,
                evidence in one(cfg, "SELECT kind, subject_id, summary, evidence FROM flags "
                                     "WHERE iso_week = '2020-W15'"))
    story = week[("syndicated-story", CORPUS["a01"].article_id)]
    assert "copied 2 times" in story[0]
    assert [row["outlet"] for row in story[1]] == [
        "xinhuanet.com", "chinaxinjiang.cn", "chinadaily.com.cn"]
    assert set(story[1][0]) == {"article_id", "url", "outlet", "published_at", "text"}
    assert ("new-outlet", "chinaxinjiang.cn") in week
    later = one(cfg, "SELECT kind, summary FROM flags WHERE iso_week = '2018-W20' ORDER BY kind")
    kinds = [k for k, _ in later]
    assert "number-drift" in kinds and "resurfaced-claim" in kinds
    assert "recurring-speaker" in kinds  # Zhang Ke, quoted in 2016 and 2018
    drift = [s for k, s in later if k == "number-drift"]
    assert any("1.65 million" in s for s in drift)
    ids = one(cfg, "SELECT flag_id, count(*) FROM flags GROUP BY 1 HAVING count(*) > 1")
    assert ids == []


def test_an_older_article_found_later_recomputes_the_weeks_after_it(cfg):
    add(cfg, "h01")
    analyze_new_articles(cfg, run_id=1)
    assert not one(cfg, "SELECT * FROM flags WHERE kind = 'number-drift'")
    add(cfg, "b02")  # 2016: h01's 2018 figures now drift from it
    counts = analyze_new_articles(cfg, run_id=2)
    assert counts["flags"] > 0
    drift = one(cfg, "SELECT iso_week FROM flags WHERE kind = 'number-drift'")
    assert drift == [("2018-W20",)]
    first = one(cfg, "SELECT first_outlet FROM claim_clusters WHERE representative LIKE "
                     "'About 2.61 million%'")
    assert first == [("ecns.cn",)]


def test_reanalyze_rebuilds_the_same_clusters_from_stored_text(cfg):
    add(cfg, "a01", "a02", "a04", "f01", "c01")
    analyze_new_articles(cfg, run_id=1)
    before = one(cfg, "SELECT mention_id, cluster_id, relation FROM claims ORDER BY 1")
    flags = one(cfg, "SELECT flag_id FROM flags ORDER BY 1")
    counts = reanalyze_all(cfg, run_id=2)
    assert counts["articles"] == 5
    assert one(cfg, "SELECT mention_id, cluster_id, relation FROM claims ORDER BY 1") == before
    assert one(cfg, "SELECT flag_id FROM flags ORDER BY 1") == flags


def test_articles_analysed_by_another_version_are_analysed_again(cfg):
    add(cfg, "a01", "a02")
    analyze_new_articles(cfg, run_id=1)
    clusters = one(cfg, "SELECT mention_id, cluster_id FROM claims ORDER BY 1")
    with connect(cfg.database_path) as con:
        con.execute("UPDATE article_analysis SET analyzer_version = 'analysis 0' "
                    "WHERE article_id = ?", [CORPUS["a02"].article_id])
    counts = analyze_new_articles(cfg, run_id=2)
    assert counts["articles"] == 1 and counts["reanalysed"] == 1
    assert one(cfg, "SELECT mention_id, cluster_id FROM claims ORDER BY 1") == clusters
    assert one(cfg, "SELECT DISTINCT analyzer_version FROM article_analysis") == [
        (analysis_version(),)]


def test_off_topic_articles_are_not_analysed(cfg):
    with connect(cfg.database_path) as con:
        store_articles(con, [CORPUS["g04"]], on_topic=False)
    assert analyze_new_articles(cfg, run_id=1)["articles"] == 0


CONTRACT = {
    "claim_mentions": "mention_id cluster_id article_id sentence_index start_offset end_offset "
                      "text template score relation similarity published_at iso_week outlet "
                      "title canonical_url",
    "claim_clusters": "cluster_id representative template mentions articles outlets weeks "
                      "first_seen last_seen first_article_id first_url first_outlet",
    "number_drift": "template_key template cluster_id mention_id article_id published_at "
                    "iso_week figures values outlet canonical_url sentence",
    "syndication": "group_id article_id is_origin origin_article_id similarity published_at "
                   "outlet title canonical_url credit",
    "quotes": "quote_id article_id start_offset end_offset text kind speaker_as_written "
              "speaker speaker_key role organisation speaker_kind verb published_at iso_week "
              "outlet title canonical_url",
    "speakers": "speaker_key name kind aliases roles quotes articles outlets first_seen "
                "last_seen",
    "outlets": "outlet site_names articles on_topic_articles copies copied_share first_seen "
               "last_seen",
    "flags": "flag_id iso_week kind subject_id summary score evidence",
}


def test_views_keep_their_columns(cfg):
    with connect(cfg.database_path) as con:
        for view, columns in CONTRACT.items():
            found = [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]
            assert found[:len(columns.split())] == columns.split(), view
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'number_drift'").fetchall())
        assert types["figures"] == "VARCHAR[]" and types["values"] == "DOUBLE[]"


def summaries(cfg):
    with connect(cfg.database_path) as con:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("claim_cluster_stats", "speaker_stats")}


def test_summaries_kept_batch_by_batch_equal_a_rebuild_from_scratch(cfg):
    """The cluster and speaker summaries the views read are refreshed for what each batch
    touches; after runs in small batches, an older article found later and an article
    analysed again, they are what a full recomputation gives."""
    cfg.recurrence.batch_articles = 2
    add(cfg, "h01", "a01", "a02", "c01")
    analyze_new_articles(cfg, run_id=1)
    add(cfg, "b02", "a03", "f02", "a04")  # b02 is older than h01: the first mention moves
    analyze_new_articles(cfg, run_id=2)
    with connect(cfg.database_path) as con:
        con.execute("UPDATE article_analysis SET analyzer_version = 'analysis 0' "
                    "WHERE article_id = ?", [CORPUS["a02"].article_id])
    analyze_new_articles(cfg, run_id=3)
    kept = summaries(cfg)
    assert len(kept["claim_cluster_stats"]) > 20 and len(kept["speaker_stats"]) > 3
    with connect(cfg.database_path) as con:
        rebuild_summaries(con)
    assert summaries(cfg) == kept
    drifting = one(cfg, "SELECT cluster_id FROM claim_clusters WHERE drifting ORDER BY 1")
    assert drifting and drifting == one(cfg, "SELECT DISTINCT cluster_id FROM number_drift "
                                             "ORDER BY 1")


def test_a_database_analysed_before_summaries_gets_them_filled(cfg):
    add(cfg, "a01", "a02", "c01")
    analyze_new_articles(cfg, run_id=1)
    kept = summaries(cfg)
    with connect(cfg.database_path) as con:  # as it was before migration 003
        con.execute("DROP VIEW claim_clusters; DROP VIEW number_drift; DROP VIEW speakers; "
                    "DROP TABLE claim_cluster_stats; DROP TABLE speaker_stats; "
                    f"DELETE FROM schema_migrations WHERE name = '{SUMMARIES_MIGRATION}'")
    assert SUMMARIES_MIGRATION in migrate(cfg.database_path)
    assert summaries(cfg) == kept and kept["claim_cluster_stats"]


def test_candidate_variants_decode_signatures_whatever_their_size():
    import numpy as np

    from flows.recurrence.minhash import PERMUTATIONS, to_blob
    from flows.store.analysis import _variants_and_signatures

    full = np.arange(PERMUTATIONS, dtype=np.uint32)
    rows = [(1, 10, 5, to_blob(full), "a b", "", "k"), (2, 20, 6, to_blob(full + 1), "", "x", "")]
    found, matrix = _variants_and_signatures(rows)
    assert (found[2].signature == full + 1).all() and found[1].words == frozenset({"a", "b"})
    assert found[2].words == frozenset() and found[2].names == frozenset({"x"})
    assert (matrix[1] == full + 1).all()
    odd, matrix = _variants_and_signatures(rows + [(3, 30, 1, to_blob(full[:4]), "", "", "")])
    assert list(odd[3].signature) == [0, 1, 2, 3] and (odd[1].signature == full).all()
    assert matrix is None  # sizes differ: no one matrix


def test_the_collector_is_paused_for_a_batch_and_restored_after_it_even_on_error():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a batch fails")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def _huge_pages() -> bool:
    value = _set_madvise_hugepage(False)
    _set_madvise_hugepage(value)
    return value


def test_huge_pages_are_off_for_a_batch_and_restored_after_it_even_on_error():
    original = _set_madvise_hugepage(True)
    try:
        with pytest.raises(RuntimeError), small_pages():
            assert _huge_pages() is False
            raise RuntimeError("a batch fails")
        assert _huge_pages() is True
        _set_madvise_hugepage(False)
        with small_pages():
            pass
        assert _huge_pages() is False  # left as the caller had it
    finally:
        _set_madvise_hugepage(original)


def test_the_analyze_stage_runs_its_batches_without_huge_pages(cfg, monkeypatch):
    import flows.analyze as analyze

    seen = []
    real = analyze.analyze_batch

    def recording(*args, **kwargs):
        seen.append(_huge_pages())
        return real(*args, **kwargs)

    monkeypatch.setattr(analyze, "analyze_batch", recording)
    add(cfg, "a01", "a02", "c01")
    original = _set_madvise_hugepage(True)
    try:
        assert analyze_new_articles(cfg, run_id=1)["articles"] == 3
        assert seen and not any(seen)
        assert _huge_pages() is True
    finally:
        _set_madvise_hugepage(original)


def test_an_off_topic_copy_of_an_analysed_story_is_promoted_and_analysed(cfg):
    """a04 trims a01: filed off topic (its own score fell short), it is a copy of an
    on-topic story, so it is on topic, analysed and grouped with it; g04, off topic and a
    copy of nothing, stays as it was."""
    add(cfg, "a01")
    with connect(cfg.database_path) as con:
        store_articles(con, [CORPUS["a04"], CORPUS["g04"]], on_topic=False)
    counts = analyze_new_articles(cfg, run_id=1)
    assert counts["promoted_copies"] == 1 and counts["articles"] == 2
    original, trimmed, other = (CORPUS[k].article_id for k in ("a01", "a04", "g04"))
    assert one(cfg, "SELECT article_id, on_topic FROM articles ORDER BY article_id") == sorted(
        [(original, True), (trimmed, True), (other, False)])
    assert one(cfg, "SELECT article_id, copy_of FROM copy_checks ORDER BY article_id") == sorted(
        [(trimmed, original), (other, None)])
    groups = dict(one(cfg, "SELECT article_id, group_id FROM syndication_members"))
    assert groups[trimmed] == groups[original]
    # checked once: a second run checks nothing again
    assert analyze_new_articles(cfg, run_id=2)["promoted_copies"] == 0
    assert one(cfg, "SELECT count(*) FROM copy_checks") == [(2,)]


def test_every_cluster_id_ever_given_resolves_after_a_rebuild(cfg):
    """Merged ids, and ids a rebuild does not give again (the earliest copy of a story
    was stored after the first analysis, so its claims' first mentions change), resolve
    to the cluster that holds their claim now: a saved query or digest link keeps
    working."""
    add(cfg, *[k for k in CORPUS if k != "a01"])
    analyze_new_articles(cfg, run_id=1)
    given = one(cfg, "SELECT cluster_id FROM claim_cluster_ids")
    assert one(cfg, "SELECT count(*) FROM claim_cluster_merges")[0][0] > 0
    add(cfg, "a01")  # the wire original, older than every copy analysed above
    counts = reanalyze_all(cfg, run_id=2)
    assert counts["resolved_ids"] > 0
    resolved = dict(one(cfg, "SELECT cluster_id, current_id FROM claim_cluster_ids"))
    current = {c for (c,) in one(cfg, "SELECT cluster_id FROM claim_clusters")}
    assert all(resolved.get(old) in current for (old,) in given)


def clusters_of_mentions(cfg):
    return sorted(one(cfg, "SELECT mention_id, cluster_id FROM claim_mentions"))


def test_only_pairs_that_could_link_are_embedded_and_the_clusters_are_the_same(
        cfg, tmp_path, monkeypatch):
    """Embedding only the pairs that words, figures and names leave possible gives the
    clusters that embedding every variant gives."""
    import flows.analyze as analyze_module

    keys = [a.key for a in load_articles()]
    add(cfg, *keys)
    analyze_new_articles(cfg, run_id=1)
    pruned = clusters_of_mentions(cfg)
    embedded, variants = one(cfg, "SELECT (SELECT count(*) FROM claim_embeddings), "
                                  "(SELECT count(*) FROM claim_variants)")[0]
    assert 0 < embedded < variants

    everything = Config()
    everything.storage.database = str(tmp_path / "everything.duckdb")
    migrate(everything.database_path)
    add(everything, *keys)
    monkeypatch.setattr(analyze_module, "could_link", lambda *args, **kwargs: True)
    analyze_new_articles(everything, run_id=1)
    assert one(everything, "SELECT count(*) FROM claim_embeddings")[0][0] > embedded
    assert clusters_of_mentions(everything) == pruned


def test_variants_stored_without_embeddings_are_embedded_when_a_pair_needs_them(cfg):
    # A database analysed with the semantic step off has no embeddings; a later run with
    # it on embeds the stored variants its new claims could link to, and no others: the
    # reports of Jiashi's 2020 training (d01, d02) are embedded when a later restatement
    # of that result (e01, e02) is verified against them.
    cfg.recurrence.embeddings = False
    add(cfg, "c01", "c02", "d01", "d02")
    analyze_new_articles(cfg, run_id=1)
    assert one(cfg, "SELECT count(*) FROM claim_embeddings")[0][0] == 0
    old = {h for (h,) in one(cfg, "SELECT norm_hash FROM claim_variants")}
    cfg.recurrence.embeddings = True
    add(cfg, "e01", "e02")
    analyze_new_articles(cfg, run_id=2)
    embedded = {h for (h,) in one(cfg, "SELECT norm_hash FROM claim_embeddings")}
    assert embedded & old, "no stored variant was embedded for a pair that needed it"
    assert len(embedded & old) < len(old)
    [(linked,)] = one(cfg, "SELECT count(DISTINCT a.canonical_url) FROM claim_mentions m "
                           "JOIN articles a USING (article_id) WHERE m.cluster_id = ("
                           "SELECT cluster_id FROM claim_mentions WHERE text LIKE "
                           "'%more than its target of 50,000%')")
    assert linked >= 3  # e01's restatement joined the stored reports of the result
