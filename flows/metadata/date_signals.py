"""Date signals: every date a page and its discovery give, tagged with its kind.

The article's JSON-LD, article:* and Dublin Core meta tags, <time> elements, the dates
shown with the headline (with their "Updated"/"Published" labels), date-like elements
further down, the URL's date path, the feed or sitemap entry, and htmldate's search of
the whole page. Each becomes a DateEvidence: a publication date, an update date, or a
date of unknown kind, with a prior confidence for its source. flows.metadata.dates
weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape

from htmldate import find_date
from lxml.html import HtmlElement

from flows.metadata.dateparse import MONTHS, ParsedDate, find_dates, find_months, parse_date
from flows.metadata.evidence import Candidate
from flows.metadata.jsonld import JsonLd, text_value
from flows.metadata.layout import HeaderZone
from flows.metadata.meta_tags import MetaTags
from flows.records import Hints

PUBLISHED, UPDATED, UNKNOWN = "published", "updated", "unknown"

# No web page was published before the first web sites went up (1991); news sites
# followed from 1994. Anything earlier is a date the article talks about.
EARLIEST_PLAUSIBLE = date(1994, 1, 1)

META_PUBLISHED = (
    # (key, confidence): article:* and itemprop are written by the CMS for this purpose
    ("article:published_time", 0.9), ("og:article:published_time", 0.9),
    ("article:published", 0.88), ("og:published_time", 0.88), ("published_time", 0.85),
    ("datepublished", 0.88), ("parsely-pub-date", 0.85), ("sailthru.date", 0.8),
    ("publish-date", 0.85), ("publishdate", 0.85), ("publish_date", 0.85),
    ("pubdate", 0.85), ("publication_date", 0.85), ("date_published", 0.85),
    ("article.published", 0.85), ("article_date_original", 0.85),
    ("original-publish-date", 0.85), ("rnews:datepublished", 0.85),
    ("cxenseparse:recs:publishtime", 0.8), ("dc.date.issued", 0.85), ("dcterms.issued", 0.85),
    ("citation_publication_date", 0.85), ("citation_online_date", 0.8), ("citation_date", 0.8),
    ("prism.publicationdate", 0.8), ("bt:pubdate", 0.8),
    # Dublin Core's plain date and "created" are usually publication, less reliably
    ("dc.date", 0.7), ("dcterms.date", 0.7), ("dc.date.created", 0.7), ("dcterms.created", 0.7),
    ("datecreated", 0.7), ("date", 0.65), ("created", 0.6),
)
META_UPDATED = (
    ("article:modified_time", 0.85), ("og:updated_time", 0.8), ("og:article:modified_time", 0.85),
    ("article:modified", 0.8), ("datemodified", 0.85), ("modified_time", 0.8),
    ("updated_time", 0.8), ("dc.date.modified", 0.8), ("dcterms.modified", 0.8),
    ("last-modified", 0.7), ("lastmod", 0.7), ("revised", 0.6), ("dateupdated", 0.8),
    ("article.updated", 0.8), ("sailthru.lastmodified", 0.7),
)

UPDATE_WORDS = re.compile(r"\b(updated?|modified|revised|last\s+edited|aktualisiert|更新)\b|更新",
                          re.IGNORECASE)
PUBLISH_WORDS = re.compile(r"\b(published|posted|publish|pubdate|posted\s+on|written\s+on|"
                           r"post\s+(?:time|date)|veröffentlicht|publié)\b|发布|发表", re.IGNORECASE)
DATE_CLASS = re.compile(r"date|time|publish|posted|byline|meta|updated|modified|dateline",
                        re.IGNORECASE)
UPDATE_CLASS = re.compile(r"updat|modif|revis", re.IGNORECASE)
PUBLISH_CLASS = re.compile(r"publish|posted|pubdate|created|entry-date|post-date|article-date",
                           re.IGNORECASE)
# "/2025/12/19/", "/2025-12-19-title", "/20251219/", "/2023/october/03/"
URL_DATES = (
    re.compile(r"/(?P<year>(?:19|20)\d{2})(?P<sep>[/-])(?P<month>0[1-9]|1[0-2]|[1-9])(?P=sep)"
               r"(?P<day>0[1-9]|[12]\d|3[01]|[1-9])(?=/|[-_.+]|$)"),
    re.compile(r"[/_-](?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])"
               r"(?=[/_.-]|$)"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>[A-Za-z]{3,9})/(?P<day>0[1-9]|[12]\d|3[01]|[1-9])"
               r"(?=/|[-_.]|$)"),
)

# Visible date lines are short; a long text holding a date is prose about that date.
MAX_DATE_LINE = 120
# The header of an article sits near its start; dates further down belong to comments,
# related stories and footers.
MAX_TIME_ELEMENTS = 12
MAX_DATE_LINES = 12


@dataclass(frozen=True, slots=True)
class DateEvidence:
    parsed: ParsedDate
    kind: str  # PUBLISHED, UPDATED or UNKNOWN
    source: str
    confidence: float
    other_reading: ParsedDate | None = None  # "09.10.2024": the day-month swap

    def candidate(self) -> Candidate:
        return Candidate(self.parsed.iso(), self.source, self.confidence)


def _add(out: list[DateEvidence], raw: str | None, kind: str, source: str, confidence: float) -> None:
    parsed = parse_date(raw)
    if parsed is not None:
        out.append(DateEvidence(parsed, kind, source, confidence))


def json_ld_dates(json_ld: JsonLd) -> list[DateEvidence]:
    out: list[DateEvidence] = []
    for rank, node in enumerate(json_ld.main_nodes()[:4]):
        # the first article node speaks for the page; later nodes are often related items
        base = 0.9 if node.is_article else 0.8 if node.is_content else 0.7
        base -= 0.1 * min(rank, 2)
        data = node.data
        _add(out, text_value(data.get("datePublished")), PUBLISHED, "json-ld:datePublished", base)
        _add(out, text_value(data.get("dateCreated")), PUBLISHED, "json-ld:dateCreated", base - 0.2)
        _add(out, text_value(data.get("uploadDate")), PUBLISHED, "json-ld:uploadDate", base - 0.2)
        _add(out, text_value(data.get("dateModified")), UPDATED, "json-ld:dateModified", base - 0.05)
    return out


def meta_dates(meta: MetaTags) -> list[DateEvidence]:
    out: list[DateEvidence] = []
    for key, confidence in META_PUBLISHED:
        for value in meta.values.get(key, ())[:1]:
            _add(out, value, PUBLISHED, f"meta:{key}", confidence)
    for key, confidence in META_UPDATED:
        for value in meta.values.get(key, ())[:1]:
            _add(out, value, UPDATED, f"meta:{key}", confidence)
    return out


def _context_attributes(element: HtmlElement, levels: int = 2) -> str:
    parts = []
    node: HtmlElement | None = element
    for _ in range(levels + 1):
        if node is None:
            break
        parts.append(node.get("class") or "")
        parts.append(node.get("id") or "")
        parts.append(node.get("itemprop") or "")
        node = node.getparent()
    return " ".join(parts)


def _kind_from_context(attributes: str, text: str) -> str:
    if UPDATE_WORDS.search(text) or UPDATE_CLASS.search(attributes):
        return UPDATED
    if PUBLISH_WORDS.search(text) or PUBLISH_CLASS.search(attributes):
        return PUBLISHED
    return UNKNOWN


def time_element_dates(tree: HtmlElement) -> list[DateEvidence]:
    out: list[DateEvidence] = []
    for index, element in enumerate(tree.iter("time")):
        if index >= MAX_TIME_ELEMENTS:
            break
        itemprop = (element.get("itemprop") or "").lower()
        raw = element.get("datetime") or element.text_content()
        text = element.text_content()
        previous = element.getprevious()
        label = (previous.text_content() if previous is not None else "") + " " + (
            (element.getparent().text or "") if element.getparent() is not None else "")
        if itemprop in ("datepublished", "datecreated") or element.get("pubdate") is not None:
            kind, confidence = PUBLISHED, 0.85
        elif itemprop in ("datemodified", "dateupdated"):
            kind, confidence = UPDATED, 0.85
        else:
            kind = _kind_from_context(_context_attributes(element), f"{label} {text}")
            confidence = 0.7 if kind != UNKNOWN else 0.55
            # the first <time> on a page is usually the article's; later ones less so
        confidence -= 0.05 * min(index, 4)
        _add(out, raw, kind, "time", confidence)
    return out


# A <time> element's datetime attribute and its text may name days one apart and still be
# one moment (a UTC stamp shown in the publisher's zone); further apart, they disagree.
ZONE_REACH_DAYS = 1


def time_text_corrections(tree: HtmlElement) -> dict[date, ParsedDate]:
    """Days shown as the text of a <time> element whose datetime attribute names another
    day, mapped to the attribute's date.

    The attribute is the element's value (HTML's definition of <time>); the text is how a
    template renders it, and when the two are days apart ("<time datetime="2024-12-20">
    August 28, 2024</time>") it is the rendering that has gone stale."""
    out: dict[date, ParsedDate] = {}
    for index, element in enumerate(tree.iter("time")):
        if index >= MAX_TIME_ELEMENTS:
            break
        value = parse_date(element.get("datetime"))
        if value is None or value.month_only:
            continue
        shown = parse_date(" ".join(element.text_content().split()))
        if shown is None or shown.month_only:
            continue
        if abs((shown.day - value.day).days) > ZONE_REACH_DAYS:
            out.setdefault(shown.day, value)
    return out


def corrected(evidence: list[DateEvidence], corrections: dict[date, ParsedDate]) -> list[DateEvidence]:
    """Shown dates with any day a <time> element's own value corrects replaced by it."""
    if not corrections:
        return evidence
    return [DateEvidence(corrections[e.parsed.day], e.kind, e.source, e.confidence)
            if e.parsed.day in corrections and not e.parsed.month_only else e for e in evidence]


LABEL_LINE = re.compile(r"\s*(?:posted|published|post\s+(?:time|date)|publish\s+(?:date|time)|"
                        r"date\s+(?:posted|published)|publication\s+date|(?:last\s+)?updated|"
                        r"last\s+(?:modified|reviewed|revised))\b", re.IGNORECASE)
# "Post time: 01-04-2024", "Last Updated: June 2022": a label and its date, nothing more.
MAX_LABEL_LINE = 60
# A labelled line is as trusted as a date-classed element that names its kind.
LABELLED_LINE_CONFIDENCE = 0.65


def _inside(element: HtmlElement, blocks: set[HtmlElement]) -> bool:
    """Whether element sits in one of the date-classed elements already read."""
    return bool(blocks) and any(ancestor in blocks for ancestor in element.iterancestors())


def _short_text(element: HtmlElement) -> str | None:
    """The element's text, or None once it runs past a label line's length (an element
    that opens with "Published" may hold a whole article)."""
    parts, length = [], 0
    for piece in element.itertext():
        parts.append(piece)
        length += len(piece)
        if length > 2 * MAX_LABEL_LINE:  # white space still to collapse
            return None
    return " ".join("".join(parts).split())


def _labelled_line(element: HtmlElement, day_first: bool | None) -> DateEvidence | None:
    """The date an element opening with a date label gives, in an element of its own or
    right after it ("<b>Last Updated:</b> June 2022")."""
    text = _short_text(element)
    if text is None:
        return None
    found = find_dates(text, day_first)
    if not found and element.tail:
        text = f"{text} {' '.join(element.tail.split())}"
        found = find_dates(text, day_first)
    if len(text) > MAX_LABEL_LINE:
        return None
    if found:
        start, _, parsed, other = found[0]
        return DateEvidence(parsed, _label_kind(text[:start]), "date-line", LABELLED_LINE_CONFIDENCE, other)
    months = [m for m in find_months(text, []) if _month_line(text, m[0], m[1])]
    if len(months) == 1:
        start, _, month = months[0]
        return DateEvidence(month, _label_kind(text[:start]), "date-line", MONTH_CONFIDENCE)
    return None


def date_line_dates(tree: HtmlElement, day_first: bool | None = None) -> list[DateEvidence]:
    """Short visible lines such as "Published December 19, 2025" in date-like elements."""
    out: list[DateEvidence] = []
    # date-classed elements read whole; holding them keeps their proxies, and so their
    # identity, alive for the ancestor checks
    read: set[HtmlElement] = set()
    seen = 0
    body = tree.find("body")
    if body is None:
        return out
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("time", "script", "style"):
            continue
        attributes = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not attributes.strip() or not DATE_CLASS.search(attributes):
            if element.text and LABEL_LINE.match(element.text) and not _inside(element, read):
                if (labelled := _labelled_line(element, day_first)) is not None:
                    seen += 1
                    out.append(labelled)
                    if seen >= MAX_DATE_LINES:
                        break
            continue
        text = " ".join(element.text_content().split())
        if not text or len(text) > MAX_DATE_LINE:
            continue
        read.add(element)
        parsed = parse_date(text)
        if parsed is None:
            months = [m for m in find_months(text) if _month_line(text, m[0], m[1])]
            if len(months) == 1:  # "Date November 2003"
                start, _, month = months[0]
                kind = _label_kind(text[max(0, start - LABEL_WINDOW):start])
                out.append(DateEvidence(month, kind, "date-line", MONTH_CONFIDENCE))
            continue
        seen += 1
        rank_penalty = 0.05 * min(seen - 1, 4)
        found = find_dates(text)
        if len(found) > 1:
            # "December 3, 2025. Updated: December 7, 2025": each date takes its own label;
            # a date line holds a publication and an update, dates past those are a list
            previous_end = 0
            for start, end, each, _ in found[:2]:
                kind = _label_kind(text[max(previous_end, start - LABEL_WINDOW):start])
                previous_end = end
                confidence = (0.65 if kind != UNKNOWN else 0.5) - rank_penalty
                out.append(DateEvidence(each, kind, "date-line", confidence))
        else:
            kind = _kind_from_context(attributes, text)
            confidence = (0.65 if kind != UNKNOWN else 0.5) - rank_penalty
            out.append(DateEvidence(parsed, kind, "date-line", confidence))
        if seen >= MAX_DATE_LINES:
            break
    return out


def url_dates(url: str) -> list[DateEvidence]:
    path = url.split("?", 1)[0]
    for pattern in URL_DATES:
        if match := pattern.search(path):
            month = match["month"]
            month_value = int(month) if month.isdigit() else MONTHS.get(month.lower())
            if month_value is None:
                continue
            try:
                day = date(int(match["year"]), month_value, int(match["day"]))
            except ValueError:
                continue
            return [DateEvidence(ParsedDate(day), PUBLISHED, "url", 0.8)]
    return []


# "This article was originally published on 26 Sep 2019 ... but has been updated": the
# page's own statement of its first publication. The date must follow at once: "originally
# published on The Conversation" is a repost's credit to another outlet, whose date is not
# this copy's.
ORIGINAL_STATEMENT = re.compile(r"originally\s+(?:published|posted)\s*(?:on\s+)?(?:the\s+)?",
                                re.IGNORECASE)
TAG = re.compile(r"<[^>]{0,400}>")
# Characters read after the phrase: a date with its markup.
STATEMENT_WINDOW = 200
# Above a date shown without a label (0.92): a statement names the original publication.
STATEMENT_CONFIDENCE = 0.95


def statement_dates(html_text: str) -> list[DateEvidence]:
    """The date the page states as its original publication, from the page's HTML; none
    when its statements disagree."""
    out: list[DateEvidence] = []
    if "riginally" not in html_text and "RIGINALLY" not in html_text:
        return out  # a plain substring scan: the case-blind pattern costs 0.7 ms a page
    for match in ORIGINAL_STATEMENT.finditer(html_text):
        following = TAG.sub(" ", html_text[match.end():match.end() + STATEMENT_WINDOW])
        following = " ".join(unescape(following).split())
        found = find_dates(following)
        if found and found[0][0] == 0:
            out.append(DateEvidence(found[0][2], PUBLISHED, "statement", STATEMENT_CONFIDENCE))
    # statements of different days are about different articles (a list of related ones)
    return out[:1] if len({e.parsed.day for e in out}) == 1 else []


def hint_dates(hints: Hints | None) -> list[DateEvidence]:
    out: list[DateEvidence] = []
    if hints is None:
        return out
    _add(out, hints.published, PUBLISHED, "feed", 0.8)
    _add(out, hints.updated, UPDATED, "feed:updated", 0.7)
    return out


def htmldate_evidence(tree: HtmlElement, url: str, latest: datetime) -> list[DateEvidence]:
    """htmldate's pick over the whole page (markup, then text patterns), never after latest."""
    try:
        found = find_date(tree, extensive_search=True, original_date=True, url=url,
                          min_date=EARLIEST_PLAUSIBLE.isoformat(),
                          max_date=latest.strftime("%Y-%m-%d"))
    except Exception:  # htmldate raises a variety of errors on odd pages
        return []
    parsed = parse_date(found)
    if parsed is None or (parsed.day.month, parsed.day.day) == (1, 1):
        # htmldate falls back to January 1 of a copyright notice's or a lone year: a
        # year, not a publication day
        return []
    # htmldate reads the same meta tags, JSON-LD and visible text as the other signals:
    # it decides when nothing else does, and is only a weak second opinion otherwise
    return [DateEvidence(parsed, UNKNOWN, "htmldate", 0.1)]


# A month without a day ("November 2003") dates a page only when no day does (see
# flows.metadata.dates); its confidence says it is the month, not the day.
MONTH_CONFIDENCE = 0.5
# Words a month's line may hold before it: a label ("Publication date", "Last updated:").
# More is a sentence about that month ("What changed in May 2025").
MAX_MONTH_LABEL_WORDS = 2


def _month_line(text: str, start: int, end: int) -> bool:
    """Whether the month at text[start:end] is a line of its own, after a label at most."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    after = text[end:line_end if line_end >= 0 else len(text)]
    return len(text[line_start:start].split()) <= MAX_MONTH_LABEL_WORDS and not any(ch.isalnum() for ch in after)


# How far a label ("Updated", "Published on") may sit before the date it qualifies.
LABEL_WINDOW = 40
REVIEW_WORDS = re.compile(r"\b(reviewed|fact[- ]checked|verified)\b", re.IGNORECASE)


def _label_kind(label: str) -> str:
    """The kind a label gives the date right after it; the label nearest the date wins."""
    best_position, kind = -1, UNKNOWN
    for pattern, pattern_kind in ((UPDATE_WORDS, UPDATED), (REVIEW_WORDS, UPDATED),
                                  (PUBLISH_WORDS, PUBLISHED)):
        for match in pattern.finditer(label):
            if match.start() > best_position:
                best_position, kind = match.start(), pattern_kind
    return kind


def _line_lengths(text: str) -> list[tuple[int, int]]:
    """(start, length) of each newline-separated line of a zone's text."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, len(line)))
        start += len(line) + 1
    return spans


def _line_length_at(spans: list[tuple[int, int]], position: int) -> int:
    for start, length in reversed(spans):
        if start <= position:
            return length
    return 0


def header_dates(zone: HeaderZone, day_first: bool | None = None) -> list[DateEvidence]:
    """Dates shown with the headline: what the page tells its readers. day_first comes
    from the page's locale and settles "03/10/2023"."""
    out: list[DateEvidence] = []
    for text, side in ((zone.after, "after"), (zone.before, "before")):
        spans = _line_lengths(text)
        every = find_dates(text, day_first)
        found = [f for f in every if _line_length_at(spans, f[0]) <= MAX_DATE_LINE]
        if side == "before":
            found = found[-2:]  # only the lines right above the headline
        previous_end = 0
        for position, (start, end, parsed, other) in enumerate(found):
            label = text[max(previous_end, start - LABEL_WINDOW):start]
            previous_end = end
            kind = _label_kind(label)
            confidence = {PUBLISHED: 0.93, UNKNOWN: 0.92, UPDATED: 0.8}[kind]
            confidence -= 0.05 * min(position, 4) + (0.05 if side == "before" else 0.0)
            out.append(DateEvidence(parsed, kind, f"header-{side}", confidence, other))
        months = [m for m in find_months(text, [(f[0], f[1]) for f in every])
                  if _month_line(text, m[0], m[1])]
        for start, _, month in (months[-1:] if side == "before" else months[:1]):
            kind = _label_kind(text[max(0, start - LABEL_WINDOW):start])
            out.append(DateEvidence(month, kind, f"header-{side}", MONTH_CONFIDENCE))
    return out
