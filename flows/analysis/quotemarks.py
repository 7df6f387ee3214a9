"""Spans of text inside double quotation marks, paragraph by paragraph.

Curly, straight and guillemet quotes are all read; a quote left open at the end of a
paragraph closes there (news style opens each paragraph of a long quote anew), and a
closing mark with no opening one in its paragraph closes a quote that began where the
paragraph did. Single quotation marks are nested quotes or apostrophes and are left alone,
except a doubled pair (‘‘ ’’ or '' '') standing for a double one.
"""

from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"[^\n]+")
_OPENERS = "“„«"
_CLOSERS = "”»"
_BEFORE_STRAIGHT_OPENER = " \t([{—–-/:"
# Every character the scan below acts on (the doubled pairs start with one of them): the
# rest of a line is skipped in one regex search instead of a Python step per character.
_MARK = re.compile("[‘`’'\"" + _OPENERS + _CLOSERS + "]")


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, the marks included, in text order."""
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        spans.extend(_paragraph_spans(paragraph.group(), paragraph.start()))
    return spans


def _paragraph_spans(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    i = 0
    length = len(line)
    while i < length:
        mark = _MARK.search(line, i)
        if mark is None:
            break
        i = mark.start()
        char = line[i]
        pair = line[i : i + 2]
        width = 1
        if pair in ("‘‘", "``", "’’", "''"):
            width = 2
            is_open = pair in ("‘‘", "``") or (pair == "''" and _straight_opens(line, i, open_at))
            is_close = not is_open
        elif char in _OPENERS:
            is_open, is_close = True, False
        elif char in _CLOSERS:
            is_open, is_close = False, True
        elif char == '"':
            is_open = _straight_opens(line, i, open_at)
            is_close = not is_open
        else:
            i += 1
            continue
        if is_open and open_at is None:
            open_at = i
        elif is_close and open_at is not None:
            spans.append((offset + open_at, offset + i + width))
            open_at = None
        elif is_close and open_at is None and line[:i].strip():
            start = _orphan_start(line, spans[-1][1] - offset if spans else 0, i)
            if start is not None:
                spans.append((offset + start, offset + i + width))
        i += width
    if open_at is not None:
        end = len(line.rstrip())
        if end - open_at > 1:
            spans.append((offset + open_at, offset + end))
    return spans


def _straight_opens(line: str, i: int, open_at: int | None) -> bool:
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if open_at is not None:
        # Already inside a quote: this mark closes it unless it plainly opens a new one.
        return before in " \t" and after not in " \t.,;:!?"
    return before in _BEFORE_STRAIGHT_OPENER or i == 0


_SENTENCE_GAP = re.compile(r"[.!?][\"”’']?\s+(?=\S)")


def _orphan_start(line: str, previous_end: int, close: int) -> int | None:
    """Where a quotation with no opening mark began: at the paragraph's start, or at the
    first sentence after the previous quotation ("..." Jones said. It was never ...")."""
    if previous_end == 0:
        return len(line) - len(line.lstrip())
    gap = _SENTENCE_GAP.search(line, previous_end, close)
    return gap.end() if gap else None
