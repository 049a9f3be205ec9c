"""Writes to the directory: the national catalogue, what each prison offers, and its cohorts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Prison
from interventions.models import Cohort, Intervention, InterventionNeedArea, Offering, Referral
from interventions.services.common import apply, audit, save_new

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _set_areas(intervention: Intervention, areas: list[str]) -> None:
    if not areas:
        raise ValidationError({"need_areas": "Choose at least one need area it addresses."})
    InterventionNeedArea.objects.filter(intervention=intervention).exclude(area__in=areas).delete()
    InterventionNeedArea.objects.bulk_create(
        [InterventionNeedArea(intervention=intervention, area=a) for a in sorted(set(areas))],
        ignore_conflicts=True,
    )


@transaction.atomic
def intervention_create(
    *,
    prison: Prison,
    acting_user: User,
    values: dict[str, Any],
    need_areas: list[str],
    running: bool = True,
) -> Offering:
    """Add an intervention to the national catalogue and to the prison's directory."""
    intervention = Intervention(**values)
    save_new(intervention, acting_user, "Added to the catalogue")
    _set_areas(intervention, need_areas)
    return offering_add(
        prison=prison, intervention=intervention, acting_user=acting_user, running=running
    )


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    acting_user: User,
    values: dict[str, Any],
    need_areas: list[str],
) -> Intervention:
    """Change a catalogue entry (the view lets only the prison offering it alone do this)."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    changed = apply(intervention, values)
    intervention.full_clean()
    if changed:
        audit(intervention, acting_user, "Catalogue entry changed")
        intervention.save(update_fields=changed)
    _set_areas(intervention, need_areas)
    return intervention


@transaction.atomic
def offering_add(
    *,
    prison: Prison,
    intervention: Intervention,
    acting_user: User,
    running: bool = True,
    contact: str = "",
    notes: str = "",
) -> Offering:
    """Put a catalogue intervention in the prison's directory. A second add returns the first."""
    existing = Offering.objects.filter(prison=prison, intervention=intervention).first()
    if existing is not None:
        return existing
    offering = Offering(
        prison=prison, intervention=intervention, running=running, contact=contact, notes=notes
    )
    save_new(offering, acting_user, "Added to the directory")
    return offering


@transaction.atomic
def offering_update(
    *,
    offering: Offering,
    acting_user: User,
    running: bool,
    contact: str,
    notes: str,
) -> Offering:
    """Pause or resume an offering, or change its contact and notes. Referrals waiting for a
    paused offering show on the list of referrals at risk."""
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    changed = apply(
        offering, {"running": running, "contact": contact.strip(), "notes": notes.strip()}
    )
    if not changed:
        return offering
    offering.full_clean()
    reason = "Changed" if "running" not in changed else ("Running" if running else "Paused")
    audit(offering, acting_user, reason)
    offering.save(update_fields=changed)
    return offering


@transaction.atomic
def cohort_save(
    *,
    offering: Offering,
    acting_user: User,
    start_date: dt.date,
    capacity: int,
    notes: str = "",
    cohort: Cohort | None = None,
) -> Cohort:
    """Add a cohort, or change one. Its capacity cannot drop below the places already taken."""
    if offering.intervention.is_workbook:
        raise ValidationError(
            "An in-cell workbook has no cohorts: it starts when it is handed over.",
            code="invalid",
        )
    if cohort is not None:
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk, offering=offering)
        placed = cohort.referrals.filter(status__in=Referral.PLACED_STATUSES).count()
        if capacity < placed:
            raise ValidationError(
                {"capacity": f"{placed} places are already taken: the capacity cannot be lower."}
            )
    else:
        cohort = Cohort(offering=offering)
    apply(cohort, {"start_date": start_date, "capacity": capacity, "notes": notes.strip()})
    try:
        cohort.full_clean()
    except ValidationError as exc:
        if "__all__" in exc.message_dict:  # the one-cohort-a-day constraint
            raise ValidationError(
                {"start_date": "A cohort of this intervention already starts that day."}
            ) from exc
        raise
    audit(cohort, acting_user, "Cohort saved")
    cohort.save()
    return cohort
