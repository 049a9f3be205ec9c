"""Demo resettlement needs: open needs (some with updates) for cases released in the next six
months, so the pre-release list and the case pages have something to show; one met need in
four cases. Deterministic: follows release dates and prison numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from cases.models import Prisoner
from cases.selectors import with_case_columns
from demo.factories.interventions import NeedUpdateFactory, ResettlementNeedFactory
from interventions.models import NeedUpdate, ResettlementNeed

A = ResettlementNeed.Area
_NEED_NOTES = {
    A.ACCOMMODATION: "No fixed abode; referred to the housing advice team.",
    A.FINANCE: "No bank account or ID; Universal Credit advance needed on release.",
    A.ETE: "Wants work in construction; no CSCS card yet.",
    A.RELATIONSHIPS: "Wants contact with his children; social services involved.",
    A.DRUGS: "Heroin use before custody; on a methadone script.",
    A.MENTAL_HEALTH: "Anxiety and low mood; under the in-reach team.",
}


def seed_needs(prison_codes: tuple[str, ...], *, today: dt.date, user: Any) -> tuple[int, int]:
    """Write the needs and their updates; returns how many of each."""
    window = today + dt.timedelta(weeks=26)
    prisoners = list(
        with_case_columns(Prisoner.objects.filter(current_prison__code__in=prison_codes))
        .filter(Q(display_release_date__gte=today) & Q(display_release_date__lte=window))
        .order_by("display_release_date", "prison_number")
        .values_list("id", flat=True)[:60]
    )  # fmt: skip
    taken = set(
        ResettlementNeed.objects.filter(
            prisoner_id__in=prisoners, status__in=ResettlementNeed.OPEN_STATUSES
        ).values_list("prisoner_id", "area")
    )
    needs: list[ResettlementNeed] = []
    for n, pk in enumerate(prisoners):
        needs += _open_needs(n, pk, taken, today=today, user=user)
        if n % 4 == 0:
            needs.append(
                ResettlementNeedFactory.row(
                    prisoner_id=pk,
                    area=A.ETE,
                    status=ResettlementNeed.Status.MET,
                    owner=ResettlementNeed.Owner.THIRD_SECTOR,
                    source=ResettlementNeed.Source.REVIEW,
                    notes="Job offer from a local employer on release.",
                    identified_on=today - dt.timedelta(days=120),
                    created_by=user,
                )
            )
    created = bulk_create_with_history(needs, ResettlementNeed, default_user=user)
    updates = _updates(created, today=today, user=user)
    NeedUpdate.objects.bulk_create(updates)
    return len(created), len(updates)


def _open_needs(
    n: int, pk: int, taken: set[tuple[int, str]], *, today: dt.date, user: Any
) -> list[ResettlementNeed]:
    """One to three open needs for the `n`th case, none where one is already open."""
    areas = list(_NEED_NOTES)
    needs = []
    for k in range(1 + n % 3):
        area = areas[(n + k * 2) % len(areas)]
        if (pk, area) in taken:
            continue
        taken.add((pk, area))
        needs.append(
            ResettlementNeedFactory.row(
                prisoner_id=pk,
                area=area,
                status=(
                    ResettlementNeed.Status.IN_PROGRESS
                    if k == 1
                    else ResettlementNeed.Status.IDENTIFIED
                ),
                owner=(
                    ResettlementNeed.Owner.PROBATION
                    if area == A.ACCOMMODATION
                    else ResettlementNeed.Owner.PRISON
                ),
                source=ResettlementNeed.Source.REVIEW,
                source_detail="Pre-release review",
                notes=_NEED_NOTES[area],
                identified_on=today - dt.timedelta(days=60 + n),
                created_by=user,
            )
        )
    return needs


def _updates(needs: list[ResettlementNeed], *, today: dt.date, user: Any) -> list[NeedUpdate]:
    """A dated update for every need past "identified"."""
    return [
        NeedUpdateFactory.row(
            need=need,
            on=today - dt.timedelta(days=10),
            status=need.status,
            owner=need.owner,
            note=(
                "Job offer confirmed in writing."
                if need.status == ResettlementNeed.Status.MET
                else "Referral made; waiting for the provider to reply."
            ),
            created_by=user,
        )
        for need in needs
        if need.status != ResettlementNeed.Status.IDENTIFIED
    ]
