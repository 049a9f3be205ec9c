"""One prisoner of a prison's roll, in the national record's words (Prisoner Search field names,
docs/commands.md#import_roll), turned into our facts. The one mapping from Prisoner Search to
this service: a roll file and the national feed both read through it.

Every problem is reported with its column and a plain message; a row with any problem gives no
record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from cases.models import PRISON_NUMBER_VALIDATOR, Prisoner, Sentence
from cases.services.facts import PersonalDetails, SentenceFacts

REQUIRED_COLUMNS = ("prisonerNumber", "firstName", "lastName", "dateOfBirth", "legalStatus")

KEY_DATE_COLUMNS: dict[str, str] = {
    "conditionalReleaseDate": "conditional_release_date",
    "automaticReleaseDate": "automatic_release_date",
    "paroleEligibilityDate": "parole_eligibility_date",
    "tariffDate": "tariff_date",
    "homeDetentionCurfewEligibilityDate": "home_detention_curfew_eligibility_date",
    "homeDetentionCurfewActualDate": "home_detention_curfew_actual_date",
    "actualParoleDate": "actual_parole_date",
    "confirmedReleaseDate": "confirmed_release_date",
    "postRecallReleaseDate": "post_recall_release_date",
    "sentenceExpiryDate": "sentence_expiry_date",
    "licenceExpiryDate": "licence_expiry_date",
}
OPTIONAL_COLUMNS = (
    *KEY_DATE_COLUMNS,
    "sentenceStartDate",
    "receptionDate",
    "cellLocation",
    "recall",
    "indeterminateSentence",
    "category",
    "bookingId",
)
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
# Which column each of our fields comes from, to put errors and changes in the file's words.
COLUMN_OF: dict[str, str] = {
    **{field: column for column, field in KEY_DATE_COLUMNS.items()},
    "prison_number": "prisonerNumber",
    "first_name": "firstName",
    "last_name": "lastName",
    "date_of_birth": "dateOfBirth",
    "legal_status": "legalStatus",
    "sentence_start_date": "sentenceStartDate",
    "indeterminate": "indeterminateSentence",
    "location": "cellLocation",
    "category": "category",
    "booking_id": "bookingId",
}

# Prisoner Search's legal statuses, in ours. DEAD, OTHER and UNKNOWN cannot be placed in the
# OMiC model and are reported as errors to correct at source.
LEGAL_STATUSES: dict[str, str] = {
    "SENTENCED": Prisoner.LegalStatus.SENTENCED,
    "INDETERMINATE_SENTENCE": Prisoner.LegalStatus.SENTENCED,
    "RECALL": Prisoner.LegalStatus.RECALLED,
    "REMAND": Prisoner.LegalStatus.REMAND,
    "CONVICTED_UNSENTENCED": Prisoner.LegalStatus.CONVICTED_UNSENTENCED,
    "IMMIGRATION_DETAINEE": Prisoner.LegalStatus.IMMIGRATION_DETAINEE,
    "CIVIL_PRISONER": Prisoner.LegalStatus.CIVIL,
}
# Where Prisoner Search says the prisoner is (read by the national feed to place a prisoner,
# never by a roll file): the prison, its status and the last movement's type.
PLACE_COLUMNS: dict[str, str] = {
    "prisonId": "prison_code",
    "status": "status",
    "lastMovementTypeCode": "last_movement",
}
HELD_STATUSES = ("ACTIVE IN", "ACTIVE OUT")  # in the prison, or out at court or on licence
RELEASED_STATUSES = ("INACTIVE OUT",)
IN_TRANSIT_STATUSES = ("INACTIVE TRN",)
RELEASE_MOVEMENTS = ("REL",)
NOT_A_PRISON = ("OUT", "TRN")  # prisonId while released or being transferred
TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
TEXT_LIMITS = {
    "firstName": 100,
    "lastName": 100,
    "cellLocation": 30,
    "category": 5,
    "bookingId": 20,
}


@dataclass(frozen=True)
class RowError:
    row: int  # data rows count from 1
    column: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class RollRecord:
    row: int
    prison_number: str
    details: PersonalDetails
    legal_status: str
    sentence: SentenceFacts | None
    received_on: dt.date | None


class _Row:
    """Reads one row's cells, noting each problem instead of stopping at the first."""

    def __init__(self, row: int, cells: Mapping[str, object]) -> None:
        self.row = row
        self.cells = {k: _text(v) for k, v in cells.items()}
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def given(self, column: str) -> bool:
        return column in self.cells

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "")
        if value.startswith("="):
            self.error(column, "This cell holds a formula. Enter the value itself.")
            return ""
        if required and not value:
            self.error(column, "This cell is empty. It must have a value.")
        limit = TEXT_LIMITS.get(column)
        if limit and len(value) > limit:
            self.error(column, f"This is longer than {limit} characters.")
            return ""
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.error(column, f"{value!r} is not a real date in the form YYYY-MM-DD.")
            return None
        if not EARLIEST <= day <= LATEST:
            self.error(column, f"{value} is not a plausible date (before 1900 or after 2199).")
            return None
        return day

    def flag(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if not value:
            return None
        if value in TRUE | FALSE:
            return value in TRUE
        self.error(column, f"{value!r} is not true or false.")
        return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def read_record(
    row: int, cells: Mapping[str, object], *, today: dt.date
) -> tuple[RollRecord | None, list[RowError]]:
    """One roll row as a record, or its errors."""
    r = _Row(row, cells)
    number = _prison_number(r)
    details = PersonalDetails(
        first_name=r.text("firstName", required=True),
        last_name=r.text("lastName", required=True),
        date_of_birth=r.date("dateOfBirth", required=True),
        location=r.text("cellLocation") if r.given("cellLocation") else None,
        category=r.text("category") if r.given("category") else None,
    )
    legal_status, indeterminate = _legal_status(r)
    sentence = _sentence(r, indeterminate)
    received_on = r.date("receptionDate")
    if details.date_of_birth and details.date_of_birth > today:
        r.error("dateOfBirth", "The date of birth is in the future.")
    if r.errors:
        return None, r.errors
    return RollRecord(row, number, details, legal_status, sentence, received_on), []


def _prison_number(r: _Row) -> str:
    number = r.text("prisonerNumber", required=True).upper()
    if number:
        try:
            PRISON_NUMBER_VALIDATOR(number)
        except ValidationError:
            r.error("prisonerNumber", f"{number!r} is not a prison number like A1234BC.")
    return number


def _legal_status(r: _Row) -> tuple[str, bool | None]:
    value = r.text("legalStatus", required=True).upper()
    status = LEGAL_STATUSES.get(value, "")
    if value and not status:
        known = ", ".join(LEGAL_STATUSES)
        r.error("legalStatus", f"{value!r} is not a legal status this service can use ({known}).")
    if r.flag("recall"):
        status = Prisoner.LegalStatus.RECALLED
    indeterminate = r.flag("indeterminateSentence")
    if value == "INDETERMINATE_SENTENCE":
        indeterminate = True
    return status, indeterminate


def _sentence(r: _Row, indeterminate: bool | None) -> SentenceFacts | None:
    start = r.date("sentenceStartDate")
    dates = {field: r.date(column) for column, field in KEY_DATE_COLUMNS.items() if r.given(column)}
    booking = r.text("bookingId")
    if start is None:
        if any(dates.values()) and not r.cells.get("sentenceStartDate"):
            r.error("sentenceStartDate", "Key dates are given without the sentence start date.")
        return None
    facts = SentenceFacts(start, indeterminate, dates, booking)
    _check_sentence(r, facts)
    return facts


def _check_sentence(r: _Row, facts: SentenceFacts) -> None:
    """The sentence's own rules (`Sentence.clean`): no key date before the start, release
    before expiry, no release date on an indeterminate sentence."""
    sentence = Sentence(**{**facts.values(), "indeterminate": bool(facts.indeterminate)})
    try:
        sentence.clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                r.error(COLUMN_OF.get(field, field), message)
