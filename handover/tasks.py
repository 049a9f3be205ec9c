"""Celery tasks for handover: thin wrappers over `handover.transitions`, safe to run any number
of times. The services queue `handover_sync_case`; this module needs nothing of theirs."""

from celery import shared_task
from django.utils import timezone

from cases.models import Prisoner
from handover.transitions import handover_transition_cases, handover_transitions_run


@shared_task(name="handover.tasks.handover_transitions", soft_time_limit=1500, time_limit=1800)
def handover_transitions() -> dict[str, float]:
    """Nightly: move every case whose date has come to its new handover state, audited."""
    result = handover_transitions_run(today=timezone.localdate())
    return {
        "cases": result.cases,
        "recorded": result.recorded,
        "moved": result.moved,
        "seconds": result.seconds,
    }


@shared_task(
    name="handover.tasks.handover_sync_case",
    soft_time_limit=30,
    time_limit=60,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def handover_sync_case(prisoner_id: int) -> int:
    """Record one case's handover state now (after a change that can move its dates)."""
    qs = Prisoner.objects.filter(pk=prisoner_id)
    return handover_transition_cases(qs, today=timezone.localdate()).moved
