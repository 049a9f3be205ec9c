"""Each page the load bench's staff open, timed one request at a time, and what the mix costs.

    .venv/bin/python bench/pages.py [--repeats 15] [--rounds 3]
                                    [--database postgres://postgres@127.0.0.1:5432/omu_bench_load]

Reads the database `bench/load.py` seeded and left (run that first: it seeds 100,000 prisoners
in 117 prisons and adds the head of OMU and the case admin). Signs in a POM, the head of OMU and
the case admin of the busiest prison and times, with Django's test client in this process (no
network, the views loaded as `omu.wsgi` loads them), every page `bench/locustfile.py` opens,
`--repeats` times (after a warm-up) in each of `--rounds` rounds, the pages taking turns so
that a slow minute on a shared machine slows them all alike. A POM's case pages are their
caseload's cases, in turn.

Prints, for each page, its median wall time and the CPU a request used (this process's and its
PostgreSQL backend's, read from /proc, so the database must run on this machine), each the
median of the rounds' figures; then both means, with the pages weighted as the Locust users
open them (`bench/mix.py`). CPU is the steadier figure on a shared machine (time spent waiting
for a core does not count), and the one throughput depends on: two cores serve at most about
2,000 / the mean CPU requests a second, the ceiling `bench/load.py`'s throughput meets when the
cores are full. The load aim (80 a second) needs a mean under 25 ms of CPU, less what Locust
itself uses. Session logging (a POST) is left out: it writes, so repeating it would grow the
case it writes to; it is about a twentieth of the requests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's packages first: bench/ has an allocation.py too
sys.path.append(str(ROOT / "bench"))

import mix  # noqa: E402  # bench/mix.py
import sweep  # noqa: E402  # bench/sweep.py: the scratch database's set-up
from load import DEFAULT_DATABASE  # noqa: E402  # the database bench/load.py leaves

CASE_LINK = re.compile(r'href="/prisoners/([A-Z0-9]+)/"')
URLS = {
    "caseload": "/allocation/caseload/",
    "my tasks": "/screening/tasks/",
    "dashboard": "/dashboard/",
    "prisoner list": "/prisoners/",
    "handover lists": "/handover/",
    "staff and caseloads": "/allocation/staff/",
    "allocation queue": "/allocation/",
    "OMU tasks": "/screening/tasks/omu/",
}
SKIPPED = {"log a session (API)"}  # a write; see the docstring


def clients() -> tuple[str, dict[str, object], list[str]]:
    """The busiest prison's code, a signed-in client for each role, and the POM's cases."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from cases.models import Allocation, Prison

    User = get_user_model()
    prison = Prison.objects.annotate(n=Count("prisoners")).order_by("-n", "code").first()
    if prison is None or not User.objects.filter(username__startswith="bench-").exists():
        raise SystemExit("No load bench data here: run bench/load.py first.")
    pom_id = (
        Allocation.objects.filter(prisoner__current_prison=prison, primary_pom__isnull=False)
        .values_list("primary_pom", flat=True)
        .order_by("primary_pom")
        .first()
    )
    users = {
        "pom": User.objects.get(pk=pom_id),
        "head": User.objects.get(username=f"bench-{prison.code.lower()}-head"),
        "admin": User.objects.get(username=f"bench-{prison.code.lower()}-admin"),
    }
    signed_in: dict[str, object] = {}
    for role, user in users.items():
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        signed_in[role] = client
    page = signed_in["pom"].get(URLS["caseload"])  # type: ignore[attr-defined]
    cases = sorted(set(CASE_LINK.findall(page.content.decode())))
    if not cases:
        raise SystemExit("The POM's caseload is empty: no case page to time.")
    return prison.code, signed_in, cases


def backend_cpu() -> float:
    """CPU seconds PostgreSQL's process for this connection has used so far (it runs on this
    machine: the bench's database is local)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def timed(fetch: Callable[[], object], repeats: int) -> tuple[float, float]:
    """The median wall time of `fetch()` and the CPU it used on average, this process's and
    PostgreSQL's, in milliseconds, after one warm-up; every answer must be a 200."""
    times = []
    for n in range(repeats + 1):
        if n == 1:
            cpu = time.process_time() + backend_cpu()
        started = time.perf_counter()
        response = fetch()
        elapsed = (time.perf_counter() - started) * 1000
        status = response.status_code  # type: ignore[attr-defined]
        assert status == 200, status
        if n:
            times.append(elapsed)
    used = time.process_time() + backend_cpu() - cpu
    return statistics.median(times), 1000 * used / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    sweep.setup_django(args.database)
    import omu.wsgi  # noqa: F401 - the server's start-up, as gunicorn runs it

    code, signed_in, cases = clients()
    pages = [
        (role, page) for role, opened in mix.PAGES.items() for page in opened if page not in SKIPPED
    ]
    rounds: dict[tuple[str, str], list[float]] = {key: [] for key in pages}
    cpu: dict[tuple[str, str], list[float]] = {key: [] for key in pages}
    turn = 0
    for _ in range(args.rounds):
        for role, page in pages:
            client = signed_in[role]

            def fetch(client: object = client, page: str = page) -> object:
                nonlocal turn
                if page == "case page":
                    turn += 1
                    url = f"/prisoners/{cases[turn % len(cases)]}/"
                else:
                    url = URLS[page]
                return client.get(url)  # type: ignore[attr-defined]

            wall, used = timed(fetch, args.repeats)
            rounds[(role, page)].append(wall)
            cpu[(role, page)].append(used)
    # Each page's figures: the median of its rounds'.
    medians = {key: statistics.median(values) for key, values in rounds.items()}
    cpus = {key: statistics.median(values) for key, values in cpu.items()}
    weights = {key: mix.share(*key) for key in pages}
    total = sum(weights.values())
    mean = sum(medians[key] * weights[key] for key in pages) / total
    mean_cpu = sum(cpus[key] * weights[key] for key in pages) / total
    print(f"Pages at {code}, the busiest prison ({len(cases)} cases on the POM's caseload):")
    # Heaviest first by the figure judged: each page's share of the mean CPU.
    for role, page in sorted(pages, key=lambda key: -cpus[key] * weights[key]):
        key = (role, page)
        print(
            f"  {role:<6} {page:<22} median {medians[key]:6.1f} ms, CPU {cpus[key]:6.1f} ms, "
            f"{100 * weights[key]:4.1f}% of requests, {cpus[key] * weights[key] / total:5.1f} ms "
            "of the mean CPU"
        )
    ceiling = 2000 / mean_cpu
    print(
        f"Mean a request: {mean:.1f} ms, and {mean_cpu:.1f} ms of CPU (this process's and "
        f"PostgreSQL's); two cores serve at most about {ceiling:.0f} requests a second (the "
        f"load aim, 80, needs under 25 ms of CPU: {'met' if mean_cpu < 25 else 'MISSED'})."
    )
    print(
        json.dumps(
            {
                "prison": code,
                "pages_ms": {
                    f"{role}: {page}": round(medians[(role, page)], 1) for role, page in pages
                },
                "cpu_ms": {f"{role}: {page}": round(cpus[(role, page)], 1) for role, page in pages},
                "mean_ms": round(mean, 1),
                "mean_cpu_ms": round(mean_cpu, 1),
                "ceiling_rps": round(ceiling),
            }
        )
    )


if __name__ == "__main__":
    main()
