"""Writes for allocation: one function per business action, keyword-only, atomic and audited.

Every change to who holds a case locks the prisoner row first (`_lock`), checks the version the
caller saw (`_check_version`: two admins at once, one wins, the other gets a "conflict"), writes
the `Allocation` (with simple_history user and reason) and one `AllocationEvent` per case, and
queues the POM's email only once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from allocation import rules as arules
from allocation import selectors
from allocation.models import AllocationEvent
from allocation.tasks import notify_allocation as notify_allocation_task
from cases import extensions
from cases.models import Allocation, Prison, Prisoner, Role, StaffMember, StaffRole
from cases.selectors import POM_TYPE_LABELS, evaluate_cases

Kind = AllocationEvent.Kind
EventRole = AllocationEvent.Role
POM_ROLES = (EventRole.PRIMARY, EventRole.SECONDARY)
ROLE_FIELDS = {
    EventRole.PRIMARY: "primary_pom",
    EventRole.SECONDARY: "secondary_pom",
    EventRole.KEYWORKER: "keyworker",
}
_HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason column


# --------------------------------------------------------------------------------------------
# Shared steps


def _lock(prisoner: Prisoner) -> tuple[Prisoner, Allocation]:
    """Lock the prisoner row (only that row, not the joined prison) and load the allocation.

    Every allocation write takes this lock first, so writers to one case queue up and each
    sees the one before it; creating the allocation row is safe under the same lock.
    """
    locked = (
        Prisoner.objects.select_for_update(of=("self",))
        .select_related("current_prison", "current_prison__policy")
        .get(pk=prisoner.pk)
    )
    allocation = Allocation.objects.filter(prisoner=locked).first() or Allocation(prisoner=locked)
    return locked, allocation


def _describe(allocation: Allocation) -> str:
    if allocation.pk is None:
        return "it has no allocation now"
    pom = selectors.display_name(allocation.primary_pom) if allocation.primary_pom_id else "none"
    last = allocation.history.order_by("-history_date").select_related("history_user").first()
    by = ""
    if last is not None:
        who = selectors.display_name(last.history_user) or "the system"
        by = f", last changed by {who} at {timezone.localtime(last.history_date):%H:%M on %-d %B}"
    return f"POM now: {pom}{by}"


def _check_version(allocation: Allocation, expected_version: int | None) -> None:
    if expected_version is not None and allocation.version != expected_version:
        raise ValidationError(
            "Someone else changed this case's allocation while you were looking at it "
            f"({_describe(allocation)}). Nothing was saved: check the case and try again.",
            code="conflict",
        )


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _save(
    allocation: Allocation, fields: list[str], *, acting_user: Any, reason: str
) -> Allocation:
    allocation.version += 1
    allocation.full_clean(exclude=["prisoner"])
    allocation._history_user = acting_user  # type: ignore[attr-defined]
    allocation._change_reason = reason[:_HISTORY_REASON_LENGTH]  # type: ignore[attr-defined]
    if allocation.pk is None:
        allocation.save()
    else:
        allocation.save(update_fields=[*fields, "version"])
    # A case's tasks belong to its POM and start from their allocation: every app brings what
    # it stores up to date once the change is visible, rather than at the nightly sweep.
    extensions.case_changed([allocation.prisoner_id])
    return allocation


def _notify_on_commit(events: Sequence[AllocationEvent]) -> None:
    """One email per POM told about new cases, after the transaction commits."""
    by_pom: dict[int, list[int]] = defaultdict(list)
    for event in events:
        if event.role in POM_ROLES and event.to_user_id:
            by_pom[event.to_user_id].append(event.pk)
    for ids in by_pom.values():
        transaction.on_commit(lambda ids=ids: notify_allocation_task.delay(ids))


@dataclass(frozen=True)
class PomCheck:
    """What the services found about a chosen POM: their type, warnings and the engine's
    recommendation, all recorded on the event."""

    required_type: str | None
    recommendation: str
    pom_type: str | None
    warnings: tuple[arules.AllocationWarning, ...]


def _in_scope_and_complete(prisoner: Prisoner, *, today: dt.date) -> Any:
    """The engine's evaluation, refusing cases that cannot be allocated (section 3)."""
    prison = prisoner.current_prison
    if prison is None:
        raise ValidationError("This prisoner has been released: no allocation.", code="released")
    ev = evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]
    if not ev.in_omic_scope.value:
        raise ValidationError(
            f"Not in OMiC scope, so no POM is allocated: {ev.in_omic_scope.explanation}",
            code="out_of_scope",
        )
    missing = arules.missing_information(
        in_scope=True,
        pom_type=ev.pom_type.value,
        pom_type_explanation=ev.pom_type.explanation,
        womens_estate=prison.function == Prison.Function.WOMENS,
        complexity_of_need=prisoner.complexity_of_need or None,
    )
    if missing:
        raise ValidationError(
            " ".join(missing) + " Enter the missing information first.",
            code="missing_information",
        )
    return ev


def _check_pom(
    prisoner: Prisoner,
    pom: Any,
    *,
    role: str,
    today: dt.date,
    override_reason: str,
    override_detail: str,
) -> PomCheck:
    prison = prisoner.current_prison
    assert prison is not None
    ev = _in_scope_and_complete(prisoner, today=today)
    held = set(StaffRole.objects.filter(user=pom, prison=prison).values_list("role", flat=True))
    pom_role = arules.staff_pom_role(held)
    name = selectors.display_name(pom)
    if pom_role is None:
        raise ValidationError({"pom": f"{name} is not a POM at {prison.name}."}, code="not_a_pom")
    member = selectors.fresh_staff_member(pom)
    if member.status == StaffMember.Status.INACTIVE:
        raise ValidationError({"pom": f"{name} is inactive and cannot take cases."})
    policy = selectors.prison_rules(prison).policy
    capacity = arules.staff_capacity(
        role=pom_role,
        is_new_pom=member.is_new_pom,
        working_hours=float(member.working_hours),
        capacity_override=member.capacity_override,
        policy=policy,
    )
    womens_high = (
        prison.function == Prison.Function.WOMENS
        and prisoner.complexity_of_need == Prisoner.Complexity.HIGH
    )
    load_after = selectors.pom_load(prison, pom).load() + arules.case_load(
        coworking=role == EventRole.SECONDARY, womens_high_complexity=womens_high
    )
    pom_type = arules.staff_pom_type(pom_role, prison.omu_model)
    warnings = arules.allocation_warnings(
        required_type=ev.pom_type.value,
        candidate_type=pom_type,
        candidate_name=name,
        status=member.status,
        return_date=member.return_date,
        load_after=load_after,
        capacity=capacity.value,
    )
    errors = arules.override_errors(warnings, reason=override_reason, detail=override_detail)
    if errors:
        raise ValidationError(errors, code="override_needed")
    return PomCheck(ev.pom_type.value, ev.pom_type.explanation, pom_type, tuple(warnings))


def _pom_event(
    *,
    prisoner: Prisoner,
    kind: str,
    role: str,
    from_user: Any,
    to_user: Any,
    acting_user: Any,
    check: PomCheck | None,
    override_reason: str = "",
    override_detail: str = "",
    reason: str = "",
    note: str = "",
    explanation: str = "",
    batch: uuid.UUID | None = None,
) -> AllocationEvent:
    warned = bool(check and check.warnings)
    event = AllocationEvent(
        prisoner=prisoner,
        prison=prisoner.current_prison,
        kind=kind,
        role=role,
        from_user=from_user,
        to_user=to_user,
        recommended_pom_type=(check.required_type or "") if check else "",
        recommendation=check.recommendation if check else "",
        explanation=explanation,
        warnings=[{"code": w.code, "message": w.message} for w in check.warnings] if check else [],
        override_reason=override_reason if warned else "",
        override_detail=override_detail.strip() if warned else "",
        reason=reason.strip(),
        note_to_pom=note.strip(),
        batch=batch,
        created_by=acting_user,
    )
    event.full_clean()
    event.save()
    return event


def _role(role: str) -> str:
    if role not in POM_ROLES:
        raise ValidationError({"role": "Choose POM or co-working POM."})
    return role


# --------------------------------------------------------------------------------------------
# POM allocation, re-allocation and de-allocation


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
        raise ValidationError(
            {"pom": f"{selectors.display_name(pom)} is already this case's {label}."}
        )
    check = _check_pom(
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
    _save(allocation, fields, acting_user=acting_user, reason=history_reason)
    return _pom_event(
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
    role = _role(role)
    locked, allocation = _lock(prisoner)
    repeat = _already_done(locked, allocation, role=role, pom=pom, acting_user=acting_user)
    if repeat is not None:
        return repeat
    _check_version(allocation, expected_version)
    current = allocation.primary_pom if role == EventRole.PRIMARY else allocation.secondary_pom
    if current is not None:
        raise ValidationError(
            f"This case already has a {EventRole(role).label}: "
            f"{selectors.display_name(current)}. Nothing was saved.",
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
        today=_today(today),
        override_reason=override_reason,
        override_detail=override_detail,
        reason=reason,
        note=note,
        explanation=explanation,
    )
    _notify_on_commit([event])
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
    role = _role(role)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is being re-allocated."})
    locked, allocation = _lock(prisoner)
    repeat = _already_done(locked, allocation, role=role, pom=pom, acting_user=acting_user)
    if repeat is not None:
        return repeat
    _check_version(allocation, expected_version)
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
        today=_today(today),
    )
    _notify_on_commit([event])
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
            {"pom": f"{selectors.display_name(pom)} already holds this case."}, code="unchanged"
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
    role = _role(role)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the POM is being removed."})
    locked, allocation = _lock(prisoner)
    _check_version(allocation, expected_version)
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
    _save(allocation, fields, acting_user=acting_user, reason=reason.strip())
    return _pom_event(
        prisoner=locked,
        kind=Kind.DEALLOCATED,
        role=role,
        from_user=previous,
        to_user=None,
        acting_user=acting_user,
        check=None,
        reason=reason,
    )


@dataclass(frozen=True)
class PlannedMove:
    """One case of a bulk move: from its holder in `role` to `to_pom_id`."""

    prisoner_id: int
    to_pom_id: int
    expected_version: int | None = None
    role: str = EventRole.PRIMARY


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
    today = _today(today)
    ids = [m.prisoner_id for m in moves]
    if len(set(ids)) != len(ids):
        raise ValidationError("A case appears twice in the move.", code="duplicate")
    locked = {
        p.pk: p
        for p in Prisoner.objects.select_for_update(of=("self",))
        .select_related("current_prison", "current_prison__policy")
        .filter(pk__in=ids, current_prison=prison)
        .order_by("pk")
    }
    allocations = {a.prisoner_id: a for a in Allocation.objects.filter(prisoner_id__in=ids)}
    receivers = {
        u.pk: u for u in get_user_model().objects.filter(pk__in={m.to_pom_id for m in moves})
    }
    batch = uuid.uuid4()
    events = []
    for move in moves:
        prisoner = locked.get(move.prisoner_id)
        allocation = allocations.get(move.prisoner_id)
        to_pom = receivers.get(move.to_pom_id)
        label = prisoner.prison_number if prisoner else f"case {move.prisoner_id}"
        try:
            if prisoner is None or allocation is None:
                raise ValidationError("not a case at this prison with a POM.", code="conflict")
            if to_pom is None:
                raise ValidationError("the receiving POM does not exist.", code="invalid")
            _check_version(allocation, move.expected_version)
            holder = getattr(allocation, f"{ROLE_FIELDS[_role(move.role)]}_id")
            if holder != from_pom.pk:
                raise ValidationError(
                    f"no longer held by {selectors.display_name(from_pom)}.", code="conflict"
                )
            events.append(
                _reallocate_locked(
                    prisoner,
                    allocation,
                    role=move.role,
                    pom=to_pom,
                    acting_user=acting_user,
                    reason=reason,
                    override_reason=override_reason,
                    override_detail=override_detail,
                    note="",
                    explanation=f"Bulk move from {selectors.display_name(from_pom)}.",
                    today=today,
                    batch=batch,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                f"{label}: {' '.join(exc.messages)} Nothing was moved.",
                code=getattr(exc, "code", None) or "invalid",
            ) from exc
    _notify_on_commit(events)
    return events


# --------------------------------------------------------------------------------------------
# Keyworkers


def _check_keyworker(prisoner: Prisoner, keyworker: Any, *, today: dt.date) -> tuple[str, ...]:
    prison = prisoner.current_prison
    if prison is None:
        raise ValidationError("This prisoner has been released: no keyworker.", code="released")
    ev = evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]
    deadline = ev.deadlines.keyworker_allocation
    if not deadline.applies:
        raise ValidationError(deadline.explanation, code="no_keywork")
    name = selectors.display_name(keyworker)
    if not StaffRole.objects.filter(user=keyworker, prison=prison, role=Role.KEYWORKER).exists():
        raise ValidationError({"keyworker": f"{name} is not a keyworker at {prison.name}."})
    member = selectors.fresh_staff_member(keyworker)
    if member.status == StaffMember.Status.INACTIVE:
        raise ValidationError({"keyworker": f"{name} is inactive and cannot take prisoners."})
    policy = selectors.prison_rules(prison).policy
    capacity = arules.keyworker_capacity(capacity_override=member.capacity_override, policy=policy)
    held = selectors.keyworker_loads(prison).get(keyworker.pk, 0)
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
    _save(
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
    locked, allocation = _lock(prisoner)
    _check_version(allocation, expected_version)
    return _set_keyworker(
        locked,
        allocation,
        keyworker=keyworker,
        acting_user=acting_user,
        reason=reason,
        today=_today(today),
    )


@transaction.atomic
def keyworker_deallocate(
    *, prisoner: Prisoner, acting_user: Any, reason: str, expected_version: int | None = None
) -> AllocationEvent | None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the keyworker is being removed."})
    locked, allocation = _lock(prisoner)
    _check_version(allocation, expected_version)
    previous = allocation.keyworker
    if previous is None:
        return None
    allocation.keyworker = None
    allocation.keyworker_allocated_at = None
    _save(
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


@dataclass(frozen=True)
class KeyworkerAssignment:
    prisoner_id: int
    keyworker_id: int
    expected_version: int | None = None


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
    today = _today(today)
    ids = [a.prisoner_id for a in assignments]
    locked = {
        p.pk: p
        for p in Prisoner.objects.select_for_update(of=("self",))
        .select_related("current_prison", "current_prison__policy")
        .filter(pk__in=ids, current_prison=prison)
        .order_by("pk")
    }
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
            _check_version(allocation, assignment.expected_version)
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


# --------------------------------------------------------------------------------------------
# COM


@transaction.atomic
def com_record(
    *,
    prisoner: Prisoner,
    acting_user: Any,
    name: str,
    email: str = "",
    team: str = "",
    pdu: str = "",
    allocated_on: dt.date,
    com_user: Any = None,
    expected_version: int | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> AllocationEvent | None:
    """Record (or change) the case's COM and the date they were allocated."""
    today = _today(today)
    locked, allocation = _lock(prisoner)
    _check_version(allocation, expected_version)
    _in_scope_for_com(locked, today=today)
    if com_user is not None:
        if not StaffRole.objects.filter(user=com_user, role=Role.COM).exists():
            raise ValidationError(
                {"com_user": f"{selectors.display_name(com_user)} is not a COM in this service."}
            )
        name = name.strip() or selectors.display_name(com_user)
        email = email.strip() or com_user.email
    if not name.strip():
        raise ValidationError({"name": "Enter the COM's name."})
    if allocated_on > today:
        raise ValidationError({"allocated_on": "The date allocated cannot be in the future."})
    values = {
        "com": com_user,
        "com_name": name.strip(),
        "com_email": email.strip(),
        "com_team": team.strip(),
        "com_pdu": pdu.strip(),
        "com_allocated_on": allocated_on,
    }
    changed = [f for f, v in values.items() if getattr(allocation, f) != v]
    if not changed:
        return None
    for f in changed:
        setattr(allocation, f, values[f])
    _save(allocation, changed, acting_user=acting_user, reason=reason or "COM recorded")
    detail = ", ".join(v for v in (name.strip(), team.strip(), pdu.strip()) if v)
    event = AllocationEvent(
        prisoner=locked,
        prison=locked.current_prison,
        kind=Kind.COM_RECORDED,
        role=EventRole.COM,
        to_user=com_user,
        detail=f"{detail}; allocated {allocated_on:%-d %B %Y}"[:300],
        reason=reason.strip(),
        created_by=acting_user,
    )
    event.save()
    return event


def _in_scope_for_com(prisoner: Prisoner, *, today: dt.date) -> None:
    ev = evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]
    if not ev.in_omic_scope.value:
        raise ValidationError(
            f"Not in OMiC scope, so no COM is allocated: {ev.in_omic_scope.explanation}",
            code="out_of_scope",
        )


@transaction.atomic
def com_remove(
    *, prisoner: Prisoner, acting_user: Any, reason: str, expected_version: int | None = None
) -> AllocationEvent | None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the COM is being removed."})
    locked, allocation = _lock(prisoner)
    _check_version(allocation, expected_version)
    if not allocation.has_com:
        return None
    previous = allocation.com_name
    fields = ["com", "com_name", "com_email", "com_team", "com_pdu", "com_allocated_on"]
    allocation.com = None
    allocation.com_name = allocation.com_email = allocation.com_team = allocation.com_pdu = ""
    allocation.com_allocated_on = None
    _save(allocation, fields, acting_user=acting_user, reason=reason.strip())
    event = AllocationEvent(
        prisoner=locked,
        prison=locked.current_prison,
        kind=Kind.COM_REMOVED,
        role=EventRole.COM,
        detail=previous[:300],
        reason=reason.strip(),
        created_by=acting_user,
    )
    event.save()
    return event


# --------------------------------------------------------------------------------------------
# Missing information


@transaction.atomic
def prisoner_record_missing_information(
    *,
    prisoner: Prisoner,
    acting_user: Any,
    tier: str,
    rosh: str,
    complexity_of_need: str,
    reason: str = "",
) -> Prisoner:
    """Record the tier, ROSH and complexity of need the allocation rules need (section 3).

    Audited in the prisoner's history with who and why; saves only what changed.
    """
    locked = Prisoner.objects.select_for_update(of=("self",)).get(pk=prisoner.pk)
    values = {"tier": tier.strip().upper(), "rosh": rosh, "complexity_of_need": complexity_of_need}
    changed = [f for f, v in values.items() if getattr(locked, f) != v]
    if not changed:
        raise ValidationError("Nothing changed: enter the missing information.", code="unchanged")
    for f in changed:
        setattr(locked, f, values[f])
    if not locked.tier and not locked.rosh:
        raise ValidationError(
            {"tier": "Enter a tier or a risk of serious harm level: one is needed to allocate."}
        )
    locked.full_clean()
    locked._history_user = acting_user  # type: ignore[attr-defined]
    locked._change_reason = (reason.strip() or "Missing information for allocation")[
        # type: ignore[attr-defined]
        :_HISTORY_REASON_LENGTH
    ]
    locked.save(update_fields=changed)
    return locked


# --------------------------------------------------------------------------------------------
# Staff


STAFF_FIELDS = (
    "grade",
    "working_hours",
    "capacity_override",
    "is_new_pom",
    "status",
    "return_date",
)


@transaction.atomic
def staff_update(
    *,
    user: Any,
    acting_user: Any,
    changes: dict[str, Any],
    reason: str = "",
    today: dt.date | None = None,
) -> StaffMember:
    """Change a member of staff's hours, capacity, new-POM status or leave, with history.

    Leave needs a return date after today; the daily `staff_return_from_leave` brings them
    back on it. Their cases stay with them: the re-allocation list shows those without cover.
    """
    today = _today(today)
    unknown = set(changes) - set(STAFF_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a staff setting."))
    member, _ = StaffMember.objects.select_for_update().get_or_create(user=user)
    changed = [f for f, v in changes.items() if getattr(member, f) != v]
    if not changed:
        return member
    for f in changed:
        setattr(member, f, changes[f])
    if (
        member.status == StaffMember.Status.LEAVE
        and member.return_date
        and (member.return_date <= today)
    ):
        raise ValidationError({"return_date": "The return date must be after today."})
    member.full_clean()  # clears the return date unless on leave
    member._history_user = acting_user  # type: ignore[attr-defined]
    member._change_reason = (reason.strip() or "Staff details changed")[  # type: ignore[attr-defined]
        :_HISTORY_REASON_LENGTH
    ]
    member.save(update_fields=sorted({*changed, "return_date"}))
    return member


def staff_return_from_leave(*, today: dt.date) -> int:
    """Bring back everyone whose leave ends on or before `today`, set-based and idempotent.

    Rows are claimed with SKIP LOCKED, so two overlapping runs never return anyone twice;
    history rows are written in bulk with the reason.
    """
    with transaction.atomic():
        due = list(
            StaffMember.objects.select_for_update(skip_locked=True).filter(
                status=StaffMember.Status.LEAVE, return_date__lte=today
            )
        )
        for member in due:
            member.status = StaffMember.Status.ACTIVE
            member.return_date = None
        if due:
            bulk_update_with_history(
                due,
                StaffMember,
                ["status", "return_date"],
                default_change_reason=f"Back from leave on {today:%Y-%m-%d} (automatic)",
            )
    return len(due)


# --------------------------------------------------------------------------------------------
# Notifications


def allocation_notify(*, event_ids: Sequence[int]) -> int:
    """Email a POM about cases just allocated to them, once. Returns emails sent (0 or 1).

    Rows are claimed under a lock and marked sent in the same transaction as the send, so a
    failed send is retried by the task and a repeated task sends nothing.
    """
    with transaction.atomic():
        events = list(
            AllocationEvent.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=list(event_ids), notified_at__isnull=True, to_user__isnull=False)
            .select_related("prisoner", "prison", "to_user", "created_by")
            .order_by("pk")
        )
        if not events:
            return 0
        pom = events[0].to_user
        sent = 0
        if pom.email:
            send_mail(
                subject=_subject(events),
                message=_body(events),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[pom.email],
            )
            sent = 1
        AllocationEvent.objects.filter(pk__in=[e.pk for e in events]).update(
            notified_at=timezone.now()
        )
    return sent


def _subject(events: Sequence[AllocationEvent]) -> str:
    if len(events) == 1:
        p = events[0].prisoner
        return f"New case: {p.full_name} ({p.prison_number})"
    return f"{len(events)} new cases allocated to you"


def _body(events: Sequence[AllocationEvent]) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    pom = events[0].to_user
    lines = [f"Dear {selectors.display_name(pom)},", ""]
    lines.append(
        "You have been allocated the following case"
        + ("s" if len(events) > 1 else "")
        + " in the OMU service:"
    )
    for e in events:
        p = e.prisoner
        role = "co-working POM" if e.role == EventRole.SECONDARY else "POM"
        where = f" at {e.prison.name}" if e.prison else ""
        lines.append(
            f"- {p.full_name} ({p.prison_number}) as {role}{where}, by "
            f"{selectors.display_name(e.created_by) or 'the OMU'}: {base}/prisoners/{p.prison_number}/"
        )
        if e.recommended_pom_type:
            lines.append(
                f"  Recommended POM type: {POM_TYPE_LABELS.get(e.recommended_pom_type, '')}."
            )
        if e.note_to_pom:
            lines.append(f"  Note: {e.note_to_pom}")
    lines += ["", "Offender management in custody"]
    return "\n".join(lines)
