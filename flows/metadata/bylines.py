"""Where pages credit their authors: JSON-LD, meta tags, the line under the headline
("By Jane Doe | Dec. 1, 2025"), elements marked as the author, and wire credits in
bylines, "Source:" lines and datelines ("BEIJING, Dec. 1 (Xinhua) --").
"""

from __future__ import annotations

import re
from html import unescape

from lxml.html import HtmlElement

from flows.metadata.dateparse import find_dates
from flows.metadata.jsonld import JsonLd, text_value
from flows.metadata.layout import BLOCK_TAGS, HeaderZone, element_text
from flows.metadata.meta_tags import MetaTags
from flows.metadata.names import (
    EMAIL,
    MAX_NAME_WORDS,
    NOT_NAME_WORDS,
    SENTENCE,
    WIRE_SERVICES,
    is_organization,
    join_names,
    split_names,
    wire_name,
)

BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|authored|words|story|reporting|reported|text|posted|compiled|article|report|"
    r"analysis|opinion|commentary|interview|recipe|column|guest\s+post)\s+by|by|von|par|por|door|di|"
    r"authors?|writers?|contributors?|posted\s+in\s+\S+\s+by|作者|记者|撰文|文|来源)"
    r"(?=[\s:：/|]|$)\s*[:：/|]?\s*|^\s*by(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
# Credits that name someone other than the writer.
NOT_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:(?:medically\s+|fact[- ]?checked\s+(?:and\s+)?|expert\s+)?reviewed|edited|"
    r"fact[- ]?checked|photo(?:graph)?s?|illustrat\w*|images?|video|translated|produced|"
    r"sponsored|presented|graphics?|design(?:ed)?|additional\s+reporting|researched|cited|"
    r"supported|funded|powered|hosted|moderated|narrated|"
    # the credit for making the site, in its footer: "Government Websites by CivicPlus"
    r"(?:[\w&-]+\s+){0,3}?(?:web\s*sites?|sites?|web\s+design|themes?|templates?)"
    r"(?:\s+(?:design(?:ed)?|built|made|developed|created))?\s+by)\b",
    re.IGNORECASE,
)
# Where a byline stops: a date, an update stamp, reading time, share buttons.
BYLINE_END = re.compile(
    r"\s*(?:[|•·⋅—–]\s*|\s-\s|\s+on\s+behalf\s+of\b|,?\s+on\s+(?=\w+\.?\s+\d|\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|\b(?:updated|published|posted|last\s+"
    r"updated|modified|reviewed\s+by|edited\s+by|fact[- ]checked\s+by|follow|share|"
    r"\d+\s+min(?:ute)?s?\s+read|read\s+time)\b).*$",
    re.IGNORECASE,
)
# "Korin MillerPublished", "Jeffrey ZeldmanNovember 20": inline elements without a space.
GLUED_WORD = re.compile(
    r"(?<=[a-z.])(?=(?:Published|Updated|Posted|Last|Modified|Reviewed|Edited|Fact|Follow|"
    r"Share|Read|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)")
# "Sat, 20 Dec, 2025": the weekday that leads a date stays behind when the date is cut.
WEEKDAY_BEFORE_DATE = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
                                 r"(?:day|sday|nesday|rsday|urday)?\.?,?\s*$", re.IGNORECASE)
# The time of day after a leading date: "06:36", "6:36 pm", "10:22 GMT".
LEADING_TIME = re.compile(r"^(?:\d{1,2}[:.]\d{2}(?::\d{2})?)?\s*(?:(?i:[ap]\.?m)\b\.?)?\s*"
                          r"(?:(?:GMT|UTC|CET|CEST|BST|IST|JST|HKT|SGT|[A-Z]{1,3}[SD]T)\b"
                          r"(?:[+-]\d{1,2}(?::?\d{2})?)?)?")
TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:on|at|in|from|for|the|and|&))+\s*$", re.IGNORECASE)
# "By Mao Weihua in Urumqi and Li Wen in Beijing": where each reporter filed from.
REPORTING_FROM = re.compile(r"\s+in\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+)?(?=\s*(?:,|\band\b|&|$))")
# Lines that credit an author wherever they appear on the page.
STRONG_BYLINE = re.compile(r"^\s*(?:(?:written|posted|authored|article)\s+by\b|authors?\s*(?::|$))",
                           re.IGNORECASE)
# An element that is only a label for the credit beside it: "Author", "Written by:".
CREDIT_LABEL = re.compile(r"^\s*(?:(?:written|posted|authored|article)\s+by|authors?)\s*:?\s*$",
                          re.IGNORECASE)
# "BEIJING, Dec. 1 (Xinhua) --" at the head of the text.
DATELINE_CREDIT = re.compile(r"^.{0,80}?\((" + "|".join(
    re.escape(k) for k in sorted(WIRE_SERVICES, key=len, reverse=True) if k.isascii()) + r")\)",
    re.IGNORECASE)
SOURCE_LINE = re.compile(r"(?:^|\s)(?:source|来源|from)\s*[:：]\s*(.+)$", re.IGNORECASE)
# "author-name", "authorbox", "byline"; not "authorization-link" or "authority".
AUTHOR_CLASS = re.compile(r"author(?!i[tsz])|byline|writer|contributor", re.IGNORECASE)
# Inside an author box, the part that holds the name: "article__author__name", "author-name".
NAME_CLASS = re.compile(r"(?:^|[-_\s])(?:display-?|full-?)?name(?:$|[-_\s])", re.IGNORECASE)
# A link to the writer's page: "/author/jane-doe/", "/staff/123/brian-truitt/", "/u/zackery-cuevas".
AUTHOR_PAGE = re.compile(r"/(?:authors?|staff|team|people|profiles?|contributors?|writers?|u|"
                         r"journalists?|reporters?)/[^/?#]", re.IGNORECASE)
# Of those, the links that can only be a writer's page: "/people/" and "/profiles/" may be
# pages about the people an article covers.
WRITER_PAGE = re.compile(r"/(?:authors?|staff|contributors?|writers?|journalists?|reporters?)/[^/?#]",
                         re.IGNORECASE)
# Navigation: "menu-item", "main-nav", "navbar".
MENU_CLASS = re.compile(r"(?:^|[-_\s])(?:menu|nav|navbar|navigation)(?:$|[-_\s])", re.IGNORECASE)
# A menu's link sits in its item, list and menu: <nav><ul><li><a>. Further up, a "nav" or
# "menu" class is a page wrapper ("amasty-mega-menu" on <body>).
MENU_DEPTH = 4
# A link to a listing of articles by subject: its text is a section, never a credit.
TOPIC_PAGE = re.compile(r"/(?:tags?|category|categories|topics?|sections?)/", re.IGNORECASE)
NOT_AUTHOR_CLASS = re.compile(r"avatar|bio|image|img|photo|comment|social|share|follow|"
                              r"description|about|related|url|link-list|more-by|bookmark|embed", re.IGNORECASE)
META_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                    "dcterms.creator", "citation_author", "byl", "cxenseparse:author")
# Twitter cards carry up to two labelled fields; a few sites number more.
MAX_TWITTER_LABELS = 4
TWITTER_AUTHOR_LABEL = re.compile(r"^\s*(?:written\s+by|author|by)\s*:?\s*$", re.IGNORECASE)
# A byline longer than this is a sentence that starts with "By".
MAX_BYLINE_CHARS = 150
# A credit without "By" is read only from the first lines under the headline.
UNLABELLED_BYLINE_LINES = 2
# The parts of a line of metadata: "Jane Doe | Senior Writer | July 2, 2025".
LINE_PARTS = re.compile(r"\s+[|•·—–]\s+|\s*\|\s*")
# A person's name as written in a credit: two to four capitalised words or initials.
PERSON_NAME = re.compile(r"^(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.|(?:de|van|von|da|di|del|la|le|bin|al)\b)){1,3}$")
# Bylines sit within the first lines under the headline (after standfirst and image).
BYLINE_LINES_AFTER = 25
BYLINE_LINES_BEFORE = 4
# Author elements further down than this are author boxes of other articles.
MAX_AUTHOR_ELEMENTS = 6
# Links to writers' pages looked at: the article's own sit near its top; further down
# they are other articles' cards and lists of writers.
MAX_WRITER_LINKS = 12


SEPARATORS = " ,;:|-–—•·⋅&"


def _clean_text(value: str) -> str:
    value = unescape(value) if "&" in value else value
    value = EMAIL.sub(" ", value)
    return " ".join(value.split()).strip(SEPARATORS)


def clean_byline(text: str) -> str:
    """The credit line without its "By", the date and whatever follows it."""
    text = GLUED_WORD.sub(" ", _clean_text(BYLINE_PREFIX.sub("", text, count=1)))
    dates = find_dates(text)
    if dates:
        head = WEEKDAY_BEFORE_DATE.sub("", text[: dates[0][0]])
        if head.strip(SEPARATORS) or len(dates) > 1:
            text = head
        else:
            # "Dec. 19, 2025 · Niko Matsakis": the date leads, the name follows it
            tail = LEADING_TIME.sub("", text[dates[0][1]:].lstrip(SEPARATORS)).lstrip(SEPARATORS)
            text = BYLINE_PREFIX.sub("", tail, count=1)
    text = BYLINE_END.sub("", text)
    text = REPORTING_FROM.sub("", text)
    return TRAILING_CONNECTOR.sub("", text).strip(" ,;:|-–—•·")


# What a template leaves in an author field when it has no name: "page.head.extra.author",
# "{{ author }}", "${author}".
PLACEHOLDER = re.compile(r"^(?:[\w-]+\.)+(?:author|name|byline|creator)s?$|[{}$<>]", re.IGNORECASE)
LETTER = re.compile(r"[^\W\d_]")
# Author values that stand for no one: CMS accounts (WordPress's first user is "admin")
# and what a template prints for a missing value.
ACCOUNT_NAMES = frozenset({"admin", "administrator", "site admin", "webmaster", "root", "wpadmin",
                           "user", "guest", "undefined", "null", "none", "unknown", "n/a"})


def _markup_name(value: str) -> bool:
    """Whether an author field of the markup holds a name: not a profile URL, an account
    number ("262588213843476"), a template placeholder, "undefined" or the CMS's "admin"."""
    return (bool(value) and not value.lower().startswith("http") and LETTER.search(value) is not None
            and PLACEHOLDER.search(value) is None and value.strip().lower() not in ACCOUNT_NAMES)


def json_ld_authors(json_ld: JsonLd) -> list[tuple[str, str]]:
    """(name, kind) from the page's main JSON-LD node, names as the page writes them."""
    for node in json_ld.main_nodes()[:2]:
        raw = node.data.get("author") or node.data.get("creator")
        if not raw:
            continue
        found: list[tuple[str, str]] = []
        for item in raw if isinstance(raw, list) else [raw]:
            item = json_ld.resolve(item)
            if isinstance(item, str):
                name, kind = item, ""
            elif isinstance(item, dict):
                name = text_value(item.get("name")) or " ".join(
                    filter(None, (text_value(item.get(k)) for k in ("givenName", "familyName"))))
                types = item.get("@type")
                types = [t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
                kind = "person" if "person" in types else "organization" if types else ""
            else:
                continue
            name = _clean_text(name or "")
            if _markup_name(name):
                found.append((name, kind))
        if found:
            return found
    return []


def meta_authors(meta: MetaTags) -> list[tuple[str, str]]:
    for key in META_AUTHOR_KEYS:
        values = [v for v in meta.values.get(key, ()) if _markup_name(v)]
        if values:
            if key == "byl":
                values = [clean_byline(v) for v in values]
            return [(_clean_text(v), key) for v in values if _clean_text(v)]
    return _twitter_card_author(meta)


def _twitter_card_author(meta: MetaTags) -> list[tuple[str, str]]:
    """The writer a Twitter card's labelled field names: twitter:label1 "Written by" with
    twitter:data1 "Jane Doe", as WordPress SEO plugins write it."""
    for number in range(1, MAX_TWITTER_LABELS + 1):
        label = meta.first(f"twitter:label{number}") or ""
        value = _clean_text(meta.first(f"twitter:data{number}") or "")
        if TWITTER_AUTHOR_LABEL.match(label) and _markup_name(value):
            return [(value, f"twitter:data{number}")]
    return []


def zone_bylines(zone: HeaderZone | None) -> list[str]:
    """Credit lines shown with the headline: "By Jane Doe", "Written by" + name below."""
    if zone is None:
        return []
    found: list[str] = []
    for lines in (zone.lines_after[:BYLINE_LINES_AFTER], zone.lines_before[-BYLINE_LINES_BEFORE:]):
        for index, line in enumerate(lines):
            if NOT_AUTHOR_PREFIX.match(line) or not BYLINE_PREFIX.match(line):
                continue
            rest = BYLINE_PREFIX.sub("", line, count=1).strip()
            if not rest and index + 1 < len(lines):
                rest = lines[index + 1]
            cleaned = clean_byline(rest)
            if cleaned and len(cleaned) <= MAX_BYLINE_CHARS and not find_dates(cleaned):
                found.append(cleaned)
    if not found:
        found = [name for line in zone.lines_after[:UNLABELLED_BYLINE_LINES]
                 if (name := _unlabelled_byline(line))][:1]
    return found


def _unlabelled_byline(line: str) -> str | None:
    """ "Aaron Ricadela | Senior Writer | July 2, 2025" under the headline: a person's name
    that opens a line of separated parts, one of them a date."""
    parts = [part.strip() for part in LINE_PARTS.split(line) if part.strip()]
    if len(parts) < 2 or not any(find_dates(part) for part in parts[1:]):
        return None
    name = parts[0]
    if not PERSON_NAME.match(name) or is_organization(name) or find_dates(name):
        return None
    return name


def looks_like_names(text: str) -> bool:
    """Short, no sentence in it: "Jane Doe, MD", "kirstin boatto", "Jane Doe and John Roe"."""
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or SENTENCE.search(text):
        return False
    if re.search(r"\d", text) and not re.search(r"[A-Za-z]{2,}[-\s]?\d{2,3}\b", text):
        return False  # "(4)", "Cited by (332)"; "E-RYT 200" is a credential
    if NOT_AUTHOR_PREFIX.match(text) or text.lower().rstrip(":").endswith(" by"):
        return False
    if text.strip().lower() in ACCOUNT_NAMES:
        return False
    return not any(w.lower() in NOT_NAME_WORDS for w in words)


def _name_parts(element: HtmlElement) -> list[str]:
    """The texts of an author element's parts that hold names: the items marked as names,
    else the children classed as names, else the links to the writers' pages."""
    parts = element.findall('.//*[@itemprop="name"]')
    if not parts:
        parts = [child for child in element.iterdescendants()
                 if isinstance(child.tag, str) and NAME_CLASS.search(child.get("class") or "")]
    if not parts:
        parts = [link for link in element.iter("a") if AUTHOR_PAGE.search(link.get("href") or "")]
    names: list[str] = []
    for part in parts:
        text = clean_byline(element_text(part))  # "By Scott Kasun" -> "Scott Kasun"
        if text and not any(text in name for name in names):
            names.append(text)
    return names


def _credited_names(element: HtmlElement, credit: str) -> str:
    """The names in an author element's credit line without the role, outlet or labels
    beside them: "Zackery Cuevas" of "Zackery Cuevas Writer, Hardware". Only names within
    the credit count: a reviewer's name after "Reviewed by" is cut from it already."""
    names = [name for name in _name_parts(element) if name in credit]
    if names:
        return join_names(names)
    topics = {element_text(link) for link in element.iter("a") if TOPIC_PAGE.search(link.get("href") or "")}
    return "" if credit in topics else credit


def _credit_link(link: HtmlElement) -> bool:
    """Whether a link to a writer's page credits the article: it opens its line or follows
    a "By", and is not in a menu. A link in a sentence ("says yoga therapist <a>") or after
    another label ("Contact:") names someone else."""
    block = None
    for depth, ancestor in enumerate(link.iterancestors()):
        if depth < MENU_DEPTH and (ancestor.tag == "nav" or MENU_CLASS.search(ancestor.get("class") or "")):
            return False
        if block is None and ancestor.tag in BLOCK_TAGS:
            block = ancestor
    if block is None:
        return False
    line, name = element_text(block), element_text(link)
    before = line[:line.find(name)] if name and name in line else line
    before = before.strip(SEPARATORS)
    return not before or BYLINE_PREFIX.sub("", before, count=1) == ""


def page_credits(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """(texts of elements marked as the author, then of links to writers' pages; "Written
    by ..." lines), in page order."""
    body = tree.find("body")
    if body is None:
        return [], []
    marked: list[str] = []
    written: list[str] = []
    linked: list[str] = []
    writer_links = 0
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if (element.tag == "a" and writer_links < MAX_WRITER_LINKS
                and WRITER_PAGE.search(element.get("href") or "")):
            # each check reads the link's whole line: an index of writers must not cost
            # one read of the page per link
            writer_links += 1
            cleaned = clean_byline(element_text(element)) if _credit_link(element) else ""
            if cleaned and looks_like_names(cleaned) and cleaned not in linked:
                linked.append(cleaned)
        if element.text and len(written) < MAX_AUTHOR_ELEMENTS and STRONG_BYLINE.match(element.text):
            cleaned = clean_byline(element_text(element))
            if not cleaned and CREDIT_LABEL.match(element.text) and element.getnext() is not None:
                # <h3>Author</h3><p>Lisa D. Ellis</p>: the label, then the name beside it
                cleaned = clean_byline(element_text(element.getnext()))
            if cleaned and looks_like_names(cleaned):
                written.append(cleaned)
        if len(marked) >= MAX_AUTHOR_ELEMENTS:
            continue
        classes = element.get("class") or ""
        if not (element.get("itemprop") == "author" or element.get("rel") == "author"
                or AUTHOR_CLASS.search(classes)) or NOT_AUTHOR_CLASS.search(classes):
            continue
        text = element_text(element)
        if not text or NOT_AUTHOR_PREFIX.match(text):
            continue
        cleaned = clean_byline(text)
        cleaned = _credited_names(element, cleaned) if cleaned else cleaned
        if cleaned and looks_like_names(cleaned):
            marked.append(cleaned)
    # links to writers' pages in no marked element come after the marked ones
    return marked + [name for name in linked if not any(name in credit for credit in marked)], written


def origin_credit(byline_texts: list[str], zone: HeaderZone | None, text: str) -> str | None:
    """The wire service the article comes from: a byline naming one, a "Source:" line, or
    a dateline such as "BEIJING, Dec. 1 (Xinhua) --"."""
    for value in byline_texts:
        for piece in split_names(value):
            if (wire := wire_name(piece)) is not None:
                return wire
    if zone is not None:
        for line in zone.lines_after[:BYLINE_LINES_AFTER] + zone.lines_before[-BYLINE_LINES_BEFORE:]:
            if match := SOURCE_LINE.search(line):
                source = BYLINE_END.sub("", match.group(1)).strip()
                if (wire := wire_name(source)) is not None:
                    return wire
    if match := DATELINE_CREDIT.match(text[:200]):
        return wire_name(match.group(1))
    return None
