"""Server time of the head of OMU's dashboard at a 200- and an 1,800-prisoner prison, and the
query count of each list page at both sizes.

    .venv/bin/python bench/dashboard.py [--repeats 15] [--rounds 5]

Seeds two scratch PostgreSQL databases (`omu_bench_dashboard` and `omu_bench_dashboard_large`,
made afresh) with seed_demo, one size each, vacuums and analyses them as autovacuum would, signs
in as `spo` in each and times GET /dashboard/ with Django's test client (no network), in a
process started the way the WSGI server starts (`omu.wsgi`: views loaded, start-up objects
frozen out of the garbage collector's scans); `--no-wsgi-start-up` measures without that.
The sizes are timed in turns, `--rounds` times (`--repeats` requests each, after two warm-up
requests and with the cache emptied, so neither size reads the other's cached badges): on a
shared machine, a slow minute then slows both sizes alike rather than one. Each size's figure
is the median of its rounds' medians. Then counts the queries of the case page, a caseload,
the allocation queue, the task lists and the handover lists at both sizes. Aims: under 120 ms
median at 1,800 prisoners and no more than 1.5 times the 200-prisoner figure; every page's
query count at most 1.5 times as many at the larger size.
"""

from __future__ import annotations

import argparse
import json
import statistics

from common import analyze, fresh_database, median_ms, setup_django

AIM_MS, AIM_RATIO = 120.0, 1.5
DATABASES = {200: "omu_bench_dashboard", 1800: "omu_bench_dashboard_large"}


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


def use(database: str) -> None:
    """Point Django's connection at `database` (closed now, opened again on the next query)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = database


def seed(prisoners: int) -> dict[str, int]:
    """Seed the current database with two prisons of `prisoners` each; the query counts."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("seed_demo", prisons=2, prisoners_per_prison=prisoners, seed=1, force=True)
    analyze()
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="spo"))
    counts = {}
    for name, url in pages("LEI").items():
        client.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = len(queries)
    return counts


def timed_rounds(sizes: list[int], rounds: int, repeats: int) -> dict[int, list[float]]:
    """Each size's median dashboard time in each round, the sizes taking turns."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    clients = {}
    for size in sizes:
        use(DATABASES[size])
        clients[size] = Client(SERVER_NAME="localhost")
        clients[size].force_login(get_user_model().objects.get(username="spo"))
    medians: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(rounds):
        for size in sizes:
            use(DATABASES[size])
            cache.clear()
            client = clients[size]
            ms, status = median_ms(lambda c=client: c.get("/dashboard/"), repeats=repeats)
            assert status == 200, status
            medians[size].append(ms)
    return medians


def main() -> None:
    from django.conf import settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-wsgi-start-up", dest="wsgi", action="store_false")
    args = parser.parse_args()
    setup_django(DATABASES[200])
    if args.wsgi:
        import omu.wsgi  # noqa: F401 - the server's start-up, as gunicorn runs it
    counts = {200: seed(200)}
    use(DATABASES[1800])
    fresh_database(DATABASES[1800])  # the larger prison's own database
    counts[1800] = seed(1800)
    assert settings.DATABASES["default"]["NAME"] == DATABASES[1800]
    medians = timed_rounds([200, 1800], args.rounds, args.repeats)
    small, large = (statistics.median(medians[size]) for size in (200, 1800))
    for size in (200, 1800):
        rounds = ", ".join(f"{ms:.1f}" for ms in medians[size])
        print(
            f"{size:>6} prisoners: dashboard median {statistics.median(medians[size]):7.1f} ms "
            f"(rounds of {args.repeats} requests: {rounds})"
        )
    ratio = large / small
    print(
        f"dashboard ratio 1,800 / 200: {ratio:.2f} (aim at most {AIM_RATIO}: "
        f"{'met' if ratio <= AIM_RATIO else 'MISSED'}); at 1,800: {large:.1f} ms (aim under "
        f"{AIM_MS:.0f} ms: {'met' if large < AIM_MS else 'MISSED'})"
    )
    flat = True
    for name, few in counts[200].items():
        many = counts[1800][name]
        ok = many <= AIM_RATIO * few
        flat = flat and ok
        print(f"  {name:<18} queries {few:>3} at 200, {many:>3} at 1,800 {'' if ok else 'MISSED'}")
    print(
        json.dumps(
            {
                "dashboard_ms": {"200": round(small, 1), "1800": round(large, 1)},
                "rounds_ms": {
                    str(size): [round(ms, 1) for ms in medians[size]] for size in medians
                },
                "queries": {"200": counts[200], "1800": counts[1800]},
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
