from datetime import date

import pytest

from cases.rules import Explained
from cases.rules.words import day
from interventions.rules import (
    CohortSlot,
    Criteria,
    WaitingEntry,
    assess_referral,
    eligibility,
    finish_date,
    fits_before_release,
    next_cohort,
    parole_hearing,
    pre_release,
    runs_at_prison,
    sentence_months,
    transition,
    waiting_list_order,
)


@pytest.mark.parametrize(
    "start, end, months",
    [
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2028, 1, 31), date(2028, 2, 28), 0),
        (date(2028, 1, 31), date(2028, 2, 29), 1),
        (date(2026, 3, 15), date(2027, 3, 15), 12),
        (date(2026, 3, 15), date(2027, 3, 14), 11),
        (date(2026, 3, 15), date(2026, 3, 1), 0),
    ],
    ids=[
        "31 January to 27 February is not a whole month",
        "31 January plus a month is 28 February (clamped), so that is one",
        "in a leap year 28 February is a day short",
        "and 29 February is one month",
        "exactly a year is twelve months",
        "a day short of a year is eleven",
        "an end before the start counts as none",
    ],
)
def test_sentence_length_counts_whole_calendar_months(start: date, end: date, months: int) -> None:
    assert sentence_months(start, end) == months


@pytest.mark.parametrize(
    "criteria, rosh, expiry, womens, eligible, says",
    [
        (Criteria(), "low", date(2027, 1, 1), False, True, "Eligible"),
        (
            Criteria(rosh_levels=frozenset({"high", "very_high"})),
            "medium",
            date(2027, 1, 1),
            False,
            False,
            "ROSH medium",
        ),
        (
            Criteria(rosh_levels=frozenset({"high"})),
            None,
            date(2027, 1, 1),
            False,
            False,
            "no ROSH",
        ),
        (
            Criteria(min_sentence_months=12),
            "low",
            date(2026, 12, 31),
            False,
            False,
            "11-month sentence",
        ),
        (Criteria(min_sentence_months=12), "low", date(2027, 1, 1), False, True, "Eligible"),
        (Criteria(max_sentence_months=24), "low", date(2029, 1, 2), False, False, "36-month"),
        (Criteria(min_sentence_months=6), "low", None, False, False, "not known"),
        (Criteria(estate="womens"), "low", date(2027, 1, 1), False, False, "women's estate"),
        (Criteria(estate="mens"), "low", date(2027, 1, 1), True, False, "men's estate"),
    ],
    ids=[
        "no criteria: anyone",
        "a high-risk programme refuses medium ROSH",
        "a risk criterion needs a ROSH",
        "one day short of the 12-month minimum",
        "exactly 12 months meets it",
        "over the maximum length",
        "a length limit needs the dates",
        "a women's programme in a men's prison",
        "a men's programme in the women's estate",
    ],
)
def test_eligibility_names_each_criterion_not_met(
    criteria: Criteria,
    rosh: str | None,
    expiry: date | None,
    womens: bool,
    eligible: bool,
    says: str,
) -> None:
    result = eligibility(
        criteria,
        rosh=rosh,
        sentence_start=date(2026, 1, 1),
        sentence_expiry=expiry,
        womens_estate=womens,
    )
    assert result.value is eligible
    assert says in result.explanation


@pytest.mark.parametrize(
    "start, days, release, hearing, fits, deadline",
    [
        (date(2027, 1, 4), 56, date(2027, 3, 1), None, True, "1 March 2027"),
        (date(2027, 1, 4), 56, date(2027, 2, 28), None, False, "28 February 2027"),
        (date(2027, 1, 4), 56, date(2027, 2, 27), None, False, "27 February 2027"),
        (date(2028, 1, 3), 58, date(2028, 3, 1), None, True, "1 March 2028"),
        (date(2027, 1, 4), 56, date(2027, 9, 1), date(2027, 2, 20), False, "parole hearing"),
        (date(2027, 1, 4), 1, date(2027, 1, 5), None, True, "5 January 2027"),
    ],
    ids=[
        "finishing the day before release fits",
        "finishing on the release day does not",
        "finishing after release does not",
        "a course ending on a leap day fits a 1 March release",
        "a parole hearing before release is the deadline",
        "a single session the day before release fits",
    ],
)
def test_a_programme_must_finish_before_release_or_the_parole_hearing(
    start: date, days: int, release: date, hearing: date | None, fits: bool, deadline: str
) -> None:
    result = fits_before_release(
        start=start, duration_days=days, release=release, release_kind="CRD", parole_hearing=hearing
    )
    assert result.value is fits
    assert deadline in result.explanation
    assert day(finish_date(start, days)) in result.explanation


def test_the_fit_is_unknown_without_dates() -> None:
    assert fits_before_release(start=None, duration_days=10, release=date(2027, 1, 1)).value is None
    assert fits_before_release(start=date(2027, 1, 1), duration_days=10, release=None).value is None


def test_a_move_for_a_programme_needs_the_receiving_prison_to_run_it() -> None:
    assert runs_at_prison("LEI", ["LEI", "MDI"]).value is True
    result = runs_at_prison("HMI", ["LEI", "MDI"])
    assert result.value is False and "LEI, MDI" in result.explanation


def test_the_waiting_list_puts_the_soonest_deadline_first_and_unknown_last() -> None:
    entries = [
        WaitingEntry(1, release=date(2027, 6, 1), parole_hearing=None),
        WaitingEntry(2, release=None, parole_hearing=None),
        WaitingEntry(3, release=date(2028, 1, 1), parole_hearing=date(2027, 3, 1)),
        WaitingEntry(4, release=date(2027, 4, 1), parole_hearing=None),
    ]
    ranked = waiting_list_order(entries)
    assert [e.key for e, _ in ranked] == [3, 4, 1, 2]
    assert ranked[0][1] == "Ranked by parole hearing 1 March 2027"
    assert ranked[-1][1] == "Ranked by no release date known"


# --- Added with the referral pages -------------------------------------------------------------


@pytest.mark.parametrize(
    "criteria, eligible, says",
    [
        (Criteria(min_sentence_months=24), True, "Eligible"),
        (Criteria(max_sentence_months=48), False, "indeterminate sentence is longer than the 48"),
        (Criteria(), True, "Eligible"),
    ],
    ids=[
        "an indeterminate sentence meets any minimum length",
        "and exceeds any maximum",
        "no length criterion: anyone",
    ],
)
def test_an_indeterminate_sentence_has_no_expiry_but_a_length(
    criteria: Criteria, eligible: bool, says: str
) -> None:
    result = eligibility(
        criteria,
        rosh="high",
        sentence_start=date(2020, 1, 1),
        sentence_expiry=None,
        womens_estate=False,
        indeterminate=True,
    )
    assert result.value is eligible and says in result.explanation


@pytest.mark.parametrize(
    "current, action, allowed, repeat, to",
    [
        ("identified", "refer", True, False, "referred"),
        ("referred", "refer", True, True, "referred"),
        ("referred", "assess_suitable", True, False, "assessed_suitable"),
        ("referred", "assess_not_suitable", True, False, "assessed_not_suitable"),
        ("assessed_not_suitable", "place", False, False, "waiting"),
        ("assessed_suitable", "place", True, False, "waiting"),
        ("waiting", "place", True, False, "waiting"),
        ("referred", "start", False, False, "started"),
        ("waiting", "start", True, False, "started"),
        ("started", "complete", True, False, "completed"),
        ("completed", "complete", True, True, "completed"),
        ("withdrawn", "complete", False, False, "completed"),
        ("started", "withdraw", False, False, "withdrawn"),
        ("waiting", "withdraw", True, False, "withdrawn"),
        ("withdrawn", "withdraw", True, True, "withdrawn"),
        ("completed", "not_complete", False, False, "not_completed"),
    ],
)
def test_the_lifecycle_allows_each_move_only_from_its_statuses(
    current: str, action: str, allowed: bool, repeat: bool, to: str
) -> None:
    move = transition(current, action)
    assert (move.allowed, move.repeat, move.to) == (allowed, repeat, to)
    if not allowed:
        assert "cannot" in move.explanation


def test_completing_a_withdrawn_referral_is_explained() -> None:
    assert transition("withdrawn", "complete").explanation == (
        "A withdrawn referral cannot complete; only a referral that is started can."
    )


@pytest.mark.parametrize(
    "cohorts, workbook, start, says",
    [
        ([CohortSlot(1, date(2026, 11, 23), 3)], False, date(2026, 11, 23), "3 places left"),
        ([CohortSlot(1, date(2026, 11, 22), 3)], False, None, "No cohort is planned"),
        (
            [CohortSlot(1, date(2026, 12, 1), 0), CohortSlot(2, date(2027, 1, 4), 1)],
            False,
            date(2027, 1, 4),
            "1 place left (1 earlier cohort full)",
        ),
        ([CohortSlot(1, date(2026, 12, 1), 0)], False, None, "Every planned cohort is full"),
        ([], True, date(2026, 11, 23), "Starts when handed over"),
    ],
    ids=[
        "a cohort starting today can still be joined",
        "one that started yesterday cannot",
        "a full cohort is skipped for the next with a place",
        "all full",
        "a workbook starts today",
    ],
)
def test_the_next_cohort_is_the_first_with_a_place_from_today(
    cohorts: list, workbook: bool, start: date | None, says: str
) -> None:
    result = next_cohort(cohorts, today=date(2026, 11, 23), starts_on_request=workbook)
    assert (result.value.start if result.value else None) == start
    assert says in result.explanation


def test_a_failed_prison_check_cannot_be_overridden_but_a_late_finish_can() -> None:
    slot = Explained(CohortSlot(1, date(2027, 1, 4), 2), "Next cohort starts 4 January 2027.")
    common = {
        "eligible": Explained(True, "Eligible."),
        "slot": slot,
        "duration_days": 56,
        "release": date(2027, 2, 1),
        "release_kind": "CRD",
        "parole_hearing": None,
    }
    late = assess_referral(runs_here=Explained(True, "Runs at LEI."), **common)
    assert late.blocked and late.overridable
    assert [c.key for c in late.failures] == ["fit"]
    elsewhere = assess_referral(runs_here=Explained(False, "Not run at LEI."), **common)
    assert elsewhere.blocked and not elsewhere.overridable
    unknown = assess_referral(
        runs_here=Explained(True, "Runs at LEI."), **{**common, "release": None}
    )
    assert not unknown.blocked and unknown.checks[-1].ok is None


@pytest.mark.parametrize(
    "release, today, inside, says",
    [
        (date(2027, 2, 15), date(2026, 11, 23), True, "opened on 23 November 2026"),
        (date(2027, 2, 16), date(2026, 11, 23), False, "opens on 24 November 2026"),
        (date(2026, 11, 23), date(2026, 11, 23), True, "Release on 23 November 2026"),
        (date(2026, 11, 22), date(2026, 11, 23), False, "has passed"),
        (None, date(2026, 11, 23), False, "No release date"),
    ],
    ids=[
        "exactly 12 weeks before release the window opens",
        "a day earlier it has not",
        "release day is still inside",
        "after release it has closed",
        "no release date",
    ],
)
def test_the_pre_release_window_is_the_12_weeks_up_to_release(
    release: date | None, today: date, inside: bool, says: str
) -> None:
    result = pre_release(release, today=today)
    assert result.value is inside and says in result.explanation


def test_only_a_hearing_still_to_come_is_a_deadline() -> None:
    today = date(2026, 11, 23)
    assert parole_hearing(date(2026, 11, 23), today=today) == date(2026, 11, 23)
    assert parole_hearing(date(2026, 11, 22), today=today) is None
    assert parole_hearing(None, today=today) is None
