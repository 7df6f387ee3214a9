"""The names a claim sentence is about: places, people, companies.

Two sentences that both name something and share no name are about different things,
however alike their wording ("117,000 people in Aksu prefecture have received training"
and "117,000 people in Kashgar prefecture have received training"). Names of whoever is
quoted are left out: attribution changes from copy to copy ("Zhang said", "officials
said") without changing the claim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flows.analysis.speakers import (
    HONORIFICS,
    NOT_NAME_WORDS,
    NOT_PERSON_WORDS,
    ORG_WORDS,
    ROLE_WORDS,
)
from flows.recurrence.text import STOPWORDS, fold, strip_dateline

# Capitalized words that are titles, bodies, generic places or calendar words, not names
# that tell one claim's subject from another's.
COMMON = (NOT_NAME_WORDS | NOT_PERSON_WORDS | ORG_WORDS | ROLE_WORDS | HONORIFICS | STOPWORDS
          | frozenset("""
              northwest northeast southwest southeast prefecture prefectures counties
              provinces regions cities villages ministry bureau department office
              government committee commission industrial park zone area
              """.split()))
_CAPITALIZED = re.compile(r"[A-Z][\w'’-]*")
_MID_SENTENCE = re.compile(r"(?<=[a-z0-9,;:)] )[A-Z][\w'’-]*")
_LEADING = re.compile(r"^[\s\"'“‘(]*")


@lru_cache(maxsize=200_000)  # a topic's names repeat; bounded for unbounded input
def _key(word: str) -> str:
    word = fold(word).replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip("'-")


def article_names(text: str) -> frozenset[str]:
    """Capitalized words the article uses in mid-sentence: names, so that the same word
    starting a sentence ("Jiashi county trained ...") counts as one too."""
    return frozenset(_key(m.group()) for m in _MID_SENTENCE.finditer(text))


def claim_names(sentence: str, attribution: list[str], known: frozenset[str]) -> frozenset[str]:
    text = strip_dateline(sentence)
    for phrase in attribution:
        if phrase:
            text = text.replace(phrase, " ")
    start = _LEADING.match(text).end()
    names = set()
    for match in _CAPITALIZED.finditer(text):
        key = _key(match.group())
        if len(key) < 2 or key in COMMON or key.rstrip("s") in COMMON:
            continue
        if match.start() == start and key not in known:
            continue
        names.add(key)
    names.update(initials(text))
    return frozenset(names)


# A run of capitalized words, "of" and "and" allowed inside: "Tibet Autonomous Region",
# "Ministry of Human Resources and Social Security".
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|the)\s+)?[A-Z][\w'’-]*)+")


def initials(text: str) -> set[str]:
    """The initials of each run of three or more capitalized words ("tar" for "Tibet
    Autonomous Region", "mhrss" for "Ministry of Human Resources and Social Security"),
    so that a sentence using the abbreviation names the same thing."""
    found = set()
    for run in _NAME_RUN.finditer(text):
        words = [w for w in run.group().split()
                 if w[:1].isupper() and w.lower() not in ("the", "a", "an")]
        if len(words) >= 3:
            found.add("".join(w[0] for w in words).lower())
    return found


# A name and its demonym or possessive-free form share this many first letters at least
# ("tibet", "tibetans"; "uygur", "uygurs"); shorter names must match whole.
NAME_STEM = 5


def _same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= NAME_STEM and a[:NAME_STEM] == b[:NAME_STEM]


def names_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """The two sets share a name: the same word, one a longer form of the other
    ("Tibet", "Tibetans"), or initials standing for it (claim_names adds "tar" for
    "Tibet Autonomous Region")."""
    if a & b:
        return True
    return any(_same_name(x, y) for x in a for y in b)


def names_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not names_agree(a, b)
