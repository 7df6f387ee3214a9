"""Writes of the ingest flow: runs, sources, discovered URLs, fetches, articles.

store_outcomes() is the one function that turns a batch of processed URLs into rows, in
one transaction, deciding duplicates against what is already stored. Every write goes
through db.write() and inserts only rows whose key is not there yet, so a transaction can
be retried whole and two DuckLake writers never duplicate a row.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from flows import __version__
from flows.archive import ArchivedRecord, append_records
from flows.records import (
    RETRYABLE,
    Discovered,
    Outcome,
    SourceReport,
    Status,
)
from flows.store.columns import objects, rows_relation
from flows.store.db import Database, as_json, connect, is_lake, utcnow, write
from flows.store.summaries import refresh_summaries, touched_by_articles
from flows.urls import NORMALIZER_VERSION, normalize_url, url_key

# Statuses a URL may get again from a later run (everything else is final).
RETRY_STATUSES = tuple(sorted(str(s) for s in RETRYABLE))


def insert_missing(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                   rows: Sequence[Sequence], keys: Sequence[str]) -> None:
    """Insert rows whose key columns are not in the table yet (one statement, any size)."""
    if not rows:
        return
    positions = [list(columns).index(k) for k in keys]
    unique: dict[tuple, Sequence] = {}
    for row in rows:  # the first of several rows with one key wins, as in the table
        unique.setdefault(tuple(row[i] for i in positions), row)
    rows = list(unique.values())
    picks = ", ".join(f"unnest(?) AS {c}" for c in columns)
    match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM n.{k}" for k in keys)
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM "
        f"(SELECT {picks}) AS n WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match})",
        [list(col) for col in zip(*rows, strict=True)])


def next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0])


def begin_run(db: Database, flow: str, config_fingerprint: str) -> int:
    """Start a run. On a DuckDB file the caller holds the run lock, so runs still marked
    'running' were killed: they are marked interrupted. (On DuckLake other writers may
    really be running, so nothing is marked.)"""
    def body(con) -> int:
        if not is_lake(db):
            con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        run_id = next_run_id(con)
        con.execute("INSERT INTO runs (run_id, flow, started_at, status, config_fingerprint, "
                    "drumbeat_version) VALUES (?, ?, ?, 'running', ?, ?)",
                    [run_id, flow, utcnow(), config_fingerprint, __version__])
        return run_id
    return write(db, body)


def run_counts(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, int]:
    rows = con.execute("SELECT status, count(*) FROM url_events WHERE run_id = ? GROUP BY 1",
                       [run_id]).fetchall()
    return dict(sorted(rows, key=lambda r: -r[1]))


def finish_run(db: Database, run_id: int, status: str,
               error: str | None = None) -> dict[str, int]:
    def body(con) -> dict[str, int]:
        counts = run_counts(con, run_id)
        con.execute("UPDATE runs SET finished_at = ?, status = ?, counts = ?, error = ? "
                    "WHERE run_id = ?", [utcnow(), status, json.dumps(counts), error, run_id])
        return counts
    return write(db, body)


def source_states(db: Database) -> dict[str, dict]:
    with connect(db) as con:
        rows = con.execute("SELECT source_id, etag, last_modified, body_hash FROM sources"
                           ).fetchall()
    return {r[0]: {"etag": r[1], "last_modified": r[2], "body_hash": r[3]} for r in rows}


def record_discoveries(db: Database, run_id: int, reports: list[SourceReport],
                       found: list[Discovered], source_urls: dict[str, str]) -> dict[str, int]:
    """Store source outcomes and new URLs (status pending). Returns new URLs per source."""
    now = utcnow()
    keyed: dict[str, Discovered] = {}
    pairs: set[tuple[str, str]] = set()
    listed: Counter[str] = Counter()
    for item in found:
        try:
            key = url_key(item.url)
            item.url = normalize_url(item.url)
        except ValueError:
            continue  # discovery parsers already drop unusable links; keep the run going
        keyed.setdefault(key, item)
        if (key, item.source_id) not in pairs:
            pairs.add((key, item.source_id))
            listed[item.source_id] += 1

    def body(con) -> Counter[str]:
        new_per_source: Counter[str] = Counter()
        known = set()
        keys = list(keyed)
        # Chunks keep the IN list small enough for the planner on very large sitemaps.
        for start in range(0, len(keys), 5000):
            part = keys[start:start + 5000]
            known.update(r[0] for r in con.execute(
                "SELECT url_key FROM urls WHERE url_key IN (SELECT unnest(?))", [part]).fetchall())
        new_rows = []
        for key, item in keyed.items():
            if key in known:
                continue
            new_per_source[item.source_id] += 1
            new_rows.append([key, item.url, NORMALIZER_VERSION, item.source_id, run_id, now,
                             as_json(item.hints), Status.PENDING, 0])
        insert_missing(con, "urls", ("url_key", "url", "normalizer_version", "first_source_id",
                                     "first_run_id", "first_seen_at", "hints", "status",
                                     "attempts"), new_rows, ("url_key",))
        insert_missing(con, "url_sources", ("url_key", "source_id", "first_run_id",
                                            "first_seen_at"),
                       [[k, src, run_id, now] for k, src in sorted(pairs)],
                       ("url_key", "source_id"))
        for r in reports:
            con.execute(
                "UPDATE sources SET kind = ?, url = ?, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified), body_hash = coalesce(?, body_hash), "
                "last_run_id = ?, last_checked_at = ?, last_ok = ?, last_detail = ? "
                "WHERE source_id = ?",
                [r.kind, source_urls.get(r.source_id), r.etag, r.last_modified, r.body_hash,
                 run_id, now, r.ok, r.detail, r.source_id])
        insert_missing(con, "sources", ("source_id", "kind", "url", "etag", "last_modified",
                                        "body_hash", "last_run_id", "last_checked_at",
                                        "last_ok", "last_detail"),
                       [[r.source_id, r.kind, source_urls.get(r.source_id), r.etag,
                         r.last_modified, r.body_hash, run_id, now, r.ok, r.detail]
                        for r in reports], ("source_id",))
        insert_missing(con, "source_checks", ("run_id", "source_id", "checked_at", "ok",
                                              "unchanged", "found", "new_urls", "detail"),
                       [[run_id, r.source_id, now, r.ok, r.unchanged,
                         r.found or listed[r.source_id], new_per_source[r.source_id], r.detail]
                        for r in reports], ("run_id", "source_id"))
        return new_per_source

    return dict(write(db, body))


def urls_to_process(db: Database, max_attempts: int) -> list[tuple[str, str, str, dict]]:
    """(url_key, url, first_source_id, hints) of URLs still without a final status."""
    with connect(db) as con:
        rows = con.execute(
            "SELECT url_key, url, first_source_id, hints FROM urls "
            "WHERE status IN (SELECT unnest(?)) AND attempts < ? "
            "ORDER BY first_seen_at, url_key", [list(RETRY_STATUSES), max_attempts]).fetchall()
    return [(r[0], r[1], r[2], json.loads(r[3]) if r[3] else {}) for r in rows]


def undecided_in_run(db: Database, url_keys: list[str], run_id: int) -> set[str]:
    """Which of these URLs this run has not given an outcome yet: a slice of the run that
    is run again (a lost Dask worker) does only what is left."""
    if not url_keys:
        return set()
    with connect(db) as con, rows_relation(con, {"url_key": objects(url_keys)}) as (
            source, params):
        rows = con.execute(
            f"SELECT url_key FROM urls WHERE url_key IN (SELECT url_key FROM {source}) "
            "AND status IN (SELECT unnest($open)) AND coalesce(status_run_id, -1) <> $run_id",
            params | {"open": list(RETRY_STATUSES), "run_id": run_id}).fetchall()
    return {key for (key,) in rows}


MONTH_ONLY = re.compile(r"^\d{4}-\d{2}$")


def _published_at(value: str | None) -> datetime | None:
    """published as a timestamp: dates at 00:00 UTC, a month ("2003-11") at its first day."""
    if not value:
        return None
    if MONTH_ONLY.match(value):
        value += "-01"
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _article_values(row, run_id: int, fetch_id: str | None, now) -> list:
    page = row.page
    return [
        row.article_id, row.canonical_key, row.canonical_url, row.normalizer_version,
        row.url_key, row.final_url, row.outlet, page.site_name, page.title, page.title_source,
        page.authors, page.author_source, page.origin_credit, page.published,
        _published_at(page.published), page.date_source, page.date_confidence, page.updated,
        page.language, page.language_source, page.description, page.tags, page.text,
        row.text_hash, row.word_count, row.relevance_score, as_json(row.relevance),
        row.on_topic, row.source_id, fetch_id, page.extractor, as_json(page.signals),
        as_json(row.hints), run_id, now, row.extracted_at or now,
    ]


_ARTICLE_COLUMN_NAMES = (
    "article_id", "canonical_key", "canonical_url", "normalizer_version", "url_key", "final_url",
    "outlet", "site_name", "title", "title_source", "authors", "author_source", "origin_credit",
    "published", "published_at", "date_source", "date_confidence", "updated", "language",
    "language_source", "description", "tags", "text", "text_hash", "word_count",
    "relevance_score", "relevance", "on_topic", "source_id", "fetch_id", "extractor", "signals",
    "hints", "first_run_id", "stored_at", "extracted_at")


def _order_key(published: datetime | None, canonical_key: str) -> tuple:
    """Which of two copies of one text on one outlet is the original: the earlier published,
    then the smaller URL. Deterministic, so the result never depends on fetch order."""
    return (published is None, published or datetime.max.replace(tzinfo=UTC), canonical_key)


def _find_duplicates(con, outcomes: list[Outcome]
                     ) -> tuple[dict[int, tuple[str, str]], dict[str, str]]:
    """Which outcomes duplicate a stored article (or another in this batch).

    Returns (index -> (kept article id, reason), demoted stored article id -> kept id).
    The same canonical URL makes a duplicate. The same text on the same outlet too, and then
    the original (see _order_key) is kept, even when it arrives after its copy: the copy
    already stored is demoted. The same text on another outlet is a syndicated copy and is
    stored, for syndication analysis to group."""
    articles = [o.article for o in outcomes if o.article is not None]
    if not articles:
        return {}, {}
    by_key = dict(con.execute(
        "SELECT canonical_key, article_id FROM articles WHERE canonical_key IN (SELECT unnest(?))",
        [[a.canonical_key for a in articles]]).fetchall())
    # (outlet, text_hash) -> (order key, article id, index in this batch or None if stored)
    by_text = {(r[0], r[1]): (_order_key(r[3], r[4]), r[2], None) for r in con.execute(
        "SELECT outlet, text_hash, article_id, published_at, canonical_key FROM articles "
        "WHERE text_hash IN (SELECT unnest(?))", [[a.text_hash for a in articles]]).fetchall()}
    found: dict[int, tuple[str, str]] = {}
    demoted: dict[str, str] = {}
    for index, outcome in enumerate(outcomes):
        row = outcome.article
        if row is None:
            continue
        if row.canonical_key in by_key:
            found[index] = (by_key[row.canonical_key], "same URL")
            continue
        text_key = (row.outlet, row.text_hash)
        mine = _order_key(_published_at(row.page.published), row.canonical_key)
        if text_key in by_text:
            theirs, their_id, their_index = by_text[text_key]
            if theirs <= mine:
                found[index] = (their_id, "same text")
                continue
            if their_index is None:
                demoted[their_id] = row.article_id
            else:
                found[their_index] = (row.article_id, "same text")
        by_key[row.canonical_key] = row.article_id
        by_text[text_key] = (mine, row.article_id, index)
    for index, (kept, reason) in list(found.items()):  # chains: a -> b -> c becomes a -> c
        while kept in demoted:
            kept = demoted[kept]
        found[index] = (kept, reason)
    return found, demoted


def store_outcomes(db: Database, archive_dir: Path, warc_file: str, run_id: int,
                   outcomes: Iterable[Outcome]) -> Counter[str]:
    """Archive bodies, then write fetches, articles and URL statuses in one transaction."""
    outcomes = list(outcomes)
    with_body = [o for o in outcomes if o.fetch is not None and o.fetch.body is not None]
    archived: dict[int, ArchivedRecord] = {}
    if with_body:
        records = append_records(archive_dir, warc_file, [o.fetch for o in with_body])
        archived = {id(o): rec for o, rec in zip(with_body, records, strict=True)}
    now = utcnow()

    def body(con) -> dict[int, tuple[str, str]]:
        duplicates, demoted = _find_duplicates(con, outcomes)  # afresh on every try
        demoted_events = []
        for old, kept in demoted.items():
            detail = f"same text as article {kept} (the original)"
            keys = [k for (k,) in con.execute("SELECT url_key FROM urls WHERE article_id = ?",
                                              [old]).fetchall()]
            con.execute("UPDATE urls SET status = ?, status_detail = ?, article_id = ? "
                        "WHERE article_id = ?", [Status.DUPLICATE, detail, kept, old])
            con.execute("DELETE FROM articles WHERE article_id = ?", [old])
            # this run's counts say duplicate for the copy, whichever of the two came first
            con.execute("DELETE FROM url_events WHERE run_id = ? AND url_key IN "
                        "(SELECT unnest(?))", [run_id, keys])
            demoted_events += [[run_id, key, Status.DUPLICATE, detail, now] for key in keys]
        if demoted:  # the copy's analysis goes too; the original gets its own next
            from flows.store.analysis import forget_articles
            refresh_summaries(con, forget_articles(con, list(demoted)))
        fetch_rows, article_rows, url_rows, event_rows = [], [], [], demoted_events
        for index, o in enumerate(outcomes):
            status, detail, article, article_id = o.status, o.detail, o.article, o.article_id
            if index in duplicates:
                article_id, reason = duplicates[index]
                status, detail, article = Status.DUPLICATE, f"{reason} as article {article_id}", \
                    None
            fetch_id = None
            if o.fetch is not None:
                f = o.fetch
                fetch_id = f"{run_id}:{o.url_key}"
                rec = archived.get(id(o))
                fetch_rows.append([
                    fetch_id, run_id, o.url_key, f.requested_url, f.final_url, f.http_status,
                    f.content_type, f.charset, len(f.body) if f.body is not None else None,
                    f.sha256, f.fetched_at, f.elapsed_ms, status, f.detail or detail,
                    rec.warc_file if rec else None, rec.offset if rec else None,
                    rec.length if rec else None])
            if article is not None:
                article_rows.append(_article_values(article, run_id, fetch_id, now))
                article_id = article.article_id
            url_rows.append([o.url_key, status, detail, article_id])
            event_rows.append([run_id, o.url_key, status, detail, now])
        insert_missing(con, "fetches", _FETCH_COLUMNS, fetch_rows, ("fetch_id",))
        insert_missing(con, "articles", _ARTICLE_COLUMN_NAMES, article_rows, ("canonical_key",))
        if url_rows:
            # Only URLs still open take the outcome: with several writers, the first final
            # status wins and a later copy of the work changes nothing.
            keys, statuses, details, article_ids = (list(c) for c in zip(*url_rows, strict=True))
            con.execute(
                "UPDATE urls SET status = n.status, status_detail = n.detail, "
                "status_run_id = $run_id, status_at = $now, article_id = n.article_id, "
                "attempts = urls.attempts + 1 "
                "FROM (SELECT unnest($keys) AS url_key, unnest($statuses) AS status, "
                "unnest($details) AS detail, unnest($article_ids) AS article_id) AS n "
                "WHERE urls.url_key = n.url_key AND urls.status IN (SELECT unnest($open))",
                {"run_id": run_id, "now": now, "keys": keys, "statuses": statuses,
                 "details": details, "article_ids": article_ids, "open": list(RETRY_STATUSES)})
        insert_missing(con, "url_events", ("run_id", "url_key", "status", "detail", "event_at"),
                       event_rows, ("run_id", "url_key"))
        return duplicates

    duplicates = write(db, body)
    statuses: Counter[str] = Counter()
    for index, o in enumerate(outcomes):  # tell the caller what was decided
        if index in duplicates:
            o.article_id, reason = duplicates[index]
            o.status, o.detail, o.article = Status.DUPLICATE, f"{reason} as article " \
                f"{o.article_id}", None
        elif o.article is not None:
            o.article_id = o.article.article_id
        statuses[o.status] += 1
    return statuses


_FETCH_COLUMNS = ("fetch_id", "run_id", "url_key", "requested_url", "final_url", "http_status",
                  "content_type", "charset", "bytes", "sha256", "fetched_at", "elapsed_ms",
                  "status", "detail", "warc_file", "warc_offset", "warc_length")


# Fields re-extraction may change; identity, provenance and first_run_id stay.
_REEXTRACTED_COLUMNS = (
    "site_name", "title", "title_source", "authors", "author_source", "origin_credit",
    "published", "published_at", "date_source", "date_confidence", "updated", "language",
    "language_source", "description", "tags", "text", "text_hash", "word_count",
    "relevance_score", "relevance", "on_topic", "extractor", "signals", "extracted_at")


def update_extracted_fields(db: Database, run_id: int, rows: list) -> int:
    """Overwrite the extracted fields of stored articles (ArticleRow, keyed by article_id)."""
    picks = [_ARTICLE_COLUMN_NAMES.index(c) for c in _REEXTRACTED_COLUMNS]
    now = utcnow()
    params = []
    for row in rows:
        values = _article_values(row, run_id, None, now)
        params.append([values[i] for i in picks] + [row.article_id])
    if not params:
        return 0

    def body(con) -> None:
        con.executemany("UPDATE articles SET " + ", ".join(
            f"{c} = ?" for c in _REEXTRACTED_COLUMNS) + " WHERE article_id = ?", params)
        # dates, outlets and URLs are in the cluster and speaker summaries
        refresh_summaries(con, touched_by_articles(con, [row.article_id for row in rows]))
    write(db, body)
    return len(params)
