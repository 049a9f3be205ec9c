"""Which checklist items apply to a case, when each is due and how it stands
(docs/rules.md#checklist)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cases.rules import KIND_NAMES, Explained, add_months
from handover.rules.checklist import (
    CHECKLIST,
    DEFAULT_CHECKLIST_POLICY,
    PUBLIC_PROTECTION,
    ChecklistPolicy,
    ItemDefinition,
    ItemStatus,
    Progress,
)
from handover.rules.dates import before_release, fmt

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
        shown = f" (before the release date shown, {fmt(display)})" if display else ""
        return ReleaseAnchor(
            earliest,
            earliest_kind,
            f"Release for the checklist: {fmt(earliest)}, the earliest release date "
            f"({_kind(earliest_kind)}){shown}, so the case is ready if released then.",
        )
    if display is not None:
        return ReleaseAnchor(
            display,
            display_kind,
            f"Release for the checklist: {fmt(display)}, the release date shown "
            f"({_kind(display_kind)}).",
        )
    if earliest is not None:
        return ReleaseAnchor(
            earliest,
            earliest_kind,
            f"Release for the checklist: {fmt(earliest)}, the earliest release date "
            f"({_kind(earliest_kind)}).",
        )
    return ReleaseAnchor(None, None, "No release date is known, so release items have no date.")


def _kind(kind: str | None) -> str:
    """The kind of release date in words: "the conditional release date"."""
    return f"the {KIND_NAMES[kind]}" if kind in KIND_NAMES else "a release date"


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


def applicable_items(
    dates: CaseDates, among: Iterable[ItemDefinition] = CHECKLIST
) -> list[ItemDefinition]:
    """The checklist items (or those of `among`) that apply to a case with these dates."""
    return [item for item in among if item_applies(item, dates)]


def _due_before_release(
    item: ItemDefinition, release: date, policy: ChecklistPolicy
) -> tuple[date, str]:
    """An item counted back from release: its due day and why."""
    code = item.code
    if code == "com_contacts":
        return release, f"{policy.com_contacts_target} contacts by release on {fmt(release)}"
    if item.section == "public_protection":
        due, why = before_release(release, months=policy.public_protection_months)
        if code == "approved_premises":
            opens, _ = before_release(release, months=policy.approved_premises_months)
            why += f"; a referral can be made from {fmt(opens)}"
        return due, why
    if item.section == "resettlement":
        return before_release(release, weeks=policy.resettlement_weeks)
    if code == "licence_conditions":
        return before_release(release, days=policy.licence_conditions_days)
    # ROTL and other release planning
    return before_release(release, months=policy.public_protection_months)


def item_due(
    item: ItemDefinition, dates: CaseDates, policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY
) -> Explained[date | None]:
    """An item's due date and why. None when the date it counts from is unknown."""
    anchor = item.anchor
    if anchor == "release":
        if dates.release is None:
            return Explained(None, "No release date is known.")
        due, why = _due_before_release(item, dates.release, policy)
    elif anchor == "handover":
        if dates.handover is None:
            return Explained(None, "No handover date.")
        due, why = dates.handover, f"by the handover date {fmt(dates.handover)}"
    elif anchor == "com_allocation":
        if dates.com_allocation is None:
            return Explained(None, "No COM allocation date.")
        due, why = dates.com_allocation, f"the COM allocation date {fmt(dates.com_allocation)}"
    else:
        if dates.hdced is None:
            return Explained(None, "No HDC eligibility date.")
        due, why = dates.hdced, f"by the HDC eligibility date {fmt(dates.hdced)}"
    start = dates.sentence_start
    if start is not None and due < start:
        return Explained(
            start,
            f"Due {fmt(start)}, the sentence date: {why} ({fmt(due)}) is before the sentence.",
        )
    return Explained(due, f"Due {fmt(due)}: {why}.")


# ---------------------------------------------------------------------------------------------
# How items stand


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
