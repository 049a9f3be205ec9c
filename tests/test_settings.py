"""Production settings pass Django's deployment checks and refuse to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

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
