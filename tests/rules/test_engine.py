"""``evaluate`` and ``evaluation_as_json``: the result shape of docs/commands.md#omic_evaluate."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import time_machine

from cases.bank_holidays import bank_holidays, bank_holidays_for
from cases.rules import (
    Deadline,
    Deadlines,
    Evaluation,
    Explained,
    Handover,
    Policy,
    ReleaseDate,
    Responsibility,
    bcs_deadline,
    categorisation_deadline,
    evaluate,
    evaluation_as_json,
    parse_case_facts,
)
from tests.constructors import assert_keeps_every_field

REQUIRED_KEYS = {
    "in_omic_scope",
    "scope_explanation",
    "case_type",
    "earliest_release_date",
    "pom_type",
    "responsibility",
    "handover",
    "deadlines",
}
OPTIONAL_KEYS = {
    "case_type_explanation",
    "pom_type_explanation",
    "display_release_date",
    "pom_contact",
}
DEADLINE_KEYS = {
    "bcs",
    "sentence_calculation",
    "transfer",
    "keyworker_allocation",
    "categorisation",
    "recategorisation",
    "oasys",
    "oasys_review",
}

CASE = {
    "as_of": "2026-11-23",
    "prison": {
        "code": "LEI",
        "country": "england",
        "function": "reception",
        "omu_model": "standard",
    },
    "legal_status": "sentenced",
    "date_of_birth": "1990-01-01",
    "arrival_datetime": "2026-10-23T12:00:00",
    "sentence_start_date": "2026-10-20",
    "indeterminate": False,
    "dates": {"conditional_release_date": "2027-10-31"},
    "tier": "B2",
    "rosh": "medium",
    "mappa_level": 1,
    "complexity_of_need": "low",
    "documents_received_date": "2026-12-20",
    "last_categorisation_date": "2026-11-01",
}


def _run(obj: dict[str, object]) -> dict[str, object]:
    facts, policy = parse_case_facts(obj)
    return evaluation_as_json(evaluate(facts, policy, holidays=bank_holidays_for(facts, policy)))


def test_a_full_case_gives_the_documented_shape_and_values() -> None:
    result = _run(CASE)
    assert REQUIRED_KEYS <= set(result) <= REQUIRED_KEYS | OPTIONAL_KEYS
    assert result["in_omic_scope"] is True
    assert result["case_type"] == "custody"
    assert result["pom_type"] == "probation"
    assert result["earliest_release_date"] == {
        "date": "2027-10-31",
        "kind": "CRD",
        "explanation": result["earliest_release_date"]["explanation"],  # type: ignore[index]
    }
    assert result["responsibility"] == {
        "state": "pom_responsible",
        "responsible": "pom",
        "supporting": None,
        "explanation": result["responsibility"]["explanation"],  # type: ignore[index]
    }
    handover = result["handover"]
    assert isinstance(handover, dict)
    assert (handover["com_allocation_date"], handover["handover_date"], handover["reason"]) == (
        "2027-02-14",
        "2027-02-14",
        "determinate",
    )
    deadlines = result["deadlines"]
    assert isinstance(deadlines, dict)
    assert set(deadlines) == DEADLINE_KEYS
    assert {key: value["due"] for key, value in deadlines.items()} == {
        "bcs": "2026-10-26T11:00:00+00:00",
        "sentence_calculation": "2026-11-03",
        "transfer": "2026-11-03",
        "keyworker_allocation": "2026-11-06",
        "categorisation": "2027-01-06",
        "recategorisation": "2027-05-01",
        "oasys": "2026-12-29",
        "oasys_review": "2027-02-14",
    }
    for value in deadlines.values():
        assert set(value) == {"due", "explanation"}
    json.dumps(result)  # everything is plain JSON


def test_deadlines_that_do_not_apply_are_null() -> None:
    result = _run({"as_of": "2026-11-23", "legal_status": "remand", "prison": {"function": "open"}})
    deadlines = result["deadlines"]
    assert deadlines == dict.fromkeys(DEADLINE_KEYS)


def test_an_out_of_scope_case_still_has_every_object_with_null_dates() -> None:
    result = _run({"as_of": "2026-11-23", "legal_status": "remand"})
    assert result["in_omic_scope"] is False
    assert result["case_type"] is None
    assert result["pom_type"] is None
    assert result["earliest_release_date"]["date"] is None  # type: ignore[index]
    handover = result["handover"]
    assert isinstance(handover, dict)
    assert handover["handover_date"] is None
    assert handover["com_allocation_date"] is None
    assert handover["reason"] == "release_date_unknown"
    assert "on remand" in handover["explanation"]


def test_a_bcs_in_summer_is_written_with_the_bst_offset() -> None:
    result = _run({**CASE, "arrival_datetime": "2026-06-01T09:15:00"})
    assert result["deadlines"]["bcs"]["due"] == "2026-06-04T09:15:00+01:00"  # type: ignore[index]


def test_a_missing_input_gives_null_with_an_explanation_not_an_error() -> None:
    result = _run(
        {
            "as_of": "2026-11-23",
            "legal_status": "sentenced",
            "sentence_start_date": "2026-10-20",
            "dates": {"conditional_release_date": "2027-10-31"},
        }
    )
    assert result["pom_type"] is None
    assert "no tier and no ROSH" in result["pom_type_explanation"]  # type: ignore[operator]
    bcs = result["deadlines"]["bcs"]  # type: ignore[index]
    assert bcs["due"] is None and "no arrival time" in bcs["explanation"]


@pytest.mark.parametrize(
    "as_of",
    ["2026-11-23", "2027-02-13", "2027-02-14", "2027-10-31", "2028-02-29"],
    ids=[
        "evaluating on the default day",
        "evaluating the day before handover",
        "evaluating on the handover day",
        "evaluating on the release day",
        "evaluating on leap day 2028",
    ],
)
def test_every_evaluation_carries_an_explanation_for_every_value(as_of: str) -> None:
    facts, policy = parse_case_facts({**CASE, "as_of": as_of})
    ev = evaluate(facts, policy, holidays=bank_holidays(2024, 2032))
    texts = [
        ev.in_omic_scope.explanation,
        ev.case_type.explanation,
        ev.earliest_release_date.explanation,
        ev.display_release_date.explanation,
        ev.pom_type.explanation,
        ev.responsibility.explanation,
        ev.handover.explanation,
        ev.pom_contact_months.explanation,
        *(getattr(ev.deadlines, key).explanation for key in DEADLINE_KEYS),
    ]
    for text in texts:
        assert text.endswith("."), text
        assert text[0].isupper(), text


def test_evaluation_is_the_same_whatever_the_clock_says() -> None:
    facts, policy = parse_case_facts(CASE)
    holidays = bank_holidays(2024, 2032)
    first = evaluate(facts, policy, holidays=holidays)
    with time_machine.travel(datetime(2019, 3, 31, 0, 59, tzinfo=UTC), tick=False):
        assert evaluate(facts, policy, holidays=holidays) == first


def test_bank_holidays_are_loaded_once_per_country_and_years() -> None:
    first = bank_holidays(2026, 2028)
    assert bank_holidays(2026, 2028) is first
    assert date(2027, 3, 29) in first
    assert date(2027, 1, 4) in bank_holidays(2026, 2028, "scotland")  # 2 January moved
    with pytest.raises(ValueError, match="unknown bank holiday country"):
        bank_holidays(2026, 2028, "wales")


def test_the_policy_in_the_input_is_used() -> None:
    result = _run({**CASE, "prison": {"policy": {"handover_rule": "single_point"}}})
    assert result["handover"]["reason"] == "single_point"  # type: ignore[index]
    assert Policy.from_mapping({"handover_rule": "single_point"}).handover_rule == "single_point"


@pytest.mark.parametrize(
    "cls",
    [Explained, ReleaseDate, Handover, Responsibility, Deadline, Deadlines, Evaluation],
    ids=lambda cls: f"{cls.__name__} keeps every field its constructor is given",
)
def test_result_classes_hand_written_constructors_set_every_field(cls: type) -> None:
    assert_keeps_every_field(cls)


def test_deadlines_are_worked_out_once_on_the_first_read_and_equal_eager_ones() -> None:
    calls = []

    def compute() -> Deadlines:
        calls.append(1)
        return Deadlines(*[Deadline(date(2026, 1, n), f"day {n}") for n in range(1, 9)])

    lazy = Deadlines.when_read(compute)
    assert calls == []
    assert lazy.oasys.explanation == "day 7" and lazy.bcs.due == date(2026, 1, 1)
    assert lazy == compute() and compute() == Deadlines.when_read(compute)
    assert len(calls) == 4  # one per instance read: the first read filled in all eight
    with pytest.raises(AttributeError):
        lazy.not_a_deadline  # noqa: B018
    assert not hasattr(Deadlines.when_read(compute), "__deepcopy__") and len(calls) == 4


def test_an_evaluations_deadlines_are_those_of_the_deadline_rules() -> None:
    facts, policy = parse_case_facts(CASE)
    holidays = bank_holidays_for(facts, policy)
    ev = evaluate(facts, policy, holidays=holidays)
    assert ev.deadlines.bcs == bcs_deadline(facts, policy)
    assert ev.deadlines.categorisation == categorisation_deadline(facts, policy, holidays=holidays)
    assert ev.deadlines.categorisation.due is not None
    assert ev == evaluate(facts, policy, holidays=holidays)
