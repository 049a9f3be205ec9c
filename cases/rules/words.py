"""How the rules write for people: dates in words and plural forms, the same in every
explanation (docs/rules.md). Pure: no Django, no clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

_LONDON = ZoneInfo("Europe/London")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day(value: dt.date) -> str:
    """A day as staff read it: "25 June 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"  # faster than strftime


def short_day(value: dt.date) -> str:
    """A day in a table or a list line, where space is short: "25 Jun 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1][:3]} {value.year}"


def moment(value: dt.datetime) -> str:
    """A moment in Europe/London: "25 June 2026 at 14:30"."""
    local = value.astimezone(_LONDON) if value.tzinfo is not None else value
    return f"{day(local)} at {local.hour:02d}:{local.minute:02d}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun: "1 month", "2 months", "1 working day", "3 bodies"."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def every(count: int, singular: str, plural_form: str | None = None) -> str:
    """A repeat period: "every month", "every 2 months"."""
    return f"every {singular}" if count == 1 else f"every {plural(count, singular, plural_form)}"
