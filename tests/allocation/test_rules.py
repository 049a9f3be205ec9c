"""Allocation rules as tables of cases (docs/rules.md#pom-type)."""

import datetime as dt

import pytest

from allocation import rules as r
from cases.rules import Explained, Policy

POLICY = Policy()


@pytest.mark.parametrize(
    "role, model, expected",
    [
        ("prison_pom", "standard", "prison"),
        ("prison_pom", "third_sector", "third_sector"),
        ("probation_pom", "standard", "probation"),
        ("probation_pom", "third_sector", "probation"),
        ("senior_pom", "standard", "probation"),
        ("senior_pom", "third_sector", "senior_third_sector"),
        (None, "standard", None),
    ],
)
def test_a_pom_takes_cases_of_the_type_their_role_and_omu_model_give(
    role: str | None, model: str, expected: str | None
) -> None:
    assert r.staff_pom_type(role, model) == expected


def test_the_senior_role_decides_when_someone_holds_several() -> None:
    assert r.staff_pom_role({"prison_pom", "senior_pom"}) == "senior_pom"
    assert r.staff_pom_role({"keyworker"}) is None


@pytest.mark.parametrize(
    "role, new, hours, override, expected",
    [
        ("prison_pom", False, 37.5, None, 42),
        ("prison_pom", False, 45, None, 42),  # overtime never raises capacity
        ("prison_pom", False, 22.5, None, 25),  # 60% of 42, rounded down
        ("probation_pom", True, 37.5, None, 10),  # new POM
        ("probation_pom", True, 18.75, None, 5),  # new and half time
        ("senior_pom", False, 37.5, None, 8),
        ("senior_pom", True, 37.5, None, 8),  # senior wins over new
        ("prison_pom", False, 22.5, 30, 30),  # an override wins over everything
        ("prison_pom", False, 37.5, 0, 0),
    ],
)
def test_capacity_follows_role_hours_new_pom_and_override(
    role: str, new: bool, hours: float, override: int | None, expected: int
) -> None:
    capacity = r.staff_capacity(
        role=role, is_new_pom=new, working_hours=hours, capacity_override=override, policy=POLICY
    )
    assert capacity.value == expected
    assert capacity.explanation.startswith(f"Capacity {expected} cases")


def test_an_override_says_what_the_policy_would_have_given() -> None:
    capacity = r.staff_capacity(
        role="prison_pom", is_new_pom=False, working_hours=37.5, capacity_override=50, policy=POLICY
    )
    assert "the policy would give 42" in capacity.explanation


@pytest.mark.parametrize(
    "caseload, expected",
    [
        (r.Caseload(responsible=10), 10),
        (r.Caseload(responsible=6, supporting=4, coworking=3), 11.5),
        (r.Caseload(responsible=2, high_complexity=2), 3),
    ],
)
def test_load_counts_cases_half_a_co_working_case_and_extra_for_high_complexity_women(
    caseload: r.Caseload, expected: float
) -> None:
    assert caseload.load() == expected


@pytest.mark.parametrize(
    "load, capacity, expected",
    [(41, 42, "under"), (41.5, 42, "at"), (42, 42, "at"), (42.5, 42, "over"), (0, 0, "at")],
)
def test_load_status_at_the_capacity_boundary(load: float, capacity: int, expected: str) -> None:
    assert r.load_status(load, capacity) == expected


def warn(**overrides: object) -> tuple[str, ...]:
    args = {
        "required_type": "prison",
        "candidate_type": "prison",
        "candidate_name": "Ann",
        "status": "active",
        "return_date": None,
        "load_after": 10.0,
        "capacity": 42,
    } | overrides
    return tuple(w.code for w in r.allocation_warnings(**args))


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, ()),
        ({"candidate_type": "probation"}, ("type_mismatch",)),
        ({"required_type": None, "candidate_type": "probation"}, ()),
        ({"load_after": 42.0}, ()),  # at capacity after: allowed without a warning
        ({"load_after": 43.0}, ("over_capacity",)),
        ({"load_after": 42.5}, ("over_capacity",)),
        ({"status": "leave", "return_date": dt.date(2027, 1, 4)}, ("on_leave",)),
        (
            {"candidate_type": "probation", "load_after": 50.0, "status": "leave"},
            ("type_mismatch", "over_capacity", "on_leave"),
        ),
    ],
)
def test_warnings_for_type_capacity_and_leave(overrides: dict, expected: tuple) -> None:
    assert warn(**overrides) == expected


def test_a_warning_says_what_is_wrong_in_words() -> None:
    (mismatch,) = r.allocation_warnings(
        required_type="probation",
        candidate_type="prison",
        candidate_name="Ann Lee",
        status="active",
        return_date=None,
        load_after=1,
        capacity=42,
    )
    assert mismatch.message == "Ann Lee is a Prison POM; this case needs a Probation POM."


WARNING = r.AllocationWarning("type_mismatch", "x")


@pytest.mark.parametrize(
    "warnings, reason, detail, error_field",
    [
        ((), "", "", None),
        ((WARNING,), "", "", "override_reason"),
        ((WARNING,), "made_up", "", "override_reason"),
        ((WARNING,), "not_suitable", " ", "override_detail"),
        ((WARNING,), "other", "", "override_detail"),
        ((WARNING,), "other", "Cover for a week", None),
        ((WARNING,), "none_available", "", None),
        ((WARNING,), "worked_before", "", None),
    ],
)
def test_an_override_needs_a_reason_and_some_reasons_need_detail(
    warnings: tuple, reason: str, detail: str, error_field: str | None
) -> None:
    errors = r.override_errors(warnings, reason=reason, detail=detail)
    assert list(errors) == ([error_field] if error_field else [])


def candidate(pk: int, name: str, cases: int, **kw: object) -> r.PomCandidate:
    capacity = kw.pop("capacity", 42)
    return r.PomCandidate(
        user_id=pk,
        name=name,
        pom_type=kw.pop("pom_type", "prison"),
        status=kw.pop("status", "active"),
        return_date=None,
        capacity=Explained(capacity, ""),
        caseload=r.Caseload(responsible=cases),
        **kw,
    )


def names(suggestions: list[r.Suggestion]) -> list[str]:
    return [s.candidate.name for s in suggestions]


def test_continuity_comes_before_load_then_load_relative_to_capacity() -> None:
    ranked = r.rank_pom_candidates(
        "prison",
        [
            candidate(1, "Busy previous POM", 40, held_as_pom=True),
            candidate(2, "Empty", 0),
            candidate(3, "Part timer", 10, capacity=12),  # 83% full: after the full-timer
            candidate(4, "Full timer", 20),  # 48% full
            candidate(5, "Former co-worker", 30, held_as_coworker=True),
        ],
    )
    assert names(ranked) == [
        "Busy previous POM",
        "Former co-worker",
        "Empty",
        "Full timer",
        "Part timer",
    ]
    assert [s.rank for s in ranked] == [1, 2, 3, 4, 5]
    assert ranked[0].reason == "Continuity: has been this prisoner's POM before."
    assert ranked[2].reason == "Load: 0 of 42 cases (0% of capacity)."
    assert all(s.suggested for s in ranked)


def test_the_wrong_type_and_staff_on_leave_are_listed_after_and_not_suggested() -> None:
    ranked = r.rank_pom_candidates(
        "probation",
        [
            candidate(1, "Prison POM", 0),
            candidate(2, "Away", 0, pom_type="probation", status="leave", held_as_pom=True),
            candidate(3, "Probation POM", 30, pom_type="probation"),
            candidate(4, "Gone", 0, pom_type="probation", status="inactive"),
        ],
    )
    assert names(ranked) == ["Probation POM", "Away", "Prison POM"]
    assert [s.suggested for s in ranked] == [True, False, False]
    assert [w.code for w in ranked[1].warnings] == ["on_leave"]
    assert [w.code for w in ranked[2].warnings] == ["type_mismatch"]
    assert [s.reason for s in ranked[1:]] == [
        "Not suggested: on leave.",
        "Not suggested: a POM of another type.",
    ]


def test_each_candidate_shows_the_load_before_and_after() -> None:
    (only,) = r.rank_pom_candidates("prison", [candidate(1, "Full", 42)])
    assert (only.load_before, only.load_after, only.status_after) == (42, 43, "over")
    assert [w.code for w in only.warnings] == ["over_capacity"]
    (co,) = r.rank_pom_candidates("prison", [candidate(1, "Co", 10)], coworking=True)
    assert co.load_after == 10.5


def receiver(pk: int, load: float, kind: str = "prison", capacity: int = 10, **kw: object):
    return r.Receiver(pk, kind, load, capacity, **kw)


def test_spreading_cases_keeps_continuity_then_evens_out_loads() -> None:
    cases = [r.CaseToPlace(n, "prison") for n in range(1, 7)]
    cases.append(r.CaseToPlace(7, "prison", previous=(9, 3)))
    cases.append(r.CaseToPlace(8, "probation"))
    cases.append(r.CaseToPlace(9, "prison", avoid=(1, 2)))
    placed = r.spread_cases(
        cases,
        [
            receiver(1, 0),
            receiver(2, 4),
            receiver(3, 9, available=False),
            receiver(4, 0, kind="probation"),
            receiver(5, 0),
        ],
        exclude=5,
    )
    # 1 fills to 5 (a tie with 2 at 5 goes to the lower id), then they alternate
    assert [placed[n] for n in range(1, 7)] == [1, 1, 1, 1, 1, 2]
    assert placed[7] == 1  # 3 held it but is on leave: continuity only with someone available
    assert placed[8] == 4
    assert placed[9] is None  # the only prison POMs left are to be avoided


def test_spreading_prefers_a_previous_holder_who_is_available() -> None:
    placed = r.spread_cases(
        [r.CaseToPlace(1, "prison", previous=(2,))], [receiver(1, 0), receiver(2, 9)]
    )
    assert placed == {1: 2}


def test_keyworkers_rank_previous_first_then_lowest_load() -> None:
    def kw(pk: int, name: str, n: int, **extra: object) -> r.KeyworkerCandidate:
        return r.KeyworkerCandidate(
            pk, name, extra.pop("status", "active"), None, n, Explained(6, ""), **extra
        )

    ranked = r.rank_keyworkers(
        [kw(1, "Low", 1), kw(2, "Previous", 6, previous=True), kw(3, "Away", 0, status="leave")]
    )
    assert [s.candidate.name for s in ranked] == ["Previous", "Low", "Away"]
    assert ranked[0].warnings == ("Previous would be over capacity: 7 prisoners against 6.",)
    assert not ranked[2].suggested


@pytest.mark.parametrize(
    "in_scope, pom_type, womens, complexity, count",
    [
        (True, "prison", False, None, 0),
        (True, None, False, None, 1),
        (True, "prison", True, None, 1),
        (True, None, True, None, 2),
        (True, "prison", True, "high", 0),
        (False, None, True, None, 0),  # out of scope: not "missing", just not allocated
    ],
)
def test_missing_information_blocks_allocation(
    in_scope: bool, pom_type: str | None, womens: bool, complexity: str | None, count: int
) -> None:
    reasons = r.missing_information(
        in_scope=in_scope,
        pom_type=pom_type,
        pom_type_explanation="Missing information: no tier and no ROSH.",
        womens_estate=womens,
        complexity_of_need=complexity,
    )
    assert len(reasons) == count


def reasons(**overrides: object) -> tuple[str, ...]:
    args = {
        "pom_name": "Ann",
        "pom_works_here": True,
        "pom_status": "active",
        "pom_return_date": None,
        "pom_type": "prison",
        "required_type": "prison",
        "accepted_mismatch_type": "",
        "has_coworker": False,
        "transferred_in_on": None,
        "allocated_on": dt.date(2026, 3, 1),
    } | overrides
    return r.reallocation_reasons(**args)


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, ()),
        ({"pom_works_here": False}, ("Ann is not a POM at this prison.",)),
        ({"pom_status": "inactive"}, ("Ann has left (inactive).",)),
        ({"pom_status": "leave", "has_coworker": True}, ()),
        (
            {"pom_status": "leave", "pom_return_date": dt.date(2027, 1, 4)},
            ("Ann is on leave until 4 January 2027 and the case has no co-working POM.",),
        ),
        (
            {"required_type": "probation"},
            (
                "Needs a Probation POM; Ann is a Prison POM (tier or ROSH changed since "
                "allocation).",
            ),
        ),
        ({"required_type": "probation", "accepted_mismatch_type": "probation"}, ()),
        ({"required_type": None}, ()),
        ({"transferred_in_on": dt.date(2026, 2, 1)}, ()),  # allocated after arriving
        (
            {"transferred_in_on": dt.date(2026, 3, 2)},
            ("Transferred in on 2 March 2026, after Ann was allocated.",),
        ),
    ],
)
def test_reasons_a_case_needs_reallocating(overrides: dict, expected: tuple) -> None:
    assert reasons(**overrides) == expected


def com(**overrides: object) -> str | None:
    args = {
        "has_com": False,
        "in_scope": True,
        "responsible": "pom",
        "supporting": None,
        "com_allocation_date": dt.date(2027, 1, 10),
        "com_allocation_overdue_from": dt.date(2027, 1, 12),
        "today": dt.date(2027, 1, 11),
    } | overrides
    return r.com_missing_reason(**args)


def test_a_com_is_needed_from_the_day_allocation_is_overdue() -> None:
    assert com() is None
    assert com(today=dt.date(2027, 1, 12)) == (
        "COM allocation was due on 10 January 2027; overdue from 12 January 2027."
    )
    assert com(today=dt.date(2027, 1, 12), has_com=True) is None
    assert com(today=dt.date(2027, 1, 12), in_scope=False) is None


def test_a_com_responsible_case_without_dates_needs_a_com_now() -> None:
    kwargs = {"com_allocation_date": None, "com_allocation_overdue_from": None}
    assert com(**kwargs) is None
    assert com(responsible="com", **kwargs) == (
        "The COM is responsible for this case now, but no COM is recorded."
    )
