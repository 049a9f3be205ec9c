"""Result types: every value the rules produce travels with the sentence that explains it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
Day = date  # `date` is also a field name below; annotations inside those classes use `Day`

ReleaseKind = Literal["CRD", "ARD", "PED", "TED", "THD", "confirmed", "post_recall"]
DisplayKind = Literal[
    "confirmed", "post_recall", "APD", "HDCAD", "CRD", "ARD", "PED", "HDCED", "TED"
]
CaseType = Literal["custody", "community"]
PomType = Literal["probation", "prison", "third_sector", "senior_third_sector"]
State = Literal["pom_responsible", "com_supporting", "com_responsible"]
Party = Literal["pom", "com"]
HandoverReason = Literal[
    "early_allocation",
    "indeterminate",
    "indeterminate_open",
    "determinate_parole",
    "determinate",
    "legacy_parole",
    "legacy_nps",
    "legacy_crc",
    "single_point",
    "community_case",
    "recall_case",
    "immigration_case",
    "release_date_unknown",
    "additional_isp",
    "recall_thd_over_12_months",
    "parole_mappa_2_3",
    "thd_over_12_months",
]
Status = Literal["done", "done_late", "overdue", "due_soon", "not_due"]


# Performance note: ``evaluate`` builds about 17 of these per case and the 50,000 cases/s target
# leaves ~20 µs for everything. A frozen dataclass's generated ``__init__`` assigns each field
# through ``object.__setattr__`` (~0.1 µs a field), so the hot classes below are still frozen
# dataclasses (eq, repr, hash, no assignment) but write their ``__dict__`` directly in a
# hand-written ``__init__``. Keep each ``__init__`` in step with its fields; the tests check
# every field round-trips.


@dataclass(frozen=True, init=False)
class Explained(Generic[T]):
    """A value (``None`` when it cannot be worked out) and the sentence that explains it."""

    value: T
    explanation: str

    def __init__(self, value: T, explanation: str) -> None:
        d = self.__dict__
        d["value"] = value
        d["explanation"] = explanation


@dataclass(frozen=True, init=False)
class ReleaseDate:
    """A release date and which key date it came from; ``date`` and ``kind`` are None if unknown."""

    date: date | None
    kind: str | None
    explanation: str

    def __init__(self, date: Day | None, kind: str | None, explanation: str) -> None:
        d = self.__dict__
        d["date"] = date
        d["kind"] = kind
        d["explanation"] = explanation


@dataclass(frozen=True, init=False)
class Handover:
    """Handover dates under the prison's rule; dates are None when the case has none.

    ``upcoming_from`` is when the case joins the "upcoming handovers" list and
    ``com_allocation_overdue_from`` when a missing COM makes it "COM allocation overdue".
    """

    com_allocation_date: date | None
    handover_date: date | None
    reason: HandoverReason
    explanation: str
    upcoming_from: date | None = None
    com_allocation_overdue_from: date | None = None

    def __init__(
        self,
        com_allocation_date: date | None,
        handover_date: date | None,
        reason: HandoverReason,
        explanation: str,
        upcoming_from: date | None = None,
        com_allocation_overdue_from: date | None = None,
    ) -> None:
        d = self.__dict__
        d["com_allocation_date"] = com_allocation_date
        d["handover_date"] = handover_date
        d["reason"] = reason
        d["explanation"] = explanation
        d["upcoming_from"] = upcoming_from
        d["com_allocation_overdue_from"] = com_allocation_overdue_from


@dataclass(frozen=True, init=False)
class Responsibility:
    """Who is responsible on the day and who supports (``supporting`` None: no COM yet)."""

    state: State
    responsible: Party
    supporting: Party | None
    explanation: str

    def __init__(
        self, state: State, responsible: Party, supporting: Party | None, explanation: str
    ) -> None:
        d = self.__dict__
        d["state"] = state
        d["responsible"] = responsible
        d["supporting"] = supporting
        d["explanation"] = explanation


@dataclass(frozen=True, init=False)
class Deadline:
    """A task's due moment: a date, or an aware datetime for the BCS.

    ``applies`` False means the task does not apply to this case (serialised as ``null``);
    ``due`` None with ``applies`` True means it applies but an input is missing.
    """

    due: date | datetime | None
    explanation: str
    applies: bool = True

    def __init__(self, due: date | datetime | None, explanation: str, applies: bool = True) -> None:
        d = self.__dict__
        d["due"] = due
        d["explanation"] = explanation
        d["applies"] = applies


@dataclass(frozen=True, init=False)
class Deadlines:
    bcs: Deadline
    sentence_calculation: Deadline
    transfer: Deadline
    keyworker_allocation: Deadline
    categorisation: Deadline
    recategorisation: Deadline
    oasys: Deadline
    oasys_review: Deadline

    def __init__(
        self,
        bcs: Deadline,
        sentence_calculation: Deadline,
        transfer: Deadline,
        keyworker_allocation: Deadline,
        categorisation: Deadline,
        recategorisation: Deadline,
        oasys: Deadline,
        oasys_review: Deadline,
    ) -> None:
        d = self.__dict__
        d["bcs"] = bcs
        d["sentence_calculation"] = sentence_calculation
        d["transfer"] = transfer
        d["keyworker_allocation"] = keyworker_allocation
        d["categorisation"] = categorisation
        d["recategorisation"] = recategorisation
        d["oasys"] = oasys
        d["oasys_review"] = oasys_review

    @classmethod
    def when_read(cls, compute: Callable[[], Deadlines]) -> Deadlines:
        """Deadlines that `compute` works out on the first read of any of them.

        Most pages that evaluate a whole prison (lists, caseloads, the dashboard) never read a
        deadline, and the eight deadlines are over half of an evaluation's cost. Reading one
        fills them all in; equality, `repr` and `dataclasses.replace` read them like any other.
        """
        deadlines = object.__new__(cls)
        deadlines.__dict__["_compute"] = compute
        return deadlines

    def __getattr__(self, name: str) -> Deadline:
        # Only reached for a field not yet filled in, that is, on a `when_read` instance (or
        # for a name no instance has, such as the hooks `copy` and `pickle` look for).
        compute = None if name.startswith("__") else self.__dict__.pop("_compute", None)
        if compute is None:
            raise AttributeError(name)
        self.__dict__.update(compute().__dict__)
        return getattr(self, name)


@dataclass(frozen=True, init=False)
class Evaluation:
    """Everything the rules say about one case on ``as_of``."""

    as_of: date
    in_omic_scope: Explained[bool]
    case_type: Explained[CaseType | None]
    earliest_release_date: ReleaseDate
    display_release_date: ReleaseDate
    pom_type: Explained[PomType | None]
    responsibility: Responsibility
    handover: Handover
    deadlines: Deadlines
    # Months between POM contacts (docs/rules.md#deadlines); None when ROSH is unknown or there is no POM.
    pom_contact_months: Explained[int | None]

    def __init__(
        self,
        as_of: date,
        in_omic_scope: Explained[bool],
        case_type: Explained[CaseType | None],
        earliest_release_date: ReleaseDate,
        display_release_date: ReleaseDate,
        pom_type: Explained[PomType | None],
        responsibility: Responsibility,
        handover: Handover,
        deadlines: Deadlines,
        pom_contact_months: Explained[int | None],
    ) -> None:
        d = self.__dict__
        d["as_of"] = as_of
        d["in_omic_scope"] = in_omic_scope
        d["case_type"] = case_type
        d["earliest_release_date"] = earliest_release_date
        d["display_release_date"] = display_release_date
        d["pom_type"] = pom_type
        d["responsibility"] = responsibility
        d["handover"] = handover
        d["deadlines"] = deadlines
        d["pom_contact_months"] = pom_contact_months
