"""The demo prisons: LEI first (docs/commands.md#seed_demo), then one of each function and OMU
model, then generated ones. Demo prisons are recognised by these codes."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import Prison, PrisonPolicy


@dataclass(frozen=True)
class PrisonSpec:
    code: str
    name: str
    function: str
    omu_model: str = Prison.OmuModel.STANDARD
    country: str = Prison.Country.ENGLAND
    handover_rule: str = PrisonPolicy.HandoverRule.NATIONAL


# The first prison is LEI; the others show each function and OMU model.
NAMED_PRISONS: tuple[PrisonSpec, ...] = (
    PrisonSpec("LEI", "Leeds", Prison.Function.RECEPTION),
    PrisonSpec("TSI", "Thameside", Prison.Function.TRAINING, Prison.OmuModel.THIRD_SECTOR),
    PrisonSpec("NSI", "North Sea Camp", Prison.Function.OPEN),
    PrisonSpec(
        "NHI",
        "New Hall",
        Prison.Function.WOMENS,
        handover_rule=PrisonPolicy.HandoverRule.LEGACY,
    ),
    PrisonSpec("FSI", "Full Sutton", Prison.Function.HIGH_SECURITY),
    PrisonSpec("HMI", "Humber", Prison.Function.RESETTLEMENT),
    PrisonSpec("AYI", "Aylesbury", Prison.Function.YOUNG_OFFENDER),
    PrisonSpec(
        "CFI",
        "Cardiff",
        Prison.Function.RECEPTION,
        country=Prison.Country.WALES,
        handover_rule=PrisonPolicy.HandoverRule.SINGLE_POINT,
    ),
)
# Generated prisons beyond the named ones get codes ZAA, ZAB, ... (no real prison uses a Z code).
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GENERATED_CODES = tuple(f"Z{a}{b}" for a in LETTERS for b in LETTERS)
MAX_PRISONS = len(NAMED_PRISONS) + len(GENERATED_CODES)
# fmt: off
PLACES = (
    "Ashcombe", "Bramley Moor", "Calder Vale", "Denholme", "Eastwick", "Fenwick Park",
    "Glenmoor", "Harrowden", "Ingleby", "Kestrel Heath", "Longmire", "Marsden Fold",
    "Northolt Grange", "Oakhurst", "Pennington", "Ravensworth", "Stanbridge", "Thornbury Fields",
    "Upperby", "Westerleigh",
)
# fmt: on
FUNCTION_CYCLE = (
    Prison.Function.TRAINING,
    Prison.Function.RECEPTION,
    Prison.Function.RESETTLEMENT,
    Prison.Function.OPEN,
    Prison.Function.WOMENS,
    Prison.Function.HIGH_SECURITY,
    Prison.Function.YOUNG_OFFENDER,
)


def demo_prison_codes() -> tuple[str, ...]:
    """Every code `seed_demo` can create, whatever its options: how old demo prisons are found."""
    return tuple(p.code for p in NAMED_PRISONS) + GENERATED_CODES


def demo_prisons(count: int) -> list[PrisonSpec]:
    if not 1 <= count <= MAX_PRISONS:
        raise ValueError(f"The number of prisons must be between 1 and {MAX_PRISONS}.")
    specs = list(NAMED_PRISONS[:count])
    for index in range(count - len(specs)):
        place = PLACES[index % len(PLACES)]
        round_ = index // len(PLACES)
        specs.append(
            PrisonSpec(
                code=GENERATED_CODES[index],
                name=place if round_ == 0 else f"{place} {round_ + 1}",
                function=FUNCTION_CYCLE[index % len(FUNCTION_CYCLE)],
                omu_model=(
                    Prison.OmuModel.THIRD_SECTOR if index % 5 == 4 else Prison.OmuModel.STANDARD
                ),
            )
        )
    return specs
