"""Sample roll files that fit the demo data as it is today: five new prisoners, three prisoners
already held whose conditional release date has moved, and (in the second file) one bad row.

The demo's dates follow the day it is seeded, so a fixed file would show more changes on any
other day; `seed_demo` writes these next to the checkout (`demo-rolls/`) for trying an import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from cases.models import Prison, Prisoner, Sentence

COLUMNS = (
    "prisonerNumber",
    "firstName",
    "lastName",
    "dateOfBirth",
    "legalStatus",
    "sentenceStartDate",
    "conditionalReleaseDate",
    "homeDetentionCurfewEligibilityDate",
    "sentenceExpiryDate",
    "licenceExpiryDate",
    "cellLocation",
    "receptionDate",
)
NEW = (  # number, first name, last name, born, location
    ("H1001AB", "Daniel", "Smith", dt.date(1990, 4, 12), "B-3-023"),
    ("H1002CD", "Liam", "Walsh", dt.date(1985, 9, 3), "C-1-014"),
    ("H1003EF", "Marcus", "Okafor", dt.date(1978, 1, 22), "A-3-007"),
    ("H1004GH", "Ryan", "Doyle", dt.date(2001, 12, 15), "D-2-031"),
    ("H1005JK", "Tomasz", "Nowak", dt.date(1993, 7, 8), "E-4-002"),
)
BAD = ("H1006LM", "Owen", "Price", "1990-02-31", "SENTENCED")  # 31 February
MOVED_BY = dt.timedelta(days=31)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _new_rows(today: dt.date) -> Iterator[dict[str, str]]:
    for n, (number, first, last, born, location) in enumerate(NEW):
        start = today - dt.timedelta(days=10 + 7 * n)
        crd = start + dt.timedelta(days=300 + 200 * n)
        sed = crd + dt.timedelta(days=400)
        yield {
            "prisonerNumber": number,
            "firstName": first,
            "lastName": last,
            "dateOfBirth": born.isoformat(),
            "legalStatus": "SENTENCED",
            "sentenceStartDate": start.isoformat(),
            "conditionalReleaseDate": crd.isoformat(),
            "sentenceExpiryDate": sed.isoformat(),
            "licenceExpiryDate": sed.isoformat(),
            "cellLocation": location,
            "receptionDate": (start + dt.timedelta(days=1)).isoformat(),
        }


def _changed_rows(prison: Prison) -> Iterator[dict[str, str]]:
    """Three determinate sentenced prisoners held here, as recorded but for a conditional
    release date a month later (still before the sentence expires)."""
    sentences = Sentence.objects.filter(
        is_current=True,
        indeterminate=False,
        prisoner__current_prison=prison,
        prisoner__legal_status=Prisoner.LegalStatus.SENTENCED,
        conditional_release_date__isnull=False,
        sentence_expiry_date__isnull=False,
        automatic_release_date__isnull=True,
        parole_eligibility_date__isnull=True,
    ).select_related("prisoner")
    chosen = 0
    for s in sentences.order_by("prisoner__prison_number"):
        assert s.conditional_release_date and s.sentence_expiry_date
        if chosen == 3 or s.conditional_release_date + MOVED_BY > s.sentence_expiry_date:
            continue
        p = s.prisoner
        chosen += 1
        yield {
            "prisonerNumber": p.prison_number,
            "firstName": p.first_name,
            "lastName": p.last_name,
            "dateOfBirth": p.date_of_birth.isoformat(),
            "legalStatus": "SENTENCED",
            "sentenceStartDate": s.sentence_start_date.isoformat(),
            "conditionalReleaseDate": (s.conditional_release_date + MOVED_BY).isoformat(),
            "homeDetentionCurfewEligibilityDate": _day(s.home_detention_curfew_eligibility_date),
            "sentenceExpiryDate": s.sentence_expiry_date.isoformat(),
            "licenceExpiryDate": _day(s.licence_expiry_date),
            "cellLocation": p.location,
        }


def sample_roll(prison: Prison, *, today: dt.date, with_error: bool = False) -> bytes:
    """A CSV roll for `prison`: five new, three changed release dates, maybe one bad row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(_changed_rows(prison))
    writer.writerows(_new_rows(today))
    if with_error:
        writer.writerow(dict(zip(COLUMNS[:5], BAD, strict=True)))
    return out.getvalue().encode()
