"""What a bulk action plans, case by case: the bulk pages preview these (selectors) and the
services carry them out, so both import them from here."""

from __future__ import annotations

from dataclasses import dataclass

from allocation.models import AllocationEvent


@dataclass(frozen=True)
class PlannedMove:
    """One case of a bulk move: from its holder in `role` to `to_pom_id`."""

    prisoner_id: int
    to_pom_id: int
    expected_version: int | None = None
    role: str = AllocationEvent.Role.PRIMARY


@dataclass(frozen=True)
class KeyworkerAssignment:
    """One prisoner of a bulk keyworker allocation."""

    prisoner_id: int
    keyworker_id: int
    expected_version: int | None = None
