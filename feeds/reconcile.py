"""Bringing one prisoner in step with their fresh Prisoner Search document: a new arrival, a
return, a transfer between our prisons, changed facts, a release or a merge; every change
through the data-in services (`cases.services.facts`), audited with the feed as its source.

The document, not the event or the roll, decides: that makes events arriving out of order,
twice or in bursts harmless (docs/commands.md#consume_events).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from cases.audit import ChangeSource
from cases.models import Prison, Prisoner, Sentence
from cases.roll.record import RollRecord
from cases.services import facts
from cases.services.facts.types import detail_changes, sentence_changes
from feeds.documents import DocumentError, Where, place_of, record_of


class Outcome(enum.StrEnum):
    ARRIVED = "arrived"  # new to us, or back in custody
    TRANSFERRED = "transferred"  # from another of our prisons
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    RELEASED = "released"
    LEFT = "left"  # moved to a prison this service does not cover
    MERGED = "merged"
    IN_TRANSIT = "in_transit"  # placed when they arrive
    NOT_OURS = "not_ours"  # held at a prison this service does not cover


@dataclass(frozen=True)
class Context:
    source: ChangeSource
    at: dt.datetime  # when the change happened, as far as the feed knows
    today: dt.date
    prisons: dict[str, Prison]  # ours, by code


def prisons_by_code() -> dict[str, Prison]:
    return {prison.code: prison for prison in Prison.objects.all()}


def _find(number: str) -> Prisoner | None:
    return Prisoner.objects.select_related("current_prison").filter(prison_number=number).first()


def reconcile(number: str, doc: dict[str, Any] | None, ctx: Context) -> Outcome:
    """Make our record of `number` say what its document says. DocumentError when it cannot
    (unknown to Prisoner Search, unreadable, nowhere)."""
    if doc is None:
        raise DocumentError(f"Prisoner Search does not know {number}.")
    place = place_of(doc)
    if place.number and place.number != number:
        return merge(kept_number=place.number, removed_number=number, kept_doc=doc, ctx=ctx)
    prisoner = _find(number)
    if place.where == Where.HELD:
        return _held(prisoner, doc, place.prison_code, ctx)
    if place.where == Where.RELEASED:
        if prisoner is None or prisoner.current_prison_id is None:
            return Outcome.UNCHANGED
        facts.prisoner_release(
            prisoner=prisoner, at=ctx.at, source=ctx.source, reason="Released (Prisoner Search)."
        )
        return Outcome.RELEASED
    if place.where == Where.IN_TRANSIT:
        return Outcome.IN_TRANSIT
    raise DocumentError(
        f"{number}: the document does not say where the prisoner is "
        f"(status {doc.get('status')!r}, prisonId {doc.get('prisonId')!r})."
    )


def _held(prisoner: Prisoner | None, doc: dict[str, Any], code: str, ctx: Context) -> Outcome:
    prison = ctx.prisons.get(code)
    if prison is None:
        if prisoner is None or prisoner.current_prison is None:
            return Outcome.NOT_OURS
        facts.prisoner_release(
            prisoner=prisoner,
            at=ctx.at,
            source=ctx.source,
            reason=f"Moved to {code}, a prison this service does not cover (Prisoner Search).",
        )
        return Outcome.LEFT
    record = record_of(doc, today=ctx.today)
    if prisoner is not None and prisoner.current_prison_id == prison.pk:
        if not differs(prisoner, record):
            return Outcome.UNCHANGED
        facts.prisoner_facts_update(
            prisoner=prisoner,
            source=ctx.source,
            details=record.details,
            legal_status=record.legal_status,
            sentence=record.sentence,
        )
        return Outcome.UPDATED
    moving = prisoner is not None and prisoner.current_prison_id is not None
    arrival = facts.Arrival(
        record.prison_number, record.details, record.legal_status, record.sentence, ctx.at
    )
    facts.prisoner_arrive(prison=prison, arrival=arrival, source=ctx.source)
    return Outcome.TRANSFERRED if moving else Outcome.ARRIVED


_FETCH = object()


def differs(prisoner: Prisoner, record: RollRecord, current: Any = _FETCH) -> bool:
    """Whether the record says anything our facts do not (`current`: the prisoner's current
    sentence or None, if already read)."""
    if record.legal_status != prisoner.legal_status or detail_changes(prisoner, record.details):
        return True
    if record.sentence is None:
        return False
    if current is _FETCH:
        current = Sentence.objects.filter(prisoner=prisoner, is_current=True).first()
    return bool(sentence_changes(current, record.sentence))


def in_step(
    number: str,
    doc: dict[str, Any] | None,
    prisoner: Prisoner | None,
    current: Sentence | None,
    *,
    prisons: dict[str, Prison],
    today: dt.date,
) -> bool:
    """Whether `reconcile` would change nothing, decided from rows already read (no query): the
    common case of an event about something this service does not hold."""
    if doc is None:
        return False
    place = place_of(doc)
    if place.number and place.number != number:
        return False
    held = prisoner is not None and prisoner.current_prison_id is not None
    if place.where == Where.IN_TRANSIT:
        return True
    if place.where == Where.RELEASED:
        return not held
    if place.where != Where.HELD:
        return False
    prison = prisons.get(place.prison_code)
    if prison is None:
        return not held
    if prisoner is None or prisoner.current_prison_id != prison.pk:
        return False
    try:
        record = record_of(doc, today=today)
    except DocumentError:
        return False
    return not differs(prisoner, record, current)


def merge(
    *, kept_number: str, removed_number: str, kept_doc: dict[str, Any] | None, ctx: Context
) -> Outcome:
    """Two numbers found to be one person: everything moves onto the kept number, which is then
    brought in step with its document. A kept number new to us arrives first."""
    removed = _find(removed_number)
    if removed is None:  # merged already, or never ours: the kept record is what matters
        return reconcile(kept_number, kept_doc, ctx) if kept_doc else Outcome.UNCHANGED
    kept = _find(kept_number)
    if kept is None:
        reconcile(kept_number, kept_doc, ctx)
        kept = _find(kept_number)
        if kept is None:
            raise DocumentError(
                f"{removed_number} was merged into {kept_number}, which no prison of this "
                "service holds: merge them by hand."
            )
    facts.prisoners_merge(kept=kept, removed=removed, source=ctx.source, at=ctx.at)
    if kept_doc is not None:
        reconcile(kept_number, kept_doc, ctx)
    return Outcome.MERGED
