"""Typed records passed between the stages.

Every stage is a plain function from records to records; none of them knows about
Prefect, DuckDB or the network layer around it. Records are plain dataclasses so they
pickle cheaply into the extraction worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The one final status every discovered URL ends with (see urls.status in SQL).

    HTTP errors are recorded as "http-NNN" (see http_status()), so not every value is a
    member here.
    """

    PENDING = "pending"  # discovered, not yet fetched (or a run died before it was)
    FETCHED = "fetched"  # in flight between fetch and store; never a final status
    NOT_MODIFIED = "not-modified"  # a feed or sitemap answered 304; never a URL's status
    STORED = "stored"  # fetched, extracted, on topic, stored as a new article
    OFF_TOPIC = "off-topic"  # stored too, with on_topic = false, so it can be re-cut in SQL
    DUPLICATE = "duplicate"  # same canonical URL or same normalized text as a stored article
    ROBOTS = "robots-disallowed"
    TIMEOUT = "timeout"
    TOO_LARGE = "too-large"
    NOT_HTML = "not-html"
    EXTRACTION_EMPTY = "extraction-empty"
    NOT_ARTICLE = "not-article"  # a home, section or index page listing many stories
    TOO_MANY_REDIRECTS = "too-many-redirects"
    CONNECTION_ERROR = "connection-error"
    BLOCKED_ADDRESS = "blocked-address"  # private/loopback/link-local and not allowed
    BAD_URL = "bad-url"
    UNREADABLE = "unreadable"  # body could not be decoded or parsed as a page


def http_status(code: int) -> str:
    return f"http-{code}"


# Statuses worth another try on a later run; everything else is final.
RETRYABLE = frozenset(
    {Status.PENDING, Status.TIMEOUT, Status.CONNECTION_ERROR, "http-429", "http-500",
     "http-502", "http-503", "http-504"}
)


@dataclass(slots=True)
class Hints:
    """What discovery already knows about a URL (feed entry, sitemap, GDELT, seed file).

    Dates are ISO-8601 strings as given by the source; the metadata layer weighs them.
    """

    title: str | None = None
    published: str | None = None  # feed pubDate / sitemap news:publication_date / seed date
    updated: str | None = None  # feed updated / sitemap lastmod
    first_seen: str | None = None  # GDELT seendate: an upper bound, never the date itself
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    outlet: str | None = None  # seed provenance or GDELT domain
    description: str | None = None


@dataclass(slots=True)
class Discovered:
    """One URL found by one source."""

    url: str
    source_id: str
    hints: Hints = field(default_factory=Hints)


@dataclass(slots=True)
class SourceReport:
    """The outcome of polling one source: what it yielded, or a one-line reason."""

    source_id: str
    kind: str
    ok: bool
    found: int = 0
    detail: str = ""  # one line: "304 not modified", "connection refused", ...
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    unchanged: bool = False


@dataclass(slots=True)
class FetchResult:
    """One fetch of one URL. body is the decoded-from-transport (not charset) bytes."""

    url_key: str
    requested_url: str
    final_url: str | None = None
    status: str = Status.PENDING  # a Status value, or http-NNN on an HTTP error
    http_status: int | None = None
    content_type: str | None = None
    charset: str | None = None  # declared in the Content-Type header, if any
    body: bytes | None = None
    sha256: str | None = None
    detail: str = ""
    elapsed_ms: int = 0
    fetched_at: str | None = None  # ISO-8601 UTC
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ExtractedPage:
    """Everything extraction found on one page. Signals record which evidence won."""

    url: str
    ok: bool
    error: str = ""  # why ok is False: "empty text", "unparseable html", ...
    text: str = ""
    title: str | None = None
    title_source: str | None = None  # "json-ld", "og:title", "h1", "trafilatura", ...
    title_confidence: float | None = None
    authors: list[str] = field(default_factory=list)
    author_source: str | None = None
    author_confidence: float | None = None
    byline: str | None = None  # the credit as the page shows it (names, credentials), for display
    origin_credit: str | None = None  # wire or agency credit: "Xinhua", "AP", ...
    published: str | None = None  # ISO-8601, with offset when the page gives one
    date_source: str | None = None
    date_confidence: float | None = None
    updated: str | None = None
    language: str | None = None
    language_source: str | None = None
    site_name: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None  # rel=canonical / og:url as written on the page
    extractor: str = ""  # "trafilatura 2.3.1+meta 1": stored on each article
    signals: dict = field(default_factory=dict)  # alternatives and per-field evidence


@dataclass(slots=True)
class ArticleRow:
    """An article ready to store: extraction plus identity, outlet and relevance."""

    article_id: str
    canonical_key: str
    canonical_url: str
    normalizer_version: int
    url_key: str
    final_url: str | None
    outlet: str
    page: ExtractedPage
    text_hash: str
    word_count: int
    relevance_score: float
    relevance: dict
    on_topic: bool
    source_id: str
    hints: Hints | None = None
    extracted_at: str = ""


@dataclass(slots=True)
class Outcome:
    """What processing one discovered URL came to, before the store decides duplicates."""

    url_key: str
    status: str
    detail: str = ""
    fetch: FetchResult | None = None
    article: ArticleRow | None = None  # a new article to insert
    article_id: str | None = None  # the article this URL became or duplicates
