"""Benchmark the policy what-if: one prison, and every prison at national scale.

Usage: .venv/bin/python bench/whatif.py [--scale prison|national|both] [--prison-size 1800]
                                        [--prisons 117] [--prisoners 100000] [--repeats 3]
                                        [--database postgres://postgres@127.0.0.1:5432/omu_bench_whatif]

Drops and recreates the scratch database (never point it at real data), migrates it and seeds
it as bench/sweep.py does (prisoners with sentences, arrivals, POMs, some categorisations and
OASys), a third of the cases with a COM in one of 12 probation delivery units. Then times, with
the policy tried being a single handover point at 12 months and POMs at 30 cases:

1. one prison (`--prison-size` prisoners): the what-if page for its head of OMU (GET with the
   thresholds, Django's test client, no network; the median of `--repeats`), and the plain
   function under it (`planning.selectors.policy_whatif`). Aim: under 2 s.
2. national (`--prisons` prisons, `--prisoners` prisoners): a run across every prison, as the
   background task works it out (`planning.jobs.whatif_run_execute`). Aim: under 60 s.

Prints one JSON line, then a summary with each aim. Benchmarks assert nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sweep import analyze, recreate_database, seed, setup_django  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/omu_bench_whatif"
CHANGES: dict[str, Any] = {"handover_rule": "single_point", "pom_capacity": 30}
TODAY = dt.date(2026, 11, 23)  # the day bench/sweep.py seeds around


def prepare(database: str, prisoners: int, prisons: int, seed_value: int) -> dict[str, Any]:
    recreate_database(database)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    seeded = seed(prisoners, prisons, random.Random(seed_value))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_allocation SET com_pdu = 'PDU ' || (id % 12) WHERE id % 3 = 0")
    analyze()
    return seeded


def time_one_prison(repeats: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from cases.models import Prison, StaffRole
    from planning import selectors

    prison = Prison.objects.select_related("policy").get()
    boss = get_user_model().objects.create_user("bench-head", password="bench")  # noqa: S106
    StaffRole.objects.create(user=boss, prison=prison, role="head_of_omu")
    client = Client(SERVER_NAME="localhost")
    client.force_login(boss)
    url = reverse("planning-whatif", args=[prison.code])
    query = {k: str(v) for k, v in CHANGES.items()}

    def page() -> float:
        started = time.perf_counter()
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code
        assert b"whatif-summary" in response.content
        return time.perf_counter() - started

    def function() -> float:
        started = time.perf_counter()
        selectors.policy_whatif([prison], CHANGES, today=TODAY)
        return time.perf_counter() - started

    page()  # warm-up: templates, bank holidays, connection
    pages = [page() for _ in range(repeats)]
    functions = [function() for _ in range(repeats)]
    return {
        "prisoners": prison.prisoners.count(),
        "page_seconds": statistics.median(pages),
        "function_seconds": statistics.median(functions),
    }


def time_national() -> dict[str, Any]:
    from cases.models import Prison
    from planning import jobs
    from planning.models import WhatIfRun

    run = WhatIfRun.objects.create(changes=CHANGES, start=TODAY)
    run.prisons.set(Prison.objects.all())
    started = time.perf_counter()
    done = jobs.whatif_run_execute(run_id=run.pk)
    seconds = time.perf_counter() - started
    assert done.status == WhatIfRun.Status.DONE, done.failure
    return {
        "seconds": seconds,
        "cases": done.result["current"]["cases"],
        "prisons": len(done.result["prisons"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", choices=("prison", "national", "both"), default="both")
    parser.add_argument("--prison-size", type=int, default=1800)
    parser.add_argument("--prisons", type=int, default=117)
    parser.add_argument("--prisoners", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args()

    setup_django(args.database)
    from django.db import connections

    result: dict[str, Any] = {}
    lines = []
    if args.scale in ("prison", "both"):
        connections.close_all()
        result["prison_seed"] = prepare(args.database, args.prison_size, 1, args.seed)
        one = result["prison"] = time_one_prison(args.repeats)
        met = "met" if one["page_seconds"] < 2 else "MISSED"
        lines.append(
            f"One prison of {args.prison_size:,}: what-if page {one['page_seconds']:.2f} s "
            f"(the function under it {one['function_seconds']:.2f} s), median of "
            f"{args.repeats}; aim under 2 s: {met}."
        )
    if args.scale in ("national", "both"):
        connections.close_all()
        result["national_seed"] = prepare(args.database, args.prisoners, args.prisons, args.seed)
        national = result["national"] = time_national()
        met = "met" if national["seconds"] < 60 else "MISSED"
        lines.append(
            f"National, {national['prisons']} prisons and {national['cases']:,} cases: the "
            f"background run {national['seconds']:.1f} s; aim under 60 s: {met}."
        )
    print(json.dumps(result, default=str))
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
