"""When the engine's answer for a case changes by itself, with the same facts.

The answer depends on the day it is given for in a few places only: who is 18 or over, an
indeterminate sentence's earliest release date (a tariff or hearing date passes), the displayed
release date (a date still to come passes), "a target hearing date 12 months or more away"
(responsibility rules 3 and 4), "more than 10 months to serve" (the third-sector POM type) and
the responsibility state between the COM allocation and handover dates (docs/rules.md).
`next_change_on` is the first day after `facts.as_of` on which any of these can tip: until then
a stored answer stays right, so the nightly sweep re-evaluates a case only from that day (or
when its facts change). The day is never later than the real change; it may be earlier (a
re-evaluation that finds nothing new costs little, a missed change would cost a wrong date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

from cases.rules.dates import add_months, eighteenth_birthday
from cases.rules.facts import CaseFacts
from cases.rules.policy import Policy
from cases.rules.results import Evaluation

DAY = timedelta(days=1)
DEADLINE_NAMES = (
    "bcs",
    "sentence_calculation",
    "transfer",
    "keyworker_allocation",
    "categorisation",
    "recategorisation",
    "oasys",
    "oasys_review",
)


def _first_day(holds: Callable[[date], bool], guess: date, today: date) -> date | None:
    """The first day after `today` on which `holds` stops being what it is today, for a
    condition that tips once, near `guess` (month arithmetic clamps, so search a few days
    either side)."""
    now = holds(today)
    for offset in range(-4, 5):
        day = guess + offset * DAY
        if day > today and holds(day) != now:
            return day
    return None


def _month_shifted(
    today: date, anchor: date | None, months: int, *, strictly_after: bool
) -> date | None:
    """The day "`anchor` is (strictly) after today + `months` months" tips."""
    if anchor is None:
        return None

    def holds(day: date) -> bool:
        limit = add_months(day, months)
        return anchor > limit if strictly_after else anchor >= limit

    return _first_day(holds, add_months(anchor, -months), today)


def _candidates(facts: CaseFacts, policy: Policy, ev: Evaluation) -> Iterator[date | None]:
    today = facts.as_of
    d = facts.dates
    if facts.date_of_birth is not None:
        yield eighteenth_birthday(facts.date_of_birth)
    if facts.indeterminate:
        yield d.tariff_date
        yield d.target_hearing_date
        yield _month_shifted(
            today, d.target_hearing_date, policy.indeterminate_handover_months, strictly_after=False
        )
    for shown in (
        d.parole_eligibility_date,
        d.home_detention_curfew_eligibility_date,
        d.tariff_date,
    ):
        yield shown + DAY if shown is not None else None
    yield _month_shifted(
        today, ev.earliest_release_date.date, policy.community_case_months, strictly_after=True
    )
    ho = ev.handover
    yield ho.com_allocation_date
    yield ho.handover_date
    yield ho.upcoming_from
    yield ho.com_allocation_overdue_from


def next_change_on(facts: CaseFacts, policy: Policy, ev: Evaluation) -> date | None:
    """The first day after `facts.as_of` on which the engine's answer for these facts may
    differ; None when it never will."""
    today = facts.as_of
    later = [day for day in _candidates(facts, policy, ev) if day is not None and day > today]
    return min(later, default=None)


def explanations_of(ev: Evaluation) -> dict[str, str]:
    """The explanations lists show beside the stored answer (scope, case type, POM type,
    responsibility, release dates, handover, contact), as of the day evaluated. Stored with
    the answer but never compared: a few name the day they were given, and stay true of it."""
    return {
        "in_scope": ev.in_omic_scope.explanation,
        "case_type": ev.case_type.explanation,
        "pom_type": ev.pom_type.explanation,
        "responsibility": ev.responsibility.explanation,
        "erd": ev.earliest_release_date.explanation,
        "display_release_date": ev.display_release_date.explanation,
        "handover": ev.handover.explanation,
        "pom_contact_months": ev.pom_contact_months.explanation,
        # The one deadline a list explains row by row (the keyworker queue).
        "keyworker_allocation": ev.deadlines.keyworker_allocation.explanation,
    }


def answer_of(ev: Evaluation) -> dict[str, object]:
    """The engine's answer as values to store and compare: everything but the explanations
    (some name today's date, so they change daily though nothing else does)."""
    erd = ev.earliest_release_date
    shown = ev.display_release_date
    ho = ev.handover
    resp = ev.responsibility
    deadlines = {}
    for name in DEADLINE_NAMES:
        deadline = getattr(ev.deadlines, name)
        if deadline.applies:
            due = deadline.due
            deadlines[name] = due.isoformat() if due is not None else None
    return {
        "in_scope": ev.in_omic_scope.value,
        "case_type": ev.case_type.value or "",
        "pom_type": ev.pom_type.value or "",
        "responsibility": resp.state,
        "responsible": resp.responsible,
        "supporting": resp.supporting or "",
        "erd": erd.date,
        "erd_kind": erd.kind or "",
        "display_release_date": shown.date,
        "display_release_kind": shown.kind or "",
        "com_allocation_date": ho.com_allocation_date,
        "handover_date": ho.handover_date,
        "handover_reason": ho.reason,
        "upcoming_from": ho.upcoming_from,
        "com_allocation_overdue_from": ho.com_allocation_overdue_from,
        "pom_contact_months": ev.pom_contact_months.value,
        "deadlines": deadlines,
    }
