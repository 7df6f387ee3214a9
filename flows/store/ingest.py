"""Writes of the ingest flow: runs, sources, discovered URLs, fetches, articles.

store_outcomes() is the one function that turns a batch of processed URLs into rows, in
one transaction, deciding duplicates against what is already stored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
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
from flows.store.db import as_json, connect, transaction, utcnow
from flows.urls import NORMALIZER_VERSION, normalize_url, url_key

# Statuses a URL may get again from a later run (everything else is final).
RETRY_STATUSES = tuple(sorted(str(s) for s in RETRYABLE))


def next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0])


def begin_run(db: Path, flow: str, config_fingerprint: str) -> int:
    """Start a run; runs left 'running' by a crash are marked interrupted (we hold the lock,
    so nothing else can still be running)."""
    with transaction(db) as con:
        con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        run_id = next_run_id(con)
        con.execute("INSERT INTO runs (run_id, flow, started_at, status, config_fingerprint, "
                    "drumbeat_version) VALUES (?, ?, ?, 'running', ?, ?)",
                    [run_id, flow, utcnow(), config_fingerprint, __version__])
    return run_id


def run_counts(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, int]:
    rows = con.execute("SELECT status, count(*) FROM url_events WHERE run_id = ? GROUP BY 1",
                       [run_id]).fetchall()
    return dict(sorted(rows, key=lambda r: -r[1]))


def finish_run(db: Path, run_id: int, status: str, error: str | None = None) -> dict[str, int]:
    with transaction(db) as con:
        counts = run_counts(con, run_id)
        con.execute("UPDATE runs SET finished_at = ?, status = ?, counts = ?, error = ? "
                    "WHERE run_id = ?", [utcnow(), status, json.dumps(counts), error, run_id])
    return counts


def source_states(db: Path) -> dict[str, dict]:
    with connect(db) as con:
        rows = con.execute("SELECT source_id, etag, last_modified, body_hash FROM sources"
                           ).fetchall()
    return {r[0]: {"etag": r[1], "last_modified": r[2], "body_hash": r[3]} for r in rows}


def record_discoveries(db: Path, run_id: int, reports: list[SourceReport],
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
    new_per_source: Counter[str] = Counter()
    with transaction(db) as con:
        known = set()
        keys = list(keyed)
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
                             as_json(item.hints), Status.PENDING])
        if new_rows:
            con.executemany("INSERT INTO urls (url_key, url, normalizer_version, "
                            "first_source_id, first_run_id, first_seen_at, hints, status) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new_rows)
        if pairs:
            con.executemany("INSERT INTO url_sources VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            [[k, s, run_id, now] for k, s in sorted(pairs)])
        for report in reports:
            con.execute(
                "INSERT INTO sources (source_id, kind, url, etag, last_modified, body_hash, "
                "last_run_id, last_checked_at, last_ok, last_detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET "
                "kind = excluded.kind, url = excluded.url, "
                "etag = coalesce(excluded.etag, sources.etag), "
                "last_modified = coalesce(excluded.last_modified, sources.last_modified), "
                "body_hash = coalesce(excluded.body_hash, sources.body_hash), "
                "last_run_id = excluded.last_run_id, last_checked_at = excluded.last_checked_at, "
                "last_ok = excluded.last_ok, last_detail = excluded.last_detail",
                [report.source_id, report.kind, source_urls.get(report.source_id), report.etag,
                 report.last_modified, report.body_hash, run_id, now, report.ok, report.detail])
            con.execute("INSERT INTO source_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT DO NOTHING",
                        [run_id, report.source_id, now, report.ok, report.unchanged,
                         report.found or listed[report.source_id],
                         new_per_source[report.source_id], report.detail])
    return dict(new_per_source)


def urls_to_process(db: Path, max_attempts: int) -> list[tuple[str, str, str, dict]]:
    """(url_key, url, first_source_id, hints) of URLs still without a final status."""
    with connect(db) as con:
        rows = con.execute(
            "SELECT url_key, url, first_source_id, hints FROM urls "
            "WHERE status IN (SELECT unnest(?)) AND attempts < ? "
            "ORDER BY first_seen_at, url_key", [list(RETRY_STATUSES), max_attempts]).fetchall()
    return [(r[0], r[1], r[2], json.loads(r[3]) if r[3] else {}) for r in rows]


def _published_at(value: str | None) -> datetime | None:
    if not value:
        return None
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


_ARTICLE_COLUMNS = (
    "article_id, canonical_key, canonical_url, normalizer_version, url_key, final_url, outlet, "
    "site_name, title, title_source, authors, author_source, origin_credit, published, "
    "published_at, date_source, date_confidence, updated, language, language_source, "
    "description, tags, text, text_hash, word_count, relevance_score, relevance, on_topic, "
    "source_id, fetch_id, extractor, signals, hints, first_run_id, stored_at, extracted_at")


def _resolve_duplicates(con, outcomes: list[Outcome]) -> None:
    """Same canonical URL, or the same text on the same outlet, as a stored article (or an
    earlier one in this batch) makes a duplicate. The same text on another outlet is a
    syndicated copy and is stored: syndication analysis groups those."""
    articles = [o.article for o in outcomes if o.article is not None]
    if not articles:
        return
    by_key = dict(con.execute(
        "SELECT canonical_key, article_id FROM articles WHERE canonical_key IN (SELECT unnest(?))",
        [[a.canonical_key for a in articles]]).fetchall())
    by_text = {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT outlet, text_hash, min(article_id) FROM articles "
        "WHERE text_hash IN (SELECT unnest(?)) GROUP BY ALL",
        [[a.text_hash for a in articles]]).fetchall()}
    for outcome in outcomes:
        row = outcome.article
        if row is None:
            continue
        existing = by_key.get(row.canonical_key) or by_text.get((row.outlet, row.text_hash))
        if existing is not None:
            outcome.status = Status.DUPLICATE
            outcome.detail = f"same {'URL' if row.canonical_key in by_key else 'text'} as " \
                             f"article {existing}"
            outcome.article_id = existing
            outcome.article = None
            continue
        by_key[row.canonical_key] = row.article_id
        by_text[(row.outlet, row.text_hash)] = row.article_id


def store_outcomes(db: Path, archive_dir: Path, warc_file: str, run_id: int,
                   outcomes: Iterable[Outcome]) -> Counter[str]:
    """Archive bodies, then write fetches, articles and URL statuses in one transaction."""
    outcomes = list(outcomes)
    with_body = [o for o in outcomes if o.fetch is not None and o.fetch.body is not None]
    archived: dict[int, ArchivedRecord] = {}
    if with_body:
        records = append_records(archive_dir, warc_file, [o.fetch for o in with_body])
        archived = {id(o): rec for o, rec in zip(with_body, records, strict=True)}
    now = utcnow()
    statuses: Counter[str] = Counter()
    with transaction(db) as con:
        _resolve_duplicates(con, outcomes)
        fetch_rows, article_rows, url_rows, event_rows = [], [], [], []
        for o in outcomes:
            fetch_id = None
            if o.fetch is not None:
                f = o.fetch
                fetch_id = f"{run_id}:{o.url_key}"
                rec = archived.get(id(o))
                fetch_rows.append([
                    fetch_id, run_id, o.url_key, f.requested_url, f.final_url, f.http_status,
                    f.content_type, f.charset, len(f.body) if f.body is not None else None,
                    f.sha256, f.fetched_at, f.elapsed_ms, o.status, f.detail or o.detail,
                    rec.warc_file if rec else None, rec.offset if rec else None,
                    rec.length if rec else None])
            if o.article is not None:
                article_rows.append(_article_values(o.article, run_id, fetch_id, now))
                o.article_id = o.article.article_id
            url_rows.append([o.status, o.detail, run_id, now, o.article_id, o.url_key])
            event_rows.append([run_id, o.url_key, o.status, o.detail, now])
            statuses[o.status] += 1
        if fetch_rows:
            con.executemany("INSERT INTO fetches VALUES (" + ", ".join(["?"] * 17) + ") "
                            "ON CONFLICT DO NOTHING", fetch_rows)
        if article_rows:
            con.executemany(f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ("
                            + ", ".join(["?"] * 36) + ")", article_rows)
        con.executemany("UPDATE urls SET status = ?, status_detail = ?, status_run_id = ?, "
                        "status_at = ?, article_id = ?, attempts = attempts + 1 "
                        "WHERE url_key = ?", url_rows)
        con.executemany("INSERT INTO url_events VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
                        "SET status = excluded.status, detail = excluded.detail, "
                        "event_at = excluded.event_at", event_rows)
    return statuses



# Fields re-extraction may change; identity, provenance and first_run_id stay.
_REEXTRACTED_COLUMNS = (
    "site_name", "title", "title_source", "authors", "author_source", "origin_credit",
    "published", "published_at", "date_source", "date_confidence", "updated", "language",
    "language_source", "description", "tags", "text", "text_hash", "word_count",
    "relevance_score", "relevance", "on_topic", "extractor", "signals", "extracted_at")


def update_extracted_fields(db: Path, run_id: int, rows: list) -> int:
    """Overwrite the extracted fields of stored articles (ArticleRow, keyed by article_id)."""
    names = [n.strip() for n in _ARTICLE_COLUMNS.split(",")]
    picks = [names.index(c) for c in _REEXTRACTED_COLUMNS]
    now = utcnow()
    params = []
    for row in rows:
        values = _article_values(row, run_id, None, now)
        params.append([values[i] for i in picks] + [row.article_id])
    if params:
        with transaction(db) as con:
            con.executemany("UPDATE articles SET " + ", ".join(
                f"{c} = ?" for c in _REEXTRACTED_COLUMNS) + " WHERE article_id = ?", params)
    return len(params)
