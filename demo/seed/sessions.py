"""Demo sessions: POM supervision and keywork over recent months, some that did not happen, so
contact compliance and keywork delivery have records to count. Deterministic."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from cases.models import Allocation, Session
from demo.factories.cases import SessionFactory
from demo.seed.calendar import at, days

SESSION_SUMMARIES = (
    "Talked through the sentence plan and the next steps on education.",
    "Reviewed progress on the thinking skills work; settled on the wing.",
    "Discussed family contact and a visit booked for next month.",
    "Went over the release plan and what the COM will need.",
    "Checked in after a difficult week; agreed to see the chaplaincy.",
    "Worked on the CV for the workshop job application.",
)
_PLACES = (Session.Place.INTERVIEW_ROOM, Session.Place.WING, Session.Place.CELL)
_NOT_HELD = tuple(r.value for r in Session.NotHeldReason)


def seed_sessions(*, seed: int, today: dt.date, prison_codes: Sequence[str]) -> int:
    """Sessions for every allocated demo case, by its POM and its keyworker."""
    rng = random.Random(f"{seed}-sessions")
    allocations = (
        Allocation.objects.filter(prisoner__current_prison__code__in=prison_codes)
        .order_by("prisoner__prison_number")
        .values_list("prisoner_id", "primary_pom_id", "keyworker_id", "pom_allocated_at")
    )
    sessions: list[Session] = []
    for prisoner_id, pom_id, keyworker_id, allocated_at in allocations:
        start = max(timezone.localdate(allocated_at), today - days(150)) if allocated_at else None
        if pom_id and start:
            sessions += _supervision(rng, prisoner_id, pom_id, start=start, today=today)
        if keyworker_id:
            sessions += _keywork(rng, prisoner_id, keyworker_id, today=today)
    Session.objects.bulk_create(sessions, batch_size=2000)
    return len(sessions)


def _supervision(
    rng: random.Random, prisoner_id: int, pom_id: int, *, start: dt.date, today: dt.date
) -> list[Session]:
    """POM supervision every few weeks since allocation; about one in eight not held."""
    sessions = []
    day = start + days(rng.randint(3, 20))
    while day < today:
        held = rng.random() > 0.12
        sessions.append(
            SessionFactory.row(
                prisoner_id=prisoner_id,
                staff_id=pom_id,
                kind=Session.Kind.POM_SUPERVISION,
                occurred_at=at(day, rng.choice((9, 10, 11, 14, 15))),
                duration_minutes=45,
                place=rng.choice(_PLACES),
                held=held,
                not_held_reason="" if held else rng.choice(_NOT_HELD),
                summary=rng.choice(SESSION_SUMMARIES) if held else "",
            )
        )
        day += days(rng.randint(18, 70))
    return sessions


def _keywork(
    rng: random.Random, prisoner_id: int, keyworker_id: int, *, today: dt.date
) -> list[Session]:
    """Keywork on the wing, weekly or fortnightly over ten weeks; one in four not held."""
    sessions = []
    day = today - days(7 * 10) + days(rng.randint(0, 6))
    while day < today:
        held = rng.random() > 0.25
        sessions.append(
            SessionFactory.row(
                prisoner_id=prisoner_id,
                staff_id=keyworker_id,
                kind=Session.Kind.KEYWORK,
                occurred_at=at(day, rng.choice((10, 13, 16))),
                duration_minutes=45,
                place=Session.Place.WING,
                held=held,
                not_held_reason="" if held else rng.choice(_NOT_HELD),
                summary="Keywork session on the wing." if held else "",
            )
        )
        day += days(rng.choice((7, 7, 7, 14)))
    return sessions
