"""URL identity: one article, one key, whatever link reached it."""

import pytest

from flows.urls import BadURL, canonical_from_page, normalize_url, outlet_of, url_key


@pytest.mark.parametrize("variant", [
    "https://www.example.com/news/2024/01/05/story.html",
    "HTTPS://WWW.EXAMPLE.COM:443/news/2024/01/05/story.html",
    "http://example.com/news/2024/01/05/story.html#comments",
    "https://example.com/news/2024/01/05/story.html?utm_source=rss&utm_medium=feed",
    "https://example.com/news/2024/01/05/story.html?fbclid=abc123&spm=a.b.c",
    "https://m.example.com/news/2024/01/05/story.html",
    "https://amp.example.com/news/2024/01/05/story.html",
    "https://example.com/amp/news/2024/01/05/story.html",
    "https://example.com/news/2024/01/05/story.amp.html",
    "https://example.com/news//2024/01/05/story.html",
])
def test_variants_of_one_article_share_a_key(variant):
    assert url_key(variant) == "https://example.com/news/2024/01/05/story.html"


def test_meaningful_parameters_are_kept_and_sorted():
    assert normalize_url("https://a.com/view?id=7&page=2&utm_campaign=x") == \
        "https://a.com/view?id=7&page=2"
    assert normalize_url("https://a.com/view?page=2&id=7") == "https://a.com/view?id=7&page=2"
    assert url_key("https://a.com/view?id=7") != url_key("https://a.com/view?id=8")


def test_normalize_keeps_scheme_and_host_for_fetching():
    assert normalize_url("http://WWW.Ex.com:8080/a") == "http://www.ex.com:8080/a"
    assert normalize_url("/b/c.html", base="https://ex.com/a/") == "https://ex.com/b/c.html"


@pytest.mark.parametrize("bad", ["ftp://ex.com/a", "mailto:x@y.z", "javascript:alert(1)", "",
                                 "http://", "https://ex.com:99999/a"])
def test_unfetchable_urls_are_refused_with_a_reason(bad):
    with pytest.raises(BadURL):
        normalize_url(bad)


def test_rel_canonical_counts_only_on_the_same_site():
    final = "https://news.example.com/a/story.html?utm_source=x"
    assert canonical_from_page("/a/story-full.html", final) == \
        "https://news.example.com/a/story-full.html"
    assert canonical_from_page("https://www.example.com/b.html", final) == \
        "https://www.example.com/b.html"
    # another registered domain cannot claim this page
    assert canonical_from_page("https://evil.org/a.html", final) == \
        "https://news.example.com/a/story.html"
    assert canonical_from_page(None, final) == "https://news.example.com/a/story.html"


def test_outlet_is_the_registered_domain():
    assert outlet_of("http://eng.chinaxinjiang.cn/2020/04/08/x.html") == "chinaxinjiang.cn"
    assert outlet_of("https://www.bbc.co.uk/news/world") == "bbc.co.uk"
    assert outlet_of("http://127.0.0.1:8000/a") == "127.0.0.1"
