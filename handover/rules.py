"""Handover rules (omic-rules.md section 6): states, the checklist and its due dates.

Pure functions of dates and plain values: no ORM objects, no clock. The handover and COM
allocation dates themselves come from the OMiC engine (`cases.rules`); these rules place the
checklist and the handover state around them.

Decisions where omic-rules.md is silent (each is named in the explanation a user sees):

- The checklist's "release" is the earliest day the prisoner could walk out: the release date
  staff see (displayed release date), or an earlier earliest release date still to come (a PED,
  tariff or hearing date), so parole cases are ready for a release at the parole date.
- Public protection checks and the approved-premises referral are due 6 months before release
  (the MAPPA review point); the approved-premises referral may be made from 12 months before.
- Resettlement items are due 12 weeks before release (when pre-release resettlement starts),
  licence conditions 28 days before, the HDC decision by the HDC eligibility date.
- No item is due before the sentence date: a short sentence's items are due on that day.
- A case stays "COM allocation overdue" after its handover date while no COM is named, since it
  is more urgent then, not less.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from cases.rules import Explained, add_months

State = Literal[
    "not_due",
    "upcoming",
    "com_allocation_overdue",
    "in_progress",
    "handed_over",
    "released",
    "no_handover",
]
STATES: tuple[State, ...] = (
    "not_due",
    "upcoming",
    "com_allocation_overdue",
    "in_progress",
    "handed_over",
    "released",
    "no_handover",
)
STATE_LABELS: dict[str, str] = {
    "not_due": "Not yet upcoming",
    "upcoming": "Upcoming",
    "com_allocation_overdue": "COM allocation overdue",
    "in_progress": "In progress",
    "handed_over": "Handed over",
    "released": "Released",
    "no_handover": "No handover",
}

Owner = Literal["pom", "com", "omu_admin"]
OWNER_LABELS: dict[str, str] = {"pom": "POM", "com": "COM", "omu_admin": "OMU admin"}
ItemStatus = Literal["to_do", "done", "not_needed"]
# What a user sees for an item: its recorded status, or for open items the clock's verdict.
Progress = Literal["done", "not_needed", "overdue", "due_soon", "not_due", "no_date"]

Section = Literal["handover", "contacts", "public_protection", "release_planning", "resettlement"]
SECTION_LABELS: dict[str, str] = {
    "handover": "Handover to the COM",
    "contacts": "COM contact with the prisoner",
    "public_protection": "Public protection",
    "release_planning": "Release planning",
    "resettlement": "Release readiness",
}
Anchor = Literal["com_allocation", "handover", "release", "hdced"]


@dataclass(frozen=True)
class ChecklistPolicy:
    """The checklist's figures. Defaults are omic-rules.md section 6 and the decisions above.

    Kept here, passed to every rule, because the prison policy model (cases app) has no fields
    for them yet; moving them there changes no rule.
    """

    com_contacts_target: int = 3
    public_protection_months: int = 6
    approved_premises_months: int = 12
    resettlement_weeks: int = 12
    licence_conditions_days: int = 28
    releases_soon_days: int = 28
    parole_window_months: int = 10
    due_soon_days: int = 7


DEFAULT_CHECKLIST_POLICY = ChecklistPolicy()


@dataclass(frozen=True)
class ItemDefinition:
    code: str
    section: Section
    label: str
    owner: Owner
    anchor: Anchor
    # Applies only with a handover date / to parole cases / with an HDC eligibility date.
    needs_handover: bool = False
    parole_only: bool = False
    needs_hdced: bool = False
    # Completed from other records (allocation, meetings, contacts), never ticked by hand.
    automatic: bool = False


CHECKLIST: tuple[ItemDefinition, ...] = (
    ItemDefinition(
        "com_allocated",
        "handover",
        "COM allocated and named to the prisoner",
        "omu_admin",
        "com_allocation",
        needs_handover=True,
        automatic=True,
    ),
    ItemDefinition(
        "handover_meeting",
        "handover",
        "POM and COM handover meeting held, ideally three-way with the prisoner",
        "pom",
        "handover",
        needs_handover=True,
        automatic=True,
    ),
    ItemDefinition(
        "pre_handover_oasys",
        "handover",
        "Pre-handover OASys completed",
        "pom",
        "handover",
        needs_handover=True,
    ),
    ItemDefinition(
        "risk_management_plan",
        "handover",
        "Risk management plan completed",
        "pom",
        "handover",
        needs_handover=True,
    ),
    ItemDefinition(
        "parole_report",
        "handover",
        "Parole report assigned to the COM",
        "omu_admin",
        "handover",
        needs_handover=True,
        parole_only=True,
    ),
    ItemDefinition(
        "com_contacts",
        "contacts",
        "COM has had 3 contacts with the prisoner before release",
        "com",
        "release",
        automatic=True,
    ),
    ItemDefinition(
        "mappa", "public_protection", "MAPPA level and category confirmed", "com", "release"
    ),
    ItemDefinition(
        "domestic_abuse", "public_protection", "Domestic abuse police checks", "com", "release"
    ),
    ItemDefinition(
        "child_safeguarding", "public_protection", "Child safeguarding checks", "com", "release"
    ),
    ItemDefinition(
        "victim_liaison",
        "public_protection",
        "Victim liaison officer (VLO) contacted, where the victim scheme applies",
        "com",
        "release",
    ),
    ItemDefinition(
        "approved_premises",
        "public_protection",
        "Approved premises referral, where needed",
        "com",
        "release",
    ),
    ItemDefinition(
        "hdc_decision",
        "release_planning",
        "Home detention curfew (HDC) decision",
        "pom",
        "hdced",
        needs_hdced=True,
    ),
    ItemDefinition(
        "rotl",
        "release_planning",
        "Release on temporary licence (ROTL) considered",
        "pom",
        "release",
    ),
    ItemDefinition(
        "licence_conditions", "release_planning", "Licence conditions set", "com", "release"
    ),
    ItemDefinition(
        "accommodation", "resettlement", "First-night accommodation arranged", "com", "release"
    ),
    ItemDefinition(
        "identification", "resettlement", "ID documents ready for release", "pom", "release"
    ),
    ItemDefinition("bank_account", "resettlement", "Bank account opened", "pom", "release"),
    ItemDefinition(
        "universal_credit", "resettlement", "Universal Credit claim started", "pom", "release"
    ),
    ItemDefinition(
        "gp_medication",
        "resettlement",
        "GP registration and medication on release",
        "pom",
        "release",
    ),
    ItemDefinition(
        "employment",
        "resettlement",
        "Employment, training or education on release",
        "com",
        "release",
    ),
)
ITEMS: dict[str, ItemDefinition] = {item.code: item for item in CHECKLIST}
PUBLIC_PROTECTION: tuple[str, ...] = tuple(
    item.code for item in CHECKLIST if item.section == "public_protection"
)


def _fmt(day: date) -> str:
    return day.isoformat()


# ---------------------------------------------------------------------------------------------
# Handover state


def handover_state(
    *,
    handover_date: date | None,
    upcoming_from: date | None,
    com_allocation_overdue_from: date | None,
    com_allocated: bool,
    released: bool,
    today: date,
    no_dates_explanation: str = "",
) -> Explained[State]:
    """Where a case is in its handover on `today` (first match wins).

    released; no handover dates; no COM on or after the overdue day (COM allocation overdue);
    on or after the handover date (handed over); a COM named (in progress); on or after the
    upcoming day (upcoming); otherwise not yet upcoming.
    """
    if released:
        return Explained("released", "Released: the prisoner has left custody.")
    if handover_date is None:
        return Explained(
            "no_handover", no_dates_explanation or "No handover: the case has no handover dates."
        )
    if (
        not com_allocated
        and com_allocation_overdue_from is not None
        and today >= com_allocation_overdue_from
    ):
        return Explained(
            "com_allocation_overdue",
            f"COM allocation overdue: no COM named on or after {_fmt(com_allocation_overdue_from)}"
            f" (handover on {_fmt(handover_date)}).",
        )
    if today >= handover_date:
        return Explained(
            "handed_over",
            f"Handed over: on or after the handover date {_fmt(handover_date)} the COM is "
            "responsible and the POM supports.",
        )
    if com_allocated:
        return Explained(
            "in_progress",
            f"In progress: a COM is named and the handover date is {_fmt(handover_date)}.",
        )
    if upcoming_from is not None and today >= upcoming_from:
        return Explained(
            "upcoming",
            f"Upcoming: on or after {_fmt(upcoming_from)}, the start of the upcoming window before "
            f"the handover date {_fmt(handover_date)}.",
        )
    since = f" from {_fmt(upcoming_from)}" if upcoming_from else ""
    return Explained(
        "not_due",
        f"Not yet upcoming: the handover date is {_fmt(handover_date)}; it is listed as upcoming"
        f"{since}.",
    )


# ---------------------------------------------------------------------------------------------
# The checklist's release date


@dataclass(frozen=True)
class ReleaseAnchor:
    date: date | None
    kind: str | None
    explanation: str


def checklist_release_date(
    *,
    display: date | None,
    display_kind: str | None,
    earliest: date | None,
    earliest_kind: str | None,
    today: date,
) -> ReleaseAnchor:
    """The release date the checklist counts back from: the displayed release date, or the
    earliest release date when that is still to come and earlier (a parole or tariff date)."""
    if earliest is not None and earliest >= today and (display is None or earliest < display):
        shown = f" (before the release date shown, {_fmt(display)})" if display else ""
        return ReleaseAnchor(
            earliest,
            earliest_kind,
            f"Release for the checklist: {_fmt(earliest)}, the earliest release date "
            f"({earliest_kind}){shown}, so the case is ready if released then.",
        )
    if display is not None:
        return ReleaseAnchor(
            display,
            display_kind,
            f"Release for the checklist: {_fmt(display)}, the release date shown ({display_kind}).",
        )
    if earliest is not None:
        return ReleaseAnchor(
            earliest,
            earliest_kind,
            f"Release for the checklist: {_fmt(earliest)}, the earliest release date "
            f"({earliest_kind}).",
        )
    return ReleaseAnchor(None, None, "No release date is known, so release items have no date.")


# ---------------------------------------------------------------------------------------------
# Which items apply and when they are due


@dataclass(frozen=True)
class CaseDates:
    """The dates a checklist counts from; any may be unknown."""

    sentence_start: date | None
    com_allocation: date | None
    handover: date | None
    release: date | None
    hdced: date | None
    parole_case: bool = False


def item_applies(item: ItemDefinition, dates: CaseDates) -> bool:
    if item.needs_handover and dates.handover is None:
        return False
    if item.parole_only and not dates.parole_case:
        return False
    return not (item.needs_hdced and dates.hdced is None)


def applicable_items(dates: CaseDates) -> list[ItemDefinition]:
    return [item for item in CHECKLIST if item_applies(item, dates)]


@lru_cache(maxsize=64)
def _period(months: int, weeks: int, days: int) -> tuple[timedelta, str]:
    """The time part of a period, and the period in words ("6 months", "12 weeks")."""
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((months, "month"), (weeks, "week"), (days, "day"))
        if n
    ]
    return timedelta(weeks=weeks, days=days), " and ".join(parts)


def _before_release(
    release: date, *, months: int = 0, weeks: int = 0, days: int = 0
) -> tuple[date, str]:
    # Months first, clamped to the month's end, then weeks and days (omic-rules section 5).
    delta, words = _period(months, weeks, days)
    due = add_months(release, -months) - delta if months else release - delta
    return due, f"{words} before release on {_fmt(release)}"


def item_due(
    item: ItemDefinition, dates: CaseDates, policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY
) -> Explained[date | None]:
    """An item's due date and why. None when the date it counts from is unknown."""
    code = item.code
    anchor = item.anchor
    if anchor == "release":
        release = dates.release
        if release is None:
            return Explained(None, "No release date is known.")
        section = item.section
        if code == "com_contacts":
            due = release
            why = f"{policy.com_contacts_target} contacts by release on {_fmt(release)}"
        elif section == "public_protection":
            due, why = _before_release(release, months=policy.public_protection_months)
            if code == "approved_premises":
                opens, _ = _before_release(release, months=policy.approved_premises_months)
                why += f"; a referral can be made from {_fmt(opens)}"
        elif section == "resettlement":
            due, why = _before_release(release, weeks=policy.resettlement_weeks)
        elif code == "licence_conditions":
            due, why = _before_release(release, days=policy.licence_conditions_days)
        else:  # ROTL and other release planning
            due, why = _before_release(release, months=policy.public_protection_months)
    elif anchor == "handover":
        if dates.handover is None:
            return Explained(None, "No handover date.")
        due, why = dates.handover, f"by the handover date {_fmt(dates.handover)}"
    elif anchor == "com_allocation":
        if dates.com_allocation is None:
            return Explained(None, "No COM allocation date.")
        due, why = dates.com_allocation, f"the COM allocation date {_fmt(dates.com_allocation)}"
    else:
        if dates.hdced is None:
            return Explained(None, "No HDC eligibility date.")
        due, why = dates.hdced, f"by the HDC eligibility date {_fmt(dates.hdced)}"
    start = dates.sentence_start
    if start is not None and due < start:
        return Explained(
            start,
            f"Due {_fmt(start)}, the sentence date: {why} ({_fmt(due)}) is before the sentence.",
        )
    return Explained(due, f"Due {_fmt(due)}: {why}.")


def item_progress(
    *,
    status: ItemStatus,
    due: date | None,
    today: date,
    policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY,
) -> Progress:
    """Done and not needed stand; an open item is overdue after its due date, due soon within
    the due-soon window (on the due date itself too), otherwise not yet due."""
    if status == "done":
        return "done"
    if status == "not_needed":
        return "not_needed"
    if due is None:
        return "no_date"
    if today > due:
        return "overdue"
    if (due - today).days <= policy.due_soon_days:
        return "due_soon"
    return "not_due"


def contacts_status(
    count: int, policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY
) -> Explained[ItemStatus]:
    """The COM contacts item: done once the target is met."""
    target = policy.com_contacts_target
    if count >= target:
        return Explained("done", f"{count} of {target} COM contacts before release.")
    return Explained("to_do", f"{count} of {target} COM contacts before release so far.")


def missing_public_protection(
    *,
    open_codes: set[str],
    release: date | None,
    today: date,
    policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY,
) -> list[str]:
    """Public-protection items still open when release is within the window (flagged cases).

    Released cases (release before today) are no longer flagged.
    """
    if release is None or release < today:
        return []
    if release > add_months(today, policy.public_protection_months):
        return []
    return [code for code in PUBLIC_PROTECTION if code in open_codes]


# ---------------------------------------------------------------------------------------------
# Responsibility from now on, parole and release windows


def responsibility_changes(
    *,
    com_allocation_date: date | None,
    handover_date: date | None,
    today: date,
    override_active: bool,
) -> list[tuple[date, str, str]]:
    """The responsibility changes still to come: (day, state, why). None under an override,
    which makes the COM responsible now whatever the dates say."""
    if override_active or handover_date is None:
        return []
    changes: list[tuple[date, str, str]] = []
    if com_allocation_date is not None and today < com_allocation_date < handover_date:
        changes.append(
            (
                com_allocation_date,
                "com_supporting",
                f"From the COM allocation date {_fmt(com_allocation_date)} the COM supports.",
            )
        )
    if today < handover_date:
        changes.append(
            (
                handover_date,
                "com_responsible",
                f"From the handover date {_fmt(handover_date)} the COM is responsible and the "
                "POM supports.",
            )
        )
    return changes


def parole_date_due(
    *,
    target_hearing_date: date | None,
    tariff_date: date | None,
    parole_eligibility_date: date | None,
    today: date,
    policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY,
) -> tuple[date, str] | None:
    """The soonest THD, TED or PED from today to `parole_window_months` ahead (both ends
    included), with its kind; None when none falls in the window."""
    end = add_months(today, policy.parole_window_months)
    found = [
        (day, kind)
        for day, kind in (
            (target_hearing_date, "THD"),
            (tariff_date, "TED"),
            (parole_eligibility_date, "PED"),
        )
        if day is not None and today <= day <= end
    ]
    return min(found) if found else None


def release_is_soon(
    release: date | None, *, today: date, policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY
) -> bool:
    """Release from today to `releases_soon_days` ahead, both ends included."""
    return release is not None and today <= release <= today + timedelta(
        days=policy.releases_soon_days
    )
