"""Shared by the CSV download tests: a good download, read as lines."""

from django.http import HttpResponse

# The end of the "Download this list (CSV)" link (templates/includes/csv_link.html).
LINK = 'format=csv" download>Download this list (CSV)</a>'


def csv_lines(response: HttpResponse, filename: str) -> list[str]:
    """The download's lines, once it is a 200 CSV attachment named `filename`."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{filename}"' in response["Content-Disposition"]
    return response.content.decode().splitlines()
