"""Handover and COM allocation dates under each handover rule (docs/rules.md#responsibility-and-handover)."""

from __future__ import annotations

from typing import Any

import pytest

from cases.rules import Policy, handover
from cases.rules.words import day
from tests.rules.builders import d, facts

NATIONAL = Policy.defaults()
LEGACY = Policy(handover_rule="legacy")
SINGLE = Policy(handover_rule="single_point")

# Every row: sentenced 2026-01-12, as_of 2026-11-23, a closed training prison unless stated.
INDETERMINATE = {"indeterminate": True, "tariff_date": "2030-06-15"}


def _row(
    changes: dict[str, Any], com: str | None, handover_date: str | None, reason: str
) -> tuple[dict[str, Any], str | None, str | None, str]:
    return changes, com, handover_date, reason


NATIONAL_ROWS = {
    "a determinate sentence hands over 8 months and 14 days before the CRD": _row(
        {"conditional_release_date": "2027-10-31"}, "2027-02-14", "2027-02-14", "determinate"
    ),
    "a determinate sentence with a PED hands over 12 months before the PED": _row(
        {"parole_eligibility_date": "2028-03-01", "conditional_release_date": "2029-01-01"},
        "2027-03-01",
        "2027-03-01",
        "determinate_parole",
    ),
    "a PED on leap day 2028 hands over on 28 February 2027": _row(
        {"parole_eligibility_date": "2028-02-29"}, "2027-02-28", "2027-02-28", "determinate_parole"
    ),
    "a CRD of 31 October 2028 clamps to leap day before taking 14 days": _row(
        {"conditional_release_date": "2028-10-31"}, "2028-02-15", "2028-02-15", "determinate"
    ),
    "early allocation hands over 15 months before the release date": _row(
        {"conditional_release_date": "2027-10-31", "early_allocation": True},
        "2026-07-31",
        "2026-07-31",
        "early_allocation",
    ),
    "early allocation applies to a sentence too short for a custody case": _row(
        {"conditional_release_date": "2026-09-30", "early_allocation": True},
        "2025-06-30",
        "2025-06-30",
        "early_allocation",
    ),
    "an indeterminate sentence with only a tariff date hands over 12 months before it": _row(
        INDETERMINATE, "2029-06-15", "2029-06-15", "indeterminate"
    ),
    "an indeterminate sentence in an open prison allocates the COM when open conditions began": _row(
        {**INDETERMINATE, "function": "open", "open_conditions_since": "2026-06-01"},
        "2026-06-01",
        "2029-06-15",
        "indeterminate_open",
    ),
    "open conditions beginning after handover leave the COM date on handover": _row(
        {**INDETERMINATE, "function": "open", "open_conditions_since": "2029-08-01"},
        "2029-06-15",
        "2029-06-15",
        "indeterminate_open",
    ),
    "an open prison with no open conditions date still gives indeterminate_open": _row(
        {**INDETERMINATE, "function": "open"}, "2029-06-15", "2029-06-15", "indeterminate_open"
    ),
    "the women's estate in open conditions counts as open": _row(
        {**INDETERMINATE, "function": "womens", "open_conditions_since": "2026-06-01"},
        "2026-06-01",
        "2029-06-15",
        "indeterminate_open",
    ),
    "the women's estate without open conditions is an ordinary indeterminate case": _row(
        {**INDETERMINATE, "function": "womens"}, "2029-06-15", "2029-06-15", "indeterminate"
    ),
    "early allocation in open conditions keeps its reason but moves the COM date": _row(
        {
            **INDETERMINATE,
            "early_allocation": True,
            "function": "open",
            "open_conditions_since": "2026-06-01",
        },
        "2026-06-01",
        "2029-03-15",
        "early_allocation",
    ),
    "a determinate sentence in an open prison is not affected by open conditions": _row(
        {
            "conditional_release_date": "2027-10-31",
            "function": "open",
            "open_conditions_since": "2026-06-01",
        },
        "2027-02-14",
        "2027-02-14",
        "determinate",
    ),
    "a confirmed release date is the base for the handover": _row(
        {"confirmed_release_date": "2027-12-31", "conditional_release_date": "2027-10-31"},
        "2027-04-16",
        "2027-04-16",
        "determinate",
    ),
    "a community case has no handover dates": _row(
        {"conditional_release_date": "2026-10-01"}, None, None, "community_case"
    ),
}


@pytest.mark.parametrize(
    ("changes", "com", "handover_date", "reason"),
    list(NATIONAL_ROWS.values()),
    ids=list(NATIONAL_ROWS),
)
def test_national_rule(
    changes: dict[str, Any], com: str | None, handover_date: str | None, reason: str
) -> None:
    result = handover(facts(**changes), NATIONAL)
    assert (result.com_allocation_date, result.handover_date, result.reason) == (
        d(com) if com else None,
        d(handover_date) if handover_date else None,
        reason,
    )
    if handover_date:
        assert f"Handover on {day(d(handover_date))}" in result.explanation
        assert "national rule" in result.explanation


LEGACY_ROWS = {
    "a PED hands over 8 months before it": _row(
        {"parole_eligibility_date": "2028-03-01", "conditional_release_date": "2029-01-01"},
        "2027-07-01",
        "2027-07-01",
        "legacy_parole",
    ),
    "an indeterminate sentence hands over 8 months before the tariff date": _row(
        INDETERMINATE, "2029-10-15", "2029-10-15", "legacy_parole"
    ),
    "an NPS case hands over 7 months and 15 days before the CRD": _row(
        {"conditional_release_date": "2027-10-31", "case_allocation": "NPS"},
        "2027-03-16",
        "2027-03-16",
        "legacy_nps",
    ),
    "tier A without a case allocation is probation-led": _row(
        {"conditional_release_date": "2027-10-31", "tier": "A2"},
        "2027-03-16",
        "2027-03-16",
        "legacy_nps",
    ),
    "high ROSH without a case allocation is probation-led": _row(
        {"conditional_release_date": "2027-10-31", "tier": "D1", "rosh": "high"},
        "2027-03-16",
        "2027-03-16",
        "legacy_nps",
    ),
    "a CRC case hands over 12 weeks before the CRD even at tier A": _row(
        {"conditional_release_date": "2027-10-31", "case_allocation": "CRC", "tier": "A1"},
        "2027-08-08",
        "2027-08-08",
        "legacy_crc",
    ),
    "tier C without a case allocation is a CRC case": _row(
        {"conditional_release_date": "2027-10-31", "tier": "C1"},
        "2027-08-08",
        "2027-08-08",
        "legacy_crc",
    ),
    "early allocation comes first under the legacy rule too": _row(
        {"conditional_release_date": "2027-10-31", "early_allocation": True, "tier": "C1"},
        "2026-07-31",
        "2026-07-31",
        "early_allocation",
    ),
    "a community case has no dates under the legacy rule": _row(
        {"conditional_release_date": "2026-10-01", "case_allocation": "NPS"},
        None,
        None,
        "community_case",
    ),
}


@pytest.mark.parametrize(
    ("changes", "com", "handover_date", "reason"),
    list(LEGACY_ROWS.values()),
    ids=list(LEGACY_ROWS),
)
def test_legacy_rule(
    changes: dict[str, Any], com: str | None, handover_date: str | None, reason: str
) -> None:
    result = handover(facts(**changes), LEGACY)
    assert (result.com_allocation_date, result.handover_date, result.reason) == (
        d(com) if com else None,
        d(handover_date) if handover_date else None,
        reason,
    )


SINGLE_ROWS = {
    "one point: 12 months before the CRD, COM 8 weeks before that": _row(
        {"conditional_release_date": "2027-10-31"}, "2026-09-05", "2026-10-31", "single_point"
    ),
    "a PED case uses the same single point": _row(
        {"parole_eligibility_date": "2028-03-01"}, "2027-01-04", "2027-03-01", "single_point"
    ),
    "an indeterminate case uses the same single point": _row(
        INDETERMINATE, "2029-04-20", "2029-06-15", "single_point"
    ),
    "early allocation still comes first, with the COM lead time": _row(
        {"conditional_release_date": "2027-10-31", "early_allocation": True},
        "2026-06-05",
        "2026-07-31",
        "early_allocation",
    ),
    "a community case has no dates under the single point rule": _row(
        {"conditional_release_date": "2026-10-01"}, None, None, "community_case"
    ),
}


@pytest.mark.parametrize(
    ("changes", "com", "handover_date", "reason"),
    list(SINGLE_ROWS.values()),
    ids=list(SINGLE_ROWS),
)
def test_single_point_rule(
    changes: dict[str, Any], com: str | None, handover_date: str | None, reason: str
) -> None:
    result = handover(facts(**changes), SINGLE)
    assert (result.com_allocation_date, result.handover_date, result.reason) == (
        d(com) if com else None,
        d(handover_date) if handover_date else None,
        reason,
    )


NO_DATE_ROWS = {
    "a determinate recall has no handover dates": _row(
        {"legal_status": "recalled", "post_recall_release_date": "2027-10-31"},
        None,
        None,
        "recall_case",
    ),
    "a recall with no release date is still a recall case": _row(
        {"legal_status": "recalled", "home_detention_curfew_eligibility_date": "2027-01-01"},
        None,
        None,
        "recall_case",
    ),
    "an immigration detainee has no handover dates": _row(
        {"legal_status": "immigration_detainee"}, None, None, "immigration_case"
    ),
    "no release date at all gives release date unknown": _row(
        {"home_detention_curfew_eligibility_date": "2027-01-01"},
        None,
        None,
        "release_date_unknown",
    ),
    "an indeterminate sentence with no tariff or hearing date gives release date unknown": _row(
        {"indeterminate": True}, None, None, "release_date_unknown"
    ),
    "a further indeterminate sentence to serve gives additional ISP": _row(
        {**INDETERMINATE, "further_indeterminate_sentence": True}, None, None, "additional_isp"
    ),
    "a recalled indeterminate case with a hearing 12 months away exactly and no MAPPA": _row(
        {
            "legal_status": "recalled",
            "indeterminate": True,
            "target_hearing_date": "2027-11-23",
        },
        None,
        None,
        "recall_thd_over_12_months",
    ),
    "a recalled indeterminate case with a hearing a day short of 12 months is a recall case": _row(
        {
            "legal_status": "recalled",
            "indeterminate": True,
            "target_hearing_date": "2027-11-22",
            "mappa_level": 1,
        },
        None,
        None,
        "recall_case",
    ),
    "a knocked-back parole review with MAPPA 2 and a hearing over a year away": _row(
        {
            "indeterminate": True,
            "tariff_date": "2020-01-01",
            "target_hearing_date": "2028-01-01",
            "latest_parole_outcome": "not_release",
            "mappa_level": 2,
        },
        None,
        None,
        "parole_mappa_2_3",
    ),
    "a recalled case with MAPPA 3 after a knocked-back review is under rule 4": _row(
        {
            "legal_status": "recalled",
            "indeterminate": True,
            "target_hearing_date": "2028-01-01",
            "latest_parole_outcome": "not_release",
            "mappa_level": 3,
        },
        None,
        None,
        "parole_mappa_2_3",
    ),
    "a knocked-back parole review with MAPPA 1 and a hearing over a year away": _row(
        {
            "indeterminate": True,
            "target_hearing_date": "2028-01-01",
            "latest_parole_outcome": "not_release",
            "mappa_level": 1,
        },
        None,
        None,
        "thd_over_12_months",
    ),
    "a parole review that ordered release does not trigger rule 4": _row(
        {
            "indeterminate": True,
            "target_hearing_date": "2028-01-01",
            "latest_parole_outcome": "release",
            "mappa_level": 2,
        },
        "2027-01-01",
        "2027-01-01",
        "indeterminate",
    ),
    "no completed parole review means rule 4 does not apply": _row(
        {"indeterminate": True, "target_hearing_date": "2028-01-01", "mappa_level": 2},
        "2027-01-01",
        "2027-01-01",
        "indeterminate",
    ),
    "a remand prisoner is out of scope with no dates": _row(
        {"legal_status": "remand", "conditional_release_date": "2027-10-31"},
        None,
        None,
        "release_date_unknown",
    ),
    "a manual override does not change the handover": _row(
        {"conditional_release_date": "2027-10-31", "responsibility_override": "com"},
        "2027-02-14",
        "2027-02-14",
        "determinate",
    ),
}


@pytest.mark.parametrize(
    ("changes", "com", "handover_date", "reason"),
    list(NO_DATE_ROWS.values()),
    ids=list(NO_DATE_ROWS),
)
def test_cases_without_handover_dates_and_their_reasons(
    changes: dict[str, Any], com: str | None, handover_date: str | None, reason: str
) -> None:
    result = handover(facts(**changes), NATIONAL)
    assert (result.com_allocation_date, result.handover_date, result.reason) == (
        d(com) if com else None,
        d(handover_date) if handover_date else None,
        reason,
    )
    assert result.explanation


ALL_REASONS = {
    "early_allocation",
    "indeterminate",
    "indeterminate_open",
    "determinate_parole",
    "determinate",
    "legacy_parole",
    "legacy_nps",
    "legacy_crc",
    "single_point",
    "community_case",
    "recall_case",
    "immigration_case",
    "release_date_unknown",
    "additional_isp",
    "recall_thd_over_12_months",
    "parole_mappa_2_3",
    "thd_over_12_months",
}


def test_every_handover_reason_code_of_the_contract_is_reached_by_a_row() -> None:
    reached = {
        row[3]
        for rows in (NATIONAL_ROWS, LEGACY_ROWS, SINGLE_ROWS, NO_DATE_ROWS)
        for row in rows.values()
    }
    assert reached == ALL_REASONS


def test_the_explanation_matches_the_documented_example() -> None:
    result = handover(facts(conditional_release_date="2027-10-31"), NATIONAL)
    assert result.explanation.startswith(
        "Handover on 14 February 2027: 8 months and 14 days before the conditional release date "
        "31 October 2027 (national rules: determinate sentence, no parole eligibility date)"
    )


def test_handover_lists_open_56_days_before_and_flag_a_missing_com_2_days_after() -> None:
    result = handover(facts(conditional_release_date="2027-10-31"), NATIONAL)
    assert result.upcoming_from == d("2026-12-20")
    assert result.com_allocation_overdue_from == d("2027-02-16")
