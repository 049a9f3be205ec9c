"""Contact compliance: when the next POM contact or keywork session is due, and whether the
sessions held meet the model (docs/rules.md#deadlines)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cases.rules.dates import add_months
from cases.rules.results import Explained
from cases.rules.words import day, every, plural


@dataclass(frozen=True, slots=True)
class ContactStatus:
    """The last contact, when the next is due, whether it is overdue, and why."""

    last: date | None
    next_due: date | None
    overdue: bool
    explanation: str


def pom_contact_due(
    *, last_contact: date | None, since: date | None, every_months: int | None
) -> date | None:
    """The day the next POM contact is due: `every_months` after the last session held, or
    after `since` (the allocation to the current POM) when there has been none. None with no
    frequency (no ROSH) or nothing to count from. Overdue the day after (`pom_contact_status`
    says why; a count of overdue cases needs only this)."""
    start = last_contact if last_contact is not None else since
    if every_months is None or start is None:
        return None
    return add_months(start, every_months)


def pom_contact_status(
    *, last_contact: date | None, since: date | None, every_months: int | None, today: date
) -> ContactStatus:
    """`pom_contact_due`, whether it has passed, and why in words."""
    if every_months is None:
        return ContactStatus(
            last_contact, None, False, "No POM contact frequency: no ROSH recorded."
        )
    due = pom_contact_due(last_contact=last_contact, since=since, every_months=every_months)
    if due is None:
        return ContactStatus(
            None, None, False, "No POM contact due yet: no POM allocated and no contact held."
        )
    start = last_contact if last_contact is not None else since
    assert start is not None  # a due day counts from one of them
    after = f"the last contact on {day(start)}" if last_contact else f"allocation on {day(start)}"
    overdue = today > due
    state = f"overdue since {day(due)}" if overdue else f"due by {day(due)}"
    return ContactStatus(
        last_contact,
        due,
        overdue,
        f"POM contact {state}: {every(every_months, 'month')} after {after}.",
    )


def keywork_status(
    *, last_session: date | None, since: date | None, every_weeks: int, today: date
) -> ContactStatus:
    """A keywork session is due `every_weeks` weeks after the last one held, or after `since`
    (the keyworker's allocation) when there has been none."""
    start = last_session if last_session is not None else since
    if start is None:
        return ContactStatus(None, None, False, "No keywork due: no keyworker allocated.")
    due = start + timedelta(weeks=every_weeks)
    after = f"the last session on {day(start)}" if last_session else f"allocation on {day(start)}"
    overdue = today > due
    state = f"overdue since {day(due)}" if overdue else f"due by {day(due)}"
    return ContactStatus(
        last_session,
        due,
        overdue,
        f"Keywork session {state}: {every(every_weeks, 'week')} after {after}.",
    )


def compliance_rate(held: int, expected: int) -> Explained[float | None]:
    """Sessions held over sessions expected, capped at 100%; none expected gives None."""
    if expected <= 0:
        return Explained(None, "No sessions expected in this period.")
    rate = min(held, expected) / expected
    return Explained(rate, f"{held} of {plural(expected, 'expected session')} held ({rate:.0%}).")
