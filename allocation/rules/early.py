"""The early allocation assessment (docs/rules.md#early-allocation), as Manage POM Cases runs it.

A case may be assessed from 18 months before its earliest release date for handover (the
engine's ERD). Any one automatic criterion makes it eligible; otherwise any discretionary one
makes it a discretionary case, which needs the reasons written down and the head of OMU's
decision; with none of them it is not eligible. An eligible or approved assessment is the
`early_allocation` fact the rules engine reads: the handover then comes
`early_allocation_months` before the ERD.

Pure functions of plain values: nothing here reads the database or the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cases.rules.dates import add_months, days_in_month

Outcome = Literal["eligible", "discretionary", "not_eligible"]


@dataclass(frozen=True)
class EarlyAllocationRules:
    """The fixed figures of the assessment (Manage POM Cases; no prison changes them)."""

    window_months: int = 18
    oasys_months: int = 3


EARLY_ALLOCATION_RULES = EarlyAllocationRules()


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str


# Any one of these makes the case eligible, with no further decision.
AUTOMATIC_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "terrorism_act",
        "Convicted of an offence under the Terrorism Act 2000, or of an offence with a "
        "terrorist connection under the Counter-Terrorism Act 2008",
    ),
    Criterion("high_profile", "A high profile case (for example, national media interest)"),
    Criterion("serious_crime_prevention_order", "Subject to a serious crime prevention order"),
    Criterion(
        "mappa_level_3",
        "Managed under MAPPA level 3 now, or likely to be on release",
    ),
    Criterion(
        "critical_public_protection",
        "A critical public protection case (the most serious MAPPA cases, managed nationally)",
    ),
)

# Without an automatic criterion, any one of these makes the case discretionary.
DISCRETIONARY_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "extremism_separation",
        "Held in an extremism separation centre, or assessed as a risk of extremism",
    ),
    Criterion(
        "high_risk_of_serious_harm",
        "Assessed as a high or very high risk of serious harm to the public",
    ),
    Criterion("mappa_level_2", "Managed under MAPPA level 2 now, or likely to be on release"),
    Criterion(
        "pathfinder",
        "Identified through the Pathfinder process (current or past terrorism or "
        "terrorism-related concerns)",
    ),
    Criterion("other_reason", "Another reason the COM should take the case early"),
)

AUTOMATIC_CODES = frozenset(c.code for c in AUTOMATIC_CRITERIA)
DISCRETIONARY_CODES = frozenset(c.code for c in DISCRETIONARY_CRITERIA)
CRITERION_LABELS = {c.code: c.label for c in (*AUTOMATIC_CRITERIA, *DISCRETIONARY_CRITERIA)}


@dataclass(frozen=True)
class Window:
    """When a case may be assessed: `opens_on` is None when the release date is unknown."""

    release_date: dt.date | None
    opens_on: dt.date | None
    open: bool
    explanation: str


def window_opens_on(release_date: dt.date, *, rules: EarlyAllocationRules) -> dt.date:
    """The day the assessment window opens: `window_months` before the release date, counted
    back in calendar months and clamped to the month's end (a release on 31 August 2028 opens
    the window on 28 February 2027)."""
    return add_months(release_date, -rules.window_months)


def assessment_window(
    release_date: dt.date | None,
    *,
    today: dt.date,
    rules: EarlyAllocationRules = EARLY_ALLOCATION_RULES,
) -> Window:
    """Whether the case is within the window today, and why. A release date that has passed
    (a parole eligibility date gone by, the prisoner still held) keeps the window open."""
    months = rules.window_months
    if release_date is None:
        return Window(
            None,
            None,
            False,
            "No earliest release date is recorded, so the early allocation window is not known.",
        )
    opens = window_opens_on(release_date, rules=rules)
    if today < opens:
        why = (
            f"The early allocation window opens on {opens:%-d %B %Y}, {months} months before "
            f"the earliest release date {release_date:%-d %B %Y}."
        )
        return Window(release_date, opens, False, why)
    why = (
        f"Within the early allocation window since {opens:%-d %B %Y}: {months} months before "
        f"the earliest release date {release_date:%-d %B %Y}."
    )
    return Window(release_date, opens, True, why)


def latest_release_in_window(
    today: dt.date, *, rules: EarlyAllocationRules = EARLY_ALLOCATION_RULES
) -> dt.date:
    """The latest release date whose window is open today, so a list can ask the database for
    `release_date <= this` and get exactly the cases `assessment_window` calls open.

    Counting back clamps to month ends, so on the last day of a month every release date in the
    month `window_months` ahead has its window open (on 28 February 2027 a release on 31 August
    2028 opens on 28 February 2027)."""
    bound = add_months(today, rules.window_months)
    if today.day == days_in_month(today.year, today.month):
        bound = bound.replace(day=days_in_month(bound.year, bound.month))
    return bound


def assessment_outcome(
    automatic: Iterable[str], discretionary: Iterable[str]
) -> tuple[Outcome, str]:
    """The assessment's outcome from the criteria met, and why."""
    auto = [c for c in (c.code for c in AUTOMATIC_CRITERIA) if c in set(automatic)]
    disc = [c for c in (c.code for c in DISCRETIONARY_CRITERIA) if c in set(discretionary)]
    if auto:
        return "eligible", (
            "Eligible for early allocation: "
            + "; ".join(CRITERION_LABELS[c].lower() for c in auto)
            + ". An automatic criterion needs no further decision."
        )
    if disc:
        return "discretionary", (
            "Discretionary: "
            + "; ".join(CRITERION_LABELS[c].lower() for c in disc)
            + ". No automatic criterion applies, so the head of OMU decides."
        )
    return "not_eligible", (
        "Not eligible for early allocation: no automatic or discretionary criterion applies."
    )


def unknown_criteria(codes: Iterable[str], *, automatic: bool) -> list[str]:
    known = AUTOMATIC_CODES if automatic else DISCRETIONARY_CODES
    return sorted(set(codes) - known)


def oasys_date_error(
    oasys_date: dt.date,
    *,
    today: dt.date,
    rules: EarlyAllocationRules = EARLY_ALLOCATION_RULES,
) -> str | None:
    """Why the date of the last OASys risk assessment cannot support the assessment, or None.
    It must not be in the future nor more than `oasys_months` before today."""
    if oasys_date > today:
        return "The date of the last OASys risk assessment cannot be in the future."
    earliest = add_months(today, -rules.oasys_months)
    if oasys_date < earliest:
        return (
            f"The last OASys risk assessment must be from the last {rules.oasys_months} months "
            f"(on or after {earliest:%-d %B %Y}): update the OASys first."
        )
    return None
