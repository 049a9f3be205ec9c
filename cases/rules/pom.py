"""Which kind of POM a case needs (docs/rules.md#pom-type) and how often the POM must see them
(docs/rules.md#deadlines)."""

from __future__ import annotations

from functools import lru_cache

from cases.rules.dates import add_months
from cases.rules.facts import CaseFacts
from cases.rules.policy import Policy
from cases.rules.results import Explained, PomType, ReleaseDate, Responsibility
from cases.rules.words import day, every

_HIGH_ROSH: frozenset[str | None] = frozenset({"high", "very_high"})
_TIER_A_OR_B: frozenset[str | None] = frozenset({"A", "B"})

# Results that do not depend on the case's dates are built once: they are immutable.
_NO_POM: Explained[PomType | None] = Explained(None, "No POM: not in OMiC scope.")
_SUPPORTING_PRISON_POM: Explained[PomType | None] = Explained(
    "prison", "Prison POM (supporting): the COM is responsible (standard model)."
)
_STANDARD_MISSING: Explained[PomType | None] = Explained(
    None,
    "Missing information: no tier and no ROSH recorded, so the case cannot be allocated until "
    "one is entered (standard model).",
)
_NO_CONTACT: Explained[int | None] = Explained(None, "No POM contact: not in OMiC scope.")
_CONTACT_UNKNOWN: Explained[int | None] = Explained(
    None, "POM contact frequency unknown: no ROSH recorded (monthly if high, else less)."
)


def _risk_text(facts: CaseFacts) -> str:
    tier = facts.tier or "not recorded"
    rosh = (facts.rosh or "not recorded").replace("_", " ")
    return f"tier {tier}, ROSH {rosh}"


def pom_type_for(
    facts: CaseFacts,
    policy: Policy,
    *,
    in_scope: bool,
    erd: ReleaseDate,
    responsibility: Responsibility,
) -> Explained[PomType | None]:
    """The recommended POM type under the prison's OMU model (docs/rules.md#pom-type)."""
    if not in_scope:
        return _NO_POM
    if facts.prison.omu_model == "third_sector":
        return _third_sector(facts, policy, erd)
    if responsibility.responsible == "com":
        return _SUPPORTING_PRISON_POM
    needs_probation = facts.tier_letter in _TIER_A_OR_B or facts.rosh in _HIGH_ROSH
    if needs_probation:
        return Explained(
            "probation",
            f"Probation POM: {_risk_text(facts)}; tier A/B or high/very high ROSH needs a "
            "probation POM (standard model).",
        )
    if facts.tier is None and facts.rosh is None:
        return _STANDARD_MISSING
    return Explained(
        "prison",
        f"Prison POM: {_risk_text(facts)}; neither tier A/B nor high/very high ROSH "
        "(standard model).",
    )


def _third_sector(facts: CaseFacts, policy: Policy, erd: ReleaseDate) -> Explained[PomType | None]:
    """Third-sector model. Decision where the rules are silent: a recommendation that depends on
    a missing input (the tier for a recall; the release date for a tier A/B or high-ROSH case)
    is withheld as missing information, like the standard model's "no tier and no ROSH"."""
    tier_ab = facts.tier_letter in _TIER_A_OR_B
    if facts.legal_status == "recalled":
        if facts.tier is None:
            return Explained(
                None,
                "Missing information: a recall needs its tier to choose between a senior and a "
                "standard third-sector POM (third-sector model).",
            )
        if tier_ab:
            return Explained(
                "senior_third_sector",
                f"Senior third-sector POM: recalled, tier {facts.tier} (third-sector model).",
            )
        return Explained(
            "third_sector",
            f"Third-sector POM: recalled, tier {facts.tier} (third-sector model).",
        )
    if facts.tier is None and facts.rosh is None:
        return Explained(
            None,
            "Missing information: no tier and no ROSH recorded (third-sector model).",
        )
    if not (tier_ab or facts.rosh in _HIGH_ROSH):
        return Explained(
            "third_sector",
            f"Third-sector POM: {_risk_text(facts)}; neither tier A/B nor high/very high ROSH "
            "(third-sector model).",
        )
    release = erd.date
    if release is None:
        return Explained(
            None,
            f"Missing information: {_risk_text(facts)} needs the release date to tell whether "
            "more than "
            f"{policy.community_case_months} months are left to serve (third-sector model).",
        )
    months = policy.community_case_months
    limit = add_months(facts.as_of, months)
    if release > limit:
        return Explained(
            "probation",
            f"Probation POM: {_risk_text(facts)} and more than {months} months left to serve "
            f"(earliest release date {day(release)} is after {day(limit)}; "
            "third-sector model).",
        )
    return Explained(
        "third_sector",
        f"Third-sector POM: {_risk_text(facts)} but no more than {months} months left to serve "
        f"(earliest release date {day(release)} is on or before {day(limit)}; "
        "third-sector model).",
    )


def pom_contact_months(
    facts: CaseFacts, policy: Policy, *, in_scope: bool = True
) -> Explained[int | None]:
    """Months between POM contacts. Decision where the rules are silent: with no ROSH recorded
    no frequency is given (the safe answer, monthly, and the default, quarterly, differ)."""
    if not in_scope:
        return _NO_CONTACT
    rosh = facts.rosh
    if rosh is None:
        return _CONTACT_UNKNOWN
    if rosh in _HIGH_ROSH:
        return _contact(rosh, policy.pom_contact_high_rosh_months)
    return _contact(rosh, policy.pom_contact_other_months)


@lru_cache(maxsize=64)
def _contact(rosh: str, months: int) -> Explained[int | None]:
    # Results are immutable, so one object per (ROSH, months) serves every case.
    below = "" if rosh in _HIGH_ROSH else " (below high)"
    return Explained(
        months,
        f"POM contact at least {every(months, 'month')}: ROSH {rosh.replace('_', ' ')}{below}.",
    )
