"""Where a case is in its handover on a day (docs/rules.md#handover-lists)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from cases.rules import Explained
from handover.rules.dates import fmt

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


def in_upcoming_window(
    *, handover_date: date | None, upcoming_from: date | None, today: date
) -> bool:
    """Whether a handover is upcoming on `today`: on or after the start of the policy's upcoming
    window and before the handover date. The "Upcoming handovers" list and the dashboard's
    figure both count this."""
    return (
        handover_date is not None
        and upcoming_from is not None
        and upcoming_from <= today < handover_date
    )


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
            f"COM allocation overdue: no COM named on or after {fmt(com_allocation_overdue_from)}"
            f" (handover on {fmt(handover_date)}).",
        )
    if today >= handover_date:
        return Explained(
            "handed_over",
            f"Handed over: on or after the handover date {fmt(handover_date)} the COM is "
            "responsible and the POM supports.",
        )
    if com_allocated:
        return Explained(
            "in_progress",
            f"In progress: a COM is named and the handover date is {fmt(handover_date)}.",
        )
    if upcoming_from is not None and today >= upcoming_from:
        return Explained(
            "upcoming",
            f"Upcoming: on or after {fmt(upcoming_from)}, the start of the upcoming window before "
            f"the handover date {fmt(handover_date)}.",
        )
    since = f" from {fmt(upcoming_from)}" if upcoming_from else ""
    return Explained(
        "not_due",
        f"Not yet upcoming: the handover date is {fmt(handover_date)}; it is listed as upcoming"
        f"{since}.",
    )
