"""Celery tasks of the policy what-if: thin wrappers over `planning.jobs`."""

from celery import shared_task

from planning import jobs


@shared_task(name="planning.tasks.whatif_run", soft_time_limit=600, time_limit=720)
def whatif_run(run_id: int) -> str:
    """Work out a what-if across prisons; safe to run twice."""
    return jobs.whatif_run_execute(run_id=run_id).status
