"""CSV downloads of the allocation lists: the same rows the pages show, from the same
selectors."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from allocation.selectors import CaseRow
from cases.exports import csv_response

QUEUE_HEADER = (
    "prison_number",
    "surname",
    "first_name",
    "pom_type_needed",
    "tier",
    "rosh",
    "earliest_release_date",
    "release_date_kind",
    "handover_date",
    "waiting_since",
    "days_waiting",
)


def queue_csv(filename: str, rows: Iterable[CaseRow]) -> HttpResponse:
    """The allocation queue's columns, one row per case waiting for a POM."""
    return csv_response(
        filename,
        QUEUE_HEADER,
        (
            (
                r.prison_number,
                r.last_name,
                r.first_name,
                r.pom_type_label,
                r.tier,
                r.rosh_label,
                r.release.date,
                r.release.kind,
                r.handover.handover_date,
                r.arrival_day,
                r.days_waiting,
            )
            for r in rows
        ),
    )
