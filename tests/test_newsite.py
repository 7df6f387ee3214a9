"""The local news site used by the end-to-end tests and benchmarks behaves as documented."""

from __future__ import annotations

import gzip
import json
import re
import struct
import sys
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import httpx
import pytest

try:
    from tests.support import newsite
except ModuleNotFoundError:  # pytest started without the project root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support import newsite

from tests.support.newsite import (
    BOMB_CANARY,
    GDELT_ERROR_TEXT,
    GDELT_PATH,
    HOSTILE,
    HOSTILE_FEEDS,
    NewsSite,
)
from tests.support.newsite_content import SITE_NAME, ArticleSpec

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(scope="module")
def site():
    with NewsSite(slow_seconds=3) as s:
        yield s


@pytest.fixture()
def client():
    with httpx.Client(timeout=httpx.Timeout(5.0, read=2.0)) as c:
        yield c


def _paths(s: NewsSite, text: str) -> list[str]:
    return [
        u.removeprefix(s.base_url) for u in re.findall(r"http://127\.0\.0\.1:\d+[^\s<\"]*", text)
    ]


# ---- content ------------------------------------------------------------------------


def test_articles_are_deterministic_and_documented(site):
    assert len(site.articles) >= 24
    assert len(site.on_topic) == 16
    again = NewsSite()
    assert [(a.path, a.text) for a in again.articles] == [(a.path, a.text) for a in site.articles]
    for a in site.articles:
        assert re.fullmatch(r"/news/\d{4}/\d\d/\d\d/[a-z0-9-]+\.html", a.path)
        assert a.path.startswith(f"/news/{a.published_dt:%Y/%m/%d}/")
        assert 250 <= a.word_count <= 700, (a.path, a.word_count)
        assert SITE_NAME not in a.expected["title"]
        assert a.expected["date"] == a.published[:10]
    for a in site.extra_articles.values():
        assert 250 <= a.word_count <= 700, (a.path, a.word_count)
    # the table in the module docstring matches the content
    for row in newsite.article_table().splitlines():
        assert row in newsite.__doc__


def test_article_page_has_text_and_boilerplate(site, client):
    for a in site.articles:
        r = client.get(site.url(a.path))
        assert r.status_code == 200, a.path
        assert r.headers["content-type"].startswith("text/html")
        page = r.text
        assert f">{a.title.replace(chr(39), '&#x27;')}</h1>" in page
        assert "cookie-banner" in page and "Related stories" in page and 'id="comments"' in page
        assert page.count("<a ") >= 40
        for p in a.paragraphs[:2]:
            assert p[:40].replace("'", "&#x27;").replace('"', "&quot;") in page
        if a.canonical == "absolute":
            assert f'<link rel="canonical" href="{site.base_url}{a.path}">' in page
        elif a.canonical == "none":
            assert 'rel="canonical"' not in page


def test_copies_of_the_wire_story(site):
    wire, verbatim, trimmed, drift = site.articles[:4]
    assert verbatim.paragraphs == wire.paragraphs and verbatim.credit == "Xinhua"
    assert verbatim.expected["duplicate_of"] == wire.path
    assert trimmed.title != wire.title and set(trimmed.paragraphs) < set(wire.paragraphs)
    assert "15,000" in drift.text and "12,000" not in drift.text
    assert drift.expected["near_duplicate_of"] == wire.path


def test_amp_variant_points_to_main_article(site, client):
    main = site.articles[0]
    r = client.get(site.url("/amp" + main.path))
    assert r.status_code == 200
    assert f'<link rel="canonical" href="{site.base_url}{main.path}">' in r.text


# ---- feeds, sitemaps, lists ---------------------------------------------------------


def test_feeds_parse_and_list_the_documented_articles(site, client):
    rss = ET.fromstring(client.get(site.url("/rss.xml")).content)
    links = [i.findtext("link") for i in rss.iter("item")]
    assert all(i.findtext("pubDate") for i in rss.iter("item"))
    assert rss.find(".//dc:creator", NS) is not None
    assert site.url("/private/leaked.html") in links
    assert any("utm_source=rss" in u for u in links)
    atom = ET.fromstring(client.get(site.url("/atom.xml")).content)
    alinks = [e.find("atom:link", NS).get("href") for e in atom.iterfind("atom:entry", NS)]
    assert any("fbclid=" in u for u in alinks)
    clean = {u.split("?")[0].split("#")[0] for u in links + alinks}
    for a in site.articles:
        listed = site.url(a.path) in clean
        assert listed == bool({"rss", "atom"} & a.listed_in), a.path


def test_sitemaps(site, client):
    index = ET.fromstring(client.get(site.url("/sitemap.xml")).content)
    subs = [e.text for e in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert subs == [site.url("/sitemap-news.xml"), site.url("/sitemap-pages.xml")]
    news = ET.fromstring(client.get(subs[0]).content)
    assert len(news.findall("sm:url", NS)) == len(site.on_topic)
    assert news.find(".//news:publication_date", NS) is not None
    assert news.find(".//news:title", NS) is not None
    pages = ET.fromstring(client.get(subs[1]).content)
    locs = {e.text for e in pages.iterfind("sm:url/sm:loc", NS)}
    assert {site.url(a.path) for a in site.articles} <= locs
    r = client.get(site.url("/sitemap.xml.gz"))
    assert gzip.decompress(r.content).startswith(b"<?xml")


def test_conditional_get(site, client):
    r = client.get(site.url("/rss.xml"))
    etag, lastmod = r.headers["etag"], r.headers["last-modified"]
    assert client.get(site.url("/rss.xml"), headers={"If-None-Match": etag}).status_code == 304
    assert (
        client.get(site.url("/atom.xml"), headers={"If-Modified-Since": lastmod}).status_code == 304
    )
    assert client.get(site.url("/rss.xml"), headers={"If-None-Match": '"other"'}).status_code == 200


def test_new_content_changes_feeds():
    with NewsSite() as s, httpx.Client() as c:
        first = c.get(s.url("/rss.xml"))
        spec = ArticleSpec(
            slug="new-job-fair-in-kashgar",
            title="New job fair in Kashgar draws rural workers",
            published="2024-03-30T10:00:00+08:00",
            authors=["Adil Kurban"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=["Kashgar held a job fair. " * 60],
        )
        s.add_article(spec)
        second = c.get(s.url("/rss.xml"), headers={"If-None-Match": first.headers["etag"]})
        assert second.status_code == 200
        assert second.headers["etag"] != first.headers["etag"]
        assert s.url(spec.path) in second.text
        assert s.url(spec.path) in c.get(s.url("/sitemap-pages.xml")).text
        assert c.get(s.url(spec.path)).status_code == 200
        etag = second.headers["etag"]
        s.touch_feed()
        third = c.get(
            s.url("/atom.xml"), headers={"If-Modified-Since": first.headers["last-modified"]}
        )
        assert third.status_code == 200
        assert c.get(s.url("/rss.xml")).headers["etag"] != etag


def test_lists_and_robots(site, client):
    urls = client.get(site.url("/lists/urls.txt")).text.splitlines()
    assert "" in urls and any(u.startswith("#") for u in urls)
    assert "news/not-a-full-url.html" in urls
    assert any(u.endswith("#comments") for u in urls)
    hostile = _paths(site, client.get(site.url("/lists/hostile.txt")).text)
    assert hostile == list(HOSTILE)
    robots = client.get(site.url("/robots.txt")).text
    assert "User-agent: *\nDisallow: /private/\n" in robots
    assert f"Sitemap: {site.base_url}/sitemap.xml" in robots


def test_hits_and_requests_are_recorded(site, client):
    before = site.hits["/news/index.html"]
    client.get(site.url("/news/index.html?from=test"), headers={"X-Probe": "1"})
    assert site.hits["/news/index.html"] == before + 1
    method, target, headers = site.requests[-1]
    assert (method, target, headers["X-Probe"]) == ("GET", "/news/index.html?from=test", "1")
    assert client.get(site.url("/no/such/page.html")).status_code == 404


# ---- GDELT lookalike ----------------------------------------------------------------


def test_gdelt_artlist(site, client):
    params = {
        "query": "xinjiang (labor OR employment)",
        "mode": "artlist",
        "format": "json",
        "maxrecords": "3",
    }
    r = client.get(site.url(GDELT_PATH), params=params)
    arts = r.json()["articles"]
    assert len(arts) == 3
    assert set(arts[0]) == {
        "url",
        "url_mobile",
        "title",
        "seendate",
        "socialimage",
        "domain",
        "language",
        "sourcecountry",
    }
    assert re.fullmatch(r"\d{8}T\d{6}Z", arts[0]["seendate"])
    r = client.get(
        site.url(GDELT_PATH),
        params={
            **params,
            "maxrecords": "250",
            "startdatetime": "20240201000000",
            "enddatetime": "20240229235959",
        },
    )
    seen = [a["seendate"] for a in r.json()["articles"]]
    assert seen and all("20240201" <= d[:8] <= "20240229" for d in seen)
    assert client.get(site.url(GDELT_PATH), params={**params, "query": "zzqx"}).text == "{}"
    bad = client.get(site.url(GDELT_PATH), params={**params, "query": "brokenjson xinjiang"})
    assert bad.status_code == 200 and bad.text.strip() == GDELT_ERROR_TEXT
    with pytest.raises(json.JSONDecodeError):
        bad.json()
    assert site.gdelt_requests[-1][1]["query"] == "brokenjson xinjiang"


# ---- hostile ------------------------------------------------------------------------


def test_flaky_then_ok_and_ratelimited(client):
    with NewsSite() as s:
        assert client.get(s.url("/hostile/flaky.html")).status_code == 500
        ok = client.get(s.url("/hostile/flaky.html"))
        assert ok.status_code == 200 and "Yeshilkol" in ok.text
        r = client.get(s.url("/hostile/ratelimited.html"))
        assert r.status_code == 429 and r.headers["retry-after"] == "1"
        assert client.get(s.url("/hostile/ratelimited.html")).status_code == 200
        assert len(s.request_times("/hostile/ratelimited.html")) == 2
        assert client.get(s.url("/hostile/always500.html")).status_code == 500
        assert client.get(s.url("/hostile/always500.html")).status_code == 500
        assert client.get(s.url("/hostile/gone.html")).status_code == 404


def test_redirects(site, client):
    r = client.get(site.url("/hostile/chain.html"), follow_redirects=True)
    assert r.status_code == 200 and str(r.url) == site.url("/hostile/chain-end.html")
    assert [h.status_code for h in r.history] == [301, 302, 307]
    with pytest.raises(httpx.TooManyRedirects):
        client.get(site.url("/hostile/loop.html"), follow_redirects=True)


def test_slow_endpoints_time_out(site, client):
    t = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        client.get(site.url("/hostile/slow.html"), timeout=httpx.Timeout(2.0, read=0.5))
    with pytest.raises(httpx.ReadTimeout):
        client.get(site.url("/feeds/slow.xml"), timeout=httpx.Timeout(2.0, read=0.5))
    assert time.monotonic() - t < 2.5


def test_huge_is_streamed(site, client):
    with client.stream("GET", site.url("/hostile/huge.html")) as r:
        assert "content-length" not in r.headers
        assert r.headers["transfer-encoding"] == "chunked"
        n = 0
        for chunk in r.iter_raw():
            n += len(chunk)
            if n > 2_000_000:
                break
    with client.stream("GET", site.url("/hostile/huge-declared.html")) as r:
        assert r.headers["content-length"] == str(50 * 1024 * 1024)


def test_gzip_bomb_is_small_and_cheap(site, client):
    newsite._bomb_cache.clear()
    t = time.monotonic()
    body = newsite.gzip_bomb()
    assert time.monotonic() - t < 2.0
    assert len(body) < 2_000_000
    assert struct.unpack("<I", body[-4:])[0] == (1 << 30) % (1 << 32)  # ISIZE: 1 GiB
    head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[:4096], 200)
    assert head.startswith(b"<!DOCTYPE html>")
    with client.stream("GET", site.url("/hostile/bomb.html")) as r:
        assert r.headers["content-encoding"] == "gzip"
        assert int(r.headers["content-length"]) == len(body)


def test_payloads_that_are_not_html(site, client):
    r = client.get(site.url("/hostile/binary.html"))
    assert (
        r.headers["content-type"].startswith("text/html") and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    )
    r = client.get(site.url("/hostile/pdf.pdf"))
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")


def test_latin1_header_over_utf8_bytes(site, client):
    r = client.get(site.url("/hostile/latin1.html"))
    assert r.headers["content-type"] == "text/html; charset=iso-8859-1"
    text = r.content.decode("utf-8")
    for phrase in site.article("/hostile/latin1.html").expected["text_contains"]:
        assert phrase in text.replace("&#x27;", "'")
    assert "阿依努尔" not in r.text  # what a client trusting the header sees


def test_empty_page_has_no_sentences(site, client):
    page = client.get(site.url("/hostile/empty.html")).text
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S)
    assert not re.search(r"[a-z]{3,}\. [A-Z]", visible.split("Copyright")[0])


def test_hostile_feeds(site, client):
    with pytest.raises(ET.ParseError):
        ET.fromstring(client.get(site.url("/feeds/broken.xml")).content)
    bomb = client.get(site.url("/feeds/bomb.xml")).text
    assert "<!ENTITY lol9" in bomb and BOMB_CANARY in bomb
    assert set(HOSTILE_FEEDS) == {"/feeds/broken.xml", "/feeds/bomb.xml", "/feeds/slow.xml"}


# ---- benchmark support --------------------------------------------------------------


def test_bulk_pages_and_latency():
    with NewsSite(latency=0.1, bulk_pages=20) as s, httpx.Client() as c:
        urls = c.get(s.url("/bulk/urls.txt")).text.split()
        assert urls == [s.url(f"/bulk/{i}.html") for i in range(20)]
        t = time.monotonic()
        pages = [c.get(u) for u in urls[:3]]
        assert time.monotonic() - t >= 0.3
        assert all(p.status_code == 200 and "<article>" in p.text for p in pages)
        assert len({p.text for p in pages}) == 3
        assert c.get(s.url("/bulk/20.html")).status_code == 404


def test_many_concurrent_connections(site):
    """256 requests over 64 threads, each on a fresh connection, all answered.

    Each thread has its own client: one httpx.Client shared by 64 threads with keep-alive
    off can close a connection another thread has just been handed (EBADF on read), a
    client-side race that says nothing about the server under test here.
    """
    import concurrent.futures as cf

    local = threading.local()
    clients: list[httpx.Client] = []
    clients_lock = threading.Lock()

    def get(i):
        if not hasattr(local, "client"):
            local.client = httpx.Client(limits=httpx.Limits(max_keepalive_connections=0))
            with clients_lock:
                clients.append(local.client)
        return local.client.get(site.url(site.articles[i % len(site.articles)].path)).status_code

    try:
        with cf.ThreadPoolExecutor(64) as pool:
            assert set(pool.map(get, range(256))) == {200}
    finally:
        for c in clients:
            c.close()
