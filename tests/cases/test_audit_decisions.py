"""Every decision leaves a row the head of OMU can read on the audit page: allocation,
screening (BCS, categorisation, OASys), handover (override, checklist), policy and roll import."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from allocation import services as allocation
from cases.models import Prison, Prisoner, PrisonPolicy, Role
from cases.roll import services as roll
from cases.services import prison_policy_update
from handover import services as handover
from screening import services as screening
from tests.cases.roll_files import csv_bytes, row
from tests.factories import PrisonerFactory, SentenceFactory
from tests.handover.conftest import make_case
from tests.screening.conftest import (
    NOW,
    Arrive,
    arrive,  # noqa: F401  # the fixture, used by name
)
from tests.screening.test_bcs import answers

TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def audit_page(client: Client, kind: str) -> list[tuple[str, str, str, str]]:
    """(action, case, who, what) of the page's rows of one kind."""
    response = client.get(reverse("audit"), {"kind": kind})
    assert response.status_code == 200
    return [(e.action, e.prison_number, e.who, e.what) for e in response.context["entries"]]


@pytest.fixture
def head(client_for: Callable[[str], Client]) -> Client:
    return client_for(Role.HEAD_OF_OMU)


def test_an_allocation(head: Client, leeds: Prison, personas: dict, arrive: Arrive) -> None:  # noqa: F811  # the fixture
    case = arrive(leeds, pom=None)
    allocation.allocation_assign(
        prisoner=case, pom=personas[Role.PRISON_POM], acting_user=personas[Role.CASE_ADMIN]
    )
    ((action, number, who, what),) = audit_page(head, "allocation")
    assert (action, number) == ("Allocated", case.prison_number)
    assert who.endswith("(Case admin)")
    assert what.startswith("POM: ")
    assert [a for a, *_ in audit_page(head, "holders")][0] == "Changed"


def test_a_bcs(head: Client, leeds: Prison, personas: dict, arrive: Arrive) -> None:  # noqa: F811  # the fixture
    case = arrive(leeds)
    screening.tasks_sync([case.pk], now=NOW)
    screening.bcs_complete(
        prisoner=case, acting_user=personas[Role.PRISON_POM], answers=answers(), now=NOW
    )
    rows = audit_page(head, "bcs")
    assert rows and {n for _, n, *_ in rows} == {case.prison_number}
    assert rows[0][2].endswith("(Prison POM)")
    assert any(what for *_, what in audit_page(head, "task_completed"))


def test_a_categorisation_and_an_oasys(
    head: Client,
    leeds: Prison,
    personas: dict,
    arrive: Arrive,  # noqa: F811  # the fixture
) -> None:
    case = arrive(leeds)
    screening.categorisation_decide(
        prisoner=case,
        acting_user=personas[Role.HEAD_OF_OMU],
        category="C",
        decided_on=TODAY,
        reason="Low risk",
        now=NOW,
    )
    screening.oasys_record(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        kind="initial",
        completed_on=TODAY,
        now=NOW,
    )
    categorisation = audit_page(head, "categorisation")
    assert categorisation and categorisation[0][1] == case.prison_number
    assert any("C" in what for *_, what in categorisation)
    oasys = audit_page(head, "oasys")
    assert [(a, n) for a, n, *_ in oasys] == [("Created", case.prison_number)]


def test_a_responsibility_override_and_a_checklist_item(
    head: Client, leeds: Prison, personas: dict
) -> None:
    case = make_case(leeds)
    handover.responsibility_override_add(
        prisoner=case, acting_user=personas[Role.HEAD_OF_OMU], reason="community_team"
    )
    handover.checklist_item_update(
        prisoner=case,
        code="pre_handover_oasys",
        acting_user=personas[Role.PRISON_POM],
        status="done",
        evidence="Countersigned",
        today=TODAY,
    )
    actions = {(a, n) for a, n, *_ in audit_page(head, "handover")}
    assert {
        ("Responsibility override added", case.prison_number),
        ("Checklist item", case.prison_number),
    } <= actions


def test_a_policy_change(head: Client, leeds: Prison, personas: dict) -> None:
    prison_policy_update(
        prison=leeds,
        acting_user=personas[Role.HEAD_OF_OMU],
        changes={"bcs_hours": 48},
        reason="Screen within two days",
        expected_version=PrisonPolicy.objects.get(prison=leeds).version,
    )
    rows = audit_page(head, "policy")
    assert any("48" in what for *_, what in rows)
    response = head.get(reverse("audit"), {"kind": "policy"})
    assert "Screen within two days" in [e.reason for e in response.context["entries"]]


def test_a_roll_import(
    head: Client,
    leeds: Prison,
    personas: dict,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    admin = personas[Role.CASE_ADMIN]
    with django_capture_on_commit_callbacks(execute=True):
        roll_import = roll.roll_import_create(
            prison=leeds,
            file_name="lei.csv",
            content=csv_bytes([row("B0001BB")]),
            full_roll=False,
            acting_user=admin,
        )
    with django_capture_on_commit_callbacks(execute=True):
        roll.roll_import_start(roll_import=roll_import, acting_user=admin)
    ((action, _, who, what),) = audit_page(head, "roll_import_applied")
    assert (action, what) == ("Applied", f"Roll import {roll_import.pk}: lei.csv")
    assert who.endswith("(Case admin)")
    assert audit_page(head, "roll_import")
    created = Prisoner.objects.get(prison_number="B0001BB")
    response = head.get(reverse("audit"), {"prison_number": created.prison_number})
    reasons = {e.reason for e in response.context["entries"]}
    assert any(r.startswith(f"roll import {roll_import.pk}") for r in reasons)


def test_the_rows_are_dated_as_decided(head: Client, leeds: Prison, personas: dict) -> None:
    prison_policy_update(
        prison=leeds,
        acting_user=personas[Role.HEAD_OF_OMU],
        changes={"bcs_hours": 48},
        reason="x",
        expected_version=PrisonPolicy.objects.get(prison=leeds).version,
    )
    (entry,) = head.get(reverse("audit"), {"kind": "policy"}).context["entries"][:1]
    assert entry.when == NOW.astimezone(dt.UTC)


def test_an_early_allocation_assessment(head: Client, leeds: Prison, personas: dict) -> None:
    case = PrisonerFactory(current_prison=leeds)
    SentenceFactory(prisoner=case, conditional_release_date=dt.date(2028, 1, 10))
    allocation.early_allocation_assess(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        oasys_risk_assessment_date=TODAY - dt.timedelta(days=20),
        automatic=["mappa_level_3"],
        today=TODAY,
    )
    ((action, number, who, what),) = audit_page(head, "early_allocation")
    assert (action, number) == ("Created", case.prison_number)
    assert who.endswith("(Prison POM)")
    assert "Eligible" in what
