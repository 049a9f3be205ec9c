"""Responsibility from now on, the parole window and releases soon
(docs/rules.md#ordered-rules, docs/rules.md#handover-lists)."""

from __future__ import annotations

from datetime import date, timedelta

from cases.rules import add_months
from handover.rules.checklist import DEFAULT_CHECKLIST_POLICY, ChecklistPolicy
from handover.rules.dates import fmt


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
                f"From the COM allocation date {fmt(com_allocation_date)} the COM supports.",
            )
        )
    if today < handover_date:
        changes.append(
            (
                handover_date,
                "com_responsible",
                f"From the handover date {fmt(handover_date)} the COM is responsible and the "
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
