"""The claim sections: recurring, new and resurfaced claims, and number drift.

Subjects are matched with list_contains on a parameter list rather than IN (subquery): a
plain filter reaches the tables under the analysis views, where a semi join would not.
Ids are compared as text, whatever type the views give them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

import duckdb

from flows.digest.records import ClaimItem, DriftItem, DriftPoint, Evidence, WeekValue
from flows.digest.weeks import utc, weeks_before, weeks_between

# A claim's timeline covers half a year up to the digest's week: enough to see a claim come
# back after a summer's silence, small enough to draw as a sparkline.
TIMELINE_WEEKS = 26
# Points shown in a number-drift series; older ones are counted. A dozen shows every change
# of a figure that drifts monthly over a year.
DRIFT_POINTS = 12
# Outlets named per claim; the rest are counted in the claim's outlet total.
OUTLETS_NAMED = 8
CLAIM_KINDS = ("recurring-claim", "new-claim", "resurfaced-claim")


def claim_sections(con: duckdb.DuckDBPyConnection, week: str, start: datetime, end: datetime,
                   flags: dict[str, list[dict]], per_item: int,
                   has: Callable[[str], bool]) -> dict[str, list[ClaimItem]]:
    """Recurring, new and resurfaced claims, read together: one pass over each view."""
    wanted = [flag for kind in CLAIM_KINDS for flag in flags.get(kind, [])]
    ids = sorted({flag["subject_id"] for flag in wanted})
    clusters = {}
    if ids and has("claim_clusters"):
        clusters = {row[0]: row[1:] for row in con.execute("""
            SELECT CAST(cluster_id AS VARCHAR), representative, first_seen, first_outlet,
                   first_url
            FROM claim_clusters WHERE list_contains($ids, CAST(cluster_id AS VARCHAR))""",
                                                           {"ids": ids}).fetchall()}
    per_week: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_outlet: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    articles: dict[str, int] = defaultdict(int)
    if ids and has("claim_mentions"):
        # One article has one week and one outlet, so distinct articles per (week, outlet)
        # add up to the claim's distinct articles.
        for cluster_id, wk, outlet, mentions, n_articles in con.execute("""
                SELECT CAST(cluster_id AS VARCHAR), iso_week, outlet, count(*),
                       count(DISTINCT article_id)
                FROM claim_mentions
                WHERE list_contains($ids, CAST(cluster_id AS VARCHAR)) AND published_at < $end
                GROUP BY ALL""", {"ids": ids, "end": end}).fetchall():
            per_week[cluster_id][wk] += mentions
            per_outlet[cluster_id][outlet or ""] += mentions
            articles[cluster_id] += n_articles
    fallback = _week_mentions(con, start, end, [f["subject_id"] for f in wanted
                                                if not f["evidence"]], per_item, has)
    timeline_weeks = weeks_before(week, TIMELINE_WEEKS)

    def item(flag: dict) -> ClaimItem:
        cluster_id = flag["subject_id"]
        representative, first_seen, first_outlet, first_url = clusters.get(
            cluster_id, (None, None, None, None))
        weeks = per_week.get(cluster_id, {})
        earlier = [wk for wk in weeks if wk < week]
        last_before = max(earlier) if earlier else None
        outlets = sorted(per_outlet.get(cluster_id, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        evidence = flag["evidence"] or fallback.get(cluster_id, [])
        return ClaimItem(
            cluster_id=cluster_id,
            text=representative or (evidence[0].text if evidence else flag["summary"]),
            summary=flag["summary"], score=flag["score"], first_seen=utc(first_seen),
            first_outlet=first_outlet or "", first_url=first_url or "",
            mentions=sum(weeks.values()), mentions_this_week=weeks.get(week, 0),
            articles=articles.get(cluster_id, 0),
            outlets=[name for name, _ in outlets[:OUTLETS_NAMED] if name],
            last_seen_before=last_before,
            silent_weeks=weeks_between(last_before, week) - 1 if last_before else None,
            timeline=[WeekValue(wk, weeks.get(wk, 0)) for wk in timeline_weeks],
            evidence=evidence, more_evidence=flag["more_evidence"])

    return {kind: [item(flag) for flag in flags.get(kind, [])] for kind in CLAIM_KINDS}


def _week_mentions(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime,
                   ids: list[str], limit: int,
                   has: Callable[[str], bool]) -> dict[str, list[Evidence]]:
    """The week's own sentences, for flags that carry no evidence of their own."""
    if not ids or not has("claim_mentions"):
        return {}
    found: dict[str, list[Evidence]] = defaultdict(list)
    for cluster_id, url, outlet, published_at, text, article_id in con.execute("""
            SELECT CAST(cluster_id AS VARCHAR), canonical_url, outlet, published_at, text,
                   CAST(article_id AS VARCHAR)
            FROM claim_mentions
            WHERE list_contains($ids, CAST(cluster_id AS VARCHAR))
              AND published_at >= $start AND published_at < $end
            QUALIFY row_number() OVER (PARTITION BY cluster_id
                                       ORDER BY published_at, mention_id) <= $limit
            ORDER BY published_at, mention_id""",
            {"ids": ids, "start": start, "end": end, "limit": limit}).fetchall():
        found[cluster_id].append(Evidence(url or "", outlet or "", utc(published_at), text or "",
                                          article_id or ""))
    return found


def drift_items(con: duckdb.DuckDBPyConnection, week: str, end: datetime, flags: list[dict],
                has: Callable[[str], bool]) -> list[DriftItem]:
    """A drift flag names a claim cluster; its series is every sentence of the cluster with
    figures, up to the end of the week, with the figures as written."""
    if not flags or not has("number_drift"):
        return [DriftItem(f["subject_id"], "", f["summary"], f["score"], [], 0) for f in flags]
    ids = [flag["subject_id"] for flag in flags]
    series: dict[str, list[DriftPoint]] = defaultdict(list)
    templates: dict[str, str] = {}
    for cluster_id, template, published_at, wk, figures, values, outlet, url, sentence \
            in con.execute("""
            SELECT CAST(cluster_id AS VARCHAR), template, published_at, iso_week, figures,
                   "values", outlet, canonical_url, sentence
            FROM number_drift
            WHERE list_contains($ids, CAST(cluster_id AS VARCHAR)) AND published_at < $end
            ORDER BY published_at, mention_id""", {"ids": ids, "end": end}).fetchall():
        templates.setdefault(cluster_id, template or "")
        series[cluster_id].append(DriftPoint(
            published_at=utc(published_at), week=wk or "", figures=list(figures or []),
            values=[float(v) for v in values or [] if v is not None], outlet=outlet or "",
            url=url or "", sentence=sentence or "", this_week=wk == week))
    items = []
    for flag in flags:
        points = series.get(flag["subject_id"], [])
        items.append(DriftItem(
            subject_id=flag["subject_id"], template=templates.get(flag["subject_id"], ""),
            summary=flag["summary"], score=flag["score"], points=points[-DRIFT_POINTS:],
            more_points=max(0, len(points) - DRIFT_POINTS)))
    return items
