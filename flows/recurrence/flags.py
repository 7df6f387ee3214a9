"""Weekly flags, each with its evidence rows, computed in SQL over the analysis views.

A flag is (ISO week, kind, subject): the subject is a claim cluster, a syndication group,
a speaker or an outlet. Its id is "<week>/<kind>/<subject>", so recomputing a week gives
the same ids. Evidence is a JSON list of {article_id, url, outlet, published_at, text}.
A run recomputes the weeks from its earliest new article onwards: usually the current
week, all later weeks when an older article turns up (it can make a later "new" claim
old, or end a silence).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from flows.config import RecurrenceConfig

KINDS = ("recurring-claim", "new-claim", "resurfaced-claim", "number-drift",
         "syndicated-story", "recurring-speaker", "new-outlet")

_EVIDENCE = """to_json(list(struct_pack(
        article_id := e.article_id, url := e.canonical_url, outlet := e.outlet,
        published_at := strftime(e.published_at, '%Y-%m-%dT%H:%M:%SZ'), text := e.text)
        ORDER BY e.published_at, e.article_id, e.start_offset)[1:$evidence])"""

# Per claim cluster and week: articles and outlets that week, running totals, the week
# before (for silences) and the cluster's first week.
_CLAIM_WEEKS = """
WITH weekly AS (
    SELECT cluster_id, iso_week, min(published_at) AS week_first,
           max(published_at) AS week_last, count(DISTINCT article_id) AS week_articles,
           count(DISTINCT outlet) AS week_outlets, count(DISTINCT story_id) AS week_stories
    FROM claim_mentions GROUP BY ALL),
claim_weeks AS (
    SELECT *,
        sum(week_articles) OVER w AS articles_so_far,
        row_number() OVER w AS week_number,
        lag(week_last) OVER w AS previous_last,
        lag(iso_week) OVER w AS previous_week,
        first_value(iso_week) OVER w AS first_week
    FROM weekly
    WINDOW w AS (PARTITION BY cluster_id ORDER BY iso_week
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
"""

_RECURRING_CLAIM = _CLAIM_WEEKS + """
SELECT w.iso_week, 'recurring-claim', w.cluster_id::VARCHAR,
       format('Claim seen in {} articles over {} weeks, {} this week: {}',
              w.articles_so_far, w.week_number, w.week_articles, any_value(c.representative)),
       w.articles_so_far, """ + _EVIDENCE + """
FROM claim_weeks w JOIN claim_clusters c USING (cluster_id)
JOIN claim_mentions e ON e.cluster_id = w.cluster_id
     AND (e.iso_week = w.iso_week OR e.mention_id = c.first_mention_id)
WHERE w.iso_week >= $since AND w.week_number >= 2 AND w.articles_so_far >= $recurring_min
GROUP BY w.iso_week, w.cluster_id, w.articles_so_far, w.week_number, w.week_articles
"""

_NEW_CLAIM = _CLAIM_WEEKS + """
SELECT w.iso_week, 'new-claim', w.cluster_id::VARCHAR,
       format('New claim in {} separately written stories ({} articles, {} outlets): {}',
              w.week_stories, w.week_articles, w.week_outlets, any_value(c.representative)),
       w.week_stories, """ + _EVIDENCE + """
FROM claim_weeks w JOIN claim_clusters c USING (cluster_id)
JOIN claim_mentions e ON e.cluster_id = w.cluster_id AND e.iso_week = w.iso_week
WHERE w.iso_week >= $since AND w.week_number = 1 AND w.week_stories >= $new_min
GROUP BY w.iso_week, w.cluster_id, w.week_stories, w.week_articles, w.week_outlets
"""

_RESURFACED_CLAIM = _CLAIM_WEEKS + """
SELECT w.iso_week, 'resurfaced-claim', w.cluster_id::VARCHAR,
       format('Claim back after {} weeks without a mention: {}',
              any_value(date_diff('day', date_trunc('week', w.previous_last),
                                  date_trunc('week', w.week_first)) // 7),
              any_value(c.representative)),
       any_value(date_diff('day', date_trunc('week', w.previous_last),
                           date_trunc('week', w.week_first)) // 7), """ + _EVIDENCE + """
FROM claim_weeks w JOIN claim_clusters c USING (cluster_id)
JOIN claim_mentions e ON e.cluster_id = w.cluster_id
     AND (e.iso_week = w.iso_week OR e.iso_week = w.previous_week)
WHERE w.iso_week >= $since AND w.previous_last IS NOT NULL
  AND date_diff('day', date_trunc('week', w.previous_last),
                date_trunc('week', w.week_first)) // 7 >= $silence
GROUP BY w.iso_week, w.cluster_id
"""

# A mention whose figures changed from a set the cluster stated before it (see
# drift.figures_changed) and that no earlier mention already stated.
_NUMBER_DRIFT = """
WITH ordered AS (
    SELECT m.*, c.figure_set,
        list(c.figure_set) OVER (PARTITION BY m.cluster_id ORDER BY m.published_at, m.mention_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_sets
    FROM claim_mentions m JOIN claims c USING (mention_id)),
drifted AS (
    SELECT * FROM ordered
    WHERE len(figure_set) > 0
      AND len(list_filter(earlier_sets, s -> len(s) > 0 AND NOT list_has_all(s, figure_set)
                                             AND NOT list_has_all(figure_set, s))) > 0
      AND len(list_filter(earlier_sets, s -> list_has_all(s, figure_set))) = 0),
weeks AS (
    SELECT cluster_id, iso_week, list(DISTINCT array_to_string(figures, ', ')
                                          ORDER BY array_to_string(figures, ', ')) AS new_figures,
           min(published_at) AS week_first
    FROM drifted WHERE iso_week >= $since GROUP BY ALL),
first_stated AS (
    SELECT mention_id FROM ordered WHERE len(figure_set) > 0
    QUALIFY row_number() OVER (PARTITION BY cluster_id, figure_set
                               ORDER BY published_at, mention_id) = 1)
SELECT w.iso_week, 'number-drift', w.cluster_id::VARCHAR,
       format('Figures changed to {}: {}', array_to_string(any_value(w.new_figures), '; '),
              any_value(c.representative)),
       count(DISTINCT e.mention_id), """ + _EVIDENCE + """
FROM weeks w JOIN claim_clusters c USING (cluster_id)
JOIN claim_mentions e ON e.cluster_id = w.cluster_id
     AND ((e.iso_week = w.iso_week AND e.mention_id IN (SELECT mention_id FROM drifted))
          OR (e.published_at < w.week_first
              AND e.mention_id IN (SELECT mention_id FROM first_stated)))
GROUP BY w.iso_week, w.cluster_id
"""

_SYNDICATED_STORY = """
WITH weekly AS (
    SELECT group_id, strftime(published_at, '%G-W%V') AS iso_week,
           count(*) FILTER (WHERE NOT is_origin) AS copies,
           count(DISTINCT outlet) FILTER (WHERE NOT is_origin) AS copy_outlets
    FROM syndication GROUP BY ALL)
SELECT w.iso_week, 'syndicated-story', w.group_id,
       format('Story first published by {} copied {} times this week by {} outlets: {}',
              any_value(o.outlet), w.copies, w.copy_outlets,
              coalesce(any_value(o.title), '(no title)')),
       w.copies,
       to_json(list(struct_pack(
            article_id := e.article_id, url := e.canonical_url, outlet := e.outlet,
            published_at := strftime(e.published_at, '%Y-%m-%dT%H:%M:%SZ'),
            text := coalesce(e.title, ''))
            ORDER BY e.published_at, e.article_id)[1:$evidence])
FROM weekly w
JOIN syndication o ON o.group_id = w.group_id AND o.is_origin
JOIN syndication e ON e.group_id = w.group_id
     AND (e.is_origin OR strftime(e.published_at, '%G-W%V') = w.iso_week)
WHERE w.iso_week >= $since AND w.copies > 0
GROUP BY w.iso_week, w.group_id, w.copies, w.copy_outlets
"""

_RECURRING_SPEAKER = """
WITH weekly AS (
    SELECT speaker_key, iso_week, count(DISTINCT article_id) AS week_articles
    FROM quotes WHERE speaker_key IS NOT NULL GROUP BY ALL),
speaker_weeks AS (
    SELECT *, sum(week_articles) OVER w AS articles_so_far, row_number() OVER w AS week_number
    FROM weekly
    WINDOW w AS (PARTITION BY speaker_key ORDER BY iso_week
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
SELECT w.iso_week, 'recurring-speaker', w.speaker_key,
       format('{} quoted in {} articles this week, {} in all since {}', any_value(p.name),
              w.week_articles, w.articles_so_far, strftime(any_value(p.first_seen), '%Y-%m-%d')),
       w.articles_so_far, """ + _EVIDENCE + """
FROM speaker_weeks w JOIN speakers p USING (speaker_key)
JOIN quotes e ON e.speaker_key = w.speaker_key AND e.iso_week = w.iso_week
WHERE w.iso_week >= $since AND w.week_number >= 2 AND w.articles_so_far >= $speaker_min
GROUP BY w.iso_week, w.speaker_key, w.week_articles, w.articles_so_far
"""

_NEW_OUTLET = """
WITH analysed AS (
    SELECT a.article_id, a.canonical_url, a.outlet, a.title AS text,
           coalesce(a.published_at, a.stored_at) AS published_at,
           strftime(coalesce(a.published_at, a.stored_at), '%G-W%V') AS iso_week
    FROM articles a JOIN article_analysis USING (article_id)),
firsts AS (SELECT outlet, min(iso_week) AS iso_week FROM analysed GROUP BY outlet)
SELECT f.iso_week, 'new-outlet', f.outlet,
       format('New outlet {}: {} on-topic articles in its first week', f.outlet, count(*)),
       count(*), to_json(list(struct_pack(
            article_id := e.article_id, url := e.canonical_url, outlet := e.outlet,
            published_at := strftime(e.published_at, '%Y-%m-%dT%H:%M:%SZ'),
            text := coalesce(e.text, ''))
            ORDER BY e.published_at, e.article_id)[1:$evidence])
FROM firsts f JOIN analysed e ON e.outlet = f.outlet AND e.iso_week = f.iso_week
WHERE f.iso_week >= $since
GROUP BY f.iso_week, f.outlet
"""

QUERIES = {
    "recurring-claim": _RECURRING_CLAIM,
    "new-claim": _NEW_CLAIM,
    "resurfaced-claim": _RESURFACED_CLAIM,
    "number-drift": _NUMBER_DRIFT,
    "syndicated-story": _SYNDICATED_STORY,
    "recurring-speaker": _RECURRING_SPEAKER,
    "new-outlet": _NEW_OUTLET,
}


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def recompute_flags(con: duckdb.DuckDBPyConnection, run_id: int, rc: RecurrenceConfig,
                    since: datetime) -> int:
    """Replace the flags of every week from `since`'s ISO week on; returns how many."""
    week = iso_week(since)
    params = {"since": week, "evidence": rc.evidence_rows,
              "recurring_min": rc.recurring_claim_min_articles,
              "new_min": rc.new_claim_min_stories, "silence": rc.resurface_after_weeks,
              "speaker_min": rc.recurring_speaker_min_articles}
    con.execute("DELETE FROM weekly_flags WHERE iso_week >= ?", [week])
    for sql in QUERIES.values():
        used = {name: value for name, value in params.items() if f"${name}" in sql}
        con.execute(
            "INSERT INTO weekly_flags SELECT iso_week || '/' || kind || '/' || subject_id, "
            "iso_week, kind, subject_id, summary, score, evidence, $run_id FROM ("
            + sql + ") AS f(iso_week, kind, subject_id, summary, score, evidence)",
            {**used, "run_id": run_id})
    return int(con.execute("SELECT count(*) FROM weekly_flags WHERE iso_week >= ?",
                           [week]).fetchone()[0])
