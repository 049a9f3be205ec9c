"""The API is rate limited per client: an anonymous address and a signed-in user each have a
rate (settings), and over it get 429 with Retry-After and a body that says when to try again."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import staff

ClientFor = Callable[[str], Client]


def with_rates(anon: str, user: str) -> override_settings:
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


def test_the_rates_are_settings() -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user"}
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "cases.security.AnonApiThrottle",
        "cases.security.UserApiThrottle",
    ]


@pytest.mark.django_db
def test_a_signed_in_user_over_the_rate_gets_a_clear_429(client_for: ClientFor) -> None:
    client = client_for("prison_pom")
    with with_rates("2/minute", "3/minute"):
        for _ in range(3):
            assert client.get("/api/v1/prisoners/").status_code == 200
        response = client.get("/api/v1/prisoners/")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Too many requests. Try again in ")
    assert body["detail"].endswith(" seconds.")
    assert 0 < body["retry_after"] <= 60
    assert int(response["Retry-After"]) == body["retry_after"]


@pytest.mark.django_db
def test_each_user_has_their_own_count(client_for: ClientFor, personas: dict[str, object]) -> None:
    first, second = client_for("prison_pom"), client_for("head_of_omu")
    with with_rates("2/minute", "2/minute"):
        for _ in range(2):
            first.get("/api/v1/prisoners/")
        assert first.get("/api/v1/prisoners/").status_code == 429
        assert second.get("/api/v1/prisoners/").status_code == 200


@pytest.mark.django_db
def test_a_token_counts_as_its_user(personas: dict[str, object]) -> None:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=personas['prison_pom']).key}"
    )
    with with_rates("1/minute", "2/minute"):
        assert client.get("/api/v1/prisoners/").status_code == 200
        assert client.get("/api/v1/prisoners/").status_code == 200
        assert client.get("/api/v1/prisoners/").status_code == 429


@pytest.mark.django_db
def test_anonymous_callers_are_limited_by_address(db: None) -> None:
    """Refused for want of a sign-in, again and again: the refusals count, per address."""
    with with_rates("2/minute", "100/minute"):
        for _ in range(2):
            assert APIClient().get("/api/v1/prisoners/", REMOTE_ADDR="10.2.0.1").status_code in (
                401,
                403,
            )
        assert APIClient().get("/api/v1/prisoners/", REMOTE_ADDR="10.2.0.1").status_code == 429
        assert APIClient().get("/api/v1/prisoners/", REMOTE_ADDR="10.2.0.2").status_code in (
            401,
            403,
        )


@pytest.mark.django_db
def test_a_made_up_forwarded_header_does_not_reset_the_count(db: None) -> None:
    with with_rates("2/minute", "100/minute"):
        for n in range(3):
            response = APIClient().get(
                "/api/v1/prisoners/", REMOTE_ADDR="10.2.0.4", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
            )
    assert response.status_code == 429


@pytest.mark.django_db
def test_guessing_tokens_is_slowed_down(db: None) -> None:
    client = APIClient()
    with with_rates("3/minute", "100/minute"):
        for n in range(3):
            client.credentials(HTTP_AUTHORIZATION=f"Token {n:040x}")
            refused = client.get("/api/v1/prisoners/", REMOTE_ADDR="10.2.0.3")
            assert refused.status_code == 403
            assert refused.json()["detail"] == "Invalid token."
        response = client.get("/api/v1/prisoners/", REMOTE_ADDR="10.2.0.3")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


@pytest.mark.django_db
def test_the_pages_are_not_throttled(leeds: object) -> None:
    user = staff("busy", "prison_pom", leeds)
    client = Client()
    client.force_login(user)
    with with_rates("1/minute", "1/minute"):
        for _ in range(5):
            assert client.get("/prisoners/").status_code == 200
