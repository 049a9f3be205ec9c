"""Celery tasks for the case-quality audit: thin wrappers, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from cases.models import Prison
from quality import rules, services


@shared_task(name="quality.tasks.draw_audit_samples", soft_time_limit=60, time_limit=90)
def draw_audit_samples() -> list[int]:
    """This month's draw, one task a prison (a prison that fails retries alone, and the others
    are drawn all the same). Returns the prisons queued."""
    month = rules.month_of(timezone.localdate()).isoformat()
    ids = list(Prison.objects.order_by("code").values_list("pk", flat=True))
    for pk in ids:
        draw_audit_sample.delay(pk, month)
    return ids


@shared_task(
    name="quality.tasks.draw_audit_sample",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def draw_audit_sample(prison_id: int, month: str) -> bool:
    """One prison's sample for the month (YYYY-MM-DD of its first day); False when it was
    already drawn."""
    prison = Prison.objects.get(pk=prison_id)
    _, drawn = services.audit_sample_draw(prison=prison, month=dt.date.fromisoformat(month))
    return drawn
