"""Calendar arithmetic shared by every rule (docs/rules.md#counting-rules).

All functions are pure: bank holidays come in as an argument, and nothing reads the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Not a threshold: the legal time zone of England and Wales, where every calendar day is counted.
LONDON = ZoneInfo("Europe/London")

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ONE_DAY = timedelta(days=1)


def is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap_year(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """Add (or, when negative, subtract) calendar months, clamping to the month's last day.

    31 January + 1 month is 28 February (29 in a leap year); 29 February 2028 - 12 months is
    28 February 2027.
    """
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    dom = day.day
    if dom > 28:  # only the 29th-31st can overflow a month: skip the lookup otherwise
        last = days_in_month(year, month)
        if dom > last:
            dom = last
    return date(year, month, dom)


def add_months_days(day: date, months: int, days: int) -> date:
    """Apply a period of months and days: months first (clamped), then days.

    Negative values go back in time, e.g. ``add_months_days(erd, -8, -14)`` is "8 months and
    14 days before the ERD".
    """
    return add_months(day, months) + timedelta(days=days)


def add_working_days(day: date, count: int, holidays: frozenset[date]) -> date:
    """The ``count``-th day after ``day`` that is neither a weekend nor in ``holidays``.

    ``day`` itself never counts, so 10 working days after a Friday is the Friday two weeks on
    (with no bank holiday in between). ``count`` 0 returns ``day`` unchanged.
    """
    current = day
    remaining = count
    while remaining > 0:
        current += _ONE_DAY
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def eighteenth_birthday(date_of_birth: date, years: int = 18) -> date:
    """The day someone born on ``date_of_birth`` turns ``years`` old.

    A 29 February birthday turns over on 1 March in non-leap years (the legal position in England
    and Wales), not on 28 February.
    """
    year = date_of_birth.year + years
    try:
        return date(year, date_of_birth.month, date_of_birth.day)
    except ValueError:  # 29 February in a year that has none
        return date(year, 3, 1)


def london_day(moment: datetime) -> date:
    """The Europe/London calendar day of an aware datetime."""
    return moment.astimezone(LONDON).date()


def london_midnight(day: date) -> datetime:
    """The first moment of a Europe/London calendar day (clocks never change at midnight), so
    a query can ask for moments from a day on without converting every row's time zone."""
    return datetime.combine(day, time(0), tzinfo=LONDON)


def add_elapsed_hours(moment: datetime, hours: int) -> datetime:
    """``hours`` of real elapsed time after ``moment``, expressed in Europe/London.

    Python adds timedeltas to aware datetimes in wall-clock time, which would make a 72-hour
    deadline 71 or 73 real hours long across a clock change; going through UTC avoids that.
    """
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(LONDON)


def as_london(moment: datetime) -> datetime:
    """Attach Europe/London to a naive datetime (the contract for times given without offset)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment
