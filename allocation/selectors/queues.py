"""The allocation lists of a prison: cases waiting for a POM or for information, cases whose
POM needs changing, cases needing a COM or a keyworker. Each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from allocation import rules as arules
from allocation.selectors.history import previous_holders
from allocation.selectors.rows import (
    IN_SCOPE_STATUSES,
    WHY_EXPLAINS,
    CaseRow,
    case_rows,
    latest_arrival,
    newest_arrival_first,
)
from allocation.selectors.staff import StaffRow, prison_staff
from cases.access import User, prisoners_for_user
from cases.models import Movement, Prison, Prisoner, StaffMember
from cases.selectors import POM_TYPE_LABELS


def unallocated(user: User, prison: Prison) -> QuerySet[Prisoner]:
    return (
        prisoners_for_user(user)
        .filter(current_prison=prison, legal_status__in=IN_SCOPE_STATUSES)
        .filter(Q(allocation__isnull=True) | Q(allocation__primary_pom__isnull=True))
    )


@dataclass(frozen=True)
class Queue:
    rows: list[CaseRow]  # ready to allocate, filtered by type
    counts: dict[str, int]  # by required POM type, before the filter
    total: int
    missing: list[CaseRow]  # in scope, cannot be allocated yet


# How the queue can be ordered: the key, and what the order is called on the page.
QUEUE_SORTS: dict[str, str] = {
    "waiting": "Longest waiting first",
    "-waiting": "Shortest waiting first",
    "release": "Soonest release first",
    "-release": "Latest release first",
}


def sort_queue(rows: list[CaseRow], sort: str) -> list[CaseRow]:
    """The queue in the order asked for (longest waiting first unless told otherwise); cases
    with no arrival or no release date last whichever way, then by prison number."""
    key = sort if sort in QUEUE_SORTS else "waiting"
    field = key.lstrip("-")
    descending = (key == "waiting") or (key == "-release")

    def value(row: CaseRow) -> int | None:
        if field == "waiting":
            return row.days_waiting
        day = row.release.date
        return day.toordinal() if day is not None else None

    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    known.sort(key=lambda r: r.prison_number)
    known.sort(key=lambda r: value(r) or 0, reverse=descending)
    return known + sorted(unknown, key=lambda r: r.prison_number)


def allocation_queue(
    user: User, prison: Prison, *, today: dt.date, pom_type: str = "", sort: str = "waiting"
) -> Queue:
    """In-scope prisoners without a POM (longest waiting first, or as `sort` says), and those
    missing information (newest arrival first).

    Queries: the engine (2) and the display rows (1), whatever the number of cases.
    """
    womens = prison.function == Prison.Function.WOMENS
    ready: list[CaseRow] = []
    missing: list[CaseRow] = []
    for row in case_rows(unallocated(user, prison), today=today, explained=WHY_EXPLAINS):
        ev = row.evaluation
        if not ev.in_omic_scope.value:
            continue
        reasons = arules.missing_information(
            in_scope=True,
            pom_type=ev.pom_type.value,
            pom_type_explanation=ev.pom_type.explanation,
            womens_estate=womens,
            complexity_of_need=row.complexity_of_need or None,
        )
        if reasons:
            row.reasons = reasons
            missing.append(row)
        else:
            ready.append(row)
    counts = Counter(r.pom_type or "" for r in ready)
    shown = [r for r in ready if not pom_type or r.pom_type == pom_type]
    return Queue(
        rows=sort_queue(shown, sort),
        counts={t: counts.get(t, 0) for t in POM_TYPE_LABELS if counts.get(t)},
        total=len(ready),
        missing=newest_arrival_first(missing),
    )


_REALLOCATION_COLUMNS = (
    "arrival_kind",
    "allocation__primary_pom_id",
    "allocation__primary_pom__first_name",
    "allocation__primary_pom__last_name",
    "allocation__primary_pom__username",
    "allocation__primary_pom__staff__status",
    "allocation__primary_pom__staff__return_date",
    "allocation__secondary_pom_id",
    "allocation__pom_allocated_at",
    "allocation__accepted_mismatch_type",
    "allocation__version",
)


def reallocation_needed(user: User, prison: Prison, *, today: dt.date) -> list[CaseRow]:
    """Cases with a POM that need attention: the POM left, is away with no cover, works
    elsewhere, the POM type no longer matches, or the prisoner transferred in since.

    Queries: staff (1), engine (2), rows with the POM and latest arrival kind (1).
    """
    staff = {s.user.pk: s for s in prison_staff(prison, today=today, with_caseloads=False)}
    qs = (
        prisoners_for_user(user)
        .filter(current_prison=prison, allocation__primary_pom__isnull=False)
        .annotate(arrival_kind=latest_arrival("kind"))
    )
    needing = []
    for row in case_rows(qs, today=today, extra=_REALLOCATION_COLUMNS):
        a = row.allocation
        name = (
            f"{a['allocation__primary_pom__first_name']} {a['allocation__primary_pom__last_name']}"
        ).strip() or a["allocation__primary_pom__username"]
        reasons = _reallocation_reasons(row, name, staff.get(a["allocation__primary_pom_id"]))
        if reasons:
            row.reasons = reasons
            row.allocation["pom_name"] = name
            needing.append(row)
    return newest_arrival_first(needing)


def _reallocation_reasons(row: CaseRow, name: str, here: StaffRow | None) -> tuple[str, ...]:
    """Why this case's POM (`here`: their row at the prison, if they work there) needs
    changing; empty when it does not."""
    a = row.allocation
    allocated_at = a["allocation__pom_allocated_at"]
    return arules.reallocation_reasons(
        pom_name=name,
        pom_works_here=here is not None and here.is_pom,
        pom_status=a["allocation__primary_pom__staff__status"] or "active",
        pom_return_date=a["allocation__primary_pom__staff__return_date"],
        pom_type=here.pom_type if here else None,
        required_type=row.pom_type if row.evaluation.in_omic_scope.value else None,
        accepted_mismatch_type=a["allocation__accepted_mismatch_type"],
        has_coworker=bool(a["allocation__secondary_pom_id"]),
        transferred_in_on=row.arrival_day if a["arrival_kind"] == Movement.Kind.TRANSFER else None,
        allocated_on=timezone.localdate(allocated_at) if allocated_at else None,
    )


def com_needed(user: User, prison: Prison, *, today: dt.date) -> list[CaseRow]:
    """In-scope cases past their COM allocation date (or COM responsible) with no COM.

    Queries: engine (2), rows (1).
    """
    qs = (
        prisoners_for_user(user)
        .filter(current_prison=prison, legal_status__in=IN_SCOPE_STATUSES)
        .filter(
            Q(allocation__isnull=True) | Q(allocation__com__isnull=True, allocation__com_name="")
        )
    )
    rows = []
    for row in case_rows(qs, today=today):
        ev = row.evaluation
        reason = arules.com_missing_reason(
            has_com=False,
            in_scope=ev.in_omic_scope.value,
            responsible=ev.responsibility.responsible,
            supporting=ev.responsibility.supporting,
            com_allocation_date=ev.handover.com_allocation_date,
            com_allocation_overdue_from=ev.handover.com_allocation_overdue_from,
            today=today,
        )
        if reason:
            row.reasons = (reason,)
            rows.append(row)
    far = dt.date.max
    return sorted(rows, key=lambda r: (r.handover.com_allocation_date or far, r.prison_number))


def keyworker_needed(user: User, prison: Prison, *, today: dt.date) -> tuple[list[CaseRow], int]:
    """Prisoners without a keyworker who need one (the engine's keyworker deadline applies),
    soonest due first, and how many women get extra POM time instead. Queries: engine (2),
    rows (1), previous keyworkers (1)."""
    qs = (
        prisoners_for_user(user)
        .filter(current_prison=prison)
        .filter(Q(allocation__isnull=True) | Q(allocation__keyworker__isnull=True))
    )
    rows = []
    instead = 0
    for row in case_rows(qs, today=today, extra=("allocation__version",)):
        deadline = row.evaluation.deadlines.keyworker_allocation
        if not deadline.applies:
            instead += 1
            continue
        row.reasons = (deadline.explanation,)
        row.allocation["due"] = deadline.due
        rows.append(row)
    previous = previous_holders([r.id for r in rows], field="keyworker_id")
    for row in rows:
        row.allocation["previous"] = previous.get(row.id, ())
    far = dt.date.max
    rows.sort(key=lambda r: (r.allocation["due"] or far, r.prison_number))
    return rows, instead


def suggest_keyworkers(
    rows: Sequence[CaseRow], staff: Sequence[StaffRow], *, data: Any = None
) -> None:
    """Set each row's suggested keyworker (previous first, then lowest load, spread evenly)
    as `allocation["chosen"]`, unless the form posted another; and whether it is ticked."""
    receivers = [
        arules.Receiver(
            user_id=s.user.pk,
            kind="keyworker",
            load=s.keyworker_prisoners,
            capacity=s.keyworker_capacity.value if s.keyworker_capacity else 1,
            available=s.member.status == StaffMember.Status.ACTIVE,
        )
        for s in staff
    ]
    placed = arules.spread_cases(
        [
            arules.CaseToPlace(r.id, "keyworker", previous=r.allocation.get("previous", ()))
            for r in rows
        ],
        receivers,
    )
    ticked = set(data.getlist("prisoner")) if data is not None else set()
    for r in rows:
        posted = data.get(f"keyworker_{r.id}", "") if data is not None else ""
        r.allocation["chosen"] = int(posted) if posted.isdigit() else placed.get(r.id)
        r.allocation["checked"] = str(r.id) in ticked
