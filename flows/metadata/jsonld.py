"""Schema.org JSON-LD: find the node that describes the article and read it.

Pages put several objects in one or more scripts: an @graph with WebSite, Organization,
WebPage, Article and Person nodes tied together by @id references, lists of objects,
nested mainEntity, occasionally broken JSON. Every object with an @type is collected;
the article node is the one whose type says so, and its author and publisher
references are resolved through the @id index.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape

from lxml.html import HtmlElement

# Types whose node describes the article itself, as opposed to the site or a page.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
    "askpublicnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
    "scholarlyarticle", "medicalscholarlyarticle", "techarticle", "report",
    "satiricalarticle", "advertisercontentarticle", "discussionforumposting",
    "pressrelease", "medicalwebpage",
})
# Creative works that are the content of a page when no article node exists.
CONTENT_TYPES = frozenset({"recipe", "howto", "review", "podcastepisode", "creativework",
                           "videoobject", "book", "course", "guide"})
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "faqpage", "qapage",
                        "collectionpage", "profilepage", "searchresultspage", "contactpage",
                        "checkoutpage", "realestatelisting"})
PERSON_TYPES = frozenset({"person"})
ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation",
                                "educationalorganization", "governmentorganization",
                                "localbusiness", "ngo", "website", "brand", "collegeoruniversity",
                                "medicalorganization", "onlinebusiness", "project"})

TRAILING_COMMA = re.compile(r",\s*([}\]])")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f]")
CDATA_OR_COMMENT = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
# Walking deeper than this only finds reviews, offers and breadcrumbs, never the article.
MAX_DEPTH = 6


@dataclass(frozen=True, slots=True)
class JsonLdNode:
    types: frozenset[str]  # lower-cased @type values
    data: dict
    depth: int  # 0 for top-level objects and @graph members

    @property
    def is_article(self) -> bool:
        return bool(self.types & ARTICLE_TYPES) or any(t.endswith("article") for t in self.types)

    @property
    def is_content(self) -> bool:
        return bool(self.types & CONTENT_TYPES)

    @property
    def is_page(self) -> bool:
        return bool(self.types & PAGE_TYPES)


@dataclass(frozen=True, slots=True)
class JsonLd:
    nodes: tuple[JsonLdNode, ...]
    by_id: dict[str, dict]
    broken_scripts: int = 0

    def main_nodes(self) -> list[JsonLdNode]:
        """Article nodes first, then other creative works, then web pages; shallow first."""
        def rank(node: JsonLdNode) -> tuple[int, int]:
            kind = 0 if node.is_article else 1 if node.is_content else 2 if node.is_page else 3
            return (kind, node.depth)

        return sorted((n for n in self.nodes if n.is_article or n.is_content or n.is_page), key=rank)

    def resolve(self, value: object) -> object:
        """Follow an {"@id": ...} reference to its node when the page defines it."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            target = self.by_id.get(str(value["@id"]))
            if target is not None:
                return target
        return value


def _lower_types(raw: object) -> frozenset[str]:
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for value in values:
        if isinstance(value, str):
            out.add(value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return frozenset(out)


def _load(text: str) -> object | None:
    text = CDATA_OR_COMMENT.sub("", text.strip())
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        pass
    repaired = TRAILING_COMMA.sub(r"\1", CONTROL_CHARACTERS.sub(" ", text))
    try:
        return json.loads(repaired, strict=False)
    except json.JSONDecodeError:
        pass
    # Some pages escape the whole script as HTML or concatenate several objects.
    try:
        return json.loads(unescape(repaired), strict=False)
    except json.JSONDecodeError:
        pass
    try:
        return json.loads("[" + re.sub(r"}\s*{", "},{", repaired) + "]", strict=False)
    except json.JSONDecodeError:
        return None


def _walk(value: object, depth: int, nodes: list[JsonLdNode], by_id: dict[str, dict]) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            _walk(item, depth, nodes, by_id)
        return
    if not isinstance(value, dict):
        return
    node_id = value.get("@id")
    if isinstance(node_id, str) and len(value) > 2:
        by_id.setdefault(node_id, value)
    if "@type" in value:
        nodes.append(JsonLdNode(_lower_types(value["@type"]), value, depth))
    for key, child in value.items():
        if key == "@graph":
            _walk(child, depth, nodes, by_id)
        elif isinstance(child, (dict, list)) and key not in ("@context",):
            _walk(child, depth + 1, nodes, by_id)


def read_json_ld(tree: HtmlElement) -> JsonLd:
    nodes: list[JsonLdNode] = []
    by_id: dict[str, dict] = {}
    broken = 0
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if not text.strip():
            continue
        data = _load(text)
        if data is None:
            broken += 1
            continue
        _walk(data, 0, nodes, by_id)
    return JsonLd(tuple(nodes), by_id, broken)


def text_value(value: object) -> str | None:
    """A plain string from a JSON-LD value that may be a string, list, or {"@value": ...}."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = unescape(value)
    if "<" in value:
        value = re.sub(r"<[^>]{0,200}>", " ", value)
    value = " ".join(value.split())
    return value or None
