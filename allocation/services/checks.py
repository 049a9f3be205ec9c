"""What the services check before a POM takes a case (docs/rules.md#pom-type): the case is in
scope with nothing missing, the POM works here and is not inactive, and every warning (type
mismatch, over capacity, on leave) is answered by an override reason. Also the audit row each
POM decision writes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from allocation import rules as arules
from allocation.models import AllocationEvent
from allocation.selectors.staff import fresh_staff_member, pom_load
from allocation.services.steps import EventRole
from cases import rules
from cases.models import Prison, Prisoner, StaffMember, StaffRole
from cases.selectors import evaluate_prisoner, prison_rules
from cases.text import display_name


@dataclass(frozen=True)
class PomCheck:
    """What the services found about a chosen POM: their type, warnings and the engine's
    recommendation, all recorded on the event."""

    required_type: str | None
    recommendation: str
    pom_type: str | None
    warnings: tuple[arules.AllocationWarning, ...]


def in_scope_and_complete(prisoner: Prisoner, *, today: dt.date) -> rules.Evaluation:
    """The engine's evaluation, refusing cases that cannot be allocated."""
    prison = prisoner.current_prison
    if prison is None:
        raise ValidationError("This prisoner has been released: no allocation.", code="released")
    ev = evaluate_prisoner(prisoner, today=today)
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


def check_pom(
    prisoner: Prisoner,
    pom: Any,
    *,
    role: str,
    today: dt.date,
    override_reason: str,
    override_detail: str,
) -> PomCheck:
    """The case may be allocated and `pom` may take it in `role`; their warnings, each
    answered by the override."""
    ev = in_scope_and_complete(prisoner, today=today)
    prison = prisoner.current_prison
    assert prison is not None  # in_scope_and_complete refuses released prisoners
    held = set(StaffRole.objects.filter(user=pom, prison=prison).values_list("role", flat=True))
    pom_role = arules.staff_pom_role(held)
    name = display_name(pom)
    if pom_role is None:
        raise ValidationError({"pom": f"{name} is not a POM at {prison.name}."}, code="not_a_pom")
    member = fresh_staff_member(pom)
    if member.status == StaffMember.Status.INACTIVE:
        raise ValidationError({"pom": f"{name} is inactive and cannot take cases."})
    capacity = arules.staff_capacity(
        role=pom_role,
        is_new_pom=member.is_new_pom,
        working_hours=float(member.working_hours),
        capacity_override=member.capacity_override,
        policy=prison_rules(prison).policy,
    )
    womens_high = (
        prison.function == Prison.Function.WOMENS
        and prisoner.complexity_of_need == Prisoner.Complexity.HIGH
    )
    load_after = pom_load(prison, pom).load() + arules.case_load(
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


def pom_event(
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
    """The audit row of one POM decision, with the check's recommendation and warnings."""
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
