"""Small builders so each test row states only the facts it is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from cases.rules import LONDON, CaseFacts, KeyDates, PrisonFacts


def d(text: str) -> date:
    return date.fromisoformat(text)


def london(text: str) -> datetime:
    """A Europe/London wall-clock time, e.g. ``london("2026-10-23T12:00")``."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


TODAY = d("2026-11-23")

_PRISON_KEYS = {"function", "omu_model", "code", "country"}


def facts(**changes: Any) -> CaseFacts:
    """A sentenced adult at a closed training prison on 2026-11-23, plus ``changes``.

    Key dates go in as their own keywords (``conditional_release_date="2027-10-31"``), prison
    fields likewise (``function="open"``); ISO strings are turned into dates.
    """
    key_dates: dict[str, date | None] = {}
    prison: dict[str, str] = {}
    plain: dict[str, Any] = {}
    for key, value in changes.items():
        if key in KeyDates.__dataclass_fields__:
            key_dates[key] = d(value) if isinstance(value, str) else value
        elif key in _PRISON_KEYS:
            prison[key] = value
        else:
            plain[key] = value
    for key in (
        "as_of",
        "date_of_birth",
        "sentence_start_date",
        "open_conditions_since",
        "documents_received_date",
        "last_categorisation_date",
        "last_oasys_date",
    ):
        if isinstance(plain.get(key), str):
            plain[key] = d(plain[key])
    if isinstance(plain.get("arrival_datetime"), str):
        plain["arrival_datetime"] = london(plain["arrival_datetime"])
    base = CaseFacts(
        as_of=TODAY,
        legal_status="sentenced",
        date_of_birth=d("1990-05-17"),
        sentence_start_date=d("2026-01-12"),
    )
    return replace(
        base, dates=KeyDates(**key_dates), prison=replace(PrisonFacts(), **prison), **plain
    )
