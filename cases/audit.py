"""Who made a change and why, for the audit history (django-simple-history) of any model."""

from __future__ import annotations

from typing import Any

from django.db.models import Model


def attribute(obj: Model, *, user: Any, reason: str | None = None) -> None:
    """Name who is changing `obj` (a user, or None for the system) and, if given, why: its next
    save writes both into the history row. Call it just before saving."""
    # simple_history reads these two attributes off the instance when it saves.
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
    if reason is not None:
        obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history on save
