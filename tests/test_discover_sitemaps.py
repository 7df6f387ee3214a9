"""parse_sitemap on urlsets, indexes, news sitemaps, gzip, text lists and broken bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from flows.discover import MAX_SITEMAP_BYTES, DiscoveryError, SitemapPage, parse_sitemap

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
SITEMAP = "https://news.example.org/sitemap.xml"
KASHGAR = "https://news.example.org/business/2020/04/08/kashgar-factories.html"
SEARCH = "https://news.example.org/business/2020/04/07/search?id=17&lang=en"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_sitemap_index_lists_child_sitemaps_with_whitespace_stripped_and_resolved():
    page = parse_sitemap(fixture("sitemap_index.xml"), "example-sitemap", SITEMAP)

    assert page == SitemapPage(
        urls=[],
        sitemaps=[
            "https://news.example.org/sitemaps/2020-04.xml.gz",
            "https://news.example.org/sitemaps/2020-03.xml",  # ftp:// entry skipped
        ],
    )


def test_news_sitemap_gives_title_publication_date_language_and_lastmod():
    page = parse_sitemap(fixture("news_sitemap.xml"), "example-sitemap", SITEMAP)

    assert [item.url for item in page.urls] == [KASHGAR, SEARCH]
    assert page.sitemaps == []
    kashgar = page.urls[0]
    assert kashgar.source_id == "example-sitemap"
    assert kashgar.hints.title == "Kashgar factories add 3,000 jobs for former farmers"
    assert kashgar.hints.published == "2020-04-08T10:15:00+08:00"
    assert kashgar.hints.updated == "2020-04-08T12:00:00+08:00"
    assert kashgar.hints.language == "en"
    plain = page.urls[1].hints
    assert (plain.title, plain.published, plain.updated) == (None, None, "2020-04-07")


def test_gzipped_sitemap_is_decompressed():
    page = parse_sitemap(gzip.compress(fixture("news_sitemap.xml")), "s", SITEMAP)

    assert [item.url for item in page.urls] == [KASHGAR, SEARCH]


def test_gzip_with_several_members_is_read_whole():
    body = fixture("news_sitemap.xml")
    two_members = gzip.compress(body[:400]) + gzip.compress(body[400:])

    assert [item.url for item in parse_sitemap(two_members, "s", SITEMAP).urls] == [KASHGAR, SEARCH]


def test_truncated_gzip_keeps_the_entries_before_the_cut():
    cut = gzip.compress(fixture("news_sitemap.xml"))[:-40]

    assert [item.url for item in parse_sitemap(cut, "s", SITEMAP).urls] == [KASHGAR]


@pytest.mark.timeout(10, method="thread")
def test_gzip_expanding_past_the_protocol_limit_is_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_SITEMAP_BYTES + 1))
    assert len(bomb) < 100_000  # a small body that would expand past 50 MB

    with pytest.raises(DiscoveryError, match="expands past 52428800 bytes"):
        parse_sitemap(bomb, "s", SITEMAP)


def test_corrupt_gzip_raises():
    with pytest.raises(DiscoveryError, match="^corrupt gzip body"):
        parse_sitemap(b"\x1f\x8b" + b"not deflate data" * 4, "s", SITEMAP)


@pytest.mark.timeout(5, method="thread")
def test_sitemap_declaring_entities_is_refused():
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE urlset [\n'
        b'  <!ENTITY a "aaaaaaaaaa">\n  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        b"<urlset><url><loc>https://a.example/&b;</loc></url></urlset>"
    )

    with pytest.raises(DiscoveryError) as refused:
        parse_sitemap(body, "s", SITEMAP)

    assert str(refused.value) == "sitemap declares XML entities (refused)"


def test_truncated_sitemap_drops_the_entry_cut_in_its_loc():
    whole = fixture("news_sitemap.xml")
    cut = whole[: whole.index(b"search?id")]

    assert [item.url for item in parse_sitemap(cut, "s", SITEMAP).urls] == [KASHGAR]


def test_unescaped_ampersand_keeps_the_whole_url():
    body = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.example/list?page=2&sort=new</loc></url>"
        b"<url><loc>https://a.example/b</loc></url></urlset>"
    )

    urls = [item.url for item in parse_sitemap(body, "s", SITEMAP).urls]

    assert urls == ["https://a.example/list?page=2&sort=new", "https://a.example/b"]


def test_old_google_namespace_is_read():
    body = (
        b'<urlset xmlns="http://www.google.com/schemas/sitemap/0.84">'
        b"<url><loc>https://a.example/old</loc></url></urlset>"
    )

    assert [item.url for item in parse_sitemap(body, "s", SITEMAP).urls] == ["https://a.example/old"]


def test_text_sitemap_takes_full_urls_only():
    body = b"https://a.example/1\n\nhttps://a.example/2\n/relative/is/not/allowed\n"

    page = parse_sitemap(body, "s", SITEMAP)

    assert [item.url for item in page.urls] == ["https://a.example/1", "https://a.example/2"]


def test_empty_urlset_is_empty_not_an_error():
    assert parse_sitemap(b"<urlset/>", "s", SITEMAP) == SitemapPage()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty sitemap body"),
        (gzip.compress(b"\n"), "empty sitemap body"),
        (b"Service unavailable\n", "not a sitemap: neither XML nor a list of URLs (Service unavailable)"),
        (b"<html><body>Moved</body></html>", "not a sitemap: root element <html>"),
        (
            b"<urlset>\n<url><loc>https://a.example/1",
            "malformed XML at line 2: Premature end of data in tag loc line 2",
        ),
    ],
)
def test_unusable_bodies_raise_one_line_reasons(body, reason):
    with pytest.raises(DiscoveryError) as broken:
        parse_sitemap(body, "s", SITEMAP)

    assert str(broken.value) == reason
