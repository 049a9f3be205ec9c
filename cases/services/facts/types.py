"""The facts the data-in services take: a person's details and a sentence's dates, as plain
values (from a form, a roll file or a national feed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cases.models import Prisoner, Sentence

DETAIL_FIELDS = ("first_name", "last_name", "date_of_birth", "location", "category")
SENTENCE_FIELDS = ("sentence_start_date", "indeterminate", "booking_id", *Sentence.KEY_DATES)


@dataclass(frozen=True)
class PersonalDetails:
    """Who the prisoner is and where they are held. A field left as None is not changed."""

    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: dt.date | None = None
    location: str | None = None
    category: str | None = None

    def values(self) -> dict[str, Any]:
        return {
            name: getattr(self, name) for name in DETAIL_FIELDS if getattr(self, name) is not None
        }


@dataclass(frozen=True)
class SentenceFacts:
    """A sentence as the record gives it. `dates` holds the key dates the record speaks of: a
    date given as None is cleared, a key date left out is not touched. `indeterminate` None is
    not touched either (a new sentence is determinate). A new booking is a new custodial
    episode, so a new sentence."""

    sentence_start_date: dt.date
    indeterminate: bool | None = None
    dates: Mapping[str, dt.date | None] = field(default_factory=dict)
    booking_id: str = ""
    further_indeterminate: bool | None = None  # a later indeterminate sentence still to serve
    description: str | None = None  # the offence, as the record words it

    def __post_init__(self) -> None:
        unknown = set(self.dates) - set(Sentence.KEY_DATES)
        if unknown:
            raise ValueError(f"not key dates: {sorted(unknown)}")

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {"sentence_start_date": self.sentence_start_date}
        if self.indeterminate is not None:
            found["indeterminate"] = self.indeterminate
        found.update(self.dates)
        if self.booking_id:
            found["booking_id"] = self.booking_id
        if self.further_indeterminate is not None:
            found["further_indeterminate_sentence"] = self.further_indeterminate
        if self.description is not None:
            found["description"] = self.description
        return found


@dataclass(frozen=True)
class Arrival:
    """One prisoner arriving at a prison: new to us, back on a new booking, or from another of
    our prisons."""

    prison_number: str
    details: PersonalDetails
    legal_status: str
    sentence: SentenceFacts | None
    arrived_at: dt.datetime
    # What probation already records, when known on arrival: crn, tier, rosh, mappa_level.
    probation: Mapping[str, Any] = field(default_factory=dict)
    reason: str = ""  # why they came (a new sentence, a recall...); else the source's reason


Change = tuple[Any, Any]  # (old, new)


def detail_changes(prisoner: Prisoner, details: PersonalDetails) -> dict[str, Change]:
    """The personal details that differ, field by field."""
    return {
        name: (getattr(prisoner, name), value)
        for name, value in details.values().items()
        if getattr(prisoner, name) != value
    }


def is_new_booking(current: Sentence | None, facts: SentenceFacts) -> bool:
    """The facts are of another booking than the current sentence's: a new custodial episode."""
    return (
        current is not None
        and bool(facts.booking_id and current.booking_id)
        and facts.booking_id != current.booking_id
    )


def sentence_changes(current: Sentence | None, facts: SentenceFacts) -> dict[str, Change]:
    """The sentence fields that differ from the current sentence. With no current sentence, or
    a new booking (a new sentence), every field the facts set."""
    if current is None or is_new_booking(current, facts):
        return {name: (None, value) for name, value in facts.values().items() if value}
    return {
        name: (getattr(current, name), value)
        for name, value in facts.values().items()
        if getattr(current, name) != value
    }
