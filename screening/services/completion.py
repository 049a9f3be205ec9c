"""Completing tasks: by hand (done, or not needed), or by the record that completes them (a
BCS, a category decision, an OASys), on time or late (docs/rules.md#due-soon-and-overdue)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Prisoner
from cases.rules import london_day
from screening import rules
from screening.models import Task
from screening.selectors.counts import tasks_changed
from screening.services.common import moment
from screening.services.sync import tasks_sync

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_RECORD_NAMES = {
    "bcs": "BCS",
    "categorisation": "category decision",
    "oasys": "OASys",
    "session": "POM contact session",
    "keyworker": "keyworker allocation",
}


def close_open_task(
    prisoner: Prisoner,
    kinds: Sequence[str],
    *,
    acting_user: User | None,
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
    acting_user: User,
    completed_on: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Task:
    """Mark a task done (on time or late) by hand. Tasks completed by a record (BCS,
    categorisation, OASys) are refused: record the outcome instead."""
    now = moment(now)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status in (Task.Status.DONE, Task.Status.DONE_LATE):
        return task
    if task.status == Task.Status.NOT_NEEDED:
        raise ValidationError("This task was marked not needed.", code="conflict")
    if task.kind in rules.RECORDED_KINDS:
        record = _RECORD_NAMES[rules.RECORDED_KINDS[task.kind]]
        raise ValidationError(f"Record the {record} to complete this task.", code="conflict")
    day = completed_on or london_day(now)
    error = rules.not_in_future(day, today=london_day(now), label="date it was done")
    if error:
        raise ValidationError({"completed_on": error})
    done = close_open_task(
        task.prisoner,
        [task.kind],
        acting_user=acting_user,
        completed_at=now,
        completed_on=day,
        reason=note.strip() or "Marked done.",
    )
    tasks_sync([task.prisoner_id], now=now)
    assert done is not None  # the task was open, and is locked
    return done


@transaction.atomic
def task_mark_not_needed(*, task: Task, acting_user: User, reason: str) -> Task:
    """Close an open task as not needed, saying why (no completion moment: nothing was done)."""
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
    tasks_changed([task.prison_id])
    return task
