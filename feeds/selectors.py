"""What the Data feeds page and /healthz/ show: each prison's runs and its last successful
sync, the events seen lately and the parked ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Q, QuerySet

from cases.models import Prison
from feeds.models import FeedRun, ParkedMessage, SeenMessage


@dataclass(frozen=True)
class LastSync:
    prison: Prison
    at: dt.datetime | None
    stale: bool


def last_syncs(*, now: dt.datetime, prisons: QuerySet[Prison] | None = None) -> list[LastSync]:
    """Each prison's last successful Prisoner Search sync; stale after FEEDS_STALE_AFTER_HOURS
    (or never synced)."""
    prisons = prisons if prisons is not None else Prison.objects.all()
    last = dict(
        FeedRun.objects.filter(kind=FeedRun.Kind.SYNC, status=FeedRun.Status.OK)
        .values("prison_id")
        .annotate(at=Max("started_at"))
        .values_list("prison_id", "at")
    )
    limit = now - dt.timedelta(hours=settings.FEEDS_STALE_AFTER_HOURS)
    return [
        LastSync(
            prison, last.get(prison.pk), last.get(prison.pk) is None or last[prison.pk] < limit
        )
        for prison in prisons.order_by("code")
    ]


def health(*, now: dt.datetime) -> dict[str, object]:
    """/healthz/'s "feeds": the last successful sync of each prison and whether it is stale."""
    syncs = last_syncs(now=now)
    return {
        "stale_after_hours": settings.FEEDS_STALE_AFTER_HOURS,
        "last_sync": {
            s.prison.code: {"at": s.at.isoformat() if s.at else None, "stale": s.stale}
            for s in syncs
        },
        "stale": sorted(s.prison.code for s in syncs if s.stale),
        "parked": ParkedMessage.objects.filter(status=ParkedMessage.Status.PARKED).count(),
    }


def runs(prison: Prison) -> QuerySet[FeedRun]:
    return FeedRun.objects.filter(prison=prison).order_by("-started_at", "-pk")


def parked_messages(prison: Prison) -> QuerySet[ParkedMessage]:
    """Parked events about the prison, and those no prison can be told from (malformed)."""
    return (
        ParkedMessage.objects.filter(status=ParkedMessage.Status.PARKED)
        .filter(Q(prison=prison) | Q(prison__isnull=True))
        .order_by("-parked_at", "-pk")
    )


def parked_for(prison: Prison, pk: int) -> ParkedMessage | None:
    return parked_messages(prison).filter(pk=pk).first()


def events_seen_since(since: dt.datetime) -> dict[str, int]:
    seen = SeenMessage.objects.filter(seen_at__gte=since)
    return {
        "applied": seen.filter(parked=False).count(),
        "parked": seen.filter(parked=True).count(),
    }
