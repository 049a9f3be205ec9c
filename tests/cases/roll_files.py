"""Roll files for tests: CSV and XLSX bytes with Prisoner Search column names."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from openpyxl import Workbook

COLUMNS = (
    "prisonerNumber",
    "firstName",
    "lastName",
    "dateOfBirth",
    "legalStatus",
    "sentenceStartDate",
    "conditionalReleaseDate",
    "sentenceExpiryDate",
    "cellLocation",
)


def row(number: str, **cells: str) -> dict[str, str]:
    """A valid sentenced prisoner's row; `cells` replace or add columns."""
    return {
        "prisonerNumber": number,
        "firstName": "Dan",
        "lastName": f"Smith {number}",
        "dateOfBirth": "1990-04-12",
        "legalStatus": "SENTENCED",
        "sentenceStartDate": "2026-11-19",
        "conditionalReleaseDate": "2029-05-18",
        "sentenceExpiryDate": "2031-11-18",
        "cellLocation": "B-3-023",
        **cells,
    }


def csv_bytes(
    rows: Iterable[Mapping[str, str]], *, columns: Iterable[str] = COLUMNS, bom: bool = False
) -> bytes:
    out = io.StringIO()
    names = list(columns)
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: r.get(k, "") for k in names})
    data = out.getvalue().encode()
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: Iterable[Mapping[str, object]], *, columns: Iterable[str] = COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    names = list(columns)
    sheet.append(names)
    for r in rows:
        sheet.append([r.get(k) for k in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
