"""Earliest release date for handover and displayed release date (docs/rules.md#release-dates)."""

from __future__ import annotations

from typing import Any

import pytest

from cases.rules import displayed_release_date, earliest_release_date
from cases.rules.words import day
from tests.rules.builders import d, facts

# as_of in every row is 2026-11-23.


@pytest.mark.parametrize(
    ("changes", "expected_date", "kind"),
    [
        ({"conditional_release_date": "2027-10-31"}, "2027-10-31", "CRD"),
        ({"automatic_release_date": "2027-06-30"}, "2027-06-30", "ARD"),
        (
            {"conditional_release_date": "2027-10-31", "automatic_release_date": "2027-06-30"},
            "2027-06-30",
            "ARD",
        ),
        (
            {"conditional_release_date": "2027-05-31", "automatic_release_date": "2027-06-30"},
            "2027-05-31",
            "CRD",
        ),
        (
            {"conditional_release_date": "2027-06-30", "automatic_release_date": "2027-06-30"},
            "2027-06-30",
            "ARD",
        ),
        (
            {"parole_eligibility_date": "2028-03-01", "conditional_release_date": "2027-10-31"},
            "2028-03-01",
            "PED",
        ),
        (
            {
                "confirmed_release_date": "2027-01-15",
                "parole_eligibility_date": "2026-12-01",
                "conditional_release_date": "2027-10-31",
            },
            "2027-01-15",
            "confirmed",
        ),
        (
            {
                "legal_status": "recalled",
                "post_recall_release_date": "2027-04-01",
                "conditional_release_date": "2026-05-01",
                "parole_eligibility_date": "2026-03-01",
            },
            "2027-04-01",
            "post_recall",
        ),
        (
            {"legal_status": "sentenced", "post_recall_release_date": "2027-04-01"},
            None,
            None,
        ),
        (
            {
                "home_detention_curfew_eligibility_date": "2027-01-01",
                "sentence_expiry_date": "2028-01-01",
                "licence_expiry_date": "2029-01-01",
            },
            None,
            None,
        ),
        ({}, None, None),
    ],
    ids=[
        "a determinate sentence with only a CRD uses the CRD",
        "a determinate sentence with only an ARD uses the ARD",
        "the earlier ARD wins over the CRD",
        "the earlier CRD wins over the ARD",
        "an ARD and CRD on the same day is reported as the ARD",
        "a PED wins whatever the other dates",
        "a confirmed release date overrides everything",
        "a recall uses the post-recall release date over the old CRD and PED",
        "a post-recall date on a non-recall is ignored",
        "HDCED, sentence and licence expiry never give a release date for handover",
        "no dates at all is release date unknown",
    ],
)
def test_earliest_release_date_for_a_determinate_sentence(
    changes: dict[str, Any], expected_date: str | None, kind: str | None
) -> None:
    result = earliest_release_date(facts(**changes))
    assert result.date == (d(expected_date) if expected_date else None)
    assert result.kind == kind
    if expected_date:
        assert day(d(expected_date)) in result.explanation
    else:
        assert "unknown" in result.explanation


@pytest.mark.parametrize(
    ("changes", "expected_date", "kind"),
    [
        ({"tariff_date": "2028-01-01", "target_hearing_date": "2027-06-01"}, "2028-01-01", "TED"),
        ({"tariff_date": "2028-01-01"}, "2028-01-01", "TED"),
        ({"tariff_date": "2025-01-01", "target_hearing_date": "2027-06-01"}, "2027-06-01", "THD"),
        ({"tariff_date": "2026-11-23", "target_hearing_date": "2026-11-24"}, "2026-11-24", "THD"),
        ({"tariff_date": "2025-01-01", "target_hearing_date": "2026-06-01"}, "2026-06-01", "THD"),
        ({"tariff_date": "2026-06-01", "target_hearing_date": "2025-01-01"}, "2026-06-01", "TED"),
        ({"tariff_date": "2026-11-13", "target_hearing_date": "2026-11-13"}, "2026-11-13", "TED"),
        ({"tariff_date": "2024-01-01"}, "2024-01-01", "TED"),
        ({"target_hearing_date": "2025-01-01"}, "2025-01-01", "THD"),
        ({"target_hearing_date": "2027-01-01"}, "2027-01-01", "THD"),
        (
            {"parole_eligibility_date": "2026-12-01", "tariff_date": "2030-01-01"},
            "2030-01-01",
            "TED",
        ),
        ({"parole_eligibility_date": "2026-12-01"}, None, None),
        (
            {"confirmed_release_date": "2027-02-01", "tariff_date": "2030-01-01"},
            "2027-02-01",
            "confirmed",
        ),
    ],
    ids=[
        "a future tariff date wins over a nearer future hearing date",
        "an indeterminate sentence with only a tariff date uses it",
        "a passed tariff date gives way to a future hearing date",
        "a tariff date of today is not after today",
        "when neither is after today the nearer to today wins, here the hearing date",
        "when neither is after today the nearer to today wins, here the tariff date",
        "a tie between passed tariff and hearing dates goes to the tariff date",
        "a passed tariff date on its own is still the release date",
        "a passed hearing date on its own is still the release date",
        "an indeterminate sentence with only a future hearing date uses it",
        "the PED is ignored for an indeterminate sentence",
        "an indeterminate sentence with only a PED has no release date",
        "a confirmed date overrides the tariff date",
    ],
)
def test_earliest_release_date_for_an_indeterminate_sentence(
    changes: dict[str, Any], expected_date: str | None, kind: str | None
) -> None:
    result = earliest_release_date(facts(indeterminate=True, **changes))
    assert result.date == (d(expected_date) if expected_date else None)
    assert result.kind == kind


@pytest.mark.parametrize(
    ("changes", "expected_date", "kind"),
    [
        (
            {
                "confirmed_release_date": "2027-01-01",
                "actual_parole_date": "2027-02-01",
                "conditional_release_date": "2027-03-01",
            },
            "2027-01-01",
            "confirmed",
        ),
        (
            {
                "actual_parole_date": "2027-02-01",
                "home_detention_curfew_actual_date": "2027-01-15",
                "conditional_release_date": "2027-03-01",
            },
            "2027-02-01",
            "APD",
        ),
        (
            {
                "home_detention_curfew_actual_date": "2027-01-15",
                "conditional_release_date": "2027-03-01",
            },
            "2027-01-15",
            "HDCAD",
        ),
        (
            {"conditional_release_date": "2027-03-01", "automatic_release_date": "2027-01-01"},
            "2027-03-01",
            "CRD",
        ),
        ({"automatic_release_date": "2027-01-01"}, "2027-01-01", "ARD"),
        (
            {
                "parole_eligibility_date": "2027-05-01",
                "home_detention_curfew_eligibility_date": "2027-02-01",
                "tariff_date": "2028-01-01",
            },
            "2027-02-01",
            "HDCED",
        ),
        (
            {"parole_eligibility_date": "2026-01-01", "tariff_date": "2028-01-01"},
            "2028-01-01",
            "TED",
        ),
        ({"parole_eligibility_date": "2026-11-23"}, "2026-11-23", "PED"),
        ({"parole_eligibility_date": "2026-11-22"}, None, None),
        (
            {
                "legal_status": "recalled",
                "post_recall_release_date": "2027-06-01",
                "conditional_release_date": "2026-02-01",
            },
            "2027-06-01",
            "post_recall",
        ),
    ],
    ids=[
        "a confirmed date is shown first",
        "an actual parole date beats the HDC actual date and CRD",
        "an HDC actual date beats the CRD",
        "the CRD beats the ARD even when the ARD is earlier",
        "the ARD is shown when it is the only release date",
        "with no release date the soonest future of PED, HDCED and tariff is shown",
        "a passed PED is skipped in favour of a future tariff date",
        "a PED falling today is still shown",
        "a PED that passed yesterday is not shown",
        "a recall shows its post-recall release date, not the old CRD",
    ],
)
def test_displayed_release_date(
    changes: dict[str, Any], expected_date: str | None, kind: str | None
) -> None:
    result = displayed_release_date(facts(**changes))
    assert result.date == (d(expected_date) if expected_date else None)
    assert result.kind == kind
    assert result.explanation
