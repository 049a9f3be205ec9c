"""Error pages sit inside the service's layout, say what went wrong in words and link home."""

from collections.abc import Callable

import pytest
from django.db import connections
from django.test import Client, RequestFactory
from django.urls import reverse

from cases.models import Role
from cases.views.errors import server_error

pytestmark = pytest.mark.django_db


def test_a_com_opening_the_dashboard_sees_why_and_a_way_home(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.COM).get(reverse("dashboard"))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="moj-header"' in page and "Sign out" in page
    assert '<h1 class="govuk-heading-l">You cannot see this page</h1>' in page
    reason = page.split('data-testid="denied-reason">')[1].split("</p>")[0]
    assert reason.startswith("You need one of these roles at HMP Leeds to see this page: ")
    assert "head of OMU" in reason
    assert f'href="{reverse("home")}" data-testid="home-link"' in page
    assert "<title>You cannot see this page - " in page


def test_a_keyworker_on_keywork_delivery_is_told_which_roles_may(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.KEYWORKER).get(reverse("keywork-delivery"))
    assert response.status_code == 403
    reason = response.content.decode().split('data-testid="denied-reason">')[1].split("</p>")[0]
    assert reason.startswith("You need ") and "HMP Leeds" in reason


def test_an_unknown_page_is_a_page_not_found_in_the_layout(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.PRISON_POM).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'class="moj-header"' in page
    assert 'data-testid="home-link"' in page


def test_the_500_page_reads_nothing_from_the_database(
    django_assert_num_queries: Callable[..., object],
) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):  # type: ignore[attr-defined]  # a context manager
        response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert 'data-testid="home-link"' in page


def test_the_500_page_renders_with_the_database_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = server_error(RequestFactory().get("/"))
    assert b"Sorry, there is a problem with the service" in response.content


def test_a_stale_form_token_gets_the_csrf_page(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.PRISON_POM)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("switch-prison"), {"prison": "LEI"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Sorry, your form was not sent" in page and 'class="moj-header"' in page
