"""Authors: who wrote the article, as the page credits them and as separate names.

Evidence comes from flows.metadata.bylines (JSON-LD, meta tags, the byline under the
headline, author elements); flows.metadata.names cleans and types the names. The byline
keeps the page's wording for display (names and credentials); the names list drops
"By", roles, credentials and dates, and each name is typed as a person, an
organisation or a wire service. A wire credit is kept as the article's origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from flows.metadata.bylines import (
    json_ld_authors,
    looks_like_names,
    meta_authors,
    origin_credit,
    page_credits,
    zone_bylines,
)
from flows.metadata.evidence import Candidate
from flows.metadata.jsonld import JsonLd
from flows.metadata.layout import HeaderZone, squash
from flows.metadata.meta_tags import MetaTags
from flows.metadata.names import (
    clean_name,
    display_byline,
    is_organization,
    join_names,
    split_names,
    wire_name,
)
from flows.metadata.titles import SiteNames

# What may follow a name on the page and still be the same credit: ", MD, FACP".
CREDENTIAL_TAIL = re.compile(r"^(?:,?\s*[A-Z][A-Za-z.\-]{1,8}[®™]?(?:\s+\d+)?)+$")


@dataclass(slots=True)
class AuthorChoice:
    byline: str | None = None  # the credit as the page shows it, for display
    authors: list[str] = field(default_factory=list)  # people and organisations, cleaned
    kinds: list[str] = field(default_factory=list)  # "person", "organization", "wire"
    origin_credit: str | None = None
    source: str | None = None
    confidence: float | None = None
    alternatives: list[dict] = field(default_factory=list)


def without_outlet(byline: str, site_names: SiteNames) -> str:
    """ "Jane Doe, The Commercial Appeal" -> "Jane Doe": the outlet is not an author."""
    for separator in (", ", " - ", " | ", " / "):
        head, found, tail = byline.rpartition(separator)
        if found and head and squash(tail) in site_names:
            return head.strip()
        if found and head and separator != ", " and is_organization(tail) and not is_organization(head):
            return head.strip()
    return byline


def _all_organizations(named: list[tuple[str, str]], site_names: SiteNames) -> bool:
    return bool(named) and all(kind == "organization" or squash(name) in site_names
                               or (kind != "person" and is_organization(name))
                               for name, kind in named)


# Prior trust per source of the chosen credit: a byline shown under the headline is what
# readers see; markup is often the CMS user or the publisher; marked elements can be an
# author box of another article.
SOURCE_CONFIDENCE = {"byline": 0.85, "json-ld": 0.8, "meta": 0.75, "author-element": 0.6,
                     "hint": 0.5}
# Added when another independent source names the same people.
AGREEMENT_BONUS = 0.1


def _confidence(byline: str, source: str, structured: list[str], page_texts: list[str]) -> float:
    confidence = SOURCE_CONFIDENCE.get(source, 0.5)
    others = page_texts if source in ("json-ld", "meta") else structured
    names = {squash(clean_name(n)) for n in split_names(byline)}
    if any(names & {squash(clean_name(n)) for n in split_names(other)} for other in others):
        confidence += AGREEMENT_BONUS
    return round(min(confidence, 0.95), 3)


def choose_authors(json_ld: JsonLd, meta: MetaTags, zone: HeaderZone | None, tree: HtmlElement,
                   text: str, site_names: SiteNames | None = None,
                   hinted: list[str] | None = None) -> AuthorChoice:
    """The byline for display, the separate names, and the wire credit, by evidence:
    a byline shown under the headline, then JSON-LD and meta names, then elements the
    page marks as the author. A person named on the page beats an organisation the
    markup names as author (often the publisher itself)."""
    site_names = site_names or SiteNames()
    choice = AuthorChoice()
    structured = json_ld_authors(json_ld)
    structured_source = "json-ld" if structured else None
    if not structured:
        structured = [(name, "") for name, _ in meta_authors(meta)]
        structured_source = "meta" if structured else None
    structured = [(without_outlet(name, site_names), kind) for name, kind in structured]
    structured_names = [name for name, _ in structured]
    shown = [b for b in zone_bylines(zone) if looks_like_names(b)]
    marked, written = page_credits(tree)
    shown += [w for w in written if w not in shown]
    shown = [d for d in (display_byline(b) for b in shown) if d]
    marked = [d for d in (display_byline(b) for b in marked) if d]

    for value in structured_names:
        choice.alternatives.append(Candidate(value, structured_source or "", 0.8).as_dict())
    for value in shown[:3]:
        choice.alternatives.append(Candidate(value, "byline", 0.85).as_dict())
    for value in marked[:3]:
        choice.alternatives.append(Candidate(value, "author-element", 0.6).as_dict())

    organizations_only = _all_organizations(structured, site_names)
    marked_people = [m for m in marked if not is_organization(m)]
    byline, source = None, None
    if shown:
        byline, source = without_outlet(shown[0], site_names), "byline"
    elif structured and not organizations_only:
        byline, source = join_names(structured_names), structured_source
        # the page may show the same names with credentials: "Jane Doe, MD"
        for value in marked:
            if squash(value).startswith(squash(byline)) and CREDENTIAL_TAIL.match(value[len(byline):]):
                byline, source = value, "author-element"
                break
    elif marked_people:
        byline, source = marked_people[0], "author-element"
    elif structured:
        byline, source = join_names(structured_names), structured_source
    elif marked:
        byline, source = marked[0], "author-element"
    elif hinted:
        byline, source = join_names(hinted), "hint"

    choice.origin_credit = origin_credit(([byline] if byline else []) + shown, zone, text)
    if byline:
        choice.byline, choice.source = byline, source
        choice.confidence = _confidence(byline, source, structured_names, shown + marked)
        kinds = dict(structured)
        for name in split_names(byline):
            cleaned = clean_name(name)
            if not cleaned:
                continue
            wire = wire_name(cleaned)
            kind = "wire" if wire else kinds.get(name) or ("organization" if is_organization(cleaned) else "person")
            if (wire or cleaned) not in choice.authors:
                choice.authors.append(wire or cleaned)
                choice.kinds.append(kind)
    return choice
