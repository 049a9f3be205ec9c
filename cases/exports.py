"""CSV downloads: every list and the dashboard figures can be taken away as a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from cases.selectors import KeyworkRow, KeyworkWeek

# What a spreadsheet may read as the start of a formula (OWASP's CSV injection list): a tab or
# carriage return before "=" is skipped by some spreadsheets, so they count too.
FORMULA = ("=", "+", "-", "@", "\t", "\r")

# A CSV response carries (file name, rows written) here, for the access log
# (`cases.middleware.AccessLogMiddleware` records who downloaded it).
EXPORT_ATTR = "omu_export"


def _cell(value: object) -> object:
    """A cell as written: a formula-like text quoted away with a leading apostrophe, an empty
    cell for None, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA):
        return f"'{value}"
    return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        count += 1
    setattr(response, EXPORT_ATTR, (filename, count))
    return response


KEYWORK_HEADER = (
    "prison_number",
    "surname",
    "first_name",
    "next_session_due",
    "overdue",
    "explanation",
)


def _keywork_row(row: KeyworkRow) -> tuple[object, ...]:
    p, status = row.prisoner, row.status
    return (
        p.prison_number,
        p.last_name,
        p.first_name,
        status.next_due,
        "Overdue" if status.overdue else "",
        status.explanation,
    )


def keywork_csv(filename: str, rows: Iterable[KeyworkRow]) -> HttpResponse:
    """A keyworker's own prisoners (My keywork): when the next session is due and why."""
    return csv_response(filename, KEYWORK_HEADER, (_keywork_row(r) for r in rows))


KEYWORK_DELIVERY_HEADER = (
    "week_starting",
    "prisoners_seen",
    "prisoners_with_keyworker",
    "prisoners_seen_percent",
    "sessions_held",
    "sessions_expected",
    "sessions_held_percent",
    "not_delivered",
)


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)  # as the page's widthratio


def _keywork_week(week: KeyworkWeek) -> tuple[object, ...]:
    return (
        week.start,
        week.seen,
        week.prisoners,
        _percent(week.seen_rate),
        week.held,
        week.expected,
        _percent(week.held_rate),
        "; ".join(f"{reason}: {count}" for reason, count in week.not_held.items()),
    )


def keywork_delivery_csv(filename: str, weeks: Iterable[KeyworkWeek]) -> HttpResponse:
    """Keywork delivery, one row a week: prisoners seen, sessions held, and why not held."""
    return csv_response(filename, KEYWORK_DELIVERY_HEADER, (_keywork_week(w) for w in weeks))
