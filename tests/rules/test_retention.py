"""How long the access log keeps a read: docs/rules.md#access-log-retention."""

from __future__ import annotations

import pytest

from cases.rules.retention import access_log_cutoff
from tests.rules.builders import d


@pytest.mark.parametrize(
    ("today", "months", "first_kept"),
    [
        ("2026-12-07", 24, "2024-12-07"),
        ("2026-12-07", 1, "2026-11-07"),
        ("2026-03-31", 1, "2026-02-28"),
        ("2028-03-31", 1, "2028-02-29"),
        ("2028-02-29", 24, "2026-02-28"),
        ("2027-01-15", 2, "2026-11-15"),
    ],
    ids=[
        "two years back to the day",
        "one month back to the day",
        "31 March less a month is 28 February",
        "31 March less a month is 29 February in a leap year",
        "29 February less two years is 28 February",
        "back across the year's end",
    ],
)
def test_the_first_day_kept_is_the_retention_period_before_today(
    today: str, months: int, first_kept: str
) -> None:
    cutoff = access_log_cutoff(d(today), months)
    assert cutoff.value == d(first_kept)
    assert f"kept for {months} month" in cutoff.explanation


def test_the_explanation_names_the_first_day_kept() -> None:
    assert access_log_cutoff(d("2026-12-07"), 24).explanation == (
        "Reads are kept for 24 months: those before 7 December 2024 are deleted."
    )


@pytest.mark.parametrize("months", [0, -1])
def test_less_than_a_month_is_refused(months: int) -> None:
    with pytest.raises(ValueError, match="one month at least"):
        access_log_cutoff(d("2026-12-07"), months)
