"""POM allocation, re-allocation and de-allocation, one case at a time or many in one move.

Every change locks the case first (`steps.lock`), checks the version the caller saw, writes the
`Allocation` with who and why and one `AllocationEvent` per case, and queues the POM's email
only once the transaction commits.
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

from allocation.models import AllocationEvent
from allocation.moves import PlannedMove
from allocation.services.checks import check_pom, pom_event
from allocation.services.steps import (
    ROLE_FIELDS,
    EventRole,
    Kind,
    check_version,
    lock,
    lock_many,
    notify_on_commit,
    pom_role,
    save,
    today_or,
)
from cases.models import Allocation, Prison, Prisoner
from cases.text import display_name


def _change_pom(
    locked: Prisoner,
    allocation: Allocation,
    *,
    role: str,
    pom: Any,
    kind: str,
    acting_user: Any,
    today: dt.date,
    override_reason: str,
    override_detail: str,
    reason: str,
    note: str,
    explanation: str,
    batch: uuid.UUID | None = None,
) -> AllocationEvent:
    """Put `pom` in `role` on a locked case (all checks already passed except the POM's)."""
    other = allocation.secondary_pom_id if role == EventRole.PRIMARY else allocation.primary_pom_id
    if pom.pk == other:
        label = "co-working POM" if role == EventRole.PRIMARY else "POM"
        raise ValidationError({"pom": f"{display_name(pom)} is already this case's {label}."})
    check = check_pom(
        locked,
        pom,
        role=role,
        today=today,
        override_reason=override_reason,
        override_detail=override_detail,
    )
    field = ROLE_FIELDS[role]
    previous = getattr(allocation, field)
    setattr(allocation, field, pom)
    fields = [field]
    if role == EventRole.PRIMARY:
        allocation.pom_allocated_at = timezone.now()
        mismatch = any(w.code == "type_mismatch" for w in check.warnings)
        allocation.accepted_mismatch_type = (check.required_type or "") if mismatch else ""
        allocation.reason = (reason or explanation or "Recommended POM type")[:300]
        fields += ["pom_allocated_at", "accepted_mismatch_type", "reason"]
    history_reason = reason or explanation or f"{Kind(kind).label} {EventRole(role).label}"
    save(allocation, fields, acting_user=acting_user, reason=history_reason)
    return pom_event(
        prisoner=locked,
        kind=kind,
        role=role,
        from_user=previous,
        to_user=pom,
        acting_user=acting_user,
        check=check,
        override_reason=override_reason,
        override_detail=override_detail,
        reason=reason,
        note=note,
        explanation=explanation,
        batch=batch,
    )


def _already_done(
    prisoner: Prisoner, allocation: Allocation, *, role: str, pom: Any, acting_user: Any
) -> AllocationEvent | None:
    """The event that already put `pom` in `role`, if the same admin just did it: a double
    submission returns it and changes nothing (anyone else's change stays a conflict)."""
    if getattr(allocation, f"{ROLE_FIELDS[role]}_id") != pom.pk:
        return None
    latest = AllocationEvent.objects.filter(prisoner=prisoner, role=role).first()
    if latest and latest.to_user_id == pom.pk and latest.created_by_id == acting_user.pk:
        return latest
    return None


@transaction.atomic
def allocation_assign(
    *,
    prisoner: Prisoner,
    pom: Any,
    acting_user: Any,
    role: str = EventRole.PRIMARY,
    expected_version: int | None = None,
    override_reason: str = "",
    override_detail: str = "",
    note: str = "",
    reason: str = "",
    explanation: str = "",
    today: dt.date | None = None,
) -> AllocationEvent:
    """Allocate a POM (or co-working POM) to a case that has none in that role.

    Refuses out-of-scope cases and cases missing information; warnings (type mismatch, over
    capacity, on leave) need an override reason. A case that gained a POM meanwhile is a
    conflict, whatever version the caller saw.
    """
    role = pom_role(role)
    locked, allocation = lock(prisoner)
    repeat = _already_done(locked, allocation, role=role, pom=pom, acting_user=acting_user)
    if repeat is not None:
        return repeat
    check_version(allocation, expected_version)
    current = allocation.primary_pom if role == EventRole.PRIMARY else allocation.secondary_pom
    if current is not None:
        raise ValidationError(
            f"This case already has a {EventRole(role).label}: "
            f"{display_name(current)}. Nothing was saved.",
            code="conflict",
        )
    if role == EventRole.SECONDARY and allocation.primary_pom_id is None:
        raise ValidationError("Allocate a POM before a co-working POM.", code="no_primary")
    event = _change_pom(
        locked,
        allocation,
        role=role,
        pom=pom,
        kind=Kind.ALLOCATED,
        acting_user=acting_user,
        today=today_or(today),
        override_reason=override_reason,
        override_detail=override_detail,
        reason=reason,
        note=note,
        explanation=explanation,
    )
    notify_on_commit([event])
    return event


@transaction.atomic
def allocation_reallocate(
    *,
    prisoner: Prisoner,
    pom: Any,
    acting_user: Any,
    reason: str,
    role: str = EventRole.PRIMARY,
    expected_version: int | None = None,
    override_reason: str = "",
    override_detail: str = "",
    note: str = "",
    explanation: str = "",
    today: dt.date | None = None,
) -> AllocationEvent:
    """Move a case from its POM (or co-working POM) to another, with a reason."""
    role = pom_role(role)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is being re-allocated."})
    locked, allocation = lock(prisoner)
    repeat = _already_done(locked, allocation, role=role, pom=pom, acting_user=acting_user)
    if repeat is not None:
        return repeat
    check_version(allocation, expected_version)
    event = _reallocate_locked(
        locked,
        allocation,
        role=role,
        pom=pom,
        acting_user=acting_user,
        reason=reason,
        override_reason=override_reason,
        override_detail=override_detail,
        note=note,
        explanation=explanation,
        today=today_or(today),
    )
    notify_on_commit([event])
    return event


def _reallocate_locked(
    locked: Prisoner,
    allocation: Allocation,
    *,
    role: str,
    pom: Any,
    acting_user: Any,
    reason: str,
    override_reason: str,
    override_detail: str,
    note: str,
    explanation: str,
    today: dt.date,
    batch: uuid.UUID | None = None,
) -> AllocationEvent:
    current_id = getattr(allocation, f"{ROLE_FIELDS[role]}_id")
    if current_id is None:
        raise ValidationError(
            f"This case has no {EventRole(role).label} to re-allocate from.", code="conflict"
        )
    if current_id == pom.pk:
        raise ValidationError(
            {"pom": f"{display_name(pom)} already holds this case."}, code="unchanged"
        )
    return _change_pom(
        locked,
        allocation,
        role=role,
        pom=pom,
        kind=Kind.REALLOCATED,
        acting_user=acting_user,
        today=today,
        override_reason=override_reason,
        override_detail=override_detail,
        reason=reason,
        note=note,
        explanation=explanation,
        batch=batch,
    )


@transaction.atomic
def allocation_deallocate(
    *,
    prisoner: Prisoner,
    acting_user: Any,
    reason: str,
    role: str = EventRole.PRIMARY,
    expected_version: int | None = None,
) -> AllocationEvent | None:
    """Take a case away from its POM (it returns to the queue) or remove the co-working POM.

    Idempotent: nobody in the role means nothing to do (returns None).
    """
    role = pom_role(role)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the POM is being removed."})
    locked, allocation = lock(prisoner)
    check_version(allocation, expected_version)
    field = ROLE_FIELDS[role]
    previous = getattr(allocation, field)
    if previous is None:
        return None
    setattr(allocation, field, None)
    fields = [field]
    if role == EventRole.PRIMARY:
        allocation.pom_allocated_at = None
        allocation.accepted_mismatch_type = ""
        allocation.reason = reason.strip()[:300]
        fields += ["pom_allocated_at", "accepted_mismatch_type", "reason"]
    save(allocation, fields, acting_user=acting_user, reason=reason.strip())
    return pom_event(
        prisoner=locked,
        kind=Kind.DEALLOCATED,
        role=role,
        from_user=previous,
        to_user=None,
        acting_user=acting_user,
        check=None,
        reason=reason,
    )


@transaction.atomic
def allocation_bulk_move(
    *,
    prison: Prison,
    from_pom: Any,
    moves: Sequence[PlannedMove],
    acting_user: Any,
    reason: str,
    override_reason: str = "",
    override_detail: str = "",
    today: dt.date | None = None,
) -> list[AllocationEvent]:
    """Move cases from one POM to others in one atomic action: every case moves or none does.

    Locks every prisoner (in id order, so two bulk moves cannot deadlock), then re-allocates
    each with the same checks as one at a time; one audit event per case, sharing a batch id.
    A failure names the case and rolls the whole move back.
    """
    if not moves:
        raise ValidationError("Choose at least one case to move.", code="empty")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the cases are moving."})
    ids = [m.prisoner_id for m in moves]
    if len(set(ids)) != len(ids):
        raise ValidationError("A case appears twice in the move.", code="duplicate")
    today = today_or(today)
    locked = lock_many(prison, ids)
    allocations = {a.prisoner_id: a for a in Allocation.objects.filter(prisoner_id__in=ids)}
    receivers = {
        u.pk: u for u in get_user_model().objects.filter(pk__in={m.to_pom_id for m in moves})
    }
    batch = uuid.uuid4()
    events = []
    for move in moves:
        prisoner = locked.get(move.prisoner_id)
        label = prisoner.prison_number if prisoner else f"case {move.prisoner_id}"
        try:
            events.append(
                _move_one(
                    move,
                    prisoner,
                    allocations.get(move.prisoner_id),
                    receivers.get(move.to_pom_id),
                    from_pom=from_pom,
                    acting_user=acting_user,
                    reason=reason,
                    override_reason=override_reason,
                    override_detail=override_detail,
                    today=today,
                    batch=batch,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                f"{label}: {' '.join(exc.messages)} Nothing was moved.",
                code=getattr(exc, "code", None) or "invalid",
            ) from exc
    notify_on_commit(events)
    return events


def _move_one(
    move: PlannedMove,
    prisoner: Prisoner | None,
    allocation: Allocation | None,
    to_pom: Any,
    *,
    from_pom: Any,
    acting_user: Any,
    reason: str,
    override_reason: str,
    override_detail: str,
    today: dt.date,
    batch: uuid.UUID,
) -> AllocationEvent:
    """One case of a bulk move, on its locked prisoner."""
    if prisoner is None or allocation is None:
        raise ValidationError("not a case at this prison with a POM.", code="conflict")
    if to_pom is None:
        raise ValidationError("the receiving POM does not exist.", code="invalid")
    check_version(allocation, move.expected_version)
    holder = getattr(allocation, f"{ROLE_FIELDS[pom_role(move.role)]}_id")
    if holder != from_pom.pk:
        raise ValidationError(f"no longer held by {display_name(from_pom)}.", code="conflict")
    return _reallocate_locked(
        prisoner,
        allocation,
        role=move.role,
        pom=to_pom,
        acting_user=acting_user,
        reason=reason,
        override_reason=override_reason,
        override_detail=override_detail,
        note="",
        explanation=f"Bulk move from {display_name(from_pom)}.",
        today=today,
        batch=batch,
    )
