"""A POM's caseload at a prison: their cases with release, handover and the next deadline, their
load against capacity, and the work they owe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from allocation.selectors.rows import WHY_EXPLAINS
from allocation.selectors.staff import StaffRow, Tally, prison_staff
from cases import rules
from cases.models import Prison, Prisoner
from cases.selectors import (
    DEADLINE_LABELS,
    StoredState,
    pom_contact_overdue,
    stored_evaluations,
)
from screening.models import Task

ROLE_LABELS = {
    "responsible": "POM responsible",
    "supporting": "POM supporting",
    "coworking": "Co-working",
}


@dataclass
class CaseloadRow:
    prisoner: Prisoner  # only the columns in CASELOAD_COLUMNS, and its allocation's
    evaluation: rules.Evaluation  # the stored answer, explained as the Why beside it needs
    role: str  # responsible, supporting, coworking
    today: dt.date
    release_date: dt.date | None = None  # the displayed release date

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @cached_property
    def next_deadline(self) -> tuple[str, dt.date] | None:
        """Worked out when read: for the rows a page shows, or for all when sorted by it."""
        return _next_deadline(self.evaluation, self.today)


def _next_deadline(ev: rules.Evaluation, today: dt.date) -> tuple[str, dt.date] | None:
    """The soonest engine deadline on or after today (completions are recorded elsewhere)."""
    upcoming = []
    for name, label in DEADLINE_LABELS.items():
        deadline = getattr(ev.deadlines, name)
        due = deadline.due
        if not deadline.applies or due is None:
            continue
        day = rules.london_day(due) if isinstance(due, dt.datetime) else due
        if day >= today:
            upcoming.append((day, label))
    if not upcoming:
        return None
    day, label = min(upcoming)
    return label, day


CASELOAD_SORTS: dict[str, Callable[[CaseloadRow], tuple[Any, ...]]] = {
    "name": lambda r: (r.prisoner.last_name, r.prisoner.first_name, r.prisoner.prison_number),
    "release": lambda r: (r.release_date or dt.date.max, r.prisoner.prison_number),
    "handover": lambda r: (
        r.evaluation.handover.handover_date or dt.date.max,
        r.prisoner.prison_number,
    ),
    "deadline": lambda r: (
        r.next_deadline[1] if r.next_deadline else dt.date.max,
        r.prisoner.prison_number,
    ),
}


# What the caseload, its summary, its work owed and its download read of each case: a POM
# holds up to a couple of hundred, and whole rows with their sentence and arrival joined cost
# more than everything else the page does with them.
CASELOAD_COLUMNS = (
    "prison_number",
    "first_name",
    "last_name",
    "tier",
    "complexity_of_need",
    "current_prison",
    "allocation__primary_pom",
    "allocation__pom_allocated_at",
)


def pom_caseload(
    prison: Prison, pom: Any, *, today: dt.date, sort: str = "name"
) -> list[CaseloadRow]:
    """The POM's cases at the prison (as POM and co-working), sorted. Queries: stored answers
    (2, with only the explanations the page's Why shows), rows (1)."""
    qs = Prisoner.objects.filter(current_prison=prison).filter(
        Q(allocation__primary_pom=pom) | Q(allocation__secondary_pom=pom)
    )
    evaluations = stored_evaluations(qs, today=today, explained=WHY_EXPLAINS)
    rows = []
    for p in qs.select_related("allocation").only(*CASELOAD_COLUMNS):
        ev = evaluations[p.pk]
        if p.allocation.primary_pom_id == pom.pk:
            role = "supporting" if ev.responsibility.responsible == "com" else "responsible"
        else:
            role = "coworking"
        rows.append(CaseloadRow(p, ev, role, today, ev.display_release_date.date))
    rows.sort(key=CASELOAD_SORTS.get(sort, CASELOAD_SORTS["name"]))
    return rows


def _allocated_on(prisoner: Prisoner) -> dt.date | None:
    """The London day the case was allocated to its POM, if it was."""
    allocated = prisoner.allocation.pom_allocated_at
    return rules.london_day(allocated) if allocated else None


def caseload_summary(
    prison: Prison, pom: Any, rows: Sequence[CaseloadRow], *, today: dt.date
) -> StaffRow | None:
    """The POM's capacity and caseload from their caseload rows (no second engine run):
    policy, their roles and keyworker counts, three queries. None if not a POM here."""
    found = prison_staff(prison, today=today, with_caseloads=False, only=pom)
    if not found or not found[0].is_pom:
        return None
    womens = prison.function == Prison.Function.WOMENS
    tally = Tally()
    for row in rows:
        p = row.prisoner
        tally.add(
            coworking=row.role == "coworking",
            state=StoredState.of(row.evaluation),
            tier=p.tier,
            high_complexity=womens and p.complexity_of_need == Prisoner.Complexity.HIGH,
            allocated_on=_allocated_on(p),
            today=today,
        )
    found[0].caseload = tally.caseload()
    return found[0]


@dataclass(frozen=True)
class PomWork:
    """A POM's work at a glance on their caseload page: tasks and contact owed."""

    tasks_overdue: int
    tasks_due_soon: int
    contact_overdue: list[Prisoner]


def pom_work(prison: Prison, pom: Any, rows: Sequence[CaseloadRow], *, today: dt.date) -> PomWork:
    """Two queries: the POM's open tasks counted, and the last POM contact of their cases."""
    now = timezone.now()
    counts = Task.objects.filter(
        owner=pom, status=Task.Status.OPEN, prisoner__current_prison=prison
    ).aggregate(
        overdue=Count("id", filter=Q(due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=today)),
        due_soon=Count("id", filter=Q(due_soon=True)),
    )
    held = [r for r in rows if r.role != "coworking"]
    overdue = pom_contact_overdue(
        {r.prisoner.pk: r.evaluation.pom_contact_months.value for r in held},
        allocated={r.prisoner.pk: _allocated_on(r.prisoner) for r in held},
        today=today,
    )
    return PomWork(
        tasks_overdue=counts["overdue"],
        tasks_due_soon=counts["due_soon"],
        contact_overdue=[r.prisoner for r in held if r.prisoner.pk in overdue],
    )
