"""Every URL against every role: allowed roles get 200, others 403, 404 or a login redirect."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases import access
from cases.models import Allocation, Prison, Prisoner, Role

ALL = {r.value for r in Role}
OMU = ALL - {Role.COM}


def urls(case_number: str) -> list[tuple[str, set[str], int]]:
    """(url, roles allowed, status for the others)."""
    return [
        (reverse("home"), ALL, 403),
        (reverse("prisoner-list"), ALL, 403),
        (reverse("prisoner-detail", args=[case_number]), OMU, 404),
        (reverse("prisoner-history", args=[case_number]), OMU, 404),
        (reverse("prison-policy", args=["LEI"]), OMU, 403),
        (reverse("api-prison-policy", args=["LEI"]), OMU, 403),
        (reverse("api-prisoner-list"), ALL, 403),
        (reverse("api-prisoner-detail", args=[case_number]), OMU, 404),
        (reverse("api-schema"), ALL, 403),
        (reverse("api-docs"), ALL, 403),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_pages(
    role: str, client_for: Callable[[str], Client], leeds_case: object
) -> None:
    client = client_for(role)
    for url, allowed, other_status in urls(leeds_case.prison_number):
        response = client.get(url)
        expected = 200 if role in allowed else other_status
        assert response.status_code == expected, (role, url, response.status_code)


def test_a_com_sees_a_case_once_it_is_allocated_to_them(
    personas: dict, client_for: Callable[[str], Client], leeds_case: object
) -> None:
    Allocation.objects.create(prisoner=leeds_case, com=personas[Role.COM])
    client = client_for(Role.COM)
    for url, _, _ in urls(leeds_case.prison_number):
        if "policy" not in url:  # a prison's policy is for its OMU staff
            assert client.get(url).status_code == 200, url


def test_a_com_who_no_longer_holds_the_com_role_no_longer_sees_their_cases(
    personas: dict, client_for: Callable[[str], Client], leeds_case: object
) -> None:
    com = personas[Role.COM]
    Allocation.objects.create(prisoner=leeds_case, com=com)
    client = client_for(Role.COM)
    detail = reverse("prisoner-detail", args=[leeds_case.prison_number])
    assert client.get(detail).status_code == 200
    com.prison_roles.filter(role=Role.COM).delete()
    com.prison_roles.create(prison=leeds_case.current_prison, role=Role.KEYWORKER)
    moorland = Prison.objects.exclude(pk=leeds_case.current_prison_id).first()
    assert moorland is not None
    Prisoner.objects.filter(pk=leeds_case.pk).update(current_prison=moorland)
    assert client.get(detail).status_code == 404  # held elsewhere, and no longer their COM role


def test_staff_who_are_no_com_are_scoped_by_prison_alone(
    personas: dict, leeds_case: object
) -> None:
    """Their lists' queries need no national look through every allocation's COM."""
    head_scope = str(access.prisoners_for_user(personas[Role.HEAD_OF_OMU]).query)
    com_scope = str(access.prisoners_for_user(personas[Role.COM]).query)
    assert "com_id" not in head_scope and "com_id" in com_scope


def test_anonymous_visitors_are_sent_to_sign_in(db: None, leeds_case: object) -> None:
    client = Client()
    for url, _, _ in urls(leeds_case.prison_number):
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def test_sign_in_and_health_need_no_login(db: None) -> None:
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_a_user_without_any_role_is_refused(db: None) -> None:
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("prisoner-list")).status_code == 403
    assert client.get(reverse("api-prisoner-list")).status_code == 403


def test_the_django_admin_is_for_superusers_only(
    db: None, client_for: Callable[[str], Client]
) -> None:
    from tests.factories import UserFactory

    head = client_for(Role.HEAD_OF_OMU)
    response = head.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


def test_switching_prison_needs_a_post(client_for: Callable[[str], Client]) -> None:
    assert client_for(Role.HEAD_OF_OMU).get(reverse("switch-prison")).status_code == 405
