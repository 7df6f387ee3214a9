"""Text normalization, stable hashes and shingles for comparing claims and articles.

Everything here must give the same answer in every process and on every run, because
hashes and signatures are stored and compared with those of later runs: no Python
hash(), which is salted per process.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np

# Character for character; no replacement is itself replaced, so applying them one after
# another (str.replace, fast in C) gives what str.translate would, which is slow on long
# non-ASCII text.
_FOLD = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("«", '"'), ("»", '"'),
         ("–", "-"), ("—", "-"), ("‐", "-"), ("\u00a0", " "))
# A wire dateline before the sentence proper: "URUMQI, April 7 (Xinhua) -- ",
# "BEIJING, Jan. 15 (Xinhua) - ", "KASHGAR, Xinjiang (Reuters) - ".
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Za-z][\w .,'-]{0,30}?)?\s*(?:\([\w .'-]{2,30}\))?"
    r"\s*(?:--|-|:)\s+")
_WORD = re.compile(r"<[a-z]+>|[a-z0-9]+(?:['-][a-z0-9]+)*")
# Combining marks left by NFKD ("é" -> "e" + U+0301), removed to fold accents.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_ARTICLE_WORD = re.compile(r"\w+")

# Words that rewrites add, drop or swap without changing what is claimed: function words,
# attribution ("said", "according to") and hedges ("more than", "over", "about"). Leaving
# them out of shingles makes "Over 5,500 people ..., officials said" and "More than 5,500
# people ..." compare as the same statement.
STOPWORDS = frozenset(
    """
    a an the of in on at to for from by with without into onto over under about above
    across after before since until during within among between through per via as than
    and or but nor so yet if then that which who whom whose what when where while this
    these those there here it its it's they them their theirs he him his she her hers we
    us our you your i me my is are was were be been being am has have had having do does
    did will would shall should can could may might must also just only even still very
    more most less fewer nearly almost around roughly approximately some such other another
    said says say saying told tells according added adding noted stated reported reports
    announced statement spokesman spokeswoman spokesperson official officials
    not no all any each every both either neither much many own same now
    """.split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")


def fold(text: str) -> str:
    """Unicode-compatible, accents removed, quotes and dashes made plain, lower case."""
    if text.isascii():  # nothing to replace (_FOLD maps non-ASCII characters only)
        return text.lower()
    for fancy, plain in _FOLD:
        if fancy in text:
            text = text.replace(fancy, plain)
    if text.isascii():  # most English text once quotes and dashes are plain: no work left
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def strip_dateline(text: str) -> str:
    match = _DATELINE.match(text)
    return text[match.end():] if match else text


def normalize_claim(text: str) -> str:
    """What "the same sentence" means: dateline, case, punctuation and spacing folded."""
    return " ".join(_WORD.findall(fold(strip_dateline(text))))


@lru_cache(maxsize=200_000)  # a topic's vocabulary repeats; bounded for unbounded input
def stem(word: str) -> str:
    """A light suffix stripper: "trained", "training" and "trains" meet at "train"; enough
    for comparing rewrites of one sentence, not a linguistic stemmer."""
    if word.startswith("<") or word.isdigit() or len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_words(template: str) -> list[str]:
    """Stems of the words that carry the claim, in order; figure slots ("<count>") kept."""
    return [stem(w) for w in _WORD.findall(fold(strip_dateline(template)))
            if w not in STOPWORDS]


def claim_shingles(words: list[str]) -> list[str]:
    """Content stems (see content_words) and pairs of neighbouring ones.

    Single stems let an edited sentence (words dropped, order changed) still match;
    pairs keep two sentences that merely share the topic's vocabulary apart; figures are
    slots ("<count>"), so a claim restated with new figures stays as close as an edited
    one, and the relation to its first mention says which it is.
    """
    shingles = set(words)
    shingles.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return list(shingles)


def article_words(text: str) -> list[str]:
    return _ARTICLE_WORD.findall(fold(text))


def stable_hash64(text: str) -> int:
    """A signed 64-bit hash (DuckDB BIGINT), the same in every process and run."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


_MASK64 = (1 << 64) - 1
# Odd 64-bit constants for mixing word hashes into shingle hashes (from splitmix64).
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = 0x9E3779B97F4A7C15


def mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer over a uint64 array: spreads structured inputs evenly."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64, copy=True)
        z ^= z >> np.uint64(30)
        z *= _MIX1
        z ^= z >> np.uint64(27)
        z *= _MIX2
        z ^= z >> np.uint64(31)
    return z


# Cached hashes at most: a topic's words and the word pairs of recent sentences. A full
# cache is emptied and refills with what recurs, which keeps memory small (about 25 MB)
# and lookups fast: with two million entries each lookup took 15% longer.
CACHE_LIMIT = 250_000


class TokenHasher:
    """64-bit hashes of words, cached: a topic's vocabulary repeats, so most words are
    hashed once per process."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def words(self, words: list[str]) -> np.ndarray:
        cache = self._cache
        values = list(map(cache.get, words))  # one C-level pass; misses are None
        if None in values:
            if len(cache) > CACHE_LIMIT:
                cache.clear()
            for i, value in enumerate(values):
                if value is None:
                    raw = words[i].encode("utf-8")
                    value = (zlib.crc32(raw) << 32 | zlib.adler32(raw)) & _MASK64
                    cache[words[i]] = value
                    values[i] = value
        return mix64(np.array(values, dtype=np.uint64))

    def strings(self, items: list[str]) -> np.ndarray:
        """Hashes of whole strings (shingles given as text)."""
        return self.words(items)

    def word_shingles(self, words: list[str], size: int) -> np.ndarray:
        """Distinct hashes of every run of `size` consecutive words (all words when the
        text is shorter)."""
        hashes = self.words(words)
        if len(hashes) == 0:
            return hashes
        if len(hashes) < size:
            size = len(hashes)
        count = len(hashes) - size + 1
        combined = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for offset in range(size):
                combined = mix64(combined ^ hashes[offset:offset + count]
                                 ^ np.uint64((offset + 1) * _GOLDEN & _MASK64))
        return np.unique(combined)
