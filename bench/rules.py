"""Benchmark the OMiC rules engine: evaluations per second on one core.

Usage: .venv/bin/python bench/rules.py [--cases N] [--seed S] [--json]

Builds N varied synthetic cases deterministically (same seed, same cases), then times
``evaluate`` alone (and, with ``--json``, ``evaluate`` plus ``evaluation_as_json``). Building the
cases and loading bank holidays are not timed: callers do both once, not per evaluation.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

# Run as a plain script from the repository root or anywhere else.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cases.bank_holidays import bank_holidays  # noqa: E402
from cases.rules import (  # noqa: E402
    LONDON,
    CaseFacts,
    KeyDates,
    Policy,
    PrisonFacts,
    evaluate,
    evaluation_as_json,
)

STATUSES = (
    "sentenced",
    "sentenced",
    "sentenced",
    "sentenced",
    "recalled",
    "remand",
    "convicted_unsentenced",
    "immigration_detainee",
)
FUNCTIONS = ("reception", "training", "resettlement", "open", "high_security", "womens")
TIERS = (None, "A1", "B2", "C1", "D2", "B3", "C3")
ROSH = (None, "low", "medium", "high", "very_high")


def _maybe(rng: random.Random, value: date, chance: float = 0.5) -> date | None:
    return value if rng.random() < chance else None


def build_cases(count: int, seed: int) -> list[tuple[CaseFacts, Policy]]:
    rng = random.Random(seed)
    policies = [
        Policy.defaults(),
        Policy(handover_rule="legacy"),
        Policy(handover_rule="single_point"),
        Policy(handover_rule="national", handover_months=9, community_case_months=9),
    ]
    today = date(2026, 11, 23)
    cases = []
    for _ in range(count):
        status = rng.choice(STATUSES)
        indeterminate = rng.random() < 0.15
        sentenced = today - timedelta(days=rng.randint(0, 2000))
        length = timedelta(days=rng.randint(30, 4000))
        release = sentenced + length
        dates = KeyDates(
            conditional_release_date=None if indeterminate else _maybe(rng, release, 0.8),
            automatic_release_date=None if indeterminate else _maybe(rng, release, 0.2),
            parole_eligibility_date=_maybe(rng, release - length / 3, 0.2),
            tariff_date=_maybe(rng, release, 0.9) if indeterminate else None,
            target_hearing_date=_maybe(rng, release + timedelta(days=100), 0.5),
            home_detention_curfew_eligibility_date=_maybe(rng, release - length / 4, 0.3),
            confirmed_release_date=_maybe(rng, release, 0.05),
            post_recall_release_date=_maybe(rng, release, 0.5) if status == "recalled" else None,
            sentence_expiry_date=release + length,
        )
        arrival = datetime(
            sentenced.year, sentenced.month, sentenced.day, rng.randint(8, 20), tzinfo=LONDON
        )
        facts = CaseFacts(
            as_of=today,
            legal_status=status,  # type: ignore[arg-type]
            prison=PrisonFacts(
                code="LEI",
                function=rng.choice(FUNCTIONS),  # type: ignore[arg-type]
                omu_model="third_sector" if rng.random() < 0.2 else "standard",
            ),
            date_of_birth=date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28)),
            arrival_datetime=arrival,
            sentence_start_date=sentenced if status in ("sentenced", "recalled") else None,
            indeterminate=indeterminate,
            dates=dates,
            tier=rng.choice(TIERS),
            rosh=rng.choice(ROSH),  # type: ignore[arg-type]
            mappa_level=rng.choice((None, 0, 1, 2, 3)),
            early_allocation=rng.random() < 0.05,
            latest_parole_outcome=rng.choice((None, None, "release", "not_release")),  # type: ignore[arg-type]
            further_indeterminate_sentence=indeterminate and rng.random() < 0.05,
            open_conditions_since=_maybe(rng, today - timedelta(days=200), 0.2),
            responsibility_override="com" if rng.random() < 0.03 else None,
            complexity_of_need=rng.choice((None, "low", "medium", "high")),  # type: ignore[arg-type]
            documents_received_date=_maybe(rng, sentenced + timedelta(days=3), 0.7),
            last_categorisation_date=_maybe(rng, sentenced + timedelta(days=20), 0.6),
            last_oasys_date=_maybe(rng, sentenced + timedelta(days=60), 0.5),
        )
        cases.append((facts, rng.choice(policies)))
    return cases


def _time(
    cases: list[tuple[CaseFacts, Policy]], holidays: frozenset[date], *, as_json: bool
) -> float:
    started = time.perf_counter()
    if as_json:
        for facts, policy in cases:
            evaluation_as_json(evaluate(facts, policy, holidays=holidays))
    else:
        for facts, policy in cases:
            evaluate(facts, policy, holidays=holidays)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="time the whole batch this many times and report the fastest (as timeit does: "
        "slower runs measure other load on the machine, not the code)",
    )
    parser.add_argument("--json", action="store_true", help="also time evaluation_as_json")
    args = parser.parse_args()

    cases = build_cases(args.cases, args.seed)
    holidays = bank_holidays(2020, 2040)
    labels = [("evaluate", False)] + (
        [("evaluate + evaluation_as_json", True)] if args.json else []
    )
    for label, as_json in labels:
        runs = [_time(cases, holidays, as_json=as_json) for _ in range(max(1, args.repeat))]
        best = min(runs)
        print(
            f"{label}: {args.cases} cases, best of {len(runs)}: {best:.3f} s = "
            f"{args.cases / best:,.0f} cases/s on one core "
            f"(runs: {', '.join(f'{run:.3f}' for run in runs)} s)"
        )


if __name__ == "__main__":
    main()
