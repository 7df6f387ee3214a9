"""The article's title: the headline it shows, cleaned of the branding pages glue on.

<title> and og:title usually carry "Headline | Site Name" or "Site: Headline"; the
headline element on the page rarely does. The title is the headline the page shows
when a title signal confirms it (so a logo in an <h1> is not taken for a title); else
the best title signal with the site's name and its separator removed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flows.metadata.dateparse import find_dates
from flows.metadata.decode import repair_mojibake
from flows.metadata.evidence import Candidate
from flows.metadata.layout import squash

# Separators sites put between the headline and their name. A plain hyphen only counts
# with spaces around it, so "Wi-Fi" and "e-commerce" stay whole; Chinese sites use "_".
SEPARATOR = re.compile(r"\s+[|–—·•»«~/:]+\s+|\s+-{1,2}\s+|\s*[|•·»«_]\s*|\s+::\s+")
# A trailing segment this short after a separator is branding even when the site's
# name is written differently elsewhere ("| Opinion", "- Tastewise").
MAX_BRANDING_WORDS = 4
# Headlines have a verb or at least a noun phrase; one- and two-word headings are
# logos, section names and product names.
MIN_HEADLINE_WORDS = 3
# Chinese and Japanese headlines have no spaces; two characters make about one word.
CJK_CHARS_PER_WORD = 2
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# A site's name spelt out from its host ("The Motley Fool" for fool.com) is short.
MAX_HOST_NAME_WORDS = 3
TLD_SUFFIX = re.compile(r"\.(com|org|net|co|io|ai|gov|edu|info|news|uk|de|fr|cn|in|au|ca)\b",
                        re.IGNORECASE)
# Ordered by how reliably each signal carries the bare headline.
SIGNAL_PRIORITY = {"json-ld:headline": 0.9, "og:title": 0.85, "twitter:title": 0.8,
                   "meta:title": 0.75, "json-ld:name": 0.7, "title": 0.6, "hint": 0.6}


@dataclass(slots=True)
class TitleChoice:
    title: str | None = None
    source: str | None = None
    confidence: float | None = None
    alternatives: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SiteNames:
    """Names a site goes by, squashed: the names it declares and the labels of its host."""

    declared: tuple[str, ...] = ()
    host_labels: tuple[str, ...] = ()

    def __contains__(self, squashed: str) -> bool:
        return squashed in self.declared or squashed.replace(" ", "") in self.host_labels


def site_names(declared: list[str], url: str) -> SiteNames:
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp", "blog")]
    host_labels = {squash(label).replace(" ", "") for label in labels[:-1] if len(label) > 2}
    if labels:
        host_labels.add(squash(".".join(labels)).replace(" ", ""))
    return SiteNames(tuple(n for n in dict.fromkeys(squash(n) for n in declared if n) if n),
                     tuple(sorted(n for n in host_labels if n)))


def _is_branding(segment: str, names: SiteNames) -> bool:
    """Whether a title segment is the site's name: a declared name (or one containing it,
    "Artlyst - Artlyst"), or the host's name written out ("The Motley Fool" on fool.com)."""
    squashed = squash(segment)
    if not squashed:
        return True
    compact = squashed.replace(" ", "")
    for name in names.declared:
        name_compact = name.replace(" ", "")
        if squashed == name or compact == name_compact:
            return True
        if len(name_compact) >= 4 and (name_compact in compact or compact in name_compact) \
                and len(compact) <= 2 * len(name_compact) + 8:
            return True
    short = len(squashed.split()) <= MAX_HOST_NAME_WORDS
    for label in names.host_labels:
        if compact == label or (short and len(label) >= 4 and len(compact) <= len(label) + 10
                                and (compact.startswith(label) or compact.endswith(label))):
            return True
    return bool(TLD_SUFFIX.search(segment)) and len(segment.split()) <= 3


def strip_branding(title: str, names: SiteNames) -> str:
    """Remove site-name segments from either end of a title."""
    title = " ".join(title.split())
    first, _, rest = title.partition(" ")
    if rest and TLD_SUFFIX.search(first) and squash(first).replace(" ", "") in names.host_labels:
        title = rest  # "davidbau.com Vibe Coding": the site's domain glued on without a separator
    for _ in range(3):  # "Headline | Section | Site" needs more than one pass
        parts = SEPARATOR.split(title)
        if len(parts) < 2:
            break
        separators = SEPARATOR.findall(title)
        if _is_branding(parts[-1], names):
            title = title[: len(title) - len(parts[-1]) - len(separators[-1])].strip()
        elif _is_branding(parts[0], names):
            title = title[len(parts[0]) + len(separators[0]):].strip()
        else:
            break
    return title


# "Headline | Opinion", "Headline | Top 19 Companies": a pipe sets off a label (section,
# tagline, site); a subtitle that belongs to the headline follows a colon or a dash.
PIPE_TAIL = re.compile(r"\s+\|\s+([^|]+)$")


def strip_pipe_labels(title: str) -> str:
    """Remove short segments after a pipe at the end of a title."""
    for _ in range(3):  # "Headline | Section | Site"
        match = PIPE_TAIL.search(title)
        if match is None or len(match[1].split()) > MAX_BRANDING_WORDS:
            break
        head = title[: match.start()].strip()
        if len(head.split()) < MIN_HEADLINE_WORDS:
            break
        title = head
    return title


def strip_unconfirmed_tail(title: str, confirmations: list[str]) -> str:
    """Drop a short last segment when another signal gives the title without it."""
    parts = SEPARATOR.split(title)
    if len(parts) < 2 or len(parts[-1].split()) > MAX_BRANDING_WORDS:
        return title
    separators = SEPARATOR.findall(title)
    head = title[: len(title) - len(parts[-1]) - len(separators[-1])].strip()
    if head and any(squash(head) == squash(c) for c in confirmations if c):
        return head
    return title


def repair_encoding_leftovers(title: str) -> str:
    """Entities escaped twice by the page ("SQL &#x26; AI") read as the character, and
    UTF-8 the page stores mis-decoded ("Investorâ€™s") put right."""
    return repair_mojibake(html.unescape(title) if "&" in title and ";" in title else title)


# Full-width forms of ASCII characters ("？", "！", "："), U+FF01 to U+FF5E.
FULL_WIDTH = re.compile("[\uff01-\uff5e]")
FULL_WIDTH_OFFSET = 0xFEE0


def plain_quotes(title: str) -> str:
    """Typographic apostrophes as ASCII, so one headline from two outlets compares equal;
    in a title without Chinese or Japanese characters, full-width punctuation ("Work？")
    is an input method's slip and is written as ASCII too. Chinese titles keep theirs."""
    title = title.replace("\u2019", "'").replace("\u2018", "'")
    if FULL_WIDTH.search(title) and not CJK.search(title):
        title = FULL_WIDTH.sub(lambda match: chr(ord(match.group()) - FULL_WIDTH_OFFSET), title)
    return title


def better_casing(headline: str, same_words: list[str]) -> str:
    """An all-caps or all-lower-case headline is styling; a signal with the same words
    in ordinary case shows how the headline is written."""
    letters = [ch for ch in headline if ch.isalpha()]
    if not letters or not (headline.isupper() or headline.islower()):
        return headline
    mixed = [s for s in same_words if not (s.isupper() or s.islower())]
    return mixed[0] if mixed else headline


def looks_like_headline(text: str, names: SiteNames) -> bool:
    """A heading long enough to be a headline and not the site's name: logos and
    section names in <h1> are one or two words."""
    cjk = len(CJK.findall(text))
    words = len(text.split()) + cjk // CJK_CHARS_PER_WORD
    return words >= MIN_HEADLINE_WORDS and not _is_branding(text, names)


# What a page renders inside its <h1> around the headline: a "Title:" or "Blog:" label,
# a byline, a comment count, a source domain; a date is checked apart. "by" only opens
# a byline ("Room-by-Room", "Reviewed by a Student" are part of the headline) and a year
# alone is part of it too ("2025 Price Guide").
HEADLINE_ADDITION = re.compile(
    r"^\s*\w{2,12}\s*:\s*$|\b(?:posted|published|updated)\b|^\W*by\s|\(\S+\.\w{2,}\)|^\W*(?!(?:19|20)\d\d\b)\d+\W*$",
    re.IGNORECASE)


def _overlapping(headline: str, cleaned: list[Candidate]) -> list[Candidate]:
    """Signals the shown headline repeats with something added that is not part of a
    title (a date, a byline, a "Title:" label rendered inside the <h1>)."""
    out = []
    lowered = headline.casefold()
    for candidate in cleaned:
        value = candidate.value.casefold()
        position = lowered.find(value)
        if not value or value == lowered or position < 0:
            continue
        added = lowered[:position] + " " + lowered[position + len(value):]
        if HEADLINE_ADDITION.search(added.strip()) or find_dates(added):
            out.append(candidate)
    return out


def choose_title(signals: list[Candidate], headline_text: str | None, headline_tag: str | None,
                 names: SiteNames) -> TitleChoice:
    """The headline the page shows when a title signal repeats it; the signal when the
    shown headline only adds to it (a date or byline inside the <h1>); else the shown
    headline if it reads as one; else the title signal most signals agree on.
    signals: raw title signals, in any order."""
    choice = TitleChoice()
    cleaned: list[Candidate] = []
    for signal in signals:
        value = strip_pipe_labels(strip_branding(repair_encoding_leftovers(signal.value), names))
        if value and not _is_branding(value, names):  # a <title> that is only the site's name
            cleaned.append(Candidate(value, signal.source, signal.confidence))
    confirmations = [c.value for c in cleaned] + ([headline_text] if headline_text else [])
    cleaned = [Candidate(strip_unconfirmed_tail(c.value, confirmations), c.source, c.confidence)
               for c in cleaned]
    choice.alternatives = [c.as_dict() for c in cleaned]
    if headline_text:
        headline_text = strip_pipe_labels(strip_branding(repair_encoding_leftovers(headline_text), names))
    if headline_text:
        source = headline_tag or "headline"
        squashed_headline = squash(headline_text)
        agreeing = [c for c in cleaned if squash(c.value) == squashed_headline]
        overlapping = [] if agreeing else _overlapping(headline_text, cleaned)
        if overlapping:
            best = max(overlapping, key=lambda c: c.confidence)
            choice.title, choice.source = plain_quotes(best.value), best.source
            choice.confidence = round(min(0.9, best.confidence + 0.05), 3)
            choice.alternatives.insert(0, Candidate(headline_text, source, 0.6).as_dict())
            return choice
        if agreeing or not cleaned or looks_like_headline(headline_text, names):
            choice.title = plain_quotes(better_casing(headline_text, [c.value for c in agreeing]))
            choice.source = source
            choice.confidence = 0.95 if agreeing else 0.6
            choice.alternatives.insert(0, Candidate(headline_text, source, choice.confidence).as_dict())
            return choice
        choice.alternatives.insert(0, Candidate(headline_text, source, 0.5).as_dict())
    if cleaned:
        # the value most signals agree on; priority breaks ties
        def support(candidate: Candidate) -> tuple[int, float]:
            agree = sum(1 for c in cleaned if squash(c.value) == squash(candidate.value))
            return agree, candidate.confidence

        best = max(cleaned, key=support)
        agree = support(best)[0]
        choice.title, choice.source = plain_quotes(best.value), best.source
        choice.confidence = round(min(0.95, best.confidence + 0.05 * (agree - 1)), 3)
    return choice
