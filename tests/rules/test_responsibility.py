"""Responsibility on a given day: the ordered rules 1 to 7 (docs/rules.md#ordered-rules),
first match wins; each explanation says why in words."""

from __future__ import annotations

from typing import Any

import pytest

from cases.rules import Policy, responsibility
from tests.rules.builders import facts

NATIONAL = Policy.defaults()
SINGLE = Policy(handover_rule="single_point")
INDETERMINATE = {"indeterminate": True, "tariff_date": "2030-06-15"}


@pytest.mark.parametrize(
    ("changes", "state", "responsible", "supporting", "says"),
    [
        (
            {"conditional_release_date": "2028-06-01", "responsibility_override": "com"},
            "com_responsible",
            "com",
            "pom",
            "the head of OMU made the COM responsible",
        ),
        (
            {"legal_status": "remand", "responsibility_override": "com"},
            "com_responsible",
            "com",
            "pom",
            "the head of OMU made the COM responsible",
        ),
        (
            {**INDETERMINATE, "further_indeterminate_sentence": True, "mappa_level": 3},
            "pom_responsible",
            "pom",
            None,
            "a further indeterminate sentence to serve",
        ),
        (
            {
                "legal_status": "recalled",
                "indeterminate": True,
                "target_hearing_date": "2028-01-01",
                "mappa_level": 0,
            },
            "com_supporting",
            "pom",
            "com",
            "recalled indeterminate sentence with the target hearing date a year or more away",
        ),
        (
            {
                "indeterminate": True,
                "target_hearing_date": "2028-01-01",
                "latest_parole_outcome": "not_release",
                "mappa_level": 3,
            },
            "com_responsible",
            "com",
            "pom",
            "MAPPA level is 2 or 3",
        ),
        (
            {
                "indeterminate": True,
                "target_hearing_date": "2028-01-01",
                "latest_parole_outcome": "not_release",
            },
            "com_supporting",
            "pom",
            "com",
            "MAPPA level is not 2 or 3",
        ),
        (
            {"legal_status": "recalled", "post_recall_release_date": "2028-06-01"},
            "com_responsible",
            "com",
            "pom",
            "COM responsible, POM supporting: recalled.",
        ),
        (
            {"legal_status": "immigration_detainee"},
            "com_responsible",
            "com",
            "pom",
            "COM responsible, POM supporting: immigration detainee.",
        ),
        (
            {"home_detention_curfew_eligibility_date": "2027-06-01"},
            "pom_responsible",
            "pom",
            None,
            "the release date is unknown",
        ),
        (
            {"conditional_release_date": "2026-10-01"},
            "com_responsible",
            "com",
            "pom",
            "community case",
        ),
        (
            {"conditional_release_date": "2028-06-01"},
            "pom_responsible",
            "pom",
            None,
            "before the COM allocation date",
        ),
        (
            {"conditional_release_date": "2027-07-31"},
            "com_responsible",
            "com",
            "pom",
            "on or after the handover date 16 November 2026",
        ),
        (
            {"legal_status": "remand"},
            "pom_responsible",
            "pom",
            None,
            "not in OMiC scope",
        ),
    ],
    ids=[
        "rule 1: a head of OMU override makes the COM responsible",
        "rule 1: an override wins even out of scope",
        "rule 2: a further indeterminate sentence keeps the POM responsible, whatever MAPPA",
        "rule 3: a recalled indeterminate case with the hearing a year off: COM supports",
        "rule 4: a parole knock-back with MAPPA 3 makes the COM responsible",
        "rule 4: a parole knock-back with no MAPPA level: COM supports",
        "rule 5: a determinate recall is COM responsible",
        "rule 5: an immigration detainee is COM responsible",
        "rule 6: no release date keeps the POM responsible",
        "rule 7: a community case is COM responsible from the start",
        "rule 7: before the handover the POM is responsible with no COM",
        "rule 7: after the handover date the COM is responsible",
        "an out-of-scope prisoner stays with the prison side",
    ],
)
def test_responsibility_rules(
    changes: dict[str, Any], state: str, responsible: str, supporting: str | None, says: str
) -> None:
    result = responsibility(facts(**changes), NATIONAL)
    assert (result.state, result.responsible, result.supporting) == (
        state,
        responsible,
        supporting,
    )
    assert says in result.explanation


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        ("2026-09-04", "pom_responsible"),
        ("2026-09-05", "com_supporting"),
        ("2026-10-30", "com_supporting"),
        ("2026-10-31", "com_responsible"),
        ("2027-10-31", "com_responsible"),
    ],
    ids=[
        "the day before the COM allocation date the POM is responsible alone",
        "on the COM allocation date the COM starts supporting",
        "the day before handover the COM is still supporting",
        "on the handover date the COM becomes responsible",
        "on the release date the COM is responsible",
    ],
)
def test_single_point_timeline_passes_through_com_supporting(as_of: str, state: str) -> None:
    # Single point: handover 2026-10-31 (12 months before the CRD), COM from 2026-09-05.
    case = facts(as_of=as_of, conditional_release_date="2027-10-31")
    assert responsibility(case, SINGLE).state == state


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        ("2027-02-13", "pom_responsible"),
        ("2027-02-14", "com_responsible"),
    ],
    ids=[
        "the day before the national handover date the POM is responsible",
        "on the national handover date the COM is responsible",
    ],
)
def test_national_determinate_handover_flips_on_the_handover_date(as_of: str, state: str) -> None:
    case = facts(as_of=as_of, conditional_release_date="2027-10-31")
    assert responsibility(case, NATIONAL).state == state


def test_an_indeterminate_case_in_open_conditions_has_the_com_supporting_before_handover() -> None:
    case = facts(**INDETERMINATE, function="open", open_conditions_since="2026-06-01")
    result = responsibility(case, NATIONAL)
    assert result.state == "com_supporting"
    assert "1 June 2026" in result.explanation
