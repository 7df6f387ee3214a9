"""Everything the metadata layer reads from one parsed page, gathered once.

The tree is parsed once; meta tags, JSON-LD, the headline element and the text around
it are read once here and shared by the title, date and author rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement

from flows.metadata.evidence import Candidate
from flows.metadata.jsonld import JsonLd, read_json_ld, text_value
from flows.metadata.layout import HeaderZone, element_text, find_headline, header_zone, only_h1
from flows.metadata.meta_tags import MetaTags, read_meta_tags
from flows.metadata.titles import SiteNames, site_names

# Text kept ahead of the headline: a kicker, a date line or a byline above the title.
ZONE_BEFORE_CHARS = 300
# Text kept after it: standfirst, image caption, byline and date lines come first; 1200
# characters reach past a long standfirst and a caption without reading the article.
ZONE_AFTER_CHARS = 1200

TITLE_META_KEYS = (("og:title", 0.85), ("twitter:title", 0.8), ("parsely-title", 0.75),
                   ("sailthru.title", 0.75), ("dc.title", 0.75), ("citation_title", 0.8),
                   ("headline", 0.75))


@dataclass(frozen=True, slots=True)
class PageView:
    tree: HtmlElement
    url: str
    meta: MetaTags
    json_ld: JsonLd
    title_signals: tuple[Candidate, ...]
    headline: HtmlElement | None
    headline_text: str | None
    zone: HeaderZone | None
    site_names: SiteNames
    site_name: str | None


def _title_signals(tree: HtmlElement, meta: MetaTags, json_ld: JsonLd) -> list[Candidate]:
    signals: list[Candidate] = []
    main = json_ld.main_nodes()
    if main:
        headline = text_value(main[0].data.get("headline"))
        if headline:
            signals.append(Candidate(headline, "json-ld:headline", 0.9))
        elif main[0].is_article and (name := text_value(main[0].data.get("name"))):
            signals.append(Candidate(name, "json-ld:name", 0.7))
    for key, confidence in TITLE_META_KEYS:
        value = meta.first(key)
        if value:
            signals.append(Candidate(value, key, confidence))
    title_element = tree.find(".//title")
    if title_element is not None:
        text = " ".join(title_element.text_content().split())
        if text:
            signals.append(Candidate(text, "title", 0.6))
    return signals


def _declared_site_names(meta: MetaTags, json_ld: JsonLd) -> list[str]:
    names = [meta.first("og:site_name"), meta.first("application-name"),
             meta.first("apple-mobile-web-app-title")]
    for node in json_ld.main_nodes()[:1]:
        publisher = json_ld.resolve(node.data.get("publisher"))
        if isinstance(publisher, dict):
            names.append(text_value(publisher.get("name")))
    for node in json_ld.nodes:
        if node.types & {"website", "organization", "newsmediaorganization"} and node.depth == 0:
            names.append(text_value(node.data.get("name")))
    twitter = meta.first("twitter:site")
    if twitter:
        names.append(twitter.lstrip("@"))
    return [n for n in names if n]


def read_page(tree: HtmlElement, url: str, outlet_hint: str | None = None) -> PageView:
    meta = read_meta_tags(tree)
    json_ld = read_json_ld(tree)
    signals = _title_signals(tree, meta, json_ld)
    headline = find_headline(tree, [s.value for s in signals])
    zone = header_zone(tree, headline, ZONE_BEFORE_CHARS, ZONE_AFTER_CHARS) if headline is not None else None
    declared = _declared_site_names(meta, json_ld)
    if outlet_hint:
        declared.append(outlet_hint)
    return PageView(
        tree=tree, url=url, meta=meta, json_ld=json_ld, title_signals=tuple(signals),
        headline=headline, headline_text=element_text(headline) if headline is not None else None,
        zone=zone, site_names=site_names(declared, url),
        site_name=next((n for n in declared if n and not n.startswith("http")), None),
    )


def only_h1_zone(page: PageView) -> HeaderZone | None:
    """The lines around the page's only h1 when the headline found is another element.

    A heading that repeats og:title exactly can be a section of the article ("How does
    mapping work?") while the page shows its headline, and its date, in the h1 above."""
    h1 = only_h1(page.tree)
    if h1 is None or h1 is page.headline:
        return None
    return header_zone(page.tree, h1, ZONE_BEFORE_CHARS, ZONE_AFTER_CHARS)


def canonical_url(page: PageView) -> str | None:
    """rel=canonical, else og:url, made absolute against the page's URL."""
    for link in page.tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(page.url, link.get("href").strip())
    og_url = page.meta.first("og:url")
    return urljoin(page.url, og_url) if og_url else None


def description(page: PageView, hinted: str | None) -> str | None:
    for key in ("og:description", "description", "twitter:description", "dc.description"):
        value = page.meta.first(key)
        if value:
            return value
    for node in page.json_ld.main_nodes()[:1]:
        value = text_value(node.data.get("description"))
        if value:
            return value
    return hinted


def tags(page: PageView) -> list[str]:
    found: list[str] = list(page.meta.values.get("article:tag", ()))
    for key in ("news_keywords", "keywords", "parsely-tags"):
        for value in page.meta.values.get(key, ())[:1]:
            found.extend(v.strip() for v in value.split(","))
    for node in page.json_ld.main_nodes()[:1]:
        keywords = node.data.get("keywords")
        if isinstance(keywords, str):
            found.extend(k.strip() for k in keywords.split(","))
        elif isinstance(keywords, list):
            found.extend(k.strip() for k in keywords if isinstance(k, str))
    return list(dict.fromkeys(t for t in found if t and len(t) < 80))
