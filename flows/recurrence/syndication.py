"""Syndication: articles that are copies of one story (mirrors, wire copies, trimmed
copies, copies under another headline), and the credit lines that name where a copy
came from.

An article's fingerprint is the MinHash of its 5-word shingles. Two articles are copies
when their estimated Jaccard similarity is high, or when nearly all of the shorter one is
found in the longer (a trimmed copy). A new article joins the group of its best match;
a group's id is the id of the article that started it, and its origin is whichever
member was published first (see the syndication view).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from flows.recurrence.minhash import containment, jaccard, signatures
from flows.recurrence.records import ArticlePrint
from flows.recurrence.text import TokenHasher, article_words

# Five words: long enough that two articles on one topic share almost none by chance
# ("poverty alleviation in Xinjiang" is four), short enough that an edit every few
# sentences leaves most of a copy's shingles intact.
SHINGLE_WORDS = 5

_CREDIT_LINE = re.compile(
    r"^\s*(?:source|sources|credit|via|courtesy(?:\s+of)?)\s*[:：]\s*(?P<name>[^\n|]{2,60}?)"
    r"\s*(?:\||$)", re.IGNORECASE | re.MULTILINE)
_DATELINE_CREDIT = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,40},?[^\n(]{0,40}\((?P<name>[A-Z][\w .&-]{1,30})\)\s*(?:--|-|–|—|:)",
    re.MULTILINE)
_BY_AGENCY = re.compile(r"^[ \t]*(?i:by|from)[ \t]+(?P<name>[A-Z][\w.&-]*(?:[ \t][A-Z][\w.&-]*){0,3})"
                        r"[ \t]*$", re.MULTILINE)
_AGENCY_WORDS = re.compile(
    r"\b(?:xinhua|reuters|associated press|ap|afp|agence france-presse|china daily|"
    r"global times|cgtn|people's daily|china news service|tass|bloomberg|kyodo|yonhap|"
    r"bernama|anadolu|upi|dpa|efe|ani|pti|ians|canadian press|cp)\b", re.IGNORECASE)


def credit_line(text: str) -> str | None:
    """A wire or agency credit the text carries: "Source: Xinhua", a dateline
    "URUMQI, April 7 (Xinhua) --", or a "By Reuters" line naming an agency."""
    for pattern in (_CREDIT_LINE, _DATELINE_CREDIT):
        match = pattern.search(text)
        if match:
            return " ".join(match.group("name").split()).strip(" .")
    for match in _BY_AGENCY.finditer(text):
        if _AGENCY_WORDS.search(match.group("name")):
            return match.group("name").strip(" .")
    return None


@dataclass(frozen=True, slots=True)
class CopyThresholds:
    jaccard: float  # estimated Jaccard of 5-word shingles for a copy
    containment: float  # share of the shorter article found in the longer
    min_shingles: int  # the shorter article must have at least this many shingles


def article_print(article_id: str, text: str, text_hash: str, outlet: str, dated_at,
                  metadata_credit: str | None, hasher: TokenHasher) -> tuple[ArticlePrint,
                                                                             np.ndarray]:
    shingles = hasher.word_shingles(article_words(text), SHINGLE_WORDS)
    credit, source = (metadata_credit, "metadata") if metadata_credit else (None, None)
    if credit is None:
        found = credit_line(text)
        if found:
            credit, source = found, "text"
    return ArticlePrint(article_id, text_hash, outlet, dated_at, len(shingles),
                        np.empty(0, dtype=np.uint32), credit, source), shingles


def sign_prints(prints: list[ArticlePrint], shingle_sets: list[np.ndarray]) -> None:
    for item, signature in zip(prints, signatures(shingle_sets), strict=True):
        item.signature = signature


def copy_similarity(a: ArticlePrint, b: ArticlePrint,
                    limits: CopyThresholds) -> tuple[float, float] | None:
    """(Jaccard, containment) when b is a copy of a (or a of b), else None."""
    if a.text_hash == b.text_hash:
        return 1.0, 1.0
    similarity = jaccard(a.signature, b.signature)
    contained = containment(similarity, a.shingles, b.shingles)
    if similarity >= limits.jaccard:
        return similarity, contained
    if min(a.shingles, b.shingles) >= limits.min_shingles and contained >= limits.containment:
        return similarity, contained
    return None


def assign_groups(prints: list[ArticlePrint], stored: dict[str, ArticlePrint],
                  stored_groups: dict[str, str], candidates: dict[int, set[str]],
                  batch_bands: np.ndarray, limits: CopyThresholds) -> None:
    """Group the new articles (earliest first) with stored ones and with each other.

    candidates maps a position in `prints` to stored article ids sharing a band or the
    text hash; batch_bands holds each new article's band hashes.
    """
    seen_bands: dict[int, list[int]] = {}
    by_hash: dict[str, list[int]] = {}
    for position, item in enumerate(prints):
        options: list[tuple[float, float, str, str]] = []
        for other_id in candidates.get(position, ()):
            other = stored[other_id]
            found = copy_similarity(item, other, limits)
            if found:
                options.append((found[0], found[1], stored_groups[other_id], other_id))
        earlier: set[int] = set(by_hash.get(item.text_hash, ()))
        for band in batch_bands[position].tolist():
            earlier.update(seen_bands.get(band, ()))
        for other_position in earlier:
            other = prints[other_position]
            found = copy_similarity(item, other, limits)
            if found:
                options.append((found[0], found[1], other.group_id, other.article_id))
        if options:
            similarity, _, group_id, _ = max(options, key=lambda o: (o[0], o[1], o[3]))
            item.group_id, item.matched_by, item.similarity = \
                group_id, "minhash", round(similarity, 4)
        else:
            item.group_id, item.matched_by, item.similarity = item.article_id, "", 1.0
        for band in batch_bands[position].tolist():
            seen_bands.setdefault(band, []).append(position)
        by_hash.setdefault(item.text_hash, []).append(position)
