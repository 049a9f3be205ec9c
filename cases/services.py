"""Writes for cases, staff and roles. One function per business action."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from cases.models import Heartbeat, Prison, PrisonPolicy, Role
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
    """Change a prison's OMiC thresholds. Validated as a whole by the rules' own `Policy`, so
    a value the engine would reject never reaches the database. Audited with who and why.

    The engine stores no computed dates, so every page shows dates under the new policy at once.
    """
    policy, _ = PrisonPolicy.objects.select_for_update().get_or_create(prison=prison)
    unknown = set(changes) - set(PrisonPolicy.policy_field_names())
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a policy setting."))
    if not reason.strip():
        raise ValidationError({"reason": "Say why the policy is changing."})
    try:
        Policy.from_mapping({**policy.as_mapping(), **changes})
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
    return policy
