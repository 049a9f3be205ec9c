"""Server time of the head of OMU's dashboard at a 200- and an 1,800-prisoner prison.

    .venv/bin/python bench/dashboard.py [--repeats 15]

Seeds a scratch PostgreSQL database (`omu_bench_dashboard`) with seed_demo, signs in as `spo`
and times GET /dashboard/ with Django's test client (no network), in a process started the way
the WSGI server starts (`omu.wsgi`: views loaded, start-up objects frozen out of the garbage
collector's scans); `--no-wsgi-start-up` measures without that. Aim: under 250 ms
median at 1,800 prisoners, and no more than 3 times the 200-prisoner figure.
"""

from __future__ import annotations

import argparse

from common import analyze, median_ms, setup_django


def measure(prisoners: int, repeats: int) -> float:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("seed_demo", prisons=2, prisoners_per_prison=prisoners, seed=1, force=True)
    analyze()
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="spo"))
    ms, status = median_ms(lambda: client.get("/dashboard/"), repeats=repeats)
    assert status == 200, status
    print(f"{prisoners:>6} prisoners: dashboard median {ms:7.1f} ms over {repeats} requests")
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-wsgi-start-up", dest="wsgi", action="store_false")
    args = parser.parse_args()
    setup_django("omu_bench_dashboard")
    if args.wsgi:
        import omu.wsgi  # noqa: F401 - the server's start-up, as gunicorn runs it
    small = measure(200, args.repeats)
    large = measure(1800, args.repeats)
    print(f"ratio 1,800 / 200: {large / small:.2f} (aim: at most 3); aim at 1,800: under 250 ms")


if __name__ == "__main__":
    main()
