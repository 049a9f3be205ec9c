"""Policy what-if: the OMiC rules engine run over a prison's cases week by week, under a
policy, and the work that follows from its answers (docs/rules.md#policy-what-if).

Pure: facts, a policy and bank holidays in; weekly figures out. Nothing reads the clock or the
database. The engine's answer for a case changes only on the days `next_change_on` names, so a
case is evaluated on the first week and again only from the week such a day falls in: the
result is the same as evaluating every case at the start of every week (the tests check it
against exactly that), at a fraction of the cost.

What each figure counts, for the weeks from `start` (week 0) to `start + weeks * 7 days`:

- a case is *in custody* on a week's start until its displayed release date (release is not
  projected beyond that date, and nobody new arrives: the what-if is about today's cases);
- *handovers starting*: in-scope cases in custody at the week's start whose POM is responsible
  alone before one of the week's days and with a COM (supporting or responsible) on it;
- *COM becomes responsible*: the same for cases not COM responsible before one of the week's
  days and COM responsible on it, also counted by the COM's probation delivery unit where
  known. What is so today is where the year starts: a change dated today is not counted;
- *POM responsible* and *POM supporting* (the COM responsible): in-scope cases in custody on
  the week's start; together, the cases the prison's POMs hold, against their capacity;
- *OASys due*: the engine's first OASys (when none is recorded) and OASys review or
  pre-handover OASys deadlines falling in the week, for custody cases in custody then;
- *POM contacts due*: each in-scope case's contacts at the engine's frequency, the first when
  the POM contact rule dates it (after the last contact held, or the POM's allocation; none
  for a case with neither), one already overdue in week 0;
- *keywork sessions due*: prisoners whose keywork applies (the engine's keyworker deadline
  applies) in custody in the week, times the sessions the keywork frequency gives that week.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from cases.rules import (
    CaseFacts,
    Evaluation,
    Policy,
    add_months,
    evaluate,
    keywork_sessions_expected,
    keyworker_allocation_deadline,
    next_change_on,
    oasys_deadline,
    oasys_review_deadline,
)
from cases.rules.capacity import FULL_TIME_HOURS, staff_capacity
from cases.rules.contact import pom_contact_status

WEEKS = 52
WEEK = timedelta(days=7)
DAY = timedelta(days=1)
UNKNOWN_LDU = ""

# Series name -> (label, what it counts). The order is the order of the page and the CSV.
SERIES: dict[str, tuple[str, str]] = {
    "handovers_starting": (
        "Handovers starting",
        "Cases whose COM is allocated that week: the POM is responsible alone on the week's "
        "start and a COM supports or is responsible on the next.",
    ),
    "com_responsible": (
        "COM becomes responsible",
        "Cases whose responsibility moves to the COM that week (the handover date).",
    ),
    "pom_responsible": (
        "POM responsible",
        "Cases in custody at the week's start for which the POM is responsible.",
    ),
    "pom_supporting": (
        "POM supporting",
        "Cases in custody at the week's start that a POM holds while the COM is responsible.",
    ),
    "oasys_due": (
        "OASys due",
        "First OASys assessments (where none is recorded), reviews and pre-handover OASys "
        "falling due that week.",
    ),
    "pom_contacts_due": (
        "POM contacts due",
        "POM contacts falling due that week at the policy's frequency, after the last contact "
        "held or the POM's allocation; contacts already overdue are due in the first week.",
    ),
    "keywork_sessions_due": (
        "Keywork sessions due",
        "Keywork sessions due that week at the policy's frequency, for prisoners in custody "
        "whose keywork applies.",
    ),
}

_HAS_COM = frozenset({"com_supporting", "com_responsible"})


@dataclass(frozen=True, slots=True)
class PlanningCase:
    """One case as the what-if takes it: its facts on the first day of the horizon, the probation
    delivery unit of its COM (empty when not known), the day of its last POM contact and the day
    its POM was allocated."""

    facts: CaseFacts
    ldu: str = UNKNOWN_LDU
    last_pom_contact: date | None = None
    pom_since: date | None = None


@dataclass(frozen=True, slots=True)
class PomStaff:
    """A POM as capacity counts them (docs/rules.md#pom-type)."""

    role: str
    is_new_pom: bool = False
    working_hours: float = FULL_TIME_HOURS
    capacity_override: int | None = None


@dataclass
class Projection:
    """Weekly figures of one policy over a set of cases: each series has one number a week."""

    week_starts: tuple[date, ...]
    series: dict[str, list[int]]
    com_by_ldu: dict[str, list[int]] = field(default_factory=dict)
    capacity: int = 0
    cases: int = 0

    @classmethod
    def empty(cls, start: date, weeks: int = WEEKS) -> Projection:
        return cls(week_starts(start, weeks), {name: [0] * weeks for name in SERIES})

    def add(self, other: Projection) -> None:
        """Add another set of cases' figures (another prison) to these, week by week."""
        if other.week_starts != self.week_starts:
            raise ValueError("projections over different weeks cannot be added")
        for name, values in other.series.items():
            _add_into(self.series[name], values)
        for ldu, values in other.com_by_ldu.items():
            _add_into(self.com_by_ldu.setdefault(ldu, [0] * len(values)), values)
        self.capacity += other.capacity
        self.cases += other.cases

    def pom_cases(self) -> list[int]:
        """Cases the POMs hold each week: responsible and supporting."""
        return [
            a + b
            for a, b in zip(
                self.series["pom_responsible"], self.series["pom_supporting"], strict=True
            )
        ]


def _add_into(total: list[int], values: list[int]) -> None:
    for index, value in enumerate(values):
        total[index] += value


def week_starts(start: date, weeks: int = WEEKS) -> tuple[date, ...]:
    """The first day of each week of the horizon."""
    return tuple(start + WEEK * k for k in range(weeks))


def pom_capacity_of(staff: PomStaff, policy: Policy) -> int:
    """Cases one POM can hold under `policy`: a capacity set for them wins; otherwise the
    policy's figure for a senior, new or other POM, pro rata to hours (rounded down)."""
    return staff_capacity(
        role=staff.role,
        is_new_pom=staff.is_new_pom,
        working_hours=staff.working_hours,
        capacity_override=staff.capacity_override,
        policy=policy,
    ).value


def total_capacity(staff: Iterable[PomStaff], policy: Policy) -> int:
    return sum(pom_capacity_of(person, policy) for person in staff)


def segments(
    facts: CaseFacts, policy: Policy, *, holidays: frozenset[date], points: tuple[date, ...]
) -> Iterator[tuple[int, int, Evaluation]]:
    """The engine's answers for a case on each of `points` (sorted days), as runs: (first
    point, end point exclusive, the evaluation that holds on each of those days)."""
    first = 0
    while first < len(points):
        day = points[first]
        on_day = facts if facts.as_of == day else replace(facts, as_of=day)
        ev = evaluate(on_day, policy, holidays=holidays)
        change = next_change_on(on_day, policy, ev)
        end = len(points) if change is None else max(first + 1, bisect_left(points, change))
        yield first, end, ev
        first = end


class _Tally:
    """Running totals over many cases: level series as differences (added up at the end),
    events counted in their week."""

    def __init__(self, weeks: int) -> None:
        self.weeks = weeks
        self.events = {
            name: [0] * weeks
            for name in ("handovers_starting", "com_responsible", "oasys_due", "pom_contacts_due")
        }
        self.levels = {
            name: [0] * (weeks + 1) for name in ("pom_responsible", "pom_supporting", "keyworked")
        }
        self.com_by_ldu: dict[str, list[int]] = {}

    def level(self, name: str, first: int, end: int) -> None:
        if first < end:
            diffs = self.levels[name]
            diffs[first] += 1
            diffs[end] -= 1

    def levels_of(self, name: str) -> list[int]:
        running, out = 0, []
        for diff in self.levels[name][: self.weeks]:
            running += diff
            out.append(running)
        return out


def project(
    cases: Iterable[PlanningCase],
    policy: Policy,
    *,
    start: date,
    holidays: Mapping[str, frozenset[date]],
    weeks: int = WEEKS,
) -> Projection:
    """The weekly figures of these cases under `policy` from `start` (module docstring).

    `holidays` maps each bank holiday country to its holidays over the years the cases need
    (the policy's `bank_holiday_country` picks one)."""
    starts = (*week_starts(start, weeks), start + WEEK * weeks)
    # The engine is asked on each week's first day (what is held, what falls due) and on the
    # day before it (so a change on a week's first day is counted in that week): in turn,
    # today (week 0's first day: what is so today is where the year starts), the day before
    # week 1, week 1's first day, ...
    grid = tuple(sorted({*starts[:weeks], *(day - DAY for day in starts[1:])}))
    tally = _Tally(weeks)
    days = holidays[policy.bank_holiday_country]
    count = 0
    for case in cases:
        count += 1
        _one_case(case, policy, days, grid, starts, tally)
    projection = Projection(starts[:weeks], {}, tally.com_by_ldu, cases=count)
    keyworked = tally.levels_of("keyworked")
    for name in SERIES:
        if name == "keywork_sessions_due":
            sessions = _sessions_each_week(starts[:weeks], policy)
            projection.series[name] = [a * b for a, b in zip(keyworked, sessions, strict=True)]
        elif name in tally.events:
            projection.series[name] = tally.events[name]
        else:
            projection.series[name] = tally.levels_of(name)
    return projection


def _sessions_each_week(starts: tuple[date, ...], policy: Policy) -> list[int]:
    first = starts[0]
    return [
        keywork_sessions_expected(first, day + WEEK, policy)
        - keywork_sessions_expected(first, day, policy)
        for day in starts
    ]


def _in_custody(ev: Evaluation, day: date) -> bool:
    release = ev.display_release_date.date
    return release is None or day < release


def _in_custody_until(ev: Evaluation, end: int, starts: tuple[date, ...]) -> int:
    """The first week (up to `end`) starting on or after the displayed release date."""
    release = ev.display_release_date.date
    if release is None:
        return end
    return min(end, bisect_left(starts, release))


def _one_case(
    case: PlanningCase,
    policy: Policy,
    holidays: frozenset[date],
    grid: tuple[date, ...],
    starts: tuple[date, ...],
    tally: _Tally,
) -> None:
    """Grid point 2k is the first day of week k, point 2k - 1 the day before it."""
    weeks = tally.weeks
    previous: str | None = None  # responsibility on the last point seen, None out of scope
    previous_ev: Evaluation | None = None
    next_contact: date | None = None
    for first, end, ev in segments(case.facts, policy, holidays=holidays, points=grid):
        in_scope = ev.in_omic_scope.value
        state = ev.responsibility.state if in_scope else None
        if previous is not None and state is not None and state != previous:
            week = first // 2
            on_week_start = previous_ev if first % 2 else ev
            assert on_week_start is not None
            if _in_custody(on_week_start, starts[week]):
                _transition(tally, case.ldu, week, previous, state)
        first_week, end_week = (first + 1) // 2, min((end + 1) // 2, weeks)
        week_end = _in_custody_until(ev, end_week, starts)
        if first_week < week_end:
            if in_scope:
                held = (
                    "pom_responsible"
                    if ev.responsibility.responsible == "pom"
                    else "pom_supporting"
                )
                tally.level(held, first_week, week_end)
            # The engine's own deadline rules, called for the few a figure needs: the other
            # deadlines (working days, bank holidays) cost more than the rest of an evaluation.
            if keyworker_allocation_deadline(case.facts, policy).applies:
                tally.level("keyworked", first_week, week_end)
            if in_scope and ev.case_type.value == "custody":
                _oasys(tally, case, policy, ev, first_week, week_end, starts)
            months = ev.pom_contact_months.value
            if in_scope and months:
                next_contact = _contacts(
                    tally, case, months, next_contact, first_week, week_end, starts
                )
        previous, previous_ev = state, ev


def _transition(tally: _Tally, ldu: str, week: int, before: str, after: str) -> None:
    if before == "pom_responsible" and after in _HAS_COM:
        tally.events["handovers_starting"][week] += 1
    if before != "com_responsible" and after == "com_responsible":
        tally.events["com_responsible"][week] += 1
        by_ldu = tally.com_by_ldu.setdefault(ldu, [0] * tally.weeks)
        by_ldu[week] += 1


def _oasys(
    tally: _Tally,
    case: PlanningCase,
    policy: Policy,
    ev: Evaluation,
    first: int,
    end: int,
    points: tuple[date, ...],
) -> None:
    """The engine's OASys and OASys review deadlines (`evaluate` dates them the same way)."""
    facts, kind = case.facts, ev.case_type.value
    due_dates = [oasys_review_deadline(facts, policy, case_type=kind, handover=ev.handover).due]
    if facts.last_oasys_date is None:
        erd = ev.earliest_release_date
        due_dates.append(oasys_deadline(facts, policy, erd=erd, case_type=kind).due)
    for due in due_dates:
        if isinstance(due, date) and points[first] <= due < points[end]:
            tally.events["oasys_due"][bisect_left(points, due + timedelta(days=1)) - 1] += 1


def _contacts(
    tally: _Tally,
    case: PlanningCase,
    months: int,
    next_contact: date | None,
    first: int,
    end: int,
    points: tuple[date, ...],
) -> date | None:
    if next_contact is None:
        next_contact = pom_contact_status(
            last_contact=case.last_pom_contact,
            since=case.pom_since,
            every_months=months,
            today=points[first],
        ).next_due
        if next_contact is None:
            return None  # no POM and no contact yet: the contact rule dates nothing
    if next_contact < points[first]:
        next_contact = points[first]
    counts = tally.events["pom_contacts_due"]
    limit = points[end]
    while next_contact < limit:
        counts[bisect_left(points, next_contact + timedelta(days=1)) - 1] += 1
        next_contact = add_months(next_contact, months)
    return next_contact


def projection_as_json(projection: Projection) -> dict[str, object]:
    return {
        "week_starts": [day.isoformat() for day in projection.week_starts],
        "series": projection.series,
        "com_by_ldu": projection.com_by_ldu,
        "capacity": projection.capacity,
        "cases": projection.cases,
    }


def projection_from_json(data: Mapping[str, object]) -> Projection:
    starts = data["week_starts"]
    series = data["series"]
    by_ldu = data["com_by_ldu"]
    assert isinstance(starts, list) and isinstance(series, dict) and isinstance(by_ldu, dict)
    return Projection(
        tuple(date.fromisoformat(day) for day in starts),
        {str(name): list(values) for name, values in series.items()},
        {str(ldu): list(values) for ldu, values in by_ldu.items()},
        capacity=int(str(data["capacity"])),
        cases=int(str(data["cases"])),
    )
