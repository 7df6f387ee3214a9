"""ISO weeks as the digest names them: '2026-W47', Monday 00:00 UTC to the next Monday."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flows.digest.errors import DigestError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> date:
    """The Monday of an ISO week written 'YYYY-Www'; anything else is a DigestError."""
    match = _WEEK.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise DigestError(f"week must be written like 2026-W47 (ISO year, 'W', two-digit "
                          f"week), got {text!r}")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks_in_year = date(year, 12, 28).isocalendar()[1]
        raise DigestError(f"{text} is not an ISO week: {year} has weeks W01 to "
                          f"W{weeks_in_year}") from None


def last_complete_week(today: date | None = None) -> str:
    """The ISO week before the one `today` falls in (today in UTC by default)."""
    today = today or datetime.now(UTC).date()
    return week_label(today - timedelta(days=today.isoweekday()))


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """Start (Monday 00:00 UTC) and end (the next Monday, exclusive) of a week."""
    monday = parse_week(week)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return start, start + timedelta(days=7)


def weeks_before(week: str, count: int) -> list[str]:
    """`count` weeks ending with `week`, oldest first."""
    monday = parse_week(week)
    return [week_label(monday - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


def weeks_between(first: str, last: str) -> int:
    """Whole weeks from `first` to `last` (0 for the same week)."""
    return (parse_week(last) - parse_week(first)).days // 7


def parse_time(value: object) -> datetime | None:
    """An ISO-8601 time from JSON, in UTC (naive times are taken as UTC); None if unreadable."""
    if isinstance(value, datetime):
        return utc(value)
    try:
        parsed = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return utc(parsed)


def utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None
