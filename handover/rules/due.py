"""Which checklist items apply to a case, when each is due and how it stands
(docs/rules.md#checklist)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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
from handover.rules.dates import before_release_day, before_release_words, fmt

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


def _release_period(item: ItemDefinition, policy: ChecklistPolicy) -> tuple[int, int, int]:
    """How long before release an item counted back from release is due: (months, weeks,
    days)."""
    if item.code == "com_contacts":
        return 0, 0, 0
    if item.section == "public_protection":
        return policy.public_protection_months, 0, 0
    if item.section == "resettlement":
        return 0, policy.resettlement_weeks, 0
    if item.code == "licence_conditions":
        return 0, 0, policy.licence_conditions_days
    # ROTL and other release planning
    return policy.public_protection_months, 0, 0


def _anchor_date(item: ItemDefinition, dates: CaseDates) -> date | None:
    """The date an item counts from (release, handover, COM allocation or HDC eligibility)."""
    anchor = item.anchor
    if anchor == "release":
        return dates.release
    if anchor == "handover":
        return dates.handover
    if anchor == "com_allocation":
        return dates.com_allocation
    return dates.hdced


def _unclamped_due(item: ItemDefinition, anchor: date, policy: ChecklistPolicy) -> date:
    if item.anchor != "release":
        return anchor
    months, weeks, days = _release_period(item, policy)
    return before_release_day(anchor, months=months, weeks=weeks, days=days)


def item_due_date(
    item: ItemDefinition, dates: CaseDates, policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY
) -> date | None:
    """An item's due date alone, as `item_due` gives it (which explains it too): the handover
    lists place every item of a prison's cases and show the explanations of one page's.

    None when the date it counts from is unknown; never before the sentence date."""
    anchor = _anchor_date(item, dates)
    if anchor is None:
        return None
    return _not_before_sentence(_unclamped_due(item, anchor, policy), dates)


def _not_before_sentence(due: date, dates: CaseDates) -> date:
    start = dates.sentence_start
    return start if start is not None and due < start else due


@lru_cache(maxsize=8)
def _due_keys(policy: ChecklistPolicy) -> dict[str, tuple[str, int, int, int]]:
    """Each item's anchor and period before it, by code: two items with the same key are due
    on the same day in every case."""
    return {
        item.code: (item.anchor, *_release_period(item, policy))
        if item.anchor == "release"
        else (item.anchor, 0, 0, 0)
        for item in CHECKLIST
    }


def due_dates(
    items: Iterable[ItemDefinition],
    dates: CaseDates,
    policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY,
) -> dict[str, date | None]:
    """`item_due_date` of each of a case's `items`, by code, each distinct anchor and period
    counted once (the handover lists place the open items of every case of a prison)."""
    keys = _due_keys(policy)
    counted: dict[tuple[str, int, int, int], date | None] = {}
    found: dict[str, date | None] = {}
    for item in items:
        key = keys[item.code]
        if key not in counted:
            counted[key] = item_due_date(item, dates, policy)
        found[item.code] = counted[key]
    return found


_NO_ANCHOR = {
    "release": "No release date is known.",
    "handover": "No handover date.",
    "com_allocation": "No COM allocation date.",
    "hdced": "No HDC eligibility date.",
}


def _why(item: ItemDefinition, anchor: date, policy: ChecklistPolicy) -> str:
    """Why an item is due when it is, before any clamping to the sentence date."""
    code = item.code
    if item.anchor == "handover":
        return f"by the handover date {fmt(anchor)}"
    if item.anchor == "com_allocation":
        return f"the COM allocation date {fmt(anchor)}"
    if item.anchor != "release":
        return f"by the HDC eligibility date {fmt(anchor)}"
    if code == "com_contacts":
        return f"{policy.com_contacts_target} contacts by release on {fmt(anchor)}"
    months, weeks, days = _release_period(item, policy)
    why = before_release_words(anchor, months=months, weeks=weeks, days=days)
    if code == "approved_premises":
        opens = before_release_day(anchor, months=policy.approved_premises_months)
        why += f"; a referral can be made from {fmt(opens)}"
    return why


def item_due(
    item: ItemDefinition, dates: CaseDates, policy: ChecklistPolicy = DEFAULT_CHECKLIST_POLICY
) -> Explained[date | None]:
    """An item's due date (`item_due_date`) and why."""
    anchor = _anchor_date(item, dates)
    if anchor is None:
        return Explained(None, _NO_ANCHOR[item.anchor])
    raw = _unclamped_due(item, anchor, policy)
    due = _not_before_sentence(raw, dates)  # as `item_due_date`, counted once
    why = _why(item, anchor, policy)
    if due != raw:
        return Explained(
            due,
            f"Due {fmt(due)}, the sentence date: {why} ({fmt(raw)}) is before the sentence.",
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
