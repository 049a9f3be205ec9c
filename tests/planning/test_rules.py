"""The policy what-if's projection (planning.rules): each figure for cases whose weeks can be
worked out by hand, and the whole projection against the engine evaluated at the start of
every week."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from cases.bank_holidays import bank_holidays
from cases.rules import CaseFacts, KeyDates, Policy, PrisonFacts, add_months, evaluate
from planning.rules import (
    SERIES,
    WEEK,
    PlanningCase,
    PomStaff,
    Projection,
    pom_capacity_of,
    project,
    projection_as_json,
    projection_from_json,
    week_starts,
)
from tests.rules.builders import d, facts

START = d("2026-11-23")  # the facts' as_of: week 0 starts that day
HOLIDAYS = {"england_and_wales": bank_holidays(2018, 2030)}
NATIONAL = Policy()


def weeks_with(projection: Projection, name: str) -> dict[int, int]:
    return {week: n for week, n in enumerate(projection.series[name]) if n}


def one(case: PlanningCase, policy: Policy = NATIONAL) -> Projection:
    return project([case], policy, start=START, holidays=HOLIDAYS)


def week_of(day: str) -> int:
    return (d(day) - START).days // 7


# A determinate sentence, CRD 31 December 2027, tier B: each handover rule dates it differently.
CRD_2027 = facts(conditional_release_date="2027-12-31", tier="B2", rosh="medium")

HANDOVER_ROWS: dict[str, tuple[Policy, dict[int, int], dict[int, int]]] = {
    "national: 8 months and 14 days before the CRD, 16 April 2027": (
        NATIONAL,
        {week_of("2027-04-16"): 1},
        {week_of("2027-04-16"): 1},
    ),
    "national at 7 months and 15 days: 16 May 2027": (
        Policy(determinate_handover_months=7, determinate_handover_days=15),
        {week_of("2027-05-16"): 1},
        {week_of("2027-05-16"): 1},
    ),
    "legacy, probation-led (tier B): 7.5 months, 16 May 2027": (
        Policy(handover_rule="legacy"),
        {week_of("2027-05-16"): 1},
        {week_of("2027-05-16"): 1},
    ),
    "single point, 12 months: COM allocated 8 weeks before (already), responsible 31 Dec 2026": (
        Policy(handover_rule="single_point"),
        {},
        {week_of("2026-12-31"): 1},
    ),
    "single point with no lead: the handover starts on the handover date": (
        Policy(handover_rule="single_point", com_allocation_lead_weeks=0),
        {week_of("2026-12-31"): 1},
        {week_of("2026-12-31"): 1},
    ),
    "single point, 9 months, 8 weeks' lead: COM allocated 1 Feb, responsible 31 March 2027": (
        Policy(handover_rule="single_point", handover_months=9),
        {week_of("2027-02-03"): 1},
        {week_of("2027-03-31"): 1},
    ),
}


@pytest.mark.parametrize("row", HANDOVER_ROWS, ids=list(HANDOVER_ROWS))
def test_handovers_start_and_the_com_becomes_responsible_in_the_week_the_rule_gives(
    row: str,
) -> None:
    policy, starting, responsible = HANDOVER_ROWS[row]
    projection = one(PlanningCase(CRD_2027, ldu="Leeds"), policy)
    assert weeks_with(projection, "handovers_starting") == starting
    assert weeks_with(projection, "com_responsible") == responsible
    assert {ldu: sum(v) for ldu, v in projection.com_by_ldu.items()} == (
        {"Leeds": 1} if responsible else {}
    )


COMMUNITY_ROWS: dict[str, tuple[int, str | None]] = {
    # Sentenced 20 December 2026, CRD 30 October 2027: 10 months and 10 days to serve.
    "10 months: a custody case, handed over on 14 February 2027": (10, "custody"),
    "11 months: a community case, the COM responsible from the start": (11, "community"),
}


@pytest.mark.parametrize("row", COMMUNITY_ROWS, ids=list(COMMUNITY_ROWS))
def test_the_community_case_months_decide_whether_the_pom_or_com_holds_the_case(row: str) -> None:
    months, kind = COMMUNITY_ROWS[row]
    case = facts(conditional_release_date="2027-10-30", sentence_start_date="2026-12-20")
    policy = Policy(community_case_months=months)
    assert evaluate(case, policy, holidays=HOLIDAYS["england_and_wales"]).case_type.value == kind
    projection = one(PlanningCase(case), policy)
    if kind == "community":
        assert projection.series["pom_responsible"][0] == 0
        assert projection.series["pom_supporting"][0] == 1
        assert not weeks_with(projection, "com_responsible")
    else:
        assert projection.series["pom_responsible"][0] == 1
        assert weeks_with(projection, "com_responsible") == {week_of("2027-02-14"): 1}


def test_a_case_is_counted_until_its_displayed_release_date() -> None:
    projection = one(PlanningCase(facts(conditional_release_date="2027-03-03", rosh="low")))
    held = [
        a + b
        for a, b in zip(
            *(projection.series[k] for k in ("pom_responsible", "pom_supporting")), strict=True
        )
    ]
    released = week_of("2027-03-03") + 1  # in custody at the start of the week of release
    assert held == [1] * released + [0] * (52 - released)
    assert sum(projection.series["keywork_sessions_due"]) == released


OASYS_ROWS: dict[str, tuple[dict[str, Any], Policy, dict[int, int]]] = {
    "no OASys yet, a year or more to serve: 10 weeks after sentence, and pre-handover": (
        {},
        NATIONAL,
        {week_of("2027-01-25"): 1, week_of("2027-09-17"): 1},
    ),
    "the same at 6 weeks: 28 December 2026": (
        {},
        Policy(oasys_long_weeks=6),
        {week_of("2026-12-28"): 1, week_of("2027-09-17"): 1},
    ),
    "an OASys on record: the pre-handover OASys by the handover date": (
        {"last_oasys_date": "2026-11-20"},
        NATIONAL,
        {week_of("2027-09-17"): 1},
    ),
    "an OASys on record and a 9-month review: the review comes first": (
        {"last_oasys_date": "2026-11-20"},
        Policy(oasys_review_months=9),
        {week_of("2027-08-20"): 1},
    ),
}


@pytest.mark.parametrize("row", OASYS_ROWS, ids=list(OASYS_ROWS))
def test_oasys_work_falls_in_the_week_the_engine_dates_it(row: str) -> None:
    changes, policy, expected = OASYS_ROWS[row]
    case = facts(
        sentence_start_date="2026-11-16",
        conditional_release_date="2028-06-01",
        rosh="low",
        **changes,
    )
    assert weeks_with(one(PlanningCase(case), policy), "oasys_due") == expected


CONTACT_ROWS: dict[str, tuple[str, date | None, Policy, list[int]]] = {
    "high ROSH, seen 1 November: monthly from then": (
        "high",
        d("2026-11-01"),
        NATIONAL,
        [week_of(f"{y}-{m:02d}-01") for y, m in [(2026, 12), *((2027, m) for m in range(1, 12))]],
    ),
    "other ROSH, seen 1 November: every 3 months": (
        "low",
        d("2026-11-01"),
        NATIONAL,
        [week_of(day) for day in ("2027-02-01", "2027-05-01", "2027-08-01", "2027-11-01")],
    ),
    "other ROSH every 2 months": (
        "low",
        d("2026-11-01"),
        Policy(pom_contact_other_months=2),
        [week_of(f"2027-{m:02d}-01") for m in (1, 3, 5, 7, 9, 11)],
    ),
    "never seen, POM allocated 1 October: 3 months after the allocation": (
        "medium",
        None,
        NATIONAL,
        [week_of(day) for day in ("2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01")],
    ),
    "never seen and no POM yet: none dated": ("medium", None, NATIONAL, []),
    "overdue: due now, then every 3 months from now": (
        "low",
        d("2026-05-01"),
        NATIONAL,
        [0, *(week_of(day) for day in ("2027-02-23", "2027-05-23", "2027-08-23"))],
    ),
}


@pytest.mark.parametrize("row", CONTACT_ROWS, ids=list(CONTACT_ROWS))
def test_pom_contacts_fall_due_at_the_policys_frequency_from_the_last_contact(row: str) -> None:
    rosh, last, policy, weeks = CONTACT_ROWS[row]
    case = PlanningCase(
        facts(conditional_release_date="2030-01-01", rosh=rosh),
        last_pom_contact=last,
        pom_since=None if "no POM" in row else d("2026-10-01"),
    )
    assert weeks_with(one(case, policy), "pom_contacts_due") == dict.fromkeys(weeks, 1)


@pytest.mark.parametrize(
    ("weeks_between", "expected"),
    [(1, [1] * 52), (2, [0, 1] * 26), (4, [0, 0, 0, 1] * 13)],
)
def test_keywork_sessions_follow_the_keywork_frequency(
    weeks_between: int, expected: list[int]
) -> None:
    # Remanded: out of OMiC scope, but keyworked like everyone in a closed prison.
    case = PlanningCase(facts(legal_status="remand", sentence_start_date=None))
    projection = one(case, Policy(keywork_frequency_weeks=weeks_between))
    assert projection.series["keywork_sessions_due"] == expected
    assert sum(projection.series["pom_responsible"]) == 0


def test_open_prisons_run_no_keywork() -> None:
    projection = one(PlanningCase(facts(function="open", conditional_release_date="2030-01-01")))
    assert sum(projection.series["keywork_sessions_due"]) == 0


CAPACITY_ROWS: dict[str, tuple[PomStaff, Policy, int]] = {
    "a full-time POM": (PomStaff("prison_pom"), NATIONAL, 42),
    "a full-time POM at 30": (PomStaff("probation_pom"), Policy(pom_capacity=30), 30),
    "a senior POM": (PomStaff("senior_pom"), NATIONAL, 8),
    "a new POM": (PomStaff("prison_pom", is_new_pom=True), Policy(new_pom_capacity=5), 5),
    "half time, rounded down": (
        PomStaff("prison_pom", working_hours=18.75),
        Policy(pom_capacity=41),
        20,
    ),
    "a capacity set for the person wins": (
        PomStaff("prison_pom", capacity_override=12),
        NATIONAL,
        12,
    ),
}


@pytest.mark.parametrize("row", CAPACITY_ROWS, ids=list(CAPACITY_ROWS))
def test_a_poms_capacity_follows_the_policy(row: str) -> None:
    staff, policy, expected = CAPACITY_ROWS[row]
    assert pom_capacity_of(staff, policy) == expected


def test_projections_add_up_and_survive_json() -> None:
    first = one(PlanningCase(CRD_2027, ldu="Leeds"))
    second = one(PlanningCase(CRD_2027, ldu=""))
    first.add(second)
    assert sum(first.series["com_responsible"]) == 2
    assert set(first.com_by_ldu) == {"Leeds", ""}
    assert projection_from_json(projection_as_json(first)) == first
    with pytest.raises(ValueError, match="different weeks"):
        first.add(Projection.empty(START + WEEK))


# --- The whole projection against the engine evaluated at every week's start -----------------


def _varied_cases(count: int, seed: int) -> list[PlanningCase]:
    rng = random.Random(seed)

    def maybe(day: date, chance: float = 0.5) -> date | None:
        return day if rng.random() < chance else None

    cases = []
    for _ in range(count):
        status = rng.choice(
            ("sentenced", "sentenced", "sentenced", "recalled", "remand", "immigration_detainee")
        )
        indeterminate = rng.random() < 0.15
        sentenced = START - timedelta(days=rng.randint(0, 1500))
        release = START + timedelta(days=rng.randint(-100, 900))
        dates = KeyDates(
            conditional_release_date=None if indeterminate else maybe(release, 0.8),
            parole_eligibility_date=maybe(release - timedelta(days=200), 0.2),
            tariff_date=maybe(release, 0.9) if indeterminate else None,
            target_hearing_date=maybe(release + timedelta(days=rng.randint(-300, 300)), 0.5),
            home_detention_curfew_eligibility_date=maybe(release - timedelta(days=120), 0.3),
            post_recall_release_date=maybe(release, 0.5) if status == "recalled" else None,
        )
        case = CaseFacts(
            as_of=START,
            legal_status=status,  # type: ignore[arg-type]  # one of the literal's values
            prison=PrisonFacts(
                function=rng.choice(("training", "open", "womens", "reception")),  # type: ignore[arg-type]  # one of the literal's values
                omu_model="third_sector" if rng.random() < 0.2 else "standard",
            ),
            date_of_birth=maybe(START - timedelta(days=rng.randint(17 * 365, 18 * 365 + 300)), 0.05)
            or date(1990, 1, 1),
            sentence_start_date=sentenced if status in ("sentenced", "recalled") else None,
            indeterminate=indeterminate,
            dates=dates,
            tier=rng.choice((None, "A1", "B2", "C1", "D2")),
            rosh=rng.choice((None, "low", "medium", "high", "very_high")),  # type: ignore[arg-type]  # one of the literal's values
            mappa_level=rng.choice((None, 0, 1, 2, 3)),
            early_allocation=rng.random() < 0.05,
            latest_parole_outcome=rng.choice((None, "release", "not_release")),  # type: ignore[arg-type]  # one of the literal's values
            open_conditions_since=maybe(START - timedelta(days=200), 0.2),
            complexity_of_need=rng.choice((None, "low", "high")),  # type: ignore[arg-type]  # one of the literal's values
            last_oasys_date=maybe(sentenced + timedelta(days=60), 0.5),
        )
        cases.append(
            PlanningCase(
                case,
                ldu=rng.choice(("", "Leeds", "Bradford")),
                last_pom_contact=maybe(START - timedelta(days=rng.randint(0, 200))),
                pom_since=maybe(START - timedelta(days=rng.randint(0, 400)), 0.7),
            )
        )
    return cases


def _every_week(cases: list[PlanningCase], policy: Policy) -> Projection:
    """The projection the slow, obvious way: the engine at the start of every week."""
    starts = week_starts(START)
    points = (*starts, START + WEEK * 52)
    holidays = HOLIDAYS["england_and_wales"]
    out = Projection.empty(START)
    for case in cases:
        evs = [
            evaluate(replace(case.facts, as_of=day), policy, holidays=holidays) for day in points
        ]
        # The day before each week: a change on a week's first day belongs to that week.
        eves = [
            evaluate(replace(case.facts, as_of=day - timedelta(days=1)), policy, holidays=holidays)
            for day in points
        ]
        next_contact = None
        for k, day in enumerate(starts):
            # Week 0 starts from what is so today.
            ev, before, after = evs[k], evs[0] if k == 0 else eves[k], eves[k + 1]
            release = ev.display_release_date.date
            present = release is None or day < release
            if not present:
                continue
            scoped = before.in_omic_scope.value and after.in_omic_scope.value
            before_state, after_state = before.responsibility.state, after.responsibility.state
            if scoped and before_state == "pom_responsible" and after_state != "pom_responsible":
                out.series["handovers_starting"][k] += 1
            if scoped and before_state != "com_responsible" and after_state == "com_responsible":
                out.series["com_responsible"][k] += 1
                out.com_by_ldu.setdefault(case.ldu, [0] * 52)[k] += 1
            if ev.deadlines.keyworker_allocation.applies:
                out.series["keywork_sessions_due"][k] += (
                    1 if policy.keywork_frequency_weeks == 1 else 0
                )
            if not ev.in_omic_scope.value:
                continue
            held = "pom_responsible" if ev.responsibility.responsible == "pom" else "pom_supporting"
            out.series[held][k] += 1
            if ev.case_type.value == "custody":
                dues = [ev.deadlines.oasys_review.due]
                if case.facts.last_oasys_date is None:
                    dues.append(ev.deadlines.oasys.due)
                out.series["oasys_due"][k] += sum(
                    1 for due in dues if isinstance(due, date) and day <= due < day + WEEK
                )
            months = ev.pom_contact_months.value
            if months:
                if next_contact is None:
                    start = case.last_pom_contact or case.pom_since
                    if start is None:
                        continue
                    next_contact = add_months(start, months)
                next_contact = max(next_contact, day)
                while next_contact < day + WEEK:
                    out.series["pom_contacts_due"][k] += 1
                    next_contact = add_months(next_contact, months)
    return out


@pytest.mark.parametrize(
    "policy",
    [
        NATIONAL,
        Policy(handover_rule="legacy"),
        Policy(handover_rule="single_point", handover_months=9, com_allocation_lead_weeks=4),
        Policy(community_case_months=12, pom_contact_other_months=2, oasys_review_months=6),
    ],
    ids=["national", "legacy", "single point", "other thresholds"],
)
def test_the_projection_equals_the_engine_evaluated_at_the_start_of_every_week(
    policy: Policy,
) -> None:
    cases = _varied_cases(150, seed=22)
    fast = project(cases, policy, start=START, holidays=HOLIDAYS)
    slow = _every_week(cases, policy)
    for name in SERIES:
        assert fast.series[name] == slow.series[name], name
    assert fast.com_by_ldu == slow.com_by_ldu
    assert fast.cases == 150
