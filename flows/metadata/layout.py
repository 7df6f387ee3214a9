"""Where the article's headline sits on the page, and the visible text around it.

Readers see the date and the byline next to the headline; the same strings elsewhere
on the page belong to related stories, comments and footers. Finding the headline
element first turns "any date on the page" into "the date shown with this article".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select", "option",
                          "button", "iframe", "head", "form", "textarea"})
# Elements other than h1 that some templates use for the article's headline.
HEADLINE_TAGS = ("h1", "h2", "h3", "legend")
HEADLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:entry-|post-|article-|page-)?(?:title|headline)(?:$|[\s_-])",
                            re.IGNORECASE)
# Headline text beyond this is a paragraph that merely mentions the title.
MAX_HEADLINE_CHARS = 400
# Share of a title signal a heading must cover to count as a partial match.
MIN_COVER = 0.4
PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class HeaderZone:
    """The visible lines just before and after the headline, as a browser breaks them:
    inline elements run together, blocks and <br> start a new line."""

    before: str
    after: str

    @property
    def lines_after(self) -> list[str]:
        return self.after.split("\n")

    @property
    def lines_before(self) -> list[str]:
        return self.before.split("\n")


def squash(text: str) -> str:
    """Lower-cased words only: for comparing titles written with different punctuation."""
    return " ".join(PUNCTUATION.sub(" ", text.casefold()).split())


# Children that start a new line when rendered: their text must not run into the
# previous word ("(US)<br>Your Guide" reads "(US) Your Guide").
BLOCK_TAGS = frozenset({"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
                        "section", "header", "footer", "article", "table", "tr", "td", "th",
                        "blockquote", "figure", "figcaption", "dd", "dt", "hr"})


def element_text(element: HtmlElement) -> str:
    """The element's visible text on one line, with a space where a block or <br> breaks it."""
    parts: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if not isinstance(node.tag, str):
            if event == "start" and node.tail and node is not element:
                parts.append(node.tail)
            continue
        if event == "start":
            if node.tag in SKIPPED_TAGS and node is not element:
                walker.skip_subtree()
                continue
            if node.tag in BLOCK_TAGS:
                parts.append(" ")
            if node.text:
                parts.append(node.text)
        else:
            if node.tag in BLOCK_TAGS:
                parts.append(" ")
            if node.tail and node is not element:
                parts.append(node.tail)
    return " ".join("".join(parts).split())


def _match_score(text: str, wanted: list[str]) -> float:
    """1.0 when the text is one of the title signals; less when one contains the other."""
    if not text or not wanted:
        return 0.0
    best = 0.0
    for target in wanted:
        if not target:
            continue
        if text == target:
            return 1.0
        shorter, longer = sorted((text, target), key=len)
        # a site name inside "Headline | Site Name" covers too little of it to count
        if shorter and shorter in longer and len(shorter) >= MIN_COVER * len(longer):
            best = max(best, 0.5 + 0.4 * len(shorter) / len(longer))
    return best


def find_headline(tree: HtmlElement, title_signals: list[str]) -> HtmlElement | None:
    """The element showing the article's headline: the heading that matches the title
    signals (JSON-LD headline, og:title, <title>) best, or the only h1."""
    body = tree.find("body")
    if body is None:
        return None
    wanted = [squash(s) for s in title_signals if s]
    best: tuple[float, int] | None = None
    best_element = None
    for rank, tag in enumerate(HEADLINE_TAGS):
        for element in body.iter(tag):
            text = squash(element.text_content())
            if not text or len(text) > MAX_HEADLINE_CHARS:
                continue
            score = _match_score(text, wanted)
            # a lesser heading must repeat a title signal exactly: section headings
            # often share words with the title ("What is social commerce?")
            if score <= 0.5 or (tag != "h1" and score < 1.0):
                continue
            key = (score, -rank)
            if best is None or key > best:
                best, best_element = key, element
    if best_element is not None:
        return best_element
    if (h1 := only_h1(tree)) is not None:
        return h1
    for element in body.iter("div", "span", "p"):
        if HEADLINE_CLASS.search(element.get("class") or ""):
            text = squash(element.text_content())
            if text and _match_score(text, wanted) > 0.5:
                return element
    return None


def only_h1(tree: HtmlElement) -> HtmlElement | None:
    """The page's h1 when it has exactly one that holds a headline's worth of text."""
    body = tree.find("body")
    if body is None:
        return None
    h1s = [e for e in body.iter("h1") if 0 < len(squash(e.text_content())) <= MAX_HEADLINE_CHARS]
    return h1s[0] if len(h1s) == 1 else None


# Inline elements that continue the word before them ("19<sup>th</sup>").
GLUED_TAGS = frozenset({"sup", "sub", "b", "i", "em", "strong", "u", "small"})


def _render_lines(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def header_zone(tree: HtmlElement, headline: HtmlElement, before_chars: int,
                after_chars: int) -> HeaderZone:
    """The visible text within before_chars ahead of the headline and after_chars past it."""
    body = tree.find("body")
    if body is None:
        return HeaderZone("", "")
    before: list[str] = []
    after: list[str] = []
    target = before
    before_length = after_length = 0
    before_sizes: list[int] = []
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        if not isinstance(element.tag, str):
            text = element.tail if event == "start" else None
        elif event == "start":
            if element.tag in SKIPPED_TAGS:
                walker.skip_subtree()
                continue
            if element is headline:
                target = None  # the headline's own text is neither before nor after
                continue
            if target is None:
                continue
            if element.tag in BLOCK_TAGS:
                text = "\n" + (element.text or "")
            else:
                text = element.text
                if (text and target and text[0].isalnum() and target[-1][-1:].isalnum()
                        and element.tag not in GLUED_TAGS and element.getprevious() is not None):
                    # sibling spans a stylesheet sets apart: "Health</a><span>December 22"
                    text = " " + text
        else:
            if element is headline:
                target = after
                text = "\n" + (element.tail or "")
            elif target is None:
                continue
            else:
                text = ("\n" + (element.tail or "")) if element.tag in BLOCK_TAGS else element.tail
        if not text or target is None:
            continue
        target.append(text)
        # the budget counts text as rendered: templates indent with runs of white space
        # that would otherwise use it up before any visible word
        size = len(" ".join(text.split()))
        if target is before:
            before_sizes.append(size)
            before_length += size
            while len(before) > 1 and before_length - before_sizes[0] > before_chars:
                before.pop(0)
                before_length -= before_sizes.pop(0)
        else:
            after_length += size
            if after_length > after_chars:
                break
    before_text, after_text = _render_lines(before), _render_lines(after)
    # a line cut by the budget is dropped whole: "By dissecting ecommerc" is no byline
    if len(before_text) > before_chars:
        before_text = before_text[-before_chars:].partition("\n")[2]
    if len(after_text) > after_chars:
        after_text = after_text[:after_chars].rpartition("\n")[0]
    return HeaderZone(before=before_text, after=after_text)
