"""Per-article analysis: sentences, figures, claim candidates and quotes.

Pure functions over article text: no storage, no network, no state kept between
articles. analyze_article is the one call the pipeline makes; the other functions are
its parts, usable on their own.
"""

from __future__ import annotations

import time

from flows.analysis.claims import (
    caption_spans,
    claim_template,
    may_claim,
    score_claim,
    scored_claim,
)
from flows.analysis.figures import find_figures
from flows.analysis.quotes import extract_quotes
from flows.analysis.records import ArticleAnalysis, ClaimCandidate, Figure, Quote, Sentence
from flows.analysis.sentences import split_sentences
from flows.analysis.speakers import speaker_key

# Bump when a change alters what analysis produces for the same text, so stored rows can
# be told apart and re-analyzed.
ANALYZER_VERSION = "analysis 5"


def analyze_article(text: str) -> ArticleAnalysis:
    started = time.perf_counter()
    sentences = split_sentences(text)
    split_done = time.perf_counter()
    claims = []
    captions = caption_spans(text)
    for sentence in sentences:
        if any(start <= sentence.start < end for start, end in captions):
            continue
        if not may_claim(sentence.text):
            continue  # score_claim would say no: spare finding its figures
        figures = find_figures(sentence.text, sentence.start)
        claim = scored_claim(sentence, figures)
        if claim is not None:
            claims.append(claim)
    claims_done = time.perf_counter()
    quotes = extract_quotes(text, sentences)
    quotes_done = time.perf_counter()
    return ArticleAnalysis(
        analyzer_version=ANALYZER_VERSION,
        sentences=tuple(sentences),
        claims=tuple(claims),
        quotes=tuple(quotes),
        timings_ms={
            "sentences": round((split_done - started) * 1000, 3),
            "claims": round((claims_done - split_done) * 1000, 3),
            "quotes": round((quotes_done - claims_done) * 1000, 3),
        },
    )


__all__ = [
    "ANALYZER_VERSION",
    "ArticleAnalysis",
    "ClaimCandidate",
    "Figure",
    "Quote",
    "Sentence",
    "analyze_article",
    "claim_template",
    "extract_quotes",
    "find_figures",
    "score_claim",
    "speaker_key",
    "split_sentences",
]
