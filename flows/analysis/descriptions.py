"""Speakers given by description rather than name, resolved within their article.

- A role ("the chairman of the regional government", "a manager at the company",
  "regional government chief") is the person the article names with that role, before
  or after: the description stays as the role.
- A document or data ("the report", "data from the regional government") speaks for
  its issuer when the article says who that is.
"""

from __future__ import annotations

import dataclasses
import re

from flows.analysis.records import Quote
from flows.analysis.speakers import DOCUMENT_HEADS, ORG_HEADS, ROLE_WORDS

_WORD = re.compile(r"[A-Za-z][\w’'\-]*")
DETERMINERS = frozenset("the a an this that its their his her".split())
LINKS = frozenset("of at for from with in on".split())
# Words that tell no role or body apart when descriptions are compared.
FILLER = DETERMINERS | LINKS | frozenset("and said says".split())
# A description that matches no named person's role is the first person named after it
# in this many quotes (a lede's "a senior official said" named in the next paragraph).
LEDE_REACH = 3


def words_of(phrase: str) -> list[str]:
    return [re.sub(r"[’']s$", "", w.lower()) for w in _WORD.findall(phrase)]


def _stem(word: str) -> str:
    """"regional" and "region", "provincial" and "province" compare alike."""
    for suffix, keep in (("ional", "ion"), ("cial", "ce"), ("ment", "ment")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + keep
    return word


def role_head(phrase: str | None) -> str | None:
    """The role word a description of a person turns on, or None when the phrase names
    someone or is no role: "The chairman of the Tibet regional government" gives
    "chairman", "regional government chief" gives "chief", "Zhang Ke" gives None."""
    if not phrase:
        return None
    split = phrase.lower().split()
    if ROLE_WORDS.isdisjoint(split):
        return None
    last = phrase.split()[-1]
    if last[:1].isupper() and last.lower() not in ROLE_WORDS:
        return None  # ends with a name: "Foreign Ministry spokesman Wang Wenbin"
    words = words_of(phrase)
    if not words:
        return None
    if words[-1] in ROLE_WORDS and words[-1] not in ORG_HEADS:
        return words[-1]
    for i, word in enumerate(words[:-1]):
        if word in ROLE_WORDS and word not in ORG_HEADS and words[i + 1] in LINKS:
            if all(w in DETERMINERS or not _is_proper(phrase, w) for w in words[:i]):
                return word
    return None


def _is_proper(phrase: str, word: str) -> bool:
    return any(w.lower() == word and w[:1].isupper() for w in phrase.split()[1:])


def document_head(words: list[str]) -> str | None:
    """The document noun a description opens with: "report" for "the report", "data"
    for "data from the regional government"; None for any other phrase."""
    rest = [w for w in words if w not in DETERMINERS]
    if rest and rest[0] in DOCUMENT_HEADS:
        return rest[0]
    if len(rest) > 1 and rest[1] in DOCUMENT_HEADS and rest[0] not in LINKS:
        return rest[1]  # "the new report", "a government notice"
    return None


_ISSUED_BY = r"\b{head}\s+(?:[\w,]+\s+){{0,4}}?by\s+(?:the\s+)?((?:[A-Z][\w’'&\-.]*\s?)+)"


def issuer(head: str, position: int, text: str, quotes: list[Quote]) -> str | None:
    """Who issued the document a later "the report" means: the speaker last quoted
    through it ("X said in a report", "according to the report"), or the name after
    "a report released this week by"."""
    best: tuple[int, str] | None = None
    said_in = re.compile(rf"\s*(?:\w+\s+){{0,3}}?(?:in|with)\s+(?:a|an|the|its|their)\s+"
                         rf"(?:\w+\s+)?{head}\b", re.IGNORECASE)
    for quote in reversed(quotes):
        if quote.speaker_start is None or quote.speaker_start >= position or not quote.speaker:
            continue
        written = (quote.speaker_as_written or "").lower()
        resolved = quote.speaker.lower() != written.strip()
        if (head in words_of(written) and resolved) or said_in.match(
                text, quote.speaker_end, quote.speaker_end + 60):
            best = (quote.speaker_start, quote.speaker)
            break
    for match in re.finditer(_ISSUED_BY.format(head=head), text[:position]):
        if best is None or match.start() > best[0]:
            best = (match.start(), match.group(1).strip())
    return best[1] if best else None


def name_role_descriptions(quotes: list[Quote]) -> list[Quote]:
    """Quotes whose speaker is a role description, given the person the article names
    with that role; the description becomes the quote's role."""
    if not any(role_head(q.speaker) for q in quotes):
        return quotes
    named = [q for q in quotes if q.speaker_kind == "person" and q.speaker
             and role_head(q.speaker) is None and q.speaker[:1].isupper()]
    # "said Qizhala": one capitalized name, a person or a body; only a lede may take it
    lone = [q for q in quotes if q.speaker_kind == "unknown" and q.speaker
            and " " not in q.speaker and q.speaker[:1].isupper() and not q.speaker.isupper()]
    roles: dict[str, set[str]] = {}
    for quote in named:
        known = roles.setdefault(quote.speaker, set())
        for phrase in (quote.role, quote.speaker_as_written):
            if phrase:
                known.update(_stem(w) for w in words_of(phrase) if w not in FILLER)
        known.difference_update(_stem(w) for w in words_of(quote.speaker))
    out = []
    for index, quote in enumerate(quotes):
        head = role_head(quote.speaker)
        if head is None:
            out.append(quote)
            continue
        wanted = {_stem(w) for w in words_of(quote.speaker) if w not in FILLER}
        scores = {name: len(wanted & known) + (head in known) for name, known in roles.items()}
        best = max(scores.values(), default=0)
        winners = [name for name, score in scores.items() if score == best]
        name = winners[0] if best >= 1 and len(winners) == 1 else None
        if name is None and not any(q in named for q in quotes[:index]):
            # the lede's description, named in a quote soon after it
            later = [q for q in quotes[index + 1 : index + 1 + LEDE_REACH]
                     if q in named or q in lone]
            unroled = [q.speaker for q in later if not roles.get(q.speaker)]
            name = unroled[0] if unroled else None
        if name is None:
            out.append(quote)
            continue
        out.append(dataclasses.replace(
            quote, speaker=name, role=quote.speaker, speaker_kind="person",
            reason=f"{quote.reason}; the description '{quote.speaker}' is '{name}', "
                   "named elsewhere in the article"))
    return out
