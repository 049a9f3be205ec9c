"""CSV downloads of the task lists (My tasks, the OMU's tasks): the columns the pages show,
from the same rows."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from cases.exports import csv_response
from cases.text import display_name, status_words
from screening.models import SweepRun
from screening.selectors import TaskRow

HEADER = (
    "prison_number",
    "surname",
    "first_name",
    "task",
    "due",
    "status",
    "due_explanation",
    "completed_on",
    "completed_by",
    "reason",
)


def _row(row: TaskRow) -> tuple[object, ...]:
    t = row.task
    return (
        t.prisoner.prison_number,
        t.prisoner.last_name,
        t.prisoner.first_name,
        t.get_kind_display(),
        f"{timezone.localtime(t.due_at):%Y-%m-%d %H:%M}" if t.due_at else t.due_on,
        status_words(row.status),
        t.explanation,
        t.completed_on,
        display_name(t.completed_by),
        t.reason,
    )


def tasks_csv(filename: str, rows: Iterable[TaskRow], *, owner: bool = False) -> HttpResponse:
    """One row per task; with `owner`, who owns it too ("" for the OMU)."""
    if owner:
        return csv_response(
            filename, (*HEADER, "owner"), ((*_row(r), display_name(r.task.owner)) for r in rows)
        )
    return csv_response(filename, HEADER, (_row(r) for r in rows))


SWEEP_HEADER = (
    "started",
    "cases",
    "tasks_created",
    "redated",
    "closed",
    "newly_overdue",
    "newly_due_soon",
    "cleared",
    "seconds",
)


def sweep_runs_csv(filename: str, runs: Iterable[SweepRun]) -> HttpResponse:
    """The nightly sweep's runs, newest first: what each run did."""
    rows = (
        (
            f"{timezone.localtime(r.started_at):%Y-%m-%d %H:%M}",
            r.cases,
            r.created,
            r.redated,
            r.closed,
            r.flagged_overdue,
            r.flagged_due_soon,
            r.cleared,
            f"{r.seconds:.2f}",
        )
        for r in runs
    )
    return csv_response(filename, SWEEP_HEADER, rows)
