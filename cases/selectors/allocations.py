"""Who holds each case at a prison, as plain rows: read once for a page that counts by them."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.db.models.functions import TruncDate

from cases import rules
from cases.models import Allocation, Prison, Prisoner


def allocation_of(prisoner: Prisoner) -> Allocation | None:
    """Who holds the case, or None when nobody is allocated: the row read with the case where it
    was (the access layer reads a case with its allocation and their users), else one query."""
    try:
        return prisoner.allocation
    except Allocation.DoesNotExist:
        return None


def holders_read(prisoner: Prisoner) -> dict[Any, Any]:
    """The people holding the case that are already read with it (the access layer reads them
    with the case), by user id: no query."""
    if not Prisoner.allocation.is_cached(prisoner):
        return {}
    allocation = allocation_of(prisoner)  # read: no query
    if allocation is None:
        return {}
    return {
        getattr(allocation, f"{name}_id"): getattr(allocation, name)
        for name in Allocation.HOLDERS
        if getattr(allocation, f"{name}_id") is not None
        and Allocation._meta.get_field(name).is_cached(allocation)  # type: ignore[union-attr]  # a foreign key: caches
    }


class AllocationRow(NamedTuple):
    prisoner_id: int
    primary_pom_id: int | None
    secondary_pom_id: int | None
    keyworker_id: int | None
    com_id: int | None
    pom_allocated_on: dt.date | None  # the London day of the allocation to the POM
    com_name: str
    tier: str  # the prisoner's
    complexity_of_need: str  # the prisoner's


def prison_allocations(prison: Prison) -> dict[int, AllocationRow]:
    """Every allocation of the cases the prison holds, by prisoner: one query, no model
    instances (thousands of them cost real time). The dashboard's figures, its caseload tallies
    and keyworker counts all read these same rows."""
    rows = (
        Allocation.objects.filter(prisoner__current_prison=prison)
        .annotate(allocated_on=TruncDate("pom_allocated_at", tzinfo=rules.LONDON))
        .values_list(
            "prisoner_id",
            "primary_pom_id",
            "secondary_pom_id",
            "keyworker_id",
            "com_id",
            "allocated_on",
            "com_name",
            "prisoner__tier",
            "prisoner__complexity_of_need",
        )
    )
    return {row[0]: AllocationRow(*row) for row in rows}
