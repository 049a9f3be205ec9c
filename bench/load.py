"""Load-test the web tier as production runs it: gunicorn (plain HTTP behind the TLS proxy, with
the production settings and docker-compose.yml's three workers), PostgreSQL seeded with a
national dataset, and 100 simulated staff in Locust (headless).

Usage: .venv/bin/python bench/load.py [--prisoners 100000] [--prisons 117] [--users 100]
                                      [--seconds 60] [--workers 3] [--threads 0] [--tls] [--reuse]
                                      [--runs 1]
                                      [--database postgres://postgres@127.0.0.1:5432/omu_bench_load]

Drops and recreates the scratch database (never point it at real data), seeds it as
`bench/sweep.py` does (prisoners, sentences, arrivals, POMs, categorisations, OASys), adds a head
of OMU and a case admin at each of the busiest prisons, runs the full nightly sweep so every
answer is stored and every task made, then today's nightly sweep (the seed is dated
`bench/sweep.py`'s NOW), collects the static files, then starts gunicorn
(`omu.wsgi`, `--workers` processes) and runs `bench/locustfile.py` against it: 60% POMs opening
their caseload and case pages and logging sessions, 20% heads of OMU on the dashboard and lists,
20% case admins on allocation and tasks. In production a proxy ends TLS and tells Django so
(`X-Forwarded-Proto: https`, `SECURE_PROXY_SSL_HEADER`); the users send that header as the proxy
would. `--tls` makes gunicorn serve TLS itself (a self-signed certificate) instead, so the
handshakes are measured too. Every user starts signed in, with a session made for them before
the run (signing in, a password hash each, happens once a working day, not in the busy hour this
measures), and the figures count from the moment every user has started (`--reset-stats`).
`--reuse` measures the database an earlier run left (after today's nightly sweep), to compare a
change on the same data; `--runs 3` runs Locust three times against the same server and judges
the median run (on a shared machine one run alone can be 15% off).
Prints one JSON line (throughput, p50/p95/p99 per page, errors) and a summary against the aims:
at least 80 requests a second, p95 under 300 ms, no errors.

Locust runs on the same two cores as the server and the database, so its own cost counts
against the figures: its users are the cheap kind (`FastHttpUser`, see the locustfile).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's packages first: bench/ has an allocation.py too
sys.path.append(str(ROOT / "bench"))

import common  # noqa: E402  # bench/common.py
import sweep  # noqa: E402  # bench/sweep.py: the national seed and the scratch database

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/omu_bench_load"
PASSWORD = "bench"  # sweep.seed gives every user this password
AIM_RPS, AIM_P95_MS = 80.0, 300.0


def add_unit_staff(prisons: int, *, reuse: bool = False) -> dict[str, list[str]]:
    """A head of OMU and a case admin at each of the `prisons` busiest prisons; the POMs that
    `sweep.seed` made there. Returns the usernames by role for the Locust users. With `reuse`,
    the ones an earlier run made."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from cases.models import Allocation, Prison, StaffRole
    from cases.services import roles_sync

    roles_sync()
    User = get_user_model()
    busiest = list(Prison.objects.annotate(n=Count("prisoners")).order_by("-n", "code")[:prisons])
    password = make_password(PASSWORD)
    found: dict[str, list[str]] = {"pom": [], "head": [], "admin": []}
    for prison in busiest:
        for role, key in (("head_of_omu", "head"), ("case_admin", "admin")):
            username = f"bench-{prison.code.lower()}-{key}"
            if not reuse:
                user = User.objects.create(username=username, password=password)
                StaffRole.objects.create(user=user, prison=prison, role=role)
            found[key].append(username)
        holders = (
            Allocation.objects.filter(prisoner__current_prison=prison, primary_pom__isnull=False)
            .values_list("primary_pom__username", flat=True)
            .distinct()
        )
        found["pom"].extend(sorted(holders))
    return found


def nightly_run() -> None:
    """Today's nightly sweep, as production has run it by the busy hour: the seed's facts are
    dated for `sweep.NOW`, and the answers whose next change has come since then would
    otherwise be worked out again on every page that reads them."""
    from django.utils import timezone

    from screening import services

    services.sweep_overdue(now=timezone.now())


SIGN_IN = """
import json, os
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

with open(os.environ["OMU_LOAD_STAFF"]) as staff:
    names = {name for group in json.load(staff).values() for name in group}
cookies = {}
for user in get_user_model().objects.filter(username__in=names):
    client = Client()
    client.force_login(user)
    cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
with open(os.environ["OMU_LOAD_SESSIONS"], "w") as sessions:
    json.dump(cookies, sessions)
"""


def sign_in(staff: Path, sessions: Path, env: dict[str, str]) -> None:
    """A session for each of the staff, made with the server's settings and key (a session is
    signed with the key), its cookie's value written to `sessions` by username."""
    paths = {"OMU_LOAD_STAFF": str(staff), "OMU_LOAD_SESSIONS": str(sessions)}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SIGN_IN],
        cwd=ROOT,
        env={**env, **paths},
        check=True,
    )


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_env(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="omu.settings.prod",
        DATABASE_URL=database,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_HSTS_SECONDS="0",
        # One address sends every user's requests here: throttles as for a whole unit.
        API_THROTTLE_USER="100000/minute",
        SIGN_IN_ADDRESS_FAILURE_LIMIT="100000",
    )
    return env


def wait_for(url: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, verify=False, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def read_stats(prefix: Path) -> dict[str, object]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = {}
    total: dict[str, object] = {}
    for row in rows:
        figures = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "p99_ms": float(row["99%"] or 0),
            "rps": round(float(row["Requests/s"] or 0), 1),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            pages[row["Name"]] = figures
    return {"total": total, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prisoners", type=int, default=100_000)
    parser.add_argument("--prisons", type=int, default=117)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--workers",
        type=int,
        default=3,
        help="gunicorn worker processes (docker-compose.yml runs 3; 5 were slower on two cores)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="gunicorn threads a worker (gthread, connections kept alive); 0: sync workers",
    )
    parser.add_argument("--tls", action="store_true", help="gunicorn serves TLS itself")
    parser.add_argument("--unit-prisons", type=int, default=10, help="prisons the staff work at")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="Locust runs against the same server, the median judged (one run can be 15%% off "
        "on a shared machine)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database an earlier run seeded (to compare a change on the same data)",
    )
    args = parser.parse_args()

    result: dict[str, object] = {"prisoners": args.prisoners, "prisons": args.prisons}
    if args.reuse:
        sweep.setup_django(args.database)
        staff = add_unit_staff(args.unit_prisons, reuse=True)
        nightly_run()
    else:
        sweep.recreate_database(args.database)
        sweep.setup_django(args.database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        rng = random.Random(args.seed)
        result.update(sweep.seed(args.prisoners, args.prisons, rng))
        from screening import services

        services.sweep_overdue(now=sweep.NOW, full=True)  # every answer stored, every task made
        staff = add_unit_staff(args.unit_prisons)
        nightly_run()
        common.analyze()  # vacuum and statistics, as autovacuum would have done by the busy hour

    work = Path(tempfile.mkdtemp(prefix="omu-load-"))
    env = server_env(args.database)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = 8443
    tls: list[str] = []
    if args.tls:
        cert, key = certificate(work)
        tls = ["--certfile", str(cert), "--keyfile", str(key)]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "omu.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            *(
                ["--worker-class", "gthread", "--threads", str(args.threads), "--keep-alive", "5"]
                if args.threads
                else []
            ),
            *tls,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    host = f"{'https' if args.tls else 'http'}://127.0.0.1:{port}"
    try:
        wait_for(f"{host}/healthz/")
        (work / "staff.json").write_text(json.dumps(staff))
        sign_in(work / "staff.json", work / "sessions.json", env)
        locust_env = {
            **os.environ,
            "OMU_LOAD_STAFF": str(work / "staff.json"),
            "OMU_LOAD_SESSIONS": str(work / "sessions.json"),
            "OMU_LOAD_PROXY": "0" if args.tls else "1",
        }
        runs = []
        for n in range(args.runs):
            prefix = work / f"locust-{n}"
            subprocess.run(
                [
                    str(Path(sys.executable).with_name("locust")),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--host",
                    host,
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 10)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--csv",
                    str(prefix),
                    "--reset-stats",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=locust_env,
                check=False,
            )
            runs.append(read_stats(prefix))
        # The median run by throughput is the one judged (one run alone, by default).
        runs.sort(key=lambda run: run["total"]["rps"])  # type: ignore[index]
        result["load"] = stats = runs[len(runs) // 2]
        result["runs_rps"] = [run["total"]["rps"] for run in runs]  # type: ignore[index]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    total = stats["total"]  # type: ignore[index]
    aims = {
        "throughput_at_least_80_rps": total["rps"] >= AIM_RPS,
        "p95_under_300_ms": total["p95_ms"] < AIM_P95_MS,
        "no_errors": all(run["total"]["failures"] == 0 for run in runs),  # type: ignore[index]
    }
    result["aims"] = aims
    print(json.dumps(result, default=str))
    print(
        f"\n{args.users} staff for {args.seconds} s against gunicorn ({args.workers} workers"
        f"{f', {args.threads} threads each' if args.threads else ''}"
        f"{', serving TLS' if args.tls else ', behind the proxy'}) on "
        f"{args.prisoners:,} prisoners in {args.prisons} prisons:\n"
        f"{total['requests']:,} requests, {total['rps']} a second (aim at least {AIM_RPS:.0f}: "
        f"{'met' if aims['throughput_at_least_80_rps'] else 'MISSED'}); p50 {total['p50_ms']:.0f} "
        f"ms, p95 {total['p95_ms']:.0f} ms (aim under {AIM_P95_MS:.0f}: "
        f"{'met' if aims['p95_under_300_ms'] else 'MISSED'}), p99 {total['p99_ms']:.0f} ms; "
        f"{total['failures']} errors (aim none: {'met' if aims['no_errors'] else 'MISSED'})."
    )
    if args.runs > 1:
        print(f"Throughput of each run, the median judged: {result['runs_rps']} a second.")
    for name, page in sorted(stats["pages"].items()):  # type: ignore[attr-defined]
        print(
            f"  {name:<28} {page['requests']:>6} requests  p50 {page['p50_ms']:>5.0f}  "
            f"p95 {page['p95_ms']:>5.0f}  p99 {page['p99_ms']:>5.0f} ms  {page['failures']} errors"
        )


if __name__ == "__main__":
    main()
