"""How close an article is to the topic the seeds define.

Transparent on purpose: the score is the mean of two parts a user can check by hand, and
both parts are stored beside it so the threshold can be re-cut in SQL later.
- similarity: cosine between the article's and the seeds' term vectors (log term
  frequency, English stop words removed, crude plural folding);
- keywords: the share of the topic's keyword groups that occur in the article.
With no keywords configured the score is the similarity alone. Required groups (the story's
anchor) do not change the score; an article missing one is simply not on topic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
said says say one two three new year years also many much may might must per since still
told us via within without yet according including among around well like even
""".split())


@dataclass(slots=True, frozen=True)
class TopicProfile:
    weights: dict[str, float]  # unit-length term vector of the seeds
    keyword_groups: tuple[tuple[str, ...], ...]  # each group: alternatives, lower-cased
    required_groups: tuple[tuple[str, ...], ...] = ()


@dataclass(slots=True, frozen=True)
class Relevance:
    score: float
    similarity: float
    keywords: float
    matched: tuple[str, ...]
    missing_required: tuple[str, ...] = ()

    def on_topic(self, threshold: float) -> bool:
        return self.score >= threshold and not self.missing_required

    def as_dict(self) -> dict:
        return {"similarity": round(self.similarity, 4), "keywords": round(self.keywords, 4),
                "matched": list(self.matched), "missing_required": list(self.missing_required)}


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str) -> Counter[str]:
    return Counter(_fold(w) for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


def _unit(counts: Counter[str]) -> dict[str, float]:
    weights = {t: 1.0 + math.log(c) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def _groups(entries: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(alt.strip().lower() for alt in entry.split("|") if alt.strip())
                 for entry in entries if entry.strip())


def build_profile(seed_texts: list[str], keywords: list[str],
                  required: list[str] | None = None) -> TopicProfile:
    counts: Counter[str] = Counter()
    for text in seed_texts:
        counts.update(terms(text))
    return TopicProfile(_unit(counts), _groups(keywords), _groups(required or []))


def _contains_phrase(haystack: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", haystack) is not None


def score(text: str, profile: TopicProfile, title: str | None = None) -> Relevance:
    body = f"{title or ''}\n{text}"
    vector = _unit(terms(body))
    similarity = sum(w * profile.weights.get(t, 0.0) for t, w in vector.items())
    lowered = body.lower()
    matched = tuple(group[0] for group in profile.keyword_groups
                    if any(_contains_phrase(lowered, alt) for alt in group))
    missing = tuple(group[0] for group in profile.required_groups
                    if not any(_contains_phrase(lowered, alt) for alt in group))
    if profile.keyword_groups:
        keyword_share = len(matched) / len(profile.keyword_groups)
        value = (similarity + keyword_share) / 2
    else:
        keyword_share = 0.0
        value = similarity
    return Relevance(round(value, 4), similarity, keyword_share, matched, missing)
