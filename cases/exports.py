"""CSV downloads: every list and the dashboard figures can be taken away as a spreadsheet."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA = ("=", "+", "-", "@")  # what a spreadsheet reads as the start of a formula


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        # A leading =, +, - or @ would run as a formula in a spreadsheet: quote it away (but
        # leave an empty cell empty).
        writer.writerow(
            [
                f"'{v}"
                if isinstance(v, str) and v.startswith(FORMULA)
                else ("" if v is None else v)
                for v in row
            ]
        )
    return response
