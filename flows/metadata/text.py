"""The article's main text: trafilatura first, a recall-minded second pass when it fails.

trafilatura's default (balanced) mode already retries very short extractions in recall
mode (under 3000 characters and a fifth of the page). The second pass here covers what
is left: nothing found at all, or a text well short of the page's visible text.
"""

from __future__ import annotations

from dataclasses import dataclass

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
# The second pass replaces the first only when it finds clearly more text.
ACCEPT_RATIO = 1.5

VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]")


@dataclass(frozen=True, slots=True)
class MainText:
    text: str
    source: str  # "trafilatura", "trafilatura-recall", "baseline", "none"


def visible_text_length(tree: HtmlElement) -> int:
    return sum(len(piece.strip()) for piece in VISIBLE_TEXT(tree))


def _trafilatura(tree: HtmlElement, url: str, recall: bool) -> str:
    document = bare_extraction(tree, url=url or None, with_metadata=False, include_comments=False,
                               include_tables=True, favor_recall=recall)
    return (document.text or "").strip() if document is not None else ""


def main_text(tree: HtmlElement, url: str) -> MainText:
    text = _trafilatura(tree, url, recall=False)
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
