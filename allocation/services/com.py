"""The community offender manager (COM) of a case: record them (or change them), or remove
them. A COM is recorded by name whether or not they use this service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from allocation.models import AllocationEvent
from allocation.services.steps import EventRole, Kind, check_version, lock, save, today_or
from cases.models import Prisoner, Role, StaffRole
from cases.selectors import evaluate_prisoner
from cases.text import display_name


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
    today = today_or(today)
    locked, allocation = lock(prisoner)
    check_version(allocation, expected_version)
    _in_scope_for_com(locked, today=today)
    if com_user is not None:
        if not StaffRole.objects.filter(user=com_user, role=Role.COM).exists():
            raise ValidationError(
                {"com_user": f"{display_name(com_user)} is not a COM in this service."}
            )
        name = name.strip() or display_name(com_user)
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
    save(allocation, changed, acting_user=acting_user, reason=reason or "COM recorded")
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
    ev = evaluate_prisoner(prisoner, today=today)
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
    locked, allocation = lock(prisoner)
    check_version(allocation, expected_version)
    if not allocation.has_com:
        return None
    previous = allocation.com_name
    fields = ["com", "com_name", "com_email", "com_team", "com_pdu", "com_allocated_on"]
    allocation.com = None
    allocation.com_name = allocation.com_email = allocation.com_team = allocation.com_pdu = ""
    allocation.com_allocated_on = None
    save(allocation, fields, acting_user=acting_user, reason=reason.strip())
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
