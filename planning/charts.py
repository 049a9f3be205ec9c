"""The what-if as the page and the CSV show it: totals side by side, a small line chart per
figure (server-drawn SVG, with the same numbers as a table) and the weekly rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from planning.rules import SERIES, Projection
from planning.selectors import WhatIf

WIDTH, HEIGHT, PAD = 640, 180, 10
# Figures counted as events in a week (summed over the year); the others are levels (cases held
# at a week's start), summed up by their highest week.
EVENTS = (
    "handovers_starting",
    "com_responsible",
    "oasys_due",
    "pom_contacts_due",
    "keywork_sessions_due",
)
UNKNOWN_LDU_LABEL = "Not known"


@dataclass(frozen=True)
class SummaryRow:
    key: str
    label: str
    explanation: str
    measure: str  # "in 12 months" or "highest week"
    current: int
    proposed: int

    @property
    def difference(self) -> int:
        return self.proposed - self.current


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    current_points: str
    proposed_points: str
    capacity_current: float | None
    capacity_proposed: float | None
    top: int


@dataclass(frozen=True)
class WeekRow:
    start: dt.date
    cells: list[tuple[int, int]]  # (today, tried) per figure, in `columns` order


@dataclass(frozen=True)
class LduRow:
    ldu: str
    current: int
    proposed: int


@dataclass(frozen=True)
class WhatIfView:
    whatif: WhatIf
    summary: list[SummaryRow]
    charts: list[Chart]
    columns: list[tuple[str, str]]
    weeks: list[WeekRow]
    ldus: list[LduRow]
    capacity: tuple[int, int]

    @property
    def changed(self) -> bool:
        return bool(self.whatif.changes)

    @property
    def capacity_difference(self) -> int:
        return self.capacity[1] - self.capacity[0]


def _series(projection: Projection, key: str) -> list[int]:
    if key == "pom_cases":
        return projection.pom_cases()
    return projection.series[key]


def _measure(key: str, values: list[int]) -> int:
    return sum(values) if key in EVENTS else max(values, default=0)


def summary_rows(whatif: WhatIf) -> list[SummaryRow]:
    rows = []
    for key, (label, explanation) in SERIES.items():
        current = _series(whatif.current, key)
        proposed = _series(whatif.proposed, key)
        measure = "in 12 months" if key in EVENTS else "highest week"
        rows.append(
            SummaryRow(
                key, label, explanation, measure, _measure(key, current), _measure(key, proposed)
            )
        )
    return rows


def _points(values: list[int], top: int) -> str:
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    scale = (HEIGHT - 2 * PAD) / max(top, 1)
    return " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - v * scale:.1f}" for i, v in enumerate(values)
    )


def _y(value: int, top: int) -> float:
    return round(HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / max(top, 1), 1)


CHARTS: dict[str, str] = {
    "handovers_starting": "Handovers starting each week",
    "com_responsible": "Cases the COM becomes responsible for each week",
    "pom_cases": "Cases the POMs hold, against their capacity",
    "oasys_due": "OASys due each week",
    "pom_contacts_due": "POM contacts due each week",
    "keywork_sessions_due": "Keywork sessions due each week",
}


def charts(whatif: WhatIf) -> list[Chart]:
    found = []
    for key, title in CHARTS.items():
        current = _series(whatif.current, key)
        proposed = _series(whatif.proposed, key)
        capacities = (whatif.current.capacity, whatif.proposed.capacity)
        with_capacity = key == "pom_cases"
        top = max([*current, *proposed, *(capacities if with_capacity else ()), 1])
        description = (
            f"{title}: today's policy from {min(current, default=0)} to {max(current, default=0)} "
            f"a week, the policy tried from {min(proposed, default=0)} to "
            f"{max(proposed, default=0)}."
        )
        if with_capacity:
            description += f" Capacity {capacities[0]} under today's policy, {capacities[1]} under the one tried."
        found.append(
            Chart(
                key,
                title,
                description,
                _points(current, top),
                _points(proposed, top),
                _y(capacities[0], top) if with_capacity else None,
                _y(capacities[1], top) if with_capacity else None,
                top,
            )
        )
    return found


def columns() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _) in SERIES.items()]


def week_rows(whatif: WhatIf) -> list[WeekRow]:
    keys = list(SERIES)
    current = {k: _series(whatif.current, k) for k in keys}
    proposed = {k: _series(whatif.proposed, k) for k in keys}
    return [
        WeekRow(start, [(current[k][i], proposed[k][i]) for k in keys])
        for i, start in enumerate(whatif.current.week_starts)
    ]


def ldu_rows(whatif: WhatIf) -> list[LduRow]:
    names = sorted(
        set(whatif.current.com_by_ldu) | set(whatif.proposed.com_by_ldu),
        key=lambda name: (name == "", name.lower()),
    )
    return [
        LduRow(
            name or UNKNOWN_LDU_LABEL,
            sum(whatif.current.com_by_ldu.get(name, [])),
            sum(whatif.proposed.com_by_ldu.get(name, [])),
        )
        for name in names
    ]


def whatif_view(whatif: WhatIf) -> WhatIfView:
    return WhatIfView(
        whatif,
        summary_rows(whatif),
        charts(whatif),
        columns(),
        week_rows(whatif),
        ldu_rows(whatif),
        (whatif.current.capacity, whatif.proposed.capacity),
    )


CSV_HEADER = ("week_start", "figure", "probation_delivery_unit", "todays_policy", "policy_tried")


def csv_rows(whatif: WhatIf) -> Iterator[tuple[object, ...]]:
    """One row a week a figure (and a week a delivery unit for the COM's new cases), then the
    POMs' capacity under each policy."""
    starts = whatif.current.week_starts
    for key in SERIES:
        current = _series(whatif.current, key)
        proposed = _series(whatif.proposed, key)
        for i, start in enumerate(starts):
            yield (start, key, "", current[i], proposed[i])
    for row in ldu_rows(whatif):
        name = "" if row.ldu == UNKNOWN_LDU_LABEL else row.ldu
        current = whatif.current.com_by_ldu.get(name, [0] * len(starts))
        proposed = whatif.proposed.com_by_ldu.get(name, [0] * len(starts))
        for i, start in enumerate(starts):
            yield (start, "com_responsible", row.ldu, current[i], proposed[i])
    yield (starts[0], "pom_capacity", "", whatif.current.capacity, whatif.proposed.capacity)
