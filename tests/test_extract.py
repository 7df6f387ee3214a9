"""extract_page end to end on small pages written for each rule."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.extract import EXTRACTOR_VERSION, extract_page
from flows.records import Hints

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def extract(name: str, url: str = "https://news.example.org/story", **kwargs):
    return extract_page((PAGES / name).read_bytes(), url, now=NOW, **kwargs)


def test_json_ld_graph_gives_title_author_and_zoned_dates():
    page = extract("graph_newsarticle.html")
    assert page.ok
    assert page.title == "Cotton harvest starts early in Aksu"
    assert page.authors == ["Li Wen"]
    assert page.published == "2021-03-04T08:15:00+08:00"  # the article node, not the WebPage
    assert page.date_source == "json-ld:datePublished"
    assert page.updated == "2021-03-05T10:00:00+08:00"
    assert page.site_name == "Example Daily"
    assert page.canonical_url == "https://daily.example.com/2021/03/cotton-harvest-aksu"
    assert "ginning mills" in page.text
    assert page.extractor == EXTRACTOR_VERSION


def test_glued_site_name_is_removed_and_shown_headline_kept():
    page = extract("glued_site_name.html")
    assert page.title == "Wind farms spread along the northern corridor"
    assert page.title_source == "h1"
    sources = {alternative["source"] for alternative in page.signals["title"]}
    assert {"og:title", "title"} <= sources
    assert page.published == "2022-06-14T07:30:00+01:00"
    assert page.byline == "Ruth Okafor"


def test_byline_with_wire_credit():
    page = extract("wire_byline.html")
    assert page.authors == ["Zhang Min", "Tom Hale"]
    assert page.byline == "Zhang Min and Tom Hale"
    assert page.origin_credit == "Xinhua"
    assert page.published == "2020-12-15"  # the publication line, not the update stamp
    assert page.updated == "2020-12-16"


def test_updated_only_page():
    page = extract("updated_only.html")
    assert page.published == "2024-03-03T16:45:00-05:00"
    assert "update only" in page.date_source
    assert page.date_confidence < 0.5
    assert page.updated == page.published


def test_future_date_is_rejected_for_the_shown_one():
    page = extract("future_date.html")
    assert page.published == "2023-05-05"
    assert page.signals["rejected_dates"][0]["reason"] == "future"


def test_language_is_detected_on_the_text():
    page = extract("declared_wrong_language.html")
    assert page.language == "fr"
    assert page.language_source == "text"
    assert page.signals["language"]["declared"] == "en"


def test_utf8_page_declared_latin1_decodes_right():
    body = (PAGES / "declared_wrong_language.html").read_bytes().replace(
        b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">')
    page = extract_page(body, "https://x.example/a", declared_charset="iso-8859-1", now=NOW)
    assert page.title == "La coopérative agricole ouvre un nouveau marché couvert"
    assert "présence de plusieurs centaines" in page.text


def test_empty_page_is_not_ok_with_a_reason():
    page = extract("empty.html")
    assert not page.ok
    assert page.error == "empty text"


@pytest.mark.parametrize("body", [b"", b"   ", b"\x00\xff\xfe garbage", b"%PDF-1.7 binary",
                                  b"<html><body>" + b"<div>" * 5000 + b"</body></html>"])
def test_bad_input_never_raises(body):
    page = extract_page(body, "https://x.example/a", now=NOW)
    assert not page.ok
    assert page.error and "\n" not in page.error


def test_feed_date_counts_and_first_seen_bounds():
    body = (PAGES / "updated_only.html").read_bytes()
    hinted = extract_page(body, "https://x.example/a", Hints(published="Sun, 03 Mar 2024 09:00:00 GMT"),
                          now=NOW)
    assert hinted.published == "2024-03-03T09:00:00+00:00"
    assert hinted.date_source == "feed"
    bounded = extract_page(body, "https://x.example/a", Hints(first_seen="2024-03-01T00:00:00Z"), now=NOW)
    assert bounded.published != "2024-03-03T16:45:00-05:00"
    assert any(r["reason"] == "after first seen" for r in bounded.signals["rejected_dates"])


def test_version_names_both_parts():
    assert re.fullmatch(r"trafilatura-\d+\.\d+\.\d+\+meta-\d+", EXTRACTOR_VERSION)


def test_chinese_page_in_gb2312_with_agency_source_line():
    page = extract("chinese_wire.html", url="https://news.example.cn/2020-12/15/c_1126.htm")
    assert page.signals["encoding"] == {"value": "gb2312", "source": "meta"}
    assert page.title == "南疆铁路新线开通客运"  # "_示例新闻网" is the site's branding
    assert page.published == "2020-12-15"
    assert page.origin_credit == "Xinhua"
    assert page.language == "zh"
