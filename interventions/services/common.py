"""What every write of the interventions app shares: the audit trail (simple_history with the
acting user and the reason), today's date, and the checks of dates and text."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def audit(obj: Model, user: User, reason: str) -> None:
    """Who makes the next save of `obj` and why, for its history."""
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
    obj._change_reason = reason[:100]  # type: ignore[attr-defined]  # likewise


def save_new(obj: Model, user: User, reason: str) -> None:
    """Validate a new row and save it, with who made it and why."""
    obj.full_clean()
    audit(obj, user, reason)
    obj.save()


def apply(obj: Model, values: dict[str, Any]) -> list[str]:
    """Set the `values` that differ from `obj`'s; the names of those changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def not_after_today(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise ValidationError({field: "Enter a date that is today or in the past."})


def required(value: str, field: str, message: str) -> str:
    """`value` without surrounding spaces; `message` against `field` when that leaves nothing."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
