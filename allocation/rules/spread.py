"""Spreading many cases over many people (bulk re-allocation, keyworker bulk allocation):
continuity first, then the lowest load after taking the case, so the spread is even."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
