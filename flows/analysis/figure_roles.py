"""What a figure is in its claim, where the sentence says: a target ("aims to train
62,000", "a goal of 50,000", "by 2025"), a running total ("a total of 117,000", "so far",
"since 2017") or a result ("trained 62,000 last year"). A number drift series reads
better with them: 50,000 planned, 62,000 done, 160,000 in all since 2017.

Cues are read in the figure's own clause (between commas, semicolons or "and"/"while"),
nearest first; a clause with none leaves the role unknown rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flows.analysis.records import Figure

_TARGET = re.compile(
    r"\b(?:targets?|goals?|aims?|aimed|aiming|plans?|planned|planning|expects?|expected|"
    r"will|would|intends?|set\s+to|is\s+to|are\s+to|strive|quotas?|"
    r"over\s+the\s+next|in\s+the\s+next|next\s+year|to\s+be)\b", re.IGNORECASE)
_TOTAL = re.compile(
    r"\b(?:a\s+total\s+of|in\s+total|totall?ed|totals?|so\s+far|to\s+date|cumulative(?:ly)?|"
    r"altogether|in\s+all|since\s+(?:19|20)\d\d|since\s+the\s+start|up\s+to\s+now|"
    r"accumulated)\b", re.IGNORECASE)
# Past-tense reports of what happened: "trained", "lifted", "found", "had secured".
_RESULT = re.compile(
    r"\b(?:\w+ed|found|built|rose|fell|grew|got|made|sent|took|won|had|were|was|"
    r"last\s+year|in\s+(?:19|20)\d\d)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:and|while|but|whereas)\s", re.IGNORECASE)


def clause_around(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The figure's clause: the text before it and after it up to the nearest breaks."""
    before = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    left = before[breaks[-1].end():] if breaks else before
    after = sentence[end:]
    following = _CLAUSE_BREAK.search(after)
    right = after[:following.start()] if following else after
    return left, right


def figure_role(sentence: str, figure: Figure, base: int = 0) -> str | None:
    if figure.kind == "year":
        return None
    left, right = clause_around(sentence, figure.start - base, figure.end - base)
    clause = f"{left} {right}"
    if _TOTAL.search(clause):
        return "running total"
    if _TARGET.search(clause):
        return "target"
    if _RESULT.search(clause):
        return "result"
    return None


def with_roles(sentence: str, figures: list[Figure], base: int = 0) -> list[Figure]:
    """The figures with their roles (base: the sentence's offset in the article)."""
    return [replace(f, role=figure_role(sentence, f, base)) for f in figures]
