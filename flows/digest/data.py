"""build_digest: read one week out of the database into a Digest.

Flags decide what is new, recurring, resurfaced, drifting, syndicated or a new outlet; the
analysis views give the counts and timelines around them. Every query filters by the week
(or by the few flagged subjects) before it aggregates, so a digest over years of articles
reads only a sliver of them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from flows.digest.data_claims import claim_sections, drift_items
from flows.digest.data_sources import outlet_items, speaker_items, syndicated_stories
from flows.digest.errors import DigestError
from flows.digest.records import Digest, Evidence, WeekNumbers
from flows.digest.weeks import parse_time, parse_week, week_bounds, week_label, weeks_before
from flows.store import DatabaseBusy, StoreError, connect

# Ten items per section fit one screen of a mail client (DigestConfig.top overrides it).
DEFAULT_TOP = 10
# The week in numbers compares against two months before it: long enough to see a trend,
# short enough to stay one small table.
HISTORY_WEEKS = 8
# Evidence rows shown per item; the rest are counted. Five sentences prove a pattern
# without turning the digest into the database.
EVIDENCE_PER_ITEM = 5

# The analysis views the digest reads; without one, its sections are empty and say why.
ANALYSIS_RELATIONS = ("flags", "claim_mentions", "claim_clusters", "number_drift",
                      "syndication", "quotes")
FLAG_KINDS = ("recurring-claim", "new-claim", "resurfaced-claim", "number-drift",
              "syndicated-story", "recurring-speaker", "new-outlet")


def build_digest(db: Path, week: str, top: int = DEFAULT_TOP) -> Digest:
    monday = parse_week(week)
    week = week_label(monday)
    start, end = week_bounds(week)
    if top < 1:
        raise DigestError(f"top must be at least 1, got {top}")
    try:
        with connect(Path(db), read_only=True) as con:
            con.execute("SET TimeZone = 'UTC'")
            return _read(con, week, start, end, top)
    except DatabaseBusy:
        raise  # a writer holds the file past the wait: the caller reports it as busy
    except StoreError as exc:
        raise DigestError(str(exc)) from None
    except duckdb.Error as exc:
        raise DigestError(f"cannot read the digest for {week}: "
                          f"{str(exc).splitlines()[0]}") from None


def _read(con: duckdb.DuckDBPyConnection, week: str, start: datetime, end: datetime,
          top: int) -> Digest:
    present = existing_relations(con)
    has = present.__contains__
    flags = week_flags(con, week, top) if has("flags") else {}
    numbers = week_numbers(con, week, start, end, has)
    speakers, speakers_total = speaker_items(con, week, start, end, top, EVIDENCE_PER_ITEM, has)
    outlets = outlet_items(con, week, start, end, top, flags.get("new-outlet", []),
                           EVIDENCE_PER_ITEM, has)
    claims = claim_sections(con, week, start, end, flags, EVIDENCE_PER_ITEM, has)
    totals = flag_totals(flags)
    totals["speakers"] = speakers_total
    totals["outlets"] = numbers[-1].outlets
    digest = Digest(
        week=week, starts=start.date(), ends=(end - timedelta(days=1)).date(),
        generated_at=datetime.now(UTC).replace(microsecond=0),
        notice="",
        numbers=numbers,
        recurring_claims=claims["recurring-claim"],
        new_claims=claims["new-claim"],
        resurfaced_claims=claims["resurfaced-claim"],
        number_drift=drift_items(con, week, end, flags.get("number-drift", []), has),
        syndicated=syndicated_stories(con, end, flags.get("syndicated-story", []), top, has),
        speakers=speakers,
        outlets=outlets,
        totals=totals,
        missing=[name for name in ANALYSIS_RELATIONS if not has(name)],
    )
    digest.notice = notice_for(digest)
    return digest


def existing_relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                       "UNION SELECT table_name FROM duckdb_tables()").fetchall()
    return {name for (name,) in rows}


def week_flags(con: duckdb.DuckDBPyConnection, week: str, top: int) -> dict[str, list[dict]]:
    """The week's top flags per kind, best first, each knowing how many flags of its kind
    there were in all."""
    rows = con.execute("""
        SELECT kind, CAST(subject_id AS VARCHAR), summary, score, CAST(evidence AS VARCHAR),
               count(*) OVER (PARTITION BY kind) AS of_kind
        FROM flags WHERE iso_week = $week
        QUALIFY row_number() OVER (PARTITION BY kind
                                   ORDER BY score DESC NULLS LAST, subject_id) <= $top
        ORDER BY kind, score DESC NULLS LAST, subject_id""",
                       {"week": week, "top": top}).fetchall()
    flags: dict[str, list[dict]] = {}
    for kind, subject_id, summary, score, evidence, of_kind in rows:
        items = parse_evidence(evidence)
        flags.setdefault(kind, []).append({
            "subject_id": subject_id or "", "summary": summary or "",
            "score": float(score or 0.0), "evidence": items[:EVIDENCE_PER_ITEM],
            "more_evidence": max(0, len(items) - EVIDENCE_PER_ITEM), "of_kind": of_kind})
    return flags


def flag_totals(flags: dict[str, list[dict]]) -> dict[str, int]:
    """Flags per kind in all, of which the top ones were kept."""
    return {kind: flags[kind][0]["of_kind"] if flags.get(kind) else 0 for kind in FLAG_KINDS}


def parse_evidence(raw: str | None) -> list[Evidence]:
    """The flags' evidence JSON; a malformed entry is skipped rather than sinking the digest."""
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return []
    evidence = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            evidence.append(Evidence(
                url=str(item.get("url") or ""), outlet=str(item.get("outlet") or ""),
                published_at=parse_time(item.get("published_at")),
                text=str(item.get("text") or ""), article_id=str(item.get("article_id") or "")))
    return evidence


def week_numbers(con: duckdb.DuckDBPyConnection, week: str, start: datetime, end: datetime,
                 has) -> list[WeekNumbers]:
    weeks = weeks_before(week, HISTORY_WEEKS)
    first_start = start - timedelta(weeks=HISTORY_WEEKS - 1)
    articles = {wk: (n, outlets) for wk, n, outlets in con.execute("""
        SELECT strftime(dated, '%G-W%V'), count(*), count(DISTINCT outlet)
        FROM (SELECT coalesce(published_at, stored_at) AS dated, outlet FROM articles
              WHERE on_topic AND coalesce(published_at, stored_at) >= $first
                AND coalesce(published_at, stored_at) < $end)
        GROUP BY 1""", {"first": first_start, "end": end}).fetchall()}
    mentions = {}
    if has("claim_mentions"):
        mentions = dict(con.execute(
            "SELECT iso_week, count(*) FROM claim_mentions "
            "WHERE published_at >= $first AND published_at < $end GROUP BY 1",
            {"first": first_start, "end": end}).fetchall())
    flagged: dict[tuple[str, str], int] = {}
    if has("flags"):
        flagged = {(wk, kind): n for wk, kind, n in con.execute(
            "SELECT iso_week, kind, count(*) FROM flags WHERE iso_week BETWEEN $first AND $last "
            "AND kind IN ('new-claim', 'recurring-claim', 'resurfaced-claim') GROUP BY ALL",
            {"first": weeks[0], "last": week}).fetchall()}
    return [WeekNumbers(
        week=wk, articles=articles.get(wk, (0, 0))[0], outlets=articles.get(wk, (0, 0))[1],
        claim_mentions=mentions.get(wk, 0), new_claims=flagged.get((wk, "new-claim"), 0),
        recurring_claims=flagged.get((wk, "recurring-claim"), 0),
        resurfaced_claims=flagged.get((wk, "resurfaced-claim"), 0)) for wk in weeks]


def notice_for(digest: Digest) -> str:
    numbers = digest.this_week
    flagged = sum(digest.totals.get(kind, 0) for kind in FLAG_KINDS)
    if numbers.articles == 0 and flagged == 0:
        return (f"Nothing on the topic was published in {digest.week} "
                f"({digest.starts:%d %b} to {digest.ends:%d %b %Y}): no articles, no flags.")
    if flagged == 0:
        articles = f"{numbers.articles} article{'s' if numbers.articles != 1 else ''}"
        outlets = f"{numbers.outlets} outlet{'s' if numbers.outlets != 1 else ''}"
        return (f"A quiet week: {articles} from {outlets}, and no claim, story, speaker or "
                "outlet stood out.")
    return ""
