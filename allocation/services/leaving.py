"""A case leaving its prison, released or transferred: its POM, co-working POM and keyworker
allocations end there, as in Manage POM Cases. The COM stays with the case. Each ending is an
allocation decision like any other, audited with the change that caused it."""

from __future__ import annotations

from allocation.models import AllocationEvent
from allocation.services.keyworker import keyworker_deallocate
from allocation.services.pom import allocation_deallocate
from cases.audit import ChangeSource
from cases.models import Prisoner

WHY = {"release": "Released", "transfer": "Transferred to another prison"}


def allocations_end(*, prisoner_ids: list[int], why: str, source: ChangeSource) -> int:
    """End the POM, co-working POM and keyworker allocations of these cases; how many ended.
    Runs inside the leaving's transaction (`cases.extensions.case_leaving`)."""
    reason = WHY.get(why, why.capitalize())
    if source.label:
        reason = f"{reason} ({source.label})"
    ended = 0
    for prisoner in Prisoner.objects.filter(pk__in=prisoner_ids).select_related("current_prison"):
        for role in (AllocationEvent.Role.SECONDARY, AllocationEvent.Role.PRIMARY):
            ended += (
                allocation_deallocate(
                    prisoner=prisoner, acting_user=source.user, reason=reason, role=role
                )
                is not None
            )
        ended += (
            keyworker_deallocate(prisoner=prisoner, acting_user=source.user, reason=reason)
            is not None
        )
    return ended
