"""How the rules write dates and counts for people (cases/rules/words.py)."""

import datetime as dt

import pytest

from cases.rules.words import day, every, moment, plural, short_day


@pytest.mark.parametrize(
    "value, words",
    [
        (dt.date(2026, 6, 25), "25 June 2026"),
        (dt.date(2026, 1, 1), "1 January 2026"),
        (dt.date(2028, 2, 29), "29 February 2028"),
        (dt.date(2026, 12, 31), "31 December 2026"),
    ],
    ids=["a summer day", "no leading zero", "a leap day", "the last day of the year"],
)
def test_a_day_is_written_day_month_year(value: dt.date, words: str) -> None:
    assert day(value) == words


@pytest.mark.parametrize(
    "value, words",
    [
        (dt.date(2026, 6, 25), "25 Jun 2026"),
        (dt.date(2026, 1, 1), "1 Jan 2026"),
        (dt.date(2028, 2, 29), "29 Feb 2028"),
        (dt.date(2026, 9, 30), "30 Sep 2026"),
        (dt.date(2026, 12, 31), "31 Dec 2026"),
    ],
    ids=["a summer day", "no leading zero", "a leap day", "a month end", "the year's last day"],
)
def test_a_short_day_names_the_month_in_three_letters(value: dt.date, words: str) -> None:
    assert short_day(value) == words


@pytest.mark.parametrize(
    "value, words",
    [
        (dt.datetime(2026, 6, 25, 13, 30, tzinfo=dt.UTC), "25 June 2026 at 14:30"),
        (dt.datetime(2026, 12, 25, 9, 5, tzinfo=dt.UTC), "25 December 2026 at 09:05"),
        (dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), "28 March 2026 at 23:30"),
        (dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), "1 July 2026 at 00:30"),
    ],
    ids=["summer time", "winter time", "the night before the clocks go forward", "after midnight"],
)
def test_a_moment_is_written_in_london_time(value: dt.datetime, words: str) -> None:
    assert moment(value) == words


@pytest.mark.parametrize(
    "count, singular, plural_form, words",
    [
        (0, "month", None, "0 months"),
        (1, "month", None, "1 month"),
        (2, "month", None, "2 months"),
        (1, "working day", None, "1 working day"),
        (3, "working day", None, "3 working days"),
        (2, "body", "bodies", "2 bodies"),
    ],
)
def test_a_count_takes_the_plural_it_needs(
    count: int, singular: str, plural_form: str | None, words: str
) -> None:
    assert plural(count, singular, plural_form) == words


@pytest.mark.parametrize(
    "count, words", [(1, "every month"), (2, "every 2 months"), (3, "every 3 months")]
)
def test_a_repeat_says_every_month_not_every_1_month(count: int, words: str) -> None:
    assert every(count, "month") == words
