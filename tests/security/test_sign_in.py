"""Sign-in: repeated failures lock out a username, and an address at a higher limit, for a
while; the sign-in page says until when; every failure is recorded; logout is POST only."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.security.conftest import PASSWORD

LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> object:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_username_out_even_with_the_right_one(
    personas: dict[str, object],
) -> None:
    client = Client()
    for _ in range(4):
        response = sign_in(client, "prison_pom_lei", "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    locked = sign_in(client, "prison_pom_lei", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You have tried to sign in too many times. Try again after" in page
    assert "15 minutes from now" in page
    assert 'data-testid="locked-out"' in page
    assert "no-store" in locked["Cache-Control"]

    right = sign_in(client, "prison_pom_lei", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    # From another address too: the username is what is locked.
    elsewhere = sign_in(Client(), "prison_pom_lei", PASSWORD, address="10.9.9.9")
    assert elsewhere.status_code == 429


@pytest.mark.django_db
def test_every_failure_is_recorded_with_the_address_and_whether_it_locked_out(
    personas: dict[str, object],
) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "prison_pom_lei", "wrong", address="10.0.0.7")
    failures = AccessFailureLog.objects.filter(username="prison_pom_lei").order_by("attempt_time")
    assert failures.count() == 5
    assert {f.ip_address for f in failures} == {"10.0.0.7"}
    assert [f.locked_out for f in failures] == [False] * 4 + [True]
    attempt = AccessAttempt.objects.get(username="prison_pom_lei")
    assert attempt.failures_since_start == 5
    assert "wrong" not in attempt.post_data  # the password is never stored


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off_time(personas: dict[str, object]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(Client(), "prison_pom_lei", "wrong")
        assert sign_in(Client(), "prison_pom_lei", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        client = Client()
        response = sign_in(client, "prison_pom_lei", PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(personas["prison_pom"].pk)
    assert AccessLog.objects.filter(username="prison_pom_lei").exists()  # the sign-in is logged


@pytest.mark.django_db
def test_an_address_is_locked_out_after_more_failures_across_usernames(
    personas: dict[str, object],
) -> None:
    """Guessing one password for many usernames: the address is locked at 20 failures (staff
    in one prison may share an address, so it is higher than a username's 5)."""
    for n in range(19):
        assert sign_in(Client(), f"guess{n}", "Password1").status_code == 200
    assert sign_in(Client(), "guess19", "Password1").status_code == 429
    # Now even a real user at that address, with the right password, must wait.
    assert sign_in(Client(), "head_of_omu_lei", PASSWORD).status_code == 429
    # Others elsewhere are not affected.
    assert sign_in(Client(), "head_of_omu_lei", PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, SIGN_IN_ADDRESS_FAILURE_LIMIT=6)
def test_the_limits_are_settings(personas: dict[str, object]) -> None:
    for _ in range(2):
        assert sign_in(Client(), "prison_pom_lei", "wrong").status_code == 200
    assert sign_in(Client(), "prison_pom_lei", "wrong").status_code == 429


@pytest.mark.django_db
def test_the_admin_sign_in_is_protected_too(personas: dict[str, object]) -> None:
    for _ in range(5):
        response = Client().post(
            "/admin/login/",
            {"username": "head_of_omu_lei", "password": "wrong"},
            REMOTE_ADDR="10.0.0.3",
        )
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_sign_in_page_says_why_after_a_timeout() -> None:
    page = Client().get(LOGIN, {"timed_out": "1", "next": "/prisoners/"}).content.decode()
    assert "You were signed out because you did nothing for 30 minutes" in page
    assert "You were signed out" not in Client().get(LOGIN).content.decode()


@pytest.mark.django_db
def test_logout_is_post_only(client_for: object) -> None:
    client = client_for("prison_pom")
    refused = client.get(reverse("logout"))
    assert refused.status_code == 405
    assert client.get(reverse("home")).status_code == 200  # still signed in

    signed_out = client.post(reverse("logout"))
    assert signed_out.status_code == 302
    assert signed_out["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_it_saw_counts_not_what_the_client_claims(
    personas: dict[str, object],
) -> None:
    """Behind one proxy, the last X-Forwarded-For entry is the client: a client rotating a
    made-up entry before it is still one address."""
    for n in range(20):
        forwarded = f"192.0.2.{n}, 198.51.100.7"
        response = Client().post(
            LOGIN,
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    assert response.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    elsewhere = Client().post(
        LOGIN,
        {"username": "head_of_omu_lei", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert elsewhere.status_code == 302  # same proxy, another client


@pytest.mark.django_db
def test_without_a_proxy_a_forwarded_header_is_ignored(personas: dict[str, object]) -> None:
    Client().post(
        LOGIN,
        {"username": "x", "password": "x"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["10.0.0.9"]
