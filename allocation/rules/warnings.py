"""What an admin must see before allocating a POM, and the override reason that answers it
(docs/rules.md#pom-type)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from allocation.rules.load import load_status
from allocation.rules.staff import POM_TYPE_LABELS
from cases.rules.words import day

WarningCode = Literal["type_mismatch", "over_capacity", "on_leave"]
OverrideReason = Literal["not_suitable", "none_available", "worked_before", "other"]
OVERRIDE_REASONS: tuple[str, ...] = ("not_suitable", "none_available", "worked_before", "other")
OVERRIDE_NEEDS_DETAIL: frozenset[str] = frozenset({"not_suitable", "other"})


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
    """What an admin must see, and give an override reason for, before allocating.

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
                f"{candidate_name} would be over capacity: {number(load_after)} cases against "
                f"{capacity}.",
            )
        )
    if status == "leave":
        back = f" until {day(return_date)}" if return_date else ""
        warnings.append(AllocationWarning("on_leave", f"{candidate_name} is on leave{back}."))
    return tuple(warnings)


def override_errors(
    warnings: Sequence[AllocationWarning], *, reason: str, detail: str
) -> dict[str, str]:
    """Field errors when warnings are not answered by an override reason."""
    if not warnings:
        return {}
    if reason not in OVERRIDE_REASONS:
        return {"override_reason": "Choose why you are allocating despite the warnings."}
    if reason in OVERRIDE_NEEDS_DETAIL and not detail.strip():
        return {"override_detail": "Give details of the reason."}
    return {}


def number(value: float) -> str:
    """A load as the messages write it: 1, 1.5."""
    return f"{value:g}"
