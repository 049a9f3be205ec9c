"""Sessions with prisoners: log one (or a wing shift's at once), edit one, with history."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import access, audit, extensions
from cases.access import StaffUser
from cases.models import POM_ROLES, Allocation, Prisoner, Role, Session, SessionFollowUp


class SessionInput(TypedDict, total=False):
    kind: str
    occurred_at: dt.datetime
    duration_minutes: int
    place: str
    attendees: str
    held: bool
    not_held_reason: str
    summary: str
    objectives_discussed: str
    needs_or_risks: str


def _check_may_log(user: StaffUser, prisoner: Prisoner, kind: str) -> None:
    """Who may log what (docs/rules.md#people-and-roles): OMU staff at the prison log any
    session; a keyworker logs keywork for their own prisoners; a COM logs contacts on the
    cases they hold."""
    roles = access.roles_at(user, prisoner.current_prison_id)
    if roles & {*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN}:
        return
    allocation = Allocation.objects.filter(prisoner=prisoner).first()
    if Role.KEYWORKER in roles and kind in (Session.Kind.KEYWORK, Session.Kind.OTHER):
        if allocation is not None and allocation.keyworker_id == user.pk:
            return
        raise PermissionDenied("A keyworker logs sessions only for their own prisoners.")
    if (
        allocation is not None
        and allocation.com_id == user.pk
        and kind in (Session.Kind.COM_CONTACT, Session.Kind.THREE_WAY)
    ):
        return
    raise PermissionDenied("You cannot log this kind of session for this prisoner.")


def _validate_session(
    session: Session, follow_ups: list[tuple[str, dt.date]], now: dt.datetime
) -> None:
    errors: dict[str, str] = {}
    if session.occurred_at and timezone.localdate(session.occurred_at) > timezone.localdate(now):
        errors["occurred_at"] = "A session cannot be logged for a day after today."
    for description, due in follow_ups:
        if due < timezone.localdate(session.occurred_at):
            errors["follow_ups"] = f"The follow-up '{description}' is due before the session."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_log(
    *,
    prisoner: Prisoner,
    acting_user: StaffUser,
    data: SessionInput,
    follow_ups: list[tuple[str, dt.date]] | None = None,
    draft: bool = False,
    now: dt.datetime | None = None,
) -> Session:
    """Record a session (or a draft of one) with its follow-up actions, in one transaction."""
    now = now or timezone.now()
    follow_ups = follow_ups or []
    _check_may_log(acting_user, prisoner, data.get("kind", ""))
    session = Session(
        prisoner=prisoner,
        staff=acting_user,
        status=Session.Status.DRAFT if draft else Session.Status.RECORDED,
        **data,
    )
    session.full_clean()
    _validate_session(session, follow_ups, now)
    audit.attribute(session, user=acting_user)
    session.save()
    SessionFollowUp.objects.bulk_create(
        SessionFollowUp(session=session, description=text, due=due) for text, due in follow_ups
    )
    if session.status == Session.Status.RECORDED:
        # Each app's follow-up, in this transaction: a follow-up agreed becomes a task, a POM
        # contact held closes the contact task.
        extensions.session_recorded(session, acting_user, now)
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    acting_user: StaffUser,
    data: SessionInput,
    draft: bool = False,
    now: dt.datetime | None = None,
) -> Session:
    """Edit a session; the previous version stays in its history. Only its author edits it."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.staff_id != acting_user.pk:
        raise PermissionDenied("Only the person who logged a session can change it.")
    for name, value in data.items():
        setattr(session, name, value)
    session.status = Session.Status.DRAFT if draft else Session.Status.RECORDED
    session.full_clean()
    _validate_session(session, [], now)
    audit.attribute(session, user=acting_user)
    session.save()
    return session


@transaction.atomic
def sessions_log_many(
    *,
    acting_user: StaffUser,
    entries: list[tuple[Prisoner, SessionInput]],
    now: dt.datetime | None = None,
) -> list[Session]:
    """A keyworker's wing shift: several sessions at once, all recorded or none."""
    return [
        session_log(prisoner=prisoner, acting_user=acting_user, data=data, now=now)
        for prisoner, data in entries
    ]
