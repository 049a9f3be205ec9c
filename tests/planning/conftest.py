"""A prison whose cases the what-if can tell apart: handovers under different rules, a
community case, an indeterminate sentence, a remand, COMs in two delivery units, POMs."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.models import Prison, Prisoner, Role, StaffMember
from tests.factories import (
    AllocationFactory,
    MovementFactory,
    PrisonerFactory,
    SentenceFactory,
    SessionFactory,
    staff,
)

TODAY = dt.date(2026, 12, 7)


def _case(prison: Prison, **sentence: object) -> Prisoner:
    status = sentence.pop("legal_status", Prisoner.LegalStatus.SENTENCED)
    rosh = sentence.pop("rosh", Prisoner.Rosh.MEDIUM)
    prisoner = PrisonerFactory(current_prison=prison, legal_status=status, rosh=rosh)
    MovementFactory(prisoner=prisoner)
    if status != Prisoner.LegalStatus.REMAND:
        SentenceFactory(prisoner=prisoner, **sentence)
    return prisoner


@pytest.fixture
def planned(leeds: Prison, personas: dict[str, object]) -> dict[str, Prisoner]:
    d = dt.date
    cases = {
        "short": _case(leeds, conditional_release_date=d(2027, 9, 30)),
        "long": _case(leeds, conditional_release_date=d(2028, 1, 20), rosh=Prisoner.Rosh.HIGH),
        "parole": _case(
            leeds,
            parole_eligibility_date=d(2027, 11, 2),
            conditional_release_date=d(2029, 1, 10),
        ),
        "community": _case(
            leeds, sentence_start_date=d(2026, 11, 1), conditional_release_date=d(2027, 8, 1)
        ),
        "indeterminate": _case(
            leeds,
            indeterminate=True,
            conditional_release_date=None,
            tariff_date=d(2028, 3, 1),
        ),
        "release_soon": _case(leeds, conditional_release_date=d(2027, 2, 3)),
        "remand": _case(leeds, legal_status=Prisoner.LegalStatus.REMAND),
    }
    pom = personas["prison_pom"]
    AllocationFactory(prisoner=cases["short"], primary_pom=pom, com_pdu="Leeds")
    AllocationFactory(prisoner=cases["long"], primary_pom=pom, com_pdu="Bradford")
    AllocationFactory(prisoner=cases["parole"], primary_pom=pom)
    SessionFactory(
        prisoner=cases["long"], staff=pom, occurred_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    )
    senior = staff("senior_two", Role.SENIOR_POM, leeds)
    StaffMember.objects.filter(user=senior).update(working_hours=18.75)
    return cases
