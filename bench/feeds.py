"""Benchmark the national feeds against the local fake (PostgreSQL, this machine).

Usage: .venv/bin/python bench/feeds.py [--prisons 117] [--prisoners 100000] [--events 3000]
                                       [--latency-samples 60]

Drops and recreates its own scratch database (omu_bench_feeds, on BENCH_DATABASE_URL's server;
never point it at real data), migrates it and seeds the prisons and prisoners (a sentence
each). The fake national services (`feeds.fake`) run in a child process, serving documents made
from the database with some drift: per prison about 1% new arrivals, 1% changed key dates, 0.5%
released. Then:

1. national reconciliation: `sync_prison` for every prison, one after another in this process
   (the roll read page by page, planned, applied, leavers resolved, arrivals' probation read),
   then again (which must find nothing). Aim: the first pass under 120 s.
2. events per second through `consume_events --from-file` (in this process): a file of
   received, released and updated events (a quarter with a changed sentence), with repeats.
   Aim: at least 300 a second.
3. event to up-to-date task: one `consume_events` worker process reading an SQS queue (moto in
   server mode on localhost); each event is a new admission sent on its own, timed until the
   new case's BCS task exists in the database. Aim: p95 under 2 s.

Prints one JSON line, then a summary with each aim. Benchmarks assert nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, analyze, setup_django  # noqa: E402

DATABASE = "omu_bench_feeds"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
TODAY = dt.date(2026, 12, 6)


def number(prefix: str, n: int) -> str:
    return f"{prefix}{n % 10000:04d}{LETTERS[n // 10000 % 24]}{LETTERS[n // 240000 % 24]}"


def seed(prisons: int, prisoners: int) -> None:
    from cases.models import Prison, Prisoner, PrisonPolicy, Sentence

    codes = [f"P{LETTERS[i // 24]}{LETTERS[i % 24]}" for i in range(prisons)]
    made = Prison.objects.bulk_create(Prison(code=c, name=f"HMP {c}") for c in codes)
    PrisonPolicy.objects.bulk_create(PrisonPolicy(prison=p) for p in made)
    rng = random.Random(1)
    rows = []
    for n in range(prisoners):
        rows.append(
            Prisoner(
                prison_number=number("B", n),
                first_name=f"Given{n}",
                last_name=f"Family{n}",
                date_of_birth=dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                legal_status=Prisoner.LegalStatus.SENTENCED,
                current_prison=made[n % prisons],
                location=f"A-{n % 4}-{n % 40:03d}",
                category="C",
                tier="C2",
                rosh=Prisoner.Rosh.MEDIUM,
            )
        )
    Prisoner.objects.bulk_create(rows, batch_size=5000)
    ids = list(Prisoner.objects.order_by("pk").values_list("pk", flat=True))
    sentences = []
    for pk in ids:
        start = TODAY - dt.timedelta(days=rng.randint(30, 2000))
        crd = start + dt.timedelta(days=rng.randint(400, 3000))
        sentences.append(
            Sentence(
                prisoner_id=pk,
                sentence_start_date=start,
                conditional_release_date=crd,
                sentence_expiry_date=crd + dt.timedelta(days=700),
                licence_expiry_date=crd + dt.timedelta(days=700),
            )
        )
    Sentence.objects.bulk_create(sentences, batch_size=5000)
    analyze()


def drift_roll(state: Any, rng: random.Random) -> dict[str, int]:
    """About 1% new, 1% with an earlier CRD, 0.5% released, at every prison."""
    from feeds.fake.scenario import _earlier_release, _newcomer

    counts = {"new": 0, "changed": 0, "released": 0}
    docs = list(state.prisoners.values())
    for i, doc in enumerate(docs):
        roll = rng.random()
        if roll < 0.01:
            changed = _earlier_release(doc, 40)
            if changed:
                state.put(changed)
                counts["changed"] += 1
        elif roll < 0.015:
            state.release(doc["prisonerNumber"])
            counts["released"] += 1
        elif roll < 0.025:
            state.put(_newcomer(number("N", i), doc["prisonId"], TODAY))
            counts["new"] += 1
    return counts


def serve(state: Any, port: Any) -> None:
    from feeds.fake.server import FakeHmpps

    server = FakeHmpps(state)
    port.value = server.httpd.server_address[1]
    server.httpd.serve_forever()


def start_fake(state: Any) -> tuple[Any, str]:
    context = multiprocessing.get_context("fork")
    port = context.Value("i", 0)
    from django.db import connections

    connections.close_all()  # the child must not share the database connection
    child = context.Process(target=serve, args=(state, port), daemon=True)
    child.start()
    while not port.value:
        time.sleep(0.01)
    return child, f"http://127.0.0.1:{port.value}"


def point_at(url: str) -> dict[str, str]:
    from django.conf import settings

    from feeds.fake.state import CLIENT_ID, CLIENT_SECRET

    values = {
        "HMPPS_AUTH_URL": url,
        "PRISONER_SEARCH_URL": url,
        "PROBATION_API_URL": url,
        "TIERING_API_URL": url,
        "HMPPS_CLIENT_ID": CLIENT_ID,
        "HMPPS_CLIENT_SECRET": CLIENT_SECRET,
    }
    for name, value in values.items():
        setattr(settings, name, value)
    return values


def reconcile_all() -> dict[str, Any]:
    from cases.models import Prison
    from feeds import clients, sync

    totals: dict[str, int] = {}
    errors = 0
    started = time.perf_counter()
    for prison in Prison.objects.order_by("code"):
        with clients.connect() as feeds:
            result = sync.sync_prison(prison, feeds)
        for name, value in result.line().items():
            if isinstance(value, int) and not isinstance(value, bool):
                totals[name] = totals.get(name, 0) + value
        errors += len(result.errors)
    return {"seconds": round(time.perf_counter() - started, 1), "errors": errors, **totals}


def event_lines(state: Any, count: int, rng: random.Random) -> list[str]:
    """Events whose documents the fake now says: new admissions, releases, changed sentences
    and updates that change nothing, a tenth sent twice."""
    from feeds.events.parse import RECEIVED, RELEASED, UPDATED
    from feeds.fake.documents import notification
    from feeds.fake.scenario import _earlier_release, _newcomer

    held = [d for d in state.prisoners.values() if d["status"] == "ACTIVE IN"]
    rng.shuffle(held)
    lines: list[str] = []
    for i in range(count):
        roll, doc = rng.random(), held[i % len(held)]
        n = doc["prisonerNumber"]
        if roll < 0.10:
            new = _newcomer(number("E", i), doc["prisonId"], TODAY)
            state.put(new)
            info = {"nomsNumber": new["prisonerNumber"], "prisonId": doc["prisonId"]}
            lines.append(notification(RECEIVED, {**info, "reason": "NEW_ADMISSION"}))
        elif roll < 0.15:
            state.release(n)
            lines.append(notification(RELEASED, {"nomsNumber": n, "reason": "RELEASED"}))
        elif roll < 0.40 and (changed := _earlier_release(doc, 20)):
            state.put(changed)
            lines.append(
                notification(UPDATED, {"nomsNumber": n, "categoriesChanged": ["SENTENCE"]})
            )
        else:
            lines.append(notification(UPDATED, {"nomsNumber": n, "categoriesChanged": ["ALERTS"]}))
        if rng.random() < 0.1:
            lines.append(lines[-1])
    return lines


def events_per_second(path: Path) -> dict[str, Any]:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    call_command("consume_events", "--from-file", str(path), stdout=out)
    seconds = time.perf_counter() - started
    line = json.loads(out.getvalue().strip().splitlines()[-1])
    return {**line, "seconds": round(seconds, 2), "per_second": round(line["received"] / seconds)}


def latency(state_newcomers: list[tuple[str, str]], env: dict[str, str]) -> dict[str, Any]:
    import boto3
    from moto.server import ThreadedMotoServer

    from feeds.events.parse import RECEIVED
    from feeds.fake.documents import notification
    from screening.models import Task

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    endpoint = "http://{}:{}".format(*moto.get_host_and_port())
    sqs = boto3.client(
        "sqs", endpoint_url=endpoint, region_name="eu-west-2",
        aws_access_key_id="local", aws_secret_access_key="local",
    )  # fmt: skip
    queue = sqs.create_queue(QueueName="bench-events")["QueueUrl"]
    worker_env = {
        **os.environ,
        **env,
        "DOMAIN_EVENTS_QUEUE_URL": queue,
        "SQS_ENDPOINT_URL": endpoint,
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "consume_events"], cwd=ROOT, env=worker_env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(3)  # the worker starts and long-polls
    times, missed = [], 0
    for prisoner_number, code in state_newcomers:
        info = {"nomsNumber": prisoner_number, "prisonId": code, "reason": "NEW_ADMISSION"}
        started = time.perf_counter()
        sqs.send_message(QueueUrl=queue, MessageBody=notification(RECEIVED, info))
        while not Task.objects.filter(prisoner__prison_number=prisoner_number).exists():
            if time.perf_counter() - started > 10:
                missed += 1
                break
            time.sleep(0.01)
        else:
            times.append(time.perf_counter() - started)
        time.sleep(0.2)
    worker.terminate()
    worker.wait(timeout=30)
    moto.stop()
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)] if times else None
    return {
        "samples": len(times),
        "missed": missed,
        "median_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(p95, 3) if p95 is not None else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prisons", type=int, default=117)
    parser.add_argument("--prisoners", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--latency-samples", type=int, default=60)
    args = parser.parse_args()
    os.environ["DEBUG"] = "false"  # no query log
    os.environ.pop("REDIS_URL", None)  # tasks in-process, as one worker
    setup_django(DATABASE)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{DATABASE}" SET random_page_cost = 1.1')
    rng = random.Random(7)
    started = time.perf_counter()
    seed(args.prisons, args.prisoners)
    seeded = time.perf_counter() - started

    from feeds.fake.documents import state_from_database
    from feeds.fake.scenario import _newcomer

    state = state_from_database()
    drift = drift_roll(state, rng)
    child, url = start_fake(state)
    env = point_at(url)
    first = reconcile_all()
    again = reconcile_all()
    child.terminate()
    analyze()

    lines = event_lines(state, args.events, rng)
    newcomers = [(number("L", i), "PAA") for i in range(args.latency_samples)]
    for prisoner_number, code in newcomers:
        state.put(_newcomer(prisoner_number, code, TODAY))
    child, url = start_fake(state)
    env = point_at(url)
    path = Path("/tmp/omu-bench-feeds-events.jsonl")  # noqa: S108
    path.write_text("\n".join(lines) + "\n")
    events = events_per_second(path)
    env.update({"DATABASE_URL": os.environ["DATABASE_URL"], "DEBUG": "false"})
    lag = latency(newcomers, env)
    child.terminate()

    result = {
        "prisons": args.prisons,
        "prisoners": args.prisoners,
        "seed_seconds": round(seeded, 1),
        "drift": drift,
        "reconciliation": first,
        "reconciliation_again": again,
        "events": events,
        "event_to_task": lag,
    }
    print(json.dumps(result))
    print(
        f"National reconciliation of {args.prisons} prisons / {args.prisoners:,} prisoners: "
        f"{first['seconds']} s (aim < 120 s); again, nothing to do: {again['seconds']} s\n"
        f"Events through consume_events --from-file: {events['per_second']}/s (aim >= 300/s)\n"
        f"Event to up-to-date task, one worker: p95 {lag['p95_s']} s, median {lag['median_s']} s "
        f"over {lag['samples']} events (aim p95 < 2 s)"
    )


if __name__ == "__main__":
    main()
