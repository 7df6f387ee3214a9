"""Figures as keys: what makes two mentions "the same figures", which figures are
distinctive enough to find a reworded claim by, and how a cluster's figures drift."""

from __future__ import annotations

from collections.abc import Iterable

from flows.analysis.records import Figure
from flows.recurrence.text import stable_hash64

# Kinds that carry a claim's substance; years and bare numbers recur everywhere.
ANCHOR_KINDS = frozenset({"count", "money", "percent", "range"})
# Below 100 a count ("five counties", "10 villages") is too common in a topic's coverage
# to point at one claim; a decimal ("8.8 percent", "1.26 million") is distinctive at any size.
ANCHOR_MIN_VALUE = 100


def _value(value: float) -> str:
    return f"{value:.6g}"


def figure_token(figure: Figure) -> str:
    """"count:117000", "money:3000:CNY", "range:2000-3000:CNY": kind, value and currency.
    The unit word is left out: "117,000 people" and "117,000 residents" are one figure."""
    value = _value(figure.value)
    if figure.value_high is not None:
        value += "-" + _value(figure.value_high)
    token = f"{figure.kind}:{value}"
    return f"{token}:{figure.currency}" if figure.currency else token


def figure_key(figures: Iterable[Figure]) -> str:
    """The set of a mention's figures as one sortable string ("" when it has none)."""
    return "|".join(sorted({figure_token(f) for f in figures}))


def anchor_keys(figures: Iterable[Figure]) -> list[int]:
    keys = set()
    for figure in figures:
        if figure.kind not in ANCHOR_KINDS:
            continue
        if figure.value < ANCHOR_MIN_VALUE and float(figure.value).is_integer():
            continue
        keys.add(stable_hash64("anchor|" + figure_token(figure)))
    return sorted(keys)


def figure_set(figures: Iterable[Figure]) -> list[str]:
    """The figures that can drift: every figure but years, as sorted tokens. A year dates
    a claim ("in 2019", "by the end of 2020") rather than measuring anything."""
    return sorted({figure_token(f) for f in figures if f.kind != "year"})


def figures_changed(first: Iterable[str], other: Iterable[str]) -> bool:
    """Both state figures and neither set holds the other: a restatement that quotes
    fewer of the figures, or adds one beside them, has not changed them; "117,000" becoming
    "160,000" has."""
    a, b = set(first), set(other)
    return bool(a) and bool(b) and not a <= b and not b <= a
