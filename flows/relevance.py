"""How close an article is to the story the topic defines.

The seeds are usually one side's articles (state media), so similarity to their wording
favours that side: a wire report of an official denial or a critical report on the same
programme reads differently. The score therefore models the story, not the seeds'
vocabulary, from parts a user can check by hand; every part is stored beside the score in
articles.relevance (JSON) so a decision can be explained and re-cut in SQL.

- seeds: semantic similarity of the article to its closest seed (sentence embeddings,
  WordLlama static embeddings, flows.recurrence.semantic);
- examples: the same, to its closest stored on-topic example: articles a person labelled
  on topic (`drumbeat label`). (Unlabelled articles filed on topic with a margin can be
  examples too, see STORED_EXAMPLES; measured, they drift to neighbouring stories.)
- description: semantic similarity to the topic's description ([topic] description, or
  its name when there is none): the story in neutral words, both sides of it;
- keywords: the share of the topic's keyword groups that occur in the article.

    story = max(seeds, examples)              # the closest known telling of the story
                                              # (+ lexical, when there is no description)
    score = mean(story, description, keywords)  # a part the topic lacks is left out
    score -= max(0, off_topic - story)        # nearer a labelled off-topic article than
                                              # any on-topic one: pushed down by the gap

Similarities are cosines rescaled so that SIMILARITY_FLOOR maps to 0 (see there). Required
groups (the story's anchor, usually its place) do not change the score; an article that
does not name one in its headline or opening (LEAD_WORDS) is not on topic. A labelled
article is never re-decided: its on_topic follows the label (the score is still stored).

`lexical` (the cosine of term vectors to the seeds, the score of earlier versions) is kept
in the stored parts for comparison; it no longer counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

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

# An article is embedded from its headline and first EMBED_WORDS words: the lede and the
# paragraphs after it tell what the story is; the rest adds cost (static embeddings cost
# grows with length: ~12 ms for a 1,900-word page, ~2 ms for 150 words) and page furniture.
# Measured on real coverage and its neighbours: 150 words separated them best of 150, 250,
# 400 words, the whole text, and the mean of sentence or 40/80-word chunk embeddings.
EMBED_WORDS = 150
# Cosine of these static embeddings between two articles of the same broad field on
# different stories (Chinese policy, poverty elsewhere, Tibet's railways) is about 0.3-0.45;
# between unrelated web pages and a topic about 0.08. Cosines are rescaled as
# (c - floor) / (1 - floor), clipped at 0, so that the field's background counts as almost
# nothing and the long-standing threshold of 0.25 keeps its meaning on the combined score.
# Measured on real coverage and its neighbours with the 0.25 threshold: floor 0.2 let 10
# of 70 neighbours in, 0.25 three, 0.3 none while keeping 57 of 58 on-topic articles.
SIMILARITY_FLOOR = 0.3
# A required group must be named in the headline or the first LEAD_WORDS words: news names
# its place in the dateline or lede (every article of a real labelled corpus did so by word
# 23), while a neighbouring story names it only in passing ("the Qinghai-Tibet Plateau")
# or in sidebar links at the end. 120 words leave room for a dateline and page furniture.
LEAD_WORDS = 120
# Which stored articles are examples. Labelled on-topic articles always are. Unlabelled
# articles filed on topic with a margin (`base` >= threshold + EXAMPLE_MARGIN) could be too,
# but measured on real coverage streamed with its neighbours they make things worse with
# these embeddings: the nearest stored example (or their centroid) is near any article on
# the same place, and 13 (centroid: 14) of 70 neighbouring stories came in against none
# without them. So by default only labels teach the score (STORED_EXAMPLES = False).
STORED_EXAMPLES = False
EXAMPLE_MARGIN = 0.1
# At most this many labelled examples on each side (the most recent): plenty for a
# person's corrections, and cheap to embed at the start of a run.
MAX_EXAMPLES = 2000


def is_example(relevance: dict, threshold: float) -> bool:
    """Whether stored parts (Relevance.as_dict()) make a confident on-topic example."""
    if relevance.get("label") is not None:
        return relevance["label"] == "on"
    base = relevance.get("base")
    return (STORED_EXAMPLES and base is not None and base >= threshold + EXAMPLE_MARGIN
            and not relevance.get("missing_required"))


@dataclass(slots=True, frozen=True)
class TopicProfile:
    weights: dict[str, float]  # unit-length term vector of the seeds (the `lexical` part)
    keyword_groups: tuple[tuple[str, ...], ...]  # each group: alternatives, lower-cased
    required_groups: tuple[tuple[str, ...], ...] = ()
    # Unit rows of the semantic model (None: the model is unavailable and the semantic
    # parts fall back to the lexical cosine, said in the stored parts as encoder "terms").
    seed_vectors: np.ndarray | None = None
    description_vector: np.ndarray | None = None
    # Stored on-topic examples (labelled, or filed on topic with a margin) and labelled
    # off-topic articles: unit rows with the article id of each row.
    examples: np.ndarray | None = None
    example_ids: tuple[str, ...] = ()
    off_examples: np.ndarray | None = None
    off_example_ids: tuple[str, ...] = ()
    # canonical_key -> True (on topic) / False: a user's judgement, never re-decided.
    labels: dict[str, bool] = field(default_factory=dict)

    def with_examples(self, on: list[tuple[str, str]], off: list[tuple[str, str]] = (),
                      labels: dict[str, bool] | None = None) -> TopicProfile:
        """This profile with stored examples: (article id, text) pairs on and off topic."""
        on_vectors = embed_texts([text for _, text in on]) if on else None
        off_vectors = embed_texts([text for _, text in off]) if off else None
        return TopicProfile(
            self.weights, self.keyword_groups, self.required_groups, self.seed_vectors,
            self.description_vector,
            on_vectors if on_vectors is not None and len(on_vectors) else None,
            tuple(i for i, _ in on),
            off_vectors if off_vectors is not None and len(off_vectors) else None,
            tuple(i for i, _ in off), dict(labels if labels is not None else self.labels))


@dataclass(slots=True, frozen=True)
class Relevance:
    score: float
    similarity: float  # lexical cosine to the seeds (kept for comparison; not in the score)
    keywords: float
    matched: tuple[str, ...]
    missing_required: tuple[str, ...] = ()
    seeds: float = 0.0
    description: float | None = 0.0  # None: the topic has no description (nor name)
    examples: float = 0.0
    example_id: str | None = None
    off_topic: float = 0.0
    off_topic_id: str | None = None
    penalty: float = 0.0
    encoder: str = "wordllama"
    late_required: tuple[str, ...] = ()  # named, but only after the opening
    base: float = 0.0  # the score without the examples part (decides who is an example)
    story: float = 0.0  # max(seeds, examples[, lexical when the topic has no description])

    def on_topic(self, threshold: float) -> bool:
        return self.score >= threshold and not self.missing_required

    def as_dict(self) -> dict:
        return {"base": round(self.base, 4),
                "story": round(self.story, 4), "seeds": round(self.seeds, 4), "examples": round(self.examples, 4),
                "example_id": self.example_id, "description": (None if self.description is None
                                else round(self.description, 4)),
                "keywords": round(self.keywords, 4), "off_topic": round(self.off_topic, 4),
                "off_topic_id": self.off_topic_id, "penalty": round(self.penalty, 4),
                "lexical": round(self.similarity, 4), "similarity": round(self.similarity, 4),
                "matched": list(self.matched), "missing_required": list(self.missing_required),
                "late_required": list(self.late_required), "encoder": self.encoder}


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


def _encoder():
    """The sentence encoder, or None when its package or model is missing."""
    try:
        from flows.recurrence.semantic import EmbeddingsUnavailable, load_encoder
    except ImportError:
        return None
    try:
        return load_encoder()
    except EmbeddingsUnavailable:
        return None


def opening(text: str, title: str | None = None) -> str:
    """What is embedded: the headline and the first EMBED_WORDS words."""
    words = text.split()[:EMBED_WORDS]
    return f"{title.strip()}\n{' '.join(words)}" if title and title.strip() else " ".join(words)


def embed_texts(texts: list[str]) -> np.ndarray | None:
    """Unit rows for the openings of texts (already cut by opening() or not), or None."""
    encode = _encoder()
    if encode is None:
        return None
    return encode([opening(t) for t in texts])


def build_profile(seed_texts: list[str], keywords: list[str],
                  required: list[str] | None = None, *, description: str = "",
                  seed_titles: list[str | None] | None = None) -> TopicProfile:
    counts: Counter[str] = Counter()
    for text in seed_texts:
        counts.update(terms(text))
    encode = _encoder()
    seeds = description_vector = None
    if encode is not None:
        titles = seed_titles or [None] * len(seed_texts)
        if seed_texts:
            seeds = encode([opening(t, h) for t, h in zip(seed_texts, titles, strict=True)])
        if description.strip():
            description_vector = encode([description.strip()])[0]
    return TopicProfile(_unit(counts), _groups(keywords), _groups(required or []),
                        seeds, description_vector)


def _contains_phrase(haystack: str, phrase: str) -> bool:
    return _group_pattern((phrase,)).search(haystack) is not None


@lru_cache(maxsize=1024)
def _group_pattern(group: tuple[str, ...]) -> re.Pattern:
    """One pattern for a group's alternatives, on word boundaries: one pass over the text."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in group) + r")(?!\w)")


def rescale(cosine: float) -> float:
    return max(0.0, (cosine - SIMILARITY_FLOOR) / (1.0 - SIMILARITY_FLOOR))


def _nearest(vector: np.ndarray, rows: np.ndarray | None, ids: tuple[str, ...] = ()
             ) -> tuple[float, str | None]:
    if rows is None or len(rows) == 0:
        return 0.0, None
    cosines = rows @ vector
    best = int(np.argmax(cosines))
    return float(cosines[best]), (ids[best] if best < len(ids) else None)


def score(text: str, profile: TopicProfile, title: str | None = None) -> Relevance:
    body = f"{title or ''}\n{text}"
    vector = _unit(terms(body))
    lexical = sum(w * profile.weights.get(t, 0.0) for t, w in vector.items())
    lowered = body.lower()
    matched = tuple(group[0] for group in profile.keyword_groups
                    if _group_pattern(group).search(lowered))
    lead = f"{title or ''}\n{' '.join(text.split()[:LEAD_WORDS])}".lower()
    missing, late = [], []
    for group in profile.required_groups:
        if _group_pattern(group).search(lead):
            continue
        missing.append(group[0])
        if _group_pattern(group).search(lowered):
            late.append(group[0])
    keyword_share = len(matched) / len(profile.keyword_groups) if profile.keyword_groups else 0.0

    encode = _encoder() if profile.seed_vectors is not None else None
    example_id = off_id = None
    if encode is None:  # no semantic model: the lexical cosine stands in for the seeds
        seeds, description = lexical, None
        examples = off = 0.0
        encoder = "terms"
    else:
        article = encode([opening(text, title)])[0]
        seeds = rescale(_nearest(article, profile.seed_vectors)[0])
        description = (rescale(float(profile.description_vector @ article))
                       if profile.description_vector is not None else None)
        cosine, example_id = _nearest(article, profile.examples, profile.example_ids)
        examples = rescale(cosine)
        cosine, off_id = _nearest(article, profile.off_examples, profile.off_example_ids)
        off = rescale(cosine)
        encoder = "wordllama"
    # Without a description (nor name) nothing neutral says what the story is, and the
    # seeds' embedding alone is harsh on short or differently worded articles: the lexical
    # cosine (the earlier versions' similarity) then counts as a telling of the story too.
    story = max(seeds, examples, lexical if description is None else 0.0)
    tail = ([description] if description is not None else []) + (
        [keyword_share] if profile.keyword_groups else [])
    penalty = max(0.0, off - story) if off_id is not None else 0.0
    value = max(0.0, (story + sum(tail)) / (1 + len(tail)) - penalty)
    first = max(seeds, lexical if description is None else 0.0)
    base = max(0.0, (first + sum(tail)) / (1 + len(tail)) - max(0.0, off - first)
               if off_id is not None else (first + sum(tail)) / (1 + len(tail)))
    return Relevance(round(value, 4), lexical, keyword_share, matched, tuple(missing),
                     seeds, description, examples, example_id if examples > 0 else None,
                     off, off_id, penalty, encoder, tuple(late), round(base, 4), story)
