"""Pure rules of screening: which OMiC tasks a case needs, how its stored tasks must change,
when a task is due soon, overdue or done late, and what a BCS must contain.

No ORM, no clock: callers pass the engine's `Evaluation`, plain facts and `now`. Due dates and
their explanations come from the rules engine (`cases.rules`); this module only decides which
task rows follow from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from cases.rules import Evaluation, deadline_status, london_day, pom_contact_due

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
# Kinds staff complete by recording something (a BCS, a category, an OASys), not by a button.
RECORDED_KINDS: dict[str, str] = {
    BCS: "bcs",
    CATEGORISATION: "categorisation",
    RECATEGORISATION: "categorisation",
    OASYS: "oasys",
    OASYS_REVIEW: "oasys",
    PRE_HANDOVER_OASYS: "oasys",
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


# --- Which tasks a case needs ----------------------------------------------------------------


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

    Counted from the last contact recorded by completing a POM contact task; before the first,
    from the POM's allocation (or, with no allocation date, the arrival). Sessions logged with
    the prisoner are not read yet.
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
    elif case.arrival is not None:
        since, counted = london_day(case.arrival), "arrival (no contact recorded yet)"
    else:
        return "POM contact is counted from the allocation or arrival, and neither is recorded."
    due = pom_contact_due(None, since=since, months=months)
    return TaskSpec(
        POM_CONTACT,
        due,
        None,
        _day(since),
        f"POM contact due {_day(due)}: {months} month(s) after {counted} on {_day(since)}. "
        f"{ev.pom_contact_months.explanation}",
        case.primary_pom_id,
    )


def case_tasks(case: CaseBasis, ev: Evaluation, *, now: dt.datetime) -> CaseTasks:
    """The tasks the engine's evaluation asks of this case today."""
    result = CaseTasks()
    if case.prison_id is None:
        result.not_applicable = dict.fromkeys(KINDS, RELEASED)
        return result
    d = ev.deadlines
    bases = _bases(case)
    engine_dated = (
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
        if kind == OASYS_REVIEW:
            kind = oasys_review_kind(due, ev.handover.handover_date)  # type: ignore[arg-type]
            other = PRE_HANDOVER_OASYS if kind == OASYS_REVIEW else OASYS_REVIEW
            result.not_applicable[other] = f"Replaced: {deadline.explanation}"
        due_at = due if isinstance(due, dt.datetime) else None
        result.wanted[kind] = TaskSpec(
            kind,
            london_day(due_at) if due_at is not None else due,  # type: ignore[arg-type]
            due_at,
            bases[kind],
            deadline.explanation,
            task_owner(kind, case.primary_pom_id),
        )
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


# --- How stored tasks must change ------------------------------------------------------------


class StoredTask(NamedTuple):
    id: int
    prisoner_id: int
    prison_id: int
    kind: str
    status: str
    basis: str
    due_on: dt.date
    due_at: dt.datetime | None
    explanation: str
    owner_id: int | None


class NewTask(NamedTuple):
    prisoner_id: int
    prison_id: int
    spec: TaskSpec
    overdue: bool
    due_soon: bool


class Redate(NamedTuple):
    task_id: int
    spec: TaskSpec
    prison_id: int
    overdue: bool
    due_soon: bool


class Close(NamedTuple):
    task_id: int
    status: str
    reason: str
    completed_at: dt.datetime | None = None


@dataclass
class TaskChanges:
    create: list[NewTask] = field(default_factory=list)
    redate: list[Redate] = field(default_factory=list)
    close: list[Close] = field(default_factory=list)


def _auto_done(task: StoredTask, done: Satisfied) -> Close:
    status = completion_status(task.due_on, task.due_at, completed_at=done.completed_at)
    return Close(task.id, status, done.reason, done.completed_at)


def task_changes(
    case: CaseBasis,
    wanted: CaseTasks,
    stored: Iterable[StoredTask],
    *,
    now: dt.datetime,
    windows: Windows,
    into: TaskChanges | None = None,
) -> TaskChanges:
    """Bring one case's stored tasks in line with what it needs now (added to `into`, if
    given, so a batch collects one list of changes).

    - one open task per kind: a new due date, explanation, owner or prison re-dates it in
      place; a new basis for a one-off kind (a new arrival, a corrected sentence date) closes
      it as not needed and opens a new one;
    - a closed task (done or not needed) with the same basis stands: it is never reopened or
      created again;
    - a transfer task of a prisoner who has moved prison is done on the day they arrived;
    - a task whose deadline no longer applies is closed as not needed with the engine's reason.
    """
    changes = into if into is not None else TaskChanges()
    open_by_kind: dict[str, StoredTask] = {}
    closed: set[tuple[str, str]] = set()
    for task in stored:
        if task.status == OPEN:
            open_by_kind[task.kind] = task
        else:
            closed.add((task.kind, task.basis))
    for kind in KINDS:
        spec = wanted.wanted.get(kind)
        current = open_by_kind.get(kind)
        if current is not None:
            if (
                kind == TRANSFER
                and case.prison_id is not None
                and current.prison_id != case.prison_id
                and case.arrival is not None
            ):
                moved = Satisfied("Transferred to another prison.", case.arrival)
                changes.close.append(_auto_done(current, moved))
                continue
            if kind in wanted.satisfied:
                changes.close.append(_auto_done(current, wanted.satisfied[kind]))
                continue
            if spec is None:
                if kind in wanted.not_applicable:
                    changes.close.append(
                        Close(current.id, NOT_NEEDED, wanted.not_applicable[kind][:300])
                    )
                continue  # due date unknown for now: leave the task as it is
            if spec.basis != current.basis and kind not in RECURRING_KINDS:
                changes.close.append(
                    Close(current.id, NOT_NEEDED, f"Replaced: {spec.explanation}"[:300])
                )
                current = None
            else:
                prison_id = case.prison_id or current.prison_id
                if (
                    spec.due_on != current.due_on
                    or spec.due_at != current.due_at
                    or spec.basis != current.basis
                    or spec.explanation != current.explanation
                    or spec.owner_id != current.owner_id
                    or prison_id != current.prison_id
                ):
                    overdue, due_soon = task_flags(
                        spec.due_on, spec.due_at, now=now, windows=windows
                    )
                    changes.redate.append(Redate(current.id, spec, prison_id, overdue, due_soon))
                continue
        if (
            spec is not None
            and case.prison_id is not None
            and kind not in wanted.satisfied
            and (kind, spec.basis) not in closed
        ):
            overdue, due_soon = task_flags(spec.due_on, spec.due_at, now=now, windows=windows)
            changes.create.append(
                NewTask(case.prisoner_id, case.prison_id, spec, overdue, due_soon)
            )
    return changes


# --- Basic Custody Screening -----------------------------------------------------------------

BCS_AREAS: tuple[str, ...] = (
    "accommodation",
    "ete",
    "finance",
    "relationships",
    "substance_misuse",
    "health",
    "thinking_behaviour",
    "communication",
)
SUBSTANCES: tuple[str, ...] = ("drugs", "alcohol", "both")


@dataclass(frozen=True)
class AreaAnswer:
    need: bool | None = None
    notes: str = ""
    referral_requested: bool = False
    substances: str = ""  # substance misuse only: drugs, alcohol or both


@dataclass(frozen=True)
class BcsAnswers:
    areas: Mapping[str, AreaAnswer] = field(default_factory=dict)
    self_harm_risk: bool | None = None
    self_harm_notes: str = ""
    cell_sharing_risk: bool | None = None
    cell_sharing_notes: str = ""


def bcs_missing_answers(answers: BcsAnswers, labels: Mapping[str, str]) -> dict[str, str]:
    """What stops a BCS being completed, keyed `<area>_need`, `<area>_notes`, ... (the form's
    field names). Every area needs a yes or no; a need needs notes; a referral needs a need;
    both immediate risks need an answer, and a risk needs notes."""
    errors: dict[str, str] = {}
    for area in BCS_AREAS:
        answer = answers.areas.get(area, AreaAnswer())
        label = labels.get(area, area).lower()
        if answer.need is None:
            errors[f"{area}_need"] = f"Say whether there is a need for {label}."
            continue
        if answer.need and not answer.notes.strip():
            errors[f"{area}_notes"] = f"Describe the need for {label}."
        if answer.referral_requested and not answer.need:
            errors[f"{area}_referral"] = f"A referral for {label} needs a need identified."
        if area == "substance_misuse" and answer.need and answer.substances not in SUBSTANCES:
            errors[f"{area}_substances"] = "Say whether the need is drugs, alcohol or both."
    for risk, text in (("self_harm", "self-harm"), ("cell_sharing", "cell sharing")):
        value = getattr(answers, f"{risk}_risk")
        if value is None:
            errors[f"{risk}_risk"] = f"Say whether there is an immediate {text} risk."
        elif value and not getattr(answers, f"{risk}_notes").strip():
            errors[f"{risk}_notes"] = f"Describe the {text} risk and what was done about it."
    return errors


# BCS area -> resettlement need areas (omic-rules.md section 7). Health and wellbeing maps to
# mental health and communication skills to complex needs: the nearest section 7 areas.
_NEED_AREAS: dict[str, tuple[str, ...]] = {
    "accommodation": ("accommodation",),
    "ete": ("ete",),
    "finance": ("finance_benefit_debt",),
    "relationships": ("relationships_community",),
    "health": ("mental_health",),
    "thinking_behaviour": ("thinking_behaviour",),
    "communication": ("complex_needs",),
}
_SUBSTANCE_NEEDS: dict[str, tuple[str, ...]] = {
    "drugs": ("drugs",),
    "alcohol": ("alcohol",),
    "both": ("drugs", "alcohol"),
}


@dataclass(frozen=True)
class NeedSpec:
    area: str  # a resettlement need area
    bcs_area: str
    notes: str
    referral_requested: bool


def needs_from_bcs(answers: BcsAnswers) -> list[NeedSpec]:
    """The resettlement needs a completed BCS identifies, one per need area."""
    needs: list[NeedSpec] = []
    for area in BCS_AREAS:
        answer = answers.areas.get(area)
        if answer is None or not answer.need:
            continue
        targets = (
            _SUBSTANCE_NEEDS.get(answer.substances, ())
            if area == "substance_misuse"
            else _NEED_AREAS[area]
        )
        needs.extend(
            NeedSpec(target, area, answer.notes.strip(), answer.referral_requested)
            for target in targets
        )
    return needs


def default_need_owner(omu_model: str) -> str:
    """Who acts on a need found in custody: the prison, or the third-sector provider running
    the OMU."""
    return "third_sector" if omu_model == "third_sector" else "prison"


# --- Categorisation and OASys ----------------------------------------------------------------

_CATEGORIES: dict[str, tuple[str, ...]] = {
    "womens": ("A", "womens_closed", "womens_open"),
    "young_offender": ("A", "yoi_closed", "yoi_open"),
}
_MENS = ("A", "B", "C", "D")


def categories_for(prison_function: str) -> tuple[str, ...]:
    """Categories a prison's estate uses: women's and young offender estates have their own."""
    return _CATEGORIES.get(prison_function, _MENS)


def categorisation_task_kind(has_previous_decision: bool) -> str:
    return RECATEGORISATION if has_previous_decision else CATEGORISATION


# An OASys of each type closes the matching open task; the review and the pre-handover OASys
# stand in for each other (either one is an OASys before handover).
OASYS_TASK_KINDS: dict[str, tuple[str, ...]] = {
    "initial": (OASYS,),
    "review": (OASYS_REVIEW, PRE_HANDOVER_OASYS),
    "pre_handover": (PRE_HANDOVER_OASYS, OASYS_REVIEW),
}


def not_in_future(value: dt.date | None, *, today: dt.date, label: str) -> str | None:
    if value is not None and value > today:
        return f"The {label} cannot be in the future."
    return None
