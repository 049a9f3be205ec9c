"""What the handover pages and lists say about one case on one day: its `Assessment`, with one
`ItemView` per checklist item that applies, and the current sentence it is read from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet

from cases import rules as omic
from cases import selectors as case_selectors
from cases.models import Allocation, Prisoner, Sentence
from cases.selectors import allocation_of
from cases.text import display_name
from handover import rules
from handover.models import ChecklistItem

KEY_DATES: tuple[str, ...] = Sentence.KEY_DATES


# The columns `with_current_sentence` annotates, by name: `CURRENT_SENTENCE` reads them with
# `values()`.
_SENTENCE_COLUMNS = {
    "sentence_pk": F("hs__id"),
    "sentence_start": F("hs__sentence_start_date"),
    "sentence_indeterminate": F("hs__indeterminate"),
    **{f"kd_{name}": F(f"hs__{name}") for name in KEY_DATES},
}
CURRENT_SENTENCE = tuple(_SENTENCE_COLUMNS)


def with_current_sentence(qs: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """The cases with their current sentence's columns annotated (read them with
    `CurrentSentence.of`)."""
    return qs.annotate(
        hs=FilteredRelation("sentences", condition=Q(sentences__is_current=True))
    ).annotate(**_SENTENCE_COLUMNS)


@dataclass(frozen=True)
class CurrentSentence:
    """The current sentence's columns, as `with_current_sentence` annotates them on a case
    (all None, and not indeterminate, for a case without one)."""

    pk: int | None
    start: dt.date | None
    indeterminate: bool
    key_dates: dict[str, dt.date | None]

    @classmethod
    def of(cls, prisoner: Prisoner) -> CurrentSentence:
        return cls.from_columns(vars(prisoner))  # annotations are plain instance attributes

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any]) -> CurrentSentence:
        """From the columns `with_current_sentence` annotates, read as a row (`CURRENT_SENTENCE`
        with `values()`) or as a case's attributes."""
        return cls(
            pk=columns["sentence_pk"],
            start=columns["sentence_start"],
            indeterminate=bool(columns["sentence_indeterminate"]),
            key_dates={name: columns[f"kd_{name}"] for name in KEY_DATES},
        )


@dataclass(frozen=True, init=False)
class ItemView:
    """One checklist item of one case, as it stands today.

    A prison's handover list builds one for every item of every case (20,000 at a large
    prison), so, as `cases.rules.results` does for its hot classes, the `__init__` is written by
    hand and fills the instance's `__dict__` directly (a frozen dataclass's own assigns each
    field through `object.__setattr__`). Keep it in step with the fields."""

    definition: rules.ItemDefinition
    status: str  # to_do, done, not_needed
    owner: str
    due: omic.Explained[dt.date | None]
    progress: str  # rules.Progress
    evidence: str = ""
    not_needed_reason: str = ""
    completed_on: dt.date | None = None
    note: str = ""  # how an automatic item was worked out
    mappa_level: int | None = None
    mappa_category: int | None = None
    review_date: dt.date | None = None
    version: int = 0  # the stored item's (`cases.versions`); 0 until first recorded

    def __init__(
        self,
        definition: rules.ItemDefinition,
        status: str,
        owner: str,
        due: omic.Explained[dt.date | None],
        progress: str,
        evidence: str = "",
        not_needed_reason: str = "",
        completed_on: dt.date | None = None,
        note: str = "",
        mappa_level: int | None = None,
        mappa_category: int | None = None,
        review_date: dt.date | None = None,
        version: int = 0,
    ) -> None:
        d = self.__dict__
        d["definition"] = definition
        d["status"] = status
        d["owner"] = owner
        d["due"] = due
        d["progress"] = progress
        d["evidence"] = evidence
        d["not_needed_reason"] = not_needed_reason
        d["completed_on"] = completed_on
        d["note"] = note
        d["mappa_level"] = mappa_level
        d["mappa_category"] = mappa_category
        d["review_date"] = review_date
        d["version"] = version

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return self.definition.label

    @property
    def owner_label(self) -> str:
        return rules.OWNER_LABELS[self.owner]

    @property
    def status_label(self) -> str:
        return dict(ChecklistItem.Status.choices)[self.status]


@dataclass
class Assessment:
    """Everything the handover pages and lists say about one case on one day."""

    prisoner: Prisoner
    evaluation: omic.Evaluation
    key_dates: dict[str, dt.date | None]
    sentence_id: int | None
    indeterminate: bool
    state: omic.Explained[rules.State]
    release: rules.ReleaseAnchor
    com_allocated: bool
    override_reason: str | None
    items: list[ItemView] = field(default_factory=list)
    com_contacts: int = 0
    meeting_held: bool = False
    parole_due: tuple[dt.date, str] | None = None
    sentence_start: dt.date | None = None

    @property
    def contacts_text(self) -> str:
        target = rules.DEFAULT_CHECKLIST_POLICY.com_contacts_target
        if self.com_contacts >= target:
            return f"{self.com_contacts} (target of {target} met)"
        return f"{self.com_contacts} of {target}"

    @property
    def com_name(self) -> str:
        """The COM's name as recorded, or their user's name; "" with no COM."""
        allocation = self.allocation
        if not self.com_allocated or allocation is None:
            return ""
        return com_name_of(allocation)

    @property
    def allocation(self) -> Allocation | None:
        return allocation_of(self.prisoner)

    @property
    def state_label(self) -> str:
        return rules.STATE_LABELS[self.state.value]

    @property
    def handover(self) -> omic.Handover:
        return self.evaluation.handover

    @property
    def responsibility_label(self) -> str:
        return case_selectors.RESPONSIBILITY_LABELS[self.evaluation.responsibility.state]

    @property
    def overdue_items(self) -> list[ItemView]:
        return [item for item in self.items if item.progress == "overdue"]

    @property
    def missing_public_protection(self) -> list[ItemView]:
        open_codes = {item.code for item in self.items if item.status == "to_do"}
        codes = rules.missing_public_protection(
            open_codes=open_codes, release=self.release.date, today=self.evaluation.as_of
        )
        return [item for item in self.items if item.code in codes]


def com_is_allocated(allocation: Allocation | None) -> bool:
    return allocation is not None and com_named(allocation.com_id, allocation.com_name)


def com_named(com_id: int | None, com_name: str) -> bool:
    """A COM is allocated when one is chosen from the users or named by hand."""
    return bool(com_id or com_name.strip())


def com_name_of(allocation: Allocation) -> str:
    """The COM's name as recorded by hand, else their user's name ("" with neither)."""
    return allocation.com_name or display_name(allocation.com)
