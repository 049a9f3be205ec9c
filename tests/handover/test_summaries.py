"""The dashboard's lean checklist counts agree with the full assessment, case by case."""

import datetime as dt

from django.core.management import call_command

from cases.models import Prison, Prisoner, Session
from cases.rules import LONDON
from cases.selectors import StoredState, evaluate_cases
from handover import rules
from handover.models import ChecklistItem, HandoverContact
from handover.selectors import Assessment, assess_cases, checklist_summaries, list_entries
from tests.factories import PrisonFactory, UserFactory, store_answers
from tests.handover.conftest import TODAY, make_case


def _closed(case: Prisoner, code: str, status: str) -> None:
    ChecklistItem.objects.create(
        prisoner=case,
        sentence=case.sentences.get(is_current=True),
        code=code,
        status=status,
        owner="com",
        not_needed_reason="No children" if status == "not_needed" else "",
        updated_at=dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC),
    )


def _com_contact(case: Prisoner, day: dt.date, *, prisoner_attended: bool = True) -> None:
    HandoverContact.objects.create(
        prisoner=case,
        sentence=case.sentences.get(is_current=True),
        kind="com_contact",
        contact_date=day,
        method="video",
        com_attended=True,
        prisoner_attended=prisoner_attended,
        created_at=dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC),
    )


def test_the_summaries_match_the_assessment_of_every_case(db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=3, force=True)
    leeds = Prison.objects.get(code="LEI")
    # Hand-made cases the demo may not hold: released in 8 weeks with some checks closed and
    # contacts before and after release, or without the prisoner there.
    releasing = make_case(leeds, crd=dt.date(2027, 1, 18), com_name="Ada COM")
    _closed(releasing, "mappa", "done")
    _closed(releasing, "child_safeguarding", "not_needed")
    _com_contact(releasing, dt.date(2026, 10, 1))
    _com_contact(releasing, dt.date(2026, 11, 1))
    _com_contact(releasing, dt.date(2026, 11, 2), prisoner_attended=False)
    _com_contact(releasing, dt.date(2027, 2, 1))  # after release: not counted
    ready = make_case(leeds, crd=dt.date(2027, 3, 1), com_name="Bo COM")
    for code in ("mappa", "domestic_abuse", "child_safeguarding", "victim_liaison"):
        _closed(ready, code, "done")
    _closed(ready, "approved_premises", "not_needed")
    qs = Prisoner.objects.all()
    evaluations = evaluate_cases(qs, today=TODAY)
    states = {pk: StoredState.of(ev) for pk, ev in evaluations.items()}
    summaries = checklist_summaries(evaluations, today=TODAY, states=states)
    assessed = {a.prisoner.pk: a for a in assess_cases(qs, today=TODAY, evaluations=evaluations)}

    assert summaries.keys() == assessed.keys()
    for pk, a in assessed.items():
        assert summaries[pk].com_contacts == a.com_contacts, a.prisoner
        assert list(summaries[pk].missing_public_protection) == [
            item.code for item in a.missing_public_protection
        ], a.prisoner
    assert summaries[releasing.pk].com_contacts == 2
    assert summaries[releasing.pk].missing_public_protection == (
        "domestic_abuse",
        "victim_liaison",
        "approved_premises",
    )
    assert summaries[ready.pk].missing_public_protection == ()
    # The demo gives the comparison real variety, so this test cannot pass on empty data.
    assert sum(1 for s in summaries.values() if s.com_contacts) >= 3
    assert sum(1 for s in summaries.values() if s.missing_public_protection) >= 3


def test_no_cases_cost_no_queries(db: None, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]  # a fixture typed as a plain callable
        assert checklist_summaries([], today=TODAY, states={}) == {}


def _session(case: Prisoner, kind: str, day: dt.date, *, held: bool = True) -> None:
    Session.objects.create(
        prisoner=case,
        staff=UserFactory(),
        kind=kind,
        duration_minutes=30,
        occurred_at=dt.datetime.combine(day, dt.time(11), tzinfo=LONDON),
        held=held,
        not_held_reason="" if held else "prisoner_refused",
    )


def test_com_contacts_and_three_way_meetings_logged_as_sessions_count(db: None) -> None:
    leeds = PrisonFactory(code="LEI")
    case = make_case(leeds, crd=dt.date(2027, 1, 18), com_name="Ada COM")
    _session(case, "com_contact", dt.date(2026, 10, 5))
    _session(case, "com_contact", dt.date(2026, 10, 6), held=False)  # did not happen
    _session(case, "com_contact", dt.date(2023, 12, 1))  # before this sentence (2024-01-10)
    _session(case, "three_way", dt.date(2026, 11, 2))
    _com_contact(case, dt.date(2026, 11, 2))  # the same meeting, also on the handover page
    _session(case, "keywork", dt.date(2026, 11, 3))  # not a COM contact
    qs = Prisoner.objects.filter(pk=case.pk)
    evaluations = evaluate_cases(qs, today=TODAY)
    (assessment,) = assess_cases(qs, today=TODAY, evaluations=evaluations)
    assert assessment.com_contacts == 2  # 5 October, and 2 November once
    assert assessment.meeting_held  # the three-way session
    states = {pk: StoredState.of(ev) for pk, ev in evaluations.items()}
    summary = checklist_summaries([case.pk], today=TODAY, states=states)[case.pk]
    assert summary.com_contacts == 2


def test_the_states_transitions_record_are_the_assessment_s_states(db: None) -> None:
    """`handover_states` (what the transitions record, without building checklists) gives
    every demo case the state `assess_cases` gives it, on days around its handover."""
    from handover.selectors.states import handover_states

    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=3, force=True)
    qs = Prisoner.objects.all()
    for day in (TODAY, TODAY + dt.timedelta(days=60), TODAY + dt.timedelta(days=400)):
        lean = handover_states(qs, today=day)
        full = {a.prisoner.pk: a.state for a in assess_cases(qs, today=day)}
        assert lean == full, day


def _lists_of(a: Assessment) -> set[str]:
    """The lists a fully assessed case belongs in (docs/rules.md#handover-lists), worked out
    from its full assessment."""
    in_prison = a.prisoner.current_prison_id is not None
    found = {"all"}
    ho = a.handover
    if a.state.value != "released" and rules.in_upcoming_window(
        handover_date=ho.handover_date, upcoming_from=ho.upcoming_from, today=TODAY
    ):
        found.add("upcoming")
    if a.state.value == "com_allocation_overdue":
        found.add("com_overdue")
    if in_prison and a.overdue_items:
        found.add("overdue_items")
    if in_prison and rules.release_is_soon(a.evaluation.display_release_date.date, today=TODAY):
        found.add("releases")
    if in_prison and a.missing_public_protection:
        found.add("public_protection")
    return found


def test_the_lists_place_every_case_as_its_full_assessment_does(db: None) -> None:
    """The handover lists place a prison's cases without assessing them in full; each case's
    lists, state, dates and parole date are the full assessment's."""
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=3, force=True)
    leeds = Prison.objects.get(code="LEI")
    releasing = make_case(leeds, crd=dt.date(2027, 1, 18), com_name="Ada COM")
    _closed(releasing, "mappa", "done")
    _com_contact(releasing, dt.date(2026, 11, 1))
    overdue = make_case(leeds, crd=dt.date(2027, 2, 1), start=dt.date(2025, 1, 1))
    _closed(overdue, "accommodation", "not_needed")
    soon = make_case(leeds, crd=TODAY + dt.timedelta(days=10))
    store_answers(TODAY)
    qs = Prisoner.objects.all()
    entries = {e.pk: e for e in list_entries(qs, today=TODAY)}
    assessed = {a.prisoner.pk: a for a in assess_cases(qs, today=TODAY)}

    assert entries.keys() == assessed.keys()
    for pk, a in assessed.items():
        entry = entries[pk]
        assert entry.lists == _lists_of(a), a.prisoner
        assert entry.state == a.state.value, a.prisoner
        first_overdue = min((i.due.value for i in a.overdue_items if i.due.value), default=None)
        assert entry.dates["overdue_items"] == first_overdue
        assert entry.dates["releases"] == a.evaluation.display_release_date.date
        assert entry.dates["all"] == (a.handover.handover_date or a.release.date)
        in_prison = a.prisoner.current_prison_id is not None
        assert entry.parole_due == (a.parole_due[0] if a.parole_due and in_prison else None)
    assert "overdue_items" in entries[overdue.pk].lists
    assert "public_protection" in entries[releasing.pk].lists
    assert "releases" in entries[soon.pk].lists
    # Real variety, so this cannot pass on empty lists.
    for name in ("upcoming", "com_overdue", "overdue_items", "releases", "public_protection"):
        assert sum(1 for e in entries.values() if name in e.lists) >= 1, name
