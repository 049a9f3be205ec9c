"""What a Basic Custody Screening must contain before it is complete, and the resettlement needs
it identifies (docs/rules.md#what-a-bcs-records)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

BCS_AREAS: tuple[str, ...] = (
    "accommodation",
    "ete",
    "finance",
    "relationships",
    "substance_misuse",
    "health",
    "thinking_behaviour",
    "communication",
)
SUBSTANCES: tuple[str, ...] = ("drugs", "alcohol", "both")


@dataclass(frozen=True)
class AreaAnswer:
    need: bool | None = None
    notes: str = ""
    referral_requested: bool = False
    substances: str = ""  # substance misuse only: drugs, alcohol or both


@dataclass(frozen=True)
class BcsAnswers:
    areas: Mapping[str, AreaAnswer] = field(default_factory=dict)
    self_harm_risk: bool | None = None
    self_harm_notes: str = ""
    cell_sharing_risk: bool | None = None
    cell_sharing_notes: str = ""


def bcs_missing_answers(answers: BcsAnswers, labels: Mapping[str, str]) -> dict[str, str]:
    """What stops a BCS being completed, keyed `<area>_need`, `<area>_notes`, ... (the form's
    field names). Every area needs a yes or no; a need needs notes; a referral needs a need;
    both immediate risks need an answer, and a risk needs notes."""
    errors: dict[str, str] = {}
    for area in BCS_AREAS:
        answer = answers.areas.get(area, AreaAnswer())
        label = labels.get(area, area).lower()
        if answer.need is None:
            errors[f"{area}_need"] = f"Select whether there is a need for {label}"
            continue
        if answer.need and not answer.notes.strip():
            errors[f"{area}_notes"] = f"Describe the need for {label}"
        if answer.referral_requested and not answer.need:
            errors[f"{area}_referral"] = f"Select yes to a need for {label} to ask for a referral"
        if area == "substance_misuse" and answer.need and answer.substances not in SUBSTANCES:
            errors[f"{area}_substances"] = "Select whether the need is drugs, alcohol or both"
    for risk, text in (("self_harm", "self-harm"), ("cell_sharing", "cell sharing")):
        value = getattr(answers, f"{risk}_risk")
        if value is None:
            errors[f"{risk}_risk"] = f"Select whether there is an immediate {text} risk"
        elif value and not getattr(answers, f"{risk}_notes").strip():
            errors[f"{risk}_notes"] = f"Describe the {text} risk and what was done about it"
    return errors


# BCS area -> resettlement need areas (docs/rules.md#interventions-and-resettlement). Health and
# wellbeing maps to mental health and communication skills to complex needs: the nearest need
# areas there are.
_NEED_AREAS: dict[str, tuple[str, ...]] = {
    "accommodation": ("accommodation",),
    "ete": ("ete",),
    "finance": ("finance_benefit_debt",),
    "relationships": ("relationships_community",),
    "health": ("mental_health",),
    "thinking_behaviour": ("thinking_behaviour",),
    "communication": ("complex_needs",),
}
_SUBSTANCE_NEEDS: dict[str, tuple[str, ...]] = {
    "drugs": ("drugs",),
    "alcohol": ("alcohol",),
    "both": ("drugs", "alcohol"),
}


@dataclass(frozen=True)
class NeedSpec:
    area: str  # a resettlement need area
    bcs_area: str
    notes: str
    referral_requested: bool


def needs_from_bcs(answers: BcsAnswers) -> list[NeedSpec]:
    """The resettlement needs a completed BCS identifies, one per need area."""
    needs: list[NeedSpec] = []
    for area in BCS_AREAS:
        answer = answers.areas.get(area)
        if answer is None or not answer.need:
            continue
        targets = (
            _SUBSTANCE_NEEDS.get(answer.substances, ())
            if area == "substance_misuse"
            else _NEED_AREAS[area]
        )
        needs.extend(
            NeedSpec(target, area, answer.notes.strip(), answer.referral_requested)
            for target in targets
        )
    return needs


def default_need_owner(omu_model: str) -> str:
    """Who acts on a need found in custody: the prison, or the third-sector provider running
    the OMU."""
    return "third_sector" if omu_model == "third_sector" else "prison"
