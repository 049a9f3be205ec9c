"""The stored answer reads as the engine's own: values, the explanations lists show, and a live
evaluation wherever the stored row cannot be trusted today."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from cases.models import CaseState, Prison, Prisoner
from cases.selectors import StoredState, evaluate_cases, stored_evaluations, stored_states
from cases.services.state import states_mark_stale, states_refresh_ids
from tests.factories import PrisonerFactory, SentenceFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _cases(prison: Prison, n: int) -> list[Prisoner]:
    found = []
    for i in range(n):
        prisoner = PrisonerFactory(current_prison=prison, rosh=["low", "high"][i % 2])
        SentenceFactory(
            prisoner=prisoner,
            sentence_start_date=dt.date(2025, 1, 1) + dt.timedelta(days=17 * i),
            conditional_release_date=dt.date(2027, 1, 31) + dt.timedelta(days=29 * i),
        )
        found.append(prisoner)
    return found


def _without_deadline_explanations(ev: object) -> object:
    deadlines = ev.deadlines  # type: ignore[attr-defined]  # an Evaluation
    blank = {
        name: dataclasses.replace(getattr(deadlines, name), explanation="")
        for name in ("bcs", "sentence_calculation", "transfer", "categorisation")
        + ("recategorisation", "oasys", "oasys_review")
    }
    return dataclasses.replace(ev, deadlines=dataclasses.replace(deadlines, **blank))  # type: ignore[type-var]  # an Evaluation


def test_the_stored_answer_is_the_engines_with_the_explanations_lists_show(
    leeds: Prison,
) -> None:
    cases = _cases(leeds, 6)
    states_refresh_ids([c.pk for c in cases], today=TODAY)
    qs = Prisoner.objects.filter(pk__in=[c.pk for c in cases])
    live = evaluate_cases(qs, today=TODAY)
    stored = stored_evaluations(qs, today=TODAY)
    for case in cases:
        assert stored[case.pk] == _without_deadline_explanations(live[case.pk])
        assert stored[case.pk].pom_type.explanation  # the queues explain each row with it
        assert stored[case.pk].deadlines.keyworker_allocation.explanation


def test_a_stored_read_costs_two_queries_for_any_number_of_cases(
    leeds: Prison, django_assert_num_queries: Callable
) -> None:
    cases = _cases(leeds, 12)
    states_refresh_ids([c.pk for c in cases], today=TODAY)
    with django_assert_num_queries(2):
        assert len(stored_evaluations(Prisoner.objects.all(), today=TODAY)) == 12


def test_a_missing_stale_or_due_row_is_evaluated_afresh(leeds: Prison) -> None:
    missing, stale, due, kept = _cases(leeds, 4)
    states_refresh_ids([stale.pk, due.pk, kept.pk], today=TODAY)
    states_mark_stale([stale.pk])
    CaseState.objects.filter(pk__in=[stale.pk, due.pk]).update(pom_type="wrong")
    CaseState.objects.filter(pk=due.pk).update(next_change_on=TODAY)
    CaseState.objects.filter(pk=kept.pk).update(pom_type="stored")
    answers = stored_evaluations(Prisoner.objects.all(), today=TODAY)
    live = evaluate_cases(Prisoner.objects.all(), today=TODAY)
    for case in (missing, stale, due):
        assert answers[case.pk].pom_type == live[case.pk].pom_type
    assert answers[kept.pk].pom_type.value == "stored"  # a trusted row is read, not evaluated


def test_the_stored_columns_are_the_engines_answer_in_one_query(
    leeds: Prison, django_assert_num_queries: Callable
) -> None:
    cases = _cases(leeds, 8)
    states_refresh_ids([c.pk for c in cases], today=TODAY)
    live = evaluate_cases(Prisoner.objects.all(), today=TODAY)
    with django_assert_num_queries(1):
        states = stored_states(Prisoner.objects.all(), today=TODAY)
    assert states == {case.pk: StoredState.of(live[case.pk]) for case in cases}
    assert any(state.handover_date for state in states.values())  # not all empty


def test_a_missing_stale_due_or_moved_row_gives_the_engines_columns(leeds: Prison) -> None:
    missing, stale, due, moved, kept = _cases(leeds, 5)
    states_refresh_ids([stale.pk, due.pk, moved.pk, kept.pk], today=TODAY)
    states_mark_stale([stale.pk])
    CaseState.objects.filter(pk__in=[stale.pk, due.pk, moved.pk]).update(case_type="wrong")
    CaseState.objects.filter(pk=due.pk).update(next_change_on=TODAY)
    CaseState.objects.filter(pk=moved.pk).update(prison=None)  # stored for no prison
    CaseState.objects.filter(pk=kept.pk).update(case_type="stored")
    states = stored_states(Prisoner.objects.all(), today=TODAY)
    live = evaluate_cases(Prisoner.objects.all(), today=TODAY)
    for case in (missing, stale, due, moved):
        assert states[case.pk] == StoredState.of(live[case.pk])
    assert states[kept.pk].case_type == "stored"  # a trusted row is read, not evaluated
