"""How long the access log keeps a read (docs/rules.md#access-log-retention): pure, no clock."""

from __future__ import annotations

from datetime import date

from cases.rules.dates import add_months
from cases.rules.results import Explained
from cases.rules.words import day, plural


def access_log_cutoff(today: date, months: int) -> Explained[date]:
    """The first day whose reads the access log keeps: `months` calendar months before today,
    clamped to the month's end (31 May less 3 months is 28 or 29 February). Reads recorded on
    a London day before it are deleted."""
    if months < 1:
        raise ValueError("The access log keeps reads for one month at least.")
    first = add_months(today, -months)
    return Explained(
        first,
        f"Reads are kept for {plural(months, 'month')}: those before {day(first)} are deleted.",
    )
