"""Writes for cases, staff and roles. One function per business action."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TypedDict

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    POM_ROLES,
    Heartbeat,
    Prison,
    Prisoner,
    PrisonPolicy,
    Role,
    Session,
    SessionFollowUp,
    StaffRole,
)
from cases.roles import role_permissions
from cases.rules import Policy, PolicyError

logger = logging.getLogger(__name__)


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Make one Group per role hold exactly the permissions in `cases.roles`. Idempotent."""
    wanted = role_permissions()
    codes = {perm for perms in wanted.values() for perm in perms}
    by_code = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[c.split(".", 1)[1] for c in codes]
        )
    }
    missing = codes - by_code.keys()
    if missing:
        raise LookupError(f"Permissions not found (run migrate first): {sorted(missing)}")
    counts = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([by_code[c] for c in sorted(wanted[role.value])])
        counts[role.value] = len(wanted[role.value])
    return counts


def heartbeat_record(*, name: str, now: dt.datetime) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"last_run_at": now})
    return beat


def health_status(*, broker_url: str) -> dict[str, str | None]:
    """Whether the database and the broker answer, and when the heartbeat task last ran."""
    status: dict[str, str | None] = {
        "database": "ok",
        "broker": "not configured",
        "heartbeat": None,
    }
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beat = Heartbeat.objects.filter(name="heartbeat").first()
        status["heartbeat"] = beat.last_run_at.isoformat() if beat else None
    except Exception:  # any database failure means "down"; the reason goes to the log
        logger.exception("Health check: database unreachable")
        status["database"] = "unreachable"
    if broker_url:
        import redis

        try:
            redis.Redis.from_url(broker_url, socket_connect_timeout=2).ping()
            status["broker"] = "ok"
        except redis.RedisError:
            logger.exception("Health check: broker unreachable")
            status["broker"] = "unreachable"
    return status


@transaction.atomic
def prison_policy_update(
    *, prison: Prison, acting_user: AbstractBaseUser, changes: dict[str, object], reason: str
) -> PrisonPolicy:
    """Change a prison's OMiC thresholds and access settings. The thresholds are validated as
    a whole by the rules' own `Policy`, so a value the engine would reject never reaches the
    database. Audited with who and why.

    The engine stores no computed dates, so every page shows dates under the new policy at once.
    """
    policy, _ = PrisonPolicy.objects.select_for_update().get_or_create(prison=prison)
    unknown = set(changes) - set(PrisonPolicy.setting_field_names())
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a policy setting."))
    if not reason.strip():
        raise ValidationError({"reason": "Say why the policy is changing."})
    thresholds = {k: v for k, v in changes.items() if k not in PrisonPolicy.ACCESS_FIELDS}
    try:
        Policy.from_mapping({**policy.as_mapping(), **thresholds})
    except PolicyError as exc:
        raise ValidationError({exc.field: exc.message}, code="invalid") from exc
    changed = [name for name, value in changes.items() if getattr(policy, name) != value]
    if not changed:
        return policy
    for name in changed:
        setattr(policy, name, changes[name])
    policy.full_clean()
    policy._history_user = acting_user  # type: ignore[attr-defined]
    policy._change_reason = reason.strip()  # type: ignore[attr-defined]
    policy.save(update_fields=changed)
    # Stored OMiC tasks carry due dates: re-date this prison's once the change is committed.
    from screening.tasks import sync_prison_tasks as sync_prison_tasks_task

    transaction.on_commit(lambda: sync_prison_tasks_task.delay(prison.pk))
    return policy


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


def _check_may_log(user: AbstractBaseUser, prisoner: Prisoner, kind: str) -> None:
    """Who may log what (omic-rules.md section 1): OMU staff at the prison log any session; a
    keyworker logs keywork for their own prisoners; a COM logs contacts on their own cases."""
    from cases.models import Allocation

    prison_roles = set(
        StaffRole.objects.filter(user=user, prison_id=prisoner.current_prison_id).values_list(
            "role", flat=True
        )
    )
    if prison_roles & {*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN}:
        return
    allocation = Allocation.objects.filter(prisoner=prisoner).first()
    if Role.KEYWORKER in prison_roles and kind in (Session.Kind.KEYWORK, Session.Kind.OTHER):
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
    acting_user: AbstractBaseUser,
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
    session._history_user = acting_user  # type: ignore[attr-defined]
    session.save()
    SessionFollowUp.objects.bulk_create(
        SessionFollowUp(session=session, description=text, due=due) for text, due in follow_ups
    )
    if follow_ups and session.status == Session.Status.RECORDED and prisoner.current_prison_id:
        _follow_up_tasks(session, follow_ups)
    if session.held and session.status == Session.Status.RECORDED:
        _close_pom_contact_task(session, acting_user=acting_user, now=now)
    return session


def _follow_up_tasks(session: Session, follow_ups: list[tuple[str, dt.date]]) -> None:
    """Each follow-up agreed in a session becomes a task for whoever logged it, so it shows in
    their task list and the nightly sweep flags it when due."""
    from screening.models import Task

    day = timezone.localdate(session.occurred_at)
    Task.objects.bulk_create(
        Task(
            prisoner=session.prisoner,
            prison_id=session.prisoner.current_prison_id,
            kind=Task.Kind.FOLLOW_UP,
            due_on=due,
            basis=f"session:{session.pk}",
            explanation=f"{text}: agreed in a session ({session.get_kind_display()}) on {day}.",
            owner=session.staff,
        )
        for text, due in follow_ups
    )


def _close_pom_contact_task(
    session: Session, *, acting_user: AbstractBaseUser, now: dt.datetime
) -> None:
    """A POM supervision or three-way meeting held is the POM contact the model asks for: it
    closes the case's open POM contact task, and the next one counts from it."""
    if session.kind not in (Session.Kind.POM_SUPERVISION, Session.Kind.THREE_WAY):
        return
    from screening.models import Task
    from screening.services import task_complete

    task = Task.objects.filter(
        prisoner=session.prisoner, kind=Task.Kind.POM_CONTACT, status=Task.Status.OPEN
    ).first()
    if task is not None:
        day = timezone.localdate(session.occurred_at)
        task_complete(
            task=task,
            acting_user=acting_user,
            completed_on=day,
            note=f"{session.get_kind_display()} held on {day}.",
            now=now,
        )


@transaction.atomic
def session_update(
    *,
    session: Session,
    acting_user: AbstractBaseUser,
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
    session._history_user = acting_user  # type: ignore[attr-defined]
    session.save()
    return session


@transaction.atomic
def sessions_log_many(
    *,
    acting_user: AbstractBaseUser,
    entries: list[tuple[Prisoner, SessionInput]],
    now: dt.datetime | None = None,
) -> list[Session]:
    """A keyworker's wing shift: several sessions at once, all recorded or none."""
    return [
        session_log(prisoner=prisoner, acting_user=acting_user, data=data, now=now)
        for prisoner, data in entries
    ]
