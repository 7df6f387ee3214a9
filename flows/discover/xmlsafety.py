"""Checks made on raw XML bytes before any parser sees them.

Entity declarations are refused outright rather than left to a parser's limits: no feed or
sitemap needs its own entities, and refusing them in a linear scan means billion-laughs,
quadratic-blowup and external-entity documents cost nothing to turn away.
"""

from __future__ import annotations

import codecs
import re
from collections import deque

from flows.discover.errors import DiscoveryError

# Byte patterns of "<?" in UTF-16/32 without a byte order mark (XML 1.0, appendix F).
_UNMARKED_WIDE_ENCODINGS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_MARKED_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF16_LE, "utf-16"),
)
# What matters in a prolog: a quoted literal, a comment, a PI, an entity declaration, or
# the root element's start. Anything else ("<!DOCTYPE", "<!ELEMENT", "[") is stepped over.
_PROLOG_TOKEN = re.compile(rb"[\"']|<(?:!--|\?|!ENTITY|[A-Za-z_:\x80-\xff])", re.IGNORECASE)
# Real prologs (declaration, stylesheet PI, DOCTYPE) take well under a kilobyte; a body
# whose root element has not begun after this many bytes is not a feed or sitemap.
MAX_PROLOG_BYTES = 1024 * 1024


def ascii_view(body: bytes) -> bytes:
    """The body with its markup readable as ASCII bytes, whatever UTF it is written in.

    Only markup is looked at through this view, so a lossy decode of text is harmless.
    """
    for mark, encoding in _MARKED_WIDE_ENCODINGS:
        if body.startswith(mark):
            return body.decode(encoding, "replace").encode("utf-8", "replace")
    for mark, encoding in _UNMARKED_WIDE_ENCODINGS:
        if body.startswith(mark):
            return body.decode(encoding, "replace").encode("utf-8", "replace")
    return body


def prolog_problem(body: bytes) -> str | None:
    """Why the prolog (everything before the root element) is refused, or None.

    Comments, processing instructions and quoted literals are stepped over, so an
    "<!ENTITY" cannot hide behind a fake element start inside them. Linear in the body,
    and bounded by MAX_PROLOG_BYTES.
    """
    view = ascii_view(body)
    pos = 0
    while True:
        token = _PROLOG_TOKEN.search(view, pos, MAX_PROLOG_BYTES)
        if token is None:
            if len(view) > MAX_PROLOG_BYTES:
                return f"has no root element in its first {MAX_PROLOG_BYTES} bytes"
            return None  # no element at all: the parser will say what is wrong
        at = token.start()
        text = token.group()
        if text in (b'"', b"'"):
            close = view.find(text, at + 1)
        elif text == b"<!--":
            close = view.find(b"-->", at + 4)
        elif text == b"<?":
            close = view.find(b"?>", at + 2)
        elif text.upper() == b"<!ENTITY":
            return "declares XML entities"
        else:
            return None  # the root element: declarations cannot follow it
        if close < 0:
            return None  # an unterminated construct: the parser will call it malformed
        pos = close + 1


def declares_entities(body: bytes) -> bool:
    return prolog_problem(body) == "declares XML entities"


def refuse_entity_declarations(body: bytes, what: str) -> None:
    problem = prolog_problem(body)
    if problem is not None:
        raise DiscoveryError(f"{what} {problem} (refused)")


def last_entry_is_cut(body: bytes, entry_names: tuple[str, ...]) -> bool:
    """Whether the last entry element opened in the body is never closed.

    A truncated download usually stops inside an entry; a recovering parser then hands
    back that entry with a half-written link, which must not be taken as a URL.
    """
    view = ascii_view(body)
    names = "|".join(re.escape(name) for name in entry_names).encode()
    openings = deque(re.finditer(rb"<(?:[\w.-]+:)?(?:" + names + rb")[\s>/]", view), maxlen=1)
    if not openings:
        return False
    opening = openings[0]
    closing = re.compile(rb"</(?:[\w.-]+:)?(?:" + names + rb")\s*>")
    tag_end = view.find(b">", opening.start())
    if tag_end < 0:
        return True  # cut inside the start tag itself
    if view[tag_end - 1 : tag_end] == b"/":
        return False  # an empty <entry/>: nothing to cut
    return closing.search(view, tag_end) is None
