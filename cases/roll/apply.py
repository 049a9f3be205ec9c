"""Applying a checked roll through the data-in services, all or nothing: new prisoners in
batches, returning and changed ones one by one, leavers released. Each service audits its
change with the import as its source and brings its cases up to date once committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import extensions, rules
from cases.audit import ChangeSource
from cases.models import Prisoner
from cases.roll.plan import RollPlan
from cases.roll.record import RollRecord
from cases.services import facts

BATCH = 1000
Progress = Callable[[int, int], None]  # (done, total)


def _arrival(record: RollRecord, *, at: dt.datetime) -> facts.Arrival:
    """The arrival a row records: on its reception day when given (its start, the time being
    unknown), else now."""
    arrived_at = at
    if record.received_on is not None:
        arrived_at = dt.datetime.combine(record.received_on, dt.time(0, 0), tzinfo=rules.LONDON)
    return facts.Arrival(
        record.prison_number, record.details, record.legal_status, record.sentence, arrived_at
    )


def apply_roll(
    plan: RollPlan, *, source: ChangeSource, at: dt.datetime, progress: Progress | None = None
) -> None:
    """Write what the plan found, or nothing: a plan with errors is refused."""
    if plan.errors:
        raise ValidationError("The roll has errors: correct the file and check it again.")
    total = plan.rows + len(plan.leaving)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    with transaction.atomic(), extensions.changes_batched():
        for start in range(0, len(plan.new), BATCH):
            batch = plan.new[start : start + BATCH]
            arrivals = [_arrival(record, at=at) for record in batch]
            facts.prisoners_arrive_new(prison=plan.prison, arrivals=arrivals, source=source)
            step(len(batch))
        _one_by_one(plan, source=source, at=at, step=step)
        step(plan.unchanged)


def _one_by_one(
    plan: RollPlan, *, source: ChangeSource, at: dt.datetime, step: Callable[[int], None]
) -> None:
    for record, _pk in plan.returning:
        facts.prisoner_arrive(prison=plan.prison, arrival=_arrival(record, at=at), source=source)
        step(1)
    prisoners = Prisoner.objects.in_bulk([c.prisoner_id for c in plan.changed])
    for change in plan.changed:
        record = change.record
        facts.prisoner_facts_update(
            prisoner=prisoners[change.prisoner_id],
            source=source,
            details=record.details,
            legal_status=record.legal_status,
            sentence=record.sentence,
        )
        step(1)
    leavers = Prisoner.objects.in_bulk([leaver.prisoner_id for leaver in plan.leaving])
    for leaver in plan.leaving:
        facts.prisoner_release(
            prisoner=leavers[leaver.prisoner_id],
            at=at,
            source=source,
            reason=f"Not on the whole roll of {plan.prison.name} ({source.label}).",
        )
        step(1)
