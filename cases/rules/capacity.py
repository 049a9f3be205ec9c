"""Caseload capacity and keywork expectations (docs/rules.md#pom-type, #deadlines)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from cases.rules.policy import Policy
from cases.rules.results import Explained

PomKind = Literal["pom", "senior_pom", "new_pom"]
CapacityStatus = Literal["under", "at", "over"]

FULL_TIME_HOURS = 37.5
SENIOR_POM = "senior_pom"  # cases.models.Role.SENIOR_POM, a string so the rules import no models


def pom_capacity(kind: PomKind, policy: Policy, *, hours_fraction: float = 1.0) -> Explained[int]:
    """A POM's case capacity, pro rata for part-time hours (rounded down: a warning a case early
    beats an overloaded POM)."""
    if kind == "senior_pom":
        full, who = policy.senior_pom_capacity, "senior POM"
    elif kind == "new_pom":
        full, who = policy.new_pom_capacity, "new POM"
    else:
        full, who = policy.pom_capacity, "full-time POM"
    if not 0 < hours_fraction <= 1:
        raise ValueError("hours_fraction must be more than 0 and at most 1")
    if hours_fraction == 1:
        return Explained(full, f"Capacity {full} cases: a {who}.")
    capacity = int(full * hours_fraction)
    return Explained(
        capacity,
        f"Capacity {capacity} cases: {full} for a {who}, pro rata at {hours_fraction:.0%} hours.",
    )


def staff_capacity(
    *,
    role: str | None,
    is_new_pom: bool,
    working_hours: float,
    capacity_override: int | None,
    policy: Policy,
) -> Explained[int]:
    """Cases a POM can hold: an override wins; otherwise docs/rules.md#pom-type (senior, new,
    pro rata). The allocation pages and the policy what-if both count capacity with it."""
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


def capacity_status(caseload: int, capacity: int) -> CapacityStatus:
    """Section 3: warn "at" or "over" capacity; the head of OMU lists only those "over" it."""
    if caseload > capacity:
        return "over"
    if caseload == capacity:
        return "at"
    return "under"


def keyworker_capacity_status(prisoners: int, policy: Policy) -> CapacityStatus:
    return capacity_status(prisoners, policy.keyworker_capacity)


def keywork_sessions_expected(start: date, end: date, policy: Policy) -> int:
    """Keywork sessions expected from ``start`` up to ``end``: one per full
    ``keywork_frequency_weeks`` period."""
    if end <= start:
        return 0
    return (end - start).days // (7 * policy.keywork_frequency_weeks)


def keywork_minutes_expected(start: date, end: date, policy: Policy) -> int:
    """Keyworker time one prisoner needs over the period (sessions x session length)."""
    return keywork_sessions_expected(start, end, policy) * policy.keywork_session_minutes


def keywork_compliance(held: int, expected: int) -> float | None:
    """Sessions held / sessions expected; None when none were expected yet."""
    if expected <= 0:
        return None
    return held / expected
