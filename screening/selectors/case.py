"""A case's screening: its tasks, its BCS, categorisation and OASys records, its sentence-plan
objectives, and the deadlines its tasks have closed (for the case page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.http import Http404

from cases import selectors as case_selectors
from cases.extensions import DeadlineOutcome
from cases.models import Prisoner
from screening import rules
from screening.models import Bcs, Categorisation, OasysAssessment, SentencePlanObjective, Task


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
    # A complete screening always has its completion moment; started_at only keeps mypy sure.
    complete.sort(key=lambda b: b.completed_at or b.started_at, reverse=True)
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


def get_objective(prisoner: Prisoner, pk: int) -> SentencePlanObjective:
    """One of the case's sentence-plan objectives (404 otherwise); check the case first."""
    try:
        return SentencePlanObjective.objects.select_related("prisoner").get(
            pk=pk, prisoner=prisoner
        )
    except SentencePlanObjective.DoesNotExist as exc:
        raise Http404("No such objective for this prisoner.") from exc


_TASKS_ATTR = "_omu_case_tasks"


def case_tasks_read(prisoner: Prisoner) -> list[Task]:
    """Every task of the case, the closed ones oldest first: read once for the case
    page, whose deadlines' outcomes and tasks panel count from the same rows (one query)."""
    tasks: list[Task] | None = getattr(prisoner, _TASKS_ATTR, None)
    if tasks is None:
        tasks = list(Task.objects.filter(prisoner=prisoner).order_by("completed_at"))
        setattr(prisoner, _TASKS_ATTR, tasks)
    return tasks


def deadline_outcomes(prisoner: Prisoner) -> dict[str, DeadlineOutcome]:
    """The engine's deadlines this case's tasks have closed, by deadline name: done or done
    late, for the due moment the task had. The case page shows a deadline done when that is
    still its due moment (the case's tasks, `case_tasks_read`).

    A deadline counts when the latest closed task of its kind is done and no task of that kind
    is open. The keyworker allocation counts only while a keyworker holds the case, so the panel
    never says done beside "no keyworker allocated".
    """
    closed: dict[str, Task] = {}
    open_kinds: set[str] = set()
    for task in case_tasks_read(prisoner):
        if task.status == Task.Status.OPEN:
            open_kinds.add(task.kind)
        elif task.status in (Task.Status.DONE, Task.Status.DONE_LATE):
            closed[task.kind] = task
    allocation = case_selectors.allocation_of(prisoner)
    if allocation is None or allocation.keyworker_id is None:
        closed.pop(rules.KEYWORKER_ALLOCATION, None)
    found: dict[str, DeadlineOutcome] = {}
    for kind, task in closed.items():
        due = task.due_at or task.due_on
        if kind not in open_kinds and due is not None:
            found.setdefault(
                rules.ENGINE_DEADLINE.get(kind, kind), DeadlineOutcome(due, task.status)
            )
    return found
