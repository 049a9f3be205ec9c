"""Production settings pass Django's deployment checks and refuse to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [
            sys.executable,
            MANAGE,
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=omu.settings.prod",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy() -> None:
    result = run_check(
        SECRET_KEY="k" * 30 + "-not-a-real-secret-" + "z" * 30, ALLOWED_HOSTS="omu.example"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_check(ALLOWED_HOSTS="omu.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def database_options(**env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "o = settings.DATABASES['default'].get('OPTIONS', {}); "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARE_THRESHOLD"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "omu.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_keeps_a_page_s_queries_prepared_unless_told_not_to() -> None:
    url = "postgres://omu@127.0.0.1:5432/omu"
    assert database_options(DATABASE_URL=url) == "True 5"
    assert database_options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="2") == "True 2"
    # Off behind a pooler in transaction mode; and SQLite has nothing to prepare.
    assert database_options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="0") == "None None"
    assert database_options(DATABASE_URL="sqlite:///demo.sqlite3") == "None None"


@pytest.mark.django_db
def test_a_query_run_often_on_a_connection_is_prepared_once() -> None:
    from django.db import connection

    from cases.models import Prison

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    for code in ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG"][: threshold + 2]:
        list(Prison.objects.filter(code=code))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "cases_prison" WHERE "cases_prison"."code" = $1%'],
        )
        (prepared,) = cursor.fetchone()
    assert prepared == 1
