"""Read one date string the way pages, feeds and sitemaps write them.

Kept small and strict on purpose: a string that is not clearly a date gives None rather
than a guess. Day-first and month-first numeric dates are told apart only when the day
is over 12; an ambiguous "03/04/2025" is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_tz

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
ENGLISH_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                  r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# Where a month name may start: at a word boundary, or at a capital right after a
# lower-case letter, where inline elements ran together in the page's text ("By Ana
# RuizMar 5, 2025" from <a>Ana Ruiz</a></span><span><span>Mar 5, 2025</span>).
MONTH_START = r"(?:\b|(?<=(?-i:[a-z]))(?=(?-i:[A-Z])))"
MONTH_NAME = MONTH_START + r"(" + ENGLISH_MONTHS + r")\b\.?"
# Month names of the other languages that write "4 de agosto de 2021", "4. März 2021",
# "4 août 2021", also seen on English pages whose CMS runs in another locale. Short forms
# that are English words ("set", "out", "mag") are left out.
FOREIGN_MONTHS = {
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
    "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
    "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "déc": 12,
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "okt": 10, "dezember": 12, "dez": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    "janeiro": 1, "fevereiro": 2, "fev": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "dezembro": 12,
    "januari": 1, "februari": 2, "maart": 3, "mrt": 3, "mei": 5, "augustus": 8,
}
ANY_MONTH_NAME = (r"\b(" + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
                  + r"|" + ENGLISH_MONTHS + r")\b\.?")

ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?",
    re.IGNORECASE,
)
YMD_SLASHED = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)"
                         r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
                 r"(?:\s*(\d{1,2})[:：时](\d{2}))?")
# "December 19, 2025", "Dec. 19th 2025 at 10:30 am", "Dec-19-2025"
MONTH_DAY_YEAR = re.compile(
    MONTH_NAME + r"(?:\s+|-)(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+|-)(\d{4})"
    r"(?:(?:\s+at|,)?\s+(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
# "19 December 2025", "19th Dec. 2025", "19-Dec-2025", "19 de diciembre de 2025"; a
# digit glued to a word ("WF-1000XM6. February 2026") is not a day
DAY_MONTH_YEAR = re.compile(
    r"(?<!\w)(\d{1,2})(?:st|nd|rd|th|er)?\.?(?:\s+of\s+|\s+de\s+|\s+|-)" + ANY_MONTH_NAME
    + r",?(?:\s+de\s+|\s+|-)(\d{4})(?!\d)"
    r"(?:(?:\s+at|,)?\s+(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.])")
EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
# A timestamp-like value without separators, as some sitemaps and URLs carry it.
COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?Z?$")

# Epoch values before 2000 are almost always ids, not times.
EPOCH_FLOOR = 946684800


@dataclass(frozen=True, slots=True)
class ParsedDate:
    day: date
    time: tuple[int, int, int] | None = None
    offset_minutes: int | None = None  # None: the page gave no zone
    month_only: bool = False  # "November 2003": day is the 1st, and stands for the month

    def iso(self) -> str:
        """The full timestamp with its offset when time and zone are known, else the date,
        else the month ("2003-11")."""
        if self.month_only:
            return f"{self.day.year:04d}-{self.day.month:02d}"
        if self.time is None or self.offset_minutes is None:
            return self.day.isoformat()
        stamp = datetime(self.day.year, self.day.month, self.day.day, *self.time,
                         tzinfo=timezone(timedelta(minutes=self.offset_minutes)))
        return stamp.isoformat()

    def utc(self) -> datetime:
        """A comparable instant: local midnight or time read as UTC when no zone is given."""
        hours, minutes, seconds = self.time or (0, 0, 0)
        stamp = datetime(self.day.year, self.day.month, self.day.day, hours, minutes, seconds,
                         tzinfo=UTC)
        return stamp - timedelta(minutes=self.offset_minutes or 0)


def month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return MONTHS.get(name) or FOREIGN_MONTHS[name]


def _offset(zone: str | None) -> int | None:
    if not zone:
        return None
    zone = zone.upper()
    if zone in ("Z", "UTC", "GMT"):
        return 0
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4]) if len(digits) >= 4 else 0
    if hours > 14 or minutes > 59:
        return None
    return sign * (hours * 60 + minutes)


def _build(year: int, month: int, day: int, hour: str | None = None, minute: str | None = None,
           second: str | None = None, offset: int | None = None) -> ParsedDate | None:
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    time = None
    if hour is not None and minute is not None:
        h, m, s = int(hour), int(minute), int(second or 0)
        if h < 24 and m < 60 and s < 61:
            time = (h, m, min(s, 59))
    return ParsedDate(day_value, time, offset if time is not None else None)


def _twelve_hour(hour: str | None, meridiem: str | None) -> str | None:
    if hour is None or not meridiem:
        return hour
    value = int(hour) % 12
    if meridiem.lower().startswith("p"):
        value += 12
    return str(value)


def parse_date(value: str | None) -> ParsedDate | None:
    """The first date written in value, or None."""
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    if EPOCH.match(value):
        seconds = int(value[:10])
        if seconds < EPOCH_FLOOR:
            return None
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
        return ParsedDate(stamp.date(), (stamp.hour, stamp.minute, stamp.second), 0)
    if match := COMPACT.match(value):
        return _build(int(match[1]), int(match[2]), int(match[3]), match[4], match[5], match[6])
    if match := ISO.search(value):
        return _build(int(match[1]), int(match[2]), int(match[3]), match[4], match[5], match[6],
                      _offset(match[7]))
    if match := YMD_SLASHED.search(value):
        return _build(int(match[1]), int(match[2]), int(match[3]), match[4], match[5], match[6])
    if match := CJK.search(value):
        return _build(int(match[1]), int(match[2]), int(match[3]), match[4], match[5])
    if value[:3].isalpha() and "," in value[:5]:
        rfc = parsedate_tz(value)  # "Fri, 19 Dec 2025 10:00:00 +0800" (feeds)
        if rfc is not None and rfc[0] > 0:
            offset = rfc[9] // 60 if rfc[9] is not None else None
            return _build(rfc[0], rfc[1], rfc[2], str(rfc[3]), str(rfc[4]), str(rfc[5]), offset)
    if match := MONTH_DAY_YEAR.search(value):
        return _build(int(match[3]), MONTHS[match[1].lower().rstrip(".")], int(match[2]),
                      _twelve_hour(match[4], match[6]), match[5])
    if match := DAY_MONTH_YEAR.search(value):
        return _build(int(match[3]), month_number(match[2]), int(match[1]),
                      _twelve_hour(match[4], match[6]), match[5])
    if match := NUMERIC.search(value):
        readings = numeric_readings(match)
        return readings[0] if len(readings) == 1 else None
    return None


def numeric_readings(match: re.Match, day_first: bool | None = None) -> list[ParsedDate]:
    """The possible dates of "09.10.2024"-style text, the likelier reading first.

    A day over 12 settles the order. Otherwise the page's locale decides when known
    (day_first), else slashes read month-first (the US habit, the commonest on the
    English web) and dots and dashes day-first (Europe).
    """
    first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
    if first > 12 or second > 12:
        day, month = (first, second) if first > 12 else (second, first)
        built = _build(year, month, day)
        return [built] if built else []
    month_first, day_first_reading = _build(year, first, second), _build(year, second, first)
    if day_first is None:
        day_first = separator != "/"
    ordered = [day_first_reading, month_first] if day_first else [month_first, day_first_reading]
    readings = [r for r in ordered if r is not None]
    return readings[:1] if first == second else readings


TEXT_PATTERNS = (ISO, YMD_SLASHED, CJK, MONTH_DAY_YEAR, DAY_MONTH_YEAR, NUMERIC)
# "November 2003", "Nov. 2015", "noviembre de 2015": reports and magazine issues are
# dated by the month. A number before the month makes it a day ("14 November 2025").
# Found from the year back: years are few in a text, and one pattern of a hundred month
# names tried at every position costs a third of a millisecond on a page's header.
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
MONTH_BEFORE_YEAR = re.compile(r"(?<![\d.])(?<!\d\s)" + ANY_MONTH_NAME + r",?(?:\s+de)?\s+$",
                               re.IGNORECASE)
# Enough text before a year for "14 septiembre de ": a day before the month must be seen.
MONTH_LOOKBACK = 24


def find_dates(text: str, day_first: bool | None = None
               ) -> list[tuple[int, int, ParsedDate, ParsedDate | None]]:
    """Every date written in a stretch of visible text, in text order:
    (start, end, date, the other reading when day and month could be swapped)."""
    found: list[tuple[int, int, ParsedDate, ParsedDate | None]] = []
    taken: list[tuple[int, int]] = []
    for pattern in TEXT_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            if pattern is NUMERIC:
                readings = numeric_readings(match, day_first)
                if not readings:
                    continue
                parsed, other = readings[0], (readings[1] if len(readings) > 1 else None)
            else:
                parsed, other = parse_date(match.group(0)), None
            if parsed is not None:
                found.append((start, end, parsed, other))
                taken.append((start, end))
    found.sort(key=lambda item: item[0])
    return found


def find_months(text: str, day_spans: list[tuple[int, int]] | None = None
                ) -> list[tuple[int, int, ParsedDate]]:
    """Months written without a day ("November 2003") in a stretch of text, in text order;
    the month of a full date does not count. day_spans: where find_dates found full dates
    in text, when the caller has them."""
    if day_spans is None:
        day_spans = [(start, end) for start, end, _, _ in find_dates(text)]
    found = []
    for year in YEAR.finditer(text):
        offset = max(0, year.start() - MONTH_LOOKBACK)
        month = MONTH_BEFORE_YEAR.search(text, offset, year.start())
        if month is None:
            continue
        start, end = month.start(), year.end()
        if any(start < d_end and end > d_start for d_start, d_end in day_spans):
            continue
        found.append((start, end, ParsedDate(date(int(year.group()), month_number(month[1]), 1),
                                             month_only=True)))
    return found
