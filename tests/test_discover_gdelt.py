"""GDELT DOC 2.0: request URLs per time slice, and parsing what the API answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from flows.discover import DiscoveryError, gdelt_query_urls, parse_gdelt

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
API = "https://api.gdeltproject.org/api/v2/doc/doc"
QUERY = '"labor transfer" (xinjiang OR kashgar)'


def params_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_three_days_in_24_hour_slices_give_three_requests():
    urls = gdelt_query_urls(
        API, QUERY, datetime(2020, 4, 1, tzinfo=UTC), datetime(2020, 4, 4, tzinfo=UTC)
    )

    assert len(urls) == 3
    assert all(url.startswith(API + "?") for url in urls)
    windows = [(params_of(url)["startdatetime"], params_of(url)["enddatetime"]) for url in urls]
    assert windows == [
        ("20200401000000", "20200402000000"),
        ("20200402000000", "20200403000000"),
        ("20200403000000", "20200404000000"),
    ]
    assert params_of(urls[0]) == {
        "query": QUERY,
        "mode": "artlist",
        "format": "json",
        "maxrecords": "250",
        "sort": "datedesc",
        "startdatetime": "20200401000000",
        "enddatetime": "20200402000000",
    }


def test_query_is_percent_encoded_with_spaces_as_percent_20():
    url = gdelt_query_urls(API, QUERY, datetime(2020, 4, 1), datetime(2020, 4, 2))[0]

    assert "query=%22labor%20transfer%22%20%28xinjiang%20OR%20kashgar%29&" in url


def test_last_slice_is_cut_at_the_end_and_times_are_turned_into_utc():
    beijing = timezone(timedelta(hours=8))
    urls = gdelt_query_urls(
        API, QUERY, datetime(2020, 4, 1, 8, tzinfo=beijing), datetime(2020, 4, 2, 12),
        slice_hours=12,
    )

    windows = [(params_of(url)["startdatetime"], params_of(url)["enddatetime"]) for url in urls]
    assert windows == [
        ("20200401000000", "20200401120000"),
        ("20200401120000", "20200402000000"),
        ("20200402000000", "20200402120000"),
    ]


def test_max_records_is_capped_at_the_api_limit():
    def max_records(asked: int) -> str:
        url = gdelt_query_urls(
            API, QUERY, datetime(2020, 4, 1), datetime(2020, 4, 2), max_records=asked
        )[0]
        return params_of(url)["maxrecords"]

    assert (max_records(75), max_records(1000)) == ("75", "250")


def test_empty_or_reversed_window_gives_no_requests():
    moment = datetime(2020, 4, 1, tzinfo=UTC)

    assert gdelt_query_urls(API, QUERY, moment, moment) == []
    assert gdelt_query_urls(API, QUERY, moment, moment - timedelta(days=1)) == []


def test_non_positive_slice_is_a_caller_error():
    with pytest.raises(ValueError, match="slice_hours"):
        gdelt_query_urls(API, QUERY, datetime(2020, 4, 1), datetime(2020, 4, 2), slice_hours=0)


def test_artlist_json_gives_articles_with_first_seen_never_published():
    found = parse_gdelt((FIXTURES / "gdelt_artlist.json").read_bytes(), "gdelt")

    assert [item.url for item in found] == [
        "https://www.example-news.cn/2020-04/08/c_1234.htm",
        "https://zeitung.example.de/politik/xinjiang-arbeit-100.html",
    ]  # the repeated URL is kept once, as first listed
    first = found[0]
    assert first.source_id == "gdelt"
    assert first.hints.title == "Xinjiang steps up job training"
    assert first.hints.first_seen == "2020-04-08T10:15:00+00:00"
    assert first.hints.published is None
    assert first.hints.outlet == "example-news.cn"
    assert first.hints.language == "en"
    assert found[1].hints.language == "de"


def test_plain_text_answer_raises_its_first_line():
    with pytest.raises(DiscoveryError) as refused:
        parse_gdelt((FIXTURES / "gdelt_rate_limit.txt").read_bytes(), "gdelt")

    assert str(refused.value) == (
        "GDELT answered: Please limit requests to one every 5 seconds or contact us for larger"
        " queries."
    )


@pytest.mark.parametrize("body", [b"", b"  \n", b"{}", b'{"articles": []}'])
def test_empty_answers_mean_no_articles(body):
    assert parse_gdelt(body, "gdelt") == []


def test_lone_backslashes_and_control_characters_in_titles_are_tolerated():
    body = (
        b'{"articles": [{"url": "https://a.example/x", "title": "C:\\Users \\\\ path\tand tab",'
        b' "seendate": "20200408T101500Z", "domain": "a.example", "language": "Klingon"}]}'
    )

    found = parse_gdelt(body, "gdelt")

    assert found[0].hints.title == "C:\\Users \\ path and tab"
    assert found[0].hints.language == "Klingon"  # unknown names pass through


def test_broken_json_raises_with_its_line():
    with pytest.raises(DiscoveryError, match=r"^malformed GDELT JSON at line 2: "):
        parse_gdelt(b'{"articles": [\n{"url": "https://a.example/x", ', "gdelt")
