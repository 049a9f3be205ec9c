"""The nightly reconciliation: every prison's roll from Prisoner Search, then its cases'
probation records and tiers, spread over `FEEDS_SYNC_WINDOW` so the national services see a
steady trickle rather than a burst."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from cases.models import Prison
from feeds import clients, sync
from feeds.models import SeenMessage

logger = logging.getLogger(__name__)


SEEN_KEPT_DAYS = 15  # SQS keeps a message 14 days at most: older MessageIds cannot come again


@shared_task
def sync_all_prisons() -> int:
    """Queue every prison's sync, spread evenly over the window; how many were queued. Forget
    the MessageIds no queue can deliver again (those parked stay with their message)."""
    limit = timezone.now() - dt.timedelta(days=SEEN_KEPT_DAYS)
    SeenMessage.objects.filter(seen_at__lt=limit, parked=False).delete()
    if not settings.PRISONER_SEARCH_URL:
        logger.info("Nightly sync skipped: PRISONER_SEARCH_URL is not set.")
        return 0
    codes = list(Prison.objects.order_by("code").values_list("code", flat=True))
    gap = settings.FEEDS_SYNC_WINDOW / max(len(codes), 1)
    for i, code in enumerate(codes):
        sync_prison_nightly.apply_async(args=[code], countdown=round(i * gap))
    return len(codes)


@shared_task
def sync_prison_nightly(code: str) -> dict[str, object]:
    """One prison: its roll, then its cases' probation records and tiers."""
    prison = Prison.objects.get(code=code)
    with clients.connect() as feeds:
        result = sync.sync_prison(prison, feeds)
    line = result.line()
    if settings.PROBATION_API_URL:
        with clients.connect() as feeds:
            run = sync.probation_nightly(prison, feeds)
        line["probation"] = run.counts
    return line
