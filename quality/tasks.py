"""Celery task for the case-quality audit: a thin wrapper, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from quality import rules, services


@shared_task(name="quality.tasks.draw_audit_samples", soft_time_limit=300, time_limit=360)
def draw_audit_samples() -> int:
    """Draw this month's sample of every prison that has none yet. Returns how many were
    drawn now (0 on a second run)."""
    month = rules.month_of(timezone.localdate())
    return sum(1 for _, drawn in services.audit_samples_draw(month=month) if drawn)
