"""Keeping stored tasks in step with the rules engine: create, re-date and close each case's
tasks so they match what the engine asks of it today (docs/rules.md#tasks).

Everything that changes a fact the engine reads ends by calling `tasks_sync` for the case, in
the same transaction, so a task list is never a step behind what was just recorded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import QuerySet

from cases import bulk
from cases.models import Prisoner
from cases.rules import CaseFacts, Evaluation, london_day
from cases.selectors import evaluate_cases
from cases.services import state
from screening import rules
from screening.models import Task
from screening.selectors.counts import tasks_changed
from screening.selectors.facts import case_bases, prisoners_by_id, stored_tasks, windows_by_prison
from screening.services.common import moment

SYNC_CHUNK = 2000


@dataclass
class SyncResult:
    cases: int = 0
    created: int = 0
    redated: int = 0
    closed: int = 0
    # The prisons of the cases synced and of their tasks: where badges may need recounting.
    prisons: set[int] = field(default_factory=set, compare=False, repr=False)

    def add(self, other: SyncResult) -> None:
        self.cases += other.cases
        self.created += other.created
        self.redated += other.redated
        self.closed += other.closed
        self.prisons |= other.prisons


def _chunks(ids: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def tasks_sync(
    prisoners: Iterable[int] | QuerySet[Prisoner],
    *,
    now: dt.datetime | None = None,
    evaluations: Mapping[int, Evaluation] | None = None,
    facts: Mapping[int, CaseFacts] | None = None,
) -> SyncResult:
    """Create, re-date and close the cases' tasks so they match the rules engine today.

    `prisoners` is ids (synced in chunks) or a queryset (synced as one batch: keep it to a
    prison's size). Set-based: per batch, the engine evaluates the cases in its fixed number of
    queries, then four more reads (bases and the facts screening records, stored tasks,
    due-soon windows) and a few bulk writes. Safe to run any number of times: a second run
    changes nothing. `evaluations` the caller already has for today (the sweep's) are used
    rather than evaluated again, and the `facts` they were made from rather than read again.
    """
    now = moment(now)
    if isinstance(prisoners, QuerySet):
        batches: Iterable[QuerySet[Prisoner]] = [prisoners]
    else:
        ids = sorted(set(prisoners))
        batches = (prisoners_by_id(c) for c in _chunks(ids, SYNC_CHUNK))
    total = SyncResult()
    for batch in batches:
        total.add(_sync_batch(batch, now=now, known=evaluations or {}, facts=facts))
    if total.created or total.redated or total.closed:
        # Recount those prisons' badges now (this connection) and again once others can see it.
        tasks_changed(total.prisons)
        transaction.on_commit(partial(tasks_changed, frozenset(total.prisons)))
    return total


def _plan_batch(
    prisoners: QuerySet[Prisoner],
    *,
    now: dt.datetime,
    known: Mapping[int, Evaluation],
    facts: Mapping[int, CaseFacts] | None = None,
) -> tuple[int, rules.TaskChanges, set[int]]:
    """How many cases the batch holds, what syncing them would change (nothing written), and
    the prisons of the cases and of their tasks."""
    bases = case_bases(prisoners, facts=facts)
    if known and all(pk in known for pk in bases):
        evaluations = {pk: known[pk] for pk in bases}
    else:
        evaluations = evaluate_cases(prisoners, today=london_day(now))
    changes = rules.TaskChanges()
    if not evaluations:
        return 0, changes, set()
    stored = stored_tasks(list(evaluations))
    prisons = {b.prison_id for b in bases.values() if b.prison_id}
    windows = windows_by_prison(prisons)
    default = rules.Windows()
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
    # Badges to recount: where the cases are held, and where their tasks are due.
    prisons.update(task.prison_id for tasks in stored.values() for task in tasks)
    return len(evaluations), changes, prisons


def _sync_batch(
    prisoners: QuerySet[Prisoner],
    *,
    now: dt.datetime,
    known: Mapping[int, Evaluation],
    facts: Mapping[int, CaseFacts] | None = None,
) -> SyncResult:
    cases, changes, prisons = _plan_batch(prisoners, now=now, known=known, facts=facts)
    # Close first: a replaced task must stop being the open one before its successor exists.
    closed = _close(changes.close, now=now)
    redated = _redate(changes.redate, now=now)
    created = _create(changes.create)
    return SyncResult(cases, created, redated, closed, prisons)


def tasks_plan(prisoner_ids: Iterable[int], *, now: dt.datetime) -> rules.TaskChanges:
    """What `tasks_sync` would change for these cases now, without changing anything: a check
    that the stored tasks are what the engine asks (the incremental sweep's proof uses it)."""
    ids = sorted(set(prisoner_ids))
    total = rules.TaskChanges()
    for chunk in _chunks(ids, SYNC_CHUNK):
        _, changes, _ = _plan_batch(prisoners_by_id(chunk), now=now, known={})
        total.create += changes.create
        total.redate += changes.redate
        total.close += changes.close
    return total


def _close(closes: list[rules.Close], *, now: dt.datetime) -> int:
    """Close tasks, one UPDATE per (status, reason, completion moment)."""
    groups: dict[tuple[str, str, dt.datetime | None], list[int]] = defaultdict(list)
    for close in closes:
        groups[(close.status, close.reason, close.completed_at)].append(close.task_id)
    closed = 0
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
        closed += Task.objects.filter(id__in=ids, status=Task.Status.OPEN).update(**fields)
    return closed


_REDATE_FIELDS = [
    "due_on",
    "due_at",
    "basis",
    "explanation",
    "owner_id",
    "prison_id",
    "overdue",
    "due_soon",
    "updated_at",
]


def _redate(redates: list[rules.Redate], *, now: dt.datetime) -> int:
    rows = [
        (
            r.task_id,
            r.spec.due_on,
            r.spec.due_at,
            r.spec.basis,
            r.spec.explanation,
            r.spec.owner_id,
            r.prison_id,
            r.overdue,
            r.due_soon,
            now,
        )
        for r in redates
    ]
    bulk.update_rows(Task, _REDATE_FIELDS, rows)
    return len(rows)


def _create(new_tasks: list[rules.NewTask]) -> int:
    if not new_tasks:
        return 0
    # ignore_conflicts: a concurrent sync (a user's and the nightly one) may have opened the
    # same task a moment ago; the partial unique constraint keeps one.
    bulk.insert_objects(
        Task,
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
            for new in new_tasks
        ],
        ignore_conflicts=True,
    )
    return len(new_tasks)


def facts_recorded(prisoner_ids: list[int], *, now: dt.datetime) -> SyncResult:
    """After screening recorded a fact the engine reads (documents received, a category, an
    OASys): store the cases' new answer, then bring their tasks up to date, in this transaction."""
    state.states_refresh_ids(prisoner_ids, today=london_day(now))
    return tasks_sync(prisoner_ids, now=now)


def tasks_sync_prison(*, prison_id: int, now: dt.datetime | None = None) -> SyncResult:
    """Re-date every task at one prison (after its policy changed)."""
    return tasks_sync(prisoners_by_id(prison_case_ids(prison_id)), now=now)


def prison_case_ids(prison_id: int) -> list[int]:
    """Cases held at the prison, and cases that still have open tasks there (moved or released
    since): one query, both halves on an index."""
    held = (
        Prisoner.objects.filter(current_prison_id=prison_id).order_by().values_list("pk", flat=True)
    )
    still_open = Task.objects.filter(prison_id=prison_id, status=Task.Status.OPEN).order_by()
    return list(held.union(still_open.values_list("prisoner_id", flat=True)))
