"""The kinds of OMiC task, who owns each, and a task's status: due soon, overdue, done or done
late (docs/rules.md#due-soon-and-overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cases.rules import deadline_status, london_day

# --- Task kinds -------------------------------------------------------------------------------

BCS = "bcs"
SENTENCE_CALCULATION = "sentence_calculation"
TRANSFER = "transfer"
KEYWORKER_ALLOCATION = "keyworker_allocation"
CATEGORISATION = "categorisation"
RECATEGORISATION = "recategorisation"
OASYS = "oasys"
OASYS_REVIEW = "oasys_review"
PRE_HANDOVER_OASYS = "pre_handover_oasys"
POM_CONTACT = "pom_contact"

KINDS: tuple[str, ...] = (
    BCS,
    SENTENCE_CALCULATION,
    TRANSFER,
    KEYWORKER_ALLOCATION,
    CATEGORISATION,
    RECATEGORISATION,
    OASYS,
    OASYS_REVIEW,
    PRE_HANDOVER_OASYS,
    POM_CONTACT,
)
# The engine's deadline for each kind (`Evaluation.deadlines.<name>`); POM contact is ours.
ENGINE_DEADLINE: dict[str, str] = {
    BCS: "bcs",
    SENTENCE_CALCULATION: "sentence_calculation",
    TRANSFER: "transfer",
    KEYWORKER_ALLOCATION: "keyworker_allocation",
    CATEGORISATION: "categorisation",
    RECATEGORISATION: "recategorisation",
    OASYS: "oasys",
    OASYS_REVIEW: "oasys_review",
    PRE_HANDOVER_OASYS: "oasys_review",
}
# Work a POM does for their case; the rest is the OMU's (case admins, the head of OMU).
POM_KINDS: frozenset[str] = frozenset(
    {BCS, RECATEGORISATION, OASYS, OASYS_REVIEW, PRE_HANDOVER_OASYS, POM_CONTACT}
)
# Kinds that come round again: a new basis (the last categorisation, OASys or contact) moves
# the open task. For the others a new basis (a new arrival, a new sentence) is a new task.
RECURRING_KINDS: frozenset[str] = frozenset(
    {RECATEGORISATION, OASYS_REVIEW, PRE_HANDOVER_OASYS, POM_CONTACT}
)
# Kinds staff complete by recording something (a BCS, a category, an OASys, a POM contact
# session, a keyworker allocation), not by a button: the record is the one source of the fact.
RECORDED_KINDS: dict[str, str] = {
    BCS: "bcs",
    CATEGORISATION: "categorisation",
    RECATEGORISATION: "categorisation",
    OASYS: "oasys",
    OASYS_REVIEW: "oasys",
    PRE_HANDOVER_OASYS: "oasys",
    POM_CONTACT: "session",
    KEYWORKER_ALLOCATION: "keyworker",
}

OPEN = "open"
DONE = "done"
DONE_LATE = "done_late"
NOT_NEEDED = "not_needed"


def task_owner(kind: str, primary_pom_id: int | None) -> int | None:
    """The case's POM for POM work; nobody (the OMU's list) for the OMU's own tasks."""
    return primary_pom_id if kind in POM_KINDS else None


def oasys_review_kind(due: dt.date, handover_date: dt.date | None) -> str:
    """The engine's `oasys_review` deadline is the earlier of the yearly review and the
    pre-handover OASys; it is the pre-handover one when it falls on the handover date."""
    return (
        PRE_HANDOVER_OASYS if handover_date is not None and due == handover_date else OASYS_REVIEW
    )


# --- Status of a task ------------------------------------------------------------------------


@dataclass(frozen=True)
class Windows:
    """A prison's "due soon" windows (policy `due_soon_days`, `bcs_due_soon_hours`)."""

    due_soon_days: int = 7
    bcs_due_soon_hours: int = 72

    def for_task(self, due_at: dt.datetime | None) -> dt.timedelta:
        if due_at is not None:
            return dt.timedelta(hours=self.bcs_due_soon_hours)
        return dt.timedelta(days=self.due_soon_days)


def task_status(
    due_on: dt.date,
    due_at: dt.datetime | None,
    *,
    now: dt.datetime,
    windows: Windows,
    completed_at: dt.datetime | None = None,
    completed_on: dt.date | None = None,
) -> str:
    """The colour status of a task: overdue, due_soon, not_due, done or done_late.

    A BCS (`due_at`) compares moments, so completing it exactly 72 hours after arrival is on
    time and a second later is late; every other task compares Europe/London days.
    """
    if due_at is not None:
        return deadline_status(
            due_at, now_or_today=now, completed_at=completed_at, due_soon=windows.for_task(due_at)
        )
    done = completed_on if completed_on is not None else completed_at
    return deadline_status(
        due_on, now_or_today=london_day(now), completed_at=done, due_soon=windows.for_task(None)
    )


def task_flags(
    due_on: dt.date, due_at: dt.datetime | None, *, now: dt.datetime, windows: Windows
) -> tuple[bool, bool]:
    """(overdue, due_soon) for an open task, as the nightly sweep would set them."""
    status = task_status(due_on, due_at, now=now, windows=windows)
    return status == "overdue", status == "due_soon"


def completion_status(
    due_on: dt.date,
    due_at: dt.datetime | None,
    *,
    completed_at: dt.datetime,
    completed_on: dt.date | None = None,
) -> str:
    """`done` when completed on or before the due moment (day, for date tasks), else `done_late`."""
    status = task_status(
        due_on,
        due_at,
        now=completed_at,
        windows=Windows(),
        completed_at=completed_at,
        completed_on=completed_on,
    )
    return DONE if status == "done" else DONE_LATE
