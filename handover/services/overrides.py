"""The head of OMU's responsibility override (docs/rules.md#ordered-rules, rule 1): the COM is
responsible whatever the dates say, until the override is removed with a reason."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import access, extensions
from cases.models import Prisoner
from cases.selectors import RESPONSIBILITY_LABELS
from handover.models import HandoverEvent, ResponsibilityOverride
from handover.services.common import lock, record_event

OVERRIDE_RESPONSIBILITY = "handover.override_responsibility"


@transaction.atomic
def responsibility_override_add(
    *, prisoner: Prisoner, acting_user: User, reason: str, detail: str = ""
) -> ResponsibilityOverride:
    """Make the COM responsible by the head of OMU's decision. The calculated dates still show.
    If an override is already active it is returned unchanged (a double submission)."""
    lock(prisoner)
    if not access.may_on_case(acting_user, OVERRIDE_RESPONSIBILITY, prisoner):
        raise ValidationError("Only the head of OMU can override responsibility.", code="forbidden")
    existing = ResponsibilityOverride.objects.filter(
        prisoner=prisoner, removed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    override = ResponsibilityOverride(
        prisoner=prisoner,
        reason=reason,
        detail=detail.strip(),
        created_by=acting_user,
        created_at=timezone.now(),
    )
    override.full_clean()
    override.save()
    why = override.get_reason_display() + (f": {override.detail}" if override.detail else "")
    record_event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.OVERRIDE_ADDED,
        summary="Responsibility overridden: COM responsible, POM supporting",
        old="As calculated",
        new=RESPONSIBILITY_LABELS["com_responsible"],
        reason=why,
    )
    extensions.case_changed([prisoner.pk])  # responsibility is a fact the engine reads
    return override


@transaction.atomic
def responsibility_override_remove(
    *, prisoner: Prisoner, acting_user: User, reason: str
) -> ResponsibilityOverride | None:
    """End the active override, with a reason; responsibility goes back to the calculated one.
    Returns None (and changes nothing) when there is no active override."""
    lock(prisoner)
    if not access.may_on_case(acting_user, OVERRIDE_RESPONSIBILITY, prisoner):
        raise ValidationError("Only the head of OMU can remove an override.", code="forbidden")
    override = (
        ResponsibilityOverride.objects.select_for_update()
        .filter(prisoner=prisoner, removed_at__isnull=True)
        .first()
    )
    if override is None:
        return None
    override.removed_at = timezone.now()
    override.removed_by = acting_user
    override.removal_reason = reason.strip()
    override.full_clean()
    override.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    record_event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.OVERRIDE_REMOVED,
        summary="Responsibility override removed: responsibility as calculated",
        old=RESPONSIBILITY_LABELS["com_responsible"],
        new="As calculated",
        reason=override.removal_reason,
    )
    extensions.case_changed([prisoner.pk])
    return override
