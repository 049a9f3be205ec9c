"""Counts of open tasks: the navigation badges (cached until any task changes) and a case's."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q

from cases.access import User
from cases.models import Prison, Prisoner
from screening.models import NEEDS_ATTENTION, Task

_GENERATION_KEY = "screening:tasks-generation"
_COUNTS_TTL = 300


def tasks_changed() -> None:
    """Call after any write to tasks: cached navigation counts are recounted on next read."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)


@dataclass(frozen=True)
class NavCounts:
    mine: int
    omu: int


def nav_counts(user: User, prison: Prison | None) -> NavCounts:
    """Open tasks needing action (overdue or due soon): the user's own, and the OMU's at the
    active prison. One query, cached until any task changes (or five minutes)."""
    if not user.is_authenticated:
        return NavCounts(0, 0)
    prison_id = prison.pk if prison else 0
    generation = cache.get(_GENERATION_KEY, 0)
    key = f"screening:nav:{user.pk}:{prison_id}:{generation}"
    cached = cache.get(key)
    if cached is not None:
        return NavCounts(*cached)
    mine = Q(owner_id=user.pk)
    omu = Q(owner__isnull=True, prison_id=prison_id)
    # Only the user's tasks and the prison's OMU tasks are read (on their indexes): counting
    # over every open task in the country cost 100 ms a page at national scale.
    counts = Task.objects.filter(NEEDS_ATTENTION & (mine | omu)).aggregate(
        mine=Count("id", filter=mine), omu=Count("id", filter=omu)
    )
    cache.set(key, (counts["mine"], counts["omu"]), _COUNTS_TTL)
    return NavCounts(counts["mine"], counts["omu"])


@dataclass(frozen=True)
class CaseTaskCounts:
    open: int
    overdue: int


def case_task_counts(prisoner: Prisoner) -> CaseTaskCounts:
    counts = Task.objects.filter(prisoner=prisoner, status=Task.Status.OPEN).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(overdue=True))
    )
    return CaseTaskCounts(counts["open"], counts["overdue"])
