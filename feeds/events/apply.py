"""Applying the events about one subject (a prisoner, a merge, a CRN) at once: the fresh
document decides, so the events only say what to read. Each change goes through the data-in
services, audited as `domain event <MessageId>` (the subject's latest event)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cases.audit import ChangeSource
from cases.models import Prison, Prisoner
from cases.services import facts
from feeds import probation
from feeds.clients import FeedError, Feeds
from feeds.events.parse import Event
from feeds.reconcile import Context, Outcome, merge, reconcile

logger = logging.getLogger(__name__)


@dataclass
class Batch:
    """What the events of one batch share: the clients, our prisons and the documents read
    for all of them at once (by prison number; None where Prisoner Search has none)."""

    feeds: Feeds
    prisons: dict[str, Prison]
    documents: dict[str, dict[str, Any] | None]
    now: dt.datetime

    def document(self, number: str) -> dict[str, Any] | None:
        if number not in self.documents:
            if self.feeds.search is None:
                raise FeedError("Prisoner Search", "PRISONER_SEARCH_URL is not set")
            self.documents[number] = self.feeds.search.prisoner(number)
        return self.documents[number]


def source_of(events: Sequence[Event]) -> ChangeSource:
    last = events[-1]
    short = last.event_type.rsplit(".", 2)
    what = ".".join(short[-2:]) if len(short) > 1 else last.event_type
    more = f" and {len(events) - 1} more for {last.key}" if len(events) > 1 else ""
    return ChangeSource(label=f"domain event {last.message_id}", reason=f"{what}{more}")


def apply_subject(subject: tuple[str, ...], events: Sequence[Event], batch: Batch) -> str:
    """Apply the subject's events (inside the caller's transaction); what came of them."""
    at = min(max(e.occurred_at for e in events), batch.now)
    ctx = Context(
        source=source_of(events), at=at, today=timezone.localdate(batch.now), prisons=batch.prisons
    )
    kind = subject[0]
    if kind == "prisoner":
        outcome = reconcile(subject[1], batch.document(subject[1]), ctx)
        if outcome in (Outcome.ARRIVED, Outcome.TRANSFERRED):
            _probation_on_arrival(subject[1], batch, ctx)
        return str(outcome)
    if kind == "merge":
        kept, removed = subject[1], subject[2]
        return str(
            merge(kept_number=kept, removed_number=removed, kept_doc=batch.document(kept), ctx=ctx)
        )
    if kind == "tier":
        return _tier(subject[1], batch, ctx)
    if kind == "probation":
        return _probation(subject[1], batch, ctx)
    return "ignored"  # an event this service does not use


def _probation_on_arrival(number: str, batch: Batch, ctx: Context) -> None:
    """A new arrival's probation record, read now. Its failure leaves the arrival applied
    (the nightly refresh reads it again)."""
    if batch.feeds.probation is None:
        return
    prisoner = Prisoner.objects.filter(prison_number=number).first()
    if prisoner is None:
        return
    counts = probation.probation_refresh(
        [prisoner], batch.feeds, source=ctx.source, today=ctx.today
    )
    for error in counts.errors:
        logger.warning("Probation record on arrival: %s", error["message"])


def _with_crn(crn: str) -> list[Prisoner]:
    return list(Prisoner.objects.filter(crn=crn, current_prison__isnull=False))


def _tier(crn: str, batch: Batch, ctx: Context) -> str:
    prisoners = _with_crn(crn)
    if not prisoners:
        return "not_ours"
    feeds = batch.feeds
    if feeds.tiering is not None:
        tier = feeds.tiering.tier(crn)
    elif feeds.probation is not None:
        record = feeds.probation.record(prisoners[0].prison_number)
        tier = record.tier if record else None
    else:
        raise FeedError("Tiering", "neither TIERING_API_URL nor PROBATION_API_URL is set")
    if not tier:
        return "unchanged"
    for prisoner in prisoners:
        facts.prisoner_probation_update(
            prisoner=prisoner, changes={"tier": tier}, source=ctx.source
        )
    return "updated"


def _probation(crn: str, batch: Batch, ctx: Context) -> str:
    prisoners = _with_crn(crn)
    if not prisoners:
        return "not_ours"
    if batch.feeds.probation is None:
        raise FeedError("Probation record", "PROBATION_API_URL is not set")
    for prisoner in prisoners:
        record = batch.feeds.probation.record(prisoner.prison_number)
        if record is None:
            continue
        tier = batch.feeds.tiering.tier(crn) if batch.feeds.tiering else None
        probation.apply_probation(prisoner, record, tier, source=ctx.source, today=ctx.today)
    return "updated"
