"""Plain URL lists (one URL a line) and the http(s) test every discovery source shares."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flows.records import Discovered

_FETCHABLE_SCHEMES = frozenset({"http", "https"})


def absolute_http_url(candidate: str, base_url: str | None = None) -> str | None:
    """candidate made absolute against base_url, or None unless it is an http(s) URL.

    Only whitespace around it is removed; normalizing is left to URL identity, which
    versions its rules.
    """
    candidate = candidate.strip()
    if not candidate:
        return None
    if base_url:
        try:
            candidate = urljoin(base_url.strip(), candidate)
        except ValueError:
            return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:  # a malformed IPv6 host or port
        return None
    if parts.scheme.lower() not in _FETCHABLE_SCHEMES or not host:
        return None
    return candidate


def parse_url_list(text: str, source_id: str, base_url: str | None = None) -> list[Discovered]:
    """One URL a line; blank lines and lines starting with # are skipped.

    Only the first whitespace-separated word of a line is read, so "URL  note" works.
    Relative URLs are resolved against base_url when given, else skipped, as are
    non-http(s) ones. A URL listed twice is returned once, where it first appears.
    """
    found: list[Discovered] = []
    seen: set[str] = set()
    for line in text.removeprefix("\ufeff").splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        url = absolute_http_url(words[0], base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        found.append(Discovered(url=url, source_id=source_id))
    return found
