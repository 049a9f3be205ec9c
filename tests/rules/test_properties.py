"""Properties that must hold for any case, checked with Hypothesis."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.bank_holidays import bank_holidays
from cases.rules import (
    CaseFacts,
    KeyDates,
    Policy,
    PrisonFacts,
    add_working_days,
    categorisation_deadline,
    evaluate,
    handover,
    is_working_day,
    responsibility,
    transfer_deadline,
)

HOLIDAYS = bank_holidays(2020, 2040)
PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

days = st.dates(min_value=date(2022, 1, 1), max_value=date(2035, 12, 31))
maybe_day = st.none() | days
policies = st.builds(
    Policy,
    handover_rule=st.sampled_from(["national", "legacy", "single_point"]),
    handover_months=st.integers(0, 24),
    com_allocation_lead_weeks=st.integers(0, 30),
    community_case_months=st.integers(0, 24),
    early_allocation_months=st.integers(0, 24),
    indeterminate_handover_months=st.integers(0, 24),
    parole_handover_months=st.integers(0, 24),
    determinate_handover_months=st.integers(0, 24),
    determinate_handover_days=st.integers(0, 60),
    legacy_nps_handover_days=st.integers(0, 60),
    legacy_crc_handover_weeks=st.integers(0, 52),
    transfer_working_days=st.integers(1, 40),
    categorisation_working_days=st.integers(1, 40),
)
cases = st.builds(
    CaseFacts,
    as_of=days,
    legal_status=st.sampled_from(
        ["sentenced", "sentenced", "recalled", "remand", "immigration_detainee"]
    ),
    prison=st.builds(
        PrisonFacts,
        function=st.sampled_from(["reception", "training", "open", "womens"]),
        omu_model=st.sampled_from(["standard", "third_sector"]),
    ),
    date_of_birth=st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2012, 12, 31)),
    sentence_start_date=maybe_day,
    indeterminate=st.booleans(),
    dates=st.builds(
        KeyDates,
        conditional_release_date=maybe_day,
        automatic_release_date=maybe_day,
        parole_eligibility_date=maybe_day,
        tariff_date=maybe_day,
        target_hearing_date=maybe_day,
        confirmed_release_date=st.none() | days,
        post_recall_release_date=maybe_day,
        home_detention_curfew_eligibility_date=maybe_day,
    ),
    tier=st.sampled_from([None, "A1", "B2", "C3", "D1"]),
    rosh=st.sampled_from([None, "low", "medium", "high", "very_high"]),
    mappa_level=st.sampled_from([None, 0, 1, 2, 3]),
    case_allocation=st.sampled_from([None, "NPS", "CRC"]),
    early_allocation=st.booleans(),
    latest_parole_outcome=st.sampled_from([None, "release", "not_release"]),
    further_indeterminate_sentence=st.booleans(),
    open_conditions_since=maybe_day,
    documents_received_date=maybe_day,
)


@PROPERTY_SETTINGS
@given(case=cases, policy=policies)
def test_the_com_is_never_allocated_after_the_handover_date(
    case: CaseFacts, policy: Policy
) -> None:
    result = handover(case, policy)
    if result.handover_date is not None:
        assert result.com_allocation_date is not None
        assert result.com_allocation_date <= result.handover_date
    else:
        assert result.com_allocation_date is None


@PROPERTY_SETTINGS
@given(case=cases, policy=policies)
def test_the_handover_date_is_never_after_the_earliest_release_date(
    case: CaseFacts, policy: Policy
) -> None:
    ev = evaluate(case, policy, holidays=HOLIDAYS)
    if ev.handover.handover_date is not None:
        assert ev.earliest_release_date.date is not None
        assert ev.handover.handover_date <= ev.earliest_release_date.date


@PROPERTY_SETTINGS
@given(case=cases, policy=policies)
def test_evaluation_never_raises_and_always_explains(case: CaseFacts, policy: Policy) -> None:
    ev = evaluate(case, policy, holidays=HOLIDAYS)
    assert ev.handover.explanation and ev.responsibility.explanation
    assert ev.in_omic_scope.explanation and ev.pom_type.explanation


determinate_custody = st.builds(
    lambda sentenced, length, ped, rule: (
        CaseFacts(
            as_of=sentenced,
            legal_status="sentenced",
            sentence_start_date=sentenced,
            dates=KeyDates(
                conditional_release_date=sentenced + timedelta(days=length),
                parole_eligibility_date=(sentenced + timedelta(days=length // 2)) if ped else None,
            ),
        ),
        Policy(handover_rule=rule),
    ),
    sentenced=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    length=st.integers(320, 3000),
    ped=st.booleans(),
    rule=st.sampled_from(["national", "legacy"]),
)


@settings(max_examples=60, deadline=None, database=None)
@given(case_and_policy=determinate_custody)
def test_responsibility_flips_once_from_pom_to_com_on_the_handover_date(
    case_and_policy: tuple[CaseFacts, Policy],
) -> None:
    case, policy = case_and_policy
    result = handover(case, policy)
    if result.handover_date is None:  # a PED inside 10 months makes a community case
        assert result.reason == "community_case"
        return
    release = case.dates.conditional_release_date
    assert release is not None and case.sentence_start_date is not None
    responsible = []
    day = case.sentence_start_date
    step = timedelta(days=1)
    while day <= release:
        responsible.append(responsibility(replace(case, as_of=day), policy).responsible)
        day += step
    flips = [i for i in range(1, len(responsible)) if responsible[i] != responsible[i - 1]]
    first_day = case.sentence_start_date
    if result.handover_date <= first_day:
        assert flips == [] and responsible[0] == "com"
    else:
        assert len(flips) == 1
        assert responsible[0] == "pom" and responsible[-1] == "com"
        assert first_day + timedelta(days=flips[0]) == result.handover_date


@settings(max_examples=300, deadline=None, database=None)
@given(start=days, count=st.integers(1, 60))
def test_working_day_deadlines_never_land_on_a_weekend_or_bank_holiday(
    start: date, count: int
) -> None:
    due = add_working_days(start, count, HOLIDAYS)
    assert due > start
    assert is_working_day(due, HOLIDAYS)
    working = sum(
        1
        for offset in range(1, (due - start).days + 1)
        if is_working_day(start + timedelta(days=offset), HOLIDAYS)
    )
    assert working == count


@PROPERTY_SETTINGS
@given(case=cases, policy=policies)
def test_transfer_and_categorisation_never_fall_on_a_non_working_day(
    case: CaseFacts, policy: Policy
) -> None:
    for deadline in (
        transfer_deadline(case, policy, holidays=HOLIDAYS),
        categorisation_deadline(case, policy, holidays=HOLIDAYS),
    ):
        if deadline.due is not None:
            assert isinstance(deadline.due, date)
            assert is_working_day(deadline.due, HOLIDAYS)
