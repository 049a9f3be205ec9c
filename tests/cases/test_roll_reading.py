"""Reading a roll file and its rows: every bad input gets a clear error with its row and column."""

import datetime as dt

import pytest

from cases.models import Prisoner
from cases.roll.reader import RollFileError, read_roll
from cases.roll.record import read_record
from tests.cases.roll_files import COLUMNS, csv_bytes, row, xlsx_bytes

TODAY = dt.date(2026, 12, 6)
LIMIT = 10_000_000


def _errors(cells: dict[str, str]) -> list[tuple[str, str]]:
    record, errors = read_record(3, cells, today=TODAY)
    assert (record is None) == bool(errors)
    assert all(e.row == 3 for e in errors)
    return [(e.column, e.message) for e in errors]


def test_a_csv_with_or_without_a_byte_order_mark_reads_the_same() -> None:
    plain = read_roll(csv_bytes([row("A1234BC")]), file_name="roll.csv", max_bytes=LIMIT)
    with_bom = read_roll(csv_bytes([row("A1234BC")], bom=True), file_name="r.csv", max_bytes=LIMIT)
    assert plain == with_bom
    assert plain.columns == list(COLUMNS)
    assert plain.rows[0]["prisonerNumber"] == "A1234BC"


def test_an_xlsx_reads_as_the_csv_does_with_dates_as_days() -> None:
    cells = {
        **row("A1234BC"),
        "dateOfBirth": dt.datetime(1990, 4, 12),  # noqa: DTZ001 (spreadsheet cells have no zone)
        "sentenceStartDate": dt.date(2026, 11, 19),
    }
    roll = read_roll(xlsx_bytes([cells]), file_name="roll.xlsx", max_bytes=LIMIT)
    assert roll.rows[0]["dateOfBirth"] == "1990-04-12"
    assert roll.rows[0]["sentenceStartDate"] == "2026-11-19"
    assert (
        roll.rows[0]
        == read_roll(csv_bytes([row("A1234BC")]), file_name="r.csv", max_bytes=LIMIT).rows[0]
    )


def test_columns_can_come_in_any_order_and_unknown_ones_are_ignored() -> None:
    columns = ("legalStatus", "someOtherField", *reversed(COLUMNS[:4]))
    roll = read_roll(
        csv_bytes([row("A1234BC", someOtherField="x")], columns=columns),
        file_name="r.csv",
        max_bytes=LIMIT,
    )
    record, errors = read_record(1, roll.rows[0], today=TODAY)
    assert errors == [] and record is not None and record.prison_number == "A1234BC"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "roll.csv", "The file is empty."),
        (b"  \n\n", "roll.csv", "The file is empty."),
        (
            b"prisonerNumber,firstName,lastName,dateOfBirth,legalStatus\n",
            "roll.csv",
            "The file has a header but no prisoners.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "photo.png",
            "The file is not a CSV in UTF-8 or an XLSX spreadsheet.",
        ),
        (
            b"plain,text\x00with,nulls\n",
            "roll.csv",
            "The file is not a CSV or an XLSX spreadsheet.",
        ),
        (b"PK\x03\x04not really a zip", "roll.xlsx", "The file is not a valid XLSX spreadsheet."),
        (
            b"prisonerNumber,firstName\nA1234BC,Dan\n",
            "roll.xlsx",
            "The file is not a valid XLSX spreadsheet.",
        ),
    ],
)
def test_a_file_that_is_not_a_roll_is_refused_with_a_plain_message(
    content: bytes, name: str, message: str
) -> None:
    with pytest.raises(RollFileError) as error:
        read_roll(content, file_name=name, max_bytes=LIMIT)
    assert str(error.value) == message


def test_missing_required_columns_are_named() -> None:
    content = csv_bytes([row("A1234BC")], columns=("prisonerNumber", "firstName", "legalStatus"))
    with pytest.raises(RollFileError) as error:
        read_roll(content, file_name="r.csv", max_bytes=LIMIT)
    assert str(error.value).startswith("The file has no lastName, dateOfBirth columns.")


def test_a_file_over_the_size_limit_is_refused() -> None:
    content = csv_bytes([row(f"A{n:04d}BC") for n in range(100)])
    with pytest.raises(RollFileError) as error:
        read_roll(content, file_name="r.csv", max_bytes=len(content) - 1)
    assert "the most a roll file can be is" in str(error.value)


def test_a_valid_row_becomes_facts() -> None:
    record, errors = read_record(1, row("a1234bc", recall="true", category="C"), today=TODAY)
    assert errors == [] and record is not None
    assert record.prison_number == "A1234BC"
    assert record.legal_status == Prisoner.LegalStatus.RECALLED  # recall: true, whatever the status
    assert record.details.category == "C" and record.details.location == "B-3-023"
    assert record.sentence is not None
    assert record.sentence.values()["conditional_release_date"] == dt.date(2029, 5, 18)


def test_an_indeterminate_sentence_status_sets_the_sentence_indeterminate() -> None:
    cells = row(
        "A1234BC",
        legalStatus="INDETERMINATE_SENTENCE",
        conditionalReleaseDate="",
        tariffDate="2035-01-01",
    )
    record, errors = read_record(1, cells, today=TODAY)
    assert errors == [] and record is not None
    assert record.legal_status == Prisoner.LegalStatus.SENTENCED
    assert record.sentence is not None and record.sentence.indeterminate is True


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"dateOfBirth": "1990-02-31"},
            [("dateOfBirth", "'1990-02-31' is not a real date in the form YYYY-MM-DD.")],
        ),
        (
            {"conditionalReleaseDate": "9999-12-31"},
            [
                (
                    "conditionalReleaseDate",
                    "9999-12-31 is not a plausible date (before 1900 or after 2199).",
                )
            ],
        ),
        (
            {"sentenceStartDate": "19/11/2026"},
            [("sentenceStartDate", "'19/11/2026' is not a real date in the form YYYY-MM-DD.")],
        ),
        (
            {"prisonerNumber": "A12BC"},
            [("prisonerNumber", "'A12BC' is not a prison number like A1234BC.")],
        ),
        ({"prisonerNumber": ""}, [("prisonerNumber", "This cell is empty. It must have a value.")]),
        ({"lastName": ""}, [("lastName", "This cell is empty. It must have a value.")]),
        (
            {"legalStatus": "ON_HOLIDAY"},
            [
                (
                    "legalStatus",
                    "'ON_HOLIDAY' is not a legal status this service can use (SENTENCED, INDETERMINATE_SENTENCE, RECALL, REMAND, CONVICTED_UNSENTENCED, IMMIGRATION_DETAINEE, CIVIL_PRISONER).",
                )
            ],
        ),
        ({"dateOfBirth": "2027-01-01"}, [("dateOfBirth", "The date of birth is in the future.")]),
        (
            {"sentenceExpiryDate": "2026-01-01"},
            [
                (
                    "sentenceExpiryDate",
                    "The SED must be on or after the sentence date (2026-11-19).",
                ),
                (
                    "conditionalReleaseDate",
                    "The CRD must be on or before the sentence expiry date (2026-01-01).",
                ),
            ],
        ),
        (
            {"conditionalReleaseDate": "2026-10-01"},
            [
                (
                    "conditionalReleaseDate",
                    "The CRD must be on or after the sentence date (2026-11-19).",
                )
            ],
        ),
        (
            {"firstName": '=HYPERLINK("http://x","Dan")'},
            [("firstName", "This cell holds a formula. Enter the value itself.")],
        ),
        ({"recall": "maybe"}, [("recall", "'maybe' is not true or false.")]),
        (
            {"sentenceStartDate": ""},
            [("sentenceStartDate", "Key dates are given without the sentence start date.")],
        ),
        ({"cellLocation": "X" * 31}, [("cellLocation", "This is longer than 30 characters.")]),
    ],
)
def test_each_bad_cell_is_reported_with_its_column_and_a_plain_message(
    cells: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert _errors(row("A1234BC", **cells)) == expected


def test_every_problem_of_a_row_is_reported_not_just_the_first() -> None:
    errors = _errors(row("nope", dateOfBirth="1990-13-01", legalStatus="X"))
    assert [column for column, _ in errors] == ["prisonerNumber", "dateOfBirth", "legalStatus"]


def test_a_formula_in_a_spreadsheet_is_read_as_text_and_refused_never_evaluated() -> None:
    cells = {**row("A1234BC"), "firstName": "=1+2"}
    roll = read_roll(xlsx_bytes([cells]), file_name="roll.xlsx", max_bytes=LIMIT)
    assert roll.rows[0]["firstName"] == "=1+2"
    assert _errors(roll.rows[0]) == [
        ("firstName", "This cell holds a formula. Enter the value itself.")
    ]
