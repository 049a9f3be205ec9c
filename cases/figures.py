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
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any, Literal

from django.db import transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.urls import reverse

from cases import extensions, rules
from cases.models import DailyStatistic, Prison, Prisoner
from cases.rules.words import short_day
from cases.selectors import (
    AllocationRow,
    StoredState,
    collector_paused,
    keywork_delivery,
    pom_contact_overdue,
    prison_allocations,
    prison_rules,
    stored_states,
)
from cases.text import long_date

Unit = Literal["count", "percent"]

# The nightly snapshot's time (London), as the beat schedule in omu/celery.py runs it; the
# dashboard names it where a trend or a comparison cell is still empty.
SNAPSHOT_AT = dt.time(23, 50)


@dataclass(frozen=True)
class Definition:
    """What a figure counts, in words, written once beside the code that counts it and shown on
    the figure's own page."""

    counts: str  # what the figure measures, in one sentence
    numerator: str  # who or what is counted
    denominator: str | None  # what it is a share of; None for a plain count
    target: str  # the target and where it comes from, or why there is none
    excludes: str = ""  # what does not count, where a reader would ask


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    numerator: float  # a count, except where a figure's definition says (staffing: FTE)
    denominator: float | None  # None: a plain count; otherwise value is numerator / denominator
    explanation: str
    target: float | None = None  # a percentage target, e.g. 90 for OASys
    higher_is_better: bool = False
    case_ids: frozenset[int] | None = field(default=None, repr=False)  # None: not case-based
    list_url: str = ""  # the list behind a figure that is not case-based
    definition: Definition | None = None
    headline: str = ""  # the tile's big text, where the value alone would mislead
    detail: str = ""  # the line under it, instead of "numerator of denominator"
    remark: str = ""  # what a reader should know about the value (above a sensible ratio)

    @property
    def url(self) -> str:
        """The figure's own page: its definition, and the cases or the list behind it."""
        return reverse("figure-cases", args=[self.key])

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
    def states(self) -> dict[int, StoredState]:
        """The stored answer of every case the prison holds (docs/adr/0006-stored-case-state.md),
        as the few columns a figure counts by: one narrow query."""
        held = Prisoner.objects.filter(current_prison=self.prison)
        return stored_states(held, today=self.today)

    @cached_property
    def in_scope(self) -> dict[int, StoredState]:
        return {pk: state for pk, state in self.states.items() if state.in_scope}

    @cached_property
    def allocations(self) -> dict[int, AllocationRow]:
        """Who holds each case, as plain rows (`prison_allocations`): the figures, the caseload
        tallies and the keyworker counts all count from these."""
        return prison_allocations(self.prison)


CASES_WITHOUT_POM = Definition(
    counts="Cases the OMU should be managing that have nobody allocated as their POM.",
    numerator="Cases held at the prison, in OMiC scope today, with no POM allocated.",
    denominator=None,
    target="None set: every case in the count is waiting for an allocation, so the aim is as few "
    "as possible.",
    excludes="Cases out of OMiC scope, such as remand and civil cases. A case with only a "
    "co-working POM still counts: it has no responsible POM.",
)
COM_RESPONSIBLE = Definition(
    counts="How many cases have passed handover, so the COM in the community holds "
    "responsibility and the POM supports.",
    numerator="Cases in OMiC scope where the COM is responsible today.",
    denominator="Every case held at the prison in OMiC scope today.",
    target="None: the share follows release dates, not the unit's work.",
)
POM_CONTACT_OVERDUE = Definition(
    counts="Allocated cases whose POM has not met them within their contact period.",
    numerator="Cases with a POM allocated whose last POM contact held (a supervision session "
    "or a three-way meeting) is older than their contact period: a month for high or very "
    "high risk of serious harm, three months otherwise. A case allocated within the period is "
    "not yet overdue.",
    denominator="Every case in OMiC scope with a POM allocated.",
    target="0%: no case overdue.",
    excludes="Sessions recorded as not held, and cases with no POM (counted under Cases without "
    "a POM).",
)
KEYWORK_SESSIONS_HELD = Definition(
    counts="Keywork delivered in the last full week (Monday to Sunday) against the policy.",
    numerator="Keywork sessions recorded as held in that week.",
    denominator="Sessions expected that week: prisoners with a keyworker now, divided by the "
    "prison's keywork frequency in weeks (rounded down).",
    target="100%: every expected session held.",
    excludes="Sessions recorded as not held (they are listed by reason on the keywork "
    "delivery page).",
)


def _core_figures(ctx: PrisonContext) -> list[Figure]:
    in_scope = ctx.in_scope
    allocations = ctx.allocations
    without_pom = frozenset(
        pk for pk in in_scope if pk not in allocations or allocations[pk].primary_pom_id is None
    )
    com_responsible = frozenset(pk for pk, state in in_scope.items() if state.responsible == "com")
    with_pom = [pk for pk in in_scope if pk not in without_pom]
    overdue = pom_contact_overdue(
        {pk: in_scope[pk].pom_contact_months for pk in with_pom},
        allocated={pk: allocations[pk].pom_allocated_on for pk in with_pom},
        today=ctx.today,
    )
    with_keyworker = sum(1 for row in allocations.values() if row.keyworker_id)
    week = keywork_delivery(
        ctx.prison, policy=ctx.policy, weeks=2, today=ctx.today, with_keyworker=with_keyworker
    )[1]
    return [
        Figure(
            "cases_without_pom",
            "Cases without a POM",
            len(without_pom),
            None,
            f"{len(without_pom)} of {len(in_scope)} cases in OMiC scope have no POM allocated.",
            case_ids=without_pom,
            definition=CASES_WITHOUT_POM,
        ),
        Figure(
            "com_responsible",
            "COM responsible",
            len(com_responsible),
            len(in_scope),
            f"{len(com_responsible)} of {len(in_scope)} cases in scope have the COM responsible "
            "today; the POM is responsible for the rest.",
            case_ids=com_responsible,
            definition=COM_RESPONSIBLE,
        ),
        Figure(
            "pom_contact_overdue",
            "POM contact overdue",
            len(overdue),
            len(with_pom),
            f"{len(overdue)} of {len(with_pom)} allocated cases have had no POM contact in "
            "their contact period (monthly for high risk of serious harm, quarterly otherwise).",
            target=0,
            case_ids=frozenset(overdue),
            definition=POM_CONTACT_OVERDUE,
        ),
        Figure(
            "keywork_sessions_held",
            "Keywork sessions held last week",
            week.held,
            week.expected,
            f"{week.held} of {week.expected} expected keywork sessions held in the week of "
            f"{long_date(week.start)}; {week.seen} of {week.prisoners} prisoners with a "
            "keyworker seen.",
            target=100,
            higher_is_better=True,
            list_url=reverse("keywork-delivery"),
            definition=KEYWORK_SESSIONS_HELD,
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
    prison: Prison, *, today: dt.date, weeks: int = 12, keys: Iterable[str] | None = None
) -> dict[str, list[tuple[dt.date, float | None]]]:
    """Each figure's value on the last snapshot of each of the last `weeks` weeks, oldest first."""
    start = today - dt.timedelta(weeks=weeks)
    by_key: dict[str, dict[dt.date, tuple[dt.date, float | None]]] = {}
    rows = DailyStatistic.objects.filter(prison=prison, day__gt=start, day__lte=today)
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    for row in rows.order_by("day"):
        week_start = row.day - dt.timedelta(days=row.day.weekday())
        by_key.setdefault(row.key, {})[week_start] = (row.day, row.value)
    return {key: list(points.values()) for key, points in by_key.items()}


def snapshot_time() -> str:
    """The nightly snapshot's time as GOV.UK writes times: "11:50pm"."""
    return f"{SNAPSHOT_AT:%-I:%M%p}".lower()


def whole(value: float) -> int:
    """A figure rounded to a whole number as the pages show it: halves up, as Django's
    `floatformat:0` rounds (Python's `round` takes halves to the even number)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def no_snapshot_yet() -> str:
    return f"No snapshot yet: the first is taken tonight at {snapshot_time()}."


@dataclass(frozen=True)
class Tile:
    figure: Figure
    trend: list[tuple[dt.date, float | None]]

    @property
    def trend_note(self) -> str:
        """Why there is no trend line yet; empty when there is one."""
        valued = [day for day, v in self.trend if v is not None]
        if not self.trend:
            return (
                f"No snapshots yet: the first is taken tonight at {snapshot_time()}, and the "
                "trend line starts with the second."
            )
        if not valued:
            return "No trend: there was nothing to count on the days of the snapshots so far."
        if len(valued) < 2:
            return (
                f"One snapshot so far ({long_date(valued[0])}): the trend line starts with the "
                f"next, taken tonight at {snapshot_time()}."
            )
        return ""

    @property
    def trend_rows(self) -> list[tuple[str, str]]:
        """The trend as the table under the line shows it: each snapshot's day ("7 Dec 2026")
        and its value in words, written here once rather than by a date and a number filter in
        each of the dashboard's two hundred cells."""
        percent = "%" if self.figure.unit == "percent" else ""
        return [
            (
                short_day(day),
                "Nothing to count" if value is None else f"{whole(value)}{percent}",
            )
            for day, value in self.trend
        ]

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


CHART_WIDTH = 300  # the caseload chart's drawing box (SVG units)
_BAR_FILLS = {"over": "#d4351c", "at": "#f47738"}  # GOV.UK red, orange; blue otherwise
_BAR_FILL = "#1d70b8"


@dataclass(frozen=True)
class ChartBar:
    """One POM's bar drawn to the chart's scale: worked out here, not by template tags (three
    scalings a bar made the chart a large prison's slowest part of the page)."""

    bar: Any  # allocation.figures.CaseloadBar
    width: int  # the weighted caseload's length
    capacity_x: int  # where the capacity line falls
    fill: str


@dataclass(frozen=True)
class Dashboard:
    tiles: list[Tile]
    caseloads: list[Any]  # allocation.figures.CaseloadBar

    @cached_property
    def chart_max(self) -> float:
        """The bar chart's full width: a little beyond the largest caseload or capacity."""
        return 1.1 * max([1.0, *(max(b.load, b.capacity) for b in self.caseloads)])

    @cached_property
    def chart(self) -> list[ChartBar]:
        """Each POM's bar, scaled so the chart's full width is `chart_max`."""
        scale = CHART_WIDTH / self.chart_max
        return [
            ChartBar(
                bar,
                round(bar.load * scale),
                round(bar.capacity * scale),
                _BAR_FILLS.get(bar.status, _BAR_FILL),
            )
            for bar in self.caseloads
        ]


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


def report_months(prison: Prison, *, today: dt.date) -> list[dt.date]:
    """The months a monthly report can show, newest first: from the month of the prison's first
    snapshot (this month if none yet) to this month, as their first days. One query."""
    first = DailyStatistic.objects.filter(prison=prison, day__lte=today).aggregate(
        first=Min("day")
    )["first"]
    month = today.replace(day=1)
    start = (first or today).replace(day=1)
    months = []
    while month >= start:
        months.append(month)
        month = rules.add_months(month, -1)
    return months


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
