"""One case in an allocation list: its display columns and the engine's stored answer for it,
read for a whole list in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from allocation import rules as arules
from cases import rules
from cases.models import Movement, Prisoner
from cases.selectors import POM_TYPE_LABELS, stored_evaluations_of

# Only these legal statuses can be in OMiC scope (docs/rules.md#scope); the engine still
# decides, but filtering in SQL first keeps the queues' work proportional to their size.
IN_SCOPE_STATUSES = (
    Prisoner.LegalStatus.SENTENCED,
    Prisoner.LegalStatus.RECALLED,
    Prisoner.LegalStatus.IMMIGRATION_DETAINEE,
)
ARRIVALS = [Movement.Kind.ADMISSION, Movement.Kind.TRANSFER]
# What the Why beside a case in a list explains (templates/allocation/includes/why.html): the
# lists that show it read these explanations of their cases, not all of them.
WHY_EXPLAINS = ("pom_type", "erd", "handover")


@dataclass
class CaseRow:
    """One case in a list: display columns and the engine's answer for it."""

    id: int
    prison_number: str
    first_name: str
    last_name: str
    tier: str
    rosh: str
    complexity_of_need: str
    legal_status: str
    arrival: dt.datetime | None
    evaluation: rules.Evaluation
    today: dt.date
    reasons: tuple[str, ...] = ()
    allocation: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def pom_type(self) -> str | None:
        return self.evaluation.pom_type.value

    @property
    def pom_type_label(self) -> str:
        return POM_TYPE_LABELS.get(self.pom_type or "", "No recommendation")

    @property
    def rosh_label(self) -> str:
        return Prisoner.Rosh(self.rosh).label if self.rosh else ""

    @property
    def arrival_day(self) -> dt.date | None:
        return timezone.localdate(self.arrival) if self.arrival else None

    @property
    def days_waiting(self) -> int | None:
        return arules.days_waiting(self.arrival_day, self.today)

    @property
    def release(self) -> rules.ReleaseDate:
        return self.evaluation.earliest_release_date

    @property
    def handover(self) -> rules.Handover:
        return self.evaluation.handover


_ROW_COLUMNS = (
    "id",
    "prison_number",
    "first_name",
    "last_name",
    "tier",
    "rosh",
    "complexity_of_need",
    "legal_status",
    "arrival_datetime",
)


def latest_arrival(column: str = "occurred_at") -> Subquery:
    """A column of the prisoner's latest arrival (admission or transfer) at their prison."""
    return Subquery(
        Movement.objects.filter(
            prisoner=OuterRef("pk"), kind__in=ARRIVALS, to_prison=OuterRef("current_prison")
        )
        .order_by("-occurred_at")
        .values(column)[:1]
    )


def case_rows(
    qs: QuerySet[Prisoner],
    *,
    today: dt.date,
    extra: Sequence[str] = (),
    explained: bool | Collection[str] = True,
) -> list[CaseRow]:
    """Display rows and the stored answers for every prisoner in `qs`: the rows (one query),
    then the stored state of just their ids, so the list's filters run once. `extra` columns
    go in each row's `allocation`; `explained` says which explanations the list shows (see
    `cases.selectors.stored_evaluations`)."""
    values = list(
        qs.annotate(arrival_datetime=latest_arrival()).values(
            *_ROW_COLUMNS, "current_prison_id", *extra
        )
    )
    evaluations = stored_evaluations_of(
        {v["id"]: v["current_prison_id"] for v in values}, today=today, explained=explained
    )
    return [
        CaseRow(
            id=v["id"],
            prison_number=v["prison_number"],
            first_name=v["first_name"],
            last_name=v["last_name"],
            tier=v["tier"],
            rosh=v["rosh"],
            complexity_of_need=v["complexity_of_need"],
            legal_status=v["legal_status"],
            arrival=v["arrival_datetime"],
            evaluation=evaluations[v["id"]],
            today=today,
            allocation={k: v[k] for k in extra},
        )
        for v in values
    ]


def newest_arrival_first(rows: list[CaseRow]) -> list[CaseRow]:
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda r: (r.arrival or epoch, r.prison_number), reverse=True)
