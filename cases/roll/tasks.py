"""Celery tasks for roll imports: thin wrappers over `cases.roll.jobs`, safe to run twice.
(The names keep the `cases.tasks.` prefix the worker already knows them by.)"""

from celery import shared_task
from django.utils import timezone

from cases.roll import jobs


@shared_task(name="cases.tasks.check_roll_import", soft_time_limit=600, time_limit=720)
def check_roll_import(roll_import_id: int) -> str:
    """Check an uploaded roll file and store its preview; safe to run twice."""
    return jobs.roll_import_check(roll_import_id=roll_import_id, today=timezone.localdate()).status


@shared_task(name="cases.tasks.apply_roll_import", soft_time_limit=1500, time_limit=1800)
def apply_roll_import(roll_import_id: int) -> str:
    """Apply a confirmed roll import; safe to run twice (an applied import is left alone)."""
    return jobs.roll_import_run(roll_import_id=roll_import_id, now=timezone.now()).status
