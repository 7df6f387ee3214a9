"""Reading dates, and choosing the publication date by evidence."""

from datetime import UTC, date, datetime

import pytest
from lxml import html

from flows.metadata import date_signals
from flows.metadata.date_signals import (
    PUBLISHED,
    UNKNOWN,
    UPDATED,
    DateEvidence,
    date_line_dates,
    header_dates,
    htmldate_evidence,
    time_element_dates,
    url_dates,
)
from flows.metadata.dateparse import ParsedDate, find_dates, find_months, parse_date
from flows.metadata.dates import choose_dates
from flows.metadata.layout import HeaderZone, find_headline, header_zone

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def evidence(value: str, kind: str, source: str, confidence: float) -> DateEvidence:
    return DateEvidence(parse_date(value), kind, source, confidence)


def test_iso_timestamp_keeps_its_offset():
    assert parse_date("2021-03-04T08:15:00+08:00").iso() == "2021-03-04T08:15:00+08:00"
    assert parse_date("2021-03-04T08:15:00.120Z").iso() == "2021-03-04T08:15:00+00:00"


def test_time_without_zone_gives_the_date_only():
    assert parse_date("2021-03-04 08:15:00").iso() == "2021-03-04"


def test_written_dates_in_common_forms():
    assert parse_date("Dec. 19th, 2025 at 3:30 pm").day == date(2025, 12, 19)
    assert parse_date("19 December 2025").day == date(2025, 12, 19)
    assert parse_date("Fri, 19 Dec 2025 10:00:00 +0800").iso() == "2025-12-19T10:00:00+08:00"
    assert parse_date("2020年12月15日 10:22").day == date(2020, 12, 15)
    assert parse_date("Post time: Jan-04-2024").day == date(2024, 1, 4)


def test_ambiguous_numeric_date_is_not_guessed_alone():
    assert parse_date("03/04/2025") is None
    assert parse_date("13/04/2025").day == date(2025, 4, 13)


def test_ambiguous_numeric_date_in_text_follows_the_locale():
    (_, _, us, other), = find_dates("Posted 03/10/2023", day_first=False)
    assert us.day == date(2023, 3, 10) and other.day == date(2023, 10, 3)
    (_, _, british, _), = find_dates("Posted 03/10/2023", day_first=True)
    assert british.day == date(2023, 10, 3)


def test_url_date_paths():
    assert url_dates("https://x.org/2025/12/19/story")[0].parsed.day == date(2025, 12, 19)
    assert url_dates("https://x.org/blog/2025-12-17-minisgl")[0].parsed.day == date(2025, 12, 17)
    assert url_dates("https://x.org/news/20240105/story.html")[0].parsed.day == date(2024, 1, 5)
    assert url_dates("https://x.org/2025/12/best-of") == []


def test_header_dates_take_their_kind_from_the_nearest_label():
    zone = HeaderZone(before="", after="By Jane Doe\nPublished March 1, 2024\nUpdated: March 9, 2024")
    found = [(e.parsed.day, e.kind) for e in header_dates(zone)]
    assert found == [(date(2024, 3, 1), PUBLISHED), (date(2024, 3, 9), UPDATED)]


def test_header_dates_ignore_dates_inside_prose():
    sentence = ("The filing deadline for most taxpayers is April 15, 2025, and extensions "
                "move it to October for anyone who asks before that day.")
    assert header_dates(HeaderZone(before="", after=sentence)) == []


def test_time_elements_read_itemprop_and_labels():
    tree = html.fromstring(
        '<html><body><time itemprop="datePublished" datetime="2024-02-01T09:00:00Z">Feb 1</time>'
        '<span class="updated">Updated <time datetime="2024-02-05">Feb 5</time></span></body></html>')
    kinds = [(e.parsed.day, e.kind) for e in time_element_dates(tree)]
    assert kinds == [(date(2024, 2, 1), PUBLISHED), (date(2024, 2, 5), UPDATED)]


def test_future_dates_are_rejected_and_reported():
    choice = choose_dates([evidence("2031-01-01", PUBLISHED, "json-ld:datePublished", 0.9),
                           evidence("2023-05-05", UNKNOWN, "header-after", 0.92)], NOW)
    assert choice.published.day == date(2023, 5, 5)
    assert choice.rejected[0]["reason"] == "future"


def test_dates_before_the_web_are_rejected():
    choice = choose_dates([evidence("1898-08-12", UNKNOWN, "header-after", 0.92),
                           evidence("2025-12-17", PUBLISHED, "meta:article:published_time", 0.9)], NOW)
    assert choice.published.day == date(2025, 12, 17)
    assert choice.rejected[0]["reason"] == "before the web"


def test_first_seen_is_an_upper_bound_never_the_date():
    choice = choose_dates([evidence("2024-06-20", PUBLISHED, "meta:article:published_time", 0.9),
                           evidence("2024-06-02", UNKNOWN, "htmldate", 0.1)], NOW,
                          first_seen="2024-06-03T10:00:00Z")
    assert choice.published.day == date(2024, 6, 2)
    assert choice.rejected[0]["reason"] == "after first seen"
    nothing = choose_dates([], NOW, first_seen="2024-06-03T10:00:00Z")
    assert nothing.published is None


def test_original_publication_wins_over_the_update():
    choice = choose_dates([evidence("2025-01-29T20:47:55+00:00", PUBLISHED, "json-ld:datePublished", 0.9),
                           evidence("2025-01-29T20:47:55+00:00", PUBLISHED, "meta:article:published_time", 0.9),
                           evidence("2025-08-19T13:25:59+00:00", UPDATED, "json-ld:dateModified", 0.85),
                           evidence("2025-08-19", UNKNOWN, "header-after", 0.92)], NOW)
    # the date shown without a label is the one the markup calls the modification date
    assert choice.published.iso() == "2025-01-29T20:47:55+00:00"
    assert choice.updated.iso() == "2025-08-19T13:25:59+00:00"


def test_update_only_page_is_dated_by_its_update_with_low_confidence():
    choice = choose_dates([evidence("2024-03-03T16:45:00-05:00", UPDATED, "meta:article:modified_time", 0.85)], NOW)
    assert choice.published.iso() == "2024-03-03T16:45:00-05:00"
    assert choice.published_source.endswith("(update only)")
    assert choice.confidence < 0.5


def test_independent_signals_outweigh_a_single_one():
    choice = choose_dates([evidence("2021-01-18", PUBLISHED, "meta:article:published_time", 0.9),
                           evidence("2021-01-18", PUBLISHED, "url", 0.8),
                           evidence("2021-08-09", UNKNOWN, "header-after", 0.92)], NOW)
    assert choice.published.day == date(2021, 1, 18)
    assert choice.confidence > 0.95


def test_ambiguous_shown_date_takes_the_reading_the_markup_confirms():
    (_, _, parsed, other), = find_dates("09.10.2024")
    shown = DateEvidence(parsed, UNKNOWN, "header-after", 0.92, other)
    choice = choose_dates([shown, evidence("2024-09-10", PUBLISHED, "json-ld:datePublished", 0.9)], NOW)
    assert choice.published.day == date(2024, 9, 10)


def test_ambiguous_shown_date_takes_the_reading_its_time_element_gives():
    # "10/12/2023 7:38:01 PM" on a page declaring en_GB, rendered from <time datetime="2023-10-12...">
    (_, _, parsed, other), = find_dates("10/12/2023 7:38:01 PM", day_first=True)
    shown = DateEvidence(parsed, UNKNOWN, "header-before", 0.87, other)
    stamp = evidence("2023-10-12T19:38:01Z", UNKNOWN, "time", 0.55)
    assert choose_dates([shown, stamp], NOW).published.day == date(2023, 10, 12)
    # without the element the locale's reading stands
    assert choose_dates([shown], NOW).published.day == date(2023, 12, 10)


def test_day_month_year_with_dashes_and_in_other_languages():
    assert parse_date("FlowGuard EMEA on 04-ago-2021 5:11:10").iso() == "2021-08-04"
    assert parse_date("19-Dec-2025").day == date(2025, 12, 19)
    assert parse_date("4 de agosto de 2021").day == date(2021, 8, 4)
    assert parse_date("4. März 2021").day == date(2021, 3, 4)
    assert parse_date("1er janvier 2020").day == date(2020, 1, 1)


def test_a_digit_glued_to_a_word_is_not_a_day():
    assert find_dates("We tried Sony's WF-1000XM6.\nFebruary 2026") == []


def test_a_month_run_into_the_name_before_it_is_still_read():
    # nested inline elements run the byline's name and its date together
    tree = html.fromstring(
        "<html><body><h1>Clothing boxes worth keeping</h1><div><span>By <a>Ana Ruiz</a>"
        "</span><span><span>Mar 5, 2025</span> | 6 comments</span></div></body></html>")
    zone = header_zone(tree, find_headline(tree, ["Clothing boxes worth keeping"]), 300, 1200)
    assert "RuizMar 5, 2025" in zone.after
    assert [e.parsed.day for e in header_dates(zone)] == [date(2025, 3, 5)]
    # only a capital after a lower-case letter starts a word: "Lemay" holds no month
    assert find_dates("Lemay 5, 2025") == []


def test_url_date_with_a_month_name():
    found = url_dates("https://x.org/knowledge-centre/blog/2023/october/03/wine-styles/")
    assert found[0].parsed.day == date(2023, 10, 3)
    assert url_dates("https://x.org/2023/oct/3/story")[0].parsed.day == date(2023, 10, 3)
    assert url_dates("https://x.org/2023/blog/03/story") == []


def test_each_date_of_a_date_line_takes_its_own_label():
    tree = html.fromstring("<html><body><p>Text.</p><p class='date'>December 3, 2025. "
                           "<i>Updated: December 7, 2025</i></p></body></html>")
    found = [(e.parsed.day, e.kind) for e in date_line_dates(tree)]
    assert found == [(date(2025, 12, 3), UNKNOWN), (date(2025, 12, 7), UPDATED)]


@pytest.mark.parametrize("element, day_first, found", [
    # no date class: the label says what the line is
    ("<div style='text-align:right'>Post time: 01-04-2024</div>", False, [(date(2024, 1, 4), PUBLISHED)]),
    ("<div style='text-align:right'>Post time: 01-04-2024</div>", True, [(date(2024, 4, 1), PUBLISHED)]),
    # the label in an element of its own, the date right after it
    ("<div class='col'><b>Last Updated: </b>June 2022</div>", None, [(date(2022, 6, 1), UPDATED)]),
    ("<p><strong>Published:</strong> March 3, 2024</p>", None, [(date(2024, 3, 3), PUBLISHED)]),
    # a sentence that opens with the word is no label line
    ("<p>Published research from March 3, 2024 shows that a four-day week keeps staff.</p>", None, []),
    ("<p>Posted prices</p>", None, []),
])
def test_a_labelled_line_is_a_date_line_without_a_date_class(element, day_first, found):
    tree = html.fromstring(f"<html><body><p>Text.</p>{element}</body></html>")
    assert [(e.parsed.day, e.kind) for e in date_line_dates(tree, day_first)] == found


def test_htmldate_january_first_is_a_year_not_a_day(monkeypatch):
    tree = html.fromstring("<html><body><p>© 2024 Example Kitchen</p></body></html>")
    monkeypatch.setattr(date_signals, "find_date", lambda *args, **kwargs: "2024-01-01")
    assert htmldate_evidence(tree, "https://x.org/a", NOW) == []
    monkeypatch.setattr(date_signals, "find_date", lambda *args, **kwargs: "2024-03-05")
    assert htmldate_evidence(tree, "https://x.org/a", NOW)[0].parsed.day == date(2024, 3, 5)


def test_schema_markup_alone_gives_way_to_the_revision_the_page_shows():
    markup = [evidence("2024-04-10T09:00:00+00:00", PUBLISHED, "json-ld:datePublished", 0.9),
              evidence("2025-09-04T15:20:00+00:00", UPDATED, "json-ld:dateModified", 0.85)]
    shown = evidence("2025-09-04", UPDATED, "header-after", 0.8)
    choice = choose_dates(markup + [shown], NOW)
    assert choice.published.iso() == "2025-09-04T15:20:00+00:00"
    assert choice.published_source == "json-ld:dateModified (update only)"
    # nothing shown: the markup's publication date stands
    assert choose_dates(markup, NOW).published.day == date(2024, 4, 10)
    # an OpenGraph tag confirms the publication date
    opengraph = evidence("2024-04-10T09:00:00+00:00", PUBLISHED, "meta:article:published_time", 0.9)
    assert choose_dates(markup + [shown, opengraph], NOW).published.day == date(2024, 4, 10)


def test_shown_date_called_published_that_the_markup_gives_as_the_revision():
    choice = choose_dates([evidence("2012-09-12T16:45:28+00:00", PUBLISHED, "json-ld:datePublished", 0.9),
                           evidence("2012-09-12T16:45:28+00:00", PUBLISHED, "meta:datepublished", 0.88),
                           evidence("2021-09-08T18:02:10+00:00", UPDATED, "json-ld:dateModified", 0.85),
                           evidence("2021-09-08T18:02:10+00:00", PUBLISHED, "time", 0.7)], NOW)
    assert choice.published.day == date(2021, 9, 8)


def test_unlabelled_date_line_with_htmldate_loses_to_an_update_by_the_headline():
    choice = choose_dates([evidence("2025-12-02", UNKNOWN, "date-line", 0.5),
                           evidence("2025-12-02", UNKNOWN, "htmldate", 0.1),
                           evidence("2025-12-12", UPDATED, "header-before", 0.75)], NOW)
    assert choice.published.day == date(2025, 12, 12)
    labelled = choose_dates([evidence("2025-12-02", PUBLISHED, "date-line", 0.65),
                             evidence("2025-12-12", UPDATED, "header-before", 0.75)], NOW)
    assert labelled.published.day == date(2025, 12, 2)


def test_markup_giving_two_publication_days_yields_to_a_shown_publication_date():
    shown = evidence("2025-08-13", PUBLISHED, "time", 0.85)
    opengraph = evidence("2025-08-08T00:00:00-04:00", PUBLISHED, "meta:article:published_time", 0.9)
    schema = evidence("2025-11-29T12:28:31-05:00", PUBLISHED, "json-ld:datePublished", 0.9)
    assert choose_dates([opengraph, schema, shown], NOW).published.day == date(2025, 8, 13)
    assert choose_dates([opengraph, shown], NOW).published.day == date(2025, 8, 8)


def test_a_shown_day_that_is_the_markups_moment_in_another_zone_is_one_publication():
    # 00:04 UTC on July 5 is the evening of July 4 in New York, where the page shows it
    one_each = [evidence("2025-07-05T00:04:00+00:00", PUBLISHED, "meta:article:published_time", 0.9),
                evidence("2025-07-04T20:04:00-04:00", PUBLISHED, "time", 0.8),
                evidence("2025-07-04", UNKNOWN, "header-after", 0.92)]
    choice = choose_dates(one_each, NOW)
    # one family on each side: the markup's day, the one signal that states its zone
    assert choice.published.iso() == "2025-07-05T00:04:00+00:00"
    assert choice.confidence > 0.99  # the shown date supports it rather than competing
    # a URL on the shown day gives that day more families of signals
    choice = choose_dates(one_each + [evidence("2025-07-04", PUBLISHED, "url", 0.8)], NOW)
    assert choice.published.iso() == "2025-07-04T20:04:00-04:00"


def test_a_shown_day_no_time_zone_can_reach_from_the_markups_moment_still_competes():
    # 22:02 UTC on December 19 is December 19 or 20 everywhere: the 18th is another day
    choice = choose_dates([evidence("2025-12-19T22:02:58+00:00", PUBLISHED, "json-ld:datePublished", 0.9),
                           evidence("2025-12-18", UNKNOWN, "header-after", 0.92)], NOW)
    assert choice.published.iso() == "2025-12-18"
    assert choice.confidence == 0.92


def test_a_day_written_as_midnight_is_the_moment_another_node_stamps():
    # the article node writes its day as a midnight stamp; the page node has the moment,
    # 04:39 UTC on May 18, which is the evening of May 17 in the Americas
    choice = choose_dates([evidence("2023-05-17T00:00:00+0000", PUBLISHED, "json-ld:datePublished", 0.9),
                           evidence("2023-05-18T04:39:05+00:00", PUBLISHED, "json-ld:datePublished", 0.6)],
                          NOW)
    assert choice.published.iso() == "2023-05-18T04:39:05+00:00"
    assert choice.confidence == 0.9  # the article node's trust goes with its day


def test_months_without_a_day_are_read_apart_from_full_dates():
    assert [m.iso() for _, _, m in find_months("Publication Date November 2003")] == ["2003-11"]
    assert [m.iso() for _, _, m in find_months("Pulse!\nNov. 2015\nI often hear")] == ["2015-11"]
    assert [m.iso() for _, _, m in find_months("publicado en noviembre de 2015")] == ["2015-11"]
    # the month of a full date is no month of its own
    assert find_months("14 November 2025") == []
    assert find_months("November 14, 2025") == []


def month(value: str, kind: str, source: str) -> DateEvidence:
    year, number = value.split("-")
    return DateEvidence(ParsedDate(date(int(year), int(number), 1), month_only=True), kind, source, 0.5)


def test_a_shown_month_dates_the_page_only_when_no_day_does():
    shown = month("2003-11", UNKNOWN, "date-line")
    guess = evidence("2025-09-17", UNKNOWN, "htmldate", 0.1)
    choice = choose_dates([shown, guess], NOW)
    assert (choice.published.iso(), choice.published_source) == ("2003-11", "date-line")
    # htmldate's guess inside the shown month is the more precise date
    inside = evidence("2003-11-20", UNKNOWN, "htmldate", 0.1)
    assert choose_dates([shown, inside], NOW).published.iso() == "2003-11-20"
    # a day the page shows wins over a month
    shown_day = evidence("2024-02-05", UNKNOWN, "header-after", 0.92)
    assert choose_dates([shown, shown_day], NOW).published.iso() == "2024-02-05"
    # a month called an update dates the page as an update only
    updated = choose_dates([month("2022-06", UPDATED, "date-line"), guess], NOW)
    assert (updated.published.iso(), updated.published_source) == ("2022-06", "date-line (update only)")
    assert updated.confidence == 0.4


def test_a_month_by_the_headline_counts_only_on_a_line_of_its_own():
    zone = HeaderZone(before="", after="Details\nPulse!\nNovember 2015\nI often hear audiophiles dissing it.")
    assert [(e.parsed.iso(), e.source) for e in header_dates(zone)] == [("2015-11", "header-after")]
    # a sentence about a month, or a heading that names one, is no date line
    for line in ("What changed in May 2025", "Prices rose in May 2025 across the region."):
        assert header_dates(HeaderZone(before="", after=f"By Ann Lee\n{line}\nText.")) == []


def test_the_page_stating_its_original_publication_dates_it_over_a_later_shown_date():
    html_text = ('<p>Chris Carroll</p><p>30 Sep 2022, 11:07am</p><p>Tiny homes look fun.</p>'
                 '<p class="disclaimer">This article was originally published on <b>26 Sep 2019 at 4:12pm</b>'
                 ' but has been regularly updated.</p>')
    stated = date_signals.statement_dates(html_text)
    assert [(e.parsed.iso(), e.source) for e in stated] == [("2019-09-26", "statement")]
    choice = choose_dates(stated + [evidence("2022-09-30", UNKNOWN, "header-after", 0.92)], NOW)
    assert (choice.published.iso(), choice.published_source) == ("2019-09-26", "statement")


def test_a_repost_credit_or_disagreeing_statements_give_no_date():
    # the outlet's name between the phrase and a date: the original is another outlet's
    assert date_signals.statement_dates(
        "This article was originally published on The Conversation on 5 January 2025.") == []
    # two related stories, each originally published on its own day
    assert date_signals.statement_dates(
        "<li>Originally published March 2, 2022</li><li>Originally published May 9, 2023</li>") == []


def test_time_text_that_its_own_datetime_contradicts_is_corrected():
    tree = html.fromstring(
        "<html><body><time datetime='2024-12-20'>August 28, 2024</time>"
        "<time datetime='2025-12-20T05:02:18Z'>December 19, 2025</time>"
        "<time datetime='2023-03'>March 9, 2023</time><time>May 2, 2022</time></body></html>")
    corrections = date_signals.time_text_corrections(tree)
    # a day apart is one moment in two zones; a month-only value corrects nothing
    assert corrections == {date(2024, 8, 28): parse_date("2024-12-20")}
    shown = [DateEvidence(parse_date("August 28, 2024"), UNKNOWN, "header-after", 0.92),
             DateEvidence(parse_date("May 2, 2022"), UNKNOWN, "header-after", 0.87)]
    fixed = date_signals.corrected(shown, corrections)
    assert [e.parsed.day for e in fixed] == [date(2024, 12, 20), date(2022, 5, 2)]
    assert [(e.source, e.confidence) for e in fixed] == [("header-after", 0.92), ("header-after", 0.87)]
