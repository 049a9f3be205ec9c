"""`sync_prison`: a prison's whole roll from Prisoner Search, applied as a whole-roll import
would be (docs/commands.md#sync_prison): through the roll's own planning and applying
(`cases.roll`), so a roll file and the feed read the national record the same way.

Unlike a file, the feed cannot be corrected and uploaded again, so a prisoner whose record
cannot be read is listed as an error and left as they are while the rest is applied. Prisoners
on the roll held at another of our prisons transfer in; prisoners we hold who are not on it are
each read again (`GET /prisoner/{number}`) and released, transferred or merged as their record
says, never silently removed.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import extensions
from cases.audit import ChangeSource
from cases.models import Prison, Prisoner
from cases.roll.apply import apply_roll
from cases.roll.plan import Leaver, plan_roll
from cases.roll.reader import RollFile
from cases.roll.record import KNOWN_COLUMNS, RowError
from feeds import probation
from feeds.clients import FeedError, Feeds
from feeds.documents import DocumentError, cells, number_of
from feeds.models import FeedRun
from feeds.reconcile import Context, Outcome, prisons_by_code, reconcile

CHUNK = 2000


@dataclass
class SyncResult:
    prison: Prison
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    applied: bool = False
    requests: int = 0
    run: FeedRun | None = None

    def line(self) -> dict[str, Any]:
        """The JSON line of docs/commands.md#sync_prison."""
        names = ("rows", "new", "changed", "unchanged", "leaving")
        return {
            "prison": self.prison.code,
            **{name: self.counts.get(name, 0) for name in names},
            "errors": self.errors,
            "applied": self.applied,
            "requests": self.requests,
        }


@dataclass
class _Roll:
    """The roll read, split into what the roll import plans and the transfers in."""

    rows: list[dict[str, object]]
    row_numbers: list[int]  # each planned row's place in the whole roll, from 1
    transfers_in: list[tuple[int, dict[str, Any]]]  # (place, document)


def sync_prison(
    prison: Prison, feeds: Feeds, *, dry_run: bool = False, now: dt.datetime | None = None
) -> SyncResult:
    """Read and apply the prison's whole roll; with `dry_run`, read and plan only, recording
    nothing. A service failure stops the run (recorded as failed) and writes nothing more."""
    now = now or timezone.now()
    started = time.monotonic()
    result = SyncResult(prison)
    if not dry_run:
        result.run = FeedRun.objects.create(kind=FeedRun.Kind.SYNC, prison=prison, started_at=now)
    try:
        _sync(result, feeds, dry_run=dry_run, now=now)
    except (FeedError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        result.errors.append(RowError(0, "", message).as_json())
        result.applied = False
        if result.run is not None:
            result.run.status = FeedRun.Status.FAILED
            result.run.failure = message
    result.requests = feeds.counter.count
    if result.run is not None:
        _finish(result, seconds=time.monotonic() - started)
    return result


def _finish(result: SyncResult, *, seconds: float) -> None:
    run = cast(FeedRun, result.run)
    if run.status == FeedRun.Status.RUNNING:
        run.status = FeedRun.Status.OK
    run.counts, run.errors = result.counts, result.errors[:500]
    run.requests, run.seconds = result.requests, seconds
    run.save(update_fields=["status", "failure", "counts", "errors", "requests", "seconds"])


def _sync(result: SyncResult, feeds: Feeds, *, dry_run: bool, now: dt.datetime) -> None:
    if feeds.search is None:
        raise FeedError("Prisoner Search", "PRISONER_SEARCH_URL is not set")
    prison, today = result.prison, timezone.localdate(now)
    roll = _read_roll(prison, [doc for page in feeds.search.roll(prison.code) for doc in page])
    plan = plan_roll(
        prison,
        RollFile(list(KNOWN_COLUMNS), cast(list[dict[str, str]], roll.rows)),
        full_roll=True,
        today=today,
    )
    result.counts = plan.counts()
    result.counts["rows"] += len(roll.transfers_in)
    result.counts["new"] += len(roll.transfers_in)
    result.errors = [
        RowError(roll.row_numbers[e.row - 1], e.column, e.message).as_json() for e in plan.errors
    ]
    if dry_run:
        return
    run = cast(FeedRun, result.run)
    source = ChangeSource(label=run.label, reason=f"Prisoner Search roll of {prison.code}")
    arrivals = [r.prison_number for r in plan.new] + [r.prison_number for r, _ in plan.returning]
    leavers = plan.leaving
    plan.errors, plan.leaving = [], []
    apply_roll(plan, source=source, at=now)
    ctx = Context(source=source, at=now, today=today, prisons=prisons_by_code())
    with extensions.changes_batched():  # the apps bring every case up to date once, at the end
        _resolve_all(feeds, roll, leavers, ctx, result, arrivals)
    result.applied = True
    _probation_on_arrival(result, feeds, arrivals, source=source, today=today)


def _resolve_all(
    feeds: Feeds,
    roll: _Roll,
    leavers: list[Leaver],
    ctx: Context,
    result: SyncResult,
    arrivals: list[str],
) -> None:
    """Transfers in, then each leaver read again and resolved, each in its own transaction."""
    assert feeds.search is not None
    outcomes: dict[str, int] = {}
    for place, doc in roll.transfers_in:
        if _resolve(number_of(doc), doc, ctx, result, place=place, outcomes=outcomes):
            arrivals.append(number_of(doc))
    for leaver in leavers:
        try:
            found = feeds.search.prisoner(leaver.prison_number)
        except FeedError as exc:
            result.errors.append(
                RowError(0, "prisonerNumber", f"{leaver.prison_number}: {exc}").as_json()
            )
            continue
        _resolve(leaver.prison_number, found, ctx, result, place=0, outcomes=outcomes)
    result.counts.update({f"leavers_{name}": n for name, n in sorted(outcomes.items())})


def _read_roll(prison: Prison, docs: list[dict[str, Any]]) -> _Roll:
    """The roll's documents as rows, less those of prisoners held at another of our prisons
    (transfers in: the roll import would refuse them)."""
    numbers = [number_of(doc) for doc in docs]
    elsewhere: set[str] = set()
    for start in range(0, len(numbers), CHUNK):
        elsewhere.update(
            Prisoner.objects.filter(prison_number__in=numbers[start : start + CHUNK])
            .filter(~Q(current_prison=prison), current_prison__isnull=False)
            .values_list("prison_number", flat=True)
        )
    roll = _Roll([], [], [])
    for place, (number, doc) in enumerate(zip(numbers, docs, strict=True), start=1):
        if number in elsewhere:
            roll.transfers_in.append((place, doc))
        else:
            roll.rows.append(cells(doc))
            roll.row_numbers.append(place)
    return roll


def _resolve(
    number: str,
    doc: dict[str, Any] | None,
    ctx: Context,
    result: SyncResult,
    *,
    place: int,
    outcomes: dict[str, int],
) -> bool:
    """Bring one prisoner in step with their document in a transaction of its own; an error
    is listed and the prisoner left as they are. True if they arrived."""
    try:
        with transaction.atomic():
            outcome = reconcile(number, doc, ctx)
    except (DocumentError, FeedError) as exc:
        result.errors.append(RowError(place, "prisonerNumber", f"{number}: {exc}").as_json())
        return False
    except ValidationError as exc:  # a service refusing the change (a conflict, a rule)
        message = "; ".join(exc.messages)
        result.errors.append(RowError(place, "prisonerNumber", f"{number}: {message}").as_json())
        return False
    if place == 0:
        outcomes[str(outcome)] = outcomes.get(str(outcome), 0) + 1
    return outcome in (Outcome.ARRIVED, Outcome.TRANSFERRED)


def _probation_on_arrival(
    result: SyncResult, feeds: Feeds, numbers: list[str], *, source: ChangeSource, today: dt.date
) -> None:
    """New arrivals' probation records, read now rather than at the next night."""
    if feeds.probation is None or not numbers:
        return
    arrived = Prisoner.objects.filter(prison_number__in=numbers, current_prison=result.prison)
    counts = probation.probation_refresh(arrived, feeds, source=source, today=today)
    result.counts.update(counts.as_json())
    result.errors += counts.errors


def probation_nightly(prison: Prison, feeds: Feeds, *, now: dt.datetime | None = None) -> FeedRun:
    """Every case at the prison that has a CRN or needs one: its probation record and tier."""
    now = now or timezone.now()
    started, before = time.monotonic(), feeds.counter.count
    run = FeedRun.objects.create(kind=FeedRun.Kind.PROBATION, prison=prison, started_at=now)
    source = ChangeSource(label=run.label, reason=f"Probation records of {prison.code}")
    counts = probation.probation_refresh(
        probation.cases_needing_probation(prison),
        feeds,
        source=source,
        today=timezone.localdate(now),
    )
    run.status = FeedRun.Status.OK
    run.counts, run.errors = counts.as_json(), counts.errors[:500]
    run.requests, run.seconds = feeds.counter.count - before, time.monotonic() - started
    run.save()
    return run
