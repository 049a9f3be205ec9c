"""Allocation rules (omic-rules.md section 3): pure, typed functions of plain values.

Nothing here reads the database or the clock. Capacity comes from `cases.rules.capacity`
(`pom_capacity`, `capacity_status`); the required POM type comes from the rules engine.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from cases.rules import Explained, Policy, capacity_status, pom_capacity
from cases.rules.capacity import CapacityStatus, PomKind
from cases.rules.results import PomType

FULL_TIME_HOURS = 37.5

POM_TYPE_LABELS: dict[str, str] = {
    "prison": "Prison POM",
    "probation": "Probation POM",
    "third_sector": "Third-sector POM",
    "senior_third_sector": "Senior third-sector POM",
}

# Role values (cases.models.Role), kept as strings so these rules import no models.
PRISON_POM = "prison_pom"
PROBATION_POM = "probation_pom"
SENIOR_POM = "senior_pom"
POM_ROLE_VALUES = (SENIOR_POM, PROBATION_POM, PRISON_POM)  # precedence when a user holds several

StaffStatus = Literal["active", "leave", "inactive"]
WarningCode = Literal["type_mismatch", "over_capacity", "on_leave"]
OverrideReason = Literal["not_suitable", "none_available", "worked_before", "other"]
OVERRIDE_REASONS: tuple[str, ...] = ("not_suitable", "none_available", "worked_before", "other")
OVERRIDE_NEEDS_DETAIL: frozenset[str] = frozenset({"not_suitable", "other"})


# --------------------------------------------------------------------------------------------
# Who a member of staff is, as a POM


def staff_pom_role(roles: Iterable[str]) -> str | None:
    """The POM role that decides someone's POM type and capacity (senior first)."""
    held = set(roles)
    return next((role for role in POM_ROLE_VALUES if role in held), None)


def staff_pom_type(role: str | None, omu_model: str) -> PomType | None:
    """The kind of case a POM takes, by their role and the prison's OMU model.

    Decision where the rules are silent: in a third-sector OMU, prison-grade POMs are the
    provider's case managers (third-sector POMs) and senior POMs are senior third-sector POMs;
    in a standard OMU a senior POM is a senior probation officer and takes probation cases.
    """
    if role == PROBATION_POM:
        return "probation"
    if role == PRISON_POM:
        return "third_sector" if omu_model == "third_sector" else "prison"
    if role == SENIOR_POM:
        return "senior_third_sector" if omu_model == "third_sector" else "probation"
    return None


def staff_capacity(
    *,
    role: str | None,
    is_new_pom: bool,
    working_hours: float,
    capacity_override: int | None,
    policy: Policy,
) -> Explained[int]:
    """Cases a POM can hold: an override wins; otherwise section 3 (senior, new, pro rata)."""
    kind: PomKind = "senior_pom" if role == SENIOR_POM else "new_pom" if is_new_pom else "pom"
    fraction = min(1.0, max(float(working_hours), 0.1) / FULL_TIME_HOURS)
    from_policy = pom_capacity(kind, policy, hours_fraction=fraction)
    if capacity_override is not None:
        return Explained(
            capacity_override,
            f"Capacity {capacity_override} cases: set for this person (the policy would give "
            f"{from_policy.value}).",
        )
    return from_policy


def keyworker_capacity(*, capacity_override: int | None, policy: Policy) -> Explained[int]:
    if capacity_override is not None:
        return Explained(capacity_override, f"{capacity_override} prisoners: set for this person.")
    return Explained(
        policy.keyworker_capacity,
        f"{policy.keyworker_capacity} prisoners: the prison's keyworker capacity.",
    )


# --------------------------------------------------------------------------------------------
# Load


@dataclass(frozen=True)
class LoadWeights:
    """How much POM time a case takes, relative to one case held as POM.

    Decision where the rules are silent (no policy setting exists yet): a co-working case is
    half a case; a woman assessed high complexity counts half a case more, because she gets
    extra POM time instead of a keyworker (omic-rules.md section 5). Pass other weights to try
    a different model; the defaults are used everywhere.
    """

    coworking: float = 0.5
    womens_high_complexity_extra: float = 0.5


DEFAULT_WEIGHTS = LoadWeights()


@dataclass(frozen=True)
class Caseload:
    """A POM's cases at one prison: held as POM (responsible or supporting) and co-working."""

    responsible: int = 0
    supporting: int = 0
    coworking: int = 0
    high_complexity: int = 0  # women's estate, high complexity, held as POM
    by_tier: Mapping[str, int] = field(default_factory=dict)  # "A".."D", "" for no tier
    new_last_7_days: int = 0
    upcoming_handovers: int = 0

    @property
    def cases(self) -> int:
        """Cases held as POM: the number compared with the section 3 capacities."""
        return self.responsible + self.supporting

    @property
    def total(self) -> int:
        return self.cases + self.coworking

    def load(self, weights: LoadWeights = DEFAULT_WEIGHTS) -> float:
        return (
            self.cases
            + self.coworking * weights.coworking
            + self.high_complexity * weights.womens_high_complexity_extra
        )


def case_load(
    *, coworking: bool, womens_high_complexity: bool, weights: LoadWeights = DEFAULT_WEIGHTS
) -> float:
    """The load one more case adds."""
    base = weights.coworking if coworking else 1.0
    extra = weights.womens_high_complexity_extra if womens_high_complexity and not coworking else 0
    return base + extra


def load_status(load: float, capacity: int) -> CapacityStatus:
    """Section 3's at/over capacity for a weighted load (half a case over is over)."""
    return capacity_status(math.ceil(load), capacity)


# --------------------------------------------------------------------------------------------
# Warnings and overrides


@dataclass(frozen=True)
class AllocationWarning:
    code: WarningCode
    message: str


def allocation_warnings(
    *,
    required_type: str | None,
    candidate_type: str | None,
    candidate_name: str,
    status: str,
    return_date: dt.date | None,
    load_after: float,
    capacity: int,
) -> tuple[AllocationWarning, ...]:
    """What an admin must see, and give an override reason for, before allocating (section 3).

    Being over capacity never blocks an allocation: it warns.
    """
    warnings: list[AllocationWarning] = []
    if required_type and candidate_type != required_type:
        wanted = POM_TYPE_LABELS.get(required_type, required_type)
        got = POM_TYPE_LABELS.get(candidate_type or "", "not a POM type")
        warnings.append(
            AllocationWarning(
                "type_mismatch",
                f"{candidate_name} is a {got}; this case needs a {wanted}.",
            )
        )
    if load_status(load_after, capacity) == "over":
        warnings.append(
            AllocationWarning(
                "over_capacity",
                f"{candidate_name} would be over capacity: {_n(load_after)} cases against "
                f"{capacity}.",
            )
        )
    if status == "leave":
        back = f" until {return_date:%-d %B %Y}" if return_date else ""
        warnings.append(AllocationWarning("on_leave", f"{candidate_name} is on leave{back}."))
    return tuple(warnings)


def override_errors(
    warnings: Sequence[AllocationWarning], *, reason: str, detail: str
) -> dict[str, str]:
    """Field errors when warnings are not answered by an override reason (section 3)."""
    if not warnings:
        return {}
    if reason not in OVERRIDE_REASONS:
        return {"override_reason": "Choose why you are allocating despite the warnings."}
    if reason in OVERRIDE_NEEDS_DETAIL and not detail.strip():
        return {"override_detail": "Give details of the reason."}
    return {}


def _n(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------------------------
# Suggestions


@dataclass(frozen=True)
class PomCandidate:
    """A POM who could take the case, as the suggestion rules see them."""

    user_id: int
    name: str
    pom_type: str | None
    status: str
    return_date: dt.date | None
    capacity: Explained[int]
    caseload: Caseload
    held_as_pom: bool = False  # held this case before as POM
    held_as_coworker: bool = False  # held this case before as co-working POM
    username: str = ""


@dataclass(frozen=True)
class Suggestion:
    candidate: PomCandidate
    suggested: bool
    reason: str
    load_before: float
    load_after: float
    status_after: CapacityStatus
    warnings: tuple[AllocationWarning, ...]
    rank: int = 0

    @property
    def ratio(self) -> float:
        return self.load_before / max(self.candidate.capacity.value, 1)


def rank_pom_candidates(
    required_type: str | None,
    candidates: Iterable[PomCandidate],
    *,
    coworking: bool = False,
    womens_high_complexity: bool = False,
    weights: LoadWeights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Every candidate, best first (section 3).

    Suggested: POMs of the required type who are active and not on leave; first anyone who
    held the case before (as POM, then as co-working POM), then the lowest load relative to
    capacity (capacity already reflects working hours, seniority and new-POM status). The
    others follow, not suggested, each with the warnings an override must answer. Inactive
    staff are left out: they cannot take cases.
    """
    adding = case_load(
        coworking=coworking, womens_high_complexity=womens_high_complexity, weights=weights
    )
    scored: list[tuple[tuple[object, ...], Suggestion]] = []
    for c in candidates:
        if c.status == "inactive":
            continue
        before = c.caseload.load(weights)
        after = before + adding
        capacity = c.capacity.value
        warnings = allocation_warnings(
            required_type=required_type,
            candidate_type=c.pom_type,
            candidate_name=c.name,
            status=c.status,
            return_date=c.return_date,
            load_after=after,
            capacity=capacity,
        )
        eligible = c.status == "active" and (required_type is None or c.pom_type == required_type)
        continuity = 0 if c.held_as_pom else 1 if c.held_as_coworker else 2
        ratio = before / max(capacity, 1)
        if not eligible:
            why = "on leave" if c.status == "leave" else "a POM of another type"
            if c.status == "leave" and required_type and c.pom_type != required_type:
                why = "on leave, and a POM of another type"
            reason = f"Not suggested: {why}."
        elif continuity == 0:
            reason = "Continuity: has been this prisoner's POM before."
        elif continuity == 1:
            reason = "Continuity: has been this prisoner's co-working POM before."
        else:
            reason = f"Load: {_n(before)} of {capacity} cases ({ratio:.0%} of capacity)."
        suggestion = Suggestion(
            candidate=c,
            suggested=eligible,
            reason=reason,
            load_before=before,
            load_after=after,
            status_after=load_status(after, capacity),
            warnings=warnings,
        )
        key = (0 if eligible else 1, continuity, ratio, c.name.lower(), c.user_id)
        scored.append((key, suggestion))
    scored.sort(key=lambda pair: pair[0])
    return [replace(s, rank=i) for i, (_, s) in enumerate(scored, start=1)]


# --------------------------------------------------------------------------------------------
# Spreading many cases (bulk re-allocation, keyworker bulk allocation)


@dataclass(frozen=True)
class CaseToPlace:
    case_id: int
    required_type: str | None
    load: float = 1.0
    previous: tuple[int, ...] = ()  # people who held the case before, best first
    avoid: tuple[int, ...] = ()  # people who cannot take it (e.g. its other POM)


@dataclass(frozen=True)
class Receiver:
    user_id: int
    kind: str | None  # POM type, or "keyworker"
    load: float
    capacity: int
    available: bool = True  # active and not on leave


def spread_cases(
    cases: Sequence[CaseToPlace], receivers: Sequence[Receiver], *, exclude: int | None = None
) -> dict[int, int | None]:
    """A suggested receiver for each case: someone who held it before if available, else the
    available receiver of the right kind with the lowest load relative to capacity after
    taking it. Loads are updated as cases are placed, so the spread is even. None when no
    receiver of the right kind is available.
    """
    loads = {r.user_id: r.load for r in receivers}
    pool = [r for r in receivers if r.available and r.user_id != exclude]
    placed: dict[int, int | None] = {}
    for case in cases:
        fitting = [
            r
            for r in pool
            if (case.required_type is None or r.kind == case.required_type)
            and r.user_id not in case.avoid
        ]
        by_id = {r.user_id: r for r in fitting}
        previous = next((by_id[p] for p in case.previous if p in by_id), None)
        if previous is not None:
            chosen: Receiver | None = previous
        elif fitting:
            chosen = min(
                fitting,
                key=lambda r: ((loads[r.user_id] + case.load) / max(r.capacity, 1), r.user_id),
            )
        else:
            chosen = None
        if chosen is not None:
            loads[chosen.user_id] += case.load
        placed[case.case_id] = chosen.user_id if chosen else None
    return placed


@dataclass(frozen=True)
class KeyworkerCandidate:
    user_id: int
    name: str
    status: str
    return_date: dt.date | None
    prisoners: int
    capacity: Explained[int]
    previous: bool = False


@dataclass(frozen=True)
class KeyworkerSuggestion:
    candidate: KeyworkerCandidate
    suggested: bool
    reason: str
    status_after: CapacityStatus
    warnings: tuple[str, ...]


def rank_keyworkers(candidates: Iterable[KeyworkerCandidate]) -> list[KeyworkerSuggestion]:
    """Keyworkers best first: the prisoner's previous keyworker, then the lowest load."""
    ranked: list[tuple[tuple[object, ...], KeyworkerSuggestion]] = []
    for c in candidates:
        if c.status == "inactive":
            continue
        capacity = c.capacity.value
        after = capacity_status(c.prisoners + 1, capacity)
        warnings: list[str] = []
        if c.status == "leave":
            back = f" until {c.return_date:%-d %B %Y}" if c.return_date else ""
            warnings.append(f"{c.name} is on leave{back}.")
        if after == "over":
            warnings.append(
                f"{c.name} would be over capacity: {c.prisoners + 1} prisoners against {capacity}."
            )
        available = c.status == "active"
        reason = (
            "Continuity: has been this prisoner's keyworker before."
            if c.previous
            else f"Load: {c.prisoners} of {capacity} prisoners."
        )
        key = (0 if available else 1, 0 if c.previous else 1, c.prisoners / max(capacity, 1))
        ranked.append(
            (
                (*key, c.name.lower(), c.user_id),
                KeyworkerSuggestion(c, available, reason, after, tuple(warnings)),
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    return [s for _, s in ranked]


# --------------------------------------------------------------------------------------------
# Lists: what stops a case being allocated, and what makes it need re-allocating


def missing_information(
    *,
    in_scope: bool,
    pom_type: str | None,
    pom_type_explanation: str,
    womens_estate: bool,
    complexity_of_need: str | None,
) -> tuple[str, ...]:
    """Why an in-scope case cannot be allocated yet; empty when it can."""
    if not in_scope:
        return ()
    reasons: list[str] = []
    if pom_type is None:
        reasons.append(pom_type_explanation)
    if womens_estate and not complexity_of_need:
        reasons.append(
            "Missing information: no complexity of need level recorded; in the women's estate "
            "it decides between a keyworker and extra POM time."
        )
    return tuple(reasons)


def reallocation_reasons(
    *,
    pom_name: str,
    pom_works_here: bool,
    pom_status: str,
    pom_return_date: dt.date | None,
    pom_type: str | None,
    required_type: str | None,
    accepted_mismatch_type: str,
    has_coworker: bool,
    transferred_in_on: dt.date | None,
    allocated_on: dt.date | None,
) -> tuple[str, ...]:
    """Why a case with a POM needs a head of OMU's attention; empty when it does not."""
    reasons: list[str] = []
    if transferred_in_on and (allocated_on is None or allocated_on < transferred_in_on):
        reasons.append(
            f"Transferred in on {transferred_in_on:%-d %B %Y}, after {pom_name} was allocated."
        )
    if not pom_works_here:
        reasons.append(f"{pom_name} is not a POM at this prison.")
    elif pom_status == "inactive":
        reasons.append(f"{pom_name} has left (inactive).")
    elif pom_status == "leave" and not has_coworker:
        back = f" until {pom_return_date:%-d %B %Y}" if pom_return_date else ""
        reasons.append(f"{pom_name} is on leave{back} and the case has no co-working POM.")
    if (
        pom_works_here
        and required_type
        and pom_type != required_type
        and required_type != accepted_mismatch_type
    ):
        reasons.append(
            f"Needs a {POM_TYPE_LABELS.get(required_type, required_type)}; {pom_name} is a "
            f"{POM_TYPE_LABELS.get(pom_type or '', 'POM of another type')} (tier or ROSH "
            "changed since allocation)."
        )
    return tuple(reasons)


def com_missing_reason(
    *,
    has_com: bool,
    in_scope: bool,
    responsible: str,
    supporting: str | None,
    com_allocation_date: dt.date | None,
    com_allocation_overdue_from: dt.date | None,
    today: dt.date,
) -> str | None:
    """Why a case is listed as needing a COM now; None when it has one or does not yet."""
    if has_com or not in_scope:
        return None
    if com_allocation_overdue_from is not None and today >= com_allocation_overdue_from:
        return (
            f"COM allocation was due on {com_allocation_date:%-d %B %Y}; overdue from "
            f"{com_allocation_overdue_from:%-d %B %Y}."
            if com_allocation_date
            else f"COM allocation overdue from {com_allocation_overdue_from:%-d %B %Y}."
        )
    if com_allocation_date is None and "com" in (responsible, supporting):
        return "The COM is responsible for this case now, but no COM is recorded."
    return None


def days_waiting(since: dt.date | None, today: dt.date) -> int | None:
    return (today - since).days if since else None
