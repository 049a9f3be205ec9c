"""Calendar helpers for the demo plan. The rules have their own (`cases.rules.dates`); these stay
local so the demo data does not change when a rule changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime at a London wall-clock time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
