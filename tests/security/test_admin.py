"""The Django admin is for superusers only: staff flags or OMU roles do not open it."""

from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

from cases.models import Role

ADMIN_PAGES = [
    "/admin/",
    "/admin/cases/prisoner/",
    "/admin/auth/user/",
    "/admin/axes/accessattempt/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_head_of_omu_even_with_the_staff_flag_gets_only_the_admin_sign_in(
    personas: dict[str, object], url: str
) -> None:
    user = personas[Role.HEAD_OF_OMU.value]
    user.is_staff = True  # type: ignore[attr-defined]
    user.save()  # type: ignore[attr-defined]
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_superuser_uses_the_admin(url: str) -> None:
    superuser = get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x")
    client = Client()
    client.force_login(superuser)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_superusers_see_every_lockout_in_the_admin(client_for: Callable[[str], Client]) -> None:
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "anyone", "password": "x"})
    assert AccessAttempt.objects.filter(username="anyone").exists()
    superuser = get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x")
    client = Client()
    client.force_login(superuser)
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert "anyone" in page
