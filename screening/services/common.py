"""What every screening write shares: the moment it happens, its audit trail, and the lock that
serialises writes to one case."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from cases.models import Prisoner

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def moment(now: dt.datetime | None) -> dt.datetime:
    """`now` if the caller gave one (tests, the nightly run's start), else the clock's now."""
    return now if now is not None else timezone.now()


def audit(obj: object, user: User | None, reason: str) -> None:
    """Who made the change and why, for the history row `simple_history` writes on save."""
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history on save


def lock_case(prisoner: Prisoner) -> None:
    """Serialise writes to one prisoner's screening (two staff saving the same BCS)."""
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).exists()
