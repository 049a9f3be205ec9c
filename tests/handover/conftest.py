"""Handover fixtures: the day is frozen, and cases are built at a chosen point of handover."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from cases import rules as omic
from cases.models import Allocation, Prison, Prisoner
from tests.factories import PrisonerFactory, SentenceFactory

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=omic.LONDON)
# CRD 2027-08-10: handover (national rule, 8 months 14 days before) on 2026-11-26, three days
# from TODAY, so the case is in the upcoming window; COM allocation overdue from 2026-11-28.
UPCOMING_CRD = dt.date(2027, 8, 10)
UPCOMING_HANDOVER = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def make_case(
    prison: Prison,
    *,
    crd: dt.date = UPCOMING_CRD,
    start: dt.date = dt.date(2024, 1, 10),
    com: object | None = None,
    com_name: str = "",
    pom: object | None = None,
    sentence: dict | None = None,
    **prisoner: object,
) -> Prisoner:
    """A sentenced case at `prison`; with `com` or `com_name` a COM is allocated."""
    case = PrisonerFactory(current_prison=prison, **prisoner)
    dates = {
        "sentence_start_date": start,
        "conditional_release_date": crd,
        "sentence_expiry_date": dt.date(2031, 1, 10),
    }
    SentenceFactory(prisoner=case, **{**dates, **(sentence or {})})
    if com is not None or com_name or pom is not None:
        Allocation.objects.create(
            prisoner=case,
            com=com,
            com_name=com_name or (com.get_full_name() if com else ""),
            com_team="Leeds North Team" if (com or com_name) else "",
            primary_pom=pom,
        )
    return case
