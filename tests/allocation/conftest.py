"""Allocation fixtures: a frozen day, POMs of each kind at Leeds and cases that need them."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine

from cases.models import Prison, Prisoner, Role, StaffMember
from tests.factories import MovementFactory, PrisonerFactory, SentenceFactory, staff

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def poms(leeds: Prison, personas: dict) -> dict[str, object]:
    """prison (the prison_pom persona), prison2, probation, senior; all full time at Leeds."""
    return {
        "prison": personas[Role.PRISON_POM],
        "prison2": staff("pom_two", Role.PRISON_POM, leeds),
        "probation": personas[Role.PROBATION_POM],
        "senior": personas[Role.SENIOR_POM],
    }


@pytest.fixture
def make_case(leeds: Prison) -> Callable[..., Prisoner]:
    """An in-scope sentenced case at Leeds (tier C2, medium ROSH: a prison POM case)."""

    def make(
        prison: Prison | None = None,
        *,
        arrived: dt.datetime | None = None,
        kind: str = "admission",
        crd: dt.date | None = dt.date(2028, 1, 10),
        **fields: object,
    ) -> Prisoner:
        prisoner = PrisonerFactory(current_prison=prison or leeds, **fields)
        SentenceFactory(prisoner=prisoner, conditional_release_date=crd)
        MovementFactory(
            prisoner=prisoner,
            kind=kind,
            occurred_at=arrived or dt.datetime(2026, 1, 10, 15, 30, tzinfo=dt.UTC),
        )
        return prisoner

    return make


def set_staff(user: object, **fields: object) -> StaffMember:
    member = StaffMember.objects.get(user=user)
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    return member
