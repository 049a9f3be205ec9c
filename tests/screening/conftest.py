"""Fixtures for screening: a frozen clock and new arrivals with a POM."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine

from cases.models import Allocation, Prison, Prisoner, Role
from cases.rules import LONDON
from tests.factories import MovementFactory, PrisonerFactory, SentenceFactory

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
ARRIVED = dt.datetime(2026, 11, 21, 14, 30, tzinfo=LONDON)  # BCS due 24 November, 14:30


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


Arrive = Callable[..., Prisoner]


@pytest.fixture
def arrive(personas: dict) -> Arrive:
    """A sentenced prisoner who arrived at `prison` at `at`, held by the Leeds prison POM."""

    def make(
        prison: Prison,
        *,
        at: dt.datetime = ARRIVED,
        pom: object | None = "default",
        sentence_start: dt.date = dt.date(2026, 11, 20),
        crd: dt.date | None = dt.date(2029, 11, 20),
        **prisoner: object,
    ) -> Prisoner:
        case = PrisonerFactory(current_prison=prison, **prisoner)
        SentenceFactory(
            prisoner=case,
            sentence_start_date=sentence_start,
            conditional_release_date=crd,
            sentence_expiry_date=dt.date(2032, 11, 20),
        )
        MovementFactory(prisoner=case, occurred_at=at, to_prison=prison)
        owner = personas[Role.PRISON_POM] if pom == "default" else pom
        Allocation.objects.create(
            prisoner=case, primary_pom=owner, pom_allocated_at=at if owner else None
        )
        return case

    return make
