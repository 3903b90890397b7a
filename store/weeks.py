"""ISO weeks ("2026-W48") and quarters: parsing, formatting, arithmetic."""

import datetime as dt
import functools
import re

from .i18n import _

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

# The years okr-checkin handles. The arithmetic on dates (the week after, the next cycle, a
# week's Sunday) must not run off Python's calendar, which stops at 9999-12-31.
FIRST_YEAR, LAST_YEAR = 1970, 9998
FIRST_DAY, LAST_DAY = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)


def check_year(day: dt.date, what: str = "date") -> None:
    """ValueError naming the bound when ``day`` (a date or datetime) is outside the years handled."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{what} {day.isoformat()[:10]} is outside the days okr-checkin handles "
                         f"({FIRST_DAY} to {LAST_DAY})")


def week_of(day: dt.date) -> str:
    """The ISO week containing ``day``, as ``YYYY-Www``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@functools.lru_cache(maxsize=4096)  # a cycle's thousands of records name a dozen weeks
def parse_week(text: str) -> str:
    """Validate and normalise an ISO week; ValueError naming the problem otherwise."""
    m = _WEEK.match(text.strip())
    if not m:
        raise ValueError(_("week {text!r} is not of the form YYYY-Www (e.g. 2026-W48)").format(text=text))
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(_("week {text!r} does not exist: {year} has no week {week}").format(
            text=text, year=year, week=week)) from None
    if monday > LAST_DAY or monday + dt.timedelta(days=6) < FIRST_DAY:
        raise ValueError(_("week {text!r} is outside the days okr-checkin handles ({first} to {last})").format(
            text=text, first=FIRST_DAY, last=LAST_DAY))
    return f"{year}-W{week:02d}"


@functools.lru_cache(maxsize=4096)  # asked for each key result's pace and blocker age
def week_monday(week: str) -> dt.date:
    """The Monday that starts an ISO week."""
    year, num = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(num), 1)


def add_weeks(week: str, n: int) -> str:
    return week_of(week_monday(week) + dt.timedelta(weeks=n))


def weeks_between(start: dt.date, end: dt.date) -> list[str]:
    """Every ISO week touching [start, end], in order."""
    out: list[str] = []
    day = start - dt.timedelta(days=start.weekday())
    while day <= end:
        out.append(week_of(day))
        day += dt.timedelta(weeks=1)
    return out


def quarter_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The calendar quarter of ``day``: (name like ``2026-Q4``, first day, last day)."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end_next = dt.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return f"{day.year}-Q{q + 1}", start, end_next - dt.timedelta(days=1)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError saying whether the form or the day is wrong."""
    if not _DATE.match(text.strip()):
        raise ValueError(_("date {text!r} is not of the form YYYY-MM-DD").format(text=text))
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError as e:
        raise ValueError(_("date {text!r} is not a day of the calendar (YYYY-MM-DD): {error}").format(
            text=text, error=e)) from None
    check_year(day)
    return day
