"""Reading a Prisoner Search document: its facts through the one mapping of `cases.roll.record`
(the same a roll file is read with), and where it says the prisoner is."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from cases.roll.record import (
    HELD_STATUSES,
    IN_TRANSIT_STATUSES,
    KNOWN_COLUMNS,
    NOT_A_PRISON,
    PLACE_COLUMNS,
    RELEASE_MOVEMENTS,
    RELEASED_STATUSES,
    RollRecord,
    read_record,
)


class Where(enum.StrEnum):
    HELD = "held"  # in the prison, or out at court or on temporary licence
    RELEASED = "released"
    IN_TRANSIT = "in_transit"  # being transferred: placed when they arrive
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Place:
    number: str  # the document's prisoner number (another than asked for after a merge)
    where: Where
    prison_code: str  # where held; "" otherwise


class DocumentError(Exception):
    """A document that cannot be applied; the message says why, in the record's words."""


def cells(doc: dict[str, Any]) -> dict[str, object]:
    """The fields of the document our facts are read from (others are ignored)."""
    return {name: doc[name] for name in KNOWN_COLUMNS if name in doc}


def number_of(doc: dict[str, Any]) -> str:
    return str(doc.get("prisonerNumber") or "").strip().upper()


def place_of(doc: dict[str, Any]) -> Place:
    """Where the document says the prisoner is."""
    field = {ours: name for name, ours in PLACE_COLUMNS.items()}
    status = str(doc.get(field["status"]) or "").strip().upper()
    prison = str(doc.get(field["prison_code"]) or "").strip().upper()
    movement = str(doc.get(field["last_movement"]) or "").strip().upper()
    if status in RELEASED_STATUSES:
        where = Where.RELEASED
    elif status in IN_TRANSIT_STATUSES or prison == "TRN":
        where = Where.IN_TRANSIT
    elif status in HELD_STATUSES and prison and prison not in NOT_A_PRISON:
        where = Where.HELD
    elif not status and (prison == "OUT" or movement in RELEASE_MOVEMENTS):
        where = Where.RELEASED
    elif not status and prison and prison not in NOT_A_PRISON:
        where = Where.HELD
    else:
        where = Where.UNKNOWN
    return Place(number_of(doc), where, prison if where == Where.HELD else "")


def record_of(doc: dict[str, Any], *, today: dt.date) -> RollRecord:
    """The document's facts; DocumentError listing every problem."""
    record, errors = read_record(1, cells(doc), today=today)
    if record is None:
        raise DocumentError(
            "; ".join(f"{e.column}: {e.message}" for e in errors) or "unreadable document"
        )
    return record
