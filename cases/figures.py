"""The head of OMU's figures (docs/rules.md#figures): selectors that compute each measure
for one prison from set-based queries, and the daily snapshot the trends read.

Each figure knows the cases behind it, so every number on the dashboard is one click from its
list. Apps add their figures through `extensions.add_figure_source`: functions taking a
`PrisonContext`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, NamedTuple

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from cases import extensions, rules
from cases.models import Allocation, DailyStatistic, Prison, Prisoner
from cases.selectors import (
    collector_paused,
    keywork_delivery,
    pom_contact_overdue,
    prison_rules,
    stored_evaluations,
)

Unit = Literal["count", "percent"]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    numerator: int
    denominator: int | None  # None: a plain count; otherwise value is numerator / denominator
    explanation: str
    target: float | None = None  # a percentage target, e.g. 90 for OASys
    higher_is_better: bool = False
    case_ids: frozenset[int] | None = field(default=None, repr=False)  # None: not case-based
    list_url: str = ""  # where a figure that is not case-based links to

    @property
    def url(self) -> str:
        if self.case_ids is not None:
            return reverse("figure-cases", args=[self.key])
        return self.list_url

    @property
    def unit(self) -> Unit:
        return "count" if self.denominator is None else "percent"

    @property
    def value(self) -> float | None:
        if self.denominator is None:
            return float(self.numerator)
        if self.denominator == 0:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def on_target(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


class AllocationRow(NamedTuple):
    primary_pom_id: int | None
    keyworker_id: int | None
    com_id: int | None
    pom_allocated_at: dt.datetime | None
    com_name: str


@dataclass
class PrisonContext:
    """What every figure of one prison on one day shares, loaded once."""

    prison: Prison
    today: dt.date
    memo: dict[str, object] = field(default_factory=dict)  # for sources to share their work

    @cached_property
    def policy(self) -> rules.Policy:
        return prison_rules(self.prison).policy

    @cached_property
    def evaluations(self) -> dict[int, rules.Evaluation]:
        """The stored answer of every case the prison holds (docs/adr/0006-stored-case-state.md)."""
        held = Prisoner.objects.filter(current_prison=self.prison)
        return stored_evaluations(held, today=self.today)

    @cached_property
    def in_scope(self) -> dict[int, rules.Evaluation]:
        return {pk: ev for pk, ev in self.evaluations.items() if ev.in_omic_scope.value}

    @cached_property
    def allocations(self) -> dict[int, AllocationRow]:
        """Who holds each case, as plain rows (thousands of model instances cost real time)."""
        rows = Allocation.objects.filter(prisoner__current_prison=self.prison).values_list(
            "prisoner_id",
            "primary_pom_id",
            "keyworker_id",
            "com_id",
            "pom_allocated_at",
            "com_name",
        )
        return {row[0]: AllocationRow(*row[1:]) for row in rows}


def _core_figures(ctx: PrisonContext) -> list[Figure]:
    in_scope = ctx.in_scope
    allocations = ctx.allocations
    without_pom = frozenset(
        pk for pk in in_scope if pk not in allocations or allocations[pk].primary_pom_id is None
    )
    com_responsible = frozenset(
        pk for pk, ev in in_scope.items() if ev.responsibility.responsible == "com"
    )
    with_pom = [pk for pk in in_scope if pk not in without_pom]
    overdue = pom_contact_overdue(
        {pk: in_scope[pk] for pk in with_pom},
        allocated={pk: allocations[pk].pom_allocated_at for pk in with_pom},
        today=ctx.today,
    )
    week = keywork_delivery(ctx.prison, policy=ctx.policy, weeks=2, today=ctx.today)[1]
    return [
        Figure(
            "cases_without_pom",
            "Cases without a POM",
            len(without_pom),
            None,
            f"{len(without_pom)} of {len(in_scope)} cases in OMiC scope have no POM allocated.",
            case_ids=without_pom,
        ),
        Figure(
            "com_responsible",
            "COM responsible",
            len(com_responsible),
            len(in_scope),
            f"{len(com_responsible)} of {len(in_scope)} cases in scope have the COM responsible "
            "today; the POM is responsible for the rest.",
            case_ids=com_responsible,
        ),
        Figure(
            "pom_contact_overdue",
            "POM contact overdue",
            len(overdue),
            len(with_pom),
            f"{len(overdue)} of {len(with_pom)} allocated cases have had no POM contact in "
            "their contact period (monthly for high ROSH, quarterly otherwise).",
            target=0,
            case_ids=frozenset(overdue),
        ),
        Figure(
            "keywork_sessions_held",
            "Keywork sessions held last week",
            week.held,
            week.expected,
            f"{week.held} of {week.expected} expected keywork sessions held in the week of "
            f"{week.start}; {week.seen} of {week.prisoners} prisoners with a keyworker seen.",
            target=100,
            higher_is_better=True,
            list_url=reverse("keywork-delivery"),
        ),
    ]


def prison_figures(
    prison: Prison, *, today: dt.date, ctx: PrisonContext | None = None
) -> list[Figure]:
    ctx = ctx or PrisonContext(prison=prison, today=today)
    sources: list[Callable[[PrisonContext], list[Figure]]] = [
        _core_figures,
        *extensions.figure_sources(),
    ]
    with collector_paused():
        return [figure for source in sources for figure in source(ctx)]


def figure_by_key(figures: Iterable[Figure], key: str) -> Figure | None:
    return next((f for f in figures if f.key == key), None)


@transaction.atomic
def stats_snapshot(*, day: dt.date, prisons: Iterable[Prison] | None = None) -> int:
    """Store each prison's figures for `day`. Safe to rerun: a day's row is replaced."""
    rows = [
        DailyStatistic(
            prison=prison,
            day=day,
            key=f.key,
            value=f.value,
            numerator=f.numerator,
            denominator=f.denominator,
            on_target=f.on_target,
        )
        for prison in (prisons if prisons is not None else Prison.objects.all())
        for f in prison_figures(prison, today=day)
    ]
    DailyStatistic.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["prison", "day", "key"],
        update_fields=["value", "numerator", "denominator", "on_target"],
    )
    return len(rows)


def latest_statistics(
    prisons: QuerySet[Prison], *, today: dt.date, keys: Iterable[str] | None = None
) -> QuerySet[DailyStatistic]:
    """Each prison's figures on its latest snapshot day up to `today`: one query, however many
    prisons (the comparison across prisons reads the nightly snapshots, not live figures)."""
    latest_day = (
        DailyStatistic.objects.filter(prison=OuterRef("prison"), day__lte=today)
        .order_by("-day")
        .values("day")[:1]
    )
    rows = DailyStatistic.objects.filter(prison__in=prisons, day=Subquery(latest_day))
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    return rows


# The figures the comparison across prisons shows, with its short column headings.
COMPARISON_COLUMNS: dict[str, str] = {
    "cases_without_pom": "Without a POM",
    "pom_contact_overdue": "POM contact overdue",
    "bcs_on_time": "BCS on time",
    "oasys_current": "Current OASys",
    "handovers_com_on_time": "COM on time",
    "tasks_overdue": "Tasks overdue",
    "poms_over_capacity": "POMs over capacity",
}


@dataclass(frozen=True)
class PrisonRow:
    prison: Prison
    day: dt.date | None  # the snapshot's day; None before the first nightly snapshot
    cells: list[DailyStatistic | None]  # in COMPARISON_COLUMNS order


def prison_comparison(prisons: QuerySet[Prison], *, today: dt.date) -> list[PrisonRow]:
    """One row per prison, by name, with its latest snapshot of the comparison's figures. Two
    queries whatever the number of prisons."""
    found: dict[int, dict[str, DailyStatistic]] = {}
    for row in latest_statistics(prisons, today=today, keys=COMPARISON_COLUMNS):
        found.setdefault(row.prison_id, {})[row.key] = row
    out = []
    for prison in prisons.order_by("name"):
        stats = found.get(prison.pk, {})
        day = next(iter(stats.values())).day if stats else None
        out.append(PrisonRow(prison, day, [stats.get(key) for key in COMPARISON_COLUMNS]))
    return out


def trends(
    prison: Prison, *, today: dt.date, weeks: int = 12
) -> dict[str, list[tuple[dt.date, float | None]]]:
    """Each figure's value on the last snapshot of each of the last `weeks` weeks, oldest first."""
    start = today - dt.timedelta(weeks=weeks)
    by_key: dict[str, dict[dt.date, tuple[dt.date, float | None]]] = {}
    for row in DailyStatistic.objects.filter(prison=prison, day__gt=start, day__lte=today).order_by(
        "day"
    ):
        week_start = row.day - dt.timedelta(days=row.day.weekday())
        by_key.setdefault(row.key, {})[week_start] = (row.day, row.value)
    return {key: list(points.values()) for key, points in by_key.items()}


@dataclass(frozen=True)
class Tile:
    figure: Figure
    trend: list[tuple[dt.date, float | None]]

    @property
    def sparkline(self) -> str:
        """SVG polyline points for the trend, scaled to a 120 x 30 box (empty if no points)."""
        values = [v for _, v in self.trend if v is not None]
        if len(values) < 2:
            return ""
        low, high = min(values), max(values)
        span = (high - low) or 1
        step = 120 / (len(self.trend) - 1)
        return " ".join(
            f"{i * step:.1f},{30 - 28 * ((v - low) / span) - 1:.1f}"
            for i, (_, v) in enumerate(self.trend)
            if v is not None
        )


@dataclass(frozen=True)
class Dashboard:
    tiles: list[Tile]
    caseloads: list[Any]  # allocation.figures.CaseloadBar

    @property
    def chart_max(self) -> float:
        """The bar chart's full width: a little beyond the largest caseload or capacity."""
        return 1.1 * max([1.0, *(max(b.load, b.capacity) for b in self.caseloads)])


def dashboard(prison: Prison, *, today: dt.date) -> Dashboard:
    """The dashboard: today's figures with the last 12 weeks of snapshots, and caseloads."""
    ctx = PrisonContext(prison=prison, today=today)
    history = trends(prison, today=today)
    tiles = [Tile(f, history.get(f.key, [])) for f in prison_figures(prison, today=today, ctx=ctx)]
    chart = extensions.registry.caseload_chart
    return Dashboard(tiles=tiles, caseloads=chart(ctx) if chart else [])


@dataclass(frozen=True)
class ReportRow:
    figure: Figure
    month_start: float | None
    month_end: float | None


def monthly_report(prison: Prison, *, month: dt.date, today: dt.date) -> list[ReportRow]:
    """Each figure at the start and end of `month` (first and last snapshot in it); the end is
    today's live figure while the month is still running."""
    first = month.replace(day=1)
    last = rules.add_months(first, 1) - dt.timedelta(days=1)
    snapshots: dict[str, list[float | None]] = {}
    rows = DailyStatistic.objects.filter(prison=prison, day__gte=first, day__lte=last)
    for row in rows.order_by("day"):
        snapshots.setdefault(row.key, []).append(row.value)
    live = prison_figures(prison, today=min(today, last))
    return [
        ReportRow(
            figure=f,
            month_start=(snapshots.get(f.key) or [None])[0],
            month_end=f.value if today <= last else (snapshots.get(f.key) or [None])[-1],
        )
        for f in live
    ]
