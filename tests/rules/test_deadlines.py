"""Deadlines from arrival and sentence (docs/rules.md#deadlines) and their status tags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from cases.rules import (
    Policy,
    bcs_deadline,
    categorisation_deadline,
    deadline_status,
    due_soon_window,
    handover,
    keyworker_allocation_deadline,
    oasys_deadline,
    oasys_review_deadline,
    pom_contact_due,
    pom_contact_months,
    recategorisation_deadline,
    sentence_calculation_deadline,
    transfer_deadline,
)
from cases.rules import case_type as case_type_of
from cases.rules import earliest_release_date as erd_of
from cases.rules.words import day
from tests.rules.builders import d, facts

POLICY = Policy.defaults()


def _due(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@pytest.mark.parametrize(
    ("changes", "due", "says"),
    [
        (
            {"arrival_datetime": "2026-10-23T12:00"},
            "2026-10-26T11:00:00+00:00",
            "BCS due 26 October 2026 at 11:00 GMT: 72 hours after arrival at 23 October 2026 at 12:00 BST",
        ),
        (
            {"arrival_datetime": "2026-03-27T12:00"},
            "2026-03-30T13:00:00+01:00",
            "BCS due 30 March 2026 at 13:00 BST: 72 hours after arrival at 27 March 2026 at 12:00 GMT",
        ),
        (
            {"arrival_datetime": "2026-11-20T14:30", "legal_status": "recalled"},
            "2026-11-23T14:30:00+00:00",
            "72 hours",
        ),
        (
            {"arrival_datetime": "2026-11-20T14:30", "legal_status": "convicted_unsentenced"},
            "2026-11-23T14:30:00+00:00",
            "72 hours",
        ),
        ({}, None, "no arrival time is recorded"),
    ],
    ids=[
        "across the October clock change the BCS is due an hour earlier by the clock",
        "across the March clock change the BCS is due an hour later by the clock",
        "a recalled arrival gets a BCS",
        "a convicted but unsentenced arrival still gets a BCS",
        "a missing arrival time gives no due time and says why",
    ],
)
def test_bcs_is_due_72_elapsed_hours_after_arrival(
    changes: dict[str, Any], due: str | None, says: str
) -> None:
    result = bcs_deadline(facts(**changes), POLICY)
    assert result.applies
    assert _due(result.due) == due
    assert says in result.explanation


@pytest.mark.parametrize(
    "status",
    ["remand", "immigration_detainee", "civil"],
    ids=["remand arrivals", "immigration detainees", "civil prisoners"],
)
def test_bcs_does_not_apply_to_unconvicted_arrivals(status: str) -> None:
    case = facts(arrival_datetime="2026-11-20T14:30", legal_status=status)
    assert not bcs_deadline(case, POLICY).applies


def test_bcs_hours_follow_policy() -> None:
    case = facts(arrival_datetime="2026-11-20T14:30")
    due = bcs_deadline(case, Policy(bcs_hours=48)).due
    assert _due(due) == "2026-11-22T14:30:00+00:00"


def test_sentence_calculation_is_due_14_days_after_sentence() -> None:
    result = sentence_calculation_deadline(facts(), POLICY)
    assert result.due == d("2026-01-26")
    assert "14 days after the sentence date 12 January 2026" in result.explanation
    assert not sentence_calculation_deadline(facts(legal_status="remand"), POLICY).applies
    missing = sentence_calculation_deadline(facts(sentence_start_date=None), POLICY)
    assert missing.applies and missing.due is None


@pytest.mark.parametrize(
    ("sentenced", "due"),
    [
        ("2026-11-16", "2026-11-30"),
        ("2026-12-18", "2027-01-06"),
        ("2027-03-22", "2027-04-07"),
    ],
    ids=[
        "ten working days with no bank holiday",
        "Christmas, Boxing Day and New Year's Day push the transfer back",
        "Good Friday and Easter Monday 2027 push the transfer back",
    ],
)
def test_transfer_from_a_reception_prison_counts_working_days(
    sentenced: str, due: str, holidays: frozenset[date]
) -> None:
    case = facts(function="reception", sentence_start_date=sentenced)
    result = transfer_deadline(case, POLICY, holidays=holidays)
    assert result.due == d(due)
    assert "England & Wales bank holidays excluded" in result.explanation


def test_transfer_applies_only_to_sentenced_prisoners_in_reception_prisons(
    holidays: frozenset[date],
) -> None:
    assert not transfer_deadline(facts(function="training"), POLICY, holidays=holidays).applies
    remand = facts(function="reception", legal_status="remand")
    assert not transfer_deadline(remand, POLICY, holidays=holidays).applies


@pytest.mark.parametrize(
    ("changes", "applies", "due"),
    [
        ({"arrival_datetime": "2026-10-23T12:00"}, True, "2026-11-06"),
        ({"arrival_datetime": datetime(2026, 5, 31, 23, 30, tzinfo=UTC)}, True, "2026-06-15"),
        ({"arrival_datetime": "2026-10-23T12:00", "legal_status": "remand"}, True, "2026-11-06"),
        ({"arrival_datetime": "2026-10-23T12:00", "function": "open"}, False, None),
        (
            {
                "arrival_datetime": "2026-10-23T12:00",
                "function": "womens",
                "complexity_of_need": "high",
            },
            False,
            None,
        ),
        (
            {
                "arrival_datetime": "2026-10-23T12:00",
                "function": "womens",
                "complexity_of_need": "medium",
            },
            True,
            "2026-11-06",
        ),
        (
            {"arrival_datetime": "2026-10-23T12:00", "complexity_of_need": "high"},
            True,
            "2026-11-06",
        ),
        ({}, True, None),
    ],
    ids=[
        "a keyworker is due 14 days after arrival",
        "the arrival day is the London day: 23:30 UTC in June is the next morning",
        "remand prisoners get a keyworker too",
        "open prisons have no keywork",
        "women assessed high complexity of need are not keyworked",
        "women of medium complexity are keyworked",
        "the complexity exception is for the women's estate only",
        "a missing arrival gives no due date",
    ],
)
def test_keyworker_allocation(changes: dict[str, Any], applies: bool, due: str | None) -> None:
    result = keyworker_allocation_deadline(facts(**changes), POLICY)
    assert result.applies is applies
    assert result.due == (d(due) if due else None)


@pytest.mark.parametrize(
    ("received", "due"),
    [("2026-12-20", "2027-01-06"), ("2027-03-25", "2027-04-12"), ("2026-11-16", "2026-11-30")],
    ids=[
        "documents received on the Sunday before Christmas",
        "documents received the day before Good Friday",
        "documents received on an ordinary Monday",
    ],
)
def test_categorisation_is_due_10_working_days_after_documents(
    received: str, due: str, holidays: frozenset[date]
) -> None:
    result = categorisation_deadline(
        facts(documents_received_date=received), POLICY, holidays=holidays
    )
    assert result.due == d(due)
    assert f"received on {day(d(received))}" in result.explanation


def test_categorisation_waits_for_documents_and_skips_remand(holidays: frozenset[date]) -> None:
    waiting = categorisation_deadline(facts(), POLICY, holidays=holidays)
    assert waiting.applies and waiting.due is None and "not yet" in waiting.explanation
    assert not categorisation_deadline(
        facts(legal_status="remand"), POLICY, holidays=holidays
    ).applies


@pytest.mark.parametrize(
    ("changes", "due", "says"),
    [
        ({"conditional_release_date": "2027-10-31"}, "2027-05-01", "no more than 4 years"),
        ({"conditional_release_date": "2030-11-01"}, "2027-05-01", "no more than 4 years"),
        ({"conditional_release_date": "2030-11-02"}, "2027-11-01", "more than 4 years"),
        ({"indeterminate": True}, "2027-11-01", "indeterminate sentence with no release date"),
        ({"home_detention_curfew_eligibility_date": "2027-01-01"}, None, "release date is unknown"),
        ({"last_categorisation_date": None}, None, "none is recorded"),
    ],
    ids=[
        "a year to serve from the last categorisation: every 6 months",
        "exactly 4 years to serve: every 6 months",
        "4 years and a day to serve: every 12 months",
        "an indeterminate sentence with no release date: every 12 months",
        "a determinate sentence with no release date cannot be scheduled",
        "no categorisation yet: nothing to count from",
    ],
)
def test_recategorisation(changes: dict[str, Any], due: str | None, says: str) -> None:
    case = facts(**{"last_categorisation_date": "2026-11-01", **changes})
    result = recategorisation_deadline(case, POLICY, erd=erd_of(case))
    assert result.due == (d(due) if due else None)
    assert says in result.explanation


@pytest.mark.parametrize(
    ("changes", "applies", "due"),
    [
        ({"conditional_release_date": "2027-01-12"}, True, "2026-03-23"),
        ({"conditional_release_date": "2027-01-11"}, True, "2026-02-23"),
        ({"conditional_release_date": "2026-11-13"}, True, "2026-02-23"),
        ({"indeterminate": True, "tariff_date": "2035-01-01"}, True, "2026-05-04"),
        ({"conditional_release_date": "2026-09-30", "early_allocation": True}, True, "2026-02-23"),
        ({"conditional_release_date": "2026-11-12"}, False, None),
        ({"conditional_release_date": "2027-10-31", "legal_status": "remand"}, False, None),
        ({"home_detention_curfew_eligibility_date": "2027-01-01"}, True, None),
    ],
    ids=[
        "12 months to serve: 10 weeks after sentence",
        "a day under 12 months to serve: 6 weeks after sentence",
        "a day over 10 months to serve: 6 weeks after sentence",
        "indeterminate: 16 weeks after sentence",
        "an early-allocation custody case with a short sentence: 6 weeks",
        "a community case has no OASys deadline in custody",
        "an out-of-scope prisoner has no OASys deadline",
        "a custody case with no release date cannot be scheduled",
    ],
)
def test_first_oasys(changes: dict[str, Any], applies: bool, due: str | None) -> None:
    case = facts(**changes)
    kind = case_type_of(case, POLICY).value
    result = oasys_deadline(case, POLICY, erd=erd_of(case), case_type=kind)
    assert result.applies is applies
    assert result.due == (d(due) if due else None)


@pytest.mark.parametrize(
    ("changes", "due", "says"),
    [
        ({"last_oasys_date": "2026-03-01"}, "2027-03-01", "OASys review due 1 March 2027"),
        (
            {"last_oasys_date": "2027-01-01"},
            "2027-09-17",
            "Pre-handover OASys due 17 September 2027",
        ),
        (
            {"last_oasys_date": "2027-07-23", "as_of": "2027-08-15"},
            "2028-07-23",
            "OASys review due 23 July 2028",
        ),
        ({}, "2027-09-17", "no OASys yet"),
    ],
    ids=[
        "the yearly review comes before the handover",
        "a pre-handover OASys is due by the handover date when the last is older",
        "an OASys done in the 56-day handover run-up counts as the pre-handover one",
        "with no OASys at all the pre-handover one is still due by handover",
    ],
)
def test_oasys_review(changes: dict[str, Any], due: str, says: str) -> None:
    # CRD 2028-06-01: national handover 2027-09-17; its run-up starts 2027-07-23.
    case = facts(conditional_release_date="2028-06-01", **changes)
    result = oasys_review_deadline(
        case, POLICY, case_type=case_type_of(case, POLICY).value, handover=handover(case, POLICY)
    )
    assert result.due == d(due)
    assert says in result.explanation


def test_oasys_review_needs_an_oasys_when_there_is_no_handover() -> None:
    case = facts(home_detention_curfew_eligibility_date="2027-01-01")
    result = oasys_review_deadline(
        case, POLICY, case_type="custody", handover=handover(case, POLICY)
    )
    assert result.applies and result.due is None
    community = facts(conditional_release_date="2026-10-01", last_oasys_date="2026-03-01")
    assert not oasys_review_deadline(
        community, POLICY, case_type="community", handover=handover(community, POLICY)
    ).applies


@pytest.mark.parametrize(
    ("rosh", "months"),
    [("very_high", 1), ("high", 1), ("medium", 3), ("low", 3), (None, None)],
    ids=[
        "very high ROSH: monthly",
        "high ROSH: monthly",
        "medium ROSH: quarterly",
        "low ROSH: quarterly",
        "no ROSH recorded: unknown, not guessed",
    ],
)
def test_pom_contact_frequency(rosh: str | None, months: int | None) -> None:
    assert pom_contact_months(facts(rosh=rosh), POLICY).value == months


def test_pom_contact_is_due_months_after_the_last_contact_or_allocation() -> None:
    assert pom_contact_due(d("2026-01-31"), since=d("2025-12-01"), months=1) == d("2026-02-28")
    assert pom_contact_due(None, since=d("2025-12-01"), months=3) == d("2026-03-01")


DUE = d("2026-11-30")
WEEK = timedelta(days=7)


@pytest.mark.parametrize(
    ("today", "completed", "status"),
    [
        ("2026-11-22", None, "not_due"),
        ("2026-11-23", None, "due_soon"),
        ("2026-11-30", None, "due_soon"),
        ("2026-12-01", None, "overdue"),
        ("2026-12-05", "2026-11-30", "done"),
        ("2026-12-05", "2026-12-01", "done_late"),
        ("2026-11-10", "2026-11-09", "done"),
    ],
    ids=[
        "eight days before a date deadline it is not due",
        "seven days before a date deadline it is due soon",
        "on the due day it is due soon, not overdue",
        "the day after the due day it is overdue",
        "completed on the due day is done",
        "completed the day after is done late",
        "completed early is done",
    ],
)
def test_deadline_status_for_a_date(today: str, completed: str | None, status: str) -> None:
    result = deadline_status(
        DUE,
        now_or_today=d(today),
        completed_at=d(completed) if completed else None,
        due_soon=WEEK,
    )
    assert result == status


BCS_DUE = datetime(2026, 10, 26, 11, 0, tzinfo=UTC)
HOURS_72 = timedelta(hours=72)


@pytest.mark.parametrize(
    ("now", "completed", "status"),
    [
        (datetime(2026, 10, 23, 10, 59, tzinfo=UTC), None, "not_due"),
        (datetime(2026, 10, 23, 11, 0, tzinfo=UTC), None, "due_soon"),
        (datetime(2026, 10, 26, 11, 0, tzinfo=UTC), None, "due_soon"),
        (datetime(2026, 10, 26, 11, 1, tzinfo=UTC), None, "overdue"),
        (
            datetime(2026, 10, 27, tzinfo=UTC),
            datetime(2026, 10, 26, 11, 0, tzinfo=UTC),
            "done",
        ),
        (
            datetime(2026, 10, 27, tzinfo=UTC),
            datetime(2026, 10, 26, 11, 1, tzinfo=UTC),
            "done_late",
        ),
    ],
    ids=[
        "a BCS more than 72 hours away is not due",
        "a BCS exactly 72 hours away is due soon",
        "a BCS at its due minute is due soon",
        "a BCS a minute past due is overdue",
        "a BCS completed at its due minute is on time",
        "a BCS completed a minute late stays completed late",
    ],
)
def test_deadline_status_for_the_bcs(
    now: datetime, completed: datetime | None, status: str
) -> None:
    assert deadline_status(
        BCS_DUE, now_or_today=now, completed_at=completed, due_soon=HOURS_72
    ) == (status)


def test_deadline_status_reads_a_datetime_against_a_date_deadline_as_its_london_day() -> None:
    # 23:30 UTC on 30 November is 23:30 GMT: still the due day, so not overdue.
    late_evening = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert deadline_status(DUE, now_or_today=late_evening, due_soon=WEEK) == "due_soon"
    completed = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert (
        deadline_status(DUE, now_or_today=d("2026-12-05"), completed_at=completed, due_soon=WEEK)
        == "done"
    )


def test_deadline_status_refuses_a_date_for_a_datetime_deadline() -> None:
    with pytest.raises(TypeError):
        deadline_status(BCS_DUE, now_or_today=d("2026-10-26"), due_soon=HOURS_72)


def test_deadline_status_without_a_due_date() -> None:
    assert deadline_status(None, now_or_today=d("2026-10-26"), due_soon=WEEK) == "not_due"
    assert (
        deadline_status(
            None, now_or_today=d("2026-10-26"), completed_at=d("2026-10-01"), due_soon=WEEK
        )
        == "done"
    )


def test_due_soon_windows_come_from_policy() -> None:
    assert due_soon_window(POLICY) == timedelta(days=7)
    assert due_soon_window(POLICY, bcs=True) == timedelta(hours=72)
    assert due_soon_window(Policy(due_soon_days=3)) == timedelta(days=3)
    assert due_soon_window(Policy(bcs_due_soon_hours=24), bcs=True) == timedelta(hours=24)
