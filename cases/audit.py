"""Who made a change and why, for the audit history (django-simple-history) of any model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User as StaffUser
from django.db.models import Model

from cases.text import display_name

_HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason column


@dataclass(frozen=True)
class ChangeSource:
    """Who or what changes a case's facts, and why: every data-in service takes one.

    `label` names a process ("roll import 12", "prisoner search sync 3", "domain event
    5d3c...") or is empty for a person's own edit; `user` is the person who made or started it;
    `reason` says why in their words.
    """

    label: str = ""
    user: StaffUser | None = None
    reason: str = ""

    @classmethod
    def by(cls, user: StaffUser, reason: str = "") -> ChangeSource:
        return cls(label="", user=user, reason=reason)

    @property
    def name(self) -> str:
        """What the case record shows as "by": the process, else the person."""
        if self.label:
            return self.label
        return display_name(self.user, nobody="System")

    def history_reason(self) -> str:
        """The audit history's reason: the process and why, cut to the column's length."""
        text = ": ".join(part for part in (self.label, self.reason.strip()) if part)
        return text[:_HISTORY_REASON_LENGTH]


def attribute_to(obj: Model, source: ChangeSource) -> None:
    """`attribute` for a data-in change: the person behind it and the source's reason."""
    attribute(obj, user=source.user, reason=source.history_reason())


def attribute(obj: Model, *, user: Any, reason: str | None = None) -> None:
    """Name who is changing `obj` (a user, or None for the system) and, if given, why: its next
    save writes both into the history row. Call it just before saving."""
    # simple_history reads these two attributes off the instance when it saves.
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
    if reason is not None:
        obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history on save
