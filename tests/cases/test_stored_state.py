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


def test_the_explanations_are_stored_in_a_row_of_their_own_and_read_only_where_shown(
    leeds: Prison,
) -> None:
    """Counts and tallies scan a prison's answers without the explanations (three quarters of
    the bytes); lists that show them join their row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import CaseExplanation

    cases = _cases(leeds, 3)
    states_refresh_ids([c.pk for c in cases], today=TODAY)
    stored = CaseExplanation.objects.in_bulk([c.pk for c in cases])
    assert sorted(stored) == sorted(c.pk for c in cases)
    assert all(row.explanations["pom_type"] for row in stored.values())
    qs = Prisoner.objects.filter(pk__in=[c.pk for c in cases])
    with CaptureQueriesContext(connection) as narrow:
        unexplained = stored_evaluations(qs, today=TODAY, explained=False)
    assert "cases_caseexplanation" not in " ".join(q["sql"] for q in narrow.captured_queries)
    assert all(not answer.pom_type.explanation for answer in unexplained.values())
    explained = stored_evaluations(qs, today=TODAY)
    assert {pk: answer.pom_type.explanation for pk, answer in explained.items()} == {
        pk: row.explanations["pom_type"] for pk, row in stored.items()
    }
    # A list showing a few reads those few (the caseload's Why), the rest blank.
    some = stored_evaluations(qs, today=TODAY, explained=("pom_type", "handover"))
    for pk, answer in some.items():
        assert answer.pom_type.explanation == stored[pk].explanations["pom_type"]
        assert answer.handover.explanation == stored[pk].explanations["handover"]
        assert answer.handover.explanation
        assert not answer.responsibility.explanation
        assert not answer.earliest_release_date.explanation
    # Naming none is the same as none.
    assert all(
        not answer.pom_type.explanation
        for answer in stored_evaluations(qs, today=TODAY, explained=()).values()
    )


def test_a_second_refresh_the_same_day_writes_no_explanations(leeds: Prison) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cases = _cases(leeds, 3)
    states_refresh_ids([c.pk for c in cases], today=TODAY)
    with CaptureQueriesContext(connection) as again:
        states_refresh_ids([c.pk for c in cases], today=TODAY)
    written = [q["sql"] for q in again.captured_queries if "caseexplanation" in q["sql"]]
    assert written == []


def test_a_row_without_its_explanations_reads_blank(leeds: Prison) -> None:
    from cases.models import CaseExplanation

    (case,) = _cases(leeds, 1)
    states_refresh_ids([case.pk], today=TODAY)
    CaseExplanation.objects.filter(pk=case.pk).delete()
    answer = stored_evaluations(Prisoner.objects.filter(pk=case.pk), today=TODAY)[case.pk]
    live = evaluate_cases(Prisoner.objects.filter(pk=case.pk), today=TODAY)[case.pk]
    assert answer.pom_type.value == live.pom_type.value
    assert answer.pom_type.explanation == ""
