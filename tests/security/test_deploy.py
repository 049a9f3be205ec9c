"""Production settings: `check --deploy` is clean, and no published, placeholder or weak
SECRET_KEY gets past start-up. Each runs a fresh interpreter, as a real start would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
GOOD_KEY = secrets.token_urlsafe(64)
ENV = {
    "ALLOWED_HOSTS": "omu.example.gov.uk",
    "DATABASE_URL": "postgres://omu:omu@127.0.0.1:5432/omu",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        env={**clean, **ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=settings.BASE_DIR,
    )


def test_check_deploy_gives_no_warning() -> None:
    result = run(
        [MANAGE, "check", "--deploy", "--fail-level", "DEBUG", "--settings=omu.settings.prod"],
        SECRET_KEY=GOOD_KEY,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def load_prod(key: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'omu.settings.prod'; "
        "from django.conf import settings; print(len(settings.SECRET_KEY), settings.DEBUG)"
    )
    return run(["-c", code], SECRET_KEY=key)


def example_key() -> str:
    for line in (Path(settings.BASE_DIR) / ".env.example").read_text().splitlines():
        if line.startswith("SECRET_KEY="):
            return line.partition("=")[2]
    raise AssertionError(".env.example has no SECRET_KEY")


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("", "at least 50 characters"),
        ("short-but-random-Zq8", "at least 50 characters"),
        (example_key(), "the example's or a placeholder"),
        ("django-insecure-" + "x7Gq2" * 10, "the example's or a placeholder"),
        ("please-change-me-" + "Gq2x7" * 10, "the example's or a placeholder"),
        ("dev-only-not-secret" * 3, "the example's or a placeholder"),
        ("ab" * 40, "not random enough"),
    ],
)
def test_production_refuses_a_weak_or_published_secret_key(key: str, why: str) -> None:
    result = load_prod(key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert why in result.stderr
    assert "secrets.token_urlsafe" in result.stderr  # and says how to make a good one


def test_production_starts_with_a_long_random_key() -> None:
    result = load_prod(GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(GOOD_KEY)), "False"]


def test_production_cookies_and_headers() -> None:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'omu.settings.prod'; "
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS, "
        "s.SESSION_COOKIE_NAME, s.SECURE_SSL_REDIRECT, s.SESSION_ENGINE)"
    )
    result = run(["-c", code], SECRET_KEY=GOOD_KEY, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "True", "True", "True", "True", "True", "same-origin", "DENY",
        "__Host-omu_session", "True", "django.contrib.sessions.backends.cached_db",
    ]  # fmt: skip
    # No shared cache, no cached sessions: each worker's own copy could outlive a sign-out.
    alone = run(["-c", code], SECRET_KEY=GOOD_KEY, REDIS_URL="")
    assert alone.stdout.split()[-1] == "django.contrib.sessions.backends.db"
