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
# against the page's visible text. Checking longer ones too fixed three more pages but ran
# the recall pass on heavy pages: about 3% more extraction time for 0.0007 of text F1.
CHECK_BELOW_CHARS = 5000
# A first pass keeping under this share of the page's visible text has often stopped at
# the first block of a page laid out in many blocks, or kept a list without its prose; the
# recall pass is tried. On the pages measured, 0.45 (up from 0.3) tried it on 35 more
# pages, improved 8 and worsened none, for about 1.7% more extraction time.
SHORT_SHARE = 0.45
# The recall pass replaces the first when it finds this much more text (in characters):
# 1.2 fixed 8 pages at the share above, 1.5 only 5, and neither lost one.
RECALL_ACCEPT_RATIO = 1.2
# The declared articleBody replaces the first pass when it has this many times its words
# (its markup and white space do not count). At 1.5 it replaced a clipped first pass on
# the pages measured and never a full one padded with widget text.
DECLARED_ACCEPT_RATIO = 1.5
# Elements whose text no reader sees.
HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})


@dataclass(frozen=True, slots=True)
class MainText:
    text: str
    source: str  # "trafilatura", "trafilatura-recall", "json-ld:articleBody", "baseline", "none"


def visible_text_length(tree: HtmlElement) -> int:
    """Characters of text in the body outside scripts, styles and templates, each run of
    text stripped. One walk over the tree: about a third of the time of an XPath query."""
    body = tree.find("body")
    if body is None:
        return 0
    total = len((body.text or "").strip())
    walker = etree.iterwalk(body, events=("start",))
    next(walker)  # the body itself
    for _, node in walker:
        total += len((node.tail or "").strip())  # a script's tail is visible text
        if not isinstance(node.tag, str):  # comments and processing instructions
            continue
        if node.tag in HIDDEN_TAGS:
            walker.skip_subtree()
            continue
        total += len((node.text or "").strip())
    return total


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


def needs_second_pass(first: str, visible_chars: int) -> bool:
    """Whether trafilatura's first pass kept too little of the page's visible text."""
    return not first or (len(first) < CHECK_BELOW_CHARS and len(first) < SHORT_SHARE * visible_chars)


def takes_second_pass(first: str, second: str) -> bool:
    """Whether the recall pass found clearly more text than the first."""
    return bool(second) and len(second) >= RECALL_ACCEPT_RATIO * len(first)


def main_text(tree: HtmlElement, url: str, article_body: str | None = None) -> MainText:
    text = _trafilatura(tree, url, recall=False)
    declared = declared_text(article_body) if article_body else ""
    if declared and _words(declared) >= DECLARED_ACCEPT_RATIO * _words(text):
        return MainText(declared, "json-ld:articleBody")
    if len(text) >= CHECK_BELOW_CHARS or not needs_second_pass(text, visible_text_length(tree)):
        return MainText(text, "trafilatura")
    second = _trafilatura(tree, url, recall=True)
    if takes_second_pass(text, second):
        return MainText(second, "trafilatura-recall")
    if text:
        return MainText(text, "trafilatura")
    _, fallback, _ = baseline(tree)
    fallback = (fallback or "").strip()
    return MainText(fallback, "baseline") if fallback else MainText("", "none")
