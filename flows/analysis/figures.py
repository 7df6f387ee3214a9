"""Figures in a sentence, normalized: value, unit, currency and kind.

Kinds: count ("117,000 people", "five counties", "1.26 million"), money ("3,000 yuan",
"$434", "US$154 million"), percent ("8.8 per cent", "6%"), year ("in 2019"), range
("2,000 to 3,000 yuan", "between six and eight months", "121-139"; its currency or unit
is the one both ends share) and number (a bare figure that is none of the above).
Offsets are into the string given, plus `base` so a caller can pass a sentence and get
article offsets back.
"""

from __future__ import annotations

import re

from flows.analysis.records import Figure

WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12,
    "dozen": 12, "a thousand": 1000,
    # "one" alone is more often a pronoun ("one of the"); it counts only before a scale
    # word ("one million"), see _SCALED_ONE.
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "bn": 1e9, "m": 1e6, "b": 1e9, "k": 1e3,
}
# Prefix symbols; a bare "$" stays "$" since it is US, Canadian or other dollars by outlet.
CURRENCY_PREFIXES = {
    "US$": "USD", "USD": "USD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "HK$": "HKD",
    "A$": "AUD", "NZ$": "NZD", "S$": "SGD", "$": "$", "€": "EUR", "£": "GBP", "¥": "CNY",
    "RMB": "CNY", "CNY": "CNY", "EUR": "EUR", "GBP": "GBP",
}
CURRENCY_SUFFIXES = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "us dollars": "USD",
    "u.s. dollars": "USD", "canadian dollars": "CAD", "dollars": "$", "dollar": "$",
    "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY", "rupees": "INR",
    "rupee": "INR", "roubles": "RUB", "rubles": "RUB", "won": "KRW",
}
# Words after a figure that name what is counted only grammatically, not a unit.
NOT_UNITS = frozenset(
    """
    of to and or in on at by for with from than per the a an as is are was were be been has
    have had will would could should may can more less over under about around nearly
    almost up down that which who this these those its their his her our it they he she we
    i you percent cent years-old
    """.split()
)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"hundred|thousand|million|billion|trillion|mn|bn"
_PREFIX = "|".join(sorted((re.escape(p) for p in CURRENCY_PREFIXES), key=len, reverse=True))
_SUFFIX = "|".join(sorted((re.escape(s) for s in CURRENCY_SUFFIXES), key=len, reverse=True))
_PERCENT = r"%|\s?per\s?cent\b|\s?percent\b|\s?percentage\spoints?\b"

_AMOUNT = re.compile(
    rf"""
    (?<![\w.,])
    (?P<prefix>{_PREFIX})?\s?
    (?:(?P<num>{_NUM})|(?P<word>{_WORDNUM})|(?P<one>half\s(?:a|one)|a\squarter(?:\sof\sa)?|one|a)(?=\s(?:{_SCALE})\b))
    (?:(?:\s|-)(?P<scale>{_SCALE})\b|(?P<short>[mbk]n?)\b)?
    (?:(?P<percent>{_PERCENT})|\s(?P<suffix>{_SUFFIX})\b)?
    (?![\w]|[.,]\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RANGE_JOIN = re.compile(r"\s?(?:-|–|—|to|and)\s?$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"(?:-(?P<attached>[a-z]+(?:-[a-z]+)*)|\s(?P<words>(?:[a-z]+-)*[a-z]+(?:\s[a-z]+)?))")
# "3,000 yuan ($434) a month": a rate, possibly after a converted amount in brackets.
_RATE_AFTER = re.compile(
    r"\)?(?:\s?\([^)]{1,40}\))?\s(?:a|per|each)\s(?P<period>year|month|week|day|hour|person|head)\b"
)


# Every amount holds a digit or one of these words (number words and scales, some as
# stems): a sentence with neither skips the amount pattern, which is slow to run at every
# word. casefold, like the pattern's IGNORECASE, folds "ſ" to "s".
_AMOUNT_WORDS = tuple(sorted({w.split()[-1] for w in WORD_NUMBERS} | set(SCALES) - {"m", "b", "k"}))
# Any of them as a substring, in one search: faster than a substring test per word.
_ANY_AMOUNT_WORD = re.compile("|".join(re.escape(w) for w in _AMOUNT_WORDS))
_DIGIT = re.compile(r"\d")


def may_hold_figures(sentence: str) -> bool:
    if _DIGIT.search(sentence):
        return True
    return _ANY_AMOUNT_WORD.search(sentence.casefold()) is not None


def find_figures(sentence: str, base: int = 0) -> list[Figure]:
    """Every figure in the sentence, left to right, with ranges merged into one."""
    if not may_hold_figures(sentence):
        return []
    amounts = [_amount(m, sentence) for m in _AMOUNT.finditer(sentence)]
    amounts = [a for a in amounts if a is not None]
    figures: list[Figure] = []
    i = 0
    while i < len(amounts):
        current = amounts[i]
        if i + 1 < len(amounts) and _is_range(sentence, current, amounts[i + 1]):
            figures.append(_merge_range(sentence, current, amounts[i + 1]))
            i += 2
        else:
            if current.kind != "word":
                figures.append(current)
            i += 1
    return [
        Figure(f.start + base, f.end + base, f.text, f.value, f.value_high, f.unit,
               f.currency, f.kind)
        for f in figures
    ]


def _amount(match: re.Match, sentence: str) -> Figure | None:
    text = match.group()
    if match.group("num"):
        value = float(match.group("num").replace(",", ""))
    elif match.group("word"):
        value = float(WORD_NUMBERS[match.group("word").lower()])
    else:
        fraction = match.group("one").lower()
        value = 0.5 if fraction.startswith("half") else 0.25 if "quarter" in fraction else 1.0
    scale = match.group("scale") or match.group("short")
    if scale:
        if match.group("short") and not (match.group("prefix") or match.group("suffix")):
            return None  # "5G", "80km": a bare letter scales only money ("$3m")
        value *= SCALES[scale.lower()]
    prefix, suffix = match.group("prefix"), match.group("suffix")
    if prefix and prefix.upper() in {"USD", "CAD", "EUR", "GBP", "RMB", "CNY"} and not (
        match.group("num")
    ):
        return None
    currency = None
    if prefix:
        currency = CURRENCY_PREFIXES.get(prefix.upper(), CURRENCY_PREFIXES.get(prefix))
    elif suffix:
        currency = CURRENCY_SUFFIXES[suffix.lower()]
    start, end = match.start(), match.end()
    if text[0].isspace():
        start += 1
        text = text[1:]
    unit = None
    if match.group("percent"):
        kind = "percent"
        if "point" in match.group("percent").lower():
            unit = "percentage points"
    elif currency:
        kind = "money"
        rate = _RATE_AFTER.match(sentence, end)
        if rate:
            unit = rate.group("period")
    else:
        unit = _unit_after(sentence, end)
        raw = match.group("num") or ""
        is_year_shaped = re.fullmatch(r"(?:19|20)\d\d", raw) is not None
        if is_year_shaped and not scale and (unit is None or not unit.endswith("s")):
            kind, unit = "year", None
        elif match.group("word") and unit is None:
            # "ten" with nothing counted after it is rarely a figure, unless it opens a
            # range ("between six and eight months"): kept for now, dropped if unmerged.
            kind = "word"
        elif unit is None and not scale:
            kind = "number"
        else:
            kind = "count"
    return Figure(start, end, text, value, None, unit, currency, kind)


def _unit_after(sentence: str, end: int) -> str | None:
    match = _UNIT_AFTER.match(sentence, end)
    if not match:
        return None
    if match.group("attached"):
        return match.group("attached").lower()
    words = match.group("words").split()
    first = words[0].lower()
    if first in NOT_UNITS:
        return None
    if "-" in first and len(words) > 1 and words[1].lower() not in NOT_UNITS:
        return words[1].lower()  # "five poverty-stricken counties" counts counties
    return first


def _is_range(sentence: str, low: Figure, high: Figure) -> bool:
    between = sentence[low.end : high.start]
    if not _RANGE_JOIN.fullmatch(between) and between.strip() not in {"-", "–", "—"}:
        return False
    if low.kind == "year" or high.kind == "year":
        return False  # "2019-2020" and "from 2015 to 2018" are spans of years, kept apart
    if between.strip().lower() == "and" and not _RANGE_OPEN.search(sentence[: low.start]):
        return False  # "two and three" is a range only after "between"
    if low.currency and high.currency and low.currency != high.currency:
        return False
    if high.kind == "word":
        return False
    return low.kind == high.kind or low.kind in {"number", "count", "word"} or high.kind in {
        "number", "count", "money", "percent"
    }


def _merge_range(sentence: str, low: Figure, high: Figure) -> Figure:
    opener = _RANGE_OPEN.search(sentence[: low.start])
    start = opener.start() if opener else low.start
    low_value, high_value = low.value, high.value
    if high_value >= 1e3 and low_value < 1e3 and _scale_of(high) and not _scale_of(low):
        low_value *= _scale_of(high)  # "2 to 3 million": the scale belongs to both ends
    return Figure(
        start,
        high.end,
        sentence[start : high.end],
        low_value,
        high_value,
        high.unit or low.unit,
        high.currency or low.currency,
        "range",
    )


def _scale_of(figure: Figure) -> float | None:
    words = figure.text.lower().split()
    for word in words:
        if word in SCALES and len(word) > 2:
            return SCALES[word]
    return None
