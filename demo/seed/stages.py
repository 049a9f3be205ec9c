"""The stages of the OMiC journey the demo shows, and how often each comes up at a prison of
each function."""

from __future__ import annotations

import random

from cases.models import Prison

STAGES = (
    "just_arrived",  # arrived in the last day: BCS due within 72 hours
    "bcs_overdue",  # arrived 4 or more days ago, BCS not done: overdue
    "awaiting_calculation",  # sentenced, sentence not calculated yet: no release dates
    "remand",  # out of scope
    "convicted_unsentenced",  # out of scope
    "civil",  # out of scope
    "community",  # 10 months or less to serve: COM responsible from the start
    "custody",  # long determinate, handover far away
    "parole",  # determinate with a PED
    "indeterminate",  # life or IPP, with tariff or THD
    "recall",  # recalled, post-recall release date
    "immigration",  # immigration detainee
    "approaching_handover",  # CRD about 8-10 months away: handover in the next weeks
    "past_handover",  # CRD 2-7 months away: COM responsible
    "early_allocation",  # accepted early allocation, high-profile case
    "missing_info",  # no tier and no ROSH: cannot be allocated
    "released",  # no current prison, release movement
)
BASE_WEIGHTS: dict[str, float] = {
    "just_arrived": 3,
    "bcs_overdue": 3,
    "awaiting_calculation": 2,
    "remand": 8,
    "convicted_unsentenced": 3,
    "civil": 0.5,
    "community": 8,
    "custody": 20,
    "parole": 8,
    "indeterminate": 7,
    "recall": 9,
    "immigration": 2,
    "approaching_handover": 6,
    "past_handover": 7,
    "early_allocation": 1,
    "missing_info": 3,
    "released": 5,
}
FUNCTION_FACTORS: dict[str, dict[str, float]] = {
    Prison.Function.RECEPTION: {
        "just_arrived": 2,
        "bcs_overdue": 1.5,
        "awaiting_calculation": 2,
        "remand": 2.5,
        "convicted_unsentenced": 2,
        "community": 1.5,
        "indeterminate": 0.5,
    },
    Prison.Function.TRAINING: {
        "remand": 0,
        "convicted_unsentenced": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "custody": 1.3,
    },
    Prison.Function.RESETTLEMENT: {
        "remand": 0,
        "convicted_unsentenced": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "approaching_handover": 2,
        "past_handover": 2,
        "released": 1.5,
    },
    Prison.Function.OPEN: {
        "remand": 0,
        "convicted_unsentenced": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "immigration": 0,
        "missing_info": 0.5,
        "indeterminate": 1.5,
        "approaching_handover": 2,
        "past_handover": 2,
        "released": 1.5,
    },
    Prison.Function.HIGH_SECURITY: {
        "community": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "remand": 0.5,
        "indeterminate": 3,
        "custody": 1.5,
        "early_allocation": 3,
        "released": 0.3,
    },
    Prison.Function.WOMENS: {"community": 1.5, "indeterminate": 0.5},
    Prison.Function.YOUNG_OFFENDER: {"indeterminate": 0.5, "civil": 0},
}
# Each prison gets these first, so small runs still show every stage the prison has.
FIRST_STAGES = (
    "just_arrived",
    "bcs_overdue",
    "remand",
    "community",
    "custody",
    "parole",
    "indeterminate",
    "recall",
    "immigration",
    "approaching_handover",
    "past_handover",
    "released",
    "missing_info",
    "convicted_unsentenced",
    "awaiting_calculation",
    "early_allocation",
    "civil",
)


def stage_weights(function: str) -> dict[str, float]:
    factors = FUNCTION_FACTORS.get(function, {})
    return {stage: BASE_WEIGHTS[stage] * factors.get(stage, 1.0) for stage in STAGES}


def stages_for_prison(rng: random.Random, function: str, count: int) -> list[str]:
    weights = stage_weights(function)
    first = [s for s in FIRST_STAGES if weights[s] > 0]
    names = [s for s in STAGES if weights[s] > 0]
    rest = rng.choices(names, weights=[weights[s] for s in names], k=max(0, count - len(first)))
    return (first + rest)[:count]
