"""An SQS message body (an SNS notification whose `Message` is the event) in our words: the one
mapping from the domain events' field names."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

RECEIVED = "prisoner-offender-search.prisoner.received"
RELEASED = "prisoner-offender-search.prisoner.released"
UPDATED = "prisoner-offender-search.prisoner.updated"
MERGED = "prison-offender-events.prisoner.merged"
TIER = "tier.calculation.complete"
# The probation registration events' names are unconfirmed: any of this family re-reads the
# probation record.
REGISTRATION_PREFIX = "probation-case.registration."
PRISONER_EVENTS = (RECEIVED, RELEASED, UPDATED)


class Malformed(Exception):
    """The message is not a domain event this consumer can read; the message says why."""


@dataclass(frozen=True)
class Event:
    message_id: str
    event_type: str
    occurred_at: dt.datetime
    noms: str  # the prisoner's number ("" if none); the kept one for a merge
    removed_noms: str  # a merge's removed number
    crn: str
    prison_code: str
    body: str  # the message as received, for parking

    @property
    def subject(self) -> tuple[str, ...]:
        """What the event is about: events with one subject are applied together, once."""
        if self.event_type in PRISONER_EVENTS:
            return ("prisoner", self.noms)
        if self.event_type == MERGED:
            return ("merge", self.noms, self.removed_noms)
        if self.event_type == TIER:
            return ("tier", self.crn)
        if self.event_type.startswith(REGISTRATION_PREFIX):
            return ("probation", self.crn)
        return ("other", self.message_id)

    @property
    def key(self) -> str:
        """The prison number or CRN the event is about (for the admin page)."""
        return self.noms or self.crn


def message_id_of(body: str, fallback: str = "") -> str:
    """The notification's MessageId, else `fallback` (the SQS message's), else a digest."""
    try:
        found = json.loads(body).get("MessageId")
    except (ValueError, AttributeError):
        found = None
    if isinstance(found, str) and found.strip():
        return found.strip()[:100]
    return fallback or "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:64]


def parse(body: str, fallback_id: str = "") -> Event:
    try:
        notification = json.loads(body)
        event = json.loads(notification["Message"])
    except (ValueError, KeyError, TypeError) as exc:
        raise Malformed(f"Not an SNS notification with a JSON Message: {exc}") from exc
    if not isinstance(event, dict):
        raise Malformed("The Message is not a JSON object.")
    event_type = str(event.get("eventType") or _attribute(notification, "eventType"))
    if not event_type:
        raise Malformed("The event has no eventType.")
    info = event.get("additionalInformation") or {}
    if not isinstance(info, dict):
        raise Malformed("additionalInformation is not a JSON object.")
    found = Event(
        message_id=message_id_of(body, fallback_id),
        event_type=event_type,
        occurred_at=_when(event.get("occurredAt") or notification.get("Timestamp")),
        noms=(str(info.get("nomsNumber") or "") or _identifier(event, "NOMS")).upper(),
        removed_noms=str(info.get("removedNomsNumber") or "").upper(),
        crn=(str(info.get("crn") or "") or _identifier(event, "CRN")).upper(),
        prison_code=str(info.get("prisonId") or "").upper(),
        body=body,
    )
    _check(found)
    return found


def _check(event: Event) -> None:
    kind = event.subject[0]
    if kind in ("prisoner", "merge") and not event.noms:
        raise Malformed(f"A {event.event_type} event without a nomsNumber.")
    if kind == "merge" and not event.removed_noms:
        raise Malformed("A merge event without a removedNomsNumber.")
    if kind in ("tier", "probation") and not event.crn:
        raise Malformed(f"A {event.event_type} event without a CRN.")


def _attribute(notification: dict[str, Any], name: str) -> str:
    attribute = (notification.get("MessageAttributes") or {}).get(name) or {}
    return str(attribute.get("Value") or "") if isinstance(attribute, dict) else ""


def _identifier(event: dict[str, Any], kind: str) -> str:
    reference = event.get("personReference") or {}
    for identifier in reference.get("identifiers") or [] if isinstance(reference, dict) else []:
        if isinstance(identifier, dict) and identifier.get("type") == kind:
            return str(identifier.get("value") or "")
    return ""


def _when(value: Any) -> dt.datetime:
    if isinstance(value, str) and value:
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return timezone.now()
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
    return timezone.now()
