"""Celery tasks for cases: thin wrappers over services."""

from celery import shared_task
from django.utils import timezone

from cases.roll import jobs
from cases.services import heartbeat_record


@shared_task(name="cases.tasks.heartbeat", soft_time_limit=30, time_limit=60)
def heartbeat() -> str:
    """Record that beat and a worker are alive. Safe to run any number of times."""
    return heartbeat_record(name="heartbeat", now=timezone.now()).last_run_at.isoformat()


@shared_task(name="cases.tasks.stats_snapshot", soft_time_limit=600, time_limit=900)
def stats_snapshot() -> int:
    """Store today's dashboard figures for every prison. Rerunning replaces today's rows."""
    from cases.figures import stats_snapshot as snapshot

    return snapshot(day=timezone.localdate())


@shared_task(name="cases.tasks.check_roll_import", soft_time_limit=600, time_limit=720)
def check_roll_import(roll_import_id: int) -> str:
    """Check an uploaded roll file and store its preview; safe to run twice."""
    return jobs.roll_import_check(roll_import_id=roll_import_id, today=timezone.localdate()).status


@shared_task(name="cases.tasks.apply_roll_import", soft_time_limit=1500, time_limit=1800)
def apply_roll_import(roll_import_id: int) -> str:
    """Apply a confirmed roll import; safe to run twice (an applied import is left alone)."""
    return jobs.roll_import_run(roll_import_id=roll_import_id, now=timezone.now()).status
