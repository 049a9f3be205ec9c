from datetime import date

import pytest

from cases.rules.contact import (
    compliance_rate,
    keywork_status,
    pom_contact_due,
    pom_contact_status,
)
from cases.rules.words import day


@pytest.mark.parametrize(
    "last, since, months, today, due, overdue",
    [
        (date(2026, 1, 31), None, 1, date(2026, 2, 28), date(2026, 2, 28), False),
        (date(2026, 1, 31), None, 1, date(2026, 3, 1), date(2026, 2, 28), True),
        (date(2027, 11, 30), None, 3, date(2028, 2, 29), date(2028, 2, 29), False),
        (None, date(2026, 5, 10), 3, date(2026, 8, 10), date(2026, 8, 10), False),
        (None, date(2026, 5, 10), 3, date(2026, 8, 11), date(2026, 8, 10), True),
    ],
    ids=[
        "monthly contact after 31 January is due on 28 February",
        "and overdue the day after",
        "quarterly contact lands on a leap day",
        "with no contact yet the clock starts at allocation",
        "and is overdue the day after three months",
    ],
)
def test_pom_contact_is_due_a_period_after_the_last_contact(
    last: date | None, since: date | None, months: int, today: date, due: date, overdue: bool
) -> None:
    status = pom_contact_status(last_contact=last, since=since, every_months=months, today=today)
    assert (status.next_due, status.overdue) == (due, overdue)
    assert day(due) in status.explanation
    # The due day alone (what a count of overdue cases reads) is the same day.
    assert pom_contact_due(last_contact=last, since=since, every_months=months) == due


@pytest.mark.parametrize(
    "last, since, months",
    [(None, None, 1), (date(2026, 1, 1), None, None), (None, date(2026, 1, 1), None)],
    ids=["nothing to count from", "no frequency after a contact", "no frequency at allocation"],
)
def test_no_pom_contact_due_without_a_start_or_a_frequency(
    last: date | None, since: date | None, months: int | None
) -> None:
    assert pom_contact_due(last_contact=last, since=since, every_months=months) is None
    status = pom_contact_status(
        last_contact=last, since=since, every_months=months, today=date(2027, 1, 1)
    )
    assert status.next_due is None and not status.overdue


def test_no_rosh_means_no_pom_contact_frequency() -> None:
    status = pom_contact_status(
        last_contact=None, since=date(2026, 1, 1), every_months=None, today=date(2026, 9, 1)
    )
    assert status.next_due is None and not status.overdue
    assert "no ROSH" in status.explanation


@pytest.mark.parametrize(
    "last, weeks, today, due, overdue",
    [
        (date(2026, 11, 16), 1, date(2026, 11, 23), date(2026, 11, 23), False),
        (date(2026, 11, 16), 1, date(2026, 11, 24), date(2026, 11, 23), True),
        (date(2026, 11, 2), 4, date(2026, 11, 30), date(2026, 11, 30), False),
    ],
    ids=["weekly keywork is due a week later", "and overdue the day after", "four-weekly"],
)
def test_keywork_is_due_the_policy_weeks_after_the_last_session(
    last: date, weeks: int, today: date, due: date, overdue: bool
) -> None:
    status = keywork_status(last_session=last, since=None, every_weeks=weeks, today=today)
    assert (status.next_due, status.overdue) == (due, overdue)


def test_no_keyworker_means_no_keywork_due() -> None:
    status = keywork_status(last_session=None, since=None, every_weeks=1, today=date(2026, 1, 1))
    assert status.next_due is None and not status.overdue


@pytest.mark.parametrize(
    "held, expected, rate",
    [(0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0), (5, 4, 1.0), (2, 0, None)],
    ids=["none held", "three of four", "all held", "extra sessions cap at 100%", "none expected"],
)
def test_compliance_is_held_over_expected(held: int, expected: int, rate: float | None) -> None:
    assert compliance_rate(held, expected).value == rate
