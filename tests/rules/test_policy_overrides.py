"""Every policy field is read by some rule: changing it changes a result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import timedelta
from typing import Any

import pytest

from cases.bank_holidays import bank_holidays_for
from cases.rules import (
    CaseFacts,
    Policy,
    capacity_status,
    deadline_status,
    due_soon_window,
    evaluate,
    keywork_minutes_expected,
    keywork_sessions_expected,
    keyworker_capacity_status,
    pom_capacity,
)
from quality.rules import stratum_quotas
from tests.rules.builders import d, facts

Probe = Callable[[CaseFacts, Policy], Any]


def _ev(path: str) -> Probe:
    """Read ``path`` (dotted attributes) from a full evaluation with the policy's holidays."""

    def probe(case: CaseFacts, policy: Policy) -> Any:
        value: Any = evaluate(case, policy, holidays=bank_holidays_for(case, policy))
        for part in path.split("."):
            value = getattr(value, part)
        return value

    return probe


CRD = facts(conditional_release_date="2027-10-31")
PED = facts(parole_eligibility_date="2028-03-01", conditional_release_date="2029-01-01")
LIFER = facts(indeterminate=True, tariff_date="2030-06-15")
SHORT = facts(conditional_release_date="2026-11-13")
EARLY = facts(conditional_release_date="2027-10-31", early_allocation=True)
NPS = facts(conditional_release_date="2027-10-31", case_allocation="NPS")
CRC = facts(conditional_release_date="2027-10-31", case_allocation="CRC")
ARRIVED = facts(
    conditional_release_date="2027-10-31",
    arrival_datetime="2026-11-20T14:30",
    function="reception",
    documents_received_date="2026-11-16",
    last_categorisation_date="2026-11-01",
    last_oasys_date="2026-03-01",
    rosh="high",
)
LONG = replace(ARRIVED, dates=replace(ARRIVED.dates, conditional_release_date=d("2032-01-01")))
LOW_RISK = replace(ARRIVED, rosh="low")
LEGACY = {"handover_rule": "legacy"}
SINGLE = {"handover_rule": "single_point"}
START, END = d("2026-01-05"), d("2026-03-02")

# field -> (case, base policy changes, the override, what to look at)
ROWS: dict[str, tuple[CaseFacts, dict[str, Any], Any, Probe]] = {
    "handover_rule": (CRD, {}, "legacy", _ev("handover.reason")),
    "handover_months": (CRD, SINGLE, 9, _ev("handover.handover_date")),
    "com_allocation_lead_weeks": (CRD, SINGLE, 4, _ev("handover.com_allocation_date")),
    "community_case_months": (SHORT, {}, 11, _ev("case_type.value")),
    "early_allocation_months": (EARLY, {}, 18, _ev("handover.handover_date")),
    "indeterminate_handover_months": (LIFER, {}, 6, _ev("handover.handover_date")),
    "parole_handover_months": (PED, {}, 6, _ev("handover.handover_date")),
    "determinate_handover_months": (CRD, {}, 6, _ev("handover.handover_date")),
    "determinate_handover_days": (CRD, {}, 0, _ev("handover.handover_date")),
    "legacy_parole_handover_months": (PED, LEGACY, 6, _ev("handover.handover_date")),
    "legacy_nps_handover_months": (NPS, LEGACY, 6, _ev("handover.handover_date")),
    "legacy_nps_handover_days": (NPS, LEGACY, 0, _ev("handover.handover_date")),
    "legacy_crc_handover_weeks": (CRC, LEGACY, 8, _ev("handover.handover_date")),
    "handover_upcoming_days": (CRD, {}, 28, _ev("handover.upcoming_from")),
    "com_allocation_overdue_days": (CRD, {}, 5, _ev("handover.com_allocation_overdue_from")),
    "bcs_hours": (ARRIVED, {}, 48, _ev("deadlines.bcs.due")),
    "sentence_calculation_days": (ARRIVED, {}, 7, _ev("deadlines.sentence_calculation.due")),
    "transfer_working_days": (ARRIVED, {}, 5, _ev("deadlines.transfer.due")),
    "keyworker_allocation_days": (ARRIVED, {}, 7, _ev("deadlines.keyworker_allocation.due")),
    "categorisation_working_days": (ARRIVED, {}, 5, _ev("deadlines.categorisation.due")),
    "recategorisation_months_short": (ARRIVED, {}, 3, _ev("deadlines.recategorisation.due")),
    "recategorisation_months_long": (LONG, {}, 24, _ev("deadlines.recategorisation.due")),
    "recategorisation_threshold_years": (LONG, {}, 10, _ev("deadlines.recategorisation.due")),
    "oasys_short_weeks": (
        facts(conditional_release_date="2027-01-01"),
        {},
        4,
        _ev("deadlines.oasys.due"),
    ),
    "oasys_long_weeks": (CRD, {}, 8, _ev("deadlines.oasys.due")),
    "oasys_indeterminate_weeks": (LIFER, {}, 20, _ev("deadlines.oasys.due")),
    "oasys_long_threshold_months": (CRD, {}, 24, _ev("deadlines.oasys.due")),
    "oasys_review_months": (ARRIVED, {}, 6, _ev("deadlines.oasys_review.due")),
    "pom_contact_high_rosh_months": (ARRIVED, {}, 2, _ev("pom_contact_months.value")),
    "pom_contact_other_months": (LOW_RISK, {}, 6, _ev("pom_contact_months.value")),
    "keywork_frequency_weeks": (CRD, {}, 2, lambda _c, p: keywork_sessions_expected(START, END, p)),
    "keywork_session_minutes": (CRD, {}, 60, lambda _c, p: keywork_minutes_expected(START, END, p)),
    "keyworker_capacity": (CRD, {}, 5, lambda _c, p: keyworker_capacity_status(6, p)),
    "pom_capacity": (CRD, {}, 40, lambda _c, p: pom_capacity("pom", p).value),
    "senior_pom_capacity": (CRD, {}, 6, lambda _c, p: pom_capacity("senior_pom", p).value),
    "new_pom_capacity": (CRD, {}, 5, lambda _c, p: pom_capacity("new_pom", p).value),
    "due_soon_days": (
        CRD,
        {},
        3,
        lambda _c, p: deadline_status(
            d("2026-11-30"), now_or_today=d("2026-11-25"), due_soon=due_soon_window(p)
        ),
    ),
    "bcs_due_soon_hours": (CRD, {}, 24, lambda _c, p: due_soon_window(p, bcs=True)),
    # 2 January is a bank holiday in Scotland only; documents received on 31 December 2026.
    "bank_holiday_country": (
        replace(ARRIVED, documents_received_date=d("2025-12-31")),
        {},
        "scotland",
        _ev("deadlines.categorisation.due"),
    ),
    # Not read by the engine: the case-quality audit's monthly sample.
    "audit_sample_size": (
        CRD,
        {},
        4,
        lambda _c, p: stratum_quotas({"custody": 30, "community": 10}, p.audit_sample_size),
    ),
}


def test_every_policy_field_has_an_override_row() -> None:
    assert set(ROWS) == {spec.name for spec in fields(Policy)}


@pytest.mark.parametrize(
    ("field_name", "case", "base", "value", "probe"),
    [(name, *row) for name, row in ROWS.items()],
    ids=[f"changing {name} changes the result" for name in ROWS],
)
def test_each_policy_field_changes_the_result(
    field_name: str, case: CaseFacts, base: dict[str, Any], value: Any, probe: Probe
) -> None:
    before = Policy(**base)
    after = Policy(**{**base, field_name: value})
    assert probe(case, before) != probe(case, after)


def test_part_time_pom_capacity_is_pro_rata_rounded_down() -> None:
    policy = Policy.defaults()
    assert pom_capacity("pom", policy, hours_fraction=0.6).value == 25
    assert "pro rata at 60% hours" in pom_capacity("pom", policy, hours_fraction=0.6).explanation
    with pytest.raises(ValueError, match="hours_fraction"):
        pom_capacity("pom", policy, hours_fraction=0)


@pytest.mark.parametrize(
    ("caseload", "status"),
    [(41, "under"), (42, "at"), (43, "over")],
    ids=["below capacity", "at capacity warns", "above capacity is listed"],
)
def test_capacity_status(caseload: int, status: str) -> None:
    assert capacity_status(caseload, 42) == status


def test_keywork_expectations() -> None:
    policy = Policy(keywork_frequency_weeks=2)
    assert keywork_sessions_expected(START, END, Policy.defaults()) == 8
    assert keywork_sessions_expected(START, END, policy) == 4
    assert keywork_sessions_expected(END, START, policy) == 0
    assert keywork_minutes_expected(START, END, Policy.defaults()) == 8 * 45
    assert timedelta(weeks=8) == END - START
