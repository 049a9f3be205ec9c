"""Audit fixtures: the day is frozen; Leeds holds six custody and two community cases in OMiC
scope (and one on remand, out of scope), Moorland two custody cases; Leeds samples four."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from cases import rules as omic
from cases.models import Prison, Prisoner, PrisonPolicy
from tests.factories import PrisonerFactory, SentenceFactory, staff, store_answers

TODAY = dt.date(2026, 12, 6)
NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=omic.LONDON)
MONTH = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def custody_case(prison: Prison, **prisoner: object) -> Prisoner:
    case = PrisonerFactory(current_prison=prison, **prisoner)
    SentenceFactory(prisoner=case)  # about two years to serve
    return case


def community_case(prison: Prison, **prisoner: object) -> Prisoner:
    case = PrisonerFactory(current_prison=prison, **prisoner)
    SentenceFactory(
        prisoner=case,
        sentence_start_date=dt.date(2026, 9, 1),
        conditional_release_date=dt.date(2027, 3, 1),  # six months to serve
        sentence_expiry_date=dt.date(2027, 9, 1),
    )
    return case


@pytest.fixture
def cases(leeds: Prison, moorland: Prison) -> dict[str, list[Prisoner]]:
    PrisonPolicy.objects.filter(prison=leeds).update(audit_sample_size=4)
    found = {
        "custody": [custody_case(leeds) for _ in range(6)],
        "community": [community_case(leeds) for _ in range(2)],
        "moorland": [custody_case(moorland) for _ in range(2)],
        "remand": [PrisonerFactory(current_prison=leeds, legal_status=Prisoner.LegalStatus.REMAND)],
    }
    store_answers(TODAY)
    return found


@pytest.fixture
def head_mdi(moorland: Prison) -> object:
    return staff("head_mdi", "head_of_omu", moorland)
