"""Screening's figures for the head of OMU's dashboard (docs/rules.md#figures): BCS on time,
OASys currency against the 90% target and its backlog, and tasks overdue by kind and owner."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, Count, F, Max, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone

from cases.figures import Definition, Figure, PrisonContext
from cases.rules import LONDON, add_months
from cases.text import long_date
from screening.models import OasysAssessment, Task
from screening.selectors.task_lists import overdue_at

RECENT = dt.timedelta(weeks=12)
OASYS_KINDS = (Task.Kind.OASYS, Task.Kind.OASYS_REVIEW, Task.Kind.PRE_HANDOVER_OASYS)
OASYS_TARGET = 90  # percent of custody cases with a current OASys (docs/rules.md#figures)


def _open_overdue(ctx: PrisonContext) -> Q:
    """Open tasks past their due moment now, as the task lists' "Overdue" filter counts them
    (for a past day, at the start of that day)."""
    if ctx.today == timezone.localdate():
        return overdue_at(timezone.now())
    return overdue_at(dt.datetime.combine(ctx.today, dt.time(), tzinfo=LONDON))


# The kinds whose overdue tasks a figure lists by case (BCS overdue, the OASys backlog).
LISTED_KINDS = (Task.Kind.BCS, *OASYS_KINDS)


@dataclass(frozen=True)
class Overdue:
    """The prison's overdue tasks, counted: by kind, how many a POM holds, and for the kinds a
    figure lists, the cases with one."""

    by_kind: Counter[str]
    owned: int
    cases: dict[str, frozenset[int]]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def cases_of(self, *kinds: str) -> frozenset[int]:
        return frozenset().union(*(self.cases.get(kind, frozenset()) for kind in kinds))


def _overdue(ctx: PrisonContext, tasks: QuerySet[Task]) -> Overdue:
    """One query, grouped in the database: a row per kind, split by case only for the listed
    kinds (a large prison has a thousand overdue tasks, most of them of kinds only counted)."""
    rows = (
        tasks.filter(_open_overdue(ctx))
        .values(
            "kind",
            case=Case(
                When(kind__in=LISTED_KINDS, then=F("prisoner_id")),
                output_field=BigIntegerField(),
            ),
        )
        .annotate(owned=Count("owner_id"), n=Count("pk"))
        .values_list("kind", "case", "owned", "n")
    )
    by_kind: Counter[str] = Counter()
    owned = 0
    cases: defaultdict[str, set[int]] = defaultdict(set)
    for kind, case, held, n in rows:
        by_kind[kind] += n
        owned += held
        if case is not None:
            cases[kind].add(case)
    return Overdue(by_kind, owned, {kind: frozenset(ids) for kind, ids in cases.items()})


BCS_ON_TIME = Definition(
    counts="Whether Basic Custody Screenings are done within the time allowed after arrival.",
    numerator="BCSs completed in the last 12 weeks (today included) within 72 hours of arrival.",
    denominator="Every BCS completed in the last 12 weeks, on time or late.",
    target="100%: every BCS on time.",
    excludes="BCSs not yet done (counted under BCS overdue) and prisoners who have left. The "
    "list on this page shows the prisoners whose BCS was late.",
)
BCS_OVERDUE = Definition(
    counts="New arrivals still waiting for their Basic Custody Screening past the time allowed.",
    numerator="Prisoners held at the prison with an open BCS task past its due moment (72 "
    "hours after arrival, to the hour).",
    denominator=None,
    target="0: no BCS overdue.",
)
OASYS_CURRENT = Definition(
    counts="Whether custody cases have an up-to-date OASys.",
    numerator="Of the cases in the denominator, those with an OASys completed within the "
    "prison's OASys review period (months) before today.",
    denominator="Cases held at the prison in OMiC scope whose case type is custody.",
    target=f"{OASYS_TARGET}%, from the Catch22 review of OMiC.",
    excludes="Community and other case types; the list shows the custody cases without a "
    "current OASys.",
)
OASYS_BACKLOG = Definition(
    counts="OASys work past its due day.",
    numerator="Prisoners held at the prison with an open OASys, OASys review or pre-handover "
    "OASys task past its due day.",
    denominator=None,
    target="0: no OASys overdue.",
)
TASKS_OVERDUE = Definition(
    counts="Every OMiC task past its due moment, whoever holds it.",
    numerator="Open tasks of prisoners held at the prison past their due day (a BCS by the "
    "hour), as the task lists' Overdue filter counts them; a prisoner with two overdue tasks "
    "counts twice.",
    denominator=None,
    target="0: no task overdue.",
    excludes="Tasks done, done late or not needed. The explanation splits the count by owner "
    "(POM or OMU) and by kind; the OMU task list, filtered to overdue, lists them.",
)


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    # Counted and grouped here, never listed in order: no sort of thousands of rows.
    tasks = Task.objects.filter(prison=ctx.prison, prisoner__current_prison=ctx.prison).order_by()
    overdue = _overdue(ctx, tasks)
    return [
        *_bcs_figures(ctx, tasks, overdue),
        *_oasys_figures(ctx, overdue),
        _tasks_overdue(overdue),
    ]


def _bcs_figures(ctx: PrisonContext, tasks: QuerySet[Task], overdue: Overdue) -> list[Figure]:
    """BCS completed on time in the last 12 weeks, and new arrivals with a BCS overdue."""
    completed = list(
        tasks.filter(
            kind=Task.Kind.BCS,
            status__in=(Task.Status.DONE, Task.Status.DONE_LATE),
            completed_on__gt=ctx.today - RECENT,
            completed_on__lte=ctx.today,
        ).values_list("prisoner_id", "status")
    )
    bcs_counts = Counter(status for _, status in completed)
    on_time, late = bcs_counts[Task.Status.DONE], bcs_counts[Task.Status.DONE_LATE]
    done_late = frozenset(pk for pk, status in completed if status == Task.Status.DONE_LATE)
    bcs_overdue = overdue.cases_of(Task.Kind.BCS)
    return [
        Figure(
            "bcs_on_time",
            "BCS completed on time",
            on_time,
            on_time + late,
            f"{on_time} of {on_time + late} Basic Custody Screenings completed in the last 12 "
            "weeks were done within 72 hours of arrival; the list shows the prisoners whose BCS "
            "was late.",
            target=100,
            higher_is_better=True,
            case_ids=done_late,
            definition=BCS_ON_TIME,
        ),
        Figure(
            "bcs_overdue",
            "BCS overdue",
            len(bcs_overdue),
            None,
            f"{len(bcs_overdue)} new arrivals have had no Basic Custody Screening in the time "
            "allowed.",
            target=0,
            case_ids=bcs_overdue,
            definition=BCS_OVERDUE,
        ),
    ]


def _oasys_figures(ctx: PrisonContext, overdue: Overdue) -> list[Figure]:
    """Custody cases with a current OASys against the target, and the OASys backlog."""
    oasys_backlog = overdue.cases_of(*OASYS_KINDS)
    custody = [pk for pk, state in ctx.in_scope.items() if state.case_type == "custody"]
    last_oasys = dict(
        OasysAssessment.objects.filter(prisoner__current_prison=ctx.prison)
        .values("prisoner_id")
        .annotate(last=Max("completed_on"))
        .values_list("prisoner_id", "last")
    )
    current_from = add_months(ctx.today, -ctx.policy.oasys_review_months)
    without_current = frozenset(
        pk for pk in custody if not last_oasys.get(pk) or last_oasys[pk] < current_from
    )
    return [
        Figure(
            "oasys_current",
            "Custody cases with a current OASys",
            len(custody) - len(without_current),
            len(custody),
            f"{len(custody) - len(without_current)} of {len(custody)} custody cases have an "
            f"OASys completed since {long_date(current_from)}; the list shows the rest.",
            target=OASYS_TARGET,
            higher_is_better=True,
            case_ids=without_current,
            definition=OASYS_CURRENT,
        ),
        Figure(
            "oasys_backlog",
            "OASys backlog",
            len(oasys_backlog),
            None,
            f"{len(oasys_backlog)} cases have an OASys, OASys review or pre-handover OASys "
            "overdue.",
            target=0,
            case_ids=oasys_backlog,
            definition=OASYS_BACKLOG,
        ),
    ]


def _tasks_overdue(overdue: Overdue) -> Figure:
    labels = dict(Task.Kind.choices)
    by_kind = Counter({labels[kind]: n for kind, n in overdue.by_kind.items()})
    owned, total = overdue.owned, overdue.total
    kinds_text = ", ".join(f"{kind} {n}" for kind, n in by_kind.most_common()) or "none"
    return Figure(
        "tasks_overdue",
        "Tasks overdue",
        total,
        None,
        f"{total} OMiC tasks overdue: {owned} held by POMs, "
        f"{total - owned} by the OMU. By kind: {kinds_text}.",
        target=0,
        list_url=f"{reverse('omu-tasks')}?status=open&flag=overdue",
        definition=TASKS_OVERDUE,
    )
