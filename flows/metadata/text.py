"""The article's main text: trafilatura first, a recall-minded second pass when it fails.

trafilatura's default (balanced) mode already retries very short extractions in recall
mode (under 3000 characters and a fifth of the page). The second pass here covers what
is left: nothing found at all, or a text well short of the page's visible text. When the
page declares the article's text itself (JSON-LD articleBody) and trafilatura found far
fewer words, trafilatura stopped early: the declared text is the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.baseline import baseline

# Texts this long are whole articles on the pages measured; shorter ones are checked
# against the page's visible text.
CHECK_BELOW_CHARS = 5000
# A first pass keeping under this share of the visible text has most likely stopped at
# the first block of a page laid out in many blocks.
SHORT_SHARE = 0.3
# Another text replaces the first pass only when it is clearly longer: the recall pass
# counted in characters, the declared articleBody in words (its markup and white space
# do not count). At 1.5 the declared text replaced a clipped first pass on the pages
# measured and never a full one padded with widget text.
ACCEPT_RATIO = 1.5

VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]")


@dataclass(frozen=True, slots=True)
class MainText:
    text: str
    source: str  # "trafilatura", "trafilatura-recall", "json-ld:articleBody", "baseline", "none"


def visible_text_length(tree: HtmlElement) -> int:
    return sum(len(piece.strip()) for piece in VISIBLE_TEXT(tree))


def _trafilatura(tree: HtmlElement, url: str, recall: bool) -> str:
    document = bare_extraction(tree, url=url or None, with_metadata=False, include_comments=False,
                               include_tables=True, favor_recall=recall)
    return (document.text or "").strip() if document is not None else ""


BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr)\b[^>]{0,200}>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]{0,200}>")


def declared_text(article_body: str) -> str:
    """articleBody as lines of text: entities read, tags dropped, blocks kept apart."""
    text = ANY_TAG.sub(" ", BLOCK_TAG.sub("\n", unescape(article_body)))
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def _words(text: str) -> int:
    return len(text.split())


def main_text(tree: HtmlElement, url: str, article_body: str | None = None) -> MainText:
    text = _trafilatura(tree, url, recall=False)
    declared = declared_text(article_body) if article_body else ""
    if declared and _words(declared) >= ACCEPT_RATIO * _words(text):
        return MainText(declared, "json-ld:articleBody")
    if len(text) >= CHECK_BELOW_CHARS or (text and len(text) >= SHORT_SHARE * visible_text_length(tree)):
        return MainText(text, "trafilatura")
    second = _trafilatura(tree, url, recall=True)
    if len(second) >= ACCEPT_RATIO * len(text) and second:
        return MainText(second, "trafilatura-recall")
    if text:
        return MainText(text, "trafilatura")
    _, fallback, _ = baseline(tree)
    fallback = (fallback or "").strip()
    return MainText(fallback, "baseline") if fallback else MainText("", "none")
