"""Who a member of staff is as a POM or keyworker, and how many cases they can hold
(docs/rules.md#pom-type)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from cases.rules import Explained, Policy
from cases.rules.capacity import SENIOR_POM
from cases.rules.results import PomType

POM_TYPE_LABELS: dict[str, str] = {
    "prison": "Prison POM",
    "probation": "Probation POM",
    "third_sector": "Third-sector POM",
    "senior_third_sector": "Senior third-sector POM",
}

# Role values (cases.models.Role), kept as strings so these rules import no models.
PRISON_POM = "prison_pom"
PROBATION_POM = "probation_pom"
POM_ROLE_VALUES = (SENIOR_POM, PROBATION_POM, PRISON_POM)  # precedence when a user holds several

StaffStatus = Literal["active", "leave", "inactive"]


def staff_pom_role(roles: Iterable[str]) -> str | None:
    """The POM role that decides someone's POM type and capacity (senior first)."""
    held = set(roles)
    return next((role for role in POM_ROLE_VALUES if role in held), None)


def staff_pom_type(role: str | None, omu_model: str) -> PomType | None:
    """The kind of case a POM takes, by their role and the prison's OMU model.

    Decision where the rules are silent: in a third-sector OMU, prison-grade POMs are the
    provider's case managers (third-sector POMs) and senior POMs are senior third-sector POMs;
    in a standard OMU a senior POM is a senior probation officer and takes probation cases.
    """
    if role == PROBATION_POM:
        return "probation"
    if role == PRISON_POM:
        return "third_sector" if omu_model == "third_sector" else "prison"
    if role == SENIOR_POM:
        return "senior_third_sector" if omu_model == "third_sector" else "probation"
    return None


def keyworker_capacity(*, capacity_override: int | None, policy: Policy) -> Explained[int]:
    if capacity_override is not None:
        return Explained(capacity_override, f"{capacity_override} prisoners: set for this person.")
    return Explained(
        policy.keyworker_capacity,
        f"{policy.keyworker_capacity} prisoners: the prison's keyworker capacity.",
    )
