"""Referring a prisoner and placing the referral in a cohort: the steps that run the fit checks
(docs/rules.md#interventions-and-resettlement), and what every move of a referral shares."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import access, versions
from cases.models import Prisoner
from interventions import rules
from interventions.models import Cohort, Offering, Referral, ResettlementNeed
from interventions.selectors.checks import offering_assessment
from interventions.services.common import audit, save_new, today_or
from interventions.services.needs import need_update

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class ReferralBlocked(ValidationError):
    """A referral stopped by its checks. `assessment` holds every check, with the dates."""

    def __init__(self, assessment: rules.Assessment, message: str) -> None:
        super().__init__(message, code="blocked")
        self.assessment = assessment


def check_or_override(
    assessment: rules.Assessment, *, prisoner: Prisoner, acting_user: User, override_reason: str
) -> str:
    """Let a referral through its checks, or stop it. Returns the override reason used.

    Warnings stop impossible referrals: any failed check refuses it. The head of OMU (with
    `interventions.override_fit_check` at the prisoner's prison) may let one through with a
    reason, except where the prison does not run the programme: that is never possible."""
    if not assessment.blocked:
        return ""
    failures = " ".join(c.explanation for c in assessment.failures)
    reason = (override_reason or "").strip()
    if not assessment.overridable or not reason:
        raise ReferralBlocked(assessment, failures)
    if not access.may(acting_user, "interventions.override_fit_check", prisoner.current_prison_id):
        only_head = ValidationError(
            "Only the head of OMU can refer despite a warning.", code="forbidden"
        )
        raise ValidationError({"override_reason": only_head})
    return reason


def locked(referral: Referral) -> Referral:
    """The referral, locked for this transaction, with what its moves read."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("offering__intervention", "offering__prison", "prisoner", "cohort")
        .get(pk=referral.pk)
    )


def allowed_move(
    referral: Referral, action: str, expected_version: int | None = None
) -> rules.Move:
    """The move `action` makes from the referral's status; a conflict if it may not.

    Pages and the API give `expected_version`, the referral's version the move was made from:
    a move made from a referral that someone has moved on since is a `StaleEdit` (a repeat of
    the move already made is not: it changes nothing)."""
    move = rules.transition(referral.status, action)
    if not move.allowed:
        raise ValidationError(move.explanation, code="conflict")
    if not move.repeat and expected_version is not None:
        versions.check_version(referral, expected_version, {"status": move.to})
    return move


def save_move(referral: Referral, fields: list[str]) -> None:
    """Write a move's fields, raising the referral's version."""
    referral.save(update_fields=[*fields, *versions.next_version(referral)])


def _need_progress(
    need: ResettlementNeed | None, *, acting_user: User, offering: Offering, today: dt.date
) -> None:
    """A referral for an identified need means action is in progress on it."""
    if need is None or need.status != ResettlementNeed.Status.IDENTIFIED:
        return
    need_update(
        need=need,
        acting_user=acting_user,
        status=ResettlementNeed.Status.IN_PROGRESS,
        owner=need.owner,
        note=f"Referred to {offering.intervention.name}.",
        on=today,
        today=today,
    )


@transaction.atomic
def referral_create(
    *,
    prisoner: Prisoner,
    offering: Offering,
    acting_user: User,
    need: ResettlementNeed | None = None,
    notes: str = "",
    refer_now: bool = True,
    override_reason: str = "",
    today: dt.date | None = None,
) -> Referral:
    """Refer a prisoner (or, with `refer_now=False`, note the intervention as identified for
    them). Runs every check first: see `check_or_override`. A second submission while the
    first referral is still active returns the first."""
    today = today_or(today)
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).first()  # one at a time
    existing = Referral.objects.filter(
        prisoner=prisoner, offering=offering, status__in=Referral.ACTIVE_STATUSES
    ).first()
    if existing is not None:
        return existing
    if need is not None and need.prisoner_id != prisoner.pk:
        raise ValidationError({"need": "That need is not this prisoner's."})
    assessment = offering_assessment(prisoner, offering, today=today)
    used_override = ""
    if refer_now:
        used_override = check_or_override(
            assessment, prisoner=prisoner, acting_user=acting_user, override_reason=override_reason
        )
    referral = Referral(
        prisoner=prisoner,
        offering=offering,
        need=need,
        status=Referral.Status.REFERRED if refer_now else Referral.Status.IDENTIFIED,
        notes=notes.strip(),
        checks_at_referral=assessment.summary(),
        override_reason=used_override,
        referred_on=today if refer_now else None,
        created_by=acting_user,
    )
    reason = "Referred" if refer_now else "Identified"
    save_new(referral, acting_user, f"{reason} despite a warning" if used_override else reason)
    if refer_now:
        _need_progress(need, acting_user=acting_user, offering=offering, today=today)
    return referral


@transaction.atomic
def referral_refer(
    *,
    referral: Referral,
    acting_user: User,
    override_reason: str = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Send an identified referral: the checks run as they do for a new one."""
    today = today_or(today)
    referral = locked(referral)
    if allowed_move(referral, "refer", expected_version).repeat:
        return referral
    assessment = offering_assessment(referral.prisoner, referral.offering, today=today)
    used = check_or_override(
        assessment,
        prisoner=referral.prisoner,
        acting_user=acting_user,
        override_reason=override_reason,
    )
    referral.status = Referral.Status.REFERRED
    referral.referred_on = today
    referral.checks_at_referral = assessment.summary()
    referral.override_reason = used
    audit(referral, acting_user, "Referred despite a warning" if used else "Referred")
    fields = ["status", "referred_on", "checks_at_referral", "override_reason", "updated_at"]
    save_move(referral, fields)
    _need_progress(referral.need, acting_user=acting_user, offering=referral.offering, today=today)
    return referral


def _cohort_with_a_place(
    referral: Referral, cohort: Cohort | None, today: dt.date
) -> Cohort | None:
    """The cohort to place the referral in, locked: one of its offering's, starting today or
    later, with a place. None only for a workbook, which has no cohorts."""
    if cohort is None:
        if not referral.offering.intervention.is_workbook:
            raise ValidationError({"cohort": "Choose the cohort to join."})
        return None
    found = Cohort.objects.select_for_update().filter(pk=cohort.pk, offering=referral.offering)
    cohort = found.first()
    if cohort is None:
        raise ValidationError({"cohort": "Choose a cohort of this intervention."})
    if cohort.start_date < today:
        raise ValidationError({"cohort": f"That cohort started on {cohort.start_date}."})
    placed = cohort.referrals.filter(status__in=Referral.PLACED_STATUSES).exclude(pk=referral.pk)
    if placed.count() >= cohort.capacity:
        full = ValidationError(f"The cohort starting {cohort.start_date} is full.", code="full")
        raise ValidationError({"cohort": full})
    return cohort


@transaction.atomic
def referral_place(
    *,
    referral: Referral,
    acting_user: User,
    cohort: Cohort | None,
    override_reason: str = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Put a suitable referral on the waiting list of a cohort (or move it to another cohort).
    The cohort must have a place, start today or later, and let the prisoner finish in time."""
    today = today_or(today)
    referral = locked(referral)
    allowed_move(referral, "place")
    same_cohort = referral.cohort_id == (cohort.pk if cohort else None)
    if referral.status == Referral.Status.WAITING and same_cohort:
        return referral
    if expected_version is not None:
        yours = {"status": Referral.Status.WAITING, "cohort_id": cohort.pk if cohort else None}
        versions.check_version(referral, expected_version, yours, {"cohort_id": "Cohort"})
    cohort = _cohort_with_a_place(referral, cohort, today)
    assessment = offering_assessment(
        referral.prisoner, referral.offering, today=today, cohort=cohort
    )
    used = check_or_override(
        assessment,
        prisoner=referral.prisoner,
        acting_user=acting_user,
        override_reason=override_reason,
    )
    referral.status = Referral.Status.WAITING
    referral.cohort = cohort
    fields = ["status", "cohort", "updated_at"]
    if used:
        referral.override_reason = used
        fields.append("override_reason")
    where = f"cohort starting {cohort.start_date}" if cohort else "the workbook list"
    audit(referral, acting_user, f"Placed in {where}" + (" despite a warning" if used else ""))
    save_move(referral, fields)
    return referral
