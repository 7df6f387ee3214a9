"""Whether two claim sentences state one claim: a transparent score over a few signals.

The signals of a candidate pair (PairSignals) are each checkable by hand: the cosine of
the sentences' embeddings, how much of their content they share weighted by how rare
each shared word is in the stored history, whether they share a distinctive figure or
state different ones, and whether they name different places, people or bodies. The
score is a logistic model over them, with the weights below: fitted once on labelled
pairs of real coverage (weighted logistic regression; docs/claims.md says how) and
written here, so a decision can be recomputed from the pair's stored signals.

Names veto: two sentences that both name something and share no name (after folding
"Tibetans" to "Tibet" and reading "TAR" as the initials of "Tibet Autonomous Region") are
about different things however alike their wording: "Guizhou lifted 300,000 people out
of poverty in 2019" and "Xinjiang lifted 300,000 people out of poverty in 2019" stay apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flows.recurrence.names import names_agree

# Weights of the logistic score, fitted on the labelled pairs of a development corpus of
# real coverage (same claim or not; pairs with an unlabelled sentence weigh less).
# Shared rare words count twice: as a share of both sentences' words (overlap) and of the
# shorter one's (containment), so a trimmed restatement scores like a full one.
WEIGHTS = {
    "cosine": 1.6,
    "rare_overlap": 2.22,
    "rare_containment": 3.03,
    "shared_figure": 2.83,
    "figures_differ": -0.67,
}
BIAS = -4.27
# Containment is read only when the shorter sentence has this many content words: "She
# said she now makes 3,000 yuan a month" is contained in many longer claims by chance
# (the same rule as the lexical step's claim_containment_min_shingles).
CONTAINMENT_MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class PairSignals:
    cosine: float  # of the two sentences' embeddings
    rare_overlap: float  # rarity-weighted share of all their content words that both use
    rare_containment: float  # ... of the shorter sentence's content words
    shared_figure: bool  # a distinctive figure (not a year, not a small count) in both
    figures_differ: bool  # both state distinctive figures, none the same
    names_conflict: bool  # both name something, nothing in common

    def as_dict(self) -> dict:
        return {"cosine": round(self.cosine, 4), "rare_overlap": round(self.rare_overlap, 4),
                "rare_containment": round(self.rare_containment, 4),
                "shared_figure": self.shared_figure, "figures_differ": self.figures_differ,
                "names_conflict": self.names_conflict}


def link_score(signals: PairSignals) -> float:
    """The probability-like score of one claim, from 0 to 1."""
    total = BIAS + sum(weight * float(getattr(signals, name))
                       for name, weight in WEIGHTS.items())
    return 1.0 / (1.0 + math.exp(-total))


def verify(signals: PairSignals, threshold: float) -> float | None:
    """The pair's score when it links (one claim), else None."""
    if signals.names_conflict:
        return None
    score = link_score(signals)
    return score if score >= threshold else None


def could_link(words_a: frozenset[str], words_b: frozenset[str], figures_a: frozenset[str],
               figures_b: frozenset[str], names_a: frozenset[str], names_b: frozenset[str],
               idf: dict[str, float], default_idf: float, masses: tuple[float, float],
               threshold: float) -> bool:
    """Whether the pair links at the best cosine there is (1.0): cosine is the one signal
    that needs the embeddings, and words, figures and names alone rule out most pairs,
    so only the rest are embedded."""
    shared_figure = not figures_a.isdisjoint(figures_b)
    weight = idf.get
    shared = sum(weight(w, default_idf) for w in words_a & words_b)
    # overlap and containment are both at most the shared mass over the smaller one's
    most = shared / min(masses) if shared and min(masses) > 0 else 0.0
    ceiling = (BIAS + WEIGHTS["cosine"] + (WEIGHTS["rare_overlap"] + WEIGHTS["rare_containment"])
               * most + WEIGHTS["shared_figure"] * shared_figure)
    if ceiling < math.log(threshold / (1.0 - threshold)):
        return False  # cannot reach the threshold whatever the rest says
    best = pair_signals(1.0, words_a, words_b, figures_a, figures_b, names_a, names_b, idf,
                        default_idf, masses)
    return verify(best, threshold) is not None


def rarity_mass(words: frozenset[str], idf: dict[str, float], default_idf: float) -> float:
    """The summed rarity of a set of words (see rarity_overlap)."""
    weight = idf.get
    return sum(weight(w, default_idf) for w in words)


def rarity_overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float],
                   default_idf: float, masses: tuple[float, float] | None = None
                   ) -> tuple[float, float]:
    """(overlap, containment) of two sets of content stems, each word weighted by its
    inverse document frequency among the stored claims (default_idf for a word never
    stored: as rare as can be). masses: the two sets' rarity_mass, when known."""
    if not a or not b:
        return 0.0, 0.0
    weight = idf.get
    shared = sum(weight(w, default_idf) for w in a & b)
    if shared == 0.0:
        return 0.0, 0.0
    mass_a, mass_b = masses if masses is not None else (
        rarity_mass(a, idf, default_idf), rarity_mass(b, idf, default_idf))
    union = mass_a + mass_b - shared
    contained = shared / min(mass_a, mass_b) \
        if min(len(a), len(b)) >= CONTAINMENT_MIN_WORDS else 0.0
    return shared / union, contained


def figure_values(figure_key: str) -> frozenset[str]:
    """The distinctive figures of a figure key ("count:117000|year:2017"), by value and
    currency but not kind: "500,000 Tibetans" and "half a million people" are one figure
    however the unit is read. Years date a claim; counts under 100 recur everywhere."""
    values = set()
    for token in figure_key.split("|") if figure_key else ():
        kind, _, rest = token.partition(":")
        if kind == "year" or not rest:
            continue
        number = rest.split(":")[0].split("-")[0]
        try:
            value = float(number)
        except ValueError:
            continue
        if kind in ("count", "number") and value < 100 and value.is_integer():
            continue
        values.add(rest)
    return frozenset(values)


def pair_signals(cosine: float, words_a: frozenset[str], words_b: frozenset[str],
                 figures_a: frozenset[str], figures_b: frozenset[str],
                 names_a: frozenset[str], names_b: frozenset[str],
                 idf: dict[str, float], default_idf: float,
                 masses: tuple[float, float] | None = None) -> PairSignals:
    overlap, containment = rarity_overlap(words_a, words_b, idf, default_idf, masses)
    shared = bool(figures_a & figures_b)
    return PairSignals(
        cosine=cosine, rare_overlap=overlap, rare_containment=containment,
        shared_figure=shared,
        figures_differ=bool(figures_a) and bool(figures_b) and not shared,
        names_conflict=bool(names_a) and bool(names_b) and not names_agree(names_a, names_b))
