"""Calendar helpers: docs/rules.md#counting-rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cases.rules import (
    LONDON,
    add_elapsed_hours,
    add_months,
    add_months_days,
    add_working_days,
    eighteenth_birthday,
    london_day,
    london_midnight,
)
from tests.rules.builders import d, london


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-08-31", -6, "2026-02-28"),
        ("2028-02-29", -12, "2027-02-28"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-11-23", 10, "2027-09-23"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2027-01-15", -1, "2026-12-15"),
        ("2026-05-17", 0, "2026-05-17"),
        ("2026-05-17", -120, "2016-05-17"),
    ],
    ids=[
        "31 January plus one month is 28 February",
        "31 January plus one month is 29 February in a leap year",
        "31 March plus one month is 30 April",
        "31 August minus six months is 28 February",
        "29 February 2028 minus twelve months is 28 February 2027",
        "29 February 2028 plus twelve months is 28 February 2029",
        "ten months runs across the year end",
        "December plus one month is January of the next year",
        "January minus one month is December of the year before",
        "zero months is the same day",
        "ten years back is the same day of the month",
    ],
)
def test_add_months_clamps_to_the_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


@pytest.mark.parametrize(
    ("start", "months", "days", "expected"),
    [
        ("2027-10-31", -8, -14, "2027-02-14"),
        ("2028-10-31", -8, -14, "2028-02-15"),
        ("2027-03-31", -7, -15, "2026-08-16"),
        ("2027-05-31", -3, -1, "2027-02-27"),
    ],
    ids=[
        "eight months fourteen days before 31 October 2027 is 14 February",
        "in a leap year the months land on 29 February before the days",
        "seven and a half months is seven months then fifteen days",
        "months clamp to 28 February before the day is taken off",
    ],
)
def test_a_period_of_months_and_days_applies_the_months_first(
    start: str, months: int, days: int, expected: str
) -> None:
    assert add_months_days(d(start), months, days) == d(expected)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2026-11-16", 10, "2026-11-30"),
        ("2026-11-20", 1, "2026-11-23"),
        ("2026-11-21", 1, "2026-11-23"),
        ("2026-12-18", 10, "2027-01-06"),
        ("2026-12-24", 1, "2026-12-29"),
        ("2027-03-22", 10, "2027-04-07"),
        ("2027-03-25", 1, "2027-03-30"),
        ("2026-11-16", 0, "2026-11-16"),
    ],
    ids=[
        "ten working days after a Monday is the Monday two weeks on",
        "one working day after a Friday is the Monday",
        "one working day after a Saturday is the Monday, the Saturday never counts",
        "Christmas, Boxing Day observed and New Year's Day are skipped",
        "the day after Christmas Eve 2026 that is a working day is 29 December",
        "Good Friday and Easter Monday 2027 are skipped",
        "one working day after the Thursday before Easter 2027 is the Tuesday after",
        "zero working days is the day itself",
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(
    start: str, count: int, expected: str, holidays: frozenset
) -> None:
    assert add_working_days(d(start), count, holidays) == d(expected)


def test_easter_monday_2027_is_a_bank_holiday_in_the_fixture(holidays: frozenset) -> None:
    assert d("2027-03-29") in holidays
    assert d("2026-12-28") in holidays


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        ("2008-02-29", "2026-03-01"),
        ("2012-02-29", "2030-03-01"),
        ("2010-02-28", "2028-02-28"),
        ("2008-11-23", "2026-11-23"),
    ],
    ids=[
        "a 29 February birthday turns 18 on 1 March in a non-leap year",
        "a 29 February 2012 birthday turns 18 on 1 March 2030",
        "a 28 February birthday turns 18 on 28 February even in a leap year",
        "an ordinary birthday turns 18 on the same day",
    ],
)
def test_eighteenth_birthday(born: str, expected: str) -> None:
    assert eighteenth_birthday(d(born)) == d(expected)


def test_a_29_february_birthday_turns_18_on_29_february_in_a_leap_year() -> None:
    assert eighteenth_birthday(d("2010-02-28")) == d("2028-02-28")
    assert eighteenth_birthday(d("2012-02-29"), years=16) == d("2028-02-29")


@pytest.mark.parametrize(
    ("arrival", "expected_wall", "expected_offset_hours"),
    [
        ("2026-10-23T12:00", "2026-10-26T11:00", 0),
        ("2026-03-27T12:00", "2026-03-30T13:00", 1),
        ("2026-06-01T09:15", "2026-06-04T09:15", 1),
        ("2026-10-25T00:30", "2026-10-27T23:30", 0),
    ],
    ids=[
        "72 hours across the October clock change ends an hour earlier on the wall clock",
        "72 hours across the March clock change ends an hour later on the wall clock",
        "72 hours in summer time keeps the wall clock time",
        "72 hours from just before the October change ends at 23:30 GMT",
    ],
)
def test_elapsed_hours_are_real_hours_across_clock_changes(
    arrival: str, expected_wall: str, expected_offset_hours: int
) -> None:
    start = london(arrival)
    due = add_elapsed_hours(start, 72)
    assert due.replace(tzinfo=None) == datetime.fromisoformat(expected_wall)
    assert due.utcoffset() == timedelta(hours=expected_offset_hours)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=72)


def test_the_london_day_of_a_late_utc_time_in_summer_is_the_next_day() -> None:
    assert london_day(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == d("2026-06-02")
    assert london_day(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == d("2026-12-01")
    assert london_day(datetime(2026, 6, 1, 23, 30, tzinfo=UTC).astimezone(LONDON)) == d(
        "2026-06-02"
    )


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        ("2026-01-15", datetime(2026, 1, 15, 0, 0, tzinfo=UTC)),  # winter: GMT
        ("2026-06-01", datetime(2026, 5, 31, 23, 0, tzinfo=UTC)),  # summer: BST, an hour ahead
        ("2026-03-29", datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),  # clocks go forward at 01:00
        ("2026-03-30", datetime(2026, 3, 29, 23, 0, tzinfo=UTC)),  # the first BST midnight
        ("2026-10-25", datetime(2026, 10, 24, 23, 0, tzinfo=UTC)),  # clocks go back at 02:00
        ("2026-10-26", datetime(2026, 10, 26, 0, 0, tzinfo=UTC)),  # the first GMT midnight
        ("2028-02-29", datetime(2028, 2, 29, 0, 0, tzinfo=UTC)),  # a leap day
        ("2026-12-31", datetime(2026, 12, 31, 0, 0, tzinfo=UTC)),
    ],
)
def test_london_midnight_is_the_first_moment_of_the_london_day(day: str, utc: datetime) -> None:
    midnight = london_midnight(d(day))
    assert midnight == utc
    assert london_day(midnight) == d(day)
    assert london_day(midnight - timedelta(microseconds=1)) == d(day) - timedelta(days=1)
