"""Per-cluster and per-speaker summaries (sql/migrations/003_summaries.sql).

The claim_clusters, number_drift and speakers views read these tables instead of
aggregating every mention and quote at query time, which over a year of coverage takes
seconds per query. Whatever changes the rows a summary is made of (an analysed batch, a
forgotten or demoted article, re-extracted dates and outlets) refreshes the summaries of
the clusters and speakers it touched, in the same transaction; `rebuild_summaries`
recomputes all of them from the analysis tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np

from flows.analysis.speakers import DOCUMENT_HEADS, ISSUING_PARTICIPLES, ORG_HEADS
from flows.store.columns import objects, rows_relation

# {where} selects the claims (alias c) or quotes (alias q) whose summaries are rebuilt.
_CLUSTER_ROWS = """
WITH m AS (
    SELECT c.mention_id, c.cluster_id, c.article_id, c.text, c.template, c.relation,
           c.figure_set, coalesce(a.published_at, a.stored_at) AS published_at,
           strftime(coalesce(a.published_at, a.stored_at), '%G-W%V') AS iso_week,
           a.outlet, a.canonical_url, s.group_id AS story_id
    FROM claims c JOIN articles a USING (article_id)
    LEFT JOIN syndication_members s USING (article_id)
    WHERE {where}),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY cluster_id ORDER BY published_at, mention_id)
              AS position
    FROM m),
sets AS (
    SELECT DISTINCT cluster_id, figure_set FROM m WHERE len(figure_set) > 0),
-- two figure sets of one cluster where neither holds the other: the figures changed
drifting AS (
    SELECT DISTINCT a.cluster_id
    FROM sets a JOIN sets b
      ON a.cluster_id = b.cluster_id AND a.figure_set::VARCHAR < b.figure_set::VARCHAR
    WHERE NOT list_has_all(a.figure_set, b.figure_set)
      AND NOT list_has_all(b.figure_set, a.figure_set))
SELECT r.cluster_id,
       any_value(text) FILTER (WHERE position = 1) AS representative,
       any_value(template) FILTER (WHERE position = 1) AS template,
       count(*) AS mentions,
       count(DISTINCT article_id) AS articles,
       count(DISTINCT outlet) AS outlets,
       count(DISTINCT iso_week) AS weeks,
       min(published_at) AS first_seen,
       max(published_at) AS last_seen,
       any_value(article_id) FILTER (WHERE position = 1) AS first_article_id,
       any_value(canonical_url) FILTER (WHERE position = 1) AS first_url,
       any_value(outlet) FILTER (WHERE position = 1) AS first_outlet,
       any_value(mention_id) FILTER (WHERE position = 1) AS first_mention_id,
       list(DISTINCT outlet ORDER BY outlet) AS outlet_list,
       list(DISTINCT iso_week ORDER BY iso_week) AS week_list,
       list(DISTINCT article_id ORDER BY article_id) AS article_ids,
       count(*) FILTER (WHERE relation = 'verbatim') AS verbatim,
       count(*) FILTER (WHERE relation = 'edited') AS edited,
       count(*) FILTER (WHERE relation = 'figure-changed') AS figure_changed,
       count(*) FILTER (WHERE relation = 'paraphrase') AS paraphrase,
       count(DISTINCT story_id) AS stories,
       bool_or(d.cluster_id IS NOT NULL) AS drifting
FROM ranked r LEFT JOIN drifting d USING (cluster_id)
GROUP BY r.cluster_id
"""


def _plurals(words) -> list[str]:
    out = set()
    for word in words:
        out.add(word)
        if not word.endswith("s"):  # DOCUMENT_HEADS lists its plurals
            out.add(word[:-1] + "ies" if word.endswith("y") else word + "s")
    return sorted(out)


# Head words of a body or a document quoted by a lower-case description ("the regional
# department of human resources and social security", "local authorities", "more than
# 100 state media reports"); people ("officials", "experts") and "sources" are not here.
BODY_HEADS = _plurals(ORG_HEADS | DOCUMENT_HEADS | {
    "authority", "headquarters", "ministry", "department", "bureau", "office", "commission"})
# Where a description's head ends: "department of ...", "a notice posted to ...".
_HEAD_ENDS = sorted({"of", "for", "from", "by", "on", "at", "in", "to", "with", "about"}
                    | ISSUING_PARTICIPLES)


def _named(column: str) -> str:
    """SQL: the speaker is a name: a capital letter after any leading article ("Adrian
    Zenz", "the Jamestown Foundation"; not "The report")."""
    return (f"regexp_matches(regexp_replace({column}, '^(?i:the|a|an)\\s+', ''), "
            "'[[:upper:]]')")


def _body(column: str) -> str:
    """SQL: the speaker is a body or document quoted by a specific lower-case description:
    two words or more after a leading article, headed by a body or document word ("local
    authorities", "the regional department of ..."; not "the department", "officials",
    "official sources", "officials and experts")."""
    trimmed = f"regexp_replace(lower({column}), '^(the|a|an)\\s+', '')"
    head_part = (f"regexp_replace({trimmed}, '\\s({'|'.join(_HEAD_ENDS)})\\s.*$', '')")
    heads = ", ".join(f"'{w}'" for w in BODY_HEADS)
    return (f"(contains({trimmed}, ' ') AND "
            f"regexp_extract({head_part}, '([a-z]+)$', 1) IN ({heads}))")


# A speaker is a name ("Adrian Zenz", "China's Ministry of Foreign Affairs") or a body
# quoted by a specific description (see _body); "officials", "experts", "the report" and
# "the county government" name nobody in particular, so they are in quotes but not among
# the speakers. Aliases are the resolved names and every such form as written.
_SPEAKER_ROWS = f"""
SELECT q.speaker_key,
       mode(q.speaker) AS name,
       mode(q.speaker_kind) AS kind,
       list_sort(list_distinct(list_concat(
           list(q.speaker),
           list(q.speaker_as_written) FILTER (
               WHERE ({_named("q.speaker_as_written")} OR {_body("q.speaker_as_written")})
                 AND lower(q.speaker_as_written) NOT IN ('he', 'she', 'they', 'it', 'we', 'i'))
       ))) AS aliases,
       list_sort(list_distinct(list(q.role) FILTER (WHERE q.role IS NOT NULL))) AS roles,
       count(*) AS quotes,
       count(DISTINCT q.article_id) AS articles,
       count(DISTINCT a.outlet) AS outlets,
       min(coalesce(a.published_at, a.stored_at)) AS first_seen,
       max(coalesce(a.published_at, a.stored_at)) AS last_seen,
       list_sort(list_distinct(list(q.organisation) FILTER (WHERE q.organisation IS NOT NULL)))
           AS organisations
FROM article_quotes q JOIN articles a USING (article_id)
WHERE q.speaker_key IS NOT NULL AND q.speaker_key <> ''
  AND ({_named("q.speaker")} OR {_body("q.speaker")}) AND {{where}}
GROUP BY q.speaker_key
"""


@dataclass(slots=True)
class Touched:
    """The clusters and speakers whose summaries a change makes stale."""
    clusters: set[int] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)

    def update(self, other: Touched) -> None:
        self.clusters |= other.clusters
        self.speakers |= other.speakers


def touched_by_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> Touched:
    """The clusters and speakers the stored mentions and quotes of these articles are in."""
    if not article_ids:
        return Touched()
    with rows_relation(con, {"article_id": objects(article_ids)}) as (source, params):
        wanted = f"(SELECT article_id FROM {source})"
        clusters = con.execute("SELECT DISTINCT cluster_id FROM claims "
                               f"WHERE article_id IN {wanted}", params).fetchall()
        speakers = con.execute("SELECT DISTINCT speaker_key FROM article_quotes "
                               f"WHERE article_id IN {wanted} AND speaker_key IS NOT NULL",
                               params).fetchall()
    return Touched({c for (c,) in clusters}, {s for (s,) in speakers})


def refresh_summaries(con: duckdb.DuckDBPyConnection, touched: Touched) -> None:
    """Recompute the summaries of the touched clusters and speakers from the analysis
    tables; a cluster or speaker left with no rows loses its summary."""
    if touched.clusters:
        ids = np.array(sorted(touched.clusters), dtype=np.int64)
        with rows_relation(con, {"cluster_id": ids}) as (source, params):
            wanted = f"(SELECT cluster_id FROM {source})"
            con.execute(f"DELETE FROM claim_cluster_stats WHERE cluster_id IN {wanted}", params)
            con.execute("INSERT INTO claim_cluster_stats " + _CLUSTER_ROWS.format(
                where=f"c.cluster_id IN {wanted}"), params)
    if touched.speakers:
        keys = objects(sorted(touched.speakers))
        with rows_relation(con, {"speaker_key": keys}) as (source, params):
            wanted = f"(SELECT speaker_key FROM {source})"
            con.execute(f"DELETE FROM speaker_stats WHERE speaker_key IN {wanted}", params)
            con.execute("INSERT INTO speaker_stats " + _SPEAKER_ROWS.format(
                where=f"q.speaker_key IN {wanted}"), params)


def rebuild_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every summary from the analysis tables."""
    con.execute("DELETE FROM claim_cluster_stats")
    con.execute("INSERT INTO claim_cluster_stats " + _CLUSTER_ROWS.format(where="true"))
    con.execute("DELETE FROM speaker_stats")
    con.execute("INSERT INTO speaker_stats " + _SPEAKER_ROWS.format(where="true"))
