"""What a roll would change, before anything is written: prisoners new to the prison, changed
ones field by field, unchanged ones, and (for a whole roll) who is leaving; and every error,
with its row, column and a plain message. Set-based: a few queries whatever the roll's size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from cases.models import Prison, Prisoner, Sentence
from cases.roll.reader import RollFile
from cases.roll.record import COLUMN_OF, RollRecord, RowError, read_record
from cases.services.facts.types import detail_changes, sentence_changes

CHUNK = 2000


@dataclass(frozen=True)
class FieldChange:
    column: str  # the roll's column name
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    record: RollRecord
    prisoner_id: int
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Leaver:
    prisoner_id: int
    prison_number: str
    name: str


@dataclass
class RollPlan:
    prison: Prison
    rows: int
    full_roll: bool
    new: list[RollRecord] = field(default_factory=list)  # not known to the service
    returning: list[tuple[RollRecord, int]] = field(default_factory=list)  # back in custody
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    leaving: list[Leaver] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "new": len(self.new) + len(self.returning),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "leaving": len(self.leaving),
        }


def plan_roll(prison: Prison, roll: RollFile, *, full_roll: bool, today: dt.date) -> RollPlan:
    plan = RollPlan(prison=prison, rows=len(roll.rows), full_roll=full_roll)
    records = _records(roll, plan, today=today)
    known = _known(list(records))
    current = _current_sentences([p.pk for p in known.values()])
    for number, record in records.items():
        prisoner = known.get(number)
        if prisoner is None:
            plan.new.append(record)
        elif prisoner.current_prison_id is None:
            plan.returning.append((record, prisoner.pk))
        elif prisoner.current_prison_id != prison.pk:
            where = prisoner.current_prison.name if prisoner.current_prison else "another prison"
            plan.errors.append(
                RowError(
                    record.row,
                    "prisonerNumber",
                    f"{number} is held at {where}. Record the transfer before importing.",
                )
            )
        else:
            changes = _changes(prisoner, current.get(prisoner.pk), record)
            if changes:
                plan.changed.append(RowChange(record, prisoner.pk, changes))
            else:
                plan.unchanged += 1
    if full_roll:
        plan.leaving = list(_leavers(prison, set(records) | _numbers_with_errors(roll)))
    plan.errors.sort(key=lambda e: (e.row, e.column))
    return plan


def _records(roll: RollFile, plan: RollPlan, *, today: dt.date) -> dict[str, RollRecord]:
    """Each row's record, by prison number; a number twice is an error on its later rows."""
    records: dict[str, RollRecord] = {}
    for row, cells in enumerate(roll.rows, start=1):
        record, errors = read_record(row, cells, today=today)
        plan.errors.extend(errors)
        if record is None:
            continue
        first = records.get(record.prison_number)
        if first is not None:
            plan.errors.append(
                RowError(
                    row,
                    "prisonerNumber",
                    f"{record.prison_number} is in the file twice (rows {first.row} and {row}).",
                )
            )
            continue
        records[record.prison_number] = record
    return records


def _numbers_with_errors(roll: RollFile) -> set[str]:
    """Numbers on rows that could not be read: they are in the file, so not leaving."""
    return {str(cells.get("prisonerNumber", "")).strip().upper() for cells in roll.rows}


def _chunks(items: list[str] | list[int]) -> Iterator[list[str] | list[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _known(numbers: list[str]) -> dict[str, Prisoner]:
    found: dict[str, Prisoner] = {}
    for chunk in _chunks(numbers):
        for prisoner in Prisoner.objects.filter(prison_number__in=chunk).select_related(
            "current_prison"
        ):
            found[prisoner.prison_number] = prisoner
    return found


def _current_sentences(ids: list[int]) -> dict[int, Sentence]:
    found: dict[int, Sentence] = {}
    for chunk in _chunks(ids):
        for sentence in Sentence.objects.filter(prisoner_id__in=chunk, is_current=True):
            found[sentence.prisoner_id] = sentence
    return found


def _changes(
    prisoner: Prisoner, current: Sentence | None, record: RollRecord
) -> tuple[FieldChange, ...]:
    changes = dict(detail_changes(prisoner, record.details))
    if record.legal_status != prisoner.legal_status:
        changes["legal_status"] = (prisoner.legal_status, record.legal_status)
    if record.sentence is not None:
        changes.update(sentence_changes(current, record.sentence))
    return tuple(
        FieldChange(COLUMN_OF.get(name, name), _shown(old), _shown(new))
        for name, (old, new) in changes.items()
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _leavers(prison: Prison, in_file: set[str]) -> Iterator[Leaver]:
    held = Prisoner.objects.filter(current_prison=prison).values_list(
        "pk", "prison_number", "first_name", "last_name"
    )
    for pk, number, first, last in held.order_by("last_name", "first_name"):
        if number not in in_file:
            yield Leaver(pk, number, f"{first} {last}")
