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


def test_empty_page_is_not_ok_with_a_reason_and_keeps_what_names_it():
    page = extract("empty.html")
    assert not page.ok
    assert page.error == "empty text"
    assert page.text == ""
    assert page.title == "Nothing here"


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


def test_guide_dated_by_schema_markup_alone_takes_the_revision_it_shows():
    page = extract("revised_guide.html", url="https://guides.example.org/winter-hives")
    assert page.published == "2025-09-04T15:20:00+00:00"
    assert page.date_source == "json-ld:dateModified (update only)"
    # with an OpenGraph publication tag behind it, the original publication stands
    confirmed = extract("revised_guide_opengraph.html", url="https://guides.example.org/winter-hives")
    assert confirmed.published == "2024-04-10T09:00:00+00:00"
    assert confirmed.updated == "2025-09-04T15:20:00+00:00"


def test_revision_shown_further_down_is_read_when_schema_markup_alone_dates_the_page():
    page = extract("revision_shown_down_the_page.html", url="https://guides.example.org/travel-insurance/")
    assert page.published == "2025-11-21T18:51:10+00:00"
    assert "update only" in page.date_source


def test_byline_dated_in_another_locale_behind_an_indented_template():
    page = extract("locale_dated_byline.html", url="https://plumbing.example.com/blog/pipe-material")
    assert page.published == "2021-08-04"
    assert page.date_source == "header-before"


def test_date_and_update_in_sibling_spans_are_read_apart():
    page = extract("dateline_siblings.html", url="https://health.example.edu/blog/breathing-sleep")
    assert page.published == "2022-12-22"
    assert page.updated == "2026-01-02"


def test_month_name_in_the_url_dates_the_page_and_settles_the_shown_date():
    page = extract("month_name_url.html", url="https://wine.example.com/blog/2023/october/03/wine-styles/")
    assert page.published == "2023-10-03"  # "03/10/2023" read the way the URL dates it


def test_each_date_in_a_date_line_has_its_own_label():
    page = extract("two_dates_one_line.html", url="https://books.example.com/best/sci-fi/")
    assert page.published == "2025-12-03"
    assert page.updated == "2025-12-07T13:33:15+00:00"


def test_copyright_year_is_no_publication_date():
    page = extract("copyright_only.html", url="https://kitchen.example.com/cast-iron")
    assert page.published is None


def test_short_label_after_a_pipe_leaves_the_title():
    page = extract("pipe_label_title.html", url="https://news.example.com/opinion/meditation")
    assert page.title == "How meditation rewires brains and improves physical health"


def test_subtitle_in_the_headline_is_kept():
    page = extract("headline_subtitle.html", url="https://homes.example.com/bay-area-costs")
    assert page.title == "House renovation costs in the Bay Area: Room-by-Room Breakdown"


def test_markup_that_gives_two_publication_days_yields_to_the_shown_one():
    page = extract("conflicting_markup.html",
                   url="https://business.example.com/run/finance/free-accounting-tools")
    assert page.published == "2025-08-13"
    assert page.date_source == "time"


def test_date_under_the_only_h1_when_a_section_heading_repeats_the_title():
    # the h2 matches og:title exactly and becomes the headline; nothing by it is a date,
    # so the date shown under the page's only h1 dates the article
    page = extract("section_repeats_title.html", url="https://garden.example.com/blog/robot-mowers")
    assert page.title == "How Robot Mowers Find Their Way"
    assert page.published == "2024-11-06"
    assert page.date_source == "header-after"


def test_declared_article_body_replaces_a_teaser():
    # the page shows four paragraphs of twelve; its JSON-LD declares the whole article
    page = extract("teaser_with_article_body.html", url="https://news.example.org/night-buses")
    assert page.signals["text"]["source"] == "json-ld:articleBody"
    assert page.text.startswith("In Eastmoor, where many nurses")
    assert "about 285 riders a night" in page.text  # the last paragraph
    assert len(page.text.split("\n")) == 12  # one line per declared paragraph


def test_declared_article_body_no_longer_than_the_text_found_is_not_used():
    page = extract("graph_newsarticle.html")
    assert page.signals["text"]["source"] == "trafilatura"


def test_report_dated_by_its_month():
    page = extract("report_dated_by_month.html", url="https://institute.example.org/document/energy-research")
    # "Date November 2003" under the headline, and in its metadata box further down
    assert page.published == "2003-11"
    assert page.date_source == "header-after"
    assert {c["source"] for c in page.signals["published"]} == {"header-after", "date-line"}


def small_page(headline: str, header: str, paragraph: str, footer: str = "") -> bytes:
    """An article page: the headline, what is shown under it, six paragraphs, a footer."""
    return (f"<html><head><title>{headline}</title></head><body><main><h1>{headline}</h1>"
            + header + f"<p>{paragraph}</p>" * 6 + footer + "</main></body></html>").encode()


def test_statement_of_original_publication_is_read_from_the_page():
    body = small_page(
        "Living in a tiny home", "<p>Chris Carroll</p><p>30 Sep 2022</p>",
        "Tiny homes look like fun on television, but there are costs to weigh first.",
        "<p class='disclaimer'>This article was originally published on 26 Sep 2019 but has"
        " been regularly updated.</p>")
    page = extract_page(body, "https://homes.example.com/advice/tiny-home", now=NOW)
    assert page.published == "2019-09-26"
    assert page.date_source == "statement"


@pytest.mark.parametrize("header, published", [
    # the attribute is the element's value; the text by the headline is a stale rendering
    ("<div class='meta'><time datetime='2024-12-20'>August 28, 2024</time></div>", "2024-12-20"),
    # a day apart is the UTC stamp as the publisher's clock shows it: the text stands
    ("<time datetime='2025-12-20T05:02:18Z'>12/19/2025</time>", "2025-12-19"),
])
def test_a_time_elements_value_corrects_its_text_only_when_days_apart(header, published):
    body = small_page("Coffee roaster's tech stack", header,
                      "The roaster moved its wholesale orders online and kept its cafes on one system.")
    page = extract_page(body, "https://apps.example.com/stories/coffee-roaster", now=NOW)
    assert page.published == published
    assert page.date_source == "header-after"


def test_a_post_time_line_under_the_article_dates_a_page_whose_markup_gives_only_an_update():
    # <html lang="en"> says English; og:locale says which, and so the order of "01-04-2024"
    head = ("<meta property='article:modified_time' content='2025-12-23T07:02:15+00:00'>"
            "<meta property='og:locale' content='en_US'>"
            "<title>How fast does an electric skateboard go?</title>")
    paragraph = ("<p>Most electric skateboards reach twenty miles an hour on flat ground; the"
                 " motor, the battery, the rider's weight and the slope decide the rest.</p>") * 12
    body = (f"<html lang='en'><head>{head}</head><body><article>"
            f"<h1>How fast does an electric skateboard go?</h1>{paragraph}"
            "<div style='text-align:right;'>Post time: 01-04-2024</div></article></body></html>")
    page = extract_page(body.encode(), "https://boards.example.com/blog/how-fast/", now=NOW)
    assert page.published == "2024-01-04"
    assert page.date_source == "date-line"
    assert page.updated.startswith("2025-12-23")


def test_a_shown_date_ambiguous_in_the_pages_locale_is_read_as_its_time_element_gives_it():
    head = "<meta property='og:locale' content='en_GB'><title>Skiplagging in relocation</title>"
    body = (f"<html lang='en'><head>{head}</head><body><main><p>All Posts</p>"
            "<small class='post-view__date'><time datetime='2023-10-12T19:38:01Z'>"
            "10/12/2023 7:38:01 PM</time></small><h1>Skiplagging in relocation</h1>"
            + "<p>Airfare is a large part of a relocating family's costs, and it has risen.</p>" * 6
            + "</main></body></html>")
    page = extract_page(body.encode(), "https://mobility.example.com/post/skiplagging", now=NOW)
    assert page.published.startswith("2023-10-12")
