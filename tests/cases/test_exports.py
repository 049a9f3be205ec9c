"""CSV downloads: formulas are quoted away, empty cells stay empty."""

import csv
import io

from cases.exports import csv_response


def test_formulas_are_quoted_and_empty_cells_stay_empty() -> None:
    response = csv_response(
        "x.csv", ("a", "b", "c", "d", "e"), [("=SUM(A1)", "", None, "-3", "Smith")]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["a", "b", "c", "d", "e"], ["'=SUM(A1)", "", "", "'-3", "Smith"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
