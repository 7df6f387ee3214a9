"""parse_feed on real RSS and Atom bytes, well formed and broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.discover import DiscoveryError, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
BUSINESS_FEED = "https://news.example.org/rss/business.xml"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_rss2_entries_resolve_relative_links_and_carry_dc_creators():
    found = parse_feed(fixture("rss2_dc_creator.xml"), "example-business", BUSINESS_FEED)

    assert [item.url for item in found] == [
        "https://news.example.org/business/2020/04/08/kashgar-factories.html",
        "https://news.example.org/business/2020/04/07/aksu-training.html",
    ]
    first = found[0]
    assert first.source_id == "example-business"
    assert first.hints.title == "Kashgar factories add 3,000 jobs for former farmers"
    assert first.hints.authors == ["Zhang Wei", "Li Na"]
    assert first.hints.published == "2020-04-08T02:15:00+00:00"  # +0800 turned into UTC
    assert first.hints.updated is None  # not borrowed from pubDate
    assert first.hints.description == "More than 3,000 workers completed pre-job training."
    assert first.hints.language == "en-us"


def test_rss2_permalink_guid_is_the_link_and_an_unparsed_date_is_kept_raw():
    found = parse_feed(fixture("rss2_dc_creator.xml"), "example-business", BUSINESS_FEED)

    aksu = found[1]
    assert aksu.hints.title == "Vocational training centres expand in Aksu"
    assert aksu.hints.published == "not a date at all"


def test_rss2_skips_mailto_links_and_repeats():
    urls = [item.url for item in parse_feed(fixture("rss2_dc_creator.xml"), "s", BUSINESS_FEED)]

    assert not any(url.startswith("mailto:") for url in urls)
    assert len(urls) == len(set(urls))


def test_relative_links_are_skipped_without_a_base_url():
    found = parse_feed(fixture("rss2_dc_creator.xml"), "s", "")

    assert [item.url for item in found] == [
        "https://news.example.org/business/2020/04/07/aksu-training.html",
        # the last item repeats the first one's article with an absolute link
        "https://news.example.org/business/2020/04/08/kashgar-factories.html",
    ]
    assert found[1].hints.title == "Kashgar factories add 3,000 jobs (listed twice)"


def test_atom_alternate_link_resolves_against_xml_base():
    found = parse_feed(fixture("atom.xml"), "wire", "https://wire.example.com/feeds/china.atom")

    assert [item.url for item in found] == [
        "https://wire.example.com/stories/2020/04/jiashi-wages",
        "https://wire.example.com/stories/2020/04/id-only",  # its id is its address
    ]
    jiashi = found[0].hints
    assert jiashi.title == "Wages rise at Jiashi industrial park"  # html title as text
    assert jiashi.published == "2020-04-09T04:30:00+00:00"
    assert jiashi.updated == "2020-04-09T07:45:00+00:00"
    assert jiashi.authors == ["Maria Keller", "Tom Ruiz"]
    assert jiashi.language == "en"
    assert jiashi.description == "Monthly wages of 2,500 yuan are reported at the park."


def test_rss1_rdf_dc_date_is_the_publication_date():
    found = parse_feed(fixture("rss1_rdf.xml"), "blog", "https://blog.example.net/index.rdf")

    assert len(found) == 1
    item = found[0]
    assert item.url == "https://blog.example.net/2020/04/labour-transfer.html"
    assert item.hints.title == "Reading the labour transfer figures"
    assert item.hints.authors == ["A. Researcher"]
    assert item.hints.published == "2020-04-10T07:00:00+00:00"
    assert item.hints.language == "en"


def test_netscape_rss091_doctype_without_entities_is_accepted():
    body = (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        b'<rss version="0.91"><channel><title>Old</title>'
        b"<item><title>Caf&eacute; workers</title><link>http://old.example/a</link></item>"
        b"</channel></rss>"
    )

    found = parse_feed(body, "old", "http://old.example/rss")

    assert [item.url for item in found] == ["http://old.example/a"]
    assert found[0].hints.title == "Café workers"


@pytest.mark.timeout(5, method="thread")
def test_billion_laughs_is_refused_before_parsing():
    with pytest.raises(DiscoveryError) as refused:
        parse_feed(fixture("billion_laughs_feed.xml"), "s", BUSINESS_FEED)

    assert str(refused.value) == "feed declares XML entities (refused)"


@pytest.mark.timeout(5, method="thread")
def test_billion_laughs_in_utf16_is_refused_too():
    body = fixture("billion_laughs_feed.xml").decode("ascii").encode("utf-16")

    with pytest.raises(DiscoveryError, match="declares XML entities"):
        parse_feed(body, "s", BUSINESS_FEED)


def test_external_entity_is_refused():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><item><title>&secret;</title>'
        b"<link>http://a.example/x</link></item></channel></rss>"
    )

    with pytest.raises(DiscoveryError, match="declares XML entities"):
        parse_feed(body, "s", BUSINESS_FEED)


def test_truncated_feed_keeps_whole_entries_and_drops_the_cut_one():
    whole = fixture("rss2_dc_creator.xml")
    cut_inside_second_link = whole[: whole.index(b"aksu-training.html")]

    found = parse_feed(cut_inside_second_link, "s", BUSINESS_FEED)

    assert [item.url for item in found] == [
        "https://news.example.org/business/2020/04/08/kashgar-factories.html",
    ]


def test_feed_truncated_before_any_entry_raises_with_the_line():
    whole = fixture("rss2_dc_creator.xml")
    cut_in_channel = whole[: whole.index(b"<item>")]

    with pytest.raises(DiscoveryError) as broken:
        parse_feed(cut_in_channel, "s", BUSINESS_FEED)

    assert str(broken.value) == "malformed XML at line 9: no element found"


def test_feed_declaring_utf8_but_written_in_windows_1252_is_read():
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item>'
        "<title>Ürümqi café – “jobs”</title><link>http://a.example/c</link>"
        "</item></channel></rss>"
    ).encode("cp1252")

    found = parse_feed(body, "s", BUSINESS_FEED)

    assert found[0].hints.title == "Ürümqi café – “jobs”"


def test_feed_declaring_windows_1252_but_written_in_utf8_is_read():
    # Every byte here is also valid windows-1252, so only the UTF-8 check reads it right:
    # taken at its word the title would come out as "ÃœrÃ¼mqi cafÃ©".
    body = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><item>'
        "<title>Ürümqi café</title><link>http://a.example/c</link>"
        "</item></channel></rss>"
    ).encode()

    found = parse_feed(body, "s", BUSINESS_FEED)

    assert found[0].hints.title == "Ürümqi café"


def test_utf16_feed_is_read():
    body = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item>'
        "<title>新疆 jobs</title><link>http://a.example/c</link></item></channel></rss>"
    ).encode("utf-16")

    assert parse_feed(body, "s", BUSINESS_FEED)[0].hints.title == "新疆 jobs"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty feed body"),
        (b"  \n", "empty feed body"),
        (b"Service Unavailable", "malformed XML at line 1: syntax error"),
        (b"<html><body><p>moved<br></body></html>", "malformed XML at line 1: mismatched tag"),
        (b"<html><head><title>Home</title></head><body/></html>", "not an RSS or Atom feed"),
    ],
)
def test_unusable_bodies_raise_one_line_reasons(body, reason):
    with pytest.raises(DiscoveryError) as broken:
        parse_feed(body, "s", BUSINESS_FEED)

    assert str(broken.value) == reason


def test_valid_feed_without_entries_is_empty_not_an_error():
    body = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'

    assert parse_feed(body, "s", BUSINESS_FEED) == []
