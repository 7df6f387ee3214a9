"""Extraction: one fetched page in, its text and trustworthy metadata out.

trafilatura finds the main text; the metadata layer in flows.metadata weighs every
signal the page and its discovery give (JSON-LD, meta tags, the headline and the lines
around it, the URL, feed and sitemap dates, GDELT's first sighting, htmldate) and
records which one won, with a confidence and the alternatives.

extract_page is pure: it runs in worker processes, keeps nothing between pages and
never raises; a page it cannot use comes back with ok=False and a one-line reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

import trafilatura
from trafilatura.utils import load_html

from flows.metadata import date_signals as signals_of
from flows.metadata.authors import choose_authors
from flows.metadata.dates import SCHEMA_SOURCES, DateChoice, choose_dates, family, latest_plausible
from flows.metadata.decode import decode_body, repair_mojibake
from flows.metadata.language import choose_language, day_first_for, declared_locale, regional_locale
from flows.metadata.page import PageView, canonical_url, description, only_h1_zone, read_page, tags
from flows.metadata.text import main_text
from flows.metadata.titles import choose_title
from flows.records import ExtractedPage, Hints

# The meta part counts changes to our own rules: bump it whenever they change, so stored
# articles say which rules dated and titled them.
META_RULES_VERSION = 4
EXTRACTOR_VERSION = f"trafilatura-{trafilatura.__version__}+meta-{META_RULES_VERSION}"

# htmldate searches the whole page (10-15 ms); when markup or the page's own date line
# already gives a publication date this trusted, it adds nothing.
SKIP_HTMLDATE_CONFIDENCE = 0.8
STRONG_DATE_SOURCES = frozenset({"json-ld", "meta", "header-after", "header-before", "time", "url"})


def extract_page(body: bytes, url: str, hints: Hints | None = None,
                 declared_charset: str | None = None, now: datetime | None = None) -> ExtractedPage:
    """Text and metadata of one page. `now` bounds dates from above (default: the clock)."""
    try:
        return _extract(body, url, hints or Hints(), declared_charset,
                        now or datetime.now(UTC))
    except Exception as error:  # a page must never stop a batch
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:200]
        return ExtractedPage(url=url, ok=False, error=f"extraction failed: {reason}",
                             extractor=EXTRACTOR_VERSION)


def warm_up() -> None:
    """Load the language model now rather than on a worker's first page."""
    from flows.metadata.language import detect_language

    detect_language("warm up " * 40)


def _extract(body: bytes, url: str, hints: Hints, declared_charset: str | None,
             now: datetime) -> ExtractedPage:
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if not body or not body.strip():
        return ExtractedPage(url=url, ok=False, error="empty page", extractor=EXTRACTOR_VERSION)
    decoded = decode_body(body, declared_charset)
    tree = load_html(decoded.text)
    if tree is None or tree.find("body") is None:
        return ExtractedPage(url=url, ok=False, error="unparseable html", extractor=EXTRACTOR_VERSION)

    page = read_page(tree, url, hints.outlet)
    text = main_text(tree, url, _article_body(page))
    signals: dict = {"encoding": {"value": decoded.encoding, "source": decoded.source},
                     "text": {"source": text.source}}

    title = choose_title(list(page.title_signals), page.headline_text,
                         page.headline.tag if page.headline is not None else None,
                         page.site_names)
    if title.title is None and hints.title:
        title.title, title.source, title.confidence = repair_mojibake(hints.title), "hint", 0.5
    authors = choose_authors(page.json_ld, page.meta, page.zone, tree, text.text,
                             page.site_names, hints.authors)
    locale, locale_source = declared_locale(tree, page.meta)
    language = choose_language(text.text, locale, locale_source, hints.language)
    day_first = day_first_for(regional_locale(locale, page.meta))
    dates = _choose_dates(page, decoded.text, hints, now, day_first)

    signals.update({
        "title": title.alternatives,
        "published": dates.alternatives.get("published", []),
        "updated": dates.alternatives.get("updated", []),
        "rejected_dates": dates.rejected,
        "authors": authors.alternatives,
        "author_kinds": authors.kinds,
        "language": {"declared": locale, "declared_source": locale_source,
                     "confidence": language.confidence},
    })
    return ExtractedPage(
        url=url,
        # a page without main text (a script-rendered app, a gallery) is no article, but
        # its title and dates still say which page it was
        ok=bool(text.text),
        error="" if text.text else "empty text",
        # a page decoded right can still hold text someone stored mis-decoded (titles are
        # repaired with their signals). Repairing the fields costs little; the whole page
        # would cost 4% of extraction time, and trafilatura drops the C1 controls of
        # Latin-1 mojibake anyway
        text=repair_mojibake(text.text),
        title=title.title,
        title_source=title.source,
        title_confidence=title.confidence,
        authors=[repair_mojibake(name) for name in authors.authors],
        author_source=authors.source,
        author_confidence=authors.confidence,
        byline=repair_mojibake(authors.byline),
        origin_credit=authors.origin_credit,
        published=dates.published.iso() if dates.published else None,
        date_source=dates.published_source,
        date_confidence=dates.confidence,
        updated=dates.updated.iso() if dates.updated else None,
        language=language.language,
        language_source=language.source,
        site_name=page.site_name,
        description=repair_mojibake(description(page, hints.description)),
        tags=tags(page),
        canonical_url=canonical_url(page),
        extractor=EXTRACTOR_VERSION,
        signals=signals,
    )


def _article_body(page: PageView) -> str | None:
    """The text the page's article node declares, if it gives one."""
    for node in page.json_ld.main_nodes()[:1]:
        body = node.data.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body
    return None


def _shown_dates(page: PageView, day_first: bool | None) -> list[signals_of.DateEvidence]:
    """Dates shown with the headline; if it shows none, those shown with the page's only h1."""
    shown = signals_of.header_dates(page.zone, day_first) if page.zone is not None else []
    if not shown and (zone := only_h1_zone(page)) is not None:
        shown = signals_of.header_dates(zone, day_first)
    return shown


def _choose_dates(page: PageView, html_text: str, hints: Hints, now: datetime,
                  day_first: bool | None) -> DateChoice:
    # a <time> element's text that its own datetime attribute contradicts is read as the attribute
    stale_text = signals_of.time_text_corrections(page.tree)
    evidence = (
        signals_of.json_ld_dates(page.json_ld)
        + signals_of.meta_dates(page.meta)
        + signals_of.time_element_dates(page.tree)
        + signals_of.corrected(_shown_dates(page, day_first), stale_text)
        + signals_of.url_dates(page.url)
        + signals_of.hint_dates(hints)
        + signals_of.statement_dates(html_text)
    )
    strong = any(e.kind != signals_of.UPDATED and e.confidence >= SKIP_HTMLDATE_CONFIDENCE
                 and e.source.split(":")[0] in STRONG_DATE_SOURCES for e in evidence)
    # schema.org markup alone dates the page and nothing is shown by the headline: a date
    # line further down may show the date the publisher gives the article
    schema_only = not any(family(e.source) in ("displayed", "url", "feed") for e in evidence) and all(
        e.source.startswith(SCHEMA_SOURCES) for e in evidence if e.kind != signals_of.UPDATED)
    if not strong or schema_only:
        evidence += signals_of.corrected(signals_of.date_line_dates(page.tree, day_first), stale_text)
    if not strong:
        evidence += signals_of.htmldate_evidence(page.tree, page.url, latest_plausible(now))
    return choose_dates(evidence, now, hints.first_seen)
