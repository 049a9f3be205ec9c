"""The steps every allocation write shares: lock the case, check the version the caller saw,
save with who and why, tell every app the holders changed, and queue the POM's email once the
transaction commits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from allocation.models import AllocationEvent
from allocation.tasks import notify_allocation
from cases import audit as case_audit
from cases import extensions
from cases.models import Allocation, Prison, Prisoner
from cases.text import display_name

Kind = AllocationEvent.Kind
EventRole = AllocationEvent.Role
POM_ROLES: tuple[str, ...] = (EventRole.PRIMARY, EventRole.SECONDARY)
ROLE_FIELDS: dict[str, str] = {
    EventRole.PRIMARY: "primary_pom",
    EventRole.SECONDARY: "secondary_pom",
    EventRole.KEYWORKER: "keyworker",
}
HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason column


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def pom_role(role: str) -> str:
    """`role` if it is a POM role (POM or co-working POM); a field error otherwise."""
    if role not in POM_ROLES:
        raise ValidationError({"role": "Choose POM or co-working POM."})
    return role


def lock(prisoner: Prisoner) -> tuple[Prisoner, Allocation]:
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


def lock_many(prison: Prison, ids: Sequence[int]) -> dict[int, Prisoner]:
    """Lock these prisoners at the prison, in id order (so two bulk actions cannot deadlock)."""
    return {
        p.pk: p
        for p in Prisoner.objects.select_for_update(of=("self",))
        .select_related("current_prison", "current_prison__policy")
        .filter(pk__in=ids, current_prison=prison)
        .order_by("pk")
    }


def _describe(allocation: Allocation) -> str:
    if allocation.pk is None:
        return "it has no allocation now"
    pom = display_name(allocation.primary_pom) if allocation.primary_pom_id else "none"
    last = allocation.history.order_by("-history_date").select_related("history_user").first()
    by = ""
    if last is not None:
        who = display_name(last.history_user, nobody="the system")
        by = f", last changed by {who} at {timezone.localtime(last.history_date):%H:%M on %-d %B}"
    return f"POM now: {pom}{by}"


def check_version(allocation: Allocation, expected_version: int | None) -> None:
    """A "conflict" unless the allocation is still at the version the caller saw."""
    if expected_version is not None and allocation.version != expected_version:
        raise ValidationError(
            "Someone else changed this case's allocation while you were looking at it "
            f"({_describe(allocation)}). Nothing was saved: check the case and try again.",
            code="conflict",
        )


def audit(instance: models.Model, *, acting_user: Any, reason: str) -> None:
    """Who makes the change and why, for the history row simple_history writes on save."""
    case_audit.attribute(instance, user=acting_user, reason=reason[:HISTORY_REASON_LENGTH])


def save(allocation: Allocation, fields: list[str], *, acting_user: Any, reason: str) -> Allocation:
    """Save the changed `fields` and a new version, with who and why in the history."""
    allocation.version += 1
    allocation.full_clean(exclude=["prisoner"])
    audit(allocation, acting_user=acting_user, reason=reason)
    if allocation.pk is None:
        allocation.save()
    else:
        allocation.save(update_fields=[*fields, "version"])
    # A case's tasks belong to its POM and start from their allocation: every app brings what
    # it stores up to date once the change is visible, rather than at the nightly sweep.
    extensions.case_changed([allocation.prisoner_id])
    return allocation


def notify_on_commit(events: Sequence[AllocationEvent]) -> None:
    """One email per POM told about new cases, after the transaction commits."""
    by_pom: dict[int, list[int]] = defaultdict(list)
    for event in events:
        if event.role in POM_ROLES and event.to_user_id:
            by_pom[event.to_user_id].append(event.pk)
    for ids in by_pom.values():
        transaction.on_commit(partial(notify_allocation.delay, ids))
