"""Categorisation and OASys: the categories an estate uses, and which task a record closes
(docs/rules.md#deadlines)."""

from __future__ import annotations

import datetime as dt

from screening.rules.kinds import (
    CATEGORISATION,
    OASYS,
    OASYS_REVIEW,
    PRE_HANDOVER_OASYS,
    RECATEGORISATION,
)

_CATEGORIES: dict[str, tuple[str, ...]] = {
    "womens": ("A", "womens_closed", "womens_open"),
    "young_offender": ("A", "yoi_closed", "yoi_open"),
}
_MENS = ("A", "B", "C", "D")


def categories_for(prison_function: str) -> tuple[str, ...]:
    """Categories a prison's estate uses: women's and young offender estates have their own."""
    return _CATEGORIES.get(prison_function, _MENS)


def categorisation_task_kind(has_previous_decision: bool) -> str:
    return RECATEGORISATION if has_previous_decision else CATEGORISATION


# An OASys of each type closes the matching open task; the review and the pre-handover OASys
# stand in for each other (either one is an OASys before handover).
OASYS_TASK_KINDS: dict[str, tuple[str, ...]] = {
    "initial": (OASYS,),
    "review": (OASYS_REVIEW, PRE_HANDOVER_OASYS),
    "pre_handover": (PRE_HANDOVER_OASYS, OASYS_REVIEW),
}


def not_in_future(value: dt.date | None, *, today: dt.date, label: str) -> str | None:
    if value is not None and value > today:
        return f"The {label} cannot be in the future."
    return None
