"""The pure screening rules, as tables of cases with their boundaries."""

import datetime as dt

import pytest

from cases.rules import LONDON, CaseFacts, KeyDates, Policy, PrisonFacts, evaluate
from screening import rules

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
ARRIVAL = dt.datetime(2026, 11, 20, 14, 30, tzinfo=LONDON)
BCS_DUE = ARRIVAL + dt.timedelta(hours=72)
W = rules.Windows()


@pytest.mark.parametrize(
    "completed_at, expected",
    [
        (BCS_DUE - dt.timedelta(hours=1), "done"),
        (BCS_DUE, "done"),  # exactly 72 hours after arrival is on time
        (BCS_DUE + dt.timedelta(seconds=1), "done_late"),
        (BCS_DUE + dt.timedelta(days=2), "done_late"),
    ],
)
def test_a_bcs_is_on_time_up_to_the_72nd_hour_and_late_a_second_after(
    completed_at: dt.datetime, expected: str
) -> None:
    status = rules.completion_status(BCS_DUE.date(), BCS_DUE, completed_at=completed_at)
    assert status == expected


def test_the_bcs_boundary_is_72_elapsed_hours_across_the_clock_change() -> None:
    # Clocks go back on 25 October 2026: 72 real hours end an hour earlier on the wall clock.
    arrival = dt.datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)
    due = (arrival.astimezone(UTC) + dt.timedelta(hours=72)).astimezone(LONDON)
    assert due.hour == 11
    on_time = dt.datetime(2026, 10, 27, 11, 0, tzinfo=LONDON)
    assert rules.completion_status(due.date(), due, completed_at=on_time) == "done"
    late = dt.datetime(2026, 10, 27, 11, 30, tzinfo=LONDON)
    assert rules.completion_status(due.date(), due, completed_at=late) == "done_late"


@pytest.mark.parametrize(
    "due_on, completed_on, expected",
    [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 22), "done"),
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23), "done"),  # on the day is on time
        (dt.date(2026, 11, 23), dt.date(2026, 11, 24), "done_late"),
    ],
)
def test_a_dated_task_is_on_time_on_its_due_day(
    due_on: dt.date, completed_on: dt.date, expected: str
) -> None:
    late_in_the_evening = dt.datetime.combine(completed_on, dt.time(23, 30), tzinfo=LONDON)
    status = rules.completion_status(
        due_on, None, completed_at=late_in_the_evening, completed_on=completed_on
    )
    assert status == expected


@pytest.mark.parametrize(
    "due_on, due_at, expected",
    [
        (dt.date(2026, 11, 22), None, (True, False)),  # yesterday: overdue
        (dt.date(2026, 11, 23), None, (False, True)),  # today: due soon, not overdue
        (dt.date(2026, 11, 30), None, (False, True)),  # 7 days on: still due soon
        (dt.date(2026, 12, 1), None, (False, False)),  # 8 days on: not yet
        (None, NOW - dt.timedelta(seconds=1), (True, False)),
        (None, NOW, (False, True)),
        (None, NOW + dt.timedelta(hours=72), (False, True)),
        (None, NOW + dt.timedelta(hours=72, seconds=1), (False, False)),
    ],
)
def test_flags_follow_the_due_soon_windows(
    due_on: dt.date | None, due_at: dt.datetime | None, expected: tuple[bool, bool]
) -> None:
    day = due_on or due_at.astimezone(LONDON).date()
    assert rules.task_flags(day, due_at, now=NOW, windows=W) == expected


def test_a_prisons_own_windows_apply() -> None:
    windows = rules.Windows(due_soon_days=14, bcs_due_soon_hours=24)
    assert rules.task_flags(dt.date(2026, 12, 7), None, now=NOW, windows=windows) == (False, True)
    assert rules.task_flags(NOW.date(), NOW + dt.timedelta(hours=25), now=NOW, windows=windows) == (
        False,
        False,
    )


@pytest.mark.parametrize(
    "kind, owner",
    [
        ("bcs", 7),
        ("pom_contact", 7),
        ("oasys", 7),
        ("recategorisation", 7),
        ("categorisation", None),
        ("keyworker_allocation", None),
        ("sentence_calculation", None),
        ("transfer", None),
    ],
)
def test_pom_work_goes_to_the_pom_and_the_rest_to_the_omu(kind: str, owner: int | None) -> None:
    assert rules.task_owner(kind, 7) == owner


def test_the_oasys_review_is_the_pre_handover_one_when_due_on_the_handover_date() -> None:
    day = dt.date(2027, 5, 1)
    assert rules.oasys_review_kind(day, day) == "pre_handover_oasys"
    assert rules.oasys_review_kind(day, dt.date(2027, 9, 1)) == "oasys_review"
    assert rules.oasys_review_kind(day, None) == "oasys_review"


@pytest.mark.parametrize(
    "function, categories",
    [
        ("training", ("A", "B", "C", "D")),
        ("reception", ("A", "B", "C", "D")),
        ("womens", ("A", "womens_closed", "womens_open")),
        ("young_offender", ("A", "yoi_closed", "yoi_open")),
    ],
)
def test_each_estate_has_its_categories(function: str, categories: tuple[str, ...]) -> None:
    assert rules.categories_for(function) == categories


# --- Which tasks a case needs ----------------------------------------------------------------


def facts(**overrides: object) -> CaseFacts:
    values: dict[str, object] = {
        "as_of": NOW.date(),
        "legal_status": "sentenced",
        "prison": PrisonFacts(code="LEI", function="reception"),
        "date_of_birth": dt.date(1990, 1, 1),
        "arrival_datetime": ARRIVAL,
        "sentence_start_date": dt.date(2026, 11, 19),
        "dates": KeyDates(conditional_release_date=dt.date(2029, 11, 19)),
        "tier": "C2",
        "rosh": "high",
    }
    values.update(overrides)
    return CaseFacts(**values)  # type: ignore[arg-type]  # a table row's values


def basis(**overrides: object) -> rules.CaseBasis:
    values: dict[str, object] = {
        "prisoner_id": 1,
        "prison_id": 10,
        "arrival": ARRIVAL,
        "sentence_start": dt.date(2026, 11, 19),
        "primary_pom_id": 7,
        "pom_allocated_at": dt.datetime(2026, 11, 21, 9, 0, tzinfo=LONDON),
    }
    values.update(overrides)
    return rules.CaseBasis(**values)  # type: ignore[arg-type]  # a table row's values


def needs(case: rules.CaseBasis, **fact_overrides: object) -> rules.CaseTasks:
    ev = evaluate(facts(**fact_overrides), Policy(), holidays=frozenset())
    return rules.case_tasks(case, ev, now=NOW)


def test_a_new_sentenced_arrival_needs_each_arrival_and_sentence_task() -> None:
    wanted = needs(basis()).wanted
    assert set(wanted) == {
        "bcs",
        "sentence_calculation",
        "transfer",
        "keyworker_allocation",
        "oasys",
        "pre_handover_oasys",  # no OASys yet: the one before handover is already dated
        "pom_contact",
    }
    assert wanted["bcs"].due_at == BCS_DUE
    assert wanted["bcs"].owner_id == 7
    assert wanted["transfer"].owner_id is None
    assert "72 hours after arrival" in wanted["bcs"].explanation
    # POM contact: monthly for high ROSH, counted from the allocation, and it says so.
    contact = wanted["pom_contact"]
    assert contact.due_on == dt.date(2026, 12, 21)
    assert "allocation" in contact.explanation and "no contact recorded yet" in contact.explanation


def test_recorded_facts_bring_categorisation_and_review_tasks() -> None:
    case = basis(
        documents_received=dt.date(2026, 11, 20),
        last_categorisation=dt.date(2026, 11, 30),
        last_oasys=dt.date(2026, 12, 10),
    )
    wanted = needs(
        case,
        documents_received_date=dt.date(2026, 11, 20),
        last_categorisation_date=dt.date(2026, 11, 30),
        last_oasys_date=dt.date(2026, 12, 10),
    ).wanted
    assert wanted["categorisation"].due_on == dt.date(2026, 12, 4)  # 10 working days
    assert wanted["categorisation"].basis == "2026-11-20"
    assert wanted["recategorisation"].basis == "2026-11-30"
    assert "oasys_review" in wanted or "pre_handover_oasys" in wanted


def test_a_pom_contact_needs_a_pom_and_counts_from_the_last_contact() -> None:
    assert "pom_contact" not in needs(basis(primary_pom_id=None)).wanted
    assert needs(basis(primary_pom_id=None)).not_applicable["pom_contact"] == rules.NO_POM
    wanted = needs(basis(last_pom_contact=dt.date(2026, 11, 22))).wanted
    assert wanted["pom_contact"].due_on == dt.date(2026, 12, 22)
    assert wanted["pom_contact"].basis == "2026-11-22"


def test_a_released_prisoner_needs_nothing() -> None:
    result = needs(basis(prison_id=None))
    assert result.wanted == {}
    assert set(result.not_applicable) == set(rules.KINDS)


def test_an_allocated_keyworker_and_known_release_dates_satisfy_their_tasks() -> None:
    result = needs(basis(has_keyworker=True))
    assert "keyworker_allocation" in result.satisfied
    assert "sentence_calculation" in result.satisfied  # CRD recorded: the sentence is calculated
    unknown = needs(basis(), dates=KeyDates())
    assert "sentence_calculation" not in unknown.satisfied


# --- How stored tasks change -----------------------------------------------------------------


def spec(kind: str = "oasys", due: dt.date = dt.date(2027, 1, 28), basis_: str = "b1") -> object:
    return rules.TaskSpec(kind, due, None, basis_, f"{kind} due {due}", None)


def stored(**overrides: object) -> rules.StoredTask:
    values: dict[str, object] = {
        "id": 100,
        "prisoner_id": 1,
        "prison_id": 10,
        "kind": "oasys",
        "status": "open",
        "basis": "b1",
        "due_on": dt.date(2027, 1, 28),
        "due_at": None,
        "explanation": "oasys due 2027-01-28",
        "owner_id": None,
    }
    values.update(overrides)
    return rules.StoredTask(**values)  # type: ignore[arg-type]  # a table row's values


def changes(wanted: rules.CaseTasks, tasks: list[rules.StoredTask], **case: object):
    return rules.task_changes(basis(**case), wanted, tasks, now=NOW, windows=W)


def test_a_missing_task_is_created_with_its_flags() -> None:
    result = changes(rules.CaseTasks(wanted={"oasys": spec(due=dt.date(2026, 11, 25))}), [])
    assert [(c.spec.kind, c.due_soon, c.overdue) for c in result.create] == [("oasys", True, False)]


def test_an_unchanged_task_is_left_alone() -> None:
    result = changes(rules.CaseTasks(wanted={"oasys": spec()}), [stored()])
    assert (result.create, result.redate, result.close) == ([], [], [])


def test_a_new_due_date_for_the_same_basis_re_dates_the_open_task() -> None:
    wanted = rules.CaseTasks(wanted={"oasys": spec(due=dt.date(2026, 12, 1))})
    result = changes(wanted, [stored()])
    assert [(r.task_id, r.spec.due_on) for r in result.redate] == [(100, dt.date(2026, 12, 1))]
    assert result.create == [] and result.close == []


def test_a_new_basis_for_a_one_off_task_replaces_it() -> None:
    wanted = rules.CaseTasks(wanted={"oasys": spec(basis_="b2")})
    result = changes(wanted, [stored()])
    assert [(c.task_id, c.status) for c in result.close] == [(100, "not_needed")]
    assert result.close[0].reason.startswith("Replaced:")
    assert [c.spec.basis for c in result.create] == ["b2"]


def test_a_new_basis_for_a_recurring_task_moves_it() -> None:
    wanted = rules.CaseTasks(wanted={"recategorisation": spec("recategorisation", basis_="b2")})
    result = changes(wanted, [stored(kind="recategorisation")])
    assert [r.spec.basis for r in result.redate] == ["b2"]
    assert result.close == [] and result.create == []


def test_a_closed_task_is_never_created_again_for_the_same_basis() -> None:
    wanted = rules.CaseTasks(wanted={"oasys": spec()})
    for status in ("done", "done_late", "not_needed"):
        assert changes(wanted, [stored(status=status)]).create == []
    assert len(changes(wanted, [stored(status="done", basis="b0")]).create) == 1


def test_a_task_that_no_longer_applies_is_closed_with_the_reason() -> None:
    wanted = rules.CaseTasks(not_applicable={"oasys": "No OASys deadline: community case."})
    result = changes(wanted, [stored()])
    assert [(c.status, c.reason) for c in result.close] == [
        ("not_needed", "No OASys deadline: community case.")
    ]


def test_a_transfer_task_is_done_when_the_prisoner_arrives_elsewhere() -> None:
    task = stored(kind="transfer", due_on=dt.date(2026, 12, 3), prison_id=10)
    moved_at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    wanted = rules.CaseTasks(not_applicable={"transfer": "Not a reception prison."})
    result = changes(wanted, [task], prison_id=11, arrival=moved_at)
    assert [(c.status, c.completed_at) for c in result.close] == [("done", moved_at)]


def test_a_satisfied_task_closes_as_done_or_late_and_is_never_created() -> None:
    done = rules.Satisfied("A keyworker is allocated.", NOW)
    wanted = rules.CaseTasks(
        wanted={"keyworker_allocation": spec("keyworker_allocation", due=dt.date(2026, 11, 1))},
        satisfied={"keyworker_allocation": done},
    )
    result = changes(wanted, [stored(kind="keyworker_allocation", due_on=dt.date(2026, 11, 1))])
    assert [c.status for c in result.close] == ["done_late"]
    assert changes(wanted, []).create == []


def test_an_owner_or_prison_change_re_dates_the_task() -> None:
    wanted = rules.CaseTasks(
        wanted={
            "oasys": rules.TaskSpec(
                "oasys", dt.date(2027, 1, 28), None, "b1", "oasys due 2027-01-28", 8
            )
        }
    )
    assert [r.spec.owner_id for r in changes(wanted, [stored()]).redate] == [8]
    moved = changes(rules.CaseTasks(wanted={"oasys": spec()}), [stored()], prison_id=11)
    assert [r.prison_id for r in moved.redate] == [11]


# --- The BCS ---------------------------------------------------------------------------------

LABELS = {area: area for area in rules.BCS_AREAS}


def full_answers(**overrides: object) -> rules.BcsAnswers:
    areas = {area: rules.AreaAnswer(need=False) for area in rules.BCS_AREAS}
    areas.update(overrides.pop("areas", {}))  # type: ignore[arg-type]
    values = {"areas": areas, "self_harm_risk": False, "cell_sharing_risk": False}
    values.update(overrides)
    return rules.BcsAnswers(**values)  # type: ignore[arg-type]


def test_a_fully_answered_bcs_can_be_completed() -> None:
    assert rules.bcs_missing_answers(full_answers(), LABELS) == {}


@pytest.mark.parametrize(
    "answers, field",
    [
        (rules.BcsAnswers(), "accommodation_need"),
        (full_answers(areas={"ete": rules.AreaAnswer(need=True)}), "ete_notes"),
        (
            full_answers(areas={"ete": rules.AreaAnswer(need=False, referral_requested=True)}),
            "ete_referral",
        ),
        (
            full_answers(areas={"substance_misuse": rules.AreaAnswer(need=True, notes="x")}),
            "substance_misuse_substances",
        ),
        (full_answers(self_harm_risk=None), "self_harm_risk"),
        (full_answers(cell_sharing_risk=True), "cell_sharing_notes"),
    ],
)
def test_an_incomplete_bcs_says_what_is_missing(answers: rules.BcsAnswers, field: str) -> None:
    assert field in rules.bcs_missing_answers(answers, LABELS)


def test_needs_found_by_the_bcs_map_to_resettlement_need_areas() -> None:
    answers = full_answers(
        areas={
            "accommodation": rules.AreaAnswer(need=True, notes="NFA", referral_requested=True),
            "substance_misuse": rules.AreaAnswer(need=True, notes="x", substances="both"),
            "communication": rules.AreaAnswer(need=True, notes="Reads little"),
        }
    )
    found = [(n.area, n.bcs_area, n.referral_requested) for n in rules.needs_from_bcs(answers)]
    assert found == [
        ("accommodation", "accommodation", True),
        ("drugs", "substance_misuse", False),
        ("alcohol", "substance_misuse", False),
        ("complex_needs", "communication", False),
    ]


def test_needs_belong_to_the_third_sector_in_a_third_sector_omu() -> None:
    assert rules.default_need_owner("third_sector") == "third_sector"
    assert rules.default_need_owner("standard") == "prison"
