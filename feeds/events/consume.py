"""Consuming domain events in batches (docs/commands.md#consume_events): a repeated
`MessageId` is skipped; the events of one subject in a batch are applied once (a burst of
updates for one prisoner is one read and one change); each subject commits on its own, with its
messages remembered as seen; what cannot be applied is parked with its error and never stops
the others. The caller deletes the messages once the batch has committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import extensions
from cases.models import Prison, Prisoner, Sentence
from feeds.clients import FeedError, Feeds
from feeds.documents import DocumentError, number_of
from feeds.events.apply import Batch, apply_subject
from feeds.events.parse import Event, Malformed, message_id_of, parse
from feeds.models import ParkedMessage, SeenMessage
from feeds.reconcile import in_step, prisons_by_code

CANNOT_APPLY = (Malformed, DocumentError, FeedError, ValidationError)


@dataclass(frozen=True)
class Message:
    body: str
    receipt: str = ""  # the SQS receipt handle, to delete it
    sqs_id: str = ""  # the SQS MessageId, if the body has none


@dataclass
class Counts:
    received: int = 0
    applied: int = 0
    duplicates: int = 0
    parked: int = 0

    def add(self, other: Counts) -> None:
        self.received += other.received
        self.applied += other.applied
        self.duplicates += other.duplicates
        self.parked += other.parked

    def line(self) -> dict[str, int]:
        """The JSON line of docs/commands.md#consume_events."""
        return {
            "received": self.received,
            "applied": self.applied,
            "duplicates": self.duplicates,
            "parked": self.parked,
        }


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def consume_batch(
    messages: Sequence[Message], feeds: Feeds, *, now: dt.datetime | None = None
) -> Counts:
    """Apply a batch of messages; every message ends applied, a duplicate or parked. The batch
    commits as one transaction (each subject in a savepoint of its own, so one failure parks
    only its messages); the apps bring the changed cases up to date once it has committed."""
    now = now or timezone.now()
    counts = Counts(received=len(messages))
    with extensions.changes_batched(), transaction.atomic():
        groups = _fresh(messages, counts, now)
        batch = Batch(feeds, prisons_by_code(), _documents(groups, feeds), now)
        quiet: list[Event] = []  # events of subjects already in step: nothing to write
        in_step_now = _in_step(groups, batch)
        for subject, events in groups.items():
            if subject in in_step_now:
                quiet += events
            else:
                _apply_group(subject, events, batch, counts)
        SeenMessage.objects.bulk_create(
            (_seen(e, now) for e in quiet), batch_size=1000, ignore_conflicts=True
        )
        counts.applied += len(quiet)
    return counts


def _seen(event: Event, now: dt.datetime) -> SeenMessage:
    return SeenMessage(message_id=event.message_id, event_type=event.event_type[:100], seen_at=now)


def _fresh(
    messages: Sequence[Message], counts: Counts, now: dt.datetime
) -> dict[tuple[str, ...], list[Event]]:
    """The batch's events not seen before, by subject; repeats counted, unreadable ones parked."""
    ids = [message_id_of(m.body, m.sqs_id) for m in messages]
    seen = set(SeenMessage.objects.filter(message_id__in=ids).values_list("message_id", flat=True))
    groups: dict[tuple[str, ...], list[Event]] = {}
    for message, message_id in zip(messages, ids, strict=True):
        if message_id in seen:
            counts.duplicates += 1
            continue
        seen.add(message_id)
        try:
            event = parse(message.body, message.sqs_id)
        except Malformed as exc:
            park(message_id, message.body, None, str(exc), now=now)
            counts.parked += 1
            continue
        groups.setdefault(event.subject, []).append(event)
    return groups


def _in_step(groups: dict[tuple[str, ...], list[Event]], batch: Batch) -> set[tuple[str, ...]]:
    """The prisoner subjects whose fresh documents say what we hold already, found with two
    queries for the whole batch."""
    numbers = [s[1] for s in groups if s[0] == "prisoner" and s[1] in batch.documents]
    prisoners = {p.prison_number: p for p in Prisoner.objects.filter(prison_number__in=numbers)}
    current = {
        s.prisoner_id: s
        for s in Sentence.objects.filter(
            prisoner_id__in=[p.pk for p in prisoners.values()], is_current=True
        )
    }
    today = timezone.localdate(batch.now)
    found: set[tuple[str, ...]] = set()
    for number in numbers:
        prisoner = prisoners.get(number)
        sentence = current.get(prisoner.pk) if prisoner else None
        doc = batch.documents[number]
        if in_step(number, doc, prisoner, sentence, prisons=batch.prisons, today=today):
            found.add(("prisoner", number))
    return found


def _apply_group(
    subject: tuple[str, ...], events: list[Event], batch: Batch, counts: Counts
) -> None:
    try:
        with transaction.atomic():
            apply_subject(subject, events, batch)
            SeenMessage.objects.bulk_create(_seen(e, batch.now) for e in events)
    except IntegrityError:  # another consumer applied them first
        counts.duplicates += len(events)
        return
    except CANNOT_APPLY as exc:
        for event in events:
            park(event.message_id, event.body, event, error_text(exc), now=batch.now)
        counts.parked += len(events)
        return
    counts.applied += len(events)


def _documents(
    groups: dict[tuple[str, ...], list[Event]], feeds: Feeds
) -> dict[str, dict[str, Any] | None]:
    """Every prisoner's document the batch needs, in one request a thousand. A number missing
    from the answer is read on its own later (a 404, or a merged number)."""
    numbers = sorted({s[1] for s in groups if s[0] in ("prisoner", "merge")})
    if not numbers or feeds.search is None:
        return {}
    try:
        documents = feeds.search.prisoners(numbers)
    except FeedError:
        return {}  # each is read on its own, and parked on its own if that fails too
    return {number_of(doc): doc for doc in documents if number_of(doc) in numbers}


def park(
    message_id: str, body: str, event: Event | None, error: str, *, now: dt.datetime
) -> ParkedMessage | None:
    """Keep a message that cannot be applied, with why, for an admin to retry or discard."""
    try:
        with transaction.atomic():
            parked = ParkedMessage.objects.create(
                message_id=message_id,
                event_type=(event.event_type if event else "")[:100],
                subject=(event.key if event else "")[:20],
                prison=_prison_of(event),
                body=body,
                error=error[:5000],
                parked_at=now,
            )
            SeenMessage.objects.create(
                message_id=message_id, event_type=parked.event_type, seen_at=now, parked=True
            )
    except IntegrityError:  # parked already by another consumer
        return None
    return parked


def _prison_of(event: Event | None) -> Prison | None:
    """The prison that should see the parked message: the event's, else the prisoner's."""
    if event is None:
        return None
    prison = Prison.objects.filter(code=event.prison_code).first() if event.prison_code else None
    if prison is None and event.noms:
        prisoner = Prisoner.objects.filter(prison_number=event.noms).first()
        prison = prisoner.current_prison if prisoner else None
    if prison is None and event.crn:
        prisoner = Prisoner.objects.filter(crn=event.crn).first()
        prison = prisoner.current_prison if prisoner else None
    return prison
