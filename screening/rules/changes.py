"""How a case's stored tasks must change to match what it needs now (docs/rules.md#tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from screening.rules.kinds import (
    KINDS,
    NOT_NEEDED,
    OPEN,
    RECURRING_KINDS,
    TRANSFER,
    Windows,
    completion_status,
    task_flags,
)
from screening.rules.needed import CaseBasis, CaseTasks, Satisfied, TaskSpec


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
        if current is not None and not _update_open(
            case, wanted, current, spec, changes, now=now, windows=windows
        ):
            continue  # the open task stands (re-dated if need be) or was closed for good
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


def _update_open(
    case: CaseBasis,
    wanted: CaseTasks,
    current: StoredTask,
    spec: TaskSpec | None,
    changes: TaskChanges,
    *,
    now: dt.datetime,
    windows: Windows,
) -> bool:
    """Close, re-date or keep the open task of its kind (into `changes`); True when it was
    replaced, so a new task of the kind may be opened."""
    kind = current.kind
    if (
        kind == TRANSFER
        and case.prison_id is not None
        and current.prison_id != case.prison_id
        and case.arrival is not None
    ):
        moved = Satisfied("Transferred to another prison.", case.arrival)
        changes.close.append(_auto_done(current, moved))
        return False
    if kind in wanted.satisfied:
        changes.close.append(_auto_done(current, wanted.satisfied[kind]))
        return False
    if spec is None:
        if kind in wanted.not_applicable:
            changes.close.append(Close(current.id, NOT_NEEDED, wanted.not_applicable[kind][:300]))
        return False  # due date unknown for now: leave the task as it is
    if spec.basis != current.basis and kind not in RECURRING_KINDS:
        changes.close.append(Close(current.id, NOT_NEEDED, f"Replaced: {spec.explanation}"[:300]))
        return True
    prison_id = case.prison_id or current.prison_id
    if _differs(spec, current, prison_id):
        overdue, due_soon = task_flags(spec.due_on, spec.due_at, now=now, windows=windows)
        changes.redate.append(Redate(current.id, spec, prison_id, overdue, due_soon))
    return False


def _differs(spec: TaskSpec, current: StoredTask, prison_id: int) -> bool:
    return (
        spec.due_on != current.due_on
        or spec.due_at != current.due_at
        or spec.basis != current.basis
        or spec.explanation != current.explanation
        or spec.owner_id != current.owner_id
        or prison_id != current.prison_id
    )
