"""The policy what-if's API: the same figures as the page, runs across prisons, applying, who
may do what, and the schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, PrisonPolicy, Role, StaffRole
from planning import selectors
from planning.rules import SERIES
from tests.planning.conftest import TODAY

URL = "/api/v1/planning/what-if/"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_one_prison_answers_with_both_policies_week_by_week(
    client_for: Callable[[str], Client],
    leeds: Prison,
    planned: dict[str, Prisoner],
    time_machine: Any,
) -> None:
    time_machine.move_to(TODAY)
    response = post(
        client_for("head_of_omu"), URL, {"prison": "LEI", "changes": {"handover_rule": "legacy"}}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["prisons"] == ["LEI"]
    assert set(body["current"]["series"]) == set(SERIES)
    assert len(body["proposed"]["week_starts"]) == 52
    expected = selectors.policy_whatif(
        [Prison.objects.select_related("policy").get(pk=leeds.pk)],
        {"handover_rule": "legacy"},
        today=TODAY,
    )
    assert body["proposed"]["series"] == expected.proposed.series
    assert body["proposed"]["com_by_ldu"] == expected.proposed.com_by_ldu


@pytest.mark.parametrize(
    ("who", "prison", "status"),
    [("prison_pom", "LEI", 403), ("head_of_omu", "MDI", 404), ("case_admin", "LEI", 403)],
)
def test_only_the_head_of_omu_of_the_prison_tries_a_policy(
    who: str, prison: str, status: int, client_for: Callable[[str], Client], moorland: Prison
) -> None:
    assert post(client_for(who), URL, {"prison": prison}).status_code == status


def test_a_threshold_the_engine_refuses_is_a_400_naming_it(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    response = post(
        client_for("head_of_omu"), URL, {"prison": "LEI", "changes": {"pom_capacity": 0}}
    )
    assert response.status_code == 400
    assert "pom_capacity" in response.json()


def test_all_prisons_start_a_run_to_follow(
    client_for: Callable[[str], Client],
    personas: dict[str, Any],
    moorland: Prison,
    planned: dict[str, Prisoner],
    django_capture_on_commit_callbacks: Any,
) -> None:
    StaffRole.objects.create(user=personas["head_of_omu"], prison=moorland, role="head_of_omu")
    client = client_for("head_of_omu")
    with django_capture_on_commit_callbacks(execute=True):
        started = post(client, URL, {"prison": "all", "changes": {"pom_capacity": 30}})
    assert started.status_code == 202
    run = client.get(reverse("api-planning-run", args=[started.json()["id"]])).json()
    assert run["status"] == "done" and run["progress"] == 100
    assert run["prisons"] == ["LEI", "MDI"]
    assert run["result"]["proposed"]["capacity"] < run["result"]["current"]["capacity"]
    assert (
        client_for("pom_mdi").get(reverse("api-planning-run", args=[run["id"]])).status_code == 403
    )


def test_applying_goes_through_the_policy_change(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    url = reverse("api-planning-apply")
    head = client_for("head_of_omu")
    changes = {"handover_rule": "single_point"}
    tried = post(head, reverse("api-planning-whatif"), {"prison": "LEI", "changes": changes})
    versions = tried.json()["policy_versions"]
    assert versions == {"LEI": 0}
    body = {"prison": "LEI", "changes": changes, "reason": "One point", "versions": versions}
    assert post(client_for("prison_pom"), url, body).status_code == 403
    assert post(head, url, {**body, "reason": ""}).status_code == 400
    unversioned = post(head, url, {k: v for k, v in body.items() if k != "versions"})
    assert unversioned.status_code == 400 and "versions" in unversioned.json()
    assert post(head, url, body).status_code == 204
    again = post(head, url, {**body, "changes": {"handover_rule": "legacy"}})  # tried at 0
    assert again.status_code == 409
    assert again.json()["changes"][0]["field"] == "handover_rule"
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.handover_rule == "single_point"
    assert policy.history.first().history_change_reason == "One point"  # type: ignore[union-attr]  # a change was just saved


def test_the_schema_documents_the_whatif_endpoints(
    db: None, personas: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    paths = (
        client_for(Role.HEAD_OF_OMU).get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    )
    assert {URL, f"{URL}runs/{{id}}/", f"{URL}apply/"} <= set(paths)
    assert set(paths[URL]["post"]["responses"]) >= {"200", "202", "400"}
