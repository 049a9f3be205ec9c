"""Server time of the head of OMU's dashboard at a 200- and an 1,800-prisoner prison, and the
query count of each list page at both sizes.

    .venv/bin/python bench/dashboard.py [--repeats 15]

Seeds a scratch PostgreSQL database (`omu_bench_dashboard`, made afresh for each size) with
seed_demo, vacuums and analyses it as autovacuum would, signs in as `spo` and times
GET /dashboard/ with Django's test client (no network), in a process started the way
the WSGI server starts (`omu.wsgi`: views loaded, start-up objects frozen out of the garbage
collector's scans); `--no-wsgi-start-up` measures without that. Then counts the queries of the
case page, a caseload, the allocation queue, the task lists and the handover lists at both
sizes. Aims: under 120 ms median at 1,800 prisoners and no more than 1.5 times the
200-prisoner figure; every page's query count at most 1.5 times as many at the larger size.
"""

from __future__ import annotations

import argparse
import json

from common import analyze, fresh_database, median_ms, setup_django

AIM_MS, AIM_RATIO = 120.0, 1.5
DATABASE = "omu_bench_dashboard"


def pages(prison_code: str) -> dict[str, str]:
    """The pages whose query count must stay flat, with real identifiers from the seed."""
    from cases.models import Allocation

    held = (
        Allocation.objects.filter(
            prisoner__current_prison__code=prison_code, primary_pom__isnull=False
        )
        .select_related("prisoner", "primary_pom")
        .order_by("prisoner__prison_number")
        .first()
    )
    assert held is not None and held.primary_pom is not None
    return {
        "dashboard": "/dashboard/",
        "case page": f"/prisoners/{held.prisoner.prison_number}/",
        "caseload": f"/allocation/caseload/{held.primary_pom.username}/",
        "allocation queue": "/allocation/",
        "OMU tasks": "/screening/tasks/omu/",
        "handover lists": "/handover/?list=all",
        "prisoner list": "/prisoners/",
    }


def measure(prisoners: int, repeats: int) -> tuple[float, dict[str, int]]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("seed_demo", prisons=2, prisoners_per_prison=prisoners, seed=1, force=True)
    analyze()
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="spo"))
    ms, status = median_ms(lambda: client.get("/dashboard/"), repeats=repeats)
    assert status == 200, status
    counts = {}
    for name, url in pages("LEI").items():
        client.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = len(queries)
    print(f"{prisoners:>6} prisoners: dashboard median {ms:7.1f} ms over {repeats} requests")
    return ms, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-wsgi-start-up", dest="wsgi", action="store_false")
    args = parser.parse_args()
    setup_django(DATABASE)
    if args.wsgi:
        import omu.wsgi  # noqa: F401 - the server's start-up, as gunicorn runs it
    small, small_counts = measure(200, args.repeats)
    fresh_database(DATABASE)  # the larger prison's own database, as the smaller one had
    large, large_counts = measure(1800, args.repeats)
    ratio = large / small
    print(
        f"dashboard ratio 1,800 / 200: {ratio:.2f} (aim at most {AIM_RATIO}: "
        f"{'met' if ratio <= AIM_RATIO else 'MISSED'}); at 1,800: {large:.1f} ms (aim under "
        f"{AIM_MS:.0f} ms: {'met' if large < AIM_MS else 'MISSED'})"
    )
    flat = True
    for name, few in small_counts.items():
        many = large_counts[name]
        ok = many <= AIM_RATIO * few
        flat = flat and ok
        print(f"  {name:<18} queries {few:>3} at 200, {many:>3} at 1,800 {'' if ok else 'MISSED'}")
    print(
        json.dumps(
            {
                "dashboard_ms": {"200": round(small, 1), "1800": round(large, 1)},
                "queries": {"200": small_counts, "1800": large_counts},
                "aims": {
                    "dashboard_under_120_ms": large < AIM_MS,
                    "dashboard_within_1_5x": ratio <= AIM_RATIO,
                    "queries_flat": flat,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
