"""The source sections: syndicated stories, most-quoted speakers, outlets.

Rows of the week are selected by time (published_at in [start, end)), which reaches the
article scan under the views; subjects with list_contains (see data_claims.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

import duckdb

from flows.digest.records import ArticleRef, Evidence, OutletItem, SpeakerItem, SyndicatedStory
from flows.digest.weeks import utc

# Roles shown per speaker: people are introduced with one or two; more is noise from
# different phrasings of the same post.
ROLES_SHOWN = 3

# Articles of the week, dated by publication or, without a date, by when we stored them.
_WEEK_ARTICLES = """
    SELECT CAST(article_id AS VARCHAR) AS article_id, outlet, title, canonical_url, site_name,
           coalesce(published_at, stored_at) AS dated
    FROM articles
    WHERE on_topic AND coalesce(published_at, stored_at) >= $start
      AND coalesce(published_at, stored_at) < $end"""


def syndicated_stories(con: duckdb.DuckDBPyConnection, end: datetime, flags: list[dict],
                       top: int, has: Callable[[str], bool]) -> list[SyndicatedStory]:
    """Each flagged group with its origin and copies published up to the end of the week."""
    if not flags:
        return []
    members: dict[str, list[tuple]] = defaultdict(list)
    if has("syndication"):
        for row in con.execute("""
                SELECT CAST(group_id AS VARCHAR), CAST(article_id AS VARCHAR), is_origin,
                       similarity, published_at, outlet, title, canonical_url, credit
                FROM syndication
                WHERE list_contains($ids, CAST(group_id AS VARCHAR))
                  AND (published_at < $end OR published_at IS NULL)
                ORDER BY is_origin DESC, published_at NULLS LAST, article_id""",
                               {"ids": [f["subject_id"] for f in flags], "end": end}).fetchall():
            members[row[0]].append(row[1:])
    stories = []
    for flag in flags:
        rows = members.get(flag["subject_id"], [])
        refs = [(is_origin, ArticleRef(article_id or "", url or "", outlet or "", title or "",
                                       utc(published_at),
                                       None if similarity is None else float(similarity),
                                       credit or None))
                for article_id, is_origin, similarity, published_at, outlet, title, url, credit
                in rows]
        if not refs:  # no syndication view: the flag's evidence is the list of copies
            refs = [(False, ArticleRef(e.article_id, e.url, e.outlet, e.text, e.published_at))
                    for e in flag["evidence"]]
        origin = next((ref for is_origin, ref in refs if is_origin), None)
        copies = [ref for is_origin, ref in refs if not is_origin]
        stories.append(SyndicatedStory(
            group_id=flag["subject_id"], summary=flag["summary"], score=flag["score"],
            origin=origin, copies=copies[:top], copy_count=len(copies),
            outlets=len({ref.outlet for _, ref in refs})))
    return stories


def speaker_items(con: duckdb.DuckDBPyConnection, week: str, start: datetime, end: datetime,
                  top: int, per_item: int,
                  has: Callable[[str], bool]) -> tuple[list[SpeakerItem], int]:
    """The week's most-quoted speakers, and how many speakers were quoted in all."""
    if not has("quotes"):
        return [], 0
    window = {"start": start, "end": end}
    ranked = con.execute("""
        SELECT CAST(speaker_key AS VARCHAR) AS key, count(*) AS quotes,
               count(DISTINCT article_id) AS articles,
               list_sort(list(DISTINCT outlet)) AS outlets,
               list_sort(list(DISTINCT role) FILTER (WHERE coalesce(role, '') <> '')) AS roles,
               count(*) OVER () AS speakers
        FROM quotes
        WHERE published_at >= $start AND published_at < $end
          AND coalesce(CAST(speaker_key AS VARCHAR), '') <> ''
        GROUP BY 1 ORDER BY quotes DESC, articles DESC, key LIMIT $top""",
                         {**window, "top": top}).fetchall()
    if not ranked:
        return [], 0
    keys = [row[0] for row in ranked]
    # Who they are, as of the end of the week: the name they are most often given, every
    # role they were introduced with, and when they were first quoted.
    known = {key: rest for key, *rest in con.execute("""
        SELECT CAST(speaker_key AS VARCHAR), mode(speaker), mode(speaker_kind),
               list_sort(list(DISTINCT role) FILTER (WHERE coalesce(role, '') <> '')),
               count(*), min(published_at)
        FROM quotes
        WHERE list_contains($keys, CAST(speaker_key AS VARCHAR)) AND published_at < $end
        GROUP BY 1""", {"keys": keys, "end": end}).fetchall()}
    recurring = {}
    if has("flags"):
        recurring = dict(con.execute("""
            SELECT CAST(subject_id AS VARCHAR), summary FROM flags
            WHERE iso_week = $week AND kind = 'recurring-speaker'
              AND list_contains($keys, CAST(subject_id AS VARCHAR))""",
                                     {"week": week, "keys": keys}).fetchall())
    quotes: dict[str, list[Evidence]] = defaultdict(list)
    for key, url, outlet, published_at, text, article_id in con.execute("""
            SELECT CAST(speaker_key AS VARCHAR), canonical_url, outlet, published_at, text,
                   CAST(article_id AS VARCHAR)
            FROM quotes
            WHERE published_at >= $start AND published_at < $end
              AND list_contains($keys, CAST(speaker_key AS VARCHAR))
            QUALIFY row_number() OVER (PARTITION BY speaker_key
                                       ORDER BY published_at, quote_id) <= $limit
            ORDER BY published_at, quote_id""",
            {**window, "keys": keys, "limit": per_item}).fetchall():
        quotes[key].append(Evidence(url or "", outlet or "", utc(published_at), text or "",
                                    article_id or ""))
    items = []
    for key, n_quotes, n_articles, outlets, roles, _ in ranked:
        name, kind, all_roles, total, first_seen = known.get(key, (key, "", [], n_quotes, None))
        items.append(SpeakerItem(
            speaker_key=key, name=name or key, kind=kind or "",
            roles=_distinct([*(roles or []), *(all_roles or [])])[:ROLES_SHOWN],
            quotes_this_week=n_quotes, articles_this_week=n_articles,
            outlets_this_week=[o for o in outlets or [] if o], quotes_total=total,
            first_seen=utc(first_seen), recurring=key in recurring,
            summary=recurring.get(key) or "", evidence=quotes.get(key, [])))
    return items, ranked[0][-1]


def _distinct(values: list[str]) -> list[str]:
    seen, kept = set(), []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def outlet_items(con: duckdb.DuckDBPyConnection, week: str, start: datetime, end: datetime,
                 top: int, new_flags: list[dict], per_item: int,
                 has: Callable[[str], bool]) -> list[OutletItem]:
    """New outlets first (as flagged), then the week's busiest outlets."""
    window = {"start": start, "end": end}
    busiest = [outlet for (outlet,) in con.execute(
        f"SELECT outlet FROM ({_WEEK_ARTICLES}) GROUP BY outlet "
        "ORDER BY count(*) DESC, outlet LIMIT $top", {**window, "top": top}).fetchall()]
    new = {flag["subject_id"]: flag for flag in new_flags}
    chosen = list(dict.fromkeys([*new, *busiest]))
    if not chosen:
        return []
    params = {**window, "outlets": chosen}
    counts = {outlet: rest for outlet, *rest in con.execute("""
        SELECT outlet, count(*) FILTER (WHERE dated >= $start), count(*), min(dated),
               list_sort(list(DISTINCT site_name) FILTER (WHERE site_name IS NOT NULL))
        FROM (SELECT outlet, site_name, coalesce(published_at, stored_at) AS dated
              FROM articles
              WHERE on_topic AND list_contains($outlets, outlet)
                AND coalesce(published_at, stored_at) < $end)
        GROUP BY 1""", params).fetchall()}
    copies = _copies_this_week(con, week, start, end, chosen, has)
    titles: dict[str, list[Evidence]] = defaultdict(list)
    for outlet, url, dated, title, article_id in con.execute(f"""
            SELECT outlet, canonical_url, dated, title, article_id
            FROM ({_WEEK_ARTICLES}) WHERE list_contains($outlets, outlet)
            QUALIFY row_number() OVER (PARTITION BY outlet ORDER BY dated, article_id) <= $limit
            ORDER BY dated, article_id""", {**params, "limit": per_item}).fetchall():
        titles[outlet].append(Evidence(url or "", outlet, utc(dated), title or url or "",
                                       article_id or ""))
    items = []
    for outlet in chosen:
        this_week, total, first_seen, site_names = counts.get(outlet, (0, 0, None, []))
        flag = new.get(outlet)
        items.append(OutletItem(
            outlet=outlet, site_names=list(site_names or []), articles_this_week=this_week,
            copies_this_week=copies.get(outlet, 0), articles_total=total,
            first_seen=utc(first_seen), new=flag is not None,
            summary=flag["summary"] if flag else "",
            evidence=titles.get(outlet) or (flag["evidence"] if flag else [])))
    return items


def _copies_this_week(con: duckdb.DuckDBPyConnection, week: str, start: datetime,
                      end: datetime, outlets: list[str],
                      has: Callable[[str], bool]) -> dict[str, int]:
    """Copies each outlet published this week, found through the week's syndicated-story
    flags (every group copied this week has one), so only those groups are read."""
    if not (has("syndication") and has("flags")):
        return {}
    groups = [group for (group,) in con.execute(
        "SELECT CAST(subject_id AS VARCHAR) FROM flags "
        "WHERE iso_week = $week AND kind = 'syndicated-story'", {"week": week}).fetchall()]
    if not groups:
        return {}
    return dict(con.execute("""
        SELECT outlet, count(*) FROM syndication
        WHERE list_contains($groups, CAST(group_id AS VARCHAR)) AND NOT is_origin
          AND published_at >= $start AND published_at < $end AND list_contains($outlets, outlet)
        GROUP BY 1""", {"groups": groups, "start": start, "end": end,
                        "outlets": outlets}).fetchall())
