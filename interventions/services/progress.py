"""A referral's progress after it is referred: the assessment, the start, attendance, and how
it ends (completed, not completed, withdrawn). Repeating a move already made changes nothing;
a move its status does not allow is a conflict."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from interventions.models import Attendance, Referral
from interventions.services.common import apply, audit, not_after_today, required, today_or
from interventions.services.referrals import allowed_move, locked, save_move

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ATTENDANCE_STATUSES = (
    Referral.Status.STARTED,
    Referral.Status.COMPLETED,
    Referral.Status.NOT_COMPLETED,
)


@transaction.atomic
def referral_assess(
    *,
    referral: Referral,
    acting_user: User,
    suitable: bool,
    reason: str = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Record the programme team's assessment. Not suitable needs a reason."""
    today = today_or(today)
    referral = locked(referral)
    move = allowed_move(
        referral, "assess_suitable" if suitable else "assess_not_suitable", expected_version
    )
    if move.repeat:
        return referral
    fields = ["status", "assessed_on", "updated_at"]
    if not suitable:
        referral.not_suitable_reason = required(
            reason, "reason", "Say why the prisoner is not suitable."
        )
        fields.append("not_suitable_reason")
    referral.status = move.to
    referral.assessed_on = today
    label = "Assessed suitable" if suitable else f"Not suitable: {referral.not_suitable_reason}"
    audit(referral, acting_user, label)
    save_move(referral, fields)
    return referral


@transaction.atomic
def referral_start(
    *,
    referral: Referral,
    acting_user: User,
    started_on: dt.date,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    today = today_or(today)
    referral = locked(referral)
    if allowed_move(referral, "start", expected_version).repeat:
        return referral
    not_after_today(started_on, today, "started_on")
    referral.status = Referral.Status.STARTED
    referral.started_on = started_on
    audit(referral, acting_user, f"Started on {started_on}")
    save_move(referral, ["status", "started_on", "updated_at"])
    return referral


def _check_end(referral: Referral, ended_on: dt.date, today: dt.date) -> None:
    not_after_today(ended_on, today, "ended_on")
    if referral.started_on and ended_on < referral.started_on:
        raise ValidationError(
            {"ended_on": f"It cannot end before it started ({referral.started_on})."}
        )


@transaction.atomic
def referral_complete(
    *,
    referral: Referral,
    acting_user: User,
    ended_on: dt.date,
    outcome: str,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Completed, with its outcome. Only a started referral completes: never a withdrawn one."""
    today = today_or(today)
    referral = locked(referral)
    if allowed_move(referral, "complete", expected_version).repeat:
        return referral
    _check_end(referral, ended_on, today)
    referral.outcome = required(outcome, "outcome", "Describe the outcome.")
    referral.status = Referral.Status.COMPLETED
    referral.ended_on = ended_on
    audit(referral, acting_user, f"Completed on {ended_on}")
    save_move(referral, ["status", "ended_on", "outcome", "updated_at"])
    return referral


@transaction.atomic
def referral_not_complete(
    *,
    referral: Referral,
    acting_user: User,
    ended_on: dt.date,
    reason: str,
    detail: str = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    today = today_or(today)
    referral = locked(referral)
    if allowed_move(referral, "not_complete", expected_version).repeat:
        return referral
    _check_end(referral, ended_on, today)
    if reason not in Referral.NotCompletedReason.values:
        raise ValidationError({"reason": "Choose why it was not completed."})
    if reason == Referral.NotCompletedReason.OTHER:
        required(detail, "detail", "Give the reason.")
    referral.status = Referral.Status.NOT_COMPLETED
    referral.ended_on = ended_on
    referral.not_completed_reason = reason
    referral.end_detail = detail.strip()
    label = Referral.NotCompletedReason(reason).label
    audit(referral, acting_user, f"Not completed: {label}. {referral.end_detail}".strip())
    save_move(referral, ["status", "ended_on", "not_completed_reason", "end_detail", "updated_at"])
    return referral


@transaction.atomic
def referral_withdraw(
    *,
    referral: Referral,
    acting_user: User,
    reason: str,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Withdraw a referral that has not started; its place in a cohort is freed."""
    today = today_or(today)
    referral = locked(referral)
    if allowed_move(referral, "withdraw", expected_version).repeat:
        return referral
    referral.end_detail = required(reason, "reason", "Say why the referral is withdrawn.")
    referral.status = Referral.Status.WITHDRAWN
    referral.ended_on = today
    audit(referral, acting_user, f"Withdrawn: {referral.end_detail}")
    save_move(referral, ["status", "ended_on", "end_detail", "updated_at"])
    return referral


def _check_session(
    referral: Referral, session_number: int, session_date: dt.date, today: dt.date
) -> None:
    """A session of a course the prisoner started, on a day from its start up to today."""
    if referral.status not in ATTENDANCE_STATUSES:
        raise ValidationError(
            "Attendance is recorded once the prisoner has started.", code="conflict"
        )
    sessions = referral.offering.intervention.sessions
    if not sessions:
        raise ValidationError("This intervention has no sessions to attend.", code="invalid")
    if not 1 <= session_number <= sessions:
        raise ValidationError({"session_number": f"Enter a session from 1 to {sessions}."})
    not_after_today(session_date, today, "session_date")
    if referral.started_on and session_date < referral.started_on:
        raise ValidationError(
            {"session_date": f"The course started on {referral.started_on}: enter a later date."}
        )


@transaction.atomic
def attendance_record(
    *,
    referral: Referral,
    acting_user: User,
    session_number: int,
    session_date: dt.date,
    status: str,
    note: str = "",
    today: dt.date | None = None,
) -> Attendance:
    """Record (or correct) attendance at one session of a course the prisoner started."""
    today = today_or(today)
    referral = locked(referral)
    _check_session(referral, session_number, session_date, today)
    attendance, _ = Attendance.objects.select_for_update().get_or_create(
        referral=referral,
        session_number=session_number,
        defaults={"session_date": session_date, "status": status, "recorded_by": acting_user},
    )
    changed = apply(
        attendance, {"session_date": session_date, "status": status, "note": note.strip()}
    )
    attendance.recorded_by = acting_user
    attendance.full_clean()
    if changed:
        audit(attendance, acting_user, "Attendance corrected")
        attendance.save(update_fields=[*changed, "recorded_by"])
    return attendance
