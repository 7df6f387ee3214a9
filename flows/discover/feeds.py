"""RSS 0.9x, 1.0 (RDF), 2.0 and Atom feeds, parsed by feedparser from bytes."""

from __future__ import annotations

import io
import time
import xml.sax
from datetime import UTC, datetime

import feedparser
import lxml.html
from lxml import etree

from flows.discover.errors import DiscoveryError
from flows.discover.urllists import absolute_http_url
from flows.discover.xmlsafety import ascii_view, last_entry_is_cut, refuse_entity_declarations
from flows.records import Discovered, Hints

# Some feeds carry whole articles in <description>; extraction reads the page itself, so
# a hint needs only the opening, not a second copy of every article.
_MAX_DESCRIPTION_CHARS = 1000
# RSS 0.90 and 1.0 items carry one date, dc:date, and by convention it is the publication
# date; feedparser files it under "updated" as it would anywhere else.
_RDF_VERSIONS = frozenset({"rss090", "rss10"})
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "td", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")


def parse_feed(body: bytes, source_id: str, base_url: str) -> list[Discovered]:
    """The entries of a feed that link to an http(s) page, with what the feed says of them.

    Relative links are resolved against base_url (xml:base in the feed wins). A feed that
    is not well formed keeps the entries feedparser recovers, less one cut by truncation;
    when nothing usable is left the reason is raised as DiscoveryError.
    """
    if not body.strip():
        raise DiscoveryError("empty feed body")
    refuse_entity_declarations(body, "feed")
    parsed = feedparser.parse(io.BytesIO(body), response_headers=_headers_for(body, base_url))
    malformed = _malformed_reason(parsed, _line_offset(body))
    entries = list(parsed.entries)
    if malformed and entries and last_entry_is_cut(body, ("item", "entry")):
        entries.pop()
    feed_language = parsed.feed.get("language")
    dated_by_dc_date = parsed.get("version") in _RDF_VERSIONS
    found: list[Discovered] = []
    seen: set[str] = set()
    for entry in entries:
        url = _entry_url(entry, base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        hints = _hints(entry, feed_language, dated_by_dc_date)
        found.append(Discovered(url=url, source_id=source_id, hints=hints))
    if found:
        return found
    if malformed:
        raise DiscoveryError(malformed)
    if not parsed.get("version"):
        raise DiscoveryError("not an RSS or Atom feed")
    return found


def _headers_for(body: bytes, base_url: str) -> dict[str, str]:
    """Response headers that make feedparser resolve links and read the charset right.

    application/xml lets the XML declaration speak (text/xml would mean US-ASCII). A body
    that is valid UTF-8 beyond ASCII is UTF-8 whatever it declares: text in a legacy
    encoding that happens to form valid UTF-8 is vanishingly rare, while a UTF-8 body
    under a Latin-1, GB2312 or UTF-16 declaration is a common server mistake.
    """
    content_type = "application/xml"
    if _is_utf8_beyond_ascii(body):
        content_type += "; charset=utf-8"
    return {"content-type": content_type, "content-location": base_url or ""}


def _is_utf8_beyond_ascii(body: bytes) -> bool:
    if body.isascii() or b"\x00" in body:
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_offset(body: bytes) -> int:
    """Lines feedparser adds above the body: one when it has to prepend an XML declaration."""
    return 0 if ascii_view(body).removeprefix(b"\xef\xbb\xbf").startswith(b"<?xml") else 1


def _malformed_reason(parsed: feedparser.FeedParserDict, line_offset: int) -> str | None:
    """One line saying why the feed is not well formed, or None if it is.

    An encoding declaration that had to be overridden is not counted: the text was read.
    """
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if isinstance(error, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return None
    if isinstance(error, xml.sax.SAXParseException):
        line = max(1, error.getLineNumber() - line_offset)
        return f"malformed XML at line {line}: {error.getMessage()}"
    return f"unreadable feed: {error}"


def _entry_url(entry: feedparser.FeedParserDict, base_url: str) -> str | None:
    link = entry.get("link")
    if not link:
        # An RSS <guid> that is a permalink already becomes "link"; an Atom <id> may
        # still be the article's address.
        link = entry.get("id")
    if not isinstance(link, str):
        return None
    return absolute_http_url(link, base_url)


def _hints(
    entry: feedparser.FeedParserDict, feed_language: str | None, dated_by_dc_date: bool
) -> Hints:
    updated = _date_of(entry, "updated")
    published = _date_of(entry, "published")
    if published is None and dated_by_dc_date:
        published = updated
    return Hints(
        title=_text_of(entry, "title"),
        published=published,
        updated=updated,
        authors=_authors_of(entry),
        language=_language_of(entry, feed_language),
        description=_clip(_text_of(entry, "summary"), _MAX_DESCRIPTION_CHARS),
    )


def _text_of(entry: feedparser.FeedParserDict, key: str) -> str | None:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    detail = entry.get(f"{key}_detail") or {}
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        value = _html_to_text(value)
    return " ".join(value.split()) or None


def _html_to_text(markup: str) -> str:
    try:
        root = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):  # markup with no element, or only whitespace
        return markup
    for block in root.iter(_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")  # so "<p>a</p><p>b</p>" reads "a b", not "ab"
    return root.text_content()


def _date_of(entry: feedparser.FeedParserDict, key: str) -> str | None:
    """ISO 8601 in UTC when feedparser understood the date, else the feed's own string.

    Read with dict.get: FeedParserDict.get("updated") falls back to the published date.
    """
    parsed = dict.get(entry, f"{key}_parsed")
    if isinstance(parsed, time.struct_time):
        try:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
        except ValueError:
            pass
    raw = dict.get(entry, key)
    if not isinstance(raw, str):
        return None
    return raw.strip() or None


def _authors_of(entry: feedparser.FeedParserDict) -> list[str]:
    names: list[str] = []
    for author in entry.get("authors") or []:
        name = " ".join(str(author.get("name") or "").split())
        if name and name not in names:
            names.append(name)
    if not names and isinstance(entry.get("author"), str) and entry.author.strip():
        names.append(" ".join(entry.author.split()))
    return names


def _language_of(entry: feedparser.FeedParserDict, feed_language: str | None) -> str | None:
    for detail_key in ("title_detail", "summary_detail"):
        language = (entry.get(detail_key) or {}).get("language")
        if language:
            return language
    return feed_language or None


def _clip(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
