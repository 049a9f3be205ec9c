"""The early allocation rules (docs/rules.md#early-allocation) as tables: the window at exactly
18 months, month ends and leap days; the outcome of the criteria; the OASys date."""

import datetime as dt

import pytest

from allocation.rules import (
    assessment_outcome,
    assessment_window,
    latest_release_in_window,
    oasys_date_error,
    window_opens_on,
)
from allocation.rules.early import EARLY_ALLOCATION_RULES, EarlyAllocationRules

D = dt.date


@pytest.mark.parametrize(
    ("release", "opens"),
    [
        (D(2028, 6, 15), D(2026, 12, 15)),  # plain 18 months
        (D(2028, 8, 31), D(2027, 2, 28)),  # month end: February 2027 has 28 days
        (D(2029, 8, 31), D(2028, 2, 29)),  # month end into a leap February
        (D(2029, 8, 29), D(2028, 2, 29)),  # exactly the leap day
        (D(2030, 8, 29), D(2029, 2, 28)),  # no leap day: clamped
        (D(2028, 2, 29), D(2026, 8, 29)),  # release on a leap day
        (D(2028, 3, 31), D(2026, 9, 30)),  # 31st into a 30-day month
        (D(2028, 1, 1), D(2026, 7, 1)),  # across a year
    ],
)
def test_the_window_opens_18_months_before_the_release_date(release: dt.date, opens: dt.date):
    assert window_opens_on(release, rules=EARLY_ALLOCATION_RULES) == opens


@pytest.mark.parametrize(
    ("release", "today", "is_open"),
    [
        (D(2028, 6, 15), D(2026, 12, 14), False),  # the day before exactly 18 months
        (D(2028, 6, 15), D(2026, 12, 15), True),  # exactly 18 months before
        (D(2028, 6, 15), D(2028, 6, 15), True),  # release day
        (D(2028, 6, 15), D(2028, 7, 1), True),  # release date passed, still held
        (D(2028, 8, 31), D(2027, 2, 27), False),
        (D(2028, 8, 31), D(2027, 2, 28), True),  # month end
        (D(2028, 8, 30), D(2027, 2, 28), True),
        (D(2028, 9, 1), D(2027, 2, 28), False),
        (D(2029, 8, 31), D(2028, 2, 28), False),  # leap year: 29 February opens it
        (D(2029, 8, 31), D(2028, 2, 29), True),
        (D(2029, 8, 29), D(2028, 2, 28), False),
        (D(2029, 8, 29), D(2028, 2, 29), True),
    ],
)
def test_the_window_is_open_from_its_first_day(release: dt.date, today: dt.date, is_open: bool):
    window = assessment_window(release, today=today)
    assert window.open is is_open
    assert window.release_date == release
    assert f"{release:%-d %B %Y}" in window.explanation


def test_no_release_date_means_no_window():
    window = assessment_window(None, today=D(2027, 1, 1))
    assert (window.open, window.opens_on) == (False, None)
    assert "No earliest release date" in window.explanation


def test_the_window_follows_the_months_it_is_given():
    rules = EarlyAllocationRules(window_months=12)
    assert assessment_window(D(2028, 6, 15), today=D(2027, 6, 15), rules=rules).open
    assert not assessment_window(D(2028, 6, 15), today=D(2027, 6, 14), rules=rules).open


@pytest.mark.parametrize(
    ("today", "bound"),
    [
        (D(2026, 12, 15), D(2028, 6, 15)),
        (D(2027, 2, 28), D(2028, 8, 31)),  # month end: the whole month ahead
        (D(2027, 2, 27), D(2028, 8, 27)),
        (D(2028, 2, 29), D(2029, 8, 31)),  # leap day is February's end
        (D(2028, 2, 28), D(2029, 8, 28)),  # not the end in a leap year
        (D(2026, 9, 30), D(2028, 3, 31)),
    ],
)
def test_the_latest_release_in_the_window(today: dt.date, bound: dt.date):
    assert latest_release_in_window(today) == bound


def test_the_latest_release_agrees_with_the_window_on_every_day_of_two_years():
    """A list asks the database for release <= the bound: it must pick exactly the cases the
    window calls open, month ends and leap days included."""
    start = D(2027, 1, 1)
    for offset in range(0, 800, 1):
        today = start + dt.timedelta(days=offset)
        bound = latest_release_in_window(today)
        assert assessment_window(bound, today=today).open
        assert not assessment_window(bound + dt.timedelta(days=1), today=today).open


@pytest.mark.parametrize(
    ("automatic", "discretionary", "outcome"),
    [
        (["high_profile"], [], "eligible"),
        (["terrorism_act", "mappa_level_3"], ["mappa_level_2"], "eligible"),
        (["serious_crime_prevention_order"], [], "eligible"),
        (["critical_public_protection"], [], "eligible"),
        ([], ["high_risk_of_serious_harm"], "discretionary"),
        ([], ["extremism_separation", "pathfinder"], "discretionary"),
        ([], ["other_reason"], "discretionary"),
        ([], [], "not_eligible"),
    ],
)
def test_any_automatic_criterion_makes_the_case_eligible(
    automatic: list[str], discretionary: list[str], outcome: str
):
    found, why = assessment_outcome(automatic, discretionary)
    assert found == outcome
    assert why


def test_the_outcome_names_the_criteria_met():
    _, why = assessment_outcome(["mappa_level_3"], [])
    assert "mappa level 3" in why.lower()


@pytest.mark.parametrize(
    ("oasys", "ok"),
    [
        (D(2027, 3, 31), True),  # today
        (D(2027, 4, 1), False),  # future
        (D(2026, 12, 31), True),  # exactly 3 months before (31 March - 3 months)
        (D(2026, 12, 30), False),
    ],
)
def test_the_last_oasys_must_be_from_the_last_3_months(oasys: dt.date, ok: bool):
    assert (oasys_date_error(oasys, today=D(2027, 3, 31)) is None) is ok
