"""The publication date, chosen by evidence across independent signals.

Dates that cannot be right are dropped first: in the future, before the web existed,
or after the page was first seen by a crawler (GDELT's first sighting is an upper
bound, never the date itself). Then each day is scored by how many independent
families of signals support it; the original publication wins over a later update.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flows.metadata.date_signals import (
    EARLIEST_PLAUSIBLE,
    PUBLISHED,
    UNKNOWN,
    UPDATED,
    DateEvidence,
)
from flows.metadata.dateparse import ParsedDate, parse_date

# A page stamped up to a day ahead is a time zone artefact (UTC+14 against the clock
# here), not a future date.
FUTURE_SLACK = timedelta(days=1)
# GDELT's seendate lags publication by minutes to hours; a date a day after it is wrong.
FIRST_SEEN_SLACK = timedelta(days=1)


@dataclass(slots=True)
class DateChoice:
    published: ParsedDate | None = None
    published_source: str | None = None
    confidence: float | None = None
    updated: ParsedDate | None = None
    updated_source: str | None = None
    alternatives: dict[str, list[dict]] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)


# An update stamp is used as the publication date only when nothing else dates the
# page: it bounds the publication from above, so its confidence stays low.
UPDATE_ONLY_CONFIDENCE = 0.4
# Publication evidence this weak loses to an update stamp shown beside the headline:
# htmldate alone (0.1), an unlabelled date line down the page (0.5), or the two agreeing
# (0.55); a date line labelled "Published" (0.65) is kept.
WEAK_PUBLICATION = 0.6
# Markup written for the purpose (article:published_time and the article node's
# datePublished at 0.9, microdata at 0.88); Dublin Core, dateCreated and JSON-LD nodes of
# other items score below.
STRONG_MARKUP = 0.85
# Markup that gives two publication days is trusted below a publication date the page
# shows (0.85 for <time pubdate>, 0.92 beside the headline), above a date line (0.65).
CONFLICTING_MARKUP = 0.8

# Sources of one family repeat each other: a CMS writes JSON-LD and meta tags from one
# field, and a <time> element shows the same date as the line around it. Agreement only
# counts across families.
FAMILIES = {"json-ld": "markup", "meta": "markup", "header-after": "displayed",
            "header-before": "displayed", "time": "displayed", "date-line": "displayed",
            "url": "url", "feed": "feed",
            "htmldate": "htmldate"}


def family(source: str) -> str:
    prefix = source.split(":", 1)[0]
    return FAMILIES.get(prefix, prefix)


def _plausible(evidence: DateEvidence, now: datetime, first_seen: ParsedDate | None) -> str | None:
    """Why this date cannot be right, or None."""
    instant = evidence.parsed.utc()
    if instant > latest_plausible(now):
        return "future"
    if evidence.parsed.day < EARLIEST_PLAUSIBLE:
        return "before the web"
    if first_seen is not None and instant > first_seen.utc() + FIRST_SEEN_SLACK:
        return "after first seen"
    return None


def _combined(confidences: dict[str, float]) -> float:
    remaining = 1.0
    for value in confidences.values():
        remaining *= 1.0 - value
    return 1.0 - remaining


def _best_form(evidence: list[DateEvidence]) -> DateEvidence:
    """Of several signals for one day, the most trusted one that gives time and zone."""
    with_zone = [e for e in evidence if e.parsed.offset_minutes is not None]
    return max(with_zone or evidence, key=lambda e: e.confidence)


def _shown_updates(kept: list[DateEvidence]) -> list[DateEvidence]:
    """A date shown without a label that the markup calls the modification date (and not
    the publication date) is an update stamp: relabel it so it cannot pass for the
    original publication."""
    markup_published = {e.parsed.day for e in kept if e.kind == PUBLISHED and family(e.source) == "markup"}
    markup_updated = {e.parsed.day for e in kept if e.kind == UPDATED and family(e.source) == "markup"}
    if not markup_published:
        return kept
    out = []
    for item in kept:
        if (item.kind == UNKNOWN and family(item.source) == "displayed"
                and item.parsed.day in markup_updated and item.parsed.day not in markup_published):
            item = DateEvidence(item.parsed, UPDATED, item.source, item.confidence)
        out.append(item)
    return out


def _resolve_readings(kept: list[DateEvidence]) -> list[DateEvidence]:
    """Read an ambiguous "09.10.2024" the way another signal on the page dates it: the
    markup, the URL, the feed, or a <time> element's machine-readable value (often the very
    element the ambiguous text renders)."""
    days = {e.parsed.day for e in kept
            if e.other_reading is None and (family(e.source) in ("markup", "url", "feed")
                                            or e.source == "time")}
    out = []
    for item in kept:
        other = item.other_reading
        if other is not None and item.parsed.day not in days and other.day in days:
            item = DateEvidence(other, item.kind, item.source, item.confidence)
        out.append(item)
    return out


# schema.org's datePublished (JSON-LD or microdata) alone, with no OpenGraph tag, URL, feed
# or shown date behind it, is often the day the page was first made in the CMS: guides
# kept current under one URL show only the date of their last revision, and that is the
# date the publisher gives the article.
SCHEMA_SOURCES = ("json-ld:", "meta:datepublished", "meta:datecreated")


def _markup_updated_days(kept: list[DateEvidence]) -> set[date]:
    return {e.parsed.day for e in kept if e.kind == UPDATED and family(e.source) == "markup"}


def _schema_only(kept: list[DateEvidence], day: date) -> bool:
    """Whether the publication evidence for day is schema.org markup alone, and no date
    the page shows is called a publication date (other than the markup's revision date)."""
    support = [e for e in kept if e.kind != UPDATED and family(e.source) != "htmldate"
               and e.parsed.day == day]
    revised = _markup_updated_days(kept)
    shown_publication = any(e.kind == PUBLISHED and family(e.source) == "displayed"
                            and e.parsed.day not in revised for e in kept)
    return bool(support) and not shown_publication and all(
        e.source.startswith(SCHEMA_SOURCES) for e in support)


def _shown_revision(kept: list[DateEvidence]) -> DateEvidence | None:
    """A date shown on the page, however labelled, that the markup gives as the revision."""
    revised = _markup_updated_days(kept)
    return next((e for e in kept if family(e.source) == "displayed" and e.parsed.day in revised), None)


# A publisher's clock runs between 12 hours behind UTC and 14 ahead of it.
ZONE_SPAN = (timedelta(hours=-12), timedelta(hours=14))
# Two stamps of one moment written by different parts of a CMS agree to the minute.
SAME_MOMENT = timedelta(minutes=1)


def _local_days(instant: datetime) -> set[date]:
    """The calendar days some time zone gives this instant."""
    first, last = (instant + ZONE_SPAN[0]).date(), (instant + ZONE_SPAN[1]).date()
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def _stamped(parsed: ParsedDate) -> bool:
    """Whether parsed names a moment. A time of exactly midnight is how many CMSs write a
    day without a time ("2023-05-17T00:00:00+0000"): the day, in no particular zone."""
    return parsed.time not in (None, (0, 0, 0)) and parsed.offset_minutes is not None


def _shows_moment(item: DateEvidence, instant: datetime) -> bool:
    """Whether item may be the instant as some time zone writes it."""
    parsed = item.parsed
    if _stamped(parsed):
        return abs(parsed.utc() - instant) <= SAME_MOMENT
    return parsed.day in _local_days(instant)


def _zone_shifted(kept: list[DateEvidence]) -> dict[DateEvidence, date]:
    """Publication signals that give the markup's time stamp in another zone, and the day
    they count for.

    "2025-07-05T00:04:00+00:00" in the markup and "July 4, 2025" beside the headline are one
    moment: the page shows it in the publisher's zone. Such days are one publication, not
    two that compete. It counts for the day more families of signals give; on a tie, for
    the day of the time stamp, the one signal that states its zone. A day written as a
    midnight time stamp is a day like any shown one."""
    stamped = [e for e in kept if e.kind == PUBLISHED and family(e.source) == "markup"
               and _stamped(e.parsed)]
    if len({e.parsed.utc() for e in stamped}) != 1:
        return {}
    markup = max(stamped, key=lambda e: e.confidence)
    instant = markup.parsed.utc()
    moment = [e for e in kept if e.kind != UPDATED and family(e.source) != "htmldate"
              and _shows_moment(e, instant)]
    families: dict[date, set[str]] = {}
    for item in moment:
        families.setdefault(item.parsed.day, set()).add(family(item.source))
    if len(families) < 2:
        return {}
    day = max(families, key=lambda d: (len(families[d]), d == markup.parsed.day))
    return {e: day for e in moment if e.parsed.day != day}


def _date_by_month(choice: DateChoice, months: list[DateEvidence]) -> None:
    """A month shown on the page ("November 2003") dates it when no day does but htmldate's
    guess over the whole page; a guess inside that month is kept as the more precise."""
    rank = {PUBLISHED: 0, UNKNOWN: 1, UPDATED: 2}
    best = min(months, key=lambda e: (rank[e.kind], -e.confidence))
    guess = choice.published
    if guess is not None and (guess.day.year, guess.day.month) == (best.parsed.day.year, best.parsed.day.month):
        return
    choice.published = best.parsed
    choice.published_source = best.source if best.kind != UPDATED else f"{best.source} (update only)"
    choice.confidence = best.confidence if best.kind != UPDATED else min(best.confidence, UPDATE_ONLY_CONFIDENCE)


def latest_plausible(now: datetime) -> datetime:
    return now + FUTURE_SLACK


def choose_dates(evidence: list[DateEvidence], now: datetime,
                 first_seen: str | None = None) -> DateChoice:
    """The publication date best supported across independent families of signals; ties
    go to the earlier day, the original publication over a later stamp."""
    choice = DateChoice()
    bound = parse_date(first_seen)
    kept: list[DateEvidence] = []
    for item in evidence:
        reason = _plausible(item, now, bound)
        if reason:
            choice.rejected.append({**item.candidate().as_dict(), "reason": reason})
        else:
            kept.append(item)
    months = [e for e in kept if e.parsed.month_only]
    kept = _shown_updates(_resolve_readings([e for e in kept if not e.parsed.month_only]))
    shifted = _zone_shifted(kept)

    published: dict[date, dict[str, float]] = {}
    updated: dict[date, dict[str, float]] = {}
    for item in kept:
        target = updated if item.kind == UPDATED else published
        families = target.setdefault(shifted.get(item, item.parsed.day), {})
        name = family(item.source)
        families[name] = max(families.get(name, 0.0), item.confidence)
    if len({e.parsed.day for e in kept if e.kind == PUBLISHED and family(e.source) == "markup"
            and e.confidence >= STRONG_MARKUP}) > 1:
        for families in published.values():
            if "markup" in families:
                families["markup"] = min(families["markup"], CONFLICTING_MARKUP)

    if updated:
        day = max(updated, key=lambda d: (round(_combined(updated[d]), 6), d))
        best = _best_form([e for e in kept if e.kind == UPDATED and e.parsed.day == day])
        choice.updated, choice.updated_source = best.parsed, best.source

    best_day = None
    if published:
        best_day = max(published, key=lambda d: (round(_combined(published[d]), 6), -d.toordinal()))
    shown_update = next((e for e in kept if e.kind == UPDATED and e.source.startswith("header")), None)
    schema_only = best_day is not None and _schema_only(kept, best_day)
    if schema_only:
        shown_update = shown_update or _shown_revision(kept)
    if best_day is not None and shown_update is not None and (
            _combined(published[best_day]) < WEAK_PUBLICATION or schema_only):
        best_day = None
        best = _best_form([e for e in kept if e.kind == UPDATED and e.parsed.day == shown_update.parsed.day])
        choice.updated, choice.updated_source = best.parsed, best.source
    if best_day is not None:
        best = _best_form([e for e in kept if e.kind != UPDATED and e.parsed.day == best_day])
        choice.published, choice.published_source = best.parsed, best.source
        choice.confidence = round(_combined(published[best_day]), 3)
    elif choice.updated is not None:
        choice.published = choice.updated
        choice.published_source = f"{choice.updated_source} (update only)"
        choice.confidence = UPDATE_ONLY_CONFIDENCE

    if months and (choice.published is None or choice.published_source == "htmldate"):
        _date_by_month(choice, months)

    if choice.published and choice.updated and choice.updated.day < choice.published.day:
        choice.updated, choice.updated_source = None, None  # an update before publication is noise

    kept += months
    choice.alternatives = {
        "published": [e.candidate().as_dict() for e in kept if e.kind != UPDATED],
        "updated": [e.candidate().as_dict() for e in kept if e.kind == UPDATED],
    }
    return choice
