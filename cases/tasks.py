"""Celery tasks for cases: thin wrappers over services."""

from celery import shared_task
from django.utils import timezone

# The roll import's tasks live with it; importing them here lets the worker find them.
from cases.roll import tasks as roll_tasks  # noqa: F401
from cases.services import heartbeat_record
from cases.services.access_log import access_log_purge
from cases.services.state import prison_states_refresh


@shared_task(name="cases.tasks.heartbeat", soft_time_limit=30, time_limit=60)
def heartbeat() -> str:
    """Record that beat and a worker are alive. Safe to run any number of times."""
    return heartbeat_record(name="heartbeat", now=timezone.now()).last_run_at.isoformat()


@shared_task(name="cases.tasks.stats_snapshot", soft_time_limit=600, time_limit=900)
def stats_snapshot() -> int:
    """Store today's dashboard figures for every prison. Rerunning replaces today's rows."""
    from cases.figures import stats_snapshot as snapshot

    return snapshot(day=timezone.localdate())


@shared_task(name="cases.tasks.refresh_prison_states", soft_time_limit=600, time_limit=720)
def refresh_prison_states(prison_id: int) -> int:
    """Re-evaluate every case at the prison (after its policy changed); returns how many
    answers changed. Safe to run twice: the second run changes nothing."""
    return len(prison_states_refresh(prison_id, today=timezone.localdate()).changed)


@shared_task(name="cases.tasks.purge_access_log", soft_time_limit=600, time_limit=720)
def purge_access_log() -> int:
    """Delete the reads older than the access log's retention period. Safe to run twice: the
    second run finds nothing to delete."""
    return access_log_purge(today=timezone.localdate())
