"""The nightly overdue sweep: bring each prison's tasks up to date from the engine, flag those
due soon or overdue, and record what was done (docs/commands.md#sweep_overdue)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Q

from cases.models import Prison
from cases.rules import london_day
from screening.models import SweepRun, Task
from screening.selectors.counts import tasks_changed
from screening.selectors.facts import prisoners_by_id, windows_for
from screening.services.common import moment
from screening.services.sync import prison_case_ids, tasks_sync

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
    windows = windows_for(getattr(prison, "policy", None))
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
        transaction.on_commit(tasks_changed)
    return flags


def sweep_prison(*, prison: Prison, now: dt.datetime | None = None) -> SweepRun:
    """Bring one prison's tasks up to date, flag them, and record what was done."""
    now = moment(now)
    started = time.perf_counter()
    with transaction.atomic():
        _sweep_lock(prison.pk)
        synced = tasks_sync(prisoners_by_id(prison_case_ids(prison.pk)), now=now)
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
        """The command's one line (docs/commands.md#sweep_overdue):
        {"flagged", "cleared", "cases", "seconds"}."""
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
    now = moment(now)
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
