"""How the service writes things for people: names and dates, the same on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cases.rules import LONDON
from cases.rules.words import day


def display_name(user: Any, *, nobody: str = "") -> str:
    """A person's name as staff see it: their full name, else their username; `nobody` when
    there is no one (a system action, an unallocated role)."""
    if not user:  # None, or the empty string a template gives for a missing object
        return nobody
    return user.get_full_name() or user.get_username()


def long_date(value: dt.date | dt.datetime | None, *, missing: str = "None") -> str:
    """A day as "25 June 2026"; a moment as "25 June 2026, 14:30" in Europe/London."""
    if value is None:
        return missing
    if isinstance(value, dt.datetime):
        return f"{value.astimezone(LONDON):%-d %B %Y, %H:%M}"
    return day(value)


# A deadline's or a task's status as pages tag it and downloads write it: the GOV.UK tag's
# colour and the words.
STATUS_TAGS: dict[str, tuple[str, str]] = {
    "overdue": ("red", "Overdue"),
    "due_soon": ("yellow", "Due soon"),
    "not_due": ("grey", "Not yet due"),
    "done": ("green", "Done"),
    "done_late": ("orange", "Done late"),
    "not_needed": ("grey", "Not needed"),
}


def status_words(status: str) -> str:
    """A deadline's or a task's status in words ("Due soon"); an unknown one as it is."""
    return STATUS_TAGS[status][1] if status in STATUS_TAGS else status
