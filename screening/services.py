"""Writes for screening: keeping OMiC tasks in step with the rules engine, completing them,
recording BCS, categorisation and OASys, the nightly overdue sweep and the daily digest.

Everything that changes a fact the engine reads ends by calling `tasks_sync` for the case, in
the same transaction, so a task list is never a step behind what was just recorded.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, connections, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases.models import Prison, Prisoner, Role, StaffRole
from cases.rules import london_day
from cases.selectors import evaluate_cases
from interventions.models import ResettlementNeed
from screening import rules, selectors
from screening.models import (
    Bcs,
    BcsArea,
    Categorisation,
    OasysAssessment,
    SentencePlanObjective,
    SweepRun,
    Task,
    TaskDigest,
)

SYNC_CHUNK = 2000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def _audit(obj: object, user: AbstractBaseUser | None, reason: str) -> None:
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]


# --- Keeping tasks in step with the engine ---------------------------------------------------


@dataclass
class SyncResult:
    cases: int = 0
    created: int = 0
    redated: int = 0
    closed: int = 0


def _chunks(ids: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _apply(changes: rules.TaskChanges, *, now: dt.datetime) -> SyncResult:
    result = SyncResult()
    # Close first: a replaced task must stop being the open one before its successor exists.
    groups: dict[tuple[str, str, dt.datetime | None], list[int]] = defaultdict(list)
    for close in changes.close:
        groups[(close.status, close.reason, close.completed_at)].append(close.task_id)
    for (status, reason, completed_at), ids in groups.items():
        fields: dict[str, object] = {
            "status": status,
            "reason": reason,
            "overdue": False,
            "due_soon": False,
            "updated_at": now,
        }
        if status != rules.NOT_NEEDED and completed_at is not None:
            fields["completed_at"] = completed_at
            fields["completed_on"] = london_day(completed_at)
        result.closed += Task.objects.filter(id__in=ids, status=Task.Status.OPEN).update(**fields)
    if changes.redate:
        redated = [
            Task(
                id=r.task_id,
                due_on=r.spec.due_on,
                due_at=r.spec.due_at,
                basis=r.spec.basis,
                explanation=r.spec.explanation,
                owner_id=r.spec.owner_id,
                prison_id=r.prison_id,
                overdue=r.overdue,
                due_soon=r.due_soon,
                updated_at=now,
            )
            for r in changes.redate
        ]
        redate_fields = [
            "due_on",
            "due_at",
            "basis",
            "explanation",
            "owner",
            "prison",
            "overdue",
            "due_soon",
            "updated_at",
        ]
        Task.objects.bulk_update(redated, redate_fields, batch_size=1000)
        result.redated = len(redated)
    if changes.create:
        # ignore_conflicts: a concurrent sync (a user's and the nightly one) may have opened the
        # same task a moment ago; the partial unique constraint keeps one.
        Task.objects.bulk_create(
            [
                Task(
                    prisoner_id=new.prisoner_id,
                    prison_id=new.prison_id,
                    kind=new.spec.kind,
                    due_on=new.spec.due_on,
                    due_at=new.spec.due_at,
                    basis=new.spec.basis,
                    explanation=new.spec.explanation,
                    owner_id=new.spec.owner_id,
                    overdue=new.overdue,
                    due_soon=new.due_soon,
                )
                for new in changes.create
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        result.created = len(changes.create)
    return result


def tasks_sync(
    prisoners: Iterable[int] | QuerySet[Prisoner], *, now: dt.datetime | None = None
) -> SyncResult:
    """Create, re-date and close the cases' tasks so they match the rules engine today.

    `prisoners` is ids (synced in chunks) or a queryset (synced as one batch: keep it to a
    prison's size). Set-based: per batch, the engine evaluates the cases in its fixed number of
    queries, then four more reads (bases and the facts screening records, stored tasks,
    due-soon windows) and a few bulk writes. Safe to run any number of times: a second run
    changes nothing.
    """
    now = _now(now)
    if isinstance(prisoners, QuerySet):
        batches: Iterable[QuerySet[Prisoner]] = [prisoners]
    else:
        ids = sorted(set(prisoners))
        batches = (selectors.prisoners_by_id(c) for c in _chunks(ids, SYNC_CHUNK))
    total = SyncResult()
    for batch in batches:
        applied = _sync_batch(batch, now=now)
        total.cases += applied.cases
        total.created += applied.created
        total.redated += applied.redated
        total.closed += applied.closed
    if total.created or total.redated or total.closed:
        # Recount navigation badges now (this connection) and again once others can see it.
        selectors.tasks_changed()
        transaction.on_commit(selectors.tasks_changed)
    return total


def _sync_batch(prisoners: QuerySet[Prisoner], *, now: dt.datetime) -> SyncResult:
    evaluations = evaluate_cases(prisoners, today=london_day(now))
    if not evaluations:
        return SyncResult()
    bases = selectors.case_bases(prisoners)
    stored = selectors.stored_tasks(list(evaluations))
    windows = selectors.windows_by_prison({b.prison_id for b in bases.values() if b.prison_id})
    default = rules.Windows()
    changes = rules.TaskChanges()
    for pk, evaluation in evaluations.items():
        case = bases.get(pk)
        if case is None:  # deleted between the two reads
            continue
        wanted = rules.case_tasks(case, evaluation, now=now)
        rules.task_changes(
            case,
            wanted,
            stored.get(pk, ()),
            now=now,
            windows=windows.get(case.prison_id or 0, default),
            into=changes,
        )
    applied = _apply(changes, now=now)
    applied.cases = len(evaluations)
    return applied


def tasks_sync_prison(*, prison_id: int, now: dt.datetime | None = None) -> SyncResult:
    """Re-date every task at one prison (after its policy changed)."""
    return tasks_sync(selectors.prisoners_by_id(_prison_case_ids(prison_id)), now=now)


def _prison_case_ids(prison_id: int) -> list[int]:
    """Cases held at the prison, and cases that still have open tasks there (moved or released
    since): one query, both halves on an index."""
    held = (
        Prisoner.objects.filter(current_prison_id=prison_id).order_by().values_list("pk", flat=True)
    )
    still_open = Task.objects.filter(prison_id=prison_id, status=Task.Status.OPEN).order_by()
    return list(held.union(still_open.values_list("prisoner_id", flat=True)))


# --- Completing tasks ------------------------------------------------------------------------


def _close_open_task(
    prisoner: Prisoner,
    kinds: Sequence[str],
    *,
    acting_user: AbstractBaseUser | None,
    completed_at: dt.datetime,
    completed_on: dt.date,
    reason: str,
) -> Task | None:
    """Close the first open task of `kinds` as done or done late; None if none is open."""
    open_tasks = {
        t.kind: t
        for t in Task.objects.select_for_update().filter(
            prisoner=prisoner, kind__in=kinds, status=Task.Status.OPEN
        )
    }
    task = next((open_tasks[k] for k in kinds if k in open_tasks), None)
    if task is None:
        return None
    task.status = rules.completion_status(
        task.due_on, task.due_at, completed_at=completed_at, completed_on=completed_on
    )
    task.completed_at = completed_at
    task.completed_on = completed_on
    task.completed_by = acting_user
    task.reason = reason[:300]
    task.overdue = task.due_soon = False
    task.full_clean()
    task.save(
        update_fields=[
            "status",
            "completed_at",
            "completed_on",
            "completed_by",
            "reason",
            "overdue",
            "due_soon",
            "updated_at",
        ]
    )
    return task


@transaction.atomic
def task_complete(
    *,
    task: Task,
    acting_user: AbstractBaseUser,
    completed_on: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Task:
    """Mark a task done (on time or late) by hand. Tasks completed by a record (BCS,
    categorisation, OASys) are refused: record the outcome instead."""
    now = _now(now)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status in (Task.Status.DONE, Task.Status.DONE_LATE):
        return task
    if task.status == Task.Status.NOT_NEEDED:
        raise ValidationError("This task was marked not needed.", code="conflict")
    if task.kind in rules.RECORDED_KINDS:
        record = {"bcs": "BCS", "categorisation": "category decision", "oasys": "OASys"}
        raise ValidationError(
            f"Record the {record[rules.RECORDED_KINDS[task.kind]]} to complete this task.",
            code="conflict",
        )
    day = completed_on or london_day(now)
    error = rules.not_in_future(day, today=london_day(now), label="date it was done")
    if error:
        raise ValidationError({"completed_on": error})
    done = _close_open_task(
        task.prisoner,
        [task.kind],
        acting_user=acting_user,
        completed_at=now,
        completed_on=day,
        reason=note.strip() or "Marked done.",
    )
    tasks_sync([task.prisoner_id], now=now)
    assert done is not None
    return done


@transaction.atomic
def task_mark_not_needed(
    *, task: Task, acting_user: AbstractBaseUser, reason: str, now: dt.datetime | None = None
) -> Task:
    now = _now(now)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.NOT_NEEDED:
        return task
    if task.status != Task.Status.OPEN:
        raise ValidationError("This task is already done.", code="conflict")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this task is not needed."})
    task.status = Task.Status.NOT_NEEDED
    task.reason = reason.strip()[:300]
    task.completed_by = acting_user
    task.overdue = task.due_soon = False
    task.save(
        update_fields=["status", "reason", "completed_by", "overdue", "due_soon", "updated_at"]
    )
    selectors.tasks_changed()
    return task


# --- Basic Custody Screening -----------------------------------------------------------------


def _lock(prisoner: Prisoner) -> None:
    """Serialise writes to one prisoner's screening (two staff saving the same BCS)."""
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).exists()


def answers_of(bcs: Bcs) -> rules.BcsAnswers:
    """The answers a stored BCS holds (reads `bcs.areas`)."""
    return rules.BcsAnswers(
        areas={
            a.area: rules.AreaAnswer(a.need, a.notes, a.referral_requested, a.substances)
            for a in bcs.areas.all()
        },
        self_harm_risk=bcs.self_harm_risk,
        self_harm_notes=bcs.self_harm_notes,
        cell_sharing_risk=bcs.cell_sharing_risk,
        cell_sharing_notes=bcs.cell_sharing_notes,
    )


@transaction.atomic
def bcs_save_draft(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    answers: rules.BcsAnswers,
    now: dt.datetime | None = None,
) -> Bcs:
    """Save what is known so far; nothing is checked for completeness until it is completed."""
    now = _now(now)
    _lock(prisoner)
    draft = Bcs.objects.filter(prisoner=prisoner, status=Bcs.Status.DRAFT).first()
    if draft is None:
        task = selectors.open_task(prisoner, rules.BCS)
        draft = Bcs(prisoner=prisoner, task=task, started_by=acting_user, started_at=now)
    unknown = set(answers.areas) - set(rules.BCS_AREAS)
    if unknown:
        raise ValidationError({"areas": f"Not a BCS area: {', '.join(sorted(unknown))}."})
    draft.self_harm_risk = answers.self_harm_risk
    draft.self_harm_notes = answers.self_harm_notes.strip()
    draft.cell_sharing_risk = answers.cell_sharing_risk
    draft.cell_sharing_notes = answers.cell_sharing_notes.strip()
    draft.full_clean()
    _audit(draft, acting_user, "Draft saved")
    draft.save()
    rows = [
        BcsArea(
            bcs=draft,
            area=area,
            need=answer.need,
            notes=answer.notes.strip(),
            referral_requested=answer.referral_requested,
            substances=answer.substances if area == "substance_misuse" else "",
        )
        for area, answer in answers.areas.items()
    ]
    for row in rows:
        row.full_clean(exclude=["bcs"], validate_unique=False)
    BcsArea.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["bcs", "area"],
        update_fields=["need", "notes", "referral_requested", "substances"],
    )
    return draft


@transaction.atomic
def bcs_complete(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    answers: rules.BcsAnswers | None = None,
    now: dt.datetime | None = None,
) -> Bcs:
    """Complete the prisoner's BCS: every area answered, then the BCS task closes on time or
    late (72 elapsed hours after arrival, to the second) and each need identified becomes a
    resettlement need. With `answers`, they are saved first; a repeat submission once the
    screening is complete changes nothing."""
    now = _now(now)
    _lock(prisoner)
    draft = Bcs.objects.filter(prisoner=prisoner, status=Bcs.Status.DRAFT).first()
    if draft is None:
        latest = (
            Bcs.objects.filter(prisoner=prisoner, status=Bcs.Status.COMPLETE)
            .order_by("-completed_at")
            .first()
        )
        if latest is not None and selectors.open_task(prisoner, rules.BCS) is None:
            return latest
        if answers is None:
            raise ValidationError("There is no screening to complete.", code="conflict")
    if answers is not None:
        draft = bcs_save_draft(prisoner=prisoner, acting_user=acting_user, answers=answers, now=now)
    assert draft is not None
    labels = dict(BcsArea.Area.choices)
    stored = answers_of(draft)
    errors = rules.bcs_missing_answers(stored, labels)
    if errors:
        raise ValidationError(errors)
    task = _close_open_task(
        prisoner,
        [rules.BCS],
        acting_user=acting_user,
        completed_at=now,
        completed_on=london_day(now),
        reason="Basic Custody Screening completed.",
    )
    draft.status = Bcs.Status.COMPLETE
    draft.completed_by = acting_user
    draft.completed_at = now
    if task is not None:
        draft.task = task
        draft.on_time = task.status == Task.Status.DONE
    _audit(draft, acting_user, "Completed")
    draft.save()
    _needs_from_bcs(prisoner, stored, acting_user=acting_user, now=now)
    tasks_sync([prisoner.pk], now=now)
    return draft


def _needs_from_bcs(
    prisoner: Prisoner,
    answers: rules.BcsAnswers,
    *,
    acting_user: AbstractBaseUser,
    now: dt.datetime,
) -> list[ResettlementNeed]:
    """A need per area found, unless the prisoner already has that need open."""
    specs = rules.needs_from_bcs(answers)
    if not specs:
        return []
    already = set(
        ResettlementNeed.objects.filter(
            prisoner=prisoner, status__in=ResettlementNeed.OPEN_STATUSES
        ).values_list("area", flat=True)
    )
    prison = prisoner.current_prison
    owner = rules.default_need_owner(prison.omu_model if prison else "standard")
    labels = dict(BcsArea.Area.choices)
    today = london_day(now)
    needs = [
        ResettlementNeed(
            prisoner=prisoner,
            area=spec.area,
            owner=owner,
            source=ResettlementNeed.Source.BCS,
            source_detail=f"BCS completed {today:%-d %B %Y}: {labels[spec.bcs_area]}"[:200],
            notes=spec.notes,
            referral_requested=spec.referral_requested,
            identified_on=today,
            created_by=acting_user,
        )
        for spec in specs
        if spec.area not in already
    ]
    return bulk_create_with_history(
        needs, ResettlementNeed, default_user=acting_user, default_change_reason="From the BCS"
    )


# --- Categorisation --------------------------------------------------------------------------


@transaction.atomic
def categorisation_documents_record(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    received_on: dt.date,
    now: dt.datetime | None = None,
) -> Categorisation:
    """Record the day all essential documents arrived: the categorisation clock starts."""
    now = _now(now)
    error = rules.not_in_future(received_on, today=london_day(now), label="date received")
    if error:
        raise ValidationError({"documents_received_date": error})
    _lock(prisoner)
    pending = Categorisation.objects.filter(prisoner=prisoner, decided_on__isnull=True).first()
    if pending is not None and pending.documents_received_date == received_on:
        return pending
    if pending is None:
        decided_before = Categorisation.objects.filter(
            prisoner=prisoner, decided_on__isnull=False
        ).exists()
        pending = Categorisation(
            prisoner=prisoner,
            kind=Categorisation.Kind.REVIEW if decided_before else Categorisation.Kind.INITIAL,
            recorded_by=acting_user,
        )
    pending.documents_received_date = received_on
    pending.full_clean()
    _audit(pending, acting_user, "Documents received")
    pending.save()
    tasks_sync([prisoner.pk], now=now)
    return pending


@transaction.atomic
def categorisation_decide(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    category: str,
    decided_on: dt.date,
    reason: str,
    now: dt.datetime | None = None,
) -> Categorisation:
    """Record a category decision. The first is the categorisation, later ones are reviews;
    either closes its task, and the engine dates the next review from it."""
    now = _now(now)
    errors: dict[str, str] = {}
    function = prisoner.current_prison.function if prisoner.current_prison else "training"
    allowed = rules.categories_for(function)
    if category not in allowed:
        labels = dict(Categorisation.Category.choices)
        errors["category"] = "Choose a category this prison's estate uses: " + ", ".join(
            labels[c] for c in allowed
        )
    future = rules.not_in_future(decided_on, today=london_day(now), label="decision date")
    if future:
        errors["decided_on"] = future
    if not reason.strip():
        errors["reason"] = "Give the reason for the decision."
    _lock(prisoner)
    pending = Categorisation.objects.filter(prisoner=prisoner, decided_on__isnull=True).first()
    received = pending.documents_received_date if pending else None
    if received and decided_on and decided_on < received and "decided_on" not in errors:
        errors["decided_on"] = (
            f"The decision cannot be before the documents were received ({received:%-d %B %Y})."
        )
    if errors:
        raise ValidationError(errors)
    decided_before = Categorisation.objects.filter(
        prisoner=prisoner, decided_on__isnull=False
    ).exists()
    record = pending or Categorisation(prisoner=prisoner, recorded_by=acting_user)
    record.kind = Categorisation.Kind.REVIEW if decided_before else Categorisation.Kind.INITIAL
    record.category = category
    record.decided_on = decided_on
    record.reason = reason.strip()
    record.decided_by = acting_user
    record.full_clean()
    _audit(record, acting_user, f"Category {category} decided")
    record.save()
    _close_open_task(
        prisoner,
        [rules.categorisation_task_kind(decided_before)],
        acting_user=acting_user,
        completed_at=now,
        completed_on=decided_on,
        reason=f"Category decided: {record.get_category_display()}.",
    )
    tasks_sync([prisoner.pk], now=now)
    return record


# --- OASys and the sentence plan -------------------------------------------------------------


@transaction.atomic
def oasys_record(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    kind: str,
    completed_on: dt.date,
    sentence_plan_completed_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> OasysAssessment:
    """Record a completed OASys (and sentence plan); it closes the matching OASys task and the
    engine dates the next review from it."""
    now = _now(now)
    today = london_day(now)
    errors: dict[str, str] = {}
    for name, value, label in (
        ("completed_on", completed_on, "OASys completion date"),
        ("sentence_plan_completed_on", sentence_plan_completed_on, "sentence plan date"),
    ):
        error = rules.not_in_future(value, today=today, label=label)
        if error:
            errors[name] = error
    if kind not in rules.OASYS_TASK_KINDS:
        errors["kind"] = "Choose the type of OASys."
    if errors:
        raise ValidationError(errors)
    _lock(prisoner)
    record = OasysAssessment(
        prisoner=prisoner,
        kind=kind,
        completed_on=completed_on,
        sentence_plan_completed_on=sentence_plan_completed_on,
        recorded_by=acting_user,
    )
    record.full_clean()
    _audit(record, acting_user, "OASys recorded")
    record.save()
    _close_open_task(
        prisoner,
        rules.OASYS_TASK_KINDS[kind],
        acting_user=acting_user,
        completed_at=now,
        completed_on=completed_on,
        reason=f"{record.get_kind_display()} completed.",
    )
    tasks_sync([prisoner.pk], now=now)
    return record


@transaction.atomic
def objective_add(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    need_area: str,
    description: str,
    target_date: dt.date | None,
) -> SentencePlanObjective:
    assessment = prisoner.oasys.order_by("-completed_on", "-id").first()
    objective = SentencePlanObjective(
        prisoner=prisoner,
        assessment=assessment,
        need_area=need_area,
        description=description.strip(),
        target_date=target_date,
        created_by=acting_user,
    )
    objective.full_clean()
    _audit(objective, acting_user, "Objective added")
    objective.save()
    return objective


@transaction.atomic
def objective_update_status(
    *, objective: SentencePlanObjective, acting_user: AbstractBaseUser, status: str
) -> SentencePlanObjective:
    objective = SentencePlanObjective.objects.select_for_update().get(pk=objective.pk)
    if objective.status == status:
        return objective
    if status not in SentencePlanObjective.Status.values:
        raise ValidationError({"status": "Choose a status."})
    objective.status = status
    _audit(objective, acting_user, f"Status: {objective.get_status_display()}")
    objective.save(update_fields=["status", "updated_at"])
    return objective


# --- The nightly overdue sweep ---------------------------------------------------------------

_SWEEP_LOCK = 60060  # advisory lock namespace: (this, prison id) is held while sweeping it


def _sweep_lock(prison_id: int) -> None:
    """Serialise sweeps of one prison across processes (beat overlap, a manual run)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SWEEP_LOCK, prison_id])


@dataclass
class Flags:
    flagged_overdue: int = 0
    flagged_due_soon: int = 0
    cleared: int = 0


def tasks_flag(*, prison: Prison, now: dt.datetime) -> Flags:
    """Mark the prison's open tasks overdue or due soon, and clear flags that no longer hold
    (done tasks, re-dated tasks): five conditional UPDATEs, whatever the number of tasks. Each
    changes only rows whose flag is wrong, so a second run changes nothing."""
    today = london_day(now)
    windows = selectors.windows_for(getattr(prison, "policy", None))
    bcs_soon = now + windows.for_task(now)
    soon_day = today + windows.for_task(None)
    is_overdue = Q(due_at__isnull=False, due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=today)
    is_soon = Q(due_at__isnull=False, due_at__gte=now, due_at__lte=bcs_soon) | Q(
        due_at__isnull=True, due_on__gte=today, due_on__lte=soon_day
    )
    tasks = Task.objects.filter(prison=prison)
    open_tasks = tasks.filter(status=Task.Status.OPEN)
    flags = Flags()
    flags.cleared += (
        tasks.exclude(status=Task.Status.OPEN)
        .filter(Q(overdue=True) | Q(due_soon=True))
        .update(overdue=False, due_soon=False)
    )
    flags.flagged_overdue = open_tasks.filter(is_overdue, overdue=False).update(
        overdue=True, due_soon=False
    )
    flags.flagged_due_soon = open_tasks.filter(is_soon, due_soon=False).update(
        due_soon=True, overdue=False
    )
    flags.cleared += open_tasks.filter(overdue=True).exclude(is_overdue).update(overdue=False)
    flags.cleared += open_tasks.filter(due_soon=True).exclude(is_soon).update(due_soon=False)
    if flags.flagged_overdue or flags.flagged_due_soon or flags.cleared:
        transaction.on_commit(selectors.tasks_changed)
    return flags


def sweep_prison(*, prison: Prison, now: dt.datetime | None = None) -> SweepRun:
    """Bring one prison's tasks up to date, flag them, and record what was done."""
    now = _now(now)
    started = time.perf_counter()
    with transaction.atomic():
        _sweep_lock(prison.pk)
        synced = tasks_sync(selectors.prisoners_by_id(_prison_case_ids(prison.pk)), now=now)
        flags = tasks_flag(prison=prison, now=now)
        return SweepRun.objects.create(
            prison=prison,
            started_at=now,
            seconds=round(time.perf_counter() - started, 3),
            cases=synced.cases,
            created=synced.created,
            redated=synced.redated,
            closed=synced.closed,
            flagged_overdue=flags.flagged_overdue,
            flagged_due_soon=flags.flagged_due_soon,
            cleared=flags.cleared,
        )


@dataclass(frozen=True)
class SweepSummary:
    prisons: int
    cases: int
    flagged: int
    cleared: int
    seconds: float

    def as_json(self) -> dict[str, object]:
        """The interfaces.md line: {"flagged", "cleared", "cases", "seconds"}."""
        return {
            "flagged": self.flagged,
            "cleared": self.cleared,
            "cases": self.cases,
            "seconds": round(self.seconds, 3),
        }


def sweep_overdue(
    *, prison_code: str = "", now: dt.datetime | None = None, workers: int = 1
) -> SweepSummary:
    """The nightly sweep over every prison (or one): re-date tasks from the engine, then flag.

    `workers` above 1 sweeps prisons in that many processes at once (PostgreSQL, outside a
    transaction; each prison is still swept whole, under its lock). The Celery task runs one.
    """
    now = _now(now)
    started = time.perf_counter()
    prisons = Prison.objects.select_related("policy").order_by("code")
    if prison_code:
        prisons = prisons.filter(code=prison_code.upper())
        if not prisons.exists():
            raise ValidationError({"prison": f"No prison with the code {prison_code.upper()}."})
    chosen = list(prisons)
    parallel = (
        workers > 1
        and len(chosen) > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )
    if parallel:
        runs = _sweep_in_processes([p.pk for p in chosen], now=now, workers=workers)
    else:
        runs = [sweep_prison(prison=prison, now=now) for prison in chosen]
    return SweepSummary(
        prisons=len(runs),
        cases=sum(r.cases for r in runs),
        flagged=sum(r.flagged for r in runs),
        cleared=sum(r.cleared for r in runs),
        seconds=time.perf_counter() - started,
    )


def _sweep_prisons(prison_ids: list[int], now: dt.datetime) -> list[int]:
    """One worker process's share of the sweep; returns the runs it recorded."""
    try:
        prisons = Prison.objects.select_related("policy").filter(pk__in=prison_ids)
        return [sweep_prison(prison=prison, now=now).pk for prison in prisons]
    finally:
        connections.close_all()


def _sweep_in_processes(prison_ids: list[int], *, now: dt.datetime, workers: int) -> list[SweepRun]:
    # Forked children must not share the parent's database connection: close it first, and
    # each child opens its own.
    connections.close_all()
    shares = [prison_ids[i::workers] for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = pool.starmap(_sweep_prisons, [(share, now) for share in shares if share])
    return list(SweepRun.objects.filter(pk__in=[pk for share in done for pk in share]))


# --- The daily digest ------------------------------------------------------------------------


@transaction.atomic
def digests_queue(*, day: dt.date) -> int:
    """Claim today's digest for everyone with overdue or due-soon tasks, and queue each email
    after commit. A (user, day) row is unique, so a rerun (or a parallel run) claims nobody
    twice: each run inserts with its own claim token and queues only the rows it inserted.
    Four queries, whatever the number of people."""
    from screening.tasks import send_task_digest as send_task_digest_task

    attention = Task.objects.filter(status=Task.Status.OPEN).filter(
        Q(overdue=True) | Q(due_soon=True)
    )
    owners = set(
        attention.filter(owner__isnull=False).values_list("owner_id", flat=True).distinct()
    )
    admins = set(
        StaffRole.objects.filter(
            role=Role.CASE_ADMIN,
            prison_id__in=attention.filter(owner__isnull=True).values("prison_id"),
        ).values_list("user_id", flat=True)
    )
    claim = uuid.uuid4().hex
    TaskDigest.objects.bulk_create(
        [TaskDigest(user_id=pk, day=day, claim=claim) for pk in sorted(owners | admins)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    claimed = list(TaskDigest.objects.filter(day=day, claim=claim).values_list("pk", flat=True))
    for pk in claimed:
        transaction.on_commit(lambda pk=pk: send_task_digest_task.delay(pk))
    return len(claimed)


def _digest_body(user: AbstractBaseUser, tasks: list[Task]) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = [f"Hello {user.get_short_name() or user.get_username()},", ""]
    overdue = [t for t in tasks if t.overdue]
    soon = [t for t in tasks if not t.overdue]
    for title, group in (("Overdue", overdue), ("Due soon", soon)):
        if not group:
            continue
        lines.append(f"{title} ({len(group)}):")
        for task in group:
            due = (
                timezone.localtime(task.due_at).strftime("%-d %b %Y %H:%M")
                if task.due_at
                else (task.due_on.strftime("%-d %b %Y"))
            )
            lines.append(
                f"- {task.get_kind_display()}: {task.prisoner.full_name} "
                f"({task.prisoner.prison_number}), {task.prison.code}, due {due}"
            )
        lines.append("")
    lines.append(f"See your tasks: {base}{reverse('my-tasks')}")
    return "\n".join(lines)


@transaction.atomic
def digest_send(*, digest_id: int, now: dt.datetime | None = None) -> bool:
    """Send one claimed digest, once. False when already sent or nothing is left to list."""
    now = _now(now)
    digest = (
        TaskDigest.objects.select_for_update().select_related("user").filter(pk=digest_id).first()
    )
    if digest is None or digest.sent_at is not None:
        return False
    tasks = selectors.digest_tasks(digest.user_id)
    digest.sent_at = now
    digest.overdue = sum(1 for t in tasks if t.overdue)
    digest.due_soon = len(tasks) - digest.overdue
    digest.save(update_fields=["sent_at", "overdue", "due_soon"])
    user = digest.user
    if not tasks or not user.email or not user.is_active:
        return False
    subject = f"Your OMiC tasks: {digest.overdue} overdue, {digest.due_soon} due soon"
    send_mail(subject, _digest_body(user, tasks), None, [user.email])
    return True
