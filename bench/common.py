"""Shared set-up for the page benchmarks: a scratch PostgreSQL database and a timed client.

Benchmarks print figures; they are not tests and assert nothing about speed.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _recreate(database: str) -> str:
    """Drop and create the scratch database `database`; its URL."""
    import psycopg

    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    return urlsplit(base)._replace(path=f"/{database}").geturl()


def setup_django(database: str) -> None:
    """Point Django at a fresh scratch database `database` (dropped and created) and migrate."""
    os.environ["DATABASE_URL"] = _recreate(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omu.settings.dev")
    # As production serves pages: DEBUG off (no query log kept, templates without debug info).
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_database(database: str) -> None:
    """Start again on an empty, migrated `database` (Django already set up on it): each size a
    bench compares gets a database of its own, not the dead rows of the one deleted before."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    _recreate(database)
    call_command("migrate", verbosity=0)


def median_ms(fetch: object, repeats: int = 15, warmups: int = 2) -> tuple[float, int]:
    """Median wall time of `fetch()` in milliseconds, and the last response's status code."""
    status = 0
    for _ in range(warmups):
        status = fetch().status_code  # type: ignore[operator]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        status = fetch().status_code  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), status


def analyze() -> None:
    """Vacuum and refresh PostgreSQL's planner statistics after bulk seeding, as autovacuum
    would (it vacuums a table after many inserts, not only after updates): the visibility map
    lets index-only scans skip the table, as they would in a running service."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
