"""What every handover write shares: the lock on the case, its current sentence, and the audit
row recorded in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Prisoner, Sentence
from handover.models import HandoverEvent


def record_event(
    prisoner: Prisoner,
    *,
    actor: User | None,
    action: str,
    summary: str,
    old: str = "",
    new: str = "",
    reason: str = "",
    at: dt.datetime | None = None,
) -> HandoverEvent:
    """The audit row of one change to the case's handover."""
    return HandoverEvent.objects.create(
        prisoner=prisoner,
        at=at or timezone.now(),
        actor=actor,
        action=action,
        summary=summary[:300],
        old_value=old[:200],
        new_value=new[:200],
        reason=reason,
    )


def current_sentence(prisoner: Prisoner) -> Sentence:
    """The case's current sentence; a handover needs one."""
    sentence = Sentence.objects.filter(prisoner=prisoner, is_current=True).first()
    if sentence is None:
        raise ValidationError("This case has no current sentence, so it has no handover yet.")
    return sentence


def lock(prisoner: Prisoner) -> Prisoner:
    """Lock the case: two people changing its handover at once queue behind each other."""
    return Prisoner.objects.select_for_update().get(pk=prisoner.pk)
