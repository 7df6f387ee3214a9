"""The GDELT DOC 2.0 API in artlist JSON mode: request URLs per time slice, and answers.

The API searches a rolling window of about the last three months and returns at most 250
articles per call, so a window is cut into slices small enough to stay under that cap.
The caller spaces the calls at least 5 seconds apart (GDELT's stated request rate).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from flows.discover.errors import DiscoveryError
from flows.discover.urllists import absolute_http_url
from flows.records import Discovered, Hints

# The API's own ceiling on records per call; asking for more returns 250 anyway.
GDELT_MAX_RECORDS = 250
_GDELT_TIME = "%Y%m%d%H%M%S"
_SEENDATE = "%Y%m%dT%H%M%SZ"
# GDELT's JSON sometimes carries backslashes that are not JSON escapes (from titles).
# Valid escape pairs are matched first so that only lone backslashes get doubled.
_ESCAPE_OR_LONE_BACKSLASH = re.compile(r'(\\["\\/bfnrtu])|\\')
# Longest first line of a non-JSON answer worth quoting in a one-line reason.
_MAX_QUOTED_CHARS = 200

# GDELT names languages in English; hints carry ISO 639-1 codes like feeds and pages do.
# Names missing here are passed through as GDELT wrote them.
_LANGUAGE_CODES = {
    "afrikaans": "af", "albanian": "sq", "arabic": "ar", "armenian": "hy",
    "azerbaijani": "az", "basque": "eu", "belarusian": "be", "bengali": "bn",
    "bosnian": "bs", "bulgarian": "bg", "catalan": "ca", "chinese": "zh",
    "croatian": "hr", "czech": "cs", "danish": "da", "dutch": "nl", "english": "en",
    "estonian": "et", "finnish": "fi", "french": "fr", "galician": "gl",
    "georgian": "ka", "german": "de", "greek": "el", "gujarati": "gu", "hebrew": "he",
    "hindi": "hi", "hungarian": "hu", "icelandic": "is", "indonesian": "id",
    "italian": "it", "japanese": "ja", "kannada": "kn", "kazakh": "kk", "korean": "ko",
    "latvian": "lv", "lithuanian": "lt", "macedonian": "mk", "malay": "ms",
    "malayalam": "ml", "marathi": "mr", "mongolian": "mn", "nepali": "ne",
    "norwegian": "no", "persian": "fa", "polish": "pl", "portuguese": "pt",
    "punjabi": "pa", "romanian": "ro", "russian": "ru", "serbian": "sr",
    "sinhalese": "si", "slovak": "sk", "slovenian": "sl", "somali": "so",
    "spanish": "es", "swahili": "sw", "swedish": "sv", "tamil": "ta", "telugu": "te",
    "thai": "th", "tibetan": "bo", "turkish": "tr", "ukrainian": "uk", "urdu": "ur",
    "vietnamese": "vi",
}


def gdelt_query_urls(
    api_base: str,
    query: str,
    start: datetime,
    end: datetime,
    *,
    max_records: int = GDELT_MAX_RECORDS,
    slice_hours: int = 24,  # a day of one topic's coverage usually stays under 250 articles
) -> list[str]:
    """One artlist request URL per slice of [start, end), newest articles first.

    Naive datetimes are taken as UTC. The last slice ends at end, so it may be shorter.
    """
    if slice_hours <= 0:
        raise ValueError("slice_hours must be positive")
    if max_records <= 0:
        raise ValueError("max_records must be positive")
    start, end = _as_utc(start), _as_utc(end)
    separator = "&" if "?" in api_base else "?"
    urls: list[str] = []
    slice_start = start
    while slice_start < end:
        slice_end = min(slice_start + timedelta(hours=slice_hours), end)
        params = {
            "query": query,
            "mode": "artlist",
            "format": "json",
            "maxrecords": str(min(max_records, GDELT_MAX_RECORDS)),
            "sort": "datedesc",
            "startdatetime": slice_start.strftime(_GDELT_TIME),
            "enddatetime": slice_end.strftime(_GDELT_TIME),
        }
        urls.append(api_base + separator + urlencode(params, quote_via=quote, safe=""))
        slice_start = slice_end
    return urls


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_gdelt(body: bytes, source_id: str) -> list[Discovered]:
    """The articles of one artlist JSON answer. An empty body or {} means none.

    GDELT answers some errors (bad query, too short a phrase, rate limit) with status 200
    and plain text; that text's first line is raised as the reason.
    """
    text = body.decode("utf-8", "replace").removeprefix("\ufeff").strip()
    if not text:
        return []
    if not text.startswith(("{", "[")):
        first_line = text.splitlines()[0].strip()[:_MAX_QUOTED_CHARS]
        raise DiscoveryError(f"GDELT answered: {first_line}")
    answer = _load_json(text)
    if not isinstance(answer, dict):
        raise DiscoveryError("GDELT answered JSON that is not an object")
    articles = answer.get("articles") or []
    if not isinstance(articles, list):
        raise DiscoveryError("GDELT answered an 'articles' value that is not a list")
    found: list[Discovered] = []
    seen: set[str] = set()
    for article in articles:
        if not isinstance(article, dict):
            continue
        url = absolute_http_url(str(article.get("url") or ""))
        if url is None or url in seen:
            continue
        seen.add(url)
        found.append(Discovered(url=url, source_id=source_id, hints=_hints(article)))
    return found


def _load_json(text: str) -> object:
    try:
        return json.loads(text, strict=False)  # strict=False: raw control chars in titles
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(_ESCAPE_OR_LONE_BACKSLASH.sub(_keep_or_double, text), strict=False)
    except json.JSONDecodeError as error:
        raise DiscoveryError(f"malformed GDELT JSON at line {error.lineno}: {error.msg}") from None


def _keep_or_double(match: re.Match[str]) -> str:
    return match.group(1) or "\\\\"


def _hints(article: dict) -> Hints:
    # seendate is when GDELT first saw the URL: an upper bound on publication, so it is
    # kept as first_seen and never as published.
    return Hints(
        title=_clean(article.get("title")),
        first_seen=_seen_iso(article.get("seendate")),
        language=_language_code(article.get("language")),
        outlet=_clean(article.get("domain")),
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _seen_iso(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip(), _SEENDATE).replace(tzinfo=UTC).isoformat()
    except ValueError:
        return None


def _language_code(value: object) -> str | None:
    name = _clean(value)
    if name is None:
        return None
    return _LANGUAGE_CODES.get(name.lower(), name)
