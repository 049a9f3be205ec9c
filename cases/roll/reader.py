"""Reading a roll file: CSV (UTF-8, with or without a byte order mark) or XLSX, one prisoner a
row under a header row. What cannot be read at all (not CSV or XLSX, empty, too big, no
header, required columns missing) is one `RollFileError` with a plain message; cell problems
are the rows' own (`record.read_record`).

Spreadsheets are read with openpyxl; formulas are never evaluated: a formula cell reaches the
row as its formula text, which the row reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook

from cases.roll.record import REQUIRED_COLUMNS

XLSX_MAGIC = b"PK\x03\x04"


class RollFileError(Exception):
    """The file cannot be read as a roll; the message says why in plain words."""


@dataclass(frozen=True)
class RollFile:
    columns: list[str]
    rows: list[dict[str, str]]  # by column name; data rows in order


def read_roll(content: bytes, *, file_name: str, max_bytes: int) -> RollFile:
    """The file's header and rows. Raises `RollFileError` for a file that is not a roll."""
    if len(content) > max_bytes:
        raise RollFileError(
            f"The file is {len(content) / 1_000_000:.1f} MB; the most a roll file can be is "
            f"{max_bytes / 1_000_000:.0f} MB."
        )
    if not content.strip():
        raise RollFileError("The file is empty.")
    if content.startswith(XLSX_MAGIC):
        table = _xlsx_rows(content)
    elif file_name.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        raise RollFileError("The file is not a valid XLSX spreadsheet.")
    else:
        table = _csv_rows(content)
    return _with_header(table)


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RollFileError("The file is not a CSV in UTF-8 or an XLSX spreadsheet.") from exc
    if "\x00" in text:
        raise RollFileError("The file is not a CSV or an XLSX spreadsheet.")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if any(row)]
    except csv.Error as exc:
        raise RollFileError(f"The CSV cannot be read: {exc}.") from exc


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RollFileError("The file is not a valid XLSX spreadsheet.") from exc
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = [_cell(v) for v in values]
        if any(cells):
            rows.append(cells)
    book.close()
    return rows


def _cell(value: object) -> str:
    """A spreadsheet cell as text: dates as YYYY-MM-DD, formulas as their formula text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _with_header(table: list[list[str]]) -> RollFile:
    if not table:
        raise RollFileError("The file is empty.")
    header = [h.strip() for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RollFileError(
            f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}. "
            f"A roll needs {', '.join(REQUIRED_COLUMNS)} (Prisoner Search field names)."
        )
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise RollFileError(f"The header repeats {', '.join(repeated)}.")
    rows = [
        {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        for cells in table[1:]
    ]
    if not rows:
        raise RollFileError("The file has a header but no prisoners.")
    return RollFile(header, rows)
