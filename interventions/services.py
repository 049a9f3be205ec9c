"""Writes for interventions: the directory, referrals through their lifecycle, attendance and
resettlement needs. One function per business action: keyword-only, atomic, locked, audited
(simple_history with the acting user and the reason), guarded and idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Prison, Prisoner
from interventions import rules, selectors
from interventions.models import (
    Attendance,
    Cohort,
    Intervention,
    InterventionNeedArea,
    NeedUpdate,
    Offering,
    Referral,
    ResettlementNeed,
)


class ReferralBlocked(ValidationError):
    """A referral stopped by its checks. `assessment` holds every check, with the dates."""

    def __init__(self, assessment: rules.Assessment, message: str) -> None:
        super().__init__(message, code="blocked")
        self.assessment = assessment


def _audit(obj: Any, user: AbstractBaseUser, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason[:100]


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _not_after_today(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise ValidationError({field: "Enter a date that is today or in the past."})


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- The directory ---------------------------------------------------------------------------


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
    acting_user: AbstractBaseUser,
    values: dict[str, Any],
    need_areas: list[str],
    running: bool = True,
) -> Offering:
    """Add an intervention to the national catalogue and to the prison's directory."""
    intervention = Intervention(**values)
    intervention.full_clean()
    _audit(intervention, acting_user, "Added to the catalogue")
    intervention.save()
    _set_areas(intervention, need_areas)
    return offering_add(
        prison=prison, intervention=intervention, acting_user=acting_user, running=running
    )


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    acting_user: AbstractBaseUser,
    values: dict[str, Any],
    need_areas: list[str],
) -> Intervention:
    """Change a catalogue entry (the view lets only the prison offering it alone do this)."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    changed = [name for name, value in values.items() if getattr(intervention, name) != value]
    for name in changed:
        setattr(intervention, name, values[name])
    intervention.full_clean()
    if changed:
        _audit(intervention, acting_user, "Catalogue entry changed")
        intervention.save(update_fields=changed)
    _set_areas(intervention, need_areas)
    return intervention


@transaction.atomic
def offering_add(
    *,
    prison: Prison,
    intervention: Intervention,
    acting_user: AbstractBaseUser,
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
    offering.full_clean()
    _audit(offering, acting_user, "Added to the directory")
    offering.save()
    return offering


@transaction.atomic
def offering_update(
    *,
    offering: Offering,
    acting_user: AbstractBaseUser,
    running: bool,
    contact: str,
    notes: str,
) -> Offering:
    """Pause or resume an offering, or change its contact and notes. Referrals waiting for a
    paused offering show on the list of referrals at risk."""
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    values = {"running": running, "contact": contact.strip(), "notes": notes.strip()}
    changed = [name for name, value in values.items() if getattr(offering, name) != value]
    if not changed:
        return offering
    for name in changed:
        setattr(offering, name, values[name])
    offering.full_clean()
    reason = "Changed" if "running" not in changed else ("Running" if running else "Paused")
    _audit(offering, acting_user, reason)
    offering.save(update_fields=changed)
    return offering


@transaction.atomic
def cohort_save(
    *,
    offering: Offering,
    acting_user: AbstractBaseUser,
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
    values = {"start_date": start_date, "capacity": capacity, "notes": notes.strip()}
    for name, value in values.items():
        setattr(cohort, name, value)
    try:
        cohort.full_clean()
    except ValidationError as exc:
        if "__all__" in exc.message_dict:  # the one-cohort-a-day constraint
            raise ValidationError(
                {"start_date": "A cohort of this intervention already starts that day."}
            ) from exc
        raise
    _audit(cohort, acting_user, "Cohort saved")
    cohort.save()
    return cohort


# --- Referrals -------------------------------------------------------------------------------


def _check_or_override(
    assessment: rules.Assessment, *, acting_user: AbstractBaseUser, override_reason: str
) -> str:
    """Let a referral through its checks, or stop it. Returns the override reason used.

    Warnings stop impossible referrals: any failed check refuses it. The head of OMU (with
    `interventions.override_fit_check`) may let one through with a reason, except where the
    prison does not run the programme: that is never possible."""
    if not assessment.blocked:
        return ""
    failures = " ".join(c.explanation for c in assessment.failures)
    if not assessment.overridable:
        raise ReferralBlocked(assessment, failures)
    reason = (override_reason or "").strip()
    if not reason:
        raise ReferralBlocked(assessment, failures)
    if not acting_user.has_perm("interventions.override_fit_check"):
        only_head = ValidationError(
            "Only the head of OMU can refer despite a warning.", code="forbidden"
        )
        raise ValidationError({"override_reason": only_head})
    return reason


def _lock(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("offering__intervention", "offering__prison", "prisoner", "cohort")
        .get(pk=referral.pk)
    )


def _move(referral: Referral, action: str) -> rules.Move:
    move = rules.transition(referral.status, action)
    if not move.allowed:
        raise ValidationError(move.explanation, code="conflict")
    return move


def _need_progress(
    need: ResettlementNeed | None, *, acting_user: AbstractBaseUser, note: str, today: dt.date
) -> None:
    """A referral for an identified need means action is in progress on it."""
    if need is None or need.status != ResettlementNeed.Status.IDENTIFIED:
        return
    need_update(
        need=need,
        acting_user=acting_user,
        status=ResettlementNeed.Status.IN_PROGRESS,
        owner=need.owner,
        note=note,
        on=today,
        today=today,
    )


@transaction.atomic
def referral_create(
    *,
    prisoner: Prisoner,
    offering: Offering,
    acting_user: AbstractBaseUser,
    need: ResettlementNeed | None = None,
    notes: str = "",
    refer_now: bool = True,
    override_reason: str = "",
    today: dt.date | None = None,
) -> Referral:
    """Refer a prisoner (or, with `refer_now=False`, note the intervention as identified for
    them). Runs every check first: see `_check_or_override`. A second submission while the
    first referral is still active returns the first."""
    today = _today(today)
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).first()  # one at a time
    existing = Referral.objects.filter(
        prisoner=prisoner, offering=offering, status__in=Referral.ACTIVE_STATUSES
    ).first()
    if existing is not None:
        return existing
    if need is not None and need.prisoner_id != prisoner.pk:
        raise ValidationError({"need": "That need is not this prisoner's."})
    assessment = selectors.offering_assessment(prisoner, offering, today=today)
    used_override = ""
    if refer_now:
        used_override = _check_or_override(
            assessment, acting_user=acting_user, override_reason=override_reason
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
    referral.full_clean()
    reason = "Referred" if refer_now else "Identified"
    _audit(referral, acting_user, f"{reason} despite a warning" if used_override else reason)
    referral.save()
    if refer_now:
        _need_progress(
            need,
            acting_user=acting_user,
            note=f"Referred to {offering.intervention.name}.",
            today=today,
        )
    return referral


@transaction.atomic
def referral_refer(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    override_reason: str = "",
    today: dt.date | None = None,
) -> Referral:
    """Send an identified referral: the checks run as they do for a new one."""
    today = _today(today)
    referral = _lock(referral)
    if _move(referral, "refer").repeat:
        return referral
    assessment = selectors.offering_assessment(referral.prisoner, referral.offering, today=today)
    used = _check_or_override(assessment, acting_user=acting_user, override_reason=override_reason)
    referral.status = Referral.Status.REFERRED
    referral.referred_on = today
    referral.checks_at_referral = assessment.summary()
    referral.override_reason = used
    _audit(referral, acting_user, "Referred despite a warning" if used else "Referred")
    referral.save(
        update_fields=[
            "status",
            "referred_on",
            "checks_at_referral",
            "override_reason",
            "updated_at",
        ]
    )
    _need_progress(
        referral.need,
        acting_user=acting_user,
        note=f"Referred to {referral.offering.intervention.name}.",
        today=today,
    )
    return referral


@transaction.atomic
def referral_assess(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    suitable: bool,
    reason: str = "",
    today: dt.date | None = None,
) -> Referral:
    """Record the programme team's assessment. Not suitable needs a reason."""
    today = _today(today)
    referral = _lock(referral)
    move = _move(referral, "assess_suitable" if suitable else "assess_not_suitable")
    if move.repeat:
        return referral
    fields = ["status", "assessed_on", "updated_at"]
    if not suitable:
        referral.not_suitable_reason = _required(
            reason, "reason", "Say why the prisoner is not suitable."
        )
        fields.append("not_suitable_reason")
    referral.status = move.to
    referral.assessed_on = today
    label = "Assessed suitable" if suitable else f"Not suitable: {referral.not_suitable_reason}"
    _audit(referral, acting_user, label)
    referral.save(update_fields=fields)
    return referral


@transaction.atomic
def referral_place(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    cohort: Cohort | None,
    override_reason: str = "",
    today: dt.date | None = None,
) -> Referral:
    """Put a suitable referral on the waiting list of a cohort (or move it to another cohort).
    The cohort must have a place, start today or later, and let the prisoner finish in time."""
    today = _today(today)
    referral = _lock(referral)
    _move(referral, "place")
    same_cohort = referral.cohort_id == (cohort.pk if cohort else None)
    if referral.status == Referral.Status.WAITING and same_cohort:
        return referral
    intervention = referral.offering.intervention
    if cohort is None:
        if not intervention.is_workbook:
            raise ValidationError({"cohort": "Choose the cohort to join."})
    else:
        cohort = (
            Cohort.objects.select_for_update()
            .filter(pk=cohort.pk, offering=referral.offering)
            .first()
        )
        if cohort is None:
            raise ValidationError({"cohort": "Choose a cohort of this intervention."})
        if cohort.start_date < today:
            raise ValidationError({"cohort": f"That cohort started on {cohort.start_date}."})
        placed = (
            cohort.referrals.filter(status__in=Referral.PLACED_STATUSES)
            .exclude(pk=referral.pk)
            .count()
        )
        if placed >= cohort.capacity:
            full = ValidationError(f"The cohort starting {cohort.start_date} is full.", code="full")
            raise ValidationError({"cohort": full})
    assessment = selectors.offering_assessment(
        referral.prisoner, referral.offering, today=today, cohort=cohort
    )
    used = _check_or_override(assessment, acting_user=acting_user, override_reason=override_reason)
    referral.status = Referral.Status.WAITING
    referral.cohort = cohort
    fields = ["status", "cohort", "updated_at"]
    if used:
        referral.override_reason = used
        fields.append("override_reason")
    where = f"cohort starting {cohort.start_date}" if cohort else "the workbook list"
    _audit(referral, acting_user, f"Placed in {where}" + (" despite a warning" if used else ""))
    referral.save(update_fields=fields)
    return referral


@transaction.atomic
def referral_start(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    started_on: dt.date,
    today: dt.date | None = None,
) -> Referral:
    today = _today(today)
    referral = _lock(referral)
    if _move(referral, "start").repeat:
        return referral
    _not_after_today(started_on, today, "started_on")
    referral.status = Referral.Status.STARTED
    referral.started_on = started_on
    _audit(referral, acting_user, f"Started on {started_on}")
    referral.save(update_fields=["status", "started_on", "updated_at"])
    return referral


def _check_end(referral: Referral, ended_on: dt.date, today: dt.date) -> None:
    _not_after_today(ended_on, today, "ended_on")
    if referral.started_on and ended_on < referral.started_on:
        raise ValidationError(
            {"ended_on": f"It cannot end before it started ({referral.started_on})."}
        )


@transaction.atomic
def referral_complete(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    ended_on: dt.date,
    outcome: str,
    today: dt.date | None = None,
) -> Referral:
    """Completed, with its outcome. Only a started referral completes: never a withdrawn one."""
    today = _today(today)
    referral = _lock(referral)
    if _move(referral, "complete").repeat:
        return referral
    _check_end(referral, ended_on, today)
    referral.outcome = _required(outcome, "outcome", "Describe the outcome.")
    referral.status = Referral.Status.COMPLETED
    referral.ended_on = ended_on
    _audit(referral, acting_user, f"Completed on {ended_on}")
    referral.save(update_fields=["status", "ended_on", "outcome", "updated_at"])
    return referral


@transaction.atomic
def referral_not_complete(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    ended_on: dt.date,
    reason: str,
    detail: str = "",
    today: dt.date | None = None,
) -> Referral:
    today = _today(today)
    referral = _lock(referral)
    if _move(referral, "not_complete").repeat:
        return referral
    _check_end(referral, ended_on, today)
    if reason not in Referral.NotCompletedReason.values:
        raise ValidationError({"reason": "Choose why it was not completed."})
    if reason == Referral.NotCompletedReason.OTHER:
        _required(detail, "detail", "Give the reason.")
    referral.status = Referral.Status.NOT_COMPLETED
    referral.ended_on = ended_on
    referral.not_completed_reason = reason
    referral.end_detail = detail.strip()
    label = Referral.NotCompletedReason(reason).label
    _audit(referral, acting_user, f"Not completed: {label}. {referral.end_detail}".strip())
    referral.save(
        update_fields=["status", "ended_on", "not_completed_reason", "end_detail", "updated_at"]
    )
    return referral


@transaction.atomic
def referral_withdraw(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    reason: str,
    today: dt.date | None = None,
) -> Referral:
    """Withdraw a referral that has not started; its place in a cohort is freed."""
    today = _today(today)
    referral = _lock(referral)
    if _move(referral, "withdraw").repeat:
        return referral
    referral.end_detail = _required(reason, "reason", "Say why the referral is withdrawn.")
    referral.status = Referral.Status.WITHDRAWN
    referral.ended_on = today
    _audit(referral, acting_user, f"Withdrawn: {referral.end_detail}")
    referral.save(update_fields=["status", "ended_on", "end_detail", "updated_at"])
    return referral


ATTENDANCE_STATUSES = (
    Referral.Status.STARTED,
    Referral.Status.COMPLETED,
    Referral.Status.NOT_COMPLETED,
)


@transaction.atomic
def attendance_record(
    *,
    referral: Referral,
    acting_user: AbstractBaseUser,
    session_number: int,
    session_date: dt.date,
    status: str,
    note: str = "",
    today: dt.date | None = None,
) -> Attendance:
    """Record (or correct) attendance at one session of a course the prisoner started."""
    today = _today(today)
    referral = _lock(referral)
    if referral.status not in ATTENDANCE_STATUSES:
        raise ValidationError(
            "Attendance is recorded once the prisoner has started.", code="conflict"
        )
    sessions = referral.offering.intervention.sessions
    if not sessions:
        raise ValidationError("This intervention has no sessions to attend.", code="invalid")
    if not 1 <= session_number <= sessions:
        raise ValidationError({"session_number": f"Enter a session from 1 to {sessions}."})
    _not_after_today(session_date, today, "session_date")
    if referral.started_on and session_date < referral.started_on:
        raise ValidationError(
            {"session_date": f"The course started on {referral.started_on}: enter a later date."}
        )
    attendance, _ = Attendance.objects.select_for_update().get_or_create(
        referral=referral,
        session_number=session_number,
        defaults={"session_date": session_date, "status": status, "recorded_by": acting_user},
    )
    values = {"session_date": session_date, "status": status, "note": note.strip()}
    changed = [name for name, value in values.items() if getattr(attendance, name) != value]
    for name in changed:
        setattr(attendance, name, values[name])
    attendance.recorded_by = acting_user
    attendance.full_clean()
    if changed:
        _audit(attendance, acting_user, "Attendance corrected")
        attendance.save(update_fields=[*changed, "recorded_by"])
    return attendance


# --- Resettlement needs ----------------------------------------------------------------------


@transaction.atomic
def need_create(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    area: str,
    owner: str,
    notes: str = "",
    source: str = ResettlementNeed.Source.REVIEW,
    identified_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ResettlementNeed:
    """Record a need found after the BCS (a review, OASys). If the area is already open, the
    open need is returned: a double submission adds nothing."""
    today = _today(today)
    identified_on = identified_on or today
    _not_after_today(identified_on, today, "identified_on")
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).first()
    existing = ResettlementNeed.objects.filter(
        prisoner=prisoner, area=area, status__in=ResettlementNeed.OPEN_STATUSES
    ).first()
    if existing is not None:
        return existing
    need = ResettlementNeed(
        prisoner=prisoner,
        area=area,
        owner=owner,
        source=source,
        notes=notes.strip(),
        identified_on=identified_on,
        created_by=acting_user,
    )
    need.full_clean()
    _audit(need, acting_user, "Need recorded")
    need.save()
    return need


@transaction.atomic
def need_update(
    *,
    need: ResettlementNeed,
    acting_user: AbstractBaseUser,
    status: str,
    owner: str,
    note: str,
    on: dt.date,
    today: dt.date | None = None,
) -> NeedUpdate:
    """A dated update: what was done, and the need's status and owner after it. The same
    update submitted twice is kept once."""
    today = _today(today)
    need = ResettlementNeed.objects.select_for_update().get(pk=need.pk)
    note = _required(note, "note", "Say what was done or decided.")
    _not_after_today(on, today, "on")
    if on < need.identified_on:
        raise ValidationError(
            {"on": f"The need was identified on {need.identified_on}: enter that day or later."}
        )
    last = need.updates.order_by("-id").first()
    if (
        last is not None
        and (last.on, last.status, last.owner, last.note) == (on, status, owner, note)
        and (need.status, need.owner) == (status, owner)
    ):
        return last
    update = NeedUpdate(
        need=need, on=on, status=status, owner=owner, note=note, created_by=acting_user
    )
    update.full_clean()
    changed = [n for n, v in (("status", status), ("owner", owner)) if getattr(need, n) != v]
    if changed:
        need.status, need.owner = status, owner
        _audit(need, acting_user, note)
        try:
            with transaction.atomic():
                need.save(update_fields=[*changed, "updated_at"])
        except IntegrityError as exc:  # one open need per area
            raise ValidationError(
                f"{need.get_area_display()} already has an open need: update that one instead.",
                code="conflict",
            ) from exc
    update.save()
    return update
