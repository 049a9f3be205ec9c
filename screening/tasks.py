"""Celery tasks for screening: thin wrappers over services, taking ids, safe to run twice; and
the queueing of the daily digest's emails, which services leave to this module."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from functools import partial

from celery import chord, group, shared_task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from cases.models import Prison
from screening.models import SweepRun
from screening.services.digest import digest_send, digests_claim
from screening.services.sweep import (
    sweep_flag,
    sweep_prison,
    sweep_prisons,
    sweep_summary,
    sweep_unheld,
)
from screening.services.sync import tasks_sync, tasks_sync_prison

logger = logging.getLogger(__name__)


@shared_task(name="screening.tasks.sweep_overdue", soft_time_limit=300, time_limit=360)
def sweep_overdue(full: bool = False) -> str:
    """The nightly sweep, fanned out: one task a prison (a group, so N workers share the
    national run and a failed prison retries alone), then one last step that flags every
    prison's tasks set-based and logs the night's summary. Returns the chord's id."""
    now = timezone.now()
    prison_ids = [p.pk for p in sweep_prisons()]
    header = group(sweep_one_prison.s(pk, now.isoformat(), full) for pk in prison_ids)
    return str(chord(header)(sweep_finish.s(now.isoformat(), time.time())).id)


@shared_task(
    name="screening.tasks.sweep_one_prison",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    max_retries=3,
    soft_time_limit=600,
    time_limit=720,
)
def sweep_one_prison(prison_id: int, now: str, full: bool = False) -> int:
    """One prison's share of the night: its stored answers and tasks brought up to date (not
    flagged: the last step does that). Returns the run's id. Safe to retry: a rerun finds
    nothing left to change."""
    prison = Prison.objects.select_related("policy").get(pk=prison_id)
    run = sweep_prison(prison=prison, now=dt.datetime.fromisoformat(now), full=full, flag=False)
    return run.pk


@shared_task(name="screening.tasks.sweep_finish", soft_time_limit=600, time_limit=720)
def sweep_finish(run_ids: list[int], now: str, started: float) -> dict[str, object]:
    """The night's last step: the cases no prison holds brought up to date, every swept
    prison's tasks flagged, then the summary line logged."""
    moment = dt.datetime.fromisoformat(now)
    unheld = sweep_unheld(now=moment)
    sweep_flag(run_ids=run_ids, now=moment)
    runs = list(SweepRun.objects.filter(pk__in=run_ids))
    summary = sweep_summary(runs, seconds=time.time() - started, unheld=unheld).as_json()
    logger.info("sweep_overdue %s", json.dumps(summary))
    return summary


@shared_task(name="screening.tasks.sweep_overdue_full", soft_time_limit=300, time_limit=360)
def sweep_overdue_full() -> str:
    """The weekly safety net: the same fan-out, every case evaluated and every task synced."""
    return sweep_overdue(full=True)


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
