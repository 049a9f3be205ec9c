"""Handover states: the nightly transition that records each case's state as its dates give it
(docs/rules.md#handover-lists: the stored status is the audited record of each change).

Plain functions that the Celery tasks (`handover.tasks`), the `handover_transitions` command
and the services call; they need neither.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases import bulk
from cases import rules as omic
from cases.models import Prison, Prisoner
from handover import rules
from handover.models import HandoverCase, HandoverEvent
from handover.selectors.states import handover_states


@dataclass(frozen=True)
class TransitionResult:
    cases: int
    recorded: int  # cases whose first state was recorded
    moved: int  # cases that changed state
    seconds: float = 0.0

    def __add__(self, other: TransitionResult) -> TransitionResult:
        return TransitionResult(
            self.cases + other.cases,
            self.recorded + other.recorded,
            self.moved + other.moved,
            self.seconds + other.seconds,
        )


_LABELS = dict(HandoverCase.State.choices)


@transaction.atomic
def handover_transition_cases(qs: QuerySet[Prisoner], *, today: dt.date) -> TransitionResult:
    """Move every case in `qs` to the handover state its dates give on `today`, audited.

    Set-based: the engine evaluates the cases in a fixed number of queries; new cases get their
    row in one insert; then, for each (from, to) pair of states, the rows still in the "from"
    state are claimed with `select_for_update(skip_locked=True)`, moved with one update and
    audited with one insert. A second run (or one overlapping this one) finds nothing to move.
    Cases with no handover dates get a row only once they have had one.
    """
    targets = handover_states(qs, today=today)
    current = _current_states(targets)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, target in targets.items():
        if pk in current and current[pk] != target.value:
            groups[(current[pk], target.value)].append(pk)
    now = timezone.now()
    recorded = moved = 0
    for (old, new), group in sorted(groups.items()):
        claimed = _move(group, old, new, targets, today=today, now=now)
        if old:
            moved += claimed
        else:
            recorded += claimed
    return TransitionResult(cases=len(targets), recorded=recorded, moved=moved)


def _current_states(targets: dict[int, omic.Explained[rules.State]]) -> dict[int, str]:
    """Each case's recorded state ("" for a row just made); a case with no handover dates gets
    no row until it has had some."""
    existing = dict(
        HandoverCase.objects.filter(prisoner_id__in=list(targets)).values_list(
            "prisoner_id", "state"
        )
    )
    new = [
        HandoverCase(prisoner_id=pk, state="")
        for pk, state in targets.items()
        if pk not in existing and state.value != "no_handover"
    ]
    bulk.insert_objects(HandoverCase, new, ignore_conflicts=True)
    return {**existing, **{row.prisoner_id: "" for row in new}}


def _move(
    group: list[int],
    old: str,
    new: str,
    targets: dict[int, omic.Explained[rules.State]],
    *,
    today: dt.date,
    now: dt.datetime,
) -> int:
    """Claim the rows of `group` still in state `old`, move them to `new` and audit each; how
    many moved (rows another run holds or has moved are left alone)."""
    claimed = list(
        HandoverCase.objects.select_for_update(skip_locked=True)
        .filter(prisoner_id__in=group, state=old)
        .values_list("prisoner_id", flat=True)
    )
    if not claimed:
        return 0
    HandoverCase.objects.filter(prisoner_id__in=claimed, state=old).update(
        state=new, state_since=today, updated_at=now
    )
    bulk.insert_objects(
        HandoverEvent,
        [
            HandoverEvent(
                prisoner_id=pk,
                at=now,
                actor=None,
                action=HandoverEvent.Action.STATE_CHANGED,
                summary=f"Handover state: {_LABELS[new]}",
                old_value=_LABELS.get(old, "Not recorded") if old else "Not recorded",
                new_value=_LABELS[new],
                reason=targets[pk].explanation,
            )
            for pk in claimed
        ],
    )
    return len(claimed)


def handover_transitions_run(*, today: dt.date, prison: Prison | None = None) -> TransitionResult:
    """The nightly run: every prison in turn (one transaction each, so one prison's failure
    leaves the others done), then cases released since the last run. Safe to run twice."""
    started = time.perf_counter()
    total = TransitionResult(0, 0, 0)
    prisons = [prison] if prison else list(Prison.objects.order_by("code"))
    for each in prisons:
        total += handover_transition_cases(
            Prisoner.objects.filter(current_prison=each), today=today
        )
    if prison is None:
        released = Prisoner.objects.filter(current_prison__isnull=True).filter(
            Q(handover__isnull=False) & ~Q(handover__state=HandoverCase.State.RELEASED)
        )
        total += handover_transition_cases(released, today=today)
    return TransitionResult(
        total.cases, total.recorded, total.moved, round(time.perf_counter() - started, 3)
    )
