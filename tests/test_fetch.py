"""The fetcher against a real HTTP server on 127.0.0.1: politeness and hostile answers."""

import asyncio
import time

from flows.fetch import Fetcher, parse_retry_after
from flows.records import Status
from tests.conftest import test_fetch_config


def fetch_pages(cfg, urls):
    async def go():
        async with Fetcher(cfg) as fetcher:
            return await asyncio.gather(*(fetcher.fetch_page(u, u) for u in urls))
    return asyncio.run(go())


def fetch_one(site, path, **overrides):
    return fetch_pages(test_fetch_config(**overrides), [site.base_url + path])[0]


def test_a_good_page_comes_back_with_headers_and_hash(news_site):
    article = news_site.articles[0]
    result = fetch_one(news_site, article.path)
    assert result.status == Status.FETCHED and result.http_status == 200
    assert result.body and b"<html" in result.body.lower()
    assert result.sha256 and len(result.sha256) == 64
    assert result.content_type.startswith("text/html")
    sent = [h for m, p, h in news_site.requests if p == article.path][-1]
    assert {k.lower(): v for k, v in sent.items()}["user-agent"] == "drumbeat-test/1.0"


def test_robots_disallowed_path_is_never_requested(news_site):
    before = news_site.hits["/private/leaked.html"]
    result = fetch_one(news_site, "/private/leaked.html")
    assert result.status == Status.ROBOTS
    assert news_site.hits["/private/leaked.html"] == before
    assert "robots.txt" in result.detail


def test_500_then_200_is_retried(news_site):
    result = fetch_one(news_site, "/hostile/flaky.html")
    assert result.status == Status.FETCHED


def test_429_waits_for_retry_after(news_site):
    started = time.monotonic()
    result = fetch_one(news_site, "/hostile/ratelimited.html")
    assert result.status == Status.FETCHED
    assert time.monotonic() - started >= 0.95  # Retry-After: 1


def test_always_500_gives_up_after_the_retries(news_site):
    before = news_site.hits["/hostile/always500.html"]
    result = fetch_one(news_site, "/hostile/always500.html", max_retries=2)
    assert result.status == "http-500"
    assert news_site.hits["/hostile/always500.html"] - before == 3
    assert "after 3 tries" in result.detail


def test_404_is_final_at_once(news_site):
    before = news_site.hits["/hostile/gone.html"]
    assert fetch_one(news_site, "/hostile/gone.html").status == "http-404"
    assert news_site.hits["/hostile/gone.html"] - before == 1


def test_redirects_are_followed_and_loops_stopped(news_site):
    chain = fetch_one(news_site, "/hostile/chain.html")
    assert chain.status == Status.FETCHED
    assert chain.final_url != chain.requested_url and len(chain.redirects) == 3
    loop = fetch_one(news_site, "/hostile/loop.html")
    assert loop.status == Status.TOO_MANY_REDIRECTS


def test_huge_body_and_gzip_bomb_are_cut_at_the_cap(news_site):
    started = time.monotonic()
    huge = fetch_one(news_site, "/hostile/huge.html", max_body_bytes=2_000_000)
    bomb = fetch_one(news_site, "/hostile/bomb.html", max_body_bytes=2_000_000)
    assert huge.status == Status.TOO_LARGE and bomb.status == Status.TOO_LARGE
    assert huge.body is None and bomb.body is None
    assert "after decompression" in bomb.detail
    assert time.monotonic() - started < 10


def test_binary_and_pdf_are_not_html(news_site):
    assert fetch_one(news_site, "/hostile/binary.html").status == Status.NOT_HTML
    pdf = fetch_one(news_site, "/hostile/pdf.pdf")
    assert pdf.status == Status.NOT_HTML and "application/pdf" in pdf.detail


def test_slow_response_times_out(news_site):
    started = time.monotonic()
    result = fetch_one(news_site, "/hostile/slow.html", max_retries=0, read_timeout=0.5)
    assert result.status == Status.TIMEOUT
    assert time.monotonic() - started < 4


def test_loopback_is_refused_unless_allowed(news_site):
    result = fetch_one(news_site, news_site.articles[0].path, allow_private_addresses=False)
    assert result.status == Status.BLOCKED_ADDRESS
    assert "allow_private_addresses" in result.detail


def test_per_host_concurrency_and_delay_hold(news_site):
    paths = [a.path for a in news_site.articles[:6]]
    urls = [news_site.base_url + p for p in paths]
    started = time.monotonic()
    fetch_pages(test_fetch_config(per_host_concurrency=1, per_host_delay=0.2), urls)
    # six starts at least 0.2 s apart: at least a second in all
    assert time.monotonic() - started >= 5 * 0.2


def test_conditional_get_answers_not_modified(news_site):
    cfg = test_fetch_config()

    async def go():
        async with Fetcher(cfg) as fetcher:
            first = await fetcher.fetch_document(news_site.base_url + "/rss.xml")
            etag = dict((k.lower(), v) for k, v in first.response_headers).get("etag")
            second = await fetcher.fetch_document(news_site.base_url + "/rss.xml", etag=etag)
            return first, second
    first, second = asyncio.run(go())
    assert first.status == Status.FETCHED
    assert second.status == Status.NOT_MODIFIED


def test_retry_after_parses_seconds_and_dates():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None
