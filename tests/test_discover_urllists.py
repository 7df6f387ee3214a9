"""parse_url_list and the http(s) test shared by every discovery source."""

from __future__ import annotations

from flows.discover import absolute_http_url, parse_url_list

URL_LIST = """\ufeff# Outlets to watch, kept by hand
https://news.example.org/business/2020/04/08/kashgar-factories.html

   http://ecns.example.cn/business/2016/10-26/231594.shtml   seen in a newsletter
/business/2020/04/07/aksu-training.html
ftp://files.example.org/archive.txt
mailto:desk@example.org
https://news.example.org/business/2020/04/08/kashgar-factories.html
"""


def test_url_list_without_base_keeps_absolute_http_urls_once():
    found = parse_url_list(URL_LIST, "hand-list")

    assert [item.url for item in found] == [
        "https://news.example.org/business/2020/04/08/kashgar-factories.html",
        "http://ecns.example.cn/business/2016/10-26/231594.shtml",
    ]
    assert {item.source_id for item in found} == {"hand-list"}


def test_url_list_with_base_resolves_relative_lines():
    found = parse_url_list(URL_LIST, "hand-list", base_url="https://news.example.org/lists/x.txt")

    assert [item.url for item in found] == [
        "https://news.example.org/business/2020/04/08/kashgar-factories.html",
        "http://ecns.example.cn/business/2016/10-26/231594.shtml",
        "https://news.example.org/business/2020/04/07/aksu-training.html",
    ]


def test_empty_text_gives_nothing():
    assert parse_url_list("\n# only a comment\n", "hand-list") == []


def test_absolute_http_url_refuses_what_cannot_be_fetched():
    assert absolute_http_url("  https://a.example/x \n") == "https://a.example/x"
    assert absolute_http_url("//a.example/x", "https://b.example/") == "https://a.example/x"
    assert absolute_http_url("javascript:alert(1)", "https://b.example/") is None
    assert absolute_http_url("http:///no-host") is None
    assert absolute_http_url("http://[::1/broken") is None
    assert absolute_http_url("relative/path") is None
