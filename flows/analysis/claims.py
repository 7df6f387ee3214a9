"""Claim candidates: check-worthy sentences, scored by transparent features.

A sentence is a claim candidate when the features it carries (figures, dates, named
places and bodies, comparatives, targets and results) add up to CLAIM_THRESHOLD, or when
it is a plain statement: a claim needs no figure ("participation in the programme is
voluntary", "the report is baseless"), so a sentence with enough content words is one too,
marked by its "statement" feature. The score is a capped weighted sum, so a reader can see
why a sentence scored what it did from its features alone; a plain statement keeps its
low score, so the digest still ranks figures and named places first. Boilerplate (photo
credits, editor lines, "READ MORE" links) and questions are never claims.
"""

from __future__ import annotations

import re

from flows.analysis.figure_roles import with_roles
from flows.analysis.figures import find_figures
from flows.analysis.records import ClaimCandidate, Figure, Sentence

# Weight of one occurrence of each feature. Figures weigh most: a number that can drift
# is what makes a sentence worth tracking; a year or a bare number alone says less.
FEATURE_WEIGHTS = {
    "money": 0.4,
    "percent": 0.4,
    "range": 0.4,
    "count": 0.35,
    "number": 0.15,
    "year": 0.2,
    "date": 0.1,
    "comparative": 0.2,
    "target_or_result": 0.2,
    "place_or_body": 0.15,
    "named_entity": 0.1,
    "attribution": 0.05,
}
# Each feature counts at most twice: a list of ten figures is not ten times as
# check-worthy as one.
FEATURE_CAP = 2
# One substantive figure (count, money, percent) is enough on its own; a year or a name
# alone is not, a year with a named place is.
CLAIM_THRESHOLD = 0.3
# Shorter than this, a "sentence" is a caption, a dateline or a label; four words still
# make a claim ("The report is baseless.").
MIN_WORDS = 4
# A sentence without claim features is still a statement of something when it has this
# many content words (not function words): "participation in the programme is in effect
# compulsory" has four; "He said so on Monday." has one...
STATEMENT_CONTENT_WORDS = 4
# ... or at least this many and a linking or auxiliary verb that asserts them ("the
# report is baseless", "these accusations are groundless lies").
ASSERTED_CONTENT_WORDS = 2
_ASSERTING_VERBS = frozenset("is are was were has have had will remains remain".split())
_FUNCTION_WORDS = frozenset(
    """
    a an the of in on at to for from by with into over under about as than and or but so
    if then that which who whom whose what when where while this these those there here it
    its they them their he him his she her we us our you your i me my is are was were be
    been being am has have had do does did will would shall should can could may might
    must not no also just only very said says say told so too
    """.split()
)

# Boilerplate: patterns that can only open the sentence (tried once, at its start) and
# patterns found anywhere in it; one search over both costs more, trying the opening
# ones at every position.
_BOILERPLATE_OPENING = re.compile(
    r"""
    \s*(?: photo\s*[:/]
    | (?:editor|reporter|source|contact|email|e-mail|translator|compiled\ by|
         written\ by|edited\ by|photographer)\s*:
    | (?:read\ more|watch|related|see\ also|also\ read|listen|video)\s*:
    | click\ here | (?:follow\ us|subscribe\ to|share\ this|sign\ up)\b | with\ files\ from
    | \(?xinhua\)?\s*[-—–.]*\s*$ )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"""
    \[\s*photo\b | \(\s*photo\b | photo\s*/\s*\w+\s*\]?\s*$ | copyright | all\ rights\ reserved
    | pic\.twitter\.com | https?:// | \bwww\. | story\ continues\ below | article\ continued\ below
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DATE = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d{1,2}\b"
)
# Single words that carry a feature; pairs and triples of words are in PHRASES below.
FEATURE_WORDS = {
    "date": frozenset(
        "monday tuesday wednesday thursday friday saturday sunday".split()
    ),
    "comparative": frozenset(
        """
        increase increased increases rose rise rises risen grew grow growth grown decline
        declined declines drop dropped fell doubled tripled surge surged soar soared record
        highest lowest largest biggest fastest most least
        """.split()
    ),
    "target_or_result": frozenset(
        """
        target targets targeted goal goals achieve achieved achieving complete completed
        completing realize realized realise realised reach reached reaches lift lifted
        eradicate eradicated eradicating eliminate eliminated eliminating help helped helps
        train trained training employ employed employment create created built relocate
        relocated succeed succeeded launch launched invest invested investment provide
        provided
        """.split()
    ),
    "place_or_body": frozenset(
        """
        county counties prefecture prefectures province provinces region regions regional
        city cities village villages township townships town towns district districts
        department departments bureau bureaus ministry ministries committee committees
        government company companies enterprise enterprises association associations
        office offices commission commissions council councils agency agencies university
        universities factory factories park parks autonomous state federal national
        municipal
        """.split()
    ),
    "attribution": frozenset("said says told reported announced".split()),
}
_COMPARED = frozenset("more less fewer higher lower greater larger bigger faster better worse".split())
PHRASES = {
    "date": {("last", "year"), ("this", "year"), ("next", "year"), ("last", "month"),
             ("this", "month"), ("next", "month"), ("last", "week"), ("this", "week"),
             ("next", "week"), ("by", "the", "end")},
    "comparative": {(word, "than") for word in _COMPARED} | {
        ("compared", "with"), ("compared", "to"), ("up", "from"), ("down", "from"),
        ("year", "on", "year")},
    "target_or_result": {("aim", "to"), ("aims", "to"), ("aimed", "to"), ("plan", "to"),
                         ("plans", "to"), ("out", "of", "poverty")},
    "attribution": {("according", "to")},
}
_FEATURES_OF_WORD: dict[str, list[str]] = {}
for _name, _words in FEATURE_WORDS.items():
    for _word in _words:
        _FEATURES_OF_WORD.setdefault(_word, []).append(_name)
_PHRASES_BY_FIRST: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _name, _phrases in PHRASES.items():
    for _phrase in _phrases:
        _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_name, _phrase))
# The words claim_features looks at: the others carry no feature and open no phrase.
_FEATURE_STARTS = frozenset(_FEATURES_OF_WORD) | frozenset(_PHRASES_BY_FIRST) | {"will", "by"}
_LOWER_WORDS = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"\d")
_CASED_WORDS = re.compile(r"[\w’'.-]+")
# At least MIN_WORDS words (runs of word characters), read no further than needed;
# possessive, so that no run is split in two.
_ENOUGH_WORDS = re.compile(rf"(?:\W*+\w++){{{MIN_WORDS}}}")
_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


_PHOTO_CREDIT = re.compile(r"[\[(]\s*photo\b|\bphoto\s*/|\bphoto:\s|\(\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*\s/\s", re.I)


# Each pattern of _BOILERPLATE_ANYWHERE holds one of these: a sentence with none skips it.
_BOILERPLATE_WORDS = ("photo", "copyright", "all rights reserved", "pic.twitter.com", "http",
                      "www.", "story continues below", "article continued below")


def is_boilerplate(text: str) -> bool:
    if _BOILERPLATE_OPENING.match(text) is not None:
        return True
    folded = text.casefold()
    return (any(word in folded for word in _BOILERPLATE_WORDS)
            and _BOILERPLATE_ANYWHERE.search(text) is not None)


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Lines that carry a photo credit: the caption before "[Photo/Xinhua]" describes a
    picture and is not a claim."""
    return [
        (line.start(), line.end())
        for line in re.finditer(r"[^\n]+", text)
        if may_credit(line.group()) and _PHOTO_CREDIT.search(line.group())
    ]


def may_credit(line: str) -> bool:
    """False when a photo-credit pattern cannot match the line: each one needs a "/" or
    the word "photo" (in any case); most lines have neither."""
    return "/" in line or "photo" in line.lower()


def claim_template(sentence: str, figures: list[Figure], base: int = 0) -> str:
    """The sentence with figures replaced by typed slots, lower-cased, spaces folded.

    "Trained 50,000 people in 2019." and "trained 62,000 people in 2020" both give
    "trained <count> people in <year>". `base` is the offset the figures were found with.
    """
    parts: list[str] = []
    position = 0
    for figure in sorted(figures, key=lambda f: f.start):
        start, end = figure.start - base, figure.end - base
        if start < position or end > len(sentence):
            continue
        parts.append(sentence[position:start])
        parts.append(f"<{figure.kind}>")
        position = end
    parts.append(sentence[position:])
    template = "".join(parts).translate(_QUOTE_CHARS).lower()
    template = " ".join(template.split())
    return template.strip(" .,;:!?\"'")


def claim_features(text: str, figures: list[Figure]) -> dict[str, int]:
    features: dict[str, int] = {}
    for figure in figures:
        features[figure.kind] = features.get(figure.kind, 0) + 1
    words = _LOWER_WORDS.findall(text.lower())
    for index, word in enumerate(words):
        if word not in _FEATURE_STARTS:
            continue
        for name in _FEATURES_OF_WORD.get(word, ()):
            features[name] = features.get(name, 0) + 1
        for name, phrase in _PHRASES_BY_FIRST.get(word, ()):
            if tuple(words[index : index + len(phrase)]) == phrase:
                features[name] = features.get(name, 0) + 1
        following = words[index + 1] if index + 1 < len(words) else ""
        if (word == "will" and following.isalpha()) or (
            word == "by" and len(following) == 4 and following.isdigit()
        ):
            # "will train", "by 2020": a target.
            features["target_or_result"] = features.get("target_or_result", 0) + 1
    dates = len(_DATE.findall(text)) if _DIGIT.search(text) else 0  # a date has a day
    if dates:
        features["date"] = features.get("date", 0) + dates
    named = _named_entities(text)
    if named:
        features["named_entity"] = named
    return features


def _named_entities(text: str) -> int:
    """Runs of capitalized words after the sentence's first word ("Kashgar prefecture",
    "Zhang Ke"), a lone "I" aside."""
    runs = 0
    inside = False
    for word in _CASED_WORDS.findall(text)[1:]:
        capitalized = word[:1].isupper() and word != "I"
        if capitalized and not inside:
            runs += 1
        inside = capitalized or (inside and word == "of")
    return runs


def score_features(features: dict[str, int]) -> float:
    total = sum(
        FEATURE_WEIGHTS.get(name, 0.0) * min(count, FEATURE_CAP)
        for name, count in features.items()
    )
    return round(min(1.0, total), 3)


def is_statement(text: str) -> bool:
    """Enough content words to state something, figures or not."""
    words = _LOWER_WORDS.findall(text.lower())
    content = sum(w not in _FUNCTION_WORDS for w in words)
    return content >= STATEMENT_CONTENT_WORDS or (
        content >= ASSERTED_CONTENT_WORDS and any(w in _ASSERTING_VERBS for w in words))


def may_claim(text: str) -> bool:
    """False for sentences score_claim rejects whatever their figures: boilerplate, too
    short, or a question (which asks; it does not claim)."""
    if is_boilerplate(text) or _ENOUGH_WORDS.match(text) is None:
        return False
    return not text.rstrip("”\"’' ").endswith("?")


def score_claim(sentence: Sentence, figures: list[Figure] | None = None) -> ClaimCandidate | None:
    """A claim candidate for the sentence, or None for boilerplate and non-claims.

    figures are the sentence's figures with article offsets (as analyze_article finds
    them); when None they are found here.
    """
    text = sentence.text
    if not may_claim(text):
        return None
    if figures is None:
        figures = find_figures(text, sentence.start)
    return scored_claim(sentence, figures)


def scored_claim(sentence: Sentence, figures: list[Figure]) -> ClaimCandidate | None:
    """score_claim for a sentence that may_claim has already let through."""
    text = sentence.text
    figures = with_roles(text, figures, sentence.start)
    features = claim_features(text, figures)
    score = score_features(features)
    if score < CLAIM_THRESHOLD:
        if not is_statement(text):
            return None
        features["statement"] = 1
    return ClaimCandidate(
        sentence_index=sentence.index,
        start=sentence.start,
        end=sentence.end,
        text=text,
        score=score,
        features=features,
        figures=tuple(figures),
        template=claim_template(text, figures, sentence.start),
    )
