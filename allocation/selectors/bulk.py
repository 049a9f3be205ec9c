"""Moving many of a POM's cases at once: the plan (a suggested receiver for each case), then the
preview of what the chosen moves would do to each receiver's load."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from allocation import rules as arules
from allocation.models import AllocationEvent
from allocation.moves import PlannedMove
from allocation.selectors.history import previous_holders
from allocation.selectors.rows import CaseRow, case_rows
from allocation.selectors.staff import StaffRow, prison_staff
from cases.models import Prison, Prisoner, StaffMember


@dataclass
class MoveRow:
    case: CaseRow
    role: str  # primary or secondary
    version: int
    suggested: int | None
    chosen: int | None
    checked: bool
    load: float

    @property
    def role_label(self) -> str:
        return "POM" if self.role == AllocationEvent.Role.PRIMARY else "Co-working POM"


@dataclass
class BulkMovePlan:
    from_pom: Any
    rows: list[MoveRow]
    receivers: list[StaffRow]

    def receiver(self, user_id: int | None) -> StaffRow | None:
        return next((s for s in self.receivers if s.user.pk == user_id), None)


@dataclass
class PreviewLine:
    row: MoveRow
    to: StaffRow
    warnings: tuple[arules.AllocationWarning, ...]


@dataclass
class ReceiverAfter:
    staff: StaffRow
    before: float
    after: float
    status_after: str
    moving: int


@dataclass
class BulkPreview:
    moves: list[PlannedMove]
    lines: list[PreviewLine]
    after: list[ReceiverAfter]
    errors: list[str]

    @property
    def warned(self) -> bool:
        return any(line.warnings for line in self.lines)

    @property
    def ok(self) -> bool:
        return not self.errors


def bulk_move_plan(
    prison: Prison, from_pom: Any, *, today: dt.date, data: Any = None
) -> BulkMovePlan:
    """A POM's cases at the prison with a suggested receiver each (continuity, then the
    lowest load after taking it, spread evenly). Queries: staff (6), engine (2), rows (1),
    history (1)."""
    staff = [s for s in prison_staff(prison, today=today) if s.is_pom]
    receivers = [s for s in staff if s.user.pk != from_pom.pk and s.member.status != "inactive"]
    qs = Prisoner.objects.filter(current_prison=prison).filter(
        Q(allocation__primary_pom=from_pom) | Q(allocation__secondary_pom=from_pom)
    )
    extra = ("allocation__version", "allocation__primary_pom_id", "allocation__secondary_pom_id")
    rows = sorted(
        case_rows(qs, today=today, extra=extra), key=lambda r: (r.last_name, r.first_name)
    )
    placed = _place(prison, from_pom, rows, receivers)
    return BulkMovePlan(from_pom=from_pom, rows=_move_rows(rows, placed, data), receivers=receivers)


def _place(
    prison: Prison, from_pom: Any, rows: list[CaseRow], receivers: list[StaffRow]
) -> dict[int, int | None]:
    """A suggested receiver for each case; notes each row's role and load on the way."""
    previous = previous_holders([r.id for r in rows], field="primary_pom_id")
    womens = prison.function == Prison.Function.WOMENS
    places = []
    for r in rows:
        primary = r.allocation["allocation__primary_pom_id"] == from_pom.pk
        other = r.allocation[
            "allocation__secondary_pom_id" if primary else "allocation__primary_pom_id"
        ]
        r.allocation["role"] = (
            AllocationEvent.Role.PRIMARY if primary else AllocationEvent.Role.SECONDARY
        )
        r.allocation["load"] = arules.case_load(
            coworking=not primary,
            womens_high_complexity=womens and r.complexity_of_need == Prisoner.Complexity.HIGH,
        )
        in_scope = r.evaluation.in_omic_scope.value
        places.append(
            arules.CaseToPlace(
                r.id,
                r.pom_type if in_scope else None,
                load=r.allocation["load"],
                previous=tuple(p for p in previous.get(r.id, ()) if p != from_pom.pk),
                avoid=(other,) if other else (),
            )
        )
    return arules.spread_cases(
        places,
        [
            arules.Receiver(
                s.user.pk,
                s.pom_type,
                s.load,
                s.capacity.value if s.capacity else 1,
                s.member.status == StaffMember.Status.ACTIVE,
            )
            for s in receivers
        ],
        exclude=from_pom.pk,
    )


def _move_rows(rows: list[CaseRow], placed: dict[int, int | None], data: Any) -> list[MoveRow]:
    """Each case's move, with what the form posted (receiver, version, ticked) if it did."""
    ticked = set(data.getlist("case")) if data is not None else None
    move_rows = []
    for r in rows:
        posted = data.get(f"to_{r.id}", "") if data is not None else ""
        # The version the admin first saw travels with the form (preview, then confirm).
        seen = data.get(f"version_{r.id}", "") if data is not None else ""
        move_rows.append(
            MoveRow(
                case=r,
                role=r.allocation["role"],
                version=int(seen) if seen.isdigit() else r.allocation["allocation__version"] or 0,
                suggested=placed.get(r.id),
                chosen=int(posted) if posted.isdigit() else placed.get(r.id),
                checked=True if ticked is None else str(r.id) in ticked,
                load=r.allocation["load"],
            )
        )
    return move_rows


def bulk_move_preview(plan: BulkMovePlan, data: Any) -> BulkPreview:
    """What the chosen moves would do: each case's warnings and each receiver's load after."""
    errors: list[str] = []
    lines: list[PreviewLine] = []
    loads = {s.user.pk: s.load for s in plan.receivers}
    moving: Counter[int] = Counter()
    chosen = [r for r in plan.rows if r.checked]
    if not chosen:
        errors.append("Select at least one case to move.")
    for row in chosen:
        to = plan.receiver(row.chosen)
        if to is None:
            errors.append(f"Choose who takes {row.case.first_name} {row.case.last_name}.")
            continue
        loads[to.user.pk] += row.load
        moving[to.user.pk] += 1
        in_scope = row.case.evaluation.in_omic_scope.value
        warnings = arules.allocation_warnings(
            required_type=row.case.pom_type if in_scope else None,
            candidate_type=to.pom_type,
            candidate_name=to.name,
            status=to.member.status,
            return_date=to.member.return_date,
            load_after=loads[to.user.pk],
            capacity=to.capacity.value if to.capacity else 0,
        )
        lines.append(PreviewLine(row, to, warnings))
    return BulkPreview(
        moves=[
            PlannedMove(line.row.case.id, line.to.user.pk, line.row.version, line.row.role)
            for line in lines
        ],
        lines=lines,
        after=_receivers_after(plan.receivers, loads, moving),
        errors=errors,
    )


def _receivers_after(
    receivers: Sequence[StaffRow], loads: dict[int, float], moving: Counter[int]
) -> list[ReceiverAfter]:
    return [
        ReceiverAfter(
            s,
            s.load,
            loads[s.user.pk],
            arules.load_status(loads[s.user.pk], s.capacity.value if s.capacity else 0),
            moving[s.user.pk],
        )
        for s in receivers
        if moving[s.user.pk]
    ]
