"""`build_plan()`: everything `seed_demo` writes, as plain data. Pure: from a seed, sizes and
today's date it returns the same plan every time. It never reads the clock, the database or the
global `random` (docs/commands.md#seed_demo: same seed, same data).

Each prison draws from its own random stream (`omu-demo:<seed>:<code>`), and prison numbers
from another, so a prison's cases do not depend on how many prisons come before it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence

from demo.seed.allocate import allocate
from demo.seed.prisoner import build_prisoner
from demo.seed.prisons import LETTERS, PrisonSpec, demo_prisons
from demo.seed.specs import DemoPlan, PrisonerSpec, StaffSpec
from demo.seed.staff import demo_logins, staff_for_prison
from demo.seed.stages import stages_for_prison


def build_plan(
    *,
    seed: int,
    prisons: int,
    prisoners_per_prison: int,
    today: dt.date,
    taken_numbers: Iterable[str] = (),
) -> DemoPlan:
    """Everything `seed_demo` writes. Pure: same arguments, same plan."""
    if prisons < 2:
        raise ValueError("seed_demo needs at least 2 prisons (pom2 works at the second).")
    if prisoners_per_prison < 0:
        raise ValueError("The number of prisoners per prison cannot be negative.")
    specs = demo_prisons(prisons)
    numbers = _prison_numbers(
        random.Random(f"omu-demo:{seed}:numbers"), prisons * prisoners_per_prison, taken_numbers
    )
    logins = demo_logins(specs)
    all_staff: list[StaffSpec] = []
    all_cases: list[PrisonerSpec] = []
    for index, prison in enumerate(specs):
        offset = index * prisoners_per_prison
        rng = random.Random(f"omu-demo:{seed}:{prison.code}")
        cases = _cases(rng, prison, numbers[offset : offset + prisoners_per_prison], today)
        staff = staff_for_prison(rng, prison, cases, today)
        # Demo logins go first in their pools, so they are sure to hold cases.
        here = [m for m in logins if any(code == prison.code for code, _ in m.roles)]
        allocate(rng, prison, cases, here + staff, today)
        all_staff.extend(staff)
        all_cases.extend(cases)
    return DemoPlan(
        seed=seed, today=today, prisons=specs, staff=logins + all_staff, prisoners=all_cases
    )


def _cases(
    rng: random.Random, prison: PrisonSpec, numbers: Sequence[str], today: dt.date
) -> list[PrisonerSpec]:
    """The prison's prisoners, one per number, at stages weighted by the prison's function."""
    stages = stages_for_prison(rng, prison.function, len(numbers))
    seen: set[str] = set()
    cases = []
    for number, stage in zip(numbers, stages, strict=True):
        cases.append(
            build_prisoner(
                rng,
                stage=stage,
                prison=prison,
                today=today,
                number=number,
                first_stage_of_kind=stage not in seen,
            )
        )
        seen.add(stage)
    return cases


def _prison_numbers(rng: random.Random, count: int, taken: Iterable[str]) -> list[str]:
    """`count` distinct prison numbers like A1234BC, avoiding numbers already in use."""
    used = set(taken)
    numbers: list[str] = []
    while len(numbers) < count:
        number = (
            f"{rng.choice('ABG')}{rng.randint(1000, 9999)}"
            f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
        )
        if number not in used:
            used.add(number)
            numbers.append(number)
    return numbers
