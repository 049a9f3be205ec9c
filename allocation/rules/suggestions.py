"""Who should take a case: POMs and keyworkers ranked, best first, each with the reason and the
warnings an override must answer (docs/rules.md#pom-type)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from allocation.rules.load import DEFAULT_WEIGHTS, Caseload, LoadWeights, case_load, load_status
from allocation.rules.warnings import AllocationWarning, allocation_warnings, number
from cases.rules import Explained, capacity_status
from cases.rules.capacity import CapacityStatus
from cases.rules.words import day


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
    """Every candidate, best first.

    Suggested: POMs of the required type who are active and not on leave; first anyone who
    held the case before (as POM, then as co-working POM), then the lowest load relative to
    capacity (capacity already reflects working hours, seniority and new-POM status). The
    others follow, not suggested, each with the warnings an override must answer. Inactive
    staff are left out: they cannot take cases.
    """
    adding = case_load(
        coworking=coworking, womens_high_complexity=womens_high_complexity, weights=weights
    )
    scored = [
        _score(c, required_type, adding=adding, weights=weights)
        for c in candidates
        if c.status != "inactive"
    ]
    scored.sort(key=lambda pair: pair[0])
    return [replace(s, rank=i) for i, (_, s) in enumerate(scored, start=1)]


def _score(
    c: PomCandidate, required_type: str | None, *, adding: float, weights: LoadWeights
) -> tuple[tuple[object, ...], Suggestion]:
    """One candidate's place in the ranking (its sort key) and their suggestion."""
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
    suggestion = Suggestion(
        candidate=c,
        suggested=eligible,
        reason=_pom_reason(c, required_type, eligible, continuity, before),
        load_before=before,
        load_after=after,
        status_after=load_status(after, capacity),
        warnings=warnings,
    )
    return (0 if eligible else 1, continuity, ratio, c.name.lower(), c.user_id), suggestion


def _pom_reason(
    c: PomCandidate, required_type: str | None, eligible: bool, continuity: int, before: float
) -> str:
    if not eligible:
        why = "on leave" if c.status == "leave" else "a POM of another type"
        if c.status == "leave" and required_type and c.pom_type != required_type:
            why = "on leave, and a POM of another type"
        return f"Not suggested: {why}."
    if continuity == 0:
        return "Continuity: has been this prisoner's POM before."
    if continuity == 1:
        return "Continuity: has been this prisoner's co-working POM before."
    capacity = c.capacity.value
    ratio = before / max(capacity, 1)
    return f"Load: {number(before)} of {capacity} cases ({ratio:.0%} of capacity)."


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
            back = f" until {day(c.return_date)}" if c.return_date else ""
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
