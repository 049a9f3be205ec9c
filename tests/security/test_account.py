"""One's own account: sessions end after inactivity (with a warning on every signed-in page),
the password can be changed, and the head of OMU sees and clears their staff's lockouts."""

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Prison, Role
from tests.factories import staff
from tests.security.conftest import PASSWORD

ClientFor = Callable[[str], Client]


# --- Idle sessions -------------------------------------------------------------------------


def test_a_session_lasts_30_idle_minutes() -> None:
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "cases.security.IdleSessionMiddleware" in settings.MIDDLEWARE


def test_the_idle_time_comes_from_the_environment() -> None:
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    env = {**os.environ, "SESSION_IDLE_MINUTES": "10", "DJANGO_SETTINGS_MODULE": "omu.settings.dev"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip().splitlines()[-1] == "600"


@pytest.mark.django_db
def test_a_session_ends_after_30_minutes_without_a_request(client_for: ClientFor) -> None:
    start = timezone.now()

    def at(minutes: float) -> int:
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            return client.get(reverse("home")).status_code

    with time_machine.travel(start, tick=False):
        client = client_for("prison_pom")
    assert at(0) == 200
    assert at(29) == 200  # moves the expiry on
    assert at(58) == 200
    assert at(58.5) == 200  # within the minute: no write
    assert at(87.9) == 200  # so the expiry is 30 minutes after 58, not 58.5
    assert at(118.5) == 302  # 30.6 minutes after the last move
    with time_machine.travel(start + dt.timedelta(minutes=119), tick=False):
        assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_sessions_read_from_the_cache_end_as_they_do_from_the_database(
    client_for: ClientFor,
) -> None:
    """Production reads sessions from Redis, the database behind it (`omu.settings.prod`): the
    idle timeout and signing out hold the same, and a busy page reads no session row."""
    cache.clear()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for("prison_pom")

    def at(minutes: float) -> int:
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            return client.get(reverse("home")).status_code

    assert at(0) == 200
    with CaptureQueriesContext(connection) as queries:
        assert at(0.5) == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert at(29) == 200  # moves the expiry on, in the cache and the database
    assert at(58) == 200
    assert at(88.5) == 302  # 30.5 minutes after the last move
    with time_machine.travel(start + dt.timedelta(minutes=90), tick=False):
        client = client_for("prison_pom")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, kept
        assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_the_expiry_moves_at_most_once_a_minute(client_for: ClientFor) -> None:
    """Busy pages cost no session write; a write comes a minute after the last one."""
    start = timezone.now()
    client = client_for("prison_pom")
    url = reverse("password_change")

    def get(seconds: int) -> tuple[int, Any]:
        moment = start + dt.timedelta(seconds=seconds)
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), response

    _, first = get(1)  # signing in started the clock: no write yet
    writes, later = get(61)
    reads, again = get(119)
    assert reads < writes  # the UPDATE of the session (and its savepoint), once a minute
    assert "sessionid" not in first.cookies
    assert "sessionid" not in again.cookies
    assert later.cookies["sessionid"]["max-age"] == 1800


@pytest.mark.django_db
def test_signed_in_pages_carry_the_timeout_warning_and_the_keep_alive_works(
    client_for: ClientFor,
) -> None:
    client = client_for("prison_pom")
    page = client.get(reverse("prisoner-list")).content.decode()
    assert 'id="omu-timeout-warning"' in page
    expires_in = int(re.search(r'data-expires-in="(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert 1790 <= expires_in <= 1800  # the clock started at sign-in, a moment ago
    assert 'data-warning-seconds="120"' in page
    assert "/static/omu/timeout-warning.js" in page
    assert "timed_out=1&amp;next=/prisoners/" in page

    alive = client.get(reverse("keep-alive"))
    assert alive.status_code == 200
    assert alive.json() == {"expires_in": 1800}
    assert "no-store" in alive["Cache-Control"]

    anonymous = Client().get(reverse("login")).content.decode()
    assert "omu-timeout-warning" not in anonymous
    assert Client().get(reverse("keep-alive")).status_code == 302


# --- Changing one's password ---------------------------------------------------------------


@pytest.mark.django_db
def test_staff_change_their_password_from_the_header(client_for: ClientFor) -> None:
    client = client_for("prison_pom")
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in home

    form = client.get(reverse("password_change"))
    assert form.status_code == 200
    assert "Change your password" in form.content.decode()

    wrong = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "a-new-pass-phrase",
            "new_password2": "a-new-pass-phrase",
        },
    )
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly" in wrong.content.decode()

    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "This password is too common" in weak.content.decode()

    done = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-pass-phrase",
            "new_password2": "a-new-pass-phrase",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_change_done")
    assert "Password changed" in client.get(done["Location"]).content.decode()
    assert client.get(reverse("home")).status_code == 200  # still signed in here
    user = get_user_model().objects.get(username="prison_pom_lei")
    assert user.check_password("a-new-pass-phrase")


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions(personas: dict[str, object]) -> None:
    here, elsewhere = Client(), Client()
    here.force_login(personas["prison_pom"])
    elsewhere.force_login(personas["prison_pom"])
    here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-pass-phrase",
            "new_password2": "a-new-pass-phrase",
        },
    )
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302


def test_the_password_page_needs_a_signed_in_user(db: None) -> None:
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Lockouts, for the head of OMU ---------------------------------------------------------


def fail(username: str, times: int, address: str = "10.1.1.1") -> None:
    for _ in range(times):
        Client().post(
            reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address
        )


@pytest.mark.django_db
def test_the_head_of_omu_sees_and_clears_lockouts_of_their_prisons_staff(
    client_for: ClientFor, personas: dict[str, object]
) -> None:
    fail("prison_pom_lei", 5)
    fail("keyworker_lei", 2, address="10.1.1.2")
    fail("pom_mdi", 5, address="10.1.1.3")  # Moorland's: not Leeds' business
    head = client_for("head_of_omu")

    home = head.get(reverse("home")).content.decode()
    assert f'href="{reverse("sign-in-lockouts")}"' in home
    page = head.get(reverse("sign-in-lockouts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "prison_pom_lei" in text
    assert "Locked out" in text
    assert "keyworker_lei" in text
    assert "pom_mdi" not in text
    assert text.count('data-testid="lockouts"') == 1
    assert "10.1.1.1" in text  # the failure history says from where

    cleared = head.post(reverse("sign-in-lockouts"), {"username": "prison_pom_lei"})
    assert cleared.status_code == 302
    assert not AccessAttempt.objects.filter(username="prison_pom_lei").exists()
    signed_in = Client().post(
        reverse("login"),
        {"username": "prison_pom_lei", "password": PASSWORD},
        REMOTE_ADDR="10.1.1.1",
    )
    assert signed_in.status_code == 302

    # Another prison's member of staff cannot be unlocked from Leeds.
    assert head.post(reverse("sign-in-lockouts"), {"username": "pom_mdi"}).status_code == 404
    assert AccessAttempt.objects.filter(username="pom_mdi").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.HEAD_OF_OMU])
def test_only_the_head_of_omu_sees_lockouts(client_for: ClientFor, role: str) -> None:
    client = client_for(role)
    assert client.get(reverse("sign-in-lockouts")).status_code == 403
    assert "Sign-in lockouts" not in client.get(reverse("home"), follow=True).content.decode()


@pytest.mark.django_db
def test_a_head_of_omu_elsewhere_is_not_one_here(
    leeds: Prison, moorland: Prison, personas: dict[str, object]
) -> None:
    """Head of OMU at Moorland, POM at Leeds: working at Leeds, no lockouts page."""
    user = staff("mixed", Role.HEAD_OF_OMU, moorland)
    staff("mixed", Role.PRISON_POM, leeds)
    client = Client()
    client.force_login(user)
    client.post(reverse("switch-prison"), {"prison": "LEI", "next": "/"})
    assert client.get(reverse("sign-in-lockouts")).status_code == 403
    client.post(reverse("switch-prison"), {"prison": "MDI", "next": "/"})
    assert client.get(reverse("sign-in-lockouts")).status_code == 200
