"""The ingest flow, wired once: seeds -> discover -> fetch/extract/score -> store.

`ingest()` is plain Python. It takes a `stage` wrapper so that the same wiring runs
directly (`drumbeat run`, no Prefect server) or with every stage as a Prefect task
(flows.prefect_flows), where retries, logs and timings show in the Prefect UI.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flows.config import Config
from flows.discover import load_seeds
from flows.lock import run_lock
from flows.process import WorkItem, build_outcome, hints_from_json, process_items
from flows.records import Discovered, ExtractedPage, FetchResult, Hints, SourceReport, Status
from flows.relevance import TopicProfile, build_profile
from flows.store import migrate
from flows.store.ingest import (
    begin_run,
    finish_run,
    record_discoveries,
    source_states,
    store_outcomes,
    undecided_in_run,
    urls_to_process,
)
from flows.urls import normalize_url, outlet_of, url_key

SEEDS_SOURCE = "seeds"
Stage = Callable[[Callable], Callable]
# Runs fn(*args) for every args tuple, wherever it likes (a Dask cluster), and yields
# the results.
Spread = Callable[[Callable, list[tuple]], Iterable]


def direct(fn: Callable) -> Callable:
    return fn


class Reporter:
    """Progress hooks; the CLI draws bars from them, Prefect logs them. Silent by default."""

    def phase(self, name: str, total: int | None = None) -> None: ...
    def advance(self, status: str) -> None: ...
    def source_done(self, report: SourceReport) -> None: ...
    def message(self, text: str) -> None: ...


@dataclass(slots=True)
class RunSummary:
    run_id: int
    status: str
    seconds: float
    counts: dict[str, int]  # per final status, this run
    sources: list[SourceReport] = field(default_factory=list)
    new_urls: dict[str, int] = field(default_factory=dict)  # per source
    error: str | None = None
    analysis: dict[str, int] = field(default_factory=dict)  # articles, claims, flags, ...

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "status": self.status, "seconds": round(self.seconds, 2),
                "counts": self.counts, "new_urls": self.new_urls, "error": self.error,
                "analysis": self.analysis,
                "sources": [{"id": r.source_id, "kind": r.kind, "ok": r.ok, "found": r.found,
                             "detail": r.detail} for r in self.sources]}


def topic_profile(cfg: Config) -> tuple[TopicProfile, list]:
    """The topic from config and seeds, with what a person labelled in the database: the
    labelled articles are examples on either side, and their decisions are kept."""
    from flows.relevance import MAX_EXAMPLES
    from flows.store.labels import load_labels

    seeds = load_seeds(cfg.seeds_path)
    profile = build_profile([s.text for s in seeds], cfg.topic.keywords,
                            cfg.topic.required_keywords, description=cfg.topic.story(),
                            seed_titles=[s.title or None for s in seeds])
    labels = load_labels(cfg.database)
    if labels:
        on = [(a, text) for a, _, flag, text in labels if flag][:MAX_EXAMPLES]
        off = [(a, text) for a, _, flag, text in labels if not flag][:MAX_EXAMPLES]
        profile = profile.with_examples(on, off, {key: flag for _, key, flag, _ in labels})
    return profile, seeds


def store_seeds(cfg: Config, run_id: int, seeds: list,
                profile: TopicProfile) -> tuple[SourceReport, int]:
    """Returns the seeds' source report and how many seed URLs were new."""
    """Seeds are stored like fetched articles, from their text files and provenance."""
    found, pending = [], {}
    for seed in seeds:
        hints = Hints(title=seed.title or None, published=seed.published or None,
                      outlet=seed.outlet or None, language=seed.language or None)
        found.append(Discovered(seed.url, SEEDS_SOURCE, hints))
        pending[url_key(seed.url)] = (seed, hints)
    report = SourceReport(SEEDS_SOURCE, "seeds", ok=True, found=len(seeds),
                          detail=f"{len(seeds)} seed file(s) in {cfg.seeds_path}")
    new = record_discoveries(cfg.database, run_id, [report], found,
                             {SEEDS_SOURCE: str(cfg.seeds_path)})
    todo = {key for key, *_ in urls_to_process(cfg.database, 10**9)}
    outcomes = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for key, (seed, hints) in pending.items():
        if key not in todo:
            continue
        url = normalize_url(seed.url)
        page = ExtractedPage(
            url=url, ok=bool(seed.text.strip()), error="" if seed.text.strip() else "empty seed",
            text=seed.text, title=seed.title or None, title_source="seed provenance",
            published=seed.published or None, date_source="seed provenance",
            date_confidence=1.0, language=seed.language or None,
            language_source="seed provenance", site_name=seed.outlet or None,
            extractor="seed-file", signals={"seed_file": seed.file.name})
        fetch = FetchResult(url_key=key, requested_url=url, final_url=url, status=Status.FETCHED,
                            fetched_at=now)
        outcome = build_outcome(WorkItem(key, url, SEEDS_SOURCE, hints), fetch, page, profile,
                                cfg.topic.relevance_threshold, force_on_topic=True,
                                extracted_at=now)
        outcome.fetch = None  # nothing was fetched: the seed file is the evidence
        outcomes.append(outcome)
    if outcomes:
        store_outcomes(cfg.database, cfg.archive_path, "", run_id, outcomes)
    return report, new.get(SEEDS_SOURCE, 0)


def discover(cfg: Config, run_id: int, reporter: Reporter) -> tuple[list[SourceReport],
                                                                       dict[str, int]]:
    from flows.poll import poll_sources

    states = source_states(cfg.database)
    reports, found = asyncio.run(poll_sources(cfg, states, on_done=reporter.source_done))
    new = record_discoveries(cfg.database, run_id, reports, found,
                             {s.id: s.url or s.query for s in cfg.sources})
    return reports, new


def pending_items(cfg: Config) -> list[WorkItem]:
    rows = urls_to_process(cfg.database, cfg.fetch.max_attempts_per_url)
    return [WorkItem(key, url, source, hints_from_json(hints))
            for key, url, source, hints in rows]


def fetch_and_store(cfg: Config, run_id: int, profile: TopicProfile,
                    reporter: Reporter) -> Counter[str]:
    items = pending_items(cfg)
    reporter.phase("fetch, extract, store", total=len(items))
    return asyncio.run(process_items(cfg, run_id, items, profile, advance=reporter.advance))


@dataclass(slots=True)
class SliceResult:
    label: str
    urls: int
    counts: Counter[str]  # per final status
    worker: str  # host:pid that ran it
    seconds: float


def slice_by_outlet(items: list[WorkItem], slices: int) -> list[list[WorkItem]]:
    """The URLs cut into at most `slices` non-empty slices, every URL of one outlet in the
    same slice: per-host politeness (concurrency, delay, robots.txt, a 429's pause) is
    kept by one fetcher, and exact copies on one outlet meet in one slice."""
    out: list[list[WorkItem]] = [[] for _ in range(slices)]
    for item in items:
        outlet = outlet_of(item.url) or item.url
        out[zlib.crc32(outlet.encode()) % slices].append(item)
    return [part for part in out if part]


def fetch_slice(cfg: Config, run_id: int, profile: TopicProfile, items: list[WorkItem],
                label: str) -> SliceResult:
    """Fetch, extract and store one slice where it runs (a Dask worker): extraction in
    this process, since the worker is the unit of parallelism there."""
    started = time.monotonic()
    left = undecided_in_run(cfg.database, [item.url_key for item in items], run_id)
    todo = [item for item in items if item.url_key in left]
    counts = asyncio.run(process_items(cfg, run_id, todo, profile, part=label,
                                       extract_workers=0))
    return SliceResult(label, len(todo), counts, f"{socket.gethostname()}:{os.getpid()}",
                       time.monotonic() - started)


def fetch_in_slices(cfg: Config, run_id: int, profile: TopicProfile, reporter: Reporter,
                    spread: Spread) -> Counter[str]:
    items = pending_items(cfg)
    reporter.phase("fetch, extract, store", total=len(items))
    slices = slice_by_outlet(items, cfg.cluster.slices)
    total: Counter[str] = Counter()
    calls = [(cfg, run_id, profile, part, f"s{i:02d}") for i, part in enumerate(slices)]
    for result in spread(fetch_slice, calls):
        total.update(result.counts)
        for status, count in result.counts.items():
            for _ in range(count):
                reporter.advance(status)
        reporter.message(f"slice {result.label}: {result.urls} URLs on {result.worker} in "
                         f"{result.seconds:.1f} s: {dict(result.counts)}")
    return total


def analyze(cfg: Config, run_id: int, reporter: Reporter) -> dict[str, int]:
    """Claims, quotes, copies and weekly flags for the articles stored since last time."""
    from flows.analyze import analyze_new_articles

    return analyze_new_articles(cfg, run_id, advance=reporter.advance)


def ingest(cfg: Config, reporter: Reporter | None = None, stage: Stage = direct,
           spread: Spread | None = None) -> RunSummary:
    """One ingest run. Raises RunInProgress when another run holds the database. With
    `spread`, fetching and extraction run as slices of the pending URLs through it."""
    reporter = reporter or Reporter()
    started = time.monotonic()
    with run_lock(cfg.database, "ingest"):
        migrate(cfg.database)
        run_id = begin_run(cfg.database, "ingest", cfg.fingerprint())
        reports: list[SourceReport] = []
        new: dict[str, int] = {}
        try:
            profile, seeds = topic_profile(cfg)
            reporter.phase("seeds", total=None)
            seed_report, new_seeds = stage(store_seeds)(cfg, run_id, seeds, profile)
            reporter.phase("discover", total=len([s for s in cfg.sources if s.enabled]))
            reports, new = stage(discover)(cfg, run_id, reporter)
            reports, new = [seed_report, *reports], {SEEDS_SOURCE: new_seeds, **new}
            if spread is None:
                stage(fetch_and_store)(cfg, run_id, profile, reporter)
            else:
                fetch_in_slices(cfg, run_id, profile, reporter, spread)
            reporter.phase("analyze", total=None)
            analysis = stage(analyze)(cfg, run_id, reporter)
        except BaseException as exc:
            reason = f"{type(exc).__name__}: {exc}"[:500]
            finish_run(cfg.database, run_id, "failed", reason)
            raise
        counts = finish_run(cfg.database, run_id, "completed")
    return RunSummary(run_id, "completed", time.monotonic() - started, counts, reports, new,
                      analysis=analysis)
