"""The policy what-if's pages: who reaches them at which prison, what they show, the CSV, the
run across prisons, applying the policy tried, and the links from the shared pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, PrisonPolicy, Role, StaffRole
from planning.models import WhatIfRun
from tests.downloads import csv_lines

ALL = sorted(r.value for r in Role)


@pytest.mark.parametrize("role", ALL)
def test_only_the_head_of_omu_tries_a_policy_at_their_own_prison(
    role: str, client_for: Callable[[str], Client], leeds: Prison, moorland: Prison
) -> None:
    client = client_for(role)
    own = client.get(reverse("planning-whatif", args=["LEI"]))
    assert own.status_code == (200 if role == Role.HEAD_OF_OMU else 403)
    # A prison where they hold no role: not found, whatever their role.
    assert client.get(reverse("planning-whatif", args=["MDI"])).status_code == 404


def test_a_pom_gets_no_whatif_anywhere(client_for: Callable[[str], Client]) -> None:
    client = client_for("prison_pom")
    assert client.get(reverse("planning-whatif-start")).status_code == 403
    assert client.get(reverse("planning-whatif", args=["all"])).status_code == 404


def test_the_start_goes_to_the_working_prison(client_for: Callable[[str], Client]) -> None:
    response = client_for("head_of_omu").get(reverse("planning-whatif-start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("planning-whatif", args=["LEI"])


def test_the_page_shows_both_policies_side_by_side_without_saving(
    client_for: Callable[[str], Client], leeds: Prison, planned: dict[str, Prisoner]
) -> None:
    client = client_for("head_of_omu")
    url = reverse("planning-whatif", args=["LEI"])
    first = client.get(url)
    assert b"whatif-summary" not in first.content  # nothing worked out before a submission
    response = client.get(url, {"handover_rule": "single_point", "pom_capacity": "30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="whatif-summary"' in html
    assert 'data-testid="chart-pom_cases"' in html
    assert "Every figure week by week, as a table" in html
    assert 'data-testid="apply-form"' in html
    assert PrisonPolicy.objects.get(prison=leeds).handover_rule == "national"
    view = response.context["view"]
    assert view.whatif.changes == {"handover_rule": "single_point", "pom_capacity": 30}
    assert view.capacity[1] < view.capacity[0]


def test_a_threshold_the_engine_refuses_shows_on_the_form(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    response = client_for("head_of_omu").get(
        reverse("planning-whatif", args=["LEI"]), {"pom_capacity": "0"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["pom_capacity"]
    assert "view" not in response.context


def test_the_csv_has_every_figure_week_by_week(
    client_for: Callable[[str], Client], leeds: Prison, planned: dict[str, Prisoner]
) -> None:
    response = client_for("head_of_omu").get(
        reverse("planning-whatif", args=["LEI"]), {"handover_rule": "legacy", "format": "csv"}
    )
    rows = [line.split(",") for line in csv_lines(response, "what-if-LEI.csv")]
    assert rows[0] == [
        "week_start",
        "figure",
        "probation_delivery_unit",
        "todays_policy",
        "policy_tried",
    ]
    figures = {row[1] for row in rows[1:]}
    assert {"handovers_starting", "com_responsible", "pom_responsible", "oasys_due"} <= figures
    assert {row[2] for row in rows[1:] if row[2]} >= {"Leeds", "Bradford"}
    assert rows[-1][1] == "pom_capacity"


def test_applying_the_policy_tried_saves_it_with_the_reason(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    client = client_for("head_of_omu")
    tried = {"handover_rule": "single_point", "handover_months": "12"}
    page = client.get(reverse("planning-whatif", args=["LEI"]), tried).content.decode()
    assert 'name="versions" value="LEI:0"' in page  # the policy version the figures come from
    response = client.post(
        reverse("planning-apply", args=["LEI"]),
        {**tried, "reason": "Recommendation 1c", "versions": "LEI:0"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("prison-policy", args=["LEI"])
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.handover_rule == "single_point"
    assert policy.history.first().history_change_reason == "Recommendation 1c"  # type: ignore[union-attr]  # a change was just saved


def test_a_policy_changed_since_the_whatif_was_tried_is_not_overwritten(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    """A head of OMU tries a 12-month handover; meanwhile another changes the policy. Applying
    the old what-if changes nothing and says so; the what-if is worked out again."""
    client = client_for("head_of_omu")
    PrisonPolicy.objects.update_or_create(
        prison=leeds, defaults={"handover_months": 9, "version": 1}
    )
    response = client.post(
        reverse("planning-apply", args=["LEI"]),
        {"handover_months": "12", "reason": "Recommendation 1c", "versions": "LEI:0"},
        follow=True,
    )
    assert "Someone changed the policy for HMP Leeds while you were trying this" in (
        response.content.decode()
    )
    assert "handover_months=12" in response.redirect_chain[0][0]
    assert PrisonPolicy.objects.get(prison=leeds).handover_months == 9


def test_applying_needs_a_reason_and_the_policy_permission(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    url = reverse("planning-apply", args=["LEI"])
    response = client_for("head_of_omu").post(url, {"handover_rule": "legacy", "versions": "LEI:0"})
    assert response.status_code == 302 and "handover_rule=legacy" in response["Location"]
    refused = {"handover_rule": "legacy", "reason": "x", "versions": "LEI:0"}
    assert client_for("prison_pom").post(url, refused).status_code == 403
    assert PrisonPolicy.objects.get(prison=leeds).handover_rule == "national"


def test_across_prisons_a_run_is_started_and_its_page_shows_the_result(
    client_for: Callable[[str], Client],
    personas: dict[str, Any],
    moorland: Prison,
    planned: dict[str, Prisoner],
    django_capture_on_commit_callbacks: Any,
) -> None:
    StaffRole.objects.create(user=personas["head_of_omu"], prison=moorland, role="head_of_omu")
    client = client_for("head_of_omu")
    page = client.get(reverse("planning-whatif", args=["all"]))
    assert page.status_code == 200
    assert b"across-note" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("planning-whatif", args=["all"]), {"handover_rule": "legacy"})
    run = WhatIfRun.objects.get()
    assert started["Location"] == reverse("planning-run", args=[run.pk])
    shown = client.get(started["Location"])
    assert shown.status_code == 200
    assert shown.context["view"].whatif.prisons == ["LEI", "MDI"]
    assert client.get(started["Location"], {"format": "csv"}).status_code == 200
    # Someone who may not try a policy at both prisons does not see the run.
    assert client_for("pom_mdi").get(started["Location"]).status_code == 403


def test_the_policy_page_the_dashboard_and_home_link_to_the_whatif(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    link = reverse("planning-whatif", args=["LEI"])
    client = client_for("head_of_omu")
    assert link in client.get(reverse("prison-policy", args=["LEI"])).content.decode()
    assert link in client.get(reverse("dashboard")).content.decode()
    assert reverse("planning-whatif-start") in client.get(reverse("home")).content.decode()
    assert (
        link
        not in client_for("case_admin").get(reverse("prison-policy", args=["LEI"])).content.decode()
    )
