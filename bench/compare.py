"""Each page of the load mix, this checkout against an earlier commit, taking turns.

    .venv/bin/python bench/compare.py REV [--rounds 4] [--repeats 10]
                                      [--database postgres://postgres@127.0.0.1:5432/omu_bench_load]

On a shared machine the same code can measure 15% apart a few minutes later, so a figure taken
before a change and one taken after say little. This runs `bench/pages.py` (one round each
time) from this checkout and from REV (a commit, checked out beside it in a temporary
worktree), one after the other, `--rounds` times, against the same database, and prints for
each page the median CPU a request of each and the change. Run `bench/load.py` first: it seeds
the database both read. REV must already have `bench/pages.py`; it runs with this checkout's
interpreter and packages, so compare commits whose requirements are the same.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from load import DEFAULT_DATABASE  # noqa: E402  # the database bench/load.py leaves


def one_round(checkout: Path, args: argparse.Namespace) -> dict[str, float]:
    """One round of `bench/pages.py` in `checkout`: each page's CPU a request, and the mean."""
    result = subprocess.run(
        [
            sys.executable,
            str(checkout / "bench" / "pages.py"),
            "--rounds",
            "1",
            "--repeats",
            str(args.repeats),
            "--database",
            args.database,
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {**figures["cpu_ms"], "mean": figures["mean_cpu_ms"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rev", help="the commit to compare against, e.g. HEAD~3")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="omu-compare-") as folder:
        other = Path(folder) / "checkout"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(other), args.rev],
            cwd=ROOT,
            check=True,
        )
        try:
            here: dict[str, list[float]] = {}
            there: dict[str, list[float]] = {}
            for n in range(args.rounds):
                for checkout, found in ((ROOT, here), (other, there)):
                    for page, cpu in one_round(checkout, args).items():
                        found.setdefault(page, []).append(cpu)
                print(
                    f"round {n + 1} of {args.rounds}: mean {here['mean'][-1]:.1f} ms here, "
                    f"{there['mean'][-1]:.1f} ms at {args.rev}",
                    flush=True,
                )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False
            )
    print(f"\nCPU a request (this process's and PostgreSQL's), median of {args.rounds} rounds:")
    print(f"  {'page':<34} {args.rev:>10} {'here':>10} {'change':>8}")
    for page in sorted(here, key=lambda p: (p == "mean", p)):
        before, after = statistics.median(there[page]), statistics.median(here[page])
        change = 100 * (after - before) / before if before else 0.0
        print(f"  {page:<34} {before:8.1f} ms {after:7.1f} ms {change:+7.1f}%")
    medians = {
        "before_ms": {page: round(statistics.median(v), 1) for page, v in there.items()},
        "after_ms": {page: round(statistics.median(v), 1) for page, v in here.items()},
    }
    print(json.dumps({"rev": args.rev, **medians}))


if __name__ == "__main__":
    main()
