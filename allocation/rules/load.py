"""How much POM time a caseload takes: cases weighted by kind, against capacity
(docs/rules.md#pom-type)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from cases.rules import capacity_status
from cases.rules.capacity import CapacityStatus


@dataclass(frozen=True)
class LoadWeights:
    """How much POM time a case takes, relative to one case held as POM.

    Decision where the rules are silent (no policy setting exists yet): a co-working case is
    half a case; a woman assessed high complexity counts half a case more, because she gets
    extra POM time instead of a keyworker (docs/rules.md#deadlines). Pass other weights to try
    a different model; the defaults are used everywhere.
    """

    coworking: float = 0.5
    womens_high_complexity_extra: float = 0.5


DEFAULT_WEIGHTS = LoadWeights()


@dataclass(frozen=True)
class Caseload:
    """A POM's cases at one prison: held as POM (responsible or supporting) and co-working."""

    responsible: int = 0
    supporting: int = 0
    coworking: int = 0
    high_complexity: int = 0  # women's estate, high complexity, held as POM
    by_tier: Mapping[str, int] = field(default_factory=dict)  # "A".."D", "" for no tier
    new_last_7_days: int = 0
    upcoming_handovers: int = 0

    @property
    def cases(self) -> int:
        """Cases held as POM: the number compared with the capacities of docs/rules.md#pom-type."""
        return self.responsible + self.supporting

    @property
    def total(self) -> int:
        return self.cases + self.coworking

    def load(self, weights: LoadWeights = DEFAULT_WEIGHTS) -> float:
        return (
            self.cases
            + self.coworking * weights.coworking
            + self.high_complexity * weights.womens_high_complexity_extra
        )


def case_load(
    *, coworking: bool, womens_high_complexity: bool, weights: LoadWeights = DEFAULT_WEIGHTS
) -> float:
    """The load one more case adds."""
    base = weights.coworking if coworking else 1.0
    extra = weights.womens_high_complexity_extra if womens_high_complexity and not coworking else 0
    return base + extra


def load_status(load: float, capacity: int) -> CapacityStatus:
    """At or over capacity (docs/rules.md#pom-type) for a weighted load (half a case over is
    over)."""
    return capacity_status(math.ceil(load), capacity)
