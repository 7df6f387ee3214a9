"""Rebuild extracted fields from the WARC archive, without the network.

For when the extractor improves: every article that came from a fetch is extracted again
from its archived response, scored again against the current seeds, and updated in place
(its identity, canonical URL and provenance stay). Runs as its own run in `runs`.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable

from flows.archive import ArchiveError, read_record
from flows.config import Config
from flows.fetch import charset_of
from flows.lock import run_lock
from flows.process import Extractor, WorkItem, build_outcome, hints_from_json, worker_count
from flows.records import FetchResult, Status
from flows.relevance import TopicProfile
from flows.store import connect, migrate
from flows.store.ingest import begin_run, finish_run, update_extracted_fields


def _archived_articles(cfg: Config) -> list[tuple]:
    with connect(cfg.database) as con:
        return con.execute(
            "SELECT a.article_id, a.url_key, a.source_id, a.hints, f.warc_file, f.warc_offset, "
            "f.final_url, f.requested_url, f.http_status, f.fetched_at "
            "FROM articles a JOIN fetches f USING (fetch_id) "
            "WHERE f.warc_file IS NOT NULL ORDER BY a.article_id").fetchall()


async def _reextract_all(cfg: Config, rows: list[tuple], profile: TopicProfile,
                         advance: Callable[[str], None] | None) -> tuple[list, Counter]:
    extractor = Extractor(worker_count(cfg))
    counts: Counter[str] = Counter()
    updates = []

    async def one(row):
        article_id, key, source_id, hints_json, warc_file, offset, final_url, requested, \
            code, fetched_at = row
        try:
            body, headers = read_record(cfg.archive_path, warc_file, offset)
        except ArchiveError as exc:
            return article_id, None, f"archive: {exc}"
        fetch = FetchResult(url_key=key, requested_url=requested, final_url=final_url,
                            status=Status.FETCHED, http_status=code, body=body,
                            charset=charset_of(headers.get("Content-Type")),
                            fetched_at=str(fetched_at))
        hints = hints_from_json(json.loads(hints_json) if hints_json else None)
        page = await extractor.run(fetch, hints)
        outcome = build_outcome(WorkItem(key, final_url or requested, source_id, hints), fetch,
                                page, profile, cfg.topic.relevance_threshold)
        return article_id, outcome, outcome.detail

    try:
        for done in asyncio.as_completed([one(r) for r in rows]):
            article_id, outcome, detail = await done
            if outcome is None or outcome.article is None:
                counts["failed"] += 1
            else:
                updates.append((article_id, outcome))
                counts["updated"] += 1
            if advance:
                advance("reextracted")
    finally:
        extractor.close()
    return updates, counts


def reextract(cfg: Config, profile: TopicProfile, advance=None) -> dict[str, int]:
    """Re-extract every archived article. Failures keep their old fields."""
    with run_lock(cfg.database, "reextract"):
        migrate(cfg.database)
        run_id = begin_run(cfg.database, "reextract", cfg.fingerprint())
        try:
            rows = _archived_articles(cfg)
            updates, counts = asyncio.run(_reextract_all(cfg, rows, profile, advance))
            for article_id, outcome in updates:
                outcome.article.article_id = article_id  # identity stays as stored
            update_extracted_fields(cfg.database, run_id,
                                    [outcome.article for _, outcome in updates])
        except BaseException as exc:
            finish_run(cfg.database, run_id, "failed", f"{type(exc).__name__}: {exc}"[:500])
            raise
        finish_run(cfg.database, run_id, "completed")
    return dict(counts)
