"""Which OMiC tasks a case needs today, from the engine's evaluation and the facts its tasks
count from (docs/rules.md#tasks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from cases.rules import Deadline, Evaluation, london_day, pom_contact_due
from cases.rules.words import day, plural
from screening.rules.kinds import (
    BCS,
    CATEGORISATION,
    KEYWORKER_ALLOCATION,
    KINDS,
    OASYS,
    OASYS_REVIEW,
    POM_CONTACT,
    PRE_HANDOVER_OASYS,
    RECATEGORISATION,
    SENTENCE_CALCULATION,
    TRANSFER,
    oasys_review_kind,
    task_owner,
)

# The nightly sweep builds several of these per case for every case in the country: named
# tuples cost a fraction of a frozen dataclass to create.


class CaseBasis(NamedTuple):
    """The stored facts a case's tasks count from, beyond what the engine returns."""

    prisoner_id: int
    prison_id: int | None  # None once released
    arrival: dt.datetime | None = None
    sentence_start: dt.date | None = None
    documents_received: dt.date | None = None
    last_categorisation: dt.date | None = None
    last_oasys: dt.date | None = None
    primary_pom_id: int | None = None
    pom_allocated_at: dt.datetime | None = None
    has_keyworker: bool = False
    last_pom_contact: dt.date | None = None


class TaskSpec(NamedTuple):
    kind: str
    due_on: dt.date
    due_at: dt.datetime | None
    basis: str
    explanation: str
    owner_id: int | None


class Satisfied(NamedTuple):
    """A task the facts show is done already (e.g. a keyworker is allocated)."""

    reason: str
    completed_at: dt.datetime


@dataclass
class CaseTasks:
    """What the case needs now: tasks with due dates, tasks the facts show as done, and
    tasks that no longer apply (with the engine's sentence why)."""

    wanted: dict[str, TaskSpec] = field(default_factory=dict)
    satisfied: dict[str, Satisfied] = field(default_factory=dict)
    not_applicable: dict[str, str] = field(default_factory=dict)


def _day(value: dt.date) -> str:
    return value.isoformat()


def _arrival_basis(arrival: dt.datetime | None) -> str:
    if arrival is None:
        return ""
    if arrival.tzinfo is not dt.UTC:  # rows come back in UTC: skip the costly conversion
        arrival = arrival.astimezone(dt.UTC)
    return arrival.isoformat()


def _bases(case: CaseBasis) -> dict[str, str]:
    """The basis of each engine-dated kind: what its deadline counts from."""
    arrival = _arrival_basis(case.arrival)
    sentence = _day(case.sentence_start) if case.sentence_start else ""
    oasys = _day(case.last_oasys) if case.last_oasys else "none"
    return {
        BCS: arrival,
        KEYWORKER_ALLOCATION: arrival,
        SENTENCE_CALCULATION: sentence,
        TRANSFER: sentence,
        OASYS: sentence,
        CATEGORISATION: _day(case.documents_received) if case.documents_received else "",
        RECATEGORISATION: _day(case.last_categorisation) if case.last_categorisation else "",
        OASYS_REVIEW: oasys,
        PRE_HANDOVER_OASYS: oasys,
    }


RELEASED = "Not needed: the prisoner is no longer held in a prison."
NO_POM = "No POM contact task until a POM is allocated."


def pom_contact_task(case: CaseBasis, ev: Evaluation, *, months: int | None) -> TaskSpec | str:
    """The next POM contact, or the sentence saying why there is none.

    Counted from the last POM contact session held (the same last contact the case page and the
    caseload show); before the first, from the POM's allocation, as the case page counts it.
    """
    if not ev.in_omic_scope.value:
        return "No POM contact: the case is not in OMiC scope."
    if months is None:
        return ev.pom_contact_months.explanation
    if case.primary_pom_id is None:
        return NO_POM
    if case.last_pom_contact is not None:
        since, counted = case.last_pom_contact, "the last recorded contact"
    elif case.pom_allocated_at is not None:
        since = london_day(case.pom_allocated_at)
        counted = "the POM's allocation (no contact recorded yet)"
    else:  # as the case page counts it (cases.rules.contact.pom_contact_status)
        return "No POM contact due yet: no allocation date and no contact recorded."
    due = pom_contact_due(None, since=since, months=months)
    return TaskSpec(
        POM_CONTACT,
        due,
        None,
        _day(since),
        f"POM contact due {day(due)}: {plural(months, 'month')} after {counted} on {day(since)}. "
        f"{ev.pom_contact_months.explanation}",
        case.primary_pom_id,
    )


def case_tasks(case: CaseBasis, ev: Evaluation, *, now: dt.datetime) -> CaseTasks:
    """The tasks the engine's evaluation asks of this case today."""
    result = CaseTasks()
    if case.prison_id is None:
        result.not_applicable = dict.fromkeys(KINDS, RELEASED)
        return result
    _add_engine_dated(result, case, ev)
    contact = pom_contact_task(case, ev, months=ev.pom_contact_months.value)
    if isinstance(contact, TaskSpec):
        result.wanted[POM_CONTACT] = contact
    else:
        result.not_applicable[POM_CONTACT] = contact
    # Tasks the facts show are done: only ever closes an open task, never creates a done one
    # (nobody knows when work done before the service started was done).
    if case.has_keyworker:
        result.satisfied[KEYWORKER_ALLOCATION] = Satisfied("A keyworker is allocated.", now)
    if SENTENCE_CALCULATION in result.wanted and ev.earliest_release_date.date is not None:
        result.satisfied[SENTENCE_CALCULATION] = Satisfied(
            "The sentence is calculated: release dates are recorded.", now
        )
    return result


def _add_engine_dated(result: CaseTasks, case: CaseBasis, ev: Evaluation) -> None:
    """The tasks the engine dates (every kind but POM contact), into `result`."""
    d = ev.deadlines
    bases = _bases(case)
    engine_dated: tuple[tuple[str, Deadline], ...] = (
        (BCS, d.bcs),
        (SENTENCE_CALCULATION, d.sentence_calculation),
        (TRANSFER, d.transfer),
        (KEYWORKER_ALLOCATION, d.keyworker_allocation),
        (CATEGORISATION, d.categorisation),
        (RECATEGORISATION, d.recategorisation),
        (OASYS, d.oasys),
        (OASYS_REVIEW, d.oasys_review),  # or the pre-handover OASys: one deadline, two kinds
    )
    for kind, deadline in engine_dated:
        if not deadline.applies:
            result.not_applicable[kind] = deadline.explanation
            if kind == OASYS_REVIEW:
                result.not_applicable[PRE_HANDOVER_OASYS] = deadline.explanation
            continue
        due = deadline.due
        if due is None:
            continue  # applies, but an input is missing: nothing to date a task by
        due_at = due if isinstance(due, dt.datetime) else None
        due_on = london_day(due_at) if due_at is not None else due
        if kind == OASYS_REVIEW:
            kind = oasys_review_kind(due_on, ev.handover.handover_date)
            other = PRE_HANDOVER_OASYS if kind == OASYS_REVIEW else OASYS_REVIEW
            result.not_applicable[other] = f"Replaced: {deadline.explanation}"
        result.wanted[kind] = TaskSpec(
            kind,
            due_on,
            due_at,
            bases[kind],
            deadline.explanation,
            task_owner(kind, case.primary_pom_id),
        )
