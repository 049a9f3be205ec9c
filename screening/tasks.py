"""Celery tasks for screening: thin wrappers over services, taking ids, safe to run twice; and
the queueing of the daily digest's emails, which services leave to this module."""

from __future__ import annotations

import datetime as dt
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from screening.services.digest import digest_send, digests_claim
from screening.services.sweep import sweep_overdue as sweep_all
from screening.services.sync import tasks_sync, tasks_sync_prison


@shared_task(name="screening.tasks.sweep_overdue", soft_time_limit=1500, time_limit=1800)
def sweep_overdue() -> dict[str, object]:
    """The nightly sweep of every prison: re-date tasks, flag due soon and overdue."""
    return sweep_all(now=timezone.now()).as_json()


@transaction.atomic
def digests_queue(*, day: dt.date) -> int:
    """Claim `day`'s digest for everyone with overdue or due-soon tasks, and queue each email
    after commit (a rerun the same day claims and queues nobody twice)."""
    claimed = digests_claim(day=day)
    for pk in claimed:
        transaction.on_commit(partial(send_task_digest.delay, pk))
    return len(claimed)


@shared_task(name="screening.tasks.queue_task_digests", soft_time_limit=300, time_limit=360)
def queue_task_digests() -> int:
    """Claim and queue today's digest emails (one per person per day)."""
    return digests_queue(day=timezone.localdate())


@shared_task(
    name="screening.tasks.send_task_digest",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_task_digest(digest_id: int) -> bool:
    return digest_send(digest_id=digest_id, now=timezone.now())


@shared_task(name="screening.tasks.sync_prison_tasks", soft_time_limit=600, time_limit=720)
def sync_prison_tasks(prison_id: int) -> int:
    """Re-date a prison's tasks, e.g. after its policy changed."""
    return tasks_sync_prison(prison_id=prison_id, now=timezone.now()).redated


@shared_task(name="screening.tasks.sync_case_tasks", soft_time_limit=300, time_limit=360)
def sync_case_tasks(prisoner_ids: list[int]) -> int:
    """Bring these cases' tasks up to date, e.g. after an allocation changed who owns them."""
    result = tasks_sync(prisoner_ids, now=timezone.now())
    return result.created + result.redated + result.closed
