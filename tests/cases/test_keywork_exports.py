"""Keywork as CSV: a keyworker's own caseload (My keywork) and the prison's keywork delivery."""

import csv
import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import rules, services
from cases.models import Allocation, Prison, Prisoner, Role, Session
from tests.downloads import csv_lines
from tests.factories import PrisonerFactory, staff

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=rules.LONDON)  # a Monday
ALLOCATED = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def keywork(user: object, prisoner: Prisoner, when: dt.datetime, **data: object) -> Session:
    values = {
        "kind": "keywork",
        "occurred_at": when,
        "duration_minutes": 30,
        "summary": "Seen.",
        **data,
    }
    return services.session_log(prisoner=prisoner, acting_user=user, data=values)


@pytest.fixture
def caseload(leeds: Prison, moorland: Prison, personas: dict) -> dict[str, Prisoner]:
    """The Leeds keyworker's two prisoners (one seen on Saturday, one never seen), another
    keyworker's prisoner, and a Moorland prisoner seen this week by a Moorland keyworker."""
    keyworker = personas[Role.KEYWORKER]
    cases = {
        "seen": PrisonerFactory(current_prison=leeds, first_name="Ann", last_name="Seen"),
        "late": PrisonerFactory(current_prison=leeds, first_name="Bob", last_name="Late"),
        "other": PrisonerFactory(current_prison=leeds, last_name="Other"),
        "moorland": PrisonerFactory(current_prison=moorland, last_name="Moor"),
    }
    for name in ("seen", "late"):
        Allocation.objects.create(
            prisoner=cases[name], keyworker=keyworker, pom_allocated_at=ALLOCATED
        )
    Allocation.objects.create(
        prisoner=cases["other"], keyworker=staff("kw_other", Role.KEYWORKER, leeds)
    )
    moorland_keyworker = staff("kw_mdi", Role.KEYWORKER, moorland)
    Allocation.objects.create(prisoner=cases["moorland"], keyworker=moorland_keyworker)
    keywork(keyworker, cases["seen"], NOW - dt.timedelta(days=2))  # Saturday 21 November
    keywork(
        keyworker, cases["late"], NOW - dt.timedelta(hours=2), held=False,
        not_held_reason="regime", summary="",
    )  # fmt: skip
    keywork(moorland_keyworker, cases["moorland"], NOW - dt.timedelta(hours=1))
    return cases


def test_my_keywork_downloads_as_csv_with_only_the_keyworkers_own_prisoners(
    caseload: dict[str, Prisoner], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.KEYWORKER)
    page = client.get(reverse("keywork")).content.decode()
    assert 'href="?format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("keywork"), {"format": "csv"})
    lines = csv_lines(response, "my-keywork.csv")
    assert lines[0] == "prison_number,surname,first_name,next_session_due,overdue,explanation"
    late, seen = caseload["late"].prison_number, caseload["seen"].prison_number
    assert lines[1:] == [  # by surname; not another keyworker's prisoner
        f"{late},Late,Bob,2026-06-08,Overdue,Keywork session overdue since 8 June 2026: "
        "every week after allocation on 1 June 2026.",
        f"{seen},Seen,Ann,2026-11-28,,Keywork session due by 28 November 2026: "
        "every week after the last session on 21 November 2026.",
    ]
    pom = client_for(Role.PRISON_POM)  # no prisoners as keyworker: no link, the header only
    assert "Download this list (CSV)" not in pom.get(reverse("keywork")).content.decode()
    assert pom.get(reverse("keywork"), {"format": "csv"}).content.decode().splitlines() == [
        lines[0]
    ]
    read_only = client_for(Role.READ_ONLY).get(reverse("keywork"), {"format": "csv"})
    assert read_only.status_code == 403


def test_keywork_delivery_downloads_as_csv_one_row_a_week_for_the_prison(
    caseload: dict[str, Prisoner], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    page = client.get(reverse("keywork-delivery")).content.decode()
    assert 'href="?format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("keywork-delivery"), {"format": "csv"})
    lines = csv_lines(response, "keywork-delivery-LEI.csv")
    assert lines[0] == (
        "week_starting,prisoners_seen,prisoners_with_keyworker,prisoners_seen_percent,"
        "sessions_held,sessions_expected,sessions_held_percent,not_delivered"
    )
    assert len(lines) == 1 + 12  # every week the page shows
    # This week: Leeds only (not Moorland's session held today), one session not delivered.
    assert lines[1] == '2026-11-23,0,3,0,0,3,0,"Regime (lockdown, restricted regime): 1"'
    assert lines[2] == "2026-11-16,1,3,33,1,3,33,"
    weeks = list(csv.DictReader(lines))
    assert weeks[-1]["week_starting"] == "2026-09-07" and weeks[-1]["not_delivered"] == ""
    for role in (Role.KEYWORKER, Role.PRISON_POM):
        denied = client_for(role).get(reverse("keywork-delivery"), {"format": "csv"})
        assert denied.status_code == 403
