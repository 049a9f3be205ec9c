"""CSV downloads of the allocation lists: the same rows the pages show, from the same
selectors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from allocation.selectors import CaseloadRow, CaseRow, StaffRow, suggest_keyworkers
from cases.exports import csv_response

# Who the case is: the first columns of every list of cases.
CASE_HEADER = ("prison_number", "surname", "first_name")

QUEUE_HEADER = (
    *CASE_HEADER,
    "pom_type_needed",
    "tier",
    "rosh",
    "earliest_release_date",
    "release_date_kind",
    "handover_date",
    "waiting_since",
    "days_waiting",
)
MISSING_HEADER = (*CASE_HEADER, "missing_information", "waiting_since", "days_waiting")
REALLOCATION_HEADER = (*CASE_HEADER, "pom", "pom_type_needed", "reasons")
COM_NEEDED_HEADER = (
    *CASE_HEADER,
    "com_allocation_date",
    "handover_date",
    "reason",
    "handover_explanation",
)
KEYWORKERS_HEADER = (*CASE_HEADER, "keyworker_due", "due_explanation", "suggested_keyworker")
CASELOAD_HEADER = (
    *CASE_HEADER,
    "role",
    "tier",
    "release_date",
    "handover_date",
    "next_deadline",
    "next_deadline_date",
)
STAFF_HEADER = (
    "name",
    "username",
    "roles",
    "pom_type",
    "new_pom",
    "status",
    "return_date",
    "working_hours",
    "cases_responsible",
    "cases_supporting",
    "cases_coworking",
    "load",
    "capacity",
    "capacity_status",
    "keyworker_prisoners",
    "keyworker_capacity",
    "keyworker_capacity_status",
)
# The tags of allocation/includes/capacity_tag.html.
CAPACITY_LABELS = {"over": "Over capacity", "at": "At capacity", "under": "Has space"}


def _case(r: CaseRow) -> tuple[object, ...]:
    return (r.prison_number, r.last_name, r.first_name)


def _lines(texts: Iterable[str]) -> str:
    """Several explanations in one cell, as the page stacks them in one."""
    return "; ".join(texts)


def _number(value: float) -> float | int:
    """A load as the page shows it (floatformat:"-1"): one decimal place, none if whole."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def queue_csv(filename: str, rows: Iterable[CaseRow]) -> HttpResponse:
    """The allocation queue's columns, one row per case waiting for a POM."""
    return csv_response(
        filename,
        QUEUE_HEADER,
        (
            (
                *_case(r),
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


def missing_csv(filename: str, rows: Iterable[CaseRow]) -> HttpResponse:
    """In-scope cases that cannot be allocated yet, with what is missing for each."""
    return csv_response(
        filename,
        MISSING_HEADER,
        ((*_case(r), _lines(r.reasons), r.arrival_day, r.days_waiting) for r in rows),
    )


def reallocation_csv(filename: str, rows: Iterable[CaseRow]) -> HttpResponse:
    """Cases whose POM needs changing: the POM now, the type needed and why."""
    return csv_response(
        filename,
        REALLOCATION_HEADER,
        (
            (*_case(r), r.allocation.get("pom_name", ""), r.pom_type_label, _lines(r.reasons))
            for r in rows
        ),
    )


def com_needed_csv(filename: str, rows: Iterable[CaseRow]) -> HttpResponse:
    """Cases that need a COM recorded, earliest COM allocation date first."""
    return csv_response(
        filename,
        COM_NEEDED_HEADER,
        (
            (
                *_case(r),
                r.handover.com_allocation_date,
                r.handover.handover_date,
                r.reasons[0] if r.reasons else "",
                r.handover.explanation,
            )
            for r in rows
        ),
    )


def keyworkers_csv(
    filename: str, rows: Sequence[CaseRow], staff: Sequence[StaffRow]
) -> HttpResponse:
    """Prisoners without a keyworker, soonest due first, with the keyworker the page would
    choose for each (suggested over every row, as over a page's)."""
    suggest_keyworkers(rows, staff)
    names = {s.user.pk: s.name for s in staff}
    return csv_response(
        filename,
        KEYWORKERS_HEADER,
        (
            (
                *_case(r),
                r.allocation.get("due"),
                r.reasons[0] if r.reasons else "",
                names.get(r.allocation.get("chosen"), ""),
            )
            for r in rows
        ),
    )


def caseload_csv(filename: str, rows: Iterable[CaseloadRow]) -> HttpResponse:
    """A POM's cases (as POM and co-working) in the page's sort."""
    return csv_response(
        filename,
        CASELOAD_HEADER,
        (
            (
                r.prisoner.prison_number,
                r.prisoner.last_name,
                r.prisoner.first_name,
                r.role_label,
                r.prisoner.tier,
                r.release_date,
                r.evaluation.handover.handover_date,
                *(r.next_deadline or ("", None)),
            )
            for r in rows
        ),
    )


def _staff(s: StaffRow) -> tuple[object, ...]:
    member, pom, keyworker = s.member, s.is_pom, s.is_keyworker
    return (
        s.name,
        s.user.get_username(),
        _lines(s.role_labels),
        s.pom_type_label if pom else "",
        ("Yes" if member.is_new_pom else "No") if pom else "",
        member.get_status_display(),
        member.return_date,
        member.working_hours if pom else None,
        s.caseload.responsible if pom else None,
        s.caseload.supporting if pom else None,
        s.caseload.coworking if pom else None,
        _number(s.load) if pom else None,
        s.capacity.value if s.capacity else None,
        CAPACITY_LABELS.get(s.load_status, ""),
        s.keyworker_prisoners if keyworker else None,
        s.keyworker_capacity.value if s.keyworker_capacity else None,
        CAPACITY_LABELS.get(s.keyworker_status, ""),
    )


def staff_csv(
    filename: str, poms: Sequence[StaffRow], keyworkers: Sequence[StaffRow]
) -> HttpResponse:
    """One row per person, the page's two tables in one: POMs in the page's sort, then the
    keyworkers who are not POMs; the POM columns are empty for a keyworker only, and the
    keyworker columns for a POM who is not a keyworker."""
    pom_ids = {s.user.pk for s in poms}
    people = [*poms, *(s for s in keyworkers if s.user.pk not in pom_ids)]
    return csv_response(filename, STAFF_HEADER, (_staff(s) for s in people))
