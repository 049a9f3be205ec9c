"""Recording a checklist item's status, evidence or owner (docs/rules.md#checklist)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import access, versions
from cases import rules as omic
from cases.models import Prisoner
from handover import rules
from handover.models import ChecklistItem, HandoverEvent
from handover.selectors.assess import assess_prisoner
from handover.services.common import current_sentence, lock, record_event


@transaction.atomic
def checklist_item_update(
    *,
    prisoner: Prisoner,
    code: str,
    acting_user: User,
    status: str,
    today: dt.date,
    not_needed_reason: str = "",
    evidence: str = "",
    owner: str | None = None,
    mappa_level: int | None = None,
    mappa_category: int | None = None,
    review_date: dt.date | None = None,
    evaluation: omic.Evaluation | None = None,
    expected_version: int | None = None,
) -> ChecklistItem:
    """Record an item's status, evidence or owner. A COM may change only COM-owned items and
    never the owner; automatic items (COM allocated, meeting, contacts) cannot be set by hand.
    Pass the case's `evaluation` when the request already has it (the engine then runs once).
    Pages and the API give `expected_version`, the item's version the change was made from (0
    before it was first recorded): a change made meanwhile is never overwritten."""
    lock(prisoner)
    definition = _check_item(
        prisoner, code, acting_user, status=status, owner=owner, today=today, evaluation=evaluation
    )
    sentence = current_sentence(prisoner)
    item = (
        ChecklistItem.objects.select_for_update().filter(sentence=sentence, code=code).first()
    ) or ChecklistItem(prisoner=prisoner, sentence=sentence, code=code, owner=definition.owner)
    values: dict[str, Any] = {
        "status": status,
        "not_needed_reason": not_needed_reason.strip() if status == "not_needed" else "",
        "evidence": evidence.strip(),
        "owner": owner or item.owner,
        "mappa_level": mappa_level if code == "mappa" else None,
        "mappa_category": mappa_category if code == "mappa" else None,
        "review_date": review_date if code == "mappa" else None,
    }
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if item.pk and not changed:
        return item  # already recorded as asked: a double submission changes nothing
    if expected_version is not None:
        versions.check_version(item, expected_version, values)
    old_status = item.get_status_display() if item.pk else "To do"
    _save(item, values, changed, acting_user=acting_user, today=today)
    record_event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.ITEM_UPDATED,
        summary=f"{definition.label}: {item.get_status_display()}",
        old=old_status,
        new=item.get_status_display(),
        reason=item.not_needed_reason or item.evidence,
    )
    return item


def _check_item(
    prisoner: Prisoner,
    code: str,
    acting_user: User,
    *,
    status: str,
    owner: str | None,
    today: dt.date,
    evaluation: omic.Evaluation | None,
) -> rules.ItemDefinition:
    """The item's definition, if this user may set it to `status` on this case."""
    definition = rules.ITEMS.get(code)
    if definition is None:
        raise ValidationError({"code": "Not a handover checklist item."})
    if definition.automatic:
        raise ValidationError(
            {"code": "This item is completed from the case's records, not ticked by hand."},
            code="automatic",
        )
    if status not in ChecklistItem.Status.values:
        raise ValidationError({"status": "Choose to do, done or not needed."})
    a = assess_prisoner(prisoner, today=today, evaluation=evaluation)
    current = next((i for i in a.items if i.code == code), None)
    if current is None:
        raise ValidationError({"code": "This item does not apply to this case."})
    as_com = access.acts_as_com(acting_user, prisoner)
    if as_com and (current.owner != "com" or (owner and owner != current.owner)):
        raise ValidationError(
            "As the COM you can update only the items the COM owns.", code="forbidden"
        )
    return definition


def _save(
    item: ChecklistItem,
    values: dict[str, Any],
    changed: list[str],
    *,
    acting_user: User,
    today: dt.date,
) -> None:
    """Write the changed values; the completion day follows the status."""
    for name in changed:
        setattr(item, name, values[name])
    if "status" in changed or not item.pk:
        item.completed_on = today if values["status"] == ChecklistItem.Status.DONE else None
        changed.append("completed_on")
    item.updated_by = acting_user
    item.updated_at = timezone.now()
    versions.next_version(item)
    item.full_clean()
    if item.pk:
        item.save(update_fields=[*set(changed), "updated_by", "updated_at", "version"])
    else:
        item.save()
