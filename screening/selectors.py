"""Reads for screening: task lists, counts, a case's screening records, sweep runs.

Every list starts from the user's scope (`cases.selectors.prisoners_for_user`), so staff see
only their prisons' tasks and a COM none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.http import Http404

from cases.access import User, prisoners_for_user
from cases.extensions import DeadlineOutcome
from cases.models import POM_ROLES, Prison, Prisoner, PrisonPolicy, StaffRole
from cases.selectors import ids_in, with_sentence_and_arrival
from screening import rules
from screening.models import (
    Bcs,
    Categorisation,
    OasysAssessment,
    SentencePlanObjective,
    SweepRun,
    Task,
)

# --- Facts for the rules engine --------------------------------------------------------------


def prisoners_by_id(ids: list[int]) -> QuerySet[Prisoner]:
    return ids_in(Prisoner.objects.all(), "id", ids)


def case_facts_by_prisoner(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rules-engine facts screening records, per prisoner id: `documents_received_date`,
    `last_categorisation_date` and `last_oasys_date` (CaseFacts field names).

    One query for all `ids` (a UNION of two grouped reads); none when `ids` is empty.
    """
    if not ids:
        return {}
    categorisations = (
        ids_in(Categorisation.objects.order_by(), "prisoner_id", ids)
        .values("prisoner_id")
        .annotate(
            documents=Max("documents_received_date"),
            categorised=Max("decided_on"),
            oasys=Cast(Value(None), DateField()),
        )
        .values_list("prisoner_id", "documents", "categorised", "oasys")
    )
    assessments = (
        ids_in(OasysAssessment.objects.order_by(), "prisoner_id", ids)
        .values("prisoner_id")
        .annotate(
            documents=Cast(Value(None), DateField()),
            categorised=Cast(Value(None), DateField()),
            oasys=Max("completed_on"),
        )
        .values_list("prisoner_id", "documents", "categorised", "oasys")
    )
    facts: dict[int, dict[str, Any]] = {}
    for pk, documents, categorised, oasys in categorisations.union(assessments, all=True):
        row = facts.setdefault(pk, {})
        if documents is not None:
            row["documents_received_date"] = documents
        if categorised is not None:
            row["last_categorisation_date"] = categorised
        if oasys is not None:
            row["last_oasys_date"] = oasys
    return facts


# --- What task syncing reads -----------------------------------------------------------------


def case_bases(prisoners: QuerySet[Prisoner]) -> dict[int, rules.CaseBasis]:
    """What each case's tasks count from, in two queries for any number of cases."""
    last_contact = (
        Task.objects.filter(
            prisoner=OuterRef("pk"),
            kind=rules.POM_CONTACT,
            status__in=[Task.Status.DONE, Task.Status.DONE_LATE],
        )
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )
    rows = list(
        with_sentence_and_arrival(prisoners.order_by())
        .annotate(last_contact=Subquery(last_contact))
        .values_list(
            "id",
            "current_prison_id",
            "arrival_datetime",
            "cs__sentence_start_date",
            "allocation__primary_pom_id",
            "allocation__pom_allocated_at",
            "allocation__keyworker_id",
            "last_contact",
        )
    )
    recorded = case_facts_by_prisoner([row[0] for row in rows])
    bases: dict[int, rules.CaseBasis] = {}
    empty: dict[str, Any] = {}
    for pk, prison, arrival, start, pom, allocated, keyworker, contact in rows:
        facts = recorded.get(pk, empty)
        bases[pk] = rules.CaseBasis(
            pk,
            prison,
            arrival,
            start,
            facts.get("documents_received_date"),
            facts.get("last_categorisation_date"),
            facts.get("last_oasys_date"),
            pom,
            allocated,
            keyworker is not None,
            contact,
        )
    return bases


def stored_tasks(ids: list[int]) -> dict[int, list[rules.StoredTask]]:
    """Every task (open or closed) of the cases, by prisoner id: one query."""
    result: dict[int, list[rules.StoredTask]] = defaultdict(list)
    columns = (
        "id",
        "prisoner_id",
        "prison_id",
        "kind",
        "status",
        "basis",
        "due_on",
        "due_at",
        "explanation",
        "owner_id",
    )
    make = rules.StoredTask
    tasks = ids_in(Task.objects.order_by(), "prisoner_id", ids)
    for row in tasks.values_list(*columns):
        result[row[1]].append(make(*row))
    return result


def windows_by_prison(prison_ids: Iterable[int]) -> dict[int, rules.Windows]:
    return {
        prison_id: rules.Windows(days, hours)
        for prison_id, days, hours in PrisonPolicy.objects.filter(
            prison_id__in=list(prison_ids)
        ).values_list("prison_id", "due_soon_days", "bcs_due_soon_hours")
    }


def windows_for(policy: PrisonPolicy | None) -> rules.Windows:
    if policy is None:
        return rules.Windows()
    return rules.Windows(policy.due_soon_days, policy.bcs_due_soon_hours)


# --- Task lists ------------------------------------------------------------------------------


def tasks_for_user(user: User) -> QuerySet[Task]:
    """Tasks of every case the user may see."""
    return Task.objects.filter(prisoner__in=prisoners_for_user(user))


def get_task_for_user(user: User, pk: int) -> Task:
    try:
        return (
            tasks_for_user(user)
            .select_related("prisoner", "prison__policy", "owner", "completed_by")
            .get(pk=pk)
        )
    except Task.DoesNotExist as exc:
        raise Http404("No task with that number in your prisons.") from exc


@dataclass(frozen=True)
class TaskFilters:
    kind: str = ""
    status: str = "open"  # open, closed, or a Task.Status value
    team: str = ""  # a POM role, or "omu" for tasks without an owner
    owner: str = ""  # a username, or "none"
    flag: str = ""  # overdue, due_soon


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
        qs = qs.filter(overdue=True)
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
    if filters.status == "open":
        order = ("due_on", "due_at", "prisoner__last_name", "id")
    else:
        order = ("-completed_at", "-updated_at", "-id")
    return qs.select_related("prisoner", "prison__policy", "owner", "completed_by").order_by(*order)


def my_tasks(user: User, filters: TaskFilters) -> QuerySet[Task]:
    """The user's own tasks (they are the case's POM), in every prison they work in."""
    return _ordered(_filtered(tasks_for_user(user).filter(owner=user), filters, None), filters)


def omu_tasks(user: User, prison: Prison | None, filters: TaskFilters) -> QuerySet[Task]:
    """Every task of the prison, for the head of OMU and case admins."""
    if prison is None:
        return Task.objects.none()
    qs = tasks_for_user(user).filter(prison=prison)
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


def omu_summary(user: User, prison: Prison | None) -> OmuSummary:
    """Open tasks of the prison counted by kind and by owner: two grouped queries."""
    if prison is None:
        return OmuSummary([], [])
    open_tasks = tasks_for_user(user).filter(prison=prison, status=Task.Status.OPEN)
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
    by_owner = list(
        open_tasks.values("owner__username", "owner__first_name", "owner__last_name")
        .annotate(**counts)
        .order_by("-overdue", "owner__last_name", "owner__first_name")
    )
    return OmuSummary(by_kind, by_owner)


def owner_choices(prison: Prison | None) -> list[tuple[str, str]]:
    """POMs of the prison, for the OMU list's owner filter (one query)."""
    if prison is None:
        return []
    users = (
        StaffRole.objects.filter(prison=prison, role__in=POM_ROLES)
        .values_list("user__username", "user__first_name", "user__last_name")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )
    return [(u, f"{f} {ln}".strip() or u) for u, f, ln in users]


# --- Navigation counts -----------------------------------------------------------------------

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
    attention = Q(status=Task.Status.OPEN) & (Q(overdue=True) | Q(due_soon=True))
    counts = Task.objects.filter(attention).aggregate(
        mine=Count("id", filter=Q(owner=user)),
        omu=Count("id", filter=Q(owner__isnull=True, prison_id=prison_id)),
    )
    cache.set(key, (counts["mine"], counts["omu"]), _COUNTS_TTL)
    return NavCounts(counts["mine"], counts["omu"])


# --- A case's screening ----------------------------------------------------------------------


def case_tasks(prisoner: Prisoner) -> QuerySet[Task]:
    """Every task of one case: open ones first by due date, then closed ones newest first."""
    return (
        Task.objects.filter(prisoner=prisoner)
        .select_related("prison__policy", "owner", "completed_by")
        .order_by(F("completed_at").desc(nulls_first=True), "due_on", "due_at", "-id")
    )


def open_task(prisoner: Prisoner, kind: str) -> Task | None:
    return (
        Task.objects.filter(prisoner=prisoner, kind=kind, status=Task.Status.OPEN)
        .select_related("prison__policy")
        .first()
    )


@dataclass(frozen=True)
class BcsPage:
    draft: Bcs | None
    latest: Bcs | None  # the latest completed BCS
    task: Task | None  # the open BCS task
    previous: list[Bcs]

    @property
    def can_start(self) -> bool:
        """A new screening can be started: one is due, or none has ever been done."""
        return self.draft is None and (self.task is not None or self.latest is None)


def bcs_page(prisoner: Prisoner) -> BcsPage:
    """The prisoner's screenings (areas prefetched) and their open BCS task: three queries."""
    screenings = list(
        prisoner.screenings.select_related("completed_by", "started_by")
        .prefetch_related("areas")
        .order_by("-started_at")
    )
    draft = next((b for b in screenings if b.status == Bcs.Status.DRAFT), None)
    complete = [b for b in screenings if b.status == Bcs.Status.COMPLETE]
    complete.sort(key=lambda b: b.completed_at, reverse=True)
    return BcsPage(
        draft=draft,
        latest=complete[0] if complete else None,
        task=open_task(prisoner, rules.BCS),
        previous=complete[1:],
    )


def current_bcs(prisoner: Prisoner) -> Bcs | None:
    """The draft if there is one, else the latest completed screening."""
    page = bcs_page(prisoner)
    return page.draft or page.latest


def categorisations(prisoner: Prisoner) -> list[Categorisation]:
    return list(
        prisoner.categorisations.select_related("decided_by", "recorded_by").order_by(
            F("decided_on").desc(nulls_first=True), "-id"
        )
    )


def oasys_assessments(prisoner: Prisoner) -> list[OasysAssessment]:
    return list(prisoner.oasys.select_related("recorded_by").order_by("-completed_on", "-id"))


def objectives(prisoner: Prisoner) -> list[SentencePlanObjective]:
    return list(prisoner.sentence_plan_objectives.order_by("status", "target_date", "id"))


def get_objective_for_user(user: User, prison_number: str, pk: int) -> SentencePlanObjective:
    try:
        return SentencePlanObjective.objects.select_related("prisoner").get(
            pk=pk,
            prisoner__in=prisoners_for_user(user),
            prisoner__prison_number=prison_number.upper(),
        )
    except SentencePlanObjective.DoesNotExist as exc:
        raise Http404("No such objective for this prisoner.") from exc


# --- The case page's OMiC panel: done tasks shown done ---------------------------------------


def deadline_outcomes(prisoner: Prisoner) -> dict[str, DeadlineOutcome]:
    """The engine's deadlines this case's tasks have closed, by deadline name: done or done
    late, for the due moment the task had. The case page shows a deadline done when that is
    still its due moment (one query).

    A deadline counts when the latest closed task of its kind is done and no task of that kind
    is open.
    """
    closed: dict[str, Task] = {}
    open_kinds: set[str] = set()
    for task in Task.objects.filter(prisoner=prisoner).order_by("completed_at"):
        if task.status == Task.Status.OPEN:
            open_kinds.add(task.kind)
        elif task.status in (Task.Status.DONE, Task.Status.DONE_LATE):
            closed[task.kind] = task
    found: dict[str, DeadlineOutcome] = {}
    for kind, task in closed.items():
        due = task.due_at or task.due_on
        if kind not in open_kinds and due is not None:
            found.setdefault(
                rules.ENGINE_DEADLINE.get(kind, kind), DeadlineOutcome(due, task.status)
            )
    return found


# --- Sweep runs and digests ------------------------------------------------------------------


def sweep_runs(prison: Prison | None) -> QuerySet[SweepRun]:
    """The sweep's runs at the active prison (which is always one of the user's), newest first."""
    if prison is None:
        return SweepRun.objects.none()
    return SweepRun.objects.filter(prison=prison).order_by("-started_at")


def digest_tasks(user_id: int) -> list[Task]:
    """What one person's digest lists: their open overdue and due-soon tasks, and the OMU's
    unowned ones at prisons where they are a case admin."""
    from cases.models import Role

    admin_prisons = StaffRole.objects.filter(user_id=user_id, role=Role.CASE_ADMIN).values(
        "prison_id"
    )
    return list(
        Task.objects.filter(status=Task.Status.OPEN)
        .filter(Q(overdue=True) | Q(due_soon=True))
        .filter(Q(owner_id=user_id) | Q(owner__isnull=True, prison_id__in=admin_prisons))
        .select_related("prisoner", "prison")
        .order_by("-overdue", "due_on", "due_at", "id")
    )


@dataclass(frozen=True)
class CaseTaskCounts:
    open: int
    overdue: int


def case_task_counts(prisoner: Prisoner) -> CaseTaskCounts:
    counts = Task.objects.filter(prisoner=prisoner, status=Task.Status.OPEN).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(overdue=True))
    )
    return CaseTaskCounts(counts["open"], counts["overdue"])
