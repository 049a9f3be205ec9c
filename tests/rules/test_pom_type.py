"""Which POM a case needs (docs/rules.md#pom-type)."""

from __future__ import annotations

from typing import Any

import pytest

from cases.rules import Policy, pom_type
from tests.rules.builders import facts

POLICY = Policy.defaults()
# Sentence 2026-01-12, as_of 2026-11-23: a CRD in 2028 is a custody case, POM responsible.
CUSTODY = {"conditional_release_date": "2028-06-01"}


@pytest.mark.parametrize(
    ("changes", "expected", "says"),
    [
        ({**CUSTODY, "tier": "A1"}, "probation", "tier A1"),
        ({**CUSTODY, "tier": "B3", "rosh": "low"}, "probation", "tier B3"),
        ({**CUSTODY, "tier": "C1", "rosh": "high"}, "probation", "ROSH high"),
        ({**CUSTODY, "rosh": "very_high"}, "probation", "ROSH very high"),
        ({**CUSTODY, "tier": "C2", "rosh": "medium"}, "prison", "Prison POM"),
        ({**CUSTODY, "tier": "D1"}, "prison", "Prison POM"),
        ({**CUSTODY, "rosh": "low"}, "prison", "Prison POM"),
        (CUSTODY, None, "Missing information"),
        ({"conditional_release_date": "2026-10-01", "tier": "A1"}, "prison", "supporting"),
        (
            {"legal_status": "recalled", "post_recall_release_date": "2028-01-01", "tier": "A1"},
            "prison",
            "COM is responsible",
        ),
        ({"legal_status": "immigration_detainee", "rosh": "high"}, "prison", "supporting"),
        ({"conditional_release_date": "2027-06-01", "tier": "A1"}, "prison", "supporting"),
        ({**CUSTODY, "tier": "A1", "responsibility_override": "com"}, "prison", "supporting"),
        ({**CUSTODY, "legal_status": "remand", "tier": "A1"}, None, "not in OMiC scope"),
    ],
    ids=[
        "tier A needs a probation POM",
        "tier B needs a probation POM even with low ROSH",
        "high ROSH needs a probation POM even at tier C",
        "very high ROSH alone needs a probation POM",
        "tier C and medium ROSH get a prison POM",
        "tier D with no ROSH gets a prison POM",
        "low ROSH with no tier gets a prison POM",
        "no tier and no ROSH is missing information",
        "a community case gets a supporting prison POM whatever the tier",
        "a recall gets a supporting prison POM",
        "an immigration detainee gets a supporting prison POM",
        "after the handover date the POM is a supporting prison POM",
        "a manual override makes the POM a supporting prison POM",
        "an out-of-scope prisoner gets no POM",
    ],
)
def test_standard_model(changes: dict[str, Any], expected: str | None, says: str) -> None:
    result = pom_type(facts(**changes), POLICY)
    assert result.value == expected
    assert says in result.explanation


THIRD = {"omu_model": "third_sector"}


@pytest.mark.parametrize(
    ("changes", "expected", "says"),
    [
        (
            {"legal_status": "recalled", "post_recall_release_date": "2028-01-01", "tier": "B2"},
            "senior_third_sector",
            "recalled, tier B2",
        ),
        (
            {"legal_status": "recalled", "post_recall_release_date": "2028-01-01", "tier": "C2"},
            "third_sector",
            "recalled, tier C2",
        ),
        (
            {"legal_status": "recalled", "post_recall_release_date": "2028-01-01", "rosh": "high"},
            None,
            "needs its tier",
        ),
        ({"conditional_release_date": "2027-09-24", "tier": "A1"}, "probation", "more than 10"),
        ({"conditional_release_date": "2027-09-23", "tier": "A1"}, "third_sector", "no more than"),
        ({"conditional_release_date": "2028-06-01", "rosh": "very_high"}, "probation", "very high"),
        ({"conditional_release_date": "2028-06-01", "tier": "C1"}, "third_sector", "neither tier"),
        ({"conditional_release_date": "2028-06-01"}, None, "no tier and no ROSH"),
        (
            {"sentence_expiry_date": "2030-01-01", "indeterminate": True, "tier": "A1"},
            None,
            "needs the release date",
        ),
        ({"indeterminate": True, "tier": "D1"}, "third_sector", "neither tier"),
    ],
    ids=[
        "a recalled tier B case gets a senior third-sector POM",
        "a recalled tier C case gets a third-sector POM",
        "a recall without a tier is missing information",
        "tier A with more than 10 months left today gets a probation POM",
        "tier A with exactly 10 months left today gets a third-sector POM",
        "very high ROSH with years left gets a probation POM",
        "tier C with years left gets a third-sector POM",
        "no tier and no ROSH is missing information",
        "tier A with no release date is missing information",
        "tier D needs no release date to get a third-sector POM",
    ],
)
def test_third_sector_model(changes: dict[str, Any], expected: str | None, says: str) -> None:
    # as_of 2026-11-23 + 10 months = 2027-09-23.
    result = pom_type(facts(**THIRD, **changes), POLICY)
    assert result.value == expected
    assert says in result.explanation
