"""Polling sources against the local news site: GDELT spacing and errors, sitemap
indexes, conditional GET."""

import asyncio
from datetime import UTC, datetime

from flows.config import Config, GdeltConfig, SourceConfig
from flows.fetch import Fetcher
from flows.poll import poll_source
from tests.conftest import test_fetch_config
from tests.support.newsite import GDELT_NOW


def poll(site, source, state=None, now=None, **gdelt):
    cfg = Config(fetch=test_fetch_config(),
                 gdelt=GdeltConfig(api_base=site.url("/api/v2/doc/doc"), **gdelt))

    async def go():
        async with Fetcher(cfg.fetch) as fetcher:
            if source.kind == "gdelt":
                from flows.poll import poll_gdelt
                return await poll_gdelt(fetcher, source, cfg, now=now)
            return await poll_source(fetcher, source, cfg, state)
    return asyncio.run(go())


def test_gdelt_calls_are_sliced_spaced_and_never_give_the_date(news_site):
    before = len(news_site.gdelt_requests)
    report, found = poll(news_site, SourceConfig("g", "gdelt", query="Xinjiang"),
                         now=GDELT_NOW, lookback_days=84, slice_hours=24 * 28,
                         min_interval=0.3)
    assert report.ok, report.detail
    calls = news_site.gdelt_requests[before:]
    assert len(calls) == 3  # 84 days in 28-day slices
    gaps = [b[0] - a[0] for a, b in zip(calls, calls[1:], strict=False)]
    assert all(gap >= 0.29 for gap in gaps), gaps
    assert found and all(item.hints.first_seen and not item.hints.published for item in found)
    urls = {item.url for item in found}
    assert len(urls) == len(found)


def test_gdelt_text_error_is_a_one_line_failure(news_site):
    report, found = poll(news_site, SourceConfig("g", "gdelt", query="brokenjson"),
                         now=GDELT_NOW, lookback_days=1, min_interval=0.0)
    assert not report.ok and found == []
    assert "GDELT answered" in report.detail and "\n" not in report.detail


def test_sitemap_index_is_followed_to_its_children(news_site):
    report, found = poll(news_site, SourceConfig("s", "sitemap", url=news_site.url(
        "/sitemap.xml")))
    assert report.ok and "3 sitemap file(s)" in report.detail
    paths = {item.url.split(news_site.base_url, 1)[1] for item in found}
    assert {a.path for a in news_site.articles} <= paths


def test_feed_is_fetched_conditionally_then_unchanged(news_site):
    source = SourceConfig("r", "feed", url=news_site.url("/rss.xml"))
    first, found = poll(news_site, source)
    assert first.ok and found and first.etag
    state = {"etag": first.etag, "last_modified": first.last_modified,
             "body_hash": first.body_hash}
    second, again = poll(news_site, source, state)
    assert second.unchanged and again == [] and "304" in second.detail
    # a server without validators: the body hash decides
    third, _ = poll(news_site, source, {"body_hash": first.body_hash})
    assert third.unchanged and "same content" in third.detail


def test_gdelt_window_without_articles_is_empty_not_an_error(news_site):
    # the site's articles are from 2024: a window ending today holds none
    report, found = poll(news_site, SourceConfig("g", "gdelt", query="Xinjiang"),
                         now=datetime.now(UTC), lookback_days=1, min_interval=0.0)
    assert report.ok and found == []
