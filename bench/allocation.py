"""Benchmark the allocation queue page at 200 and 2,000 prisoners in one prison.

Usage: .venv/bin/python bench/allocation.py [--sizes 200 2000] [--requests 9] [--json]

Uses its own scratch database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/omu_bench5), creating and migrating it if needed; it never
touches another database. For each size it seeds the demo (`seed_demo`, two prisons of that
size: the first, LEI, is measured; then ANALYZE, as autovacuum would), signs in as the head of OMU and requests /allocation/ with
Django's test Client: a few warm-up requests, then the median of --requests timed ones. It also
reports the query count (which must not grow with the prison) and the staff page's median.
Aim: the larger prison's queue no more than 3 times the smaller's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/omu_bench5"


def ensure_database(url: str) -> None:
    """Create the scratch database if it does not exist (connecting to `postgres`)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    admin = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def median_ms(client: object, url: str, requests: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: templates, caches, connection
        assert client.get(url).status_code == 200
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--requests", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print one JSON line only")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url  # only this scratch database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omu.settings.test")
    ensure_database(url)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cases.models import Prisoner
    from demo.seed import seed_demo

    setup_test_environment()  # allows the test Client's host; email to memory
    call_command("migrate", verbosity=0)
    results = []
    for size in args.sizes:
        seeded = time.perf_counter()
        seed_demo(seed=1, prisons=2, prisoners_per_prison=size)
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load: fresh planner statistics.
            cursor.execute("ANALYZE")
        seconds = time.perf_counter() - seeded
        client = Client()
        client.force_login(get_user_model().objects.get(username="spo"))
        queue_ms, queue_queries = median_ms(client, "/allocation/", args.requests)
        staff_ms, staff_queries = median_ms(client, "/allocation/staff/", args.requests)
        results.append(
            {
                "prisoners": Prisoner.objects.filter(current_prison__code="LEI").count(),
                "queue_ms": round(queue_ms, 1),
                "queue_queries": queue_queries,
                "staff_ms": round(staff_ms, 1),
                "staff_queries": staff_queries,
                "seed_seconds": round(seconds, 1),
            }
        )
    ratio = results[-1]["queue_ms"] / results[0]["queue_ms"] if len(results) > 1 else 1.0
    summary = {"results": results, "queue_ratio": round(ratio, 2), "aim": "ratio <= 3"}
    if args.json:
        print(json.dumps(summary))
        return
    print(f"{'prisoners at LEI':>17} {'queue ms':>9} {'queries':>8} {'staff ms':>9} {'queries':>8}")
    for r in results:
        print(
            f"{r['prisoners']:>17} {r['queue_ms']:>9} {r['queue_queries']:>8} "
            f"{r['staff_ms']:>9} {r['staff_queries']:>8}"
        )
    verdict = "within" if ratio <= 3 else "OVER"
    print(f"queue: largest / smallest = {ratio:.2f} ({verdict} the aim of 3)")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
