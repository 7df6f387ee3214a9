"""XML sitemaps (urlset, sitemapindex, Google News), gzipped or not, and text sitemaps."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from lxml import etree

from flows.discover.errors import DiscoveryError
from flows.discover.urllists import absolute_http_url, parse_url_list
from flows.discover.xmlsafety import last_entry_is_cut, refuse_entity_declarations
from flows.records import Discovered, Hints

# The sitemap protocol's own limit on an uncompressed sitemap (52,428,800 bytes); it also
# bounds what a small gzip body may expand to.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9._-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+$")


@dataclass(slots=True)
class SitemapPage:
    """What one sitemap file lists: article URLs, and further sitemaps (from an index)."""

    urls: list[Discovered] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def parse_sitemap(body: bytes, source_id: str, base_url: str) -> SitemapPage:
    """Parse one sitemap file: an XML urlset or sitemapindex, or a text list of URLs.

    Google News entries carry title, publication date and language; lastmod becomes the
    "updated" hint. A sitemap that is not well formed keeps the entries a recovering
    parse finds, less one cut by truncation; with none, the reason is raised.
    """
    if body.startswith(_GZIP_MAGIC):
        body = _gunzip_capped(body, MAX_SITEMAP_BYTES)
    elif len(body) > MAX_SITEMAP_BYTES:
        raise DiscoveryError(f"sitemap larger than the protocol's {MAX_SITEMAP_BYTES} bytes")
    if not body.strip():
        raise DiscoveryError("empty sitemap body")
    if not _looks_like_xml(body):
        return _text_sitemap(body, source_id)
    refuse_entity_declarations(body, "sitemap")
    root, malformed = _parse_xml(body)
    kind = _local_name(root)
    if kind == "urlset":
        entries = _children(root, "url")
        if malformed and entries and last_entry_is_cut(body, ("url",)):
            entries.pop()
        page = SitemapPage(urls=_urls(entries, source_id, base_url))
    elif kind == "sitemapindex":
        entries = _children(root, "sitemap")
        if malformed and entries and last_entry_is_cut(body, ("sitemap",)):
            entries.pop()
        page = SitemapPage(sitemaps=_sitemap_locations(entries, base_url))
    elif malformed:
        raise DiscoveryError(malformed)
    else:
        raise DiscoveryError(f"not a sitemap: root element <{kind}>")
    if malformed and not page.urls and not page.sitemaps:
        raise DiscoveryError(malformed)
    return page


def _gunzip_capped(body: bytes, cap: int) -> bytes:
    """Decompress every gzip member in body, refusing output past cap bytes.

    A truncated stream keeps what was decompressed: the XML parse then decides how much
    of it is usable, as it would for a truncated plain sitemap.
    """
    output = bytearray()
    remaining = body
    while remaining.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        try:
            output += inflater.decompress(remaining, cap + 1 - len(output))
        except zlib.error as error:
            raise DiscoveryError(f"corrupt gzip body: {error}") from None
        if len(output) > cap:
            raise DiscoveryError(f"gzipped sitemap expands past {cap} bytes (refused)")
        if not inflater.eof:
            break
        remaining = inflater.unused_data
    return bytes(output)


def _looks_like_xml(body: bytes) -> bool:
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<") or start.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _text_sitemap(body: bytes, source_id: str) -> SitemapPage:
    """A text sitemap: full URLs only, by the protocol, so nothing is resolved."""
    text = body.decode("utf-8", "replace")
    urls = parse_url_list(text, source_id)
    if not urls and text.strip():
        first_line = text.strip().splitlines()[0]
        raise DiscoveryError(f"not a sitemap: neither XML nor a list of URLs ({first_line})")
    return SitemapPage(urls=urls)


def _parse_xml(body: bytes) -> tuple[etree._Element, str | None]:
    """The root element, and why the document is not well formed (None when it is).

    Unescaped "&" in query strings is the commonest sitemap fault; escaping it before
    recovering keeps such URLs whole, where a recovering parser would drop "&name".
    """
    try:
        return etree.fromstring(body, _xml_parser(recover=False)), None
    except etree.XMLSyntaxError as error:
        malformed = f"malformed XML at line {error.lineno}: {_POSITION_SUFFIX.sub('', error.msg)}"
    repaired = _BARE_AMPERSAND.sub(b"&amp;", body)
    try:
        return etree.fromstring(repaired, _xml_parser(recover=False)), malformed
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(repaired, _xml_parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise DiscoveryError(malformed)
    return root, malformed


def _xml_parser(recover: bool) -> etree.XMLParser:
    # A new parser per document: lxml parsers keep state and are not thread-safe.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """Child elements called name in any namespace (old Google and sitemaps.org alike)."""
    return [
        child for child in element
        if isinstance(child.tag, str) and _local_name(child) == name
    ]


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in _children(element, name):
        text = " ".join("".join(child.itertext()).split())
        if text:
            return text
    return None


def _urls(entries: list[etree._Element], source_id: str, base_url: str) -> list[Discovered]:
    found: list[Discovered] = []
    seen: set[str] = set()
    for entry in entries:
        url = absolute_http_url(_loc_of(entry), base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        found.append(Discovered(url=url, source_id=source_id, hints=_hints(entry)))
    return found


def _hints(entry: etree._Element) -> Hints:
    hints = Hints(updated=_child_text(entry, "lastmod"))
    for news in _children(entry, "news"):
        hints.title = _child_text(news, "title")
        hints.published = _child_text(news, "publication_date")
        for publication in _children(news, "publication"):
            hints.language = _child_text(publication, "language")
        break
    return hints


def _sitemap_locations(entries: list[etree._Element], base_url: str) -> list[str]:
    locations: dict[str, None] = {}  # ordered and de-duplicated
    for entry in entries:
        url = absolute_http_url(_loc_of(entry), base_url)
        if url is not None:
            locations[url] = None
    return list(locations)


def _loc_of(entry: etree._Element) -> str:
    """The <loc> text as written; whitespace around it (often a newline) is stripped later."""
    for loc in _children(entry, "loc"):
        return "".join(loc.itertext())
    return ""
