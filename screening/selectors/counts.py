"""Counts of open tasks: the navigation badges (cached until a task of their prisons changes)
and a case's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q

from cases import access
from cases.access import User
from cases.models import Prison, Prisoner
from screening.models import NEEDS_ATTENTION, Task
from screening.selectors.case import case_tasks_read

_GENERATION_KEY = "screening:tasks-generation"  # any prison's tasks
_COUNTS_TTL = 300


def _prison_key(prison_id: int) -> str:
    return f"{_GENERATION_KEY}:{prison_id}"


def tasks_changed(prison_ids: Iterable[int] | None = None) -> None:
    """Call after any write to tasks, naming the prisons whose tasks it changed (None: any
    prison): the navigation badges counting those prisons' tasks are recounted on next read,
    and no others (a session logged at one prison leaves the other 116 prisons' badges be)."""
    keys = [_GENERATION_KEY] if prison_ids is None else sorted(map(_prison_key, set(prison_ids)))
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, None)


@dataclass(frozen=True)
class NavCounts:
    mine: int
    omu: int


def nav_counts(user: User, prison: Prison | None) -> NavCounts:
    """Open tasks needing action (overdue or due soon): the user's own at the prisons where
    they hold a role, and the OMU's at the active prison. One query, cached until a task of
    one of those prisons changes (or five minutes)."""
    if not user.is_authenticated:
        return NavCounts(0, 0)
    prison_id = prison.pk if prison else 0
    own_prisons = access.prison_ids_with_roles(user)
    keys = [_GENERATION_KEY, *(_prison_key(pk) for pk in sorted({prison_id, *own_prisons}))]
    found = cache.get_many(keys)
    generations = ".".join(str(found.get(key, 0)) for key in keys)
    key = f"screening:nav:{user.pk}:{prison_id}:{generations}"
    cached = cache.get(key)
    if cached is not None:
        return NavCounts(*cached)
    mine = Q(owner_id=user.pk, prison_id__in=own_prisons)
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
    """The case's open tasks and how many of them are overdue (the nightly flag), from the
    case's tasks as the case page read them (`case_tasks_read`)."""
    open_tasks = [t for t in case_tasks_read(prisoner) if t.status == Task.Status.OPEN]
    return CaseTaskCounts(len(open_tasks), sum(1 for t in open_tasks if t.overdue))
