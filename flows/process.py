"""Fetch, extract, score and store discovered URLs: the middle of the ingest flow.

Fetching is async in this process; extraction runs in worker processes (both cores);
storing happens in batches, each one short transaction. A run killed at any point loses
only the batch in flight: its URLs are still pending and the next run does them.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from urllib.parse import urlsplit

from flows.archive import warc_name
from flows.config import Config
from flows.extract import extract_page
from flows.pools import process_pool
from flows.records import ArticleRow, ExtractedPage, FetchResult, Hints, Outcome, Status
from flows.relevance import TopicProfile, score
from flows.store.ingest import store_outcomes
from flows.urls import NORMALIZER_VERSION, canonical_from_page, outlet_of, url_key

# Fetched pages waiting for a worker, per configured connection: bounds memory when the
# network is faster than extraction.
_QUEUE_PER_CONNECTION = 4


@dataclass(slots=True)
class WorkItem:
    url_key: str
    url: str
    source_id: str
    hints: Hints


def hints_from_json(data: dict | None) -> Hints:
    known = {f.name for f in fields(Hints)}
    return Hints(**{k: v for k, v in (data or {}).items() if k in known})


def text_hash(text: str) -> str:
    """Hash of the text with case and white space folded: what "the same text" means."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def article_id_for(canonical_key: str) -> str:
    return hashlib.sha256(canonical_key.encode("utf-8")).hexdigest()[:16]


# A line of at least this many words is prose; a page with none is navigation, tags or a
# link list (menus, photo galleries), whatever an extractor returned from it.
MIN_PROSE_LINE_WORDS = 8
_INDEX_FILE = re.compile(r"^(?:index|default|home)\.\w+$", re.I)


def has_prose(text: str) -> bool:
    return any(len(line.split()) >= MIN_PROSE_LINE_WORDS for line in text.splitlines())


def looks_like_listing(url: str) -> bool:
    """A home, section or index page ("/", "/news/", "/news/index.html"): teasers of many
    stories, not one article. Article URLs carry a slug, an id or a date."""
    parts = urlsplit(url)
    if parts.query:
        return False
    segments = [seg for seg in parts.path.split("/") if seg]
    if segments and _INDEX_FILE.match(segments[-1]):
        segments.pop()
    elif segments and not parts.path.endswith("/"):
        return False  # a file name of its own: an article
    return len(segments) <= 2 and not any(
        any(ch.isdigit() for ch in seg) or seg.count("-") >= 3 for seg in segments)


def build_outcome(item: WorkItem, fetch: FetchResult, page: ExtractedPage,
                  profile: TopicProfile, threshold: float, *, force_on_topic: bool = False,
                  extracted_at: str = "") -> Outcome:
    """Turn one extracted page into an article row (or an extraction-empty outcome)."""
    if not page.ok or not page.text.strip():
        return Outcome(item.url_key, Status.EXTRACTION_EMPTY, page.error or "no main text",
                       fetch=fetch)
    if not has_prose(page.text):
        return Outcome(item.url_key, Status.EXTRACTION_EMPTY,
                       "no prose: only short fragments (navigation, lists)", fetch=fetch)
    final_url = fetch.final_url or item.url
    if looks_like_listing(final_url) and not force_on_topic:
        return Outcome(item.url_key, Status.NOT_ARTICLE, "a home, section or index page",
                       fetch=fetch)
    canonical = canonical_from_page(page.canonical_url, final_url)
    canonical_key = url_key(canonical)
    relevance = score(page.text, profile, page.title)
    label = profile.labels.get(canonical_key)  # a person's judgement is never re-decided
    on_topic = force_on_topic or (label if label is not None else relevance.on_topic(threshold))
    marks = {"seed": True} if force_on_topic else {}
    if label is not None:
        marks["label"] = "on" if label else "off"
    row = ArticleRow(
        article_id=article_id_for(canonical_key), canonical_key=canonical_key,
        canonical_url=canonical, normalizer_version=NORMALIZER_VERSION, url_key=item.url_key,
        final_url=final_url, outlet=outlet_of(canonical), page=page,
        text_hash=text_hash(page.text), word_count=len(page.text.split()),
        relevance_score=relevance.score,
        relevance={**relevance.as_dict(), "threshold": threshold, **marks},
        on_topic=on_topic, source_id=item.source_id, hints=item.hints,
        extracted_at=extracted_at or fetch.fetched_at or "")
    status = Status.STORED if on_topic else Status.OFF_TOPIC
    detail = "" if on_topic else "labelled off topic" if label is not None else (
        f"missing required keyword(s) in the headline or opening: "
        f"{', '.join(relevance.missing_required)}"
        if relevance.missing_required else f"relevance {relevance.score:.3f} < {threshold}")
    return Outcome(item.url_key, status, detail, fetch=fetch, article=row)


def worker_count(cfg: Config) -> int:
    return cfg.extract.workers or multiprocessing.cpu_count()


def make_pool(workers: int) -> ProcessPoolExecutor:
    return process_pool(workers, _warm_worker)


def _warm_worker() -> None:
    # One thread of numeric work per worker: the pool already uses every core, and
    # BLAS threads on top of it only contend.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    from flows.extract import warm_up
    warm_up()  # imports and the language model, once per worker rather than on a first page


class Extractor:
    """A lazily started process pool that survives a worker crash (one page is lost).
    With workers=0 pages are extracted in a thread of this process: on a Dask worker,
    which is the unit of parallelism there and may not start child processes."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: Executor | None = None

    async def run(self, fetch: FetchResult, hints: Hints) -> ExtractedPage:
        if self.workers == 0:
            return await asyncio.to_thread(extract_page, fetch.body or b"",
                                           fetch.final_url or fetch.requested_url, hints,
                                           fetch.charset)
        loop = asyncio.get_running_loop()
        if self._pool is None:
            self._pool = make_pool(self.workers)
        pool = self._pool
        try:
            return await loop.run_in_executor(pool, extract_page, fetch.body or b"",
                                              fetch.final_url or fetch.requested_url, hints,
                                              fetch.charset)
        except BrokenProcessPool:
            if self._pool is pool:  # the first page to notice replaces the pool
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            return ExtractedPage(url=fetch.requested_url, ok=False,
                                 error="extraction worker crashed on this page")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


async def process_items(cfg: Config, run_id: int, items: Iterable[WorkItem],
                        profile: TopicProfile, advance: Callable[[str], None] | None = None,
                        *, part: str = "", extract_workers: int | None = None
                        ) -> Counter[str]:
    """Fetch, extract, score and store the items. part names this slice of a run in its
    archive file; extract_workers overrides the configured pool size (0: in-process)."""
    from flows.fetch import Fetcher

    items = list(items)
    counts: Counter[str] = Counter()
    if not items:
        return counts
    warc_file = warc_name(run_id, part=part)
    extractor = Extractor(worker_count(cfg) if extract_workers is None else extract_workers)
    threshold = cfg.topic.relevance_threshold
    limit = asyncio.Semaphore(max(8, cfg.fetch.global_concurrency * _QUEUE_PER_CONNECTION))
    buffer: list[Outcome] = []

    async def one(item: WorkItem) -> Outcome:
        async with limit:
            fetch = await fetcher.fetch_page(item.url_key, item.url)
            if fetch.status != Status.FETCHED:
                keep = fetch if fetch.http_status is not None or fetch.status in (
                    Status.TIMEOUT, Status.CONNECTION_ERROR, Status.TOO_LARGE) else None
                if keep is not None:
                    keep.body = None  # only extracted pages are archived
                return Outcome(item.url_key, fetch.status, fetch.detail, fetch=keep)
            page = await extractor.run(fetch, item.hints)
            return build_outcome(item, fetch, page, profile, threshold)

    async def flush() -> None:
        if buffer:
            batch = list(buffer)
            buffer.clear()
            counts.update(await asyncio.to_thread(
                store_outcomes, cfg.database, cfg.archive_path, warc_file, run_id, batch))

    try:
        async with Fetcher(cfg.fetch) as fetcher:
            for next_done in asyncio.as_completed([one(i) for i in items]):
                outcome = await next_done
                buffer.append(outcome)
                if advance:
                    advance(outcome.status)
                if len(buffer) >= cfg.storage.batch_size:
                    await flush()
            await flush()
    finally:
        extractor.close()
    return counts

