"""The nightly overdue sweep: bring each prison's stored answers and tasks up to date from the
engine, flag tasks due soon or overdue, and record what was done (docs/commands.md#sweep_overdue,
docs/adr/0006-stored-case-state.md)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Case, Count, Q, Value, When

from cases.models import Prison
from cases.rules import london_day
from cases.services import state
from screening.models import SweepRun, Task
from screening.rules import Windows
from screening.selectors.counts import tasks_changed
from screening.selectors.facts import windows_for
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


def _flag_conditions(windows: Windows, now: dt.datetime) -> tuple[Q, Q, Q]:
    """What makes an open task overdue or due soon now under these windows, and what makes
    a task's stored flags wrong."""
    today = london_day(now)
    bcs_soon = now + windows.for_task(now)
    soon_day = today + windows.for_task(None)
    is_open = Q(status=Task.Status.OPEN)
    overdue = is_open & (
        Q(due_at__isnull=False, due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=today)
    )
    soon = is_open & (
        Q(due_at__isnull=False, due_at__gte=now, due_at__lte=bcs_soon)
        | Q(due_at__isnull=True, due_on__gte=today, due_on__lte=soon_day)
    )
    wrong = (overdue & Q(overdue=False)) | (~overdue & Q(overdue=True))
    wrong |= (soon & Q(due_soon=False)) | (~soon & Q(due_soon=True))
    return overdue, soon, wrong


def flags_wrong_by_prison(prisons: Iterable[Prison], *, now: dt.datetime) -> dict[int, Flags]:
    """What `tasks_flag` would change now in each of these prisons, without changing it: one
    aggregate query for every set of prisons that share their due-soon windows (most share
    the defaults). Prisons with nothing wrong are left out."""
    by_windows: dict[Windows, list[int]] = defaultdict(list)
    for prison in prisons:
        by_windows[windows_for(getattr(prison, "policy", None))].append(prison.pk)
    found: dict[int, Flags] = {}
    for windows, ids in by_windows.items():
        overdue, soon, wrong = _flag_conditions(windows, now)
        rows = (
            Task.objects.filter(prison_id__in=ids)
            .filter(wrong)
            .order_by()
            .values("prison_id")
            .annotate(
                flagged_overdue=Count("id", filter=overdue & Q(overdue=False)),
                flagged_due_soon=Count("id", filter=soon & Q(due_soon=False)),
                cleared=Count("id", filter=~overdue & ~soon),
            )
        )
        for row in rows:
            prison_id = row.pop("prison_id")
            found[prison_id] = Flags(**row)
    return found


def flags_wrong(*, prison: Prison, now: dt.datetime) -> Flags:
    """What `tasks_flag` would change now in one prison, without changing it: one count."""
    return flags_wrong_by_prison([prison], now=now).get(prison.pk, Flags())


def tasks_flag(*, prison: Prison, now: dt.datetime) -> Flags:
    """Mark the prison's open tasks overdue or due soon, and clear flags that no longer hold
    (done tasks, re-dated tasks): one count and one UPDATE, whatever the number of tasks. The
    UPDATE touches only rows whose flags are wrong, so a second run changes nothing."""
    flags = flags_wrong(prison=prison, now=now)
    if flags.flagged_overdue or flags.flagged_due_soon or flags.cleared:
        overdue, soon, wrong = _flag_conditions(windows_for(getattr(prison, "policy", None)), now)
        Task.objects.filter(prison=prison).filter(wrong).update(
            overdue=Case(When(overdue, then=Value(True)), default=Value(False)),
            due_soon=Case(When(soon, then=Value(True)), default=Value(False)),
        )
        transaction.on_commit(partial(tasks_changed, [prison.pk]))
    return flags


def sweep_prison(
    *, prison: Prison, now: dt.datetime | None = None, full: bool = False, flag: bool = True
) -> SweepRun:
    """Bring one prison's stored answers and tasks up to date, flag its tasks (unless `flag`
    is False: the Celery fan-out flags every prison at its end), and record what was done.

    Incremental by default: only the cases whose answer may have changed are evaluated
    (`cases.services.state.due_case_ids`: facts changed, a date they depend on come, no
    answer stored) and only those whose answer did change have their tasks synced. `full`
    evaluates every case and syncs every task: the weekly safety net.
    """
    now = moment(now)
    today = london_day(now)
    started = time.perf_counter()
    with transaction.atomic():
        _sweep_lock(prison.pk)
        if full:
            ids = prison_case_ids(prison.pk)
            refreshed = state.states_refresh_ids(
                [*ids, *state.stored_case_ids(prison.pk)], today=today
            )
            to_sync = ids
        else:
            refreshed = state.states_refresh_ids(
                state.due_case_ids([prison.pk], today=today), today=today
            )
            to_sync = refreshed.changed
        synced = tasks_sync(
            to_sync, now=now, evaluations=refreshed.evaluations, facts=refreshed.facts
        )
        flags = tasks_flag(prison=prison, now=now) if flag else Flags()
        return SweepRun.objects.create(
            prison=prison,
            started_at=now,
            seconds=round(time.perf_counter() - started, 3),
            evaluated=refreshed.evaluated,
            cases=synced.cases,
            created=synced.created,
            redated=synced.redated,
            closed=synced.closed,
            flagged_overdue=flags.flagged_overdue,
            flagged_due_soon=flags.flagged_due_soon,
            cleared=flags.cleared,
        )


def sweep_unheld(*, now: dt.datetime) -> int:
    """The cases no prison holds: their due answers re-evaluated, the tasks of those that
    changed synced (closed, as a rule). Returns how many were evaluated."""
    with transaction.atomic():
        refreshed = state.states_refresh_ids(
            state.unheld_due_ids(today=london_day(now)), today=london_day(now)
        )
        tasks_sync(
            refreshed.changed, now=now, evaluations=refreshed.evaluations, facts=refreshed.facts
        )
    return refreshed.evaluated


def sweep_flag(*, run_ids: list[int], now: dt.datetime) -> None:
    """The fan-out's last step: flag each swept prison's tasks (one UPDATE a prison) and add
    the counts to its run."""
    for run in SweepRun.objects.select_related("prison__policy").filter(pk__in=run_ids):
        with transaction.atomic():
            _sweep_lock(run.prison_id)
            flags = tasks_flag(prison=run.prison, now=now)
            SweepRun.objects.filter(pk=run.pk).update(
                flagged_overdue=flags.flagged_overdue,
                flagged_due_soon=flags.flagged_due_soon,
                cleared=flags.cleared,
            )


@dataclass(frozen=True)
class SweepSummary:
    prisons: int
    evaluated: int
    cases: int
    flagged: int
    cleared: int
    seconds: float

    def as_json(self) -> dict[str, object]:
        """The command's one line (docs/commands.md#sweep_overdue):
        {"flagged", "cleared", "evaluated", "cases", "seconds"}."""
        return {
            "flagged": self.flagged,
            "cleared": self.cleared,
            "evaluated": self.evaluated,
            "cases": self.cases,
            "seconds": round(self.seconds, 3),
        }


def sweep_prisons(prison_code: str = "") -> list[Prison]:
    """The prisons a sweep covers: every one, or the one with this code."""
    prisons = Prison.objects.select_related("policy").order_by("code")
    if prison_code:
        prisons = prisons.filter(code=prison_code.upper())
        if not prisons.exists():
            raise ValidationError({"prison": f"No prison with the code {prison_code.upper()}."})
    return list(prisons)


def sweep_summary(runs: list[SweepRun], *, seconds: float, unheld: int = 0) -> SweepSummary:
    return SweepSummary(
        prisons=len(runs),
        evaluated=unheld + sum(r.evaluated for r in runs),
        cases=sum(r.cases for r in runs),
        flagged=sum(r.flagged for r in runs),
        cleared=sum(r.cleared for r in runs),
        seconds=seconds,
    )


def sweep_overdue(
    *,
    prison_code: str = "",
    now: dt.datetime | None = None,
    workers: int = 1,
    full: bool = False,
) -> SweepSummary:
    """The nightly sweep over every prison (or one), in this process: bring the stored answers
    and tasks up to date (`sweep_prison`, incremental unless `full`), then flag.

    `workers` above 1 sweeps prisons in that many processes at once (PostgreSQL, outside a
    transaction; each prison is still swept whole, under its lock). Beat's Celery task fans
    the prisons out to the workers instead (`screening.tasks.sweep_overdue`).
    """
    now = moment(now)
    started = time.perf_counter()
    chosen = sweep_prisons(prison_code)
    # First the cases no prison holds: syncing their tasks can re-date one a prison then flags.
    unheld = 0 if prison_code else sweep_unheld(now=now)
    quiet: list[Prison] = []
    if not full:
        chosen, quiet = _split_quiet(chosen, now=now)
    parallel = (
        workers > 1
        and len(chosen) > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )
    if parallel:
        runs = _sweep_in_processes([p.pk for p in chosen], now=now, workers=workers, full=full)
    else:
        runs = [sweep_prison(prison=prison, now=now, full=full) for prison in chosen]
    runs += SweepRun.objects.bulk_create(
        SweepRun(prison=prison, started_at=now, seconds=0, evaluated=0, cases=0) for prison in quiet
    )
    return sweep_summary(runs, seconds=time.perf_counter() - started, unheld=unheld)


def _split_quiet(prisons: list[Prison], *, now: dt.datetime) -> tuple[list[Prison], list[Prison]]:
    """The prisons with something to do tonight, and the quiet ones: no case due for
    re-evaluation and no task flag wrong. Two set-based looks over every prison at once, so
    a rerun that changes nothing costs a few queries, not a few for each prison; a quiet
    prison's run is recorded with nothing done."""
    busy = state.due_prison_ids([p.pk for p in prisons], today=london_day(now))
    busy |= set(flags_wrong_by_prison(prisons, now=now))
    return [p for p in prisons if p.pk in busy], [p for p in prisons if p.pk not in busy]


def _sweep_prisons(prison_ids: list[int], now: dt.datetime, full: bool) -> list[int]:
    """One worker process's share of the sweep; returns the runs it recorded."""
    try:
        prisons = Prison.objects.select_related("policy").filter(pk__in=prison_ids)
        return [sweep_prison(prison=prison, now=now, full=full).pk for prison in prisons]
    finally:
        connections.close_all()


def _sweep_in_processes(
    prison_ids: list[int], *, now: dt.datetime, workers: int, full: bool
) -> list[SweepRun]:
    # Forked children must not share the parent's database connection: close it first, and
    # each child opens its own.
    connections.close_all()
    shares = [prison_ids[i::workers] for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = pool.starmap(_sweep_prisons, [(share, now, full) for share in shares if share])
    return list(SweepRun.objects.filter(pk__in=[pk for share in done for pk in share]))
