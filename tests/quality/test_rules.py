"""The audit's pure rules: the stratified, reproducible draw; sharing among reviewers; what the
record suggests for each question; the score."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from quality import rules

D = dt.date


# --- Months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [("2026-12", D(2026, 12, 1)), ("2027-01", D(2027, 1, 1)), (" 2026-02 ", D(2026, 2, 1))],
)
def test_a_month_is_read_as_its_first_day(text: str, month: dt.date) -> None:
    assert rules.parse_month(text) == month


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-12", "2026/12", "", "1999-12"])
def test_a_month_not_written_yyyy_mm_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        rules.parse_month(text)


def test_months_back_ends_with_the_month_oldest_first() -> None:
    assert rules.months_back(D(2027, 2, 17), 3) == [D(2026, 12, 1), D(2027, 1, 1), D(2027, 2, 1)]


# --- Quotas --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "sample", "quotas"),
    [
        # exact proportions
        ({"custody": 30, "community": 10}, 4, {"custody": 3, "community": 1}),
        ({"custody": 30, "community": 10}, 8, {"custody": 6, "community": 2}),
        # remainders: 10 * 7/40 = 1.75 beats 30 * 7/40 = 5.25
        ({"custody": 30, "community": 10}, 7, {"custody": 5, "community": 2}),
        # a tie of remainders goes to the larger stratum
        ({"custody": 3, "community": 1}, 2, {"custody": 2, "community": 0}),
        # equal strata tie on size too: by name
        ({"custody": 5, "community": 5}, 1, {"community": 1, "custody": 0}),
        # a sample as large as the population, or larger, takes everyone
        ({"custody": 3, "community": 2}, 5, {"custody": 3, "community": 2}),
        ({"custody": 3, "community": 2}, 100, {"custody": 3, "community": 2}),
        # one short of everyone
        ({"custody": 3, "community": 2}, 4, {"custody": 2, "community": 2}),
        # a sample of none
        ({"custody": 30, "community": 10}, 0, {"custody": 0, "community": 0}),
        # a small stratum may get nothing when the sample is small
        ({"custody": 95, "community": 5}, 9, {"custody": 9, "community": 0}),
        # 9.5 and 0.5: equal remainders, so the larger stratum takes the last case
        ({"custody": 95, "community": 5}, 10, {"custody": 10, "community": 0}),
        ({"custody": 95, "community": 5}, 11, {"custody": 10, "community": 1}),
        # one stratum, no population
        ({"custody": 12}, 10, {"custody": 10}),
        ({}, 10, {}),
    ],
)
def test_each_case_type_gets_its_share_of_the_sample(
    sizes: dict[str, int], sample: int, quotas: dict[str, int]
) -> None:
    found = rules.stratum_quotas(sizes, sample)
    assert found == quotas
    assert sum(found.values()) == min(sample, sum(sizes.values()))


def test_a_negative_sample_size_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.stratum_quotas({"custody": 1}, -1)


# --- The draw ------------------------------------------------------------------------------

POPULATION = [(n, "custody") for n in range(1, 61)] + [(n, "community") for n in range(61, 81)]


def draw(population: list[tuple[int, str]], seed: str = "s1", **kwargs: object) -> list:
    values: dict = {"sample_size": 10, "prison_code": "LEI", "month": D(2026, 12, 1), "seed": seed}
    values.update(kwargs)
    return rules.draw_sample(population, **values)


def test_the_same_prison_month_and_seed_draw_the_same_sample_in_any_order() -> None:
    shuffled = list(POPULATION)
    random.Random(7).shuffle(shuffled)
    assert draw(POPULATION) == draw(shuffled) == draw(list(reversed(POPULATION)))


def test_the_draw_is_fixed_for_a_seed_on_every_machine() -> None:
    # sha256-seeded, not hash()-seeded: this list is the same on every run and machine
    # (community cases first, then custody, each by id).
    assert [pk for pk, _ in draw(POPULATION)] == [70, 72, 6, 23, 44, 47, 49, 55, 56, 58]


@pytest.mark.parametrize(
    "change",
    [{"seed": "s2"}, {"month": D(2027, 1, 1)}, {"prison_code": "MDI"}],
    ids=["another seed", "another month", "another prison"],
)
def test_another_seed_month_or_prison_draws_another_sample(change: dict) -> None:
    assert draw(POPULATION) != draw(POPULATION, **change)


def test_the_sample_is_stratified_by_case_type() -> None:
    sample = draw(POPULATION, sample_size=8)
    kinds = [kind for _, kind in sample]
    assert kinds.count("custody") == 6 and kinds.count("community") == 2
    assert all((pk, kind) in POPULATION for pk, kind in sample)
    assert len({pk for pk, _ in sample}) == 8


def test_a_sample_larger_than_the_population_takes_every_case_once() -> None:
    small = POPULATION[:3] + POPULATION[-2:]
    assert sorted(draw(small, sample_size=50)) == sorted(small)


def test_an_empty_population_draws_nothing() -> None:
    assert draw([]) == []


# --- Reviewers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cases", "reviewers", "loads", "conflicts", "expected"),
    [
        # round robin from equal loads, in the reviewers' order
        ([1, 2, 3, 4, 5], [10, 20], {}, {}, {1: 10, 2: 20, 3: 10, 4: 20, 5: 10}),
        # open work already held counts
        ([1, 2, 3], [10, 20], {10: 2}, {}, {1: 20, 2: 20, 3: 10}),
        # never the case's own POM
        ([1, 2], [10, 20], {}, {1: frozenset({10})}, {1: 20, 2: 10}),
        # unless every reviewer is
        ([1], [10], {}, {1: frozenset({10})}, {1: 10}),
        # nobody to review
        ([1, 2], [], {}, {}, {1: None, 2: None}),
    ],
)
def test_cases_go_to_the_least_loaded_reviewer(
    cases: list[int],
    reviewers: list[int],
    loads: dict[int, int],
    conflicts: dict[int, frozenset[int]],
    expected: dict[int, int | None],
) -> None:
    assert rules.assign_reviewers(cases, reviewers, loads=loads, conflicts=conflicts) == expected


def test_the_share_is_balanced_within_one() -> None:
    assigned = rules.assign_reviewers(list(range(10)), [1, 2, 3])
    counts = [list(assigned.values()).count(r) for r in (1, 2, 3)]
    assert max(counts) - min(counts) <= 1 and sum(counts) == 10


# --- Suggestions ---------------------------------------------------------------------------

TODAY = D(2026, 12, 6)


@pytest.mark.parametrize(
    ("kwargs", "judgement"),
    [
        ({"applies": False, "completed": False, "on_time": None}, "not_applicable"),
        ({"applies": True, "completed": False, "on_time": None}, "not_met"),
        ({"applies": True, "completed": True, "on_time": True}, "met"),
        ({"applies": True, "completed": True, "on_time": False}, "partly_met"),
        ({"applies": True, "completed": True, "on_time": None}, "met"),
        ({"applies": True, "completed": True, "on_time": True, "found": 3, "followed": 3}, "met"),
        (
            {"applies": True, "completed": True, "on_time": True, "found": 3, "followed": 2},
            "partly_met",
        ),
    ],
)
def test_bcs_on_time_and_used(kwargs: dict, judgement: str) -> None:
    found, followed = kwargs.pop("found", 0), kwargs.pop("followed", 0)
    s = rules.suggest_bcs(needs_found=found, needs_followed=followed, **kwargs)
    assert s.judgement == judgement and s.explanation


@pytest.mark.parametrize(
    ("applies", "due", "last", "plan", "judgement"),
    [
        (False, None, None, None, "not_applicable"),
        (True, D(2026, 12, 6), None, None, "not_applicable"),  # due today: not late yet
        (True, D(2026, 12, 5), None, None, "not_met"),  # due yesterday
        (True, None, None, None, "not_met"),
        (True, D(2026, 1, 1), D(2025, 12, 6), D(2025, 12, 6), "met"),  # 12 months ago today
        (True, D(2026, 1, 1), D(2025, 12, 5), D(2025, 12, 5), "partly_met"),  # a day over
        (True, D(2026, 1, 1), D(2026, 6, 1), None, "partly_met"),  # no sentence plan
    ],
)
def test_a_current_oasys_and_sentence_plan(
    applies: bool,
    due: dt.date | None,
    last: dt.date | None,
    plan: dt.date | None,
    judgement: str,
) -> None:
    s = rules.suggest_oasys(
        applies=applies,
        due=due,
        last_completed=last,
        sentence_plan_on=plan,
        review_months=12,
        today=TODAY,
    )
    assert s.judgement == judgement


@pytest.mark.parametrize(
    ("has_pom", "every", "overdue", "judgement"),
    [
        (False, 3, False, "not_met"),
        (True, None, False, "partly_met"),
        (True, 1, True, "not_met"),
        (True, 3, False, "met"),
    ],
)
def test_pom_contact_at_the_expected_frequency(
    has_pom: bool, every: int | None, overdue: bool, judgement: str
) -> None:
    s = rules.suggest_contact(
        has_pom=has_pom, every_months=every, last=D(2026, 11, 1), overdue=overdue
    )
    assert s.judgement == judgement


HANDOVER = D(2026, 12, 20)
UPCOMING = D(2026, 10, 25)


@pytest.mark.parametrize(
    ("today", "com_on", "com", "meeting", "judgement"),
    [
        (D(2026, 10, 24), None, False, False, "not_applicable"),  # the day before the window
        (UPCOMING, None, False, False, "partly_met"),  # in the window, not yet due
        (HANDOVER, None, False, False, "not_met"),  # due today, no COM
        (HANDOVER, HANDOVER, True, True, "met"),  # COM on the day, meeting held
        (HANDOVER, D(2026, 12, 21), True, True, "partly_met"),  # COM a day late
        (HANDOVER, D(2026, 12, 1), True, False, "partly_met"),  # no meeting
    ],
)
def test_a_timely_handover_with_the_com_involved(
    today: dt.date, com_on: dt.date | None, com: bool, meeting: bool, judgement: str
) -> None:
    s = rules.suggest_handover(
        handover_date=HANDOVER,
        upcoming_from=UPCOMING,
        com_allocated_on=com_on,
        com_allocated=com,
        meeting_held=meeting,
        today=today,
    )
    assert s.judgement == judgement


def test_no_handover_date_is_not_applicable() -> None:
    s = rules.suggest_handover(
        handover_date=None,
        upcoming_from=None,
        com_allocated_on=None,
        com_allocated=False,
        meeting_held=False,
        today=TODAY,
    )
    assert s.judgement == "not_applicable"


@pytest.mark.parametrize(
    ("progress", "judgement"),
    [
        ([], "not_applicable"),
        (["done", "not_needed", "done"], "met"),
        (["done", "overdue"], "partly_met"),
        (["overdue", "overdue"], "not_met"),
        (["not_due", "due_soon"], "not_applicable"),
        (["done", "not_due"], "not_applicable"),
    ],
)
def test_public_protection_checks(progress: list[str], judgement: str) -> None:
    assert rules.suggest_public_protection(progress).judgement == judgement


@pytest.mark.parametrize(
    ("pre_release", "statuses", "judgement"),
    [
        (False, ["identified"], "not_applicable"),
        (True, [], "partly_met"),
        (True, ["met", "declined", "action_in_progress"], "met"),
        (True, ["met", "identified"], "partly_met"),
        (True, ["identified", "identified"], "not_met"),
    ],
)
def test_needs_near_release(pre_release: bool, statuses: list[str], judgement: str) -> None:
    assert rules.suggest_needs(pre_release=pre_release, statuses=statuses).judgement == judgement


# --- Score ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("judgements", "percent"),
    [
        ([], None),
        (["not_applicable"], None),
        (["met"], 100.0),
        (["met", "not_met"], 50.0),
        (["met", "partly_met", "not_met", "not_applicable"], 50.0),
        (["partly_met", "met", "met"], 83.3),
    ],
)
def test_the_score_counts_partly_met_as_half_and_leaves_not_applicable_out(
    judgements: list[str], percent: float | None
) -> None:
    s = rules.score(judgements)
    assert s.percent == percent
    assert s.answered == len(judgements)


def test_an_unknown_judgement_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.score(["excellent"])
