"""Poll the configured sources for article URLs (the discover stage's network side).

The parsers in flows.discover turn bytes into Discovered records; this module fetches those
bytes through the shared Fetcher with conditional GET and turns every failure into a
SourceReport with a one-line reason, so one broken source never stops a run.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import UTC, datetime, timedelta

from flows.config import Config, SourceConfig
from flows.discover import (
    MAX_SITEMAP_BYTES,
    DiscoveryError,
    gdelt_query_urls,
    parse_feed,
    parse_gdelt,
    parse_sitemap,
    parse_url_list,
)
from flows.fetch import Fetcher
from flows.records import Discovered, FetchResult, SourceReport, Status

# A sitemap index may point at hundreds of children (one per day for years); the newest
# few carry what a scheduled run needs, and a backfill can raise it.
MAX_CHILD_SITEMAPS = 50


def _fetch_failure(fetch: FetchResult) -> str:
    detail = fetch.detail or fetch.status
    return f"{fetch.status}: {detail}" if detail != fetch.status else detail


async def _get(fetcher: Fetcher, source: SourceConfig, state: dict | None,
               url: str, *, conditional: bool, max_bytes: int | None = None
               ) -> tuple[FetchResult, SourceReport | None]:
    state = state or {}
    fetch = await fetcher.fetch_document(
        url, etag=state.get("etag") if conditional else None,
        last_modified=state.get("last_modified") if conditional else None, max_bytes=max_bytes)
    if fetch.status == Status.NOT_MODIFIED:
        return fetch, SourceReport(source.id, source.kind, ok=True, unchanged=True,
                                   detail="not modified (304)")
    if fetch.status != Status.FETCHED:
        return fetch, SourceReport(source.id, source.kind, ok=False, detail=_fetch_failure(fetch))
    return fetch, None


def _validators(fetch: FetchResult) -> dict:
    headers = {k.lower(): v for k, v in fetch.response_headers}
    return {"etag": headers.get("etag"), "last_modified": headers.get("last-modified"),
            "body_hash": hashlib.sha256(fetch.body or b"").hexdigest()}


async def poll_feed_like(fetcher: Fetcher, source: SourceConfig, state: dict | None
                         ) -> tuple[SourceReport, list[Discovered]]:
    """Feeds and URL lists: one document, conditional GET, body hash as the fallback."""
    fetch, failed = await _get(fetcher, source, state, source.url, conditional=True)
    if failed:
        return failed, []
    validators = _validators(fetch)
    if state and state.get("body_hash") == validators["body_hash"]:
        return SourceReport(source.id, source.kind, ok=True, unchanged=True,
                            detail="unchanged (same content)", **validators), []
    try:
        if source.kind == "urllist":
            text = (fetch.body or b"").decode("utf-8", errors="replace")
            found = parse_url_list(text, source.id, base_url=fetch.final_url or source.url)
        else:
            found = parse_feed(fetch.body or b"", source.id, fetch.final_url or source.url)
    except DiscoveryError as exc:
        return SourceReport(source.id, source.kind, ok=False, detail=str(exc)), []
    return SourceReport(source.id, source.kind, ok=True, found=len(found),
                        detail=f"{len(found)} URLs", **validators), found


async def poll_sitemap(fetcher: Fetcher, source: SourceConfig, state: dict | None
                       ) -> tuple[SourceReport, list[Discovered]]:
    """A sitemap or sitemap index (one level of children, newest first as listed)."""
    fetch, failed = await _get(fetcher, source, state, source.url, conditional=True,
                               max_bytes=MAX_SITEMAP_BYTES)
    if failed:
        return failed, []
    validators = _validators(fetch)
    try:
        page = parse_sitemap(fetch.body or b"", source.id, fetch.final_url or source.url)
    except DiscoveryError as exc:
        return SourceReport(source.id, source.kind, ok=False, detail=str(exc)), []
    found = list(page.urls)
    problems = []
    children = page.sitemaps[:MAX_CHILD_SITEMAPS]
    results = await asyncio.gather(*(fetcher.fetch_document(c, max_bytes=MAX_SITEMAP_BYTES)
                                     for c in children))
    for child, child_fetch in zip(children, results, strict=True):
        if child_fetch.status != Status.FETCHED:
            problems.append(f"{child}: {_fetch_failure(child_fetch)}")
            continue
        try:
            found.extend(parse_sitemap(child_fetch.body or b"", source.id, child).urls)
        except DiscoveryError as exc:
            problems.append(f"{child}: {exc}")
    detail = f"{len(found)} URLs from {1 + len(children)} sitemap file(s)"
    if len(page.sitemaps) > MAX_CHILD_SITEMAPS:
        detail += f" (first {MAX_CHILD_SITEMAPS} of {len(page.sitemaps)} children)"
    if problems:
        detail += f"; {len(problems)} failed: {problems[0]}"
    ok = bool(found) or not problems
    return SourceReport(source.id, source.kind, ok=ok, found=len(found), detail=detail,
                        **validators), found


async def poll_gdelt(fetcher: Fetcher, source: SourceConfig, cfg: Config,
                     now: datetime | None = None) -> tuple[SourceReport, list[Discovered]]:
    """The GDELT DOC 2.0 API, one call per time slice, spaced as GDELT asks."""
    end = (now or datetime.now(UTC)).replace(microsecond=0)
    start = end - timedelta(days=cfg.gdelt.lookback_days)
    urls = gdelt_query_urls(cfg.gdelt.api_base, source.query, start, end,
                            slice_hours=cfg.gdelt.slice_hours)
    found: list[Discovered] = []
    problems: list[str] = []
    last_call = None
    for url in urls:
        if last_call is not None:
            wait = cfg.gdelt.min_interval - (time.monotonic() - last_call)
            if wait > 0:
                await asyncio.sleep(wait)
        last_call = time.monotonic()
        fetch = await fetcher.fetch_document(url)
        if fetch.status != Status.FETCHED:
            problems.append(_fetch_failure(fetch))
            if fetch.status in (Status.CONNECTION_ERROR, Status.BLOCKED_ADDRESS, Status.BAD_URL):
                break  # the API is unreachable: the other slices would fail the same way
            continue
        try:
            found.extend(parse_gdelt(fetch.body or b"", source.id))
        except DiscoveryError as exc:
            problems.append(str(exc))
    detail = f"{len(found)} URLs from {len(urls)} call(s)"
    if problems:
        detail = f"{detail}; {len(problems)} failed: {problems[0]}"
    ok = not problems or bool(found)
    return SourceReport(source.id, source.kind, ok=ok, found=len(found), detail=detail), found


async def poll_source(fetcher: Fetcher, source: SourceConfig, cfg: Config,
                      state: dict | None) -> tuple[SourceReport, list[Discovered]]:
    try:
        if source.kind == "gdelt":
            return await poll_gdelt(fetcher, source, cfg)
        if source.kind == "sitemap":
            return await poll_sitemap(fetcher, source, state)
        return await poll_feed_like(fetcher, source, state)
    except Exception as exc:  # a parser bug must not cost the other sources their run
        return SourceReport(source.id, source.kind, ok=False,
                            detail=f"unexpected {type(exc).__name__}: {exc}"[:300]), []


async def poll_sources(cfg: Config, states: dict[str, dict], on_done=None
                       ) -> tuple[list[SourceReport], list[Discovered]]:
    sources = [s for s in cfg.sources if s.enabled]
    reports: list[SourceReport] = []
    found: list[Discovered] = []
    async with Fetcher(cfg.fetch) as fetcher:
        async def one(source: SourceConfig):
            result = await poll_source(fetcher, source, cfg, states.get(source.id))
            if on_done:
                on_done(result[0])
            return result
        for report, items in await asyncio.gather(*(one(s) for s in sources)):
            reports.append(report)
            found.extend(items)
    return reports, found
