"""Every screening URL against every role, and scoping to the user's prisons."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, Role
from screening import rules, services
from screening.models import Task
from tests.screening.conftest import NOW, Arrive

ALL = {r.value for r in Role}
OMU = ALL - {Role.COM}
ADMINS = {Role.HEAD_OF_OMU, Role.CASE_ADMIN}


@pytest.fixture
def case(leeds: Prison, personas: dict, arrive: Arrive) -> Prisoner:
    prisoner = arrive(leeds)
    services.tasks_sync([prisoner.pk], now=NOW)
    services.bcs_save_draft(
        prisoner=prisoner,
        acting_user=personas[Role.PRISON_POM],
        answers=rules.BcsAnswers(),
        now=NOW,
    )
    services.sweep_prison(prison=leeds, now=NOW)
    return prisoner


def urls(case: Prisoner) -> list[tuple[str, set[str], int]]:
    """(url, roles allowed, status for the others)."""
    number = case.prison_number
    task = Task.objects.filter(prisoner=case).first()
    return [
        (reverse("my-tasks"), OMU, 403),
        (reverse("omu-tasks"), ADMINS, 403),
        (reverse("task-detail", args=[task.pk]), OMU, 403),
        (reverse("case-tasks", args=[number]), OMU, 403),
        (reverse("bcs", args=[number]), OMU, 403),
        (reverse("categorisation", args=[number]), OMU, 403),
        (reverse("oasys", args=[number]), OMU, 403),
        (reverse("sweep-runs"), ADMINS, 403),
        (reverse("api-task-list"), OMU, 403),
        (reverse("api-task-detail", args=[task.pk]), OMU, 403),
        (reverse("api-bcs", args=[number]), OMU, 403),
        (reverse("api-categorisations", args=[number]), OMU, 403),
        (reverse("api-oasys", args=[number]), OMU, 403),
        (reverse("api-objectives", args=[number]), OMU, 403),
        (reverse("api-sweep-runs"), ADMINS, 403),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_screening_pages(
    role: str, client_for: Callable[[str], Client], case: Prisoner
) -> None:
    client = client_for(role)
    for url, allowed, other_status in urls(case):
        response = client.get(url)
        expected = 200 if role in allowed else other_status
        assert response.status_code == expected, (role, url, response.status_code)


def test_staff_at_another_prison_never_see_leeds_cases_or_tasks(
    case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for("pom_mdi")
    task = Task.objects.filter(prisoner=case).first()
    for name in ("bcs", "categorisation", "oasys", "case-tasks"):
        assert client.get(reverse(name, args=[case.prison_number])).status_code == 404, name
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("api-task-detail", args=[task.pk])).status_code == 404
    assert client.post(reverse("api-task-complete", args=[task.pk])).status_code == 404
    assert client.get(reverse("my-tasks")).context["rows"] == []


def test_anonymous_visitors_are_sent_to_sign_in(db: None, case: Prisoner) -> None:
    client = Client()
    for url, _, _ in urls(case):
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_only_staff_who_act_on_tasks_may_change_them(
    case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    task = Task.objects.get(prisoner=case, kind="transfer")
    body = {"reason": "Staying"}
    for role in (Role.KEYWORKER, Role.READ_ONLY):
        response = client_for(role).post(
            reverse("api-task-not-needed", args=[task.pk]), body, content_type="application/json"
        )
        assert response.status_code == 403, role
    assert (
        client_for(Role.READ_ONLY)
        .post(reverse("categorisation", args=[case.prison_number]), {"documents": ""})
        .status_code
        == 403
    )
