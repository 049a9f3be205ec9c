"""Celery tasks for allocation: thin wrappers that take ids and call one plain function of
`allocation.jobs` (which imports neither the services nor this module)."""

from celery import shared_task
from django.utils import timezone

from allocation import jobs


@shared_task(
    name="allocation.tasks.notify_allocation",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def notify_allocation(event_ids: list[int]) -> int:
    """Email a POM about the cases in these allocation events; safe to run twice."""
    return jobs.allocation_notify(event_ids=event_ids)


@shared_task(name="allocation.tasks.staff_return_from_leave", soft_time_limit=120, time_limit=180)
def staff_return_from_leave() -> int:
    """Set staff back to active on their return date; safe to run twice."""
    return jobs.staff_return_from_leave(today=timezone.localdate())


@shared_task(
    name="allocation.tasks.record_early_allocation_windows", soft_time_limit=600, time_limit=720
)
def record_early_allocation_windows() -> int:
    """Record the cases that entered their early allocation window; safe to run twice."""
    return jobs.early_allocation_windows_record(today=timezone.localdate())
