"""Benchmark importing a prison's roll from a file.

Usage: .venv/bin/python bench/roll_import.py [--rows 1800] [--national 100000] [--changes 0.1]

On a scratch PostgreSQL database (dropped and created; `BENCH_DATABASE_URL` names the server),
with tasks run in the process (no broker), so every time includes bringing the cases' tasks up
to date:

1. a prison's first roll of `--rows` prisoners, applied (everyone new);
2. the same roll with `--changes` of the prisoners' release dates moved: the preview (read the
   file, check every row, compare with the records) and the apply, timed apart;
3. the same file again (it must change nothing);
4. a national file of `--national` rows through `manage.py import_roll` (read, check, apply).

Prints each figure with its aim: preview under 3 s and apply under 10 s for the 1,800-row roll
with 10% changes; the 100,000-row file under 120 s. Benchmarks print; they assert nothing.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.pop("REDIS_URL", None)  # tasks run in the process: the times include them

from bench.common import analyze, setup_django  # noqa: E402

COLUMNS = (
    "prisonerNumber",
    "firstName",
    "lastName",
    "dateOfBirth",
    "legalStatus",
    "sentenceStartDate",
    "conditionalReleaseDate",
    "sentenceExpiryDate",
    "cellLocation",
    "receptionDate",
)
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def number(n: int, prefix: str) -> str:
    return f"{prefix}{n % 10000:04d}{LETTERS[(n // 10000) % 24]}{LETTERS[(n // 240000) % 24]}"


def roll(rows: int, *, prefix: str, changed_every: int = 0) -> bytes:
    """A roll: sentenced prisoners with spread-out dates; every `changed_every`th row's release
    date moved on a month."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    start = dt.date(2026, 6, 1)
    for n in range(rows):
        sentenced = start - dt.timedelta(days=n % 300)
        release = sentenced + dt.timedelta(days=200 + (n * 37) % 2500)
        if changed_every and n % changed_every == 0:
            release += dt.timedelta(days=31)
        writer.writerow(
            (
                number(n, prefix),
                f"Given{n}",
                f"Family{n}",
                (dt.date(1960, 1, 1) + dt.timedelta(days=(n * 131) % 15000)).isoformat(),
                "SENTENCED",
                sentenced.isoformat(),
                release.isoformat(),
                (release + dt.timedelta(days=700)).isoformat(),
                f"{'ABCD'[n % 4]}-{n % 5 + 1}-{n % 40:03d}",
                sentenced.isoformat(),
            )
        )
    return out.getvalue().encode()


def timed(fn: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1800)
    parser.add_argument("--national", type=int, default=100_000)
    parser.add_argument("--changes", type=float, default=0.1)
    args = parser.parse_args()
    setup_django("omu_bench_roll")

    from django.core.management import call_command
    from django.utils import timezone

    from cases.models import Prison, PrisonPolicy, RollImport
    from cases.roll import jobs, services
    from cases.roll.plan import plan_roll
    from cases.roll.reader import read_roll

    prison = Prison.objects.create(code="LEI", name="HMP Leeds", function="reception")
    PrisonPolicy.objects.create(prison=prison)
    national = Prison.objects.create(code="NAT", name="HMP National")
    PrisonPolicy.objects.create(prison=national)
    now = timezone.now()

    def apply(content: bytes) -> RollImport:
        ri = services.roll_import_create(
            prison=prison, file_name="lei.csv", content=content, full_roll=False,
            acting_user=None, queue=False,
        )  # fmt: skip
        jobs.roll_import_check(roll_import_id=ri.pk, today=now.date())
        services.roll_import_start(roll_import=ri, acting_user=None, queue=False)
        return jobs.roll_import_run(roll_import_id=ri.pk, now=now)

    first_s, _ = timed(lambda: apply(roll(args.rows, prefix="A")))
    analyze()
    every = max(1, round(1 / args.changes)) if args.changes else 0
    changed = roll(args.rows, prefix="A", changed_every=every)

    def preview() -> dict[str, int]:
        plan = plan_roll(
            prison, read_roll(changed, file_name="lei.csv", max_bytes=1 << 30),
            full_roll=True, today=now.date(),
        )  # fmt: skip
        return plan.counts()

    preview_s, counts = timed(preview)
    apply_s, result = timed(lambda: apply(changed))
    again_s, again = timed(lambda: apply(changed))
    path = Path(tempfile.mkdtemp()) / "national.csv"
    path.write_bytes(roll(args.national, prefix="N"))
    out = io.StringIO()
    national_s, _ = timed(
        lambda: call_command("import_roll", str(path), "--prison", "NAT", stdout=out)
    )
    figures = {
        "rows": args.rows,
        "first_import_s": round(first_s, 2),
        "preview_s": round(preview_s, 2),
        "preview_counts": counts,
        "apply_s": round(apply_s, 2),
        "apply_changed": result.summary["changed"],  # type: ignore[attr-defined]
        "same_file_again_s": round(again_s, 2),
        "same_file_again_changed": again.summary["changed"],  # type: ignore[attr-defined]
        "national_rows": args.national,
        "national_s": round(national_s, 2),
        "national_line": json.loads(out.getvalue()),
    }
    print(json.dumps(figures))
    print(
        f"preview of {args.rows} rows with {counts['changed']} changed: {preview_s:.2f} s (aim < 3 s)"
    )
    print(f"apply of that roll: {apply_s:.2f} s (aim < 10 s)")
    print(
        f"national file of {args.national} rows through import_roll: {national_s:.1f} s (aim < 120 s)"
    )


if __name__ == "__main__":
    main()
