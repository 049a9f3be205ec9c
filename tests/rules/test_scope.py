"""OMiC scope and custody/community case (docs/rules.md#scope)."""

from __future__ import annotations

from typing import Any

import pytest

from cases.rules import Policy, case_type, omic_scope
from tests.rules.builders import facts

POLICY = Policy.defaults()
CRD = {"conditional_release_date": "2028-01-01"}


@pytest.mark.parametrize(
    ("changes", "in_scope", "says"),
    [
        (
            CRD,
            True,
            "In OMiC scope: sentenced with sentence date 12 January 2026 and a CRD 1 January 2028",
        ),
        (
            {**CRD, "legal_status": "recalled", "post_recall_release_date": "2027-01-01"},
            True,
            "recalled",
        ),
        (
            {"legal_status": "immigration_detainee", "sentence_start_date": None},
            True,
            "immigration",
        ),
        ({"indeterminate": True}, True, "an indeterminate sentence"),
        ({"home_detention_curfew_eligibility_date": "2027-06-01"}, True, "an HDCED 1 June 2027"),
        ({"tariff_date": "2030-06-01"}, True, "a tariff date 1 June 2030"),
        ({"parole_eligibility_date": "2029-06-01"}, True, "a PED 1 June 2029"),
        ({"confirmed_release_date": "2027-06-01"}, True, "a confirmed release date 1 June 2027"),
        ({**CRD, "legal_status": "remand"}, False, "on remand"),
        ({**CRD, "legal_status": "convicted_unsentenced"}, False, "convicted but not yet"),
        ({**CRD, "legal_status": "civil"}, False, "civil prisoner or fine defaulter"),
        ({**CRD, "sentence_start_date": None}, False, "no sentence date is recorded"),
        ({"sentence_expiry_date": "2030-01-01"}, False, "no CRD, ARD"),
        ({"target_hearing_date": "2030-01-01"}, False, "not indeterminate"),
        ({**CRD, "date_of_birth": "2008-11-24"}, False, "under 18 on 23 November 2026"),
        ({**CRD, "date_of_birth": "2008-11-23"}, True, "18 or over (born 23 November 2008)"),
        ({**CRD, "date_of_birth": None}, True, "date of birth not recorded"),
    ],
    ids=[
        "a sentenced adult with a CRD is in scope",
        "a recalled adult with a post-recall release date is in scope",
        "an immigration detainee is in scope with no sentence",
        "an indeterminate sentence is in scope with no dates",
        "an HDCED alone brings a sentence into scope",
        "a tariff date alone brings a sentence into scope",
        "a PED alone brings a sentence into scope",
        "a confirmed release date alone brings a sentence into scope",
        "a remand prisoner is out of scope",
        "a convicted unsentenced prisoner is out of scope",
        "a civil prisoner is out of scope",
        "a sentence with no sentence date is out of scope",
        "a sentence with only an expiry date is out of scope",
        "a determinate sentence with only a target hearing date is out of scope",
        "someone who turns 18 tomorrow is out of scope",
        "someone who turns 18 today is in scope",
        "a missing date of birth is treated as an adult and said so",
    ],
)
def test_omic_scope(changes: dict[str, Any], in_scope: bool, says: str) -> None:
    result = omic_scope(facts(**changes))
    assert result.value is in_scope
    assert says in result.explanation


@pytest.mark.parametrize(
    ("born", "as_of", "in_scope"),
    [
        ("2008-02-29", "2026-02-28", False),
        ("2008-02-29", "2026-03-01", True),
        ("2012-02-29", "2030-02-28", False),
        ("2012-02-29", "2030-03-01", True),
        ("2010-02-28", "2028-02-29", True),
        ("2010-03-01", "2028-02-29", False),
    ],
    ids=[
        "a 29 February 2008 birthday is still 17 on 28 February 2026",
        "a 29 February 2008 birthday is 18 on 1 March 2026",
        "a 29 February 2012 birthday is still 17 on 28 February 2030",
        "a 29 February 2012 birthday is 18 on 1 March 2030",
        "a 28 February 2010 birthday is 18 on leap day 2028",
        "a 1 March 2010 birthday is still 17 on leap day 2028",
    ],
)
def test_leap_day_birthdays_turn_18_on_1_march_in_other_years(
    born: str, as_of: str, in_scope: bool
) -> None:
    result = omic_scope(facts(as_of=as_of, date_of_birth=born, **CRD))
    assert result.value is in_scope


@pytest.mark.parametrize(
    ("changes", "expected", "says"),
    [
        ({"conditional_release_date": "2026-11-12"}, "community", "on or before 12 November 2026"),
        ({"conditional_release_date": "2026-11-13"}, "custody", "more than 10 months to serve"),
        (
            {"automatic_release_date": "2026-11-12"},
            "community",
            "the automatic release date 12 November 2026",
        ),
        (
            {"parole_eligibility_date": "2026-10-01", "conditional_release_date": "2027-06-01"},
            "community",
            "the parole eligibility date 1 October 2026",
        ),
        (
            {"conditional_release_date": "2026-06-01", "early_allocation": True},
            "custody",
            "early allocation",
        ),
        ({"indeterminate": True, "tariff_date": "2026-12-01"}, "custody", "indeterminate"),
        (
            {"legal_status": "recalled", "post_recall_release_date": "2028-01-01"},
            "community",
            "recalled",
        ),
        ({"legal_status": "immigration_detainee"}, "community", "immigration detainee"),
        (
            {"home_detention_curfew_eligibility_date": "2026-08-01"},
            "custody",
            "release date is unknown",
        ),
        (
            {"conditional_release_date": "2026-11-12", "legal_status": "remand"},
            None,
            "not in OMiC scope",
        ),
        (
            {
                "legal_status": "recalled",
                "indeterminate": True,
                "target_hearing_date": "2028-06-01",
                "mappa_level": 1,
            },
            "custody",
            "indeterminate",
        ),
    ],
    ids=[
        "exactly 10 months to serve is a community case",
        "one day more than 10 months to serve is a custody case",
        "the ARD counts the same way",
        "a PED inside 10 months makes a community case whatever the CRD",
        "early allocation makes a short sentence a custody case",
        "an indeterminate sentence is always a custody case",
        "a determinate recall is a community case",
        "an immigration detainee is a community case",
        "an unknown release date keeps the case in custody with the POM",
        "an out-of-scope prisoner has no case type",
        "a recalled indeterminate case under rule 3 stays a custody case",
    ],
)
def test_custody_or_community_case(
    changes: dict[str, Any], expected: str | None, says: str
) -> None:
    # Sentence date 2026-01-12: + 10 months is 2026-11-12.
    result = case_type(facts(**changes), POLICY)
    assert result.value == expected
    assert says in result.explanation


def test_the_community_case_threshold_follows_policy() -> None:
    short = facts(conditional_release_date="2026-11-13")
    assert case_type(short, POLICY).value == "custody"
    assert case_type(short, Policy(community_case_months=11)).value == "community"


def test_the_10_month_boundary_clamps_at_month_end() -> None:
    # 30 April + 10 months = 28 February 2027 (clamped), so 28 Feb is community, 1 March custody.
    base = {"sentence_start_date": "2026-04-30"}
    assert case_type(facts(conditional_release_date="2027-02-28", **base), POLICY).value == (
        "community"
    )
    assert case_type(facts(conditional_release_date="2027-03-01", **base), POLICY).value == (
        "custody"
    )
