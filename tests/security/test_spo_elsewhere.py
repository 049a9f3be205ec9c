"""The demo's `spo` is head of OMU at LEI and the second prison, and only a prison POM at NSI:
signed in as a new user would, with NSI chosen, every head of OMU action there is refused while
the same actions at LEI work."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cases.models import Prisoner, PrisonPolicy, Role, StaffRole
from demo.seed import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def spo() -> Iterator[Client]:
    call_command("seed_demo", force=True, prisons=3, prisoners_per_prison=12, stdout=io.StringIO())
    client = Client()
    signed_in = client.post(reverse("login"), {"username": "spo", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    yield client


def work_at(client: Client, code: str) -> None:
    client.post(reverse("switch-prison"), {"prison": code, "next": "/"})


def a_case_at(code: str) -> str:
    return Prisoner.objects.filter(current_prison__code=code).first().prison_number  # type: ignore[union-attr]  # the demo seeds cases at every prison


def head_of_omu_actions(client: Client, code: str) -> dict[str, int]:
    """What each head of OMU action answers at this prison, as the case or prison of `code`."""
    number = a_case_at(code)
    version = PrisonPolicy.objects.get(prison__code=code).version
    policy = {"reason": "Trying a change", "handover_months": 8, "version": version}
    override = {"reason": "community_team", "detail": "Agreed with the probation team"}
    return {
        "policy page change": client.post(reverse("prison-policy", args=[code]), {}).status_code,
        "policy API change": client.patch(
            reverse("api-prison-policy", args=[code]), policy, content_type="application/json"
        ).status_code,
        "override page": client.get(reverse("handover-override", args=[number])).status_code,
        "override API": client.post(
            reverse("api-handover-override", args=[number]),
            override,
            content_type="application/json",
        ).status_code,
        "directory: new offering": client.get(reverse("interventions-offering-new")).status_code,
        "directory: new catalogue entry": client.get(
            reverse("interventions-catalogue-new")
        ).status_code,
        "allocation queue": client.get(reverse("allocation-queue")).status_code,
        "allocate a case": client.get(reverse("allocation-allocate", args=[number])).status_code,
        "allocation API": client.post(
            reverse("api-allocation-list"),
            {"prison_number": number, "pom": "pom", "version": 0},
            content_type="application/json",
        ).status_code,
        "OMU task list": client.get(reverse("omu-tasks")).status_code,
        "sweep runs": client.get(reverse("sweep-runs")).status_code,
    }


def test_the_demo_gives_spo_only_a_pom_role_at_nsi(spo: Client) -> None:
    held = set(StaffRole.objects.filter(user__username="spo").values_list("prison__code", "role"))
    assert {role for code, role in held if code == "NSI"} == {Role.PRISON_POM}
    assert {role for code, role in held if code == "LEI"} == {Role.HEAD_OF_OMU}


def test_at_nsi_every_head_of_omu_action_is_refused(spo: Client) -> None:
    work_at(spo, "NSI")
    before = PrisonPolicy.objects.get(prison__code="NSI").handover_months
    answers = head_of_omu_actions(spo, "NSI")
    assert answers == dict.fromkeys(answers, 403)
    assert PrisonPolicy.objects.get(prison__code="NSI").handover_months == before
    runs = spo.get(reverse("api-sweep-runs")).json()
    assert all(run["prison"] != "NSI" for run in runs["results"])


def test_at_lei_the_same_actions_work(spo: Client) -> None:
    work_at(spo, "LEI")
    answers = head_of_omu_actions(spo, "LEI")
    refused = {action: status for action, status in answers.items() if status in (403, 404)}
    assert not refused
    assert PrisonPolicy.objects.get(prison__code="LEI").handover_months == 8
