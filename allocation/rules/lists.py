"""What puts a case on one of the allocation lists: what stops it being allocated, what makes
it need re-allocating or a COM, and how long it has waited."""

from __future__ import annotations

import datetime as dt

from allocation.rules.staff import POM_TYPE_LABELS
from cases.rules.words import day


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
            f"Transferred in on {day(transferred_in_on)}, after {pom_name} was allocated."
        )
    if not pom_works_here:
        reasons.append(f"{pom_name} is not a POM at this prison.")
    elif pom_status == "inactive":
        reasons.append(f"{pom_name} has left (inactive).")
    elif pom_status == "leave" and not has_coworker:
        back = f" until {day(pom_return_date)}" if pom_return_date else ""
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
            f"COM allocation was due on {day(com_allocation_date)}; overdue from "
            f"{day(com_allocation_overdue_from)}."
            if com_allocation_date
            else f"COM allocation overdue from {day(com_allocation_overdue_from)}."
        )
    if com_allocation_date is None and "com" in (responsible, supporting):
        return "The COM is responsible for this case now, but no COM is recorded."
    return None


def days_waiting(since: dt.date | None, today: dt.date) -> int | None:
    return (today - since).days if since else None
