"""The demo plan: plain data describing every row `seed_demo` writes (no database, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cases.models import StaffMember
from demo.seed.prisons import PrisonSpec


@dataclass
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    grade: str
    roles: list[tuple[str, str]]  # (prison code, role)
    working_hours: float = 37.5
    is_new_pom: bool = False
    status: str = StaffMember.Status.ACTIVE
    return_date: dt.date | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@demo.example.gov.uk"

    @property
    def capacity(self) -> float:
        """Cases before this POM is full (docs/rules.md#pom-type, national defaults)."""
        if self.is_new_pom:
            return 8.0
        return 42.0 * self.working_hours / 37.5


@dataclass
class MovementSpec:
    kind: str
    occurred_at: dt.datetime
    from_prison: str | None = None
    to_prison: str | None = None
    reason: str = ""


@dataclass
class AllocationSpec:
    primary_pom: str | None = None
    secondary_pom: str | None = None
    keyworker: str | None = None
    com: str | None = None
    com_name: str = ""
    com_email: str = ""
    com_team: str = ""
    com_pdu: str = ""
    com_allocated_on: dt.date | None = None
    pom_allocated_at: dt.datetime | None = None
    reason: str = ""


@dataclass
class PrisonerSpec:
    stage: str
    prison_number: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    legal_status: str
    prison: str | None
    home_prison: str  # where they are (or were, if released) held
    arrival: dt.datetime
    location: str = ""
    tier: str = ""
    rosh: str = ""
    mappa_level: int | None = None
    complexity_of_need: str = ""
    crn: str = ""
    case_allocation: str = ""
    early_allocation: bool = False
    open_conditions_since: dt.date | None = None
    sentence: dict[str, object] | None = None
    movements: list[MovementSpec] = field(default_factory=list)
    allocation: AllocationSpec | None = None
    # What the allocation step needs to know (not stored on the prisoner).
    pom_type: str | None = None  # "prison", "probation", "third_sector", "senior_third_sector"
    needs_com: bool = False
    queue: bool = False  # left unallocated on purpose: the allocation queue


@dataclass
class DemoPlan:
    seed: int
    today: dt.date
    prisons: list[PrisonSpec]
    staff: list[StaffSpec]
    prisoners: list[PrisonerSpec]
