"""CSV download of the handover lists: the rows of the list the page shows, from the same
assessments."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from cases.exports import csv_response
from cases.text import display_name
from handover.models import ResponsibilityOverride
from handover.selectors import Assessment, ParoleRow

HEADER = (
    "prison_number",
    "surname",
    "first_name",
    "state",
    "handover_date",
    "com_allocation_date",
    "release_date",
    "responsibility",
    "override",
    "pom",
    "com",
    "overdue_items",
    "public_protection_missing",
    "com_contacts",
)
OVERRIDE_LABELS = dict(ResponsibilityOverride.Reason.choices)


def _row(a: Assessment) -> tuple[object, ...]:
    pom = a.allocation.primary_pom if a.allocation else None
    return (
        a.prisoner.prison_number,
        a.prisoner.last_name,
        a.prisoner.first_name,
        a.state_label,
        a.handover.handover_date,
        a.handover.com_allocation_date,
        a.evaluation.display_release_date.date,
        a.responsibility_label,
        OVERRIDE_LABELS.get(a.override_reason, a.override_reason) if a.override_reason else "",
        display_name(pom),
        a.com_name,
        len(a.overdue_items),
        "; ".join(item.label for item in a.missing_public_protection),
        a.com_contacts,
    )


def handover_csv(filename: str, rows: Iterable[Assessment]) -> HttpResponse:
    return csv_response(filename, HEADER, (_row(a) for a in rows))


PAROLE_HEADER = (
    "prison_number",
    "surname",
    "first_name",
    "next_date",
    "next_date_kind",
    "latest_review_hearing_date",
    "latest_review_outcome",
    "responsibility",
    "override",
    "handover_date",
)


def _parole_row(row: ParoleRow) -> tuple[object, ...]:
    a, review = row.assessment, row.latest_review
    due, kind = a.parole_due or (None, "")
    return (
        a.prisoner.prison_number,
        a.prisoner.last_name,
        a.prisoner.first_name,
        due,
        kind,
        review.hearing_date if review else None,
        (review.get_outcome_display() or "Awaiting the outcome") if review else "",
        a.responsibility_label,
        OVERRIDE_LABELS.get(a.override_reason, a.override_reason) if a.override_reason else "",
        a.handover.handover_date,
    )


def parole_csv(filename: str, rows: Iterable[ParoleRow]) -> HttpResponse:
    """The parole list's columns, one row per case with a THD, TED or PED in the window."""
    return csv_response(filename, PAROLE_HEADER, (_parole_row(r) for r in rows))
