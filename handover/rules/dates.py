"""How the handover rules write and count dates (docs/rules.md#counting-rules)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from cases.rules import add_months
from cases.rules.words import day


@lru_cache(maxsize=4096)
def fmt(value: date) -> str:
    """A date as the explanations write it ("10 August 2027"). Cached: a prison's handover list
    writes each of a few thousand days many times over (every item of every case)."""
    return day(value)


@lru_cache(maxsize=64)
def _period(months: int, weeks: int, days: int) -> tuple[timedelta, str]:
    """The time part of a period, and the period in words ("6 months", "12 weeks")."""
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((months, "month"), (weeks, "week"), (days, "day"))
        if n
    ]
    return timedelta(weeks=weeks, days=days), " and ".join(parts)


def before_release_day(release: date, *, months: int = 0, weeks: int = 0, days: int = 0) -> date:
    """The day a period before release: months first, clamped to the month's end, then weeks
    and days (docs/rules.md#counting-rules)."""
    delta, _ = _period(months, weeks, days)
    return add_months(release, -months) - delta if months else release - delta


def before_release_words(release: date, *, months: int = 0, weeks: int = 0, days: int = 0) -> str:
    """That period in words: "6 months before release on 10 August 2027"."""
    return f"{_period(months, weeks, days)[1]} before release on {fmt(release)}"
