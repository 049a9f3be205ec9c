"""Keyworkers: give a prisoner one, take one away, or give many prisoners theirs at once.

Refused in open prisons and for women assessed high complexity (they get extra POM time
instead, docs/rules.md#deadlines); over capacity or on leave only warns.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from allocation import rules as arules
from allocation.models import AllocationEvent
from allocation.moves import KeyworkerAssignment
from allocation.selectors.staff import fresh_staff_member, keyworker_loads
from allocation.services.steps import (
    EventRole,
    Kind,
    check_version,
    lock,
    lock_many,
    save,
    today_or,
)
from cases.models import Allocation, Prison, Prisoner, Role, StaffMember, StaffRole
from cases.selectors import evaluate_prisoner, prison_rules
from cases.text import display_name


def _check_keyworker(prisoner: Prisoner, keyworker: Any, *, today: dt.date) -> tuple[str, ...]:
    """The prisoner may have a keyworker and `keyworker` may take them; the warnings."""
    prison = prisoner.current_prison
    if prison is None:
        raise ValidationError("This prisoner has been released: no keyworker.", code="released")
    deadline = evaluate_prisoner(prisoner, today=today).deadlines.keyworker_allocation
    if not deadline.applies:
        raise ValidationError(deadline.explanation, code="no_keywork")
    name = display_name(keyworker)
    if not StaffRole.objects.filter(user=keyworker, prison=prison, role=Role.KEYWORKER).exists():
        raise ValidationError({"keyworker": f"{name} is not a keyworker at {prison.name}."})
    member = fresh_staff_member(keyworker)
    if member.status == StaffMember.Status.INACTIVE:
        raise ValidationError({"keyworker": f"{name} is inactive and cannot take prisoners."})
    policy = prison_rules(prison).policy
    capacity = arules.keyworker_capacity(capacity_override=member.capacity_override, policy=policy)
    held = keyworker_loads(prison).get(keyworker.pk, 0)
    suggestion = arules.rank_keyworkers(
        [
            arules.KeyworkerCandidate(
                keyworker.pk, name, member.status, member.return_date, held, capacity
            )
        ]
    )
    return suggestion[0].warnings if suggestion else ()


def _set_keyworker(
    locked: Prisoner,
    allocation: Allocation,
    *,
    keyworker: Any,
    acting_user: Any,
    reason: str,
    today: dt.date,
    batch: uuid.UUID | None = None,
) -> AllocationEvent | None:
    if allocation.keyworker_id == keyworker.pk:
        return None  # already theirs: nothing to do
    warnings = _check_keyworker(locked, keyworker, today=today)
    previous = allocation.keyworker
    allocation.keyworker = keyworker
    allocation.keyworker_allocated_at = timezone.now()
    kind = Kind.REALLOCATED if previous else Kind.ALLOCATED
    save(
        allocation,
        ["keyworker", "keyworker_allocated_at"],
        acting_user=acting_user,
        reason=reason or f"Keyworker {Kind(kind).label.lower()}",
    )
    event = AllocationEvent(
        prisoner=locked,
        prison=locked.current_prison,
        kind=kind,
        role=EventRole.KEYWORKER,
        from_user=previous,
        to_user=keyworker,
        warnings=[{"code": "keyworker", "message": w} for w in warnings],
        reason=reason.strip(),
        batch=batch,
        created_by=acting_user,
    )
    event.save()
    return event


@transaction.atomic
def keyworker_allocate(
    *,
    prisoner: Prisoner,
    keyworker: Any,
    acting_user: Any,
    expected_version: int | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> AllocationEvent | None:
    """Give a prisoner a keyworker. Refused in open prisons and for women assessed high
    complexity (they get extra POM time instead); over capacity or on leave only warns."""
    locked, allocation = lock(prisoner)
    check_version(allocation, expected_version)
    return _set_keyworker(
        locked,
        allocation,
        keyworker=keyworker,
        acting_user=acting_user,
        reason=reason,
        today=today_or(today),
    )


@transaction.atomic
def keyworker_deallocate(
    *, prisoner: Prisoner, acting_user: Any, reason: str, expected_version: int | None = None
) -> AllocationEvent | None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the keyworker is being removed."})
    locked, allocation = lock(prisoner)
    check_version(allocation, expected_version)
    previous = allocation.keyworker
    if previous is None:
        return None
    allocation.keyworker = None
    allocation.keyworker_allocated_at = None
    save(
        allocation,
        ["keyworker", "keyworker_allocated_at"],
        acting_user=acting_user,
        reason=reason.strip(),
    )
    event = AllocationEvent(
        prisoner=locked,
        prison=locked.current_prison,
        kind=Kind.DEALLOCATED,
        role=EventRole.KEYWORKER,
        from_user=previous,
        reason=reason.strip(),
        created_by=acting_user,
    )
    event.save()
    return event


@transaction.atomic
def keyworker_bulk_allocate(
    *,
    prison: Prison,
    assignments: Sequence[KeyworkerAssignment],
    acting_user: Any,
    today: dt.date | None = None,
) -> list[AllocationEvent]:
    """Give many prisoners keyworkers at once: all or nothing, one audit event per case."""
    if not assignments:
        raise ValidationError("Choose at least one prisoner.", code="empty")
    today = today_or(today)
    ids = [a.prisoner_id for a in assignments]
    locked = lock_many(prison, ids)
    allocations = {a.prisoner_id: a for a in Allocation.objects.filter(prisoner_id__in=ids)}
    keyworkers = {
        u.pk: u
        for u in get_user_model().objects.filter(pk__in={a.keyworker_id for a in assignments})
    }
    batch = uuid.uuid4()
    events = []
    for assignment in assignments:
        prisoner = locked.get(assignment.prisoner_id)
        label = prisoner.prison_number if prisoner else f"case {assignment.prisoner_id}"
        try:
            if prisoner is None:
                raise ValidationError("not a prisoner at this prison.")
            keyworker = keyworkers.get(assignment.keyworker_id)
            if keyworker is None:
                raise ValidationError("choose a keyworker.")
            allocation = allocations.get(prisoner.pk) or Allocation(prisoner=prisoner)
            check_version(allocation, assignment.expected_version)
            event = _set_keyworker(
                prisoner,
                allocation,
                keyworker=keyworker,
                acting_user=acting_user,
                reason="Bulk keyworker allocation",
                today=today,
                batch=batch,
            )
        except ValidationError as exc:
            raise ValidationError(
                f"{label}: {' '.join(exc.messages)} Nobody was allocated.",
                code=getattr(exc, "code", None) or "invalid",
            ) from exc
        if event:
            events.append(event)
    return events
