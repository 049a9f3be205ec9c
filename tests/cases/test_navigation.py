"""Each role's navigation holds its own daily pages; the lists show what each role can use."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Role

pytestmark = pytest.mark.django_db


def nav_titles(client: Client) -> list[str]:
    return [link.title for link in client.get(reverse("home")).context["navigation"]]


def test_a_keyworker_has_my_keywork_in_the_navigation(
    client_for: Callable[[str], Client],
) -> None:
    assert "My keywork" in nav_titles(client_for(Role.KEYWORKER))
    for role in (Role.PRISON_POM, Role.HEAD_OF_OMU, Role.COM):
        assert "My keywork" not in nav_titles(client_for(role))


def test_each_role_sees_its_daily_pages(client_for: Callable[[str], Client]) -> None:
    assert {"Allocations", "Dashboard"} <= set(nav_titles(client_for(Role.HEAD_OF_OMU)))
    assert {"My caseload", "My tasks"} <= set(nav_titles(client_for(Role.PRISON_POM)))
    assert "Handovers" in nav_titles(client_for(Role.COM))


def test_a_com_sees_no_pom_filter_but_the_head_of_omu_does(
    client_for: Callable[[str], Client],
) -> None:
    com_page = client_for(Role.COM).get(reverse("prisoner-list"), {"pom": "me"})
    assert com_page.status_code == 200
    assert 'name="pom"' not in com_page.content.decode()
    head_page = client_for(Role.HEAD_OF_OMU).get(reverse("prisoner-list"))
    assert 'name="pom"' in head_page.content.decode()
