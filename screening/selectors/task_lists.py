"""Task lists: the user's own, the OMU's at one prison, one task; each task's status now.

Every list starts from the user's scope (`cases.access.prisoners_for_user`), so staff see only
their prisons' tasks and a COM none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases import access
from cases.access import User
from cases.models import POM_ROLES, Prison, StaffRole
from cases.rules import london_day
from cases.text import display_name
from screening import rules
from screening.models import Task
from screening.selectors.facts import windows_for


def tasks_for_user(user: User) -> QuerySet[Task]:
    """Tasks the user may see: every task of a case they may see, and every open task due at a
    prison where they see every case. An open task is due at its case's prison (`Task.prison`
    follows the case); one whose case has just left stays there until the sync moves it, and
    the OMU there still sees it, as its list and its badge count it."""
    visible = Q(prisoner__in=access.prisoners_for_user(user))
    whole = access.prisons_seen_whole(user)
    if whole:
        visible |= Q(status=Task.Status.OPEN, prison_id__in=whole)
    return Task.objects.filter(visible)


def prison_tasks(user: User, prison: Prison, *, open_only: bool) -> QuerySet[Task]:
    """`tasks_for_user` at one prison. Open tasks where the user sees every case need no check
    case by case: the OMU list and its counts then read the prison's open tasks in due order
    on an index. Closed tasks stay where they were done, so they are checked case by case."""
    if open_only and access.sees_whole_prison(user, prison):
        return Task.objects.filter(prison=prison)
    return tasks_for_user(user).filter(prison=prison)


def may_on_task(user: User, perm: str, task: Task) -> bool:
    """`perm` for this task: on its case, or, while it is open, at the prison it is due at
    where the user sees every case (as `tasks_for_user` shows it to them)."""
    if task.is_open:
        return access.may_on_open_work(user, perm, task.prisoner, task.prison_id)
    return access.may_on_case(user, perm, task.prisoner)


def get_task_for_user(user: User, pk: int, *, perm: str | None = None) -> Task:
    """A task the user may see (404 otherwise), and `perm` for it if given (403)."""
    try:
        task = (
            tasks_for_user(user)
            .select_related("prisoner__allocation", "prison__policy", "owner", "completed_by")
            .get(pk=pk)
        )
    except Task.DoesNotExist as exc:
        raise Http404("No task with that number in your prisons.") from exc
    if perm is not None and not may_on_task(user, perm, task):
        raise PermissionDenied(access.roles_needed(perm, task.prisoner.current_prison))
    return task


@dataclass(frozen=True)
class TaskFilters:
    kind: str = ""
    status: str = "open"  # open, closed, or a Task.Status value
    team: str = ""  # a POM role, or "omu" for tasks without an owner
    owner: str = ""  # a username, or "none"
    flag: str = ""  # overdue, due_soon


def overdue_at(now: dt.datetime) -> Q:
    """Open tasks past their due moment at `now`: a BCS by the hour, the others by the day.
    The lists' "Overdue" filter, their colour tags and the dashboard's figure all count this."""
    return Q(status=Task.Status.OPEN) & (
        Q(due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=london_day(now))
    )


def _filtered(qs: QuerySet[Task], filters: TaskFilters, prison: Prison | None) -> QuerySet[Task]:
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status == "open":
        qs = qs.filter(status=Task.Status.OPEN)
    elif filters.status == "closed":
        qs = qs.exclude(status=Task.Status.OPEN)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.flag == "overdue":
        qs = qs.filter(overdue_at(timezone.now()))
    elif filters.flag == "due_soon":
        qs = qs.filter(due_soon=True)
    if filters.owner == "none":
        qs = qs.filter(owner__isnull=True)
    elif filters.owner:
        qs = qs.filter(owner__username=filters.owner)
    if filters.team == "omu":
        qs = qs.filter(owner__isnull=True)
    elif filters.team and prison is not None:
        qs = qs.filter(
            Exists(
                StaffRole.objects.filter(user=OuterRef("owner"), prison=prison, role=filters.team)
            )
        )
    return qs


def _ordered(qs: QuerySet[Task], filters: TaskFilters) -> QuerySet[Task]:
    # Open tasks soonest first, so overdue ones lead, then due soon; closed ones newest first.
    order: tuple[str, ...]
    if filters.status == "open":
        order = ("due_on", "due_at", "prisoner__last_name", "id")
    else:
        order = ("-completed_at", "-updated_at", "-id")
    return qs.select_related("prisoner", "prison__policy", "owner", "completed_by").order_by(*order)


def my_tasks(user: User, filters: TaskFilters) -> QuerySet[Task]:
    """The user's own tasks (they are the case's POM), in every prison they work in."""
    mine = tasks_for_user(user).filter(owner_id=user.pk)
    return _ordered(_filtered(mine, filters, None), filters)


def omu_tasks(user: User, prison: Prison, filters: TaskFilters) -> QuerySet[Task]:
    """Every task of the prison, for the head of OMU and case admins."""
    qs = prison_tasks(user, prison, open_only=filters.status == "open")
    return _ordered(_filtered(qs, filters, prison), filters)


@dataclass(frozen=True)
class TaskRow:
    task: Task
    status: str  # colour tag: overdue, due_soon, not_due, done, done_late, not_needed


def task_rows(tasks: Iterable[Task], *, now: dt.datetime) -> list[TaskRow]:
    """Each task with its status now (reads `task.prison.policy`: select it with the tasks)."""
    rows = []
    for task in tasks:
        if task.status == Task.Status.NOT_NEEDED:
            status = "not_needed"
        elif task.status != Task.Status.OPEN:
            status = task.status
        else:
            policy = getattr(task.prison, "policy", None)
            status = rules.task_status(
                task.due_on, task.due_at, now=now, windows=windows_for(policy)
            )
        rows.append(TaskRow(task, status))
    return rows


@dataclass(frozen=True)
class OmuSummary:
    by_kind: list[dict[str, Any]]
    by_owner: list[dict[str, Any]]


def omu_summary(user: User, prison: Prison) -> OmuSummary:
    """Open tasks of the prison counted by kind and by owner: two grouped queries."""
    open_tasks = prison_tasks(user, prison, open_only=True).filter(status=Task.Status.OPEN)
    counts = {
        "open": Count("id"),
        "overdue": Count("id", filter=Q(overdue=True)),
        "due_soon": Count("id", filter=Q(due_soon=True)),
    }
    labels = dict(Task.Kind.choices)
    by_kind = [
        {**row, "label": labels[row["kind"]]}
        for row in open_tasks.values("kind").annotate(**counts).order_by("kind")
    ]
    by_owner = [
        {**row, "name": _owner_name(row)}
        for row in open_tasks.values("owner__username", "owner__first_name", "owner__last_name")
        .annotate(**counts)
        .order_by("-overdue", "owner__last_name", "owner__first_name")
    ]
    return OmuSummary(by_kind, by_owner)


def _owner_name(row: dict[str, Any]) -> str:
    """The owner's name as everywhere else (`display_name`), from the grouped row's columns."""
    if not row["owner__username"]:
        return "OMU (no owner)"
    owner = get_user_model()(
        username=row["owner__username"],
        first_name=row["owner__first_name"],
        last_name=row["owner__last_name"],
    )
    return display_name(owner)


def owner_choices(prison: Prison) -> list[tuple[str, str]]:
    """POMs of the prison by name, for the OMU list's owner filter (one query)."""
    poms = (
        get_user_model()
        .objects.filter(prison_roles__prison=prison, prison_roles__role__in=POM_ROLES)
        .only("username", "first_name", "last_name")
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [(user.get_username(), display_name(user)) for user in poms]
