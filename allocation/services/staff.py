"""Staff details that decide capacity and who can take cases: hours, capacity override, new-POM
status and leave, each change kept in the person's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from allocation.services.steps import audit, today_or
from cases import versions
from cases.models import StaffMember

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
    expected_version: int | None,
    reason: str = "",
    today: dt.date | None = None,
) -> StaffMember:
    """Change a member of staff's hours, capacity, new-POM status or leave, with history.

    Leave needs a return date after today; the daily `staff_return_from_leave` brings them
    back on it. Their cases stay with them: the re-allocation list shows those without cover.
    `expected_version` is the record's version the change was made from (`cases.versions`).
    """
    today = today_or(today)
    unknown = set(changes) - set(STAFF_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a staff setting."))
    member, _ = StaffMember.objects.select_for_update().get_or_create(user=user)
    versions.check_version(member, expected_version, changes)
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
    audit(member, acting_user=acting_user, reason=reason.strip() or "Staff details changed")
    member.save(update_fields=sorted({*changed, "return_date", *versions.next_version(member)}))
    return member
