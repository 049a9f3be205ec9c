"""When a case's answer changes by itself (`next_change_on`): never later than the real change,
checked day by day for generated cases, and exact at each boundary the rules have."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given

from cases.rules import CaseFacts, Policy, answer_of, evaluate, next_change_on
from tests.rules.builders import d, facts
from tests.rules.test_properties import HOLIDAYS, PROPERTY_SETTINGS, cases, policies

HORIZON = 900  # days looked at after a case's day when its answer never changes
POLICY = Policy()


def _answer(case: CaseFacts, policy: Policy, day: date) -> dict[str, object]:
    return answer_of(evaluate(replace(case, as_of=day), policy, holidays=HOLIDAYS))


def _first_change(case: CaseFacts, policy: Policy, *, limit: int = HORIZON) -> date | None:
    today = _answer(case, policy, case.as_of)
    for n in range(1, limit + 1):
        day = case.as_of + timedelta(days=n)
        if _answer(case, policy, day) != today:
            return day
    return None


@PROPERTY_SETTINGS
@given(case=cases, policy=policies)
def test_the_answer_never_changes_before_the_day_next_change_on_gives(
    case: CaseFacts, policy: Policy
) -> None:
    ev = evaluate(case, policy, holidays=HOLIDAYS)
    changes = next_change_on(case, policy, ev)
    real = _first_change(case, policy)
    if real is not None:
        assert changes is not None and changes <= real, (changes, real)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # Turning 18: in scope from the birthday (a 29 February birthday: 1 March).
        (facts(date_of_birth="2008-12-10", conditional_release_date="2028-01-10"), "2026-12-10"),
        (facts(date_of_birth="2009-02-28", conditional_release_date="2028-01-10"), "2027-02-28"),
        (facts(date_of_birth="2008-02-29", conditional_release_date="2028-01-10"), "2026-03-01"),
        # Responsibility: COM supporting from the COM allocation date, then COM responsible on
        # the handover date (national rule: CRD 2027-08-30 - 8 months 14 days = 2026-12-16).
        (facts(conditional_release_date="2027-08-30"), "2026-12-16"),
        # Indeterminate: the tariff date passing changes the earliest release date.
        (
            facts(indeterminate=True, tariff_date="2026-12-01", target_hearing_date="2029-06-01"),
            "2026-12-01",
        ),
        # Nothing in the rules depends on the day for this one: it never changes by itself.
        (facts(legal_status="remand", sentence_start_date=None, date_of_birth="1980-01-01"), None),
    ],
)
def test_next_change_on_at_each_boundary(case: CaseFacts, expected: str | None) -> None:
    if expected == "2026-03-01":
        case = replace(case, as_of=d("2026-01-15"))
    ev = evaluate(case, POLICY, holidays=HOLIDAYS)
    assert next_change_on(case, POLICY, ev) == (d(expected) if expected else None)
    real = _first_change(case, POLICY, limit=800)
    assert real == next_change_on(case, POLICY, ev)


def test_a_third_sector_case_changes_pom_type_ten_months_before_release_month_ends_clamped() -> (
    None
):
    # More than 10 months to serve on 2026-11-23 (ERD 2027-09-30); on 2026-11-30 + 10 months =
    # 2027-09-30 it is no longer "more than": the POM type turns third sector that day.
    case = facts(omu_model="third_sector", tier="B1", conditional_release_date="2027-09-30",
                 sentence_start_date="2026-01-12")  # fmt: skip
    ev = evaluate(case, POLICY, holidays=HOLIDAYS)
    assert ev.pom_type.value == "probation"
    changes = next_change_on(case, POLICY, ev)
    assert changes is not None and changes <= d("2026-11-30")
    assert _answer(case, POLICY, d("2026-11-30"))["pom_type"] == "third_sector"
    assert _answer(case, POLICY, d("2026-11-29"))["pom_type"] == "probation"
