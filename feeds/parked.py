"""An admin's actions on a parked domain event: retry it now (applied through the same path as
when it arrived), or discard it. Both are recorded on the message with who and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import extensions
from feeds.clients import Feeds
from feeds.events.apply import Batch, apply_subject
from feeds.events.consume import CANNOT_APPLY, error_text
from feeds.events.parse import parse
from feeds.models import ParkedMessage, SeenMessage
from feeds.reconcile import prisons_by_code


def _check_parked(parked: ParkedMessage) -> None:
    if parked.status != ParkedMessage.Status.PARKED:
        raise ValidationError(
            f"This message was {parked.get_status_display().lower()} already.", code="conflict"
        )


def parked_retry(
    *, parked: ParkedMessage, feeds: Feeds, acting_user: Any, now: dt.datetime
) -> bool:
    """Apply the parked message again. True if it applied; else its error is updated."""
    _check_parked(parked)
    batch = Batch(feeds, prisons_by_code(), {}, now)
    try:
        with extensions.changes_batched(), transaction.atomic():
            event = parse(parked.body, parked.message_id)
            apply_subject(event.subject, [event], batch)
            SeenMessage.objects.filter(message_id=parked.message_id).update(parked=False)
            _resolve(parked, ParkedMessage.Status.APPLIED, acting_user, now)
    except CANNOT_APPLY as exc:
        parked.error = error_text(exc)[:5000]
        parked.attempts += 1
        parked.save(update_fields=["error", "attempts"])
        return False
    return True


@transaction.atomic
def parked_discard(*, parked: ParkedMessage, acting_user: Any, now: dt.datetime) -> None:
    """Give up on the message: it stays listed as discarded, and a repeat is still skipped."""
    _check_parked(parked)
    _resolve(parked, ParkedMessage.Status.DISCARDED, acting_user, now)


def _resolve(parked: ParkedMessage, status: str, user: Any, now: dt.datetime) -> None:
    parked.status, parked.resolved_by, parked.resolved_at = status, user, now
    parked.save(update_fields=["status", "resolved_by", "resolved_at"])
