"""`make run` uses SQLite: the demo must seed and its main pages render there too.

The rest of the suite runs on PostgreSQL, so a PostgreSQL-only query would otherwise reach a
newcomer's first `make run` unnoticed. Runs in a subprocess against a throwaway SQLite file.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client
call_command("migrate", verbosity=0)
call_command("seed_demo", prisons=2, prisoners_per_prison=30, force=True, verbosity=0)
call_command("backfill_stats", days=2)
from cases.models import Prisoner
number = Prisoner.objects.filter(current_prison__code="LEI").order_by("prison_number")[0].prison_number
pages = {
    "spo": [
        "/",
        "/dashboard/",
        "/prisoners/",
        "/allocation/",
        "/handover/",
        "/interventions/",
        "/audit/",
        f"/prisoners/{number}/subject-access/?format=json",
    ],
    "pom": ["/", "/prisoners/?sort=release", f"/prisoners/{number}/", f"/prisoners/{number}/record/"],
    "com": ["/"],
    "keyworker": ["/keywork/"],
}
for username, urls in pages.items():
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username=username))
    for url in urls:
        status = client.get(url).status_code
        assert status == 200, (username, url, status)
print("ok")
"""


def test_the_demo_seeds_and_serves_on_sqlite(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "omu.settings.dev",
    }
    result = subprocess.run(  # noqa: S603 - our own script, no user input
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
