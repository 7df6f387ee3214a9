"""Ingest speed, as ratios against a baseline measured in the same run.

    python tests/benchmarks/bench_ingest.py [--eval-dir PATH] [--pages N] [--only NAME]

1. extract: the pipeline's extract stage (worker processes, both cores) on the WCXB
   article pages against a bare one-process loop of trafilatura on the same pages.
   Target: at least 1.7x on a 2-core machine.
2. fetch: 1,000 pages from the local news site, 50 ms added latency per response,
   per-host concurrency 8, against the ideal pages x latency / concurrency.
   Target: within 1.3x of the ideal.
3. rerun: a whole ingest run over the local site (feeds, sitemaps, 1,000 bulk pages), then
   a second run when nothing changed. Target: the second at most 5% of the first.
The extract part needs ../shared/eval/wcxb-dev-articles (or --eval-dir); without it that
part says so and is skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "wcxb-dev-articles"


def load_pages(eval_dir: Path, limit: int | None) -> list[tuple[str, bytes]]:
    gold = [json.loads(line) for line in (eval_dir / "gold.jsonl").open(encoding="utf-8")]
    files = sorted((eval_dir / "html").glob("*.html.gz"))
    pages = []
    for record, path in zip(gold, files, strict=False):
        pages.append((record.get("url") or f"https://example.org/{path.stem}",
                      gzip.decompress(path.read_bytes())))
    return pages[:limit] if limit else pages


def bench_extract(eval_dir: Path, limit: int | None) -> dict | None:
    if not (eval_dir / "gold.jsonl").is_file():
        print(f"extract: skipped, no evaluation pages at {eval_dir} (pass --eval-dir)")
        return None
    import trafilatura

    from flows.process import Extractor
    from flows.records import FetchResult, Hints, Status
    pages = load_pages(eval_dir, limit)

    started = time.perf_counter()
    for url, body in pages:
        trafilatura.bare_extraction(body, url=url, with_metadata=True)
    baseline = time.perf_counter() - started

    async def pipeline() -> int:
        extractor = Extractor(2)
        try:
            results = await asyncio.gather(*(extractor.run(
                FetchResult(url_key=url, requested_url=url, final_url=url,
                            status=Status.FETCHED, body=body), Hints()) for url, body in pages))
        finally:
            extractor.close()
        return sum(1 for r in results if r.ok)

    started = time.perf_counter()
    ok = asyncio.run(pipeline())
    ours = time.perf_counter() - started
    ratio = baseline / ours
    print(f"extract: {len(pages)} pages; bare trafilatura, one process {baseline:.2f} s; "
          f"pipeline extract stage (2 workers, metadata layer, pool start included) "
          f"{ours:.2f} s; speed-up {ratio:.2f}x (target >= 1.7x); {ok} pages with text")
    return {"pages": len(pages), "baseline_s": baseline, "pipeline_s": ours, "ratio": ratio}


def bench_fetch(pages: int) -> dict:
    from flows.config import FetchConfig
    from flows.fetch import Fetcher
    from tests.support.newsite import NewsSite
    latency, concurrency = 0.05, 8
    cfg = FetchConfig(allow_private_addresses=True, per_host_delay=0.0,
                      per_host_concurrency=concurrency, global_concurrency=concurrency,
                      respect_robots=True)
    with NewsSite(latency=latency, bulk_pages=pages) as site:
        urls = site.bulk_urls

        async def go():
            async with Fetcher(cfg) as fetcher:
                return await asyncio.gather(*(fetcher.fetch_page(u, u) for u in urls))
        started = time.perf_counter()
        results = asyncio.run(go())
        wall = time.perf_counter() - started
    fetched = sum(1 for r in results if r.status == "fetched")
    ideal = pages * latency / concurrency
    ratio = wall / ideal
    print(f"fetch: {fetched}/{pages} pages, latency {latency * 1000:.0f} ms, per-host "
          f"concurrency {concurrency}: {wall:.2f} s against an ideal {ideal:.2f} s: "
          f"{ratio:.2f}x the ideal (target <= 1.3x)")
    return {"pages": pages, "wall_s": wall, "ideal_s": ideal, "ratio": ratio}


def bench_rerun(pages: int) -> dict:
    from flows.config import load_config
    from flows.ingest import ingest
    from tests.support.newsite import NewsSite
    with NewsSite(latency=0.05, bulk_pages=pages) as site, \
            tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "drumbeat.toml"
        config.write_text(f"""
[storage]
database = "{tmp}/db.duckdb"
archive_dir = "{tmp}/archive"
[topic]
seeds_dir = "{REPO / 'seeds'}"
[fetch]
allow_private_addresses = true
per_host_delay = 0.0
per_host_concurrency = 8
[[sources]]
id = "rss"
kind = "feed"
url = "{site.base_url}/rss.xml"
[[sources]]
id = "atom"
kind = "feed"
url = "{site.base_url}/atom.xml"
[[sources]]
id = "sitemap"
kind = "sitemap"
url = "{site.base_url}/sitemap.xml"
[[sources]]
id = "bulk"
kind = "urllist"
url = "{site.base_url}/bulk/urls.txt"
""")
        cfg = load_config(config, environ={})
        started = time.perf_counter()
        first = ingest(cfg)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = ingest(cfg)
        second_s = time.perf_counter() - started
    share = second_s / first_s
    print(f"rerun: first run {first_s:.2f} s ({sum(first.counts.values())} URLs: "
          f"{first.counts}); second run with nothing changed {second_s:.2f} s "
          f"({second.counts or 'nothing to fetch'}): {share:.1%} of the first (target <= 5%)")
    return {"first_s": first_s, "second_s": second_s, "share": share}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None, help="extract: first N pages only")
    parser.add_argument("--pages", type=int, default=1000, help="fetch/rerun: bulk pages")
    parser.add_argument("--only", choices=["extract", "fetch", "rerun"])
    args = parser.parse_args()
    if args.only in (None, "fetch"):
        bench_fetch(args.pages)
    if args.only in (None, "rerun"):
        bench_rerun(args.pages)
    if args.only in (None, "extract"):
        bench_extract(args.eval_dir, args.limit)


if __name__ == "__main__":
    main()
