"""Tasks created and re-dated from the rules engine as a case's facts change."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Movement, Prison, Prisoner, PrisonPolicy, Role
from cases.rules import LONDON
from cases.services import prison_policy_update, session_log
from screening import services
from screening.models import Task
from tests.factories import UserFactory
from tests.screening.conftest import ARRIVED, NOW, Arrive


def tasks(prisoner: Prisoner, status: str = "open") -> dict[str, Task]:
    return {t.kind: t for t in Task.objects.filter(prisoner=prisoner, status=status)}


def test_a_new_arrival_gets_each_task_with_its_owner_due_date_and_explanation(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds)
    result = services.tasks_sync([case.pk], now=NOW)
    open_ = tasks(case)
    assert set(open_) == {
        "bcs",
        "transfer",
        "keyworker_allocation",
        "oasys",
        "pre_handover_oasys",
        "pom_contact",
    }
    assert result.created == 6
    bcs = open_["bcs"]
    assert bcs.due_at == dt.datetime(2026, 11, 24, 14, 30, tzinfo=LONDON)
    assert bcs.owner == personas[Role.PRISON_POM]
    assert bcs.due_soon and not bcs.overdue
    assert "72 hours after arrival" in bcs.explanation
    assert open_["transfer"].owner is None  # the OMU's
    assert open_["transfer"].due_on == dt.date(2026, 12, 4)  # 10 working days after sentence
    assert open_["keyworker_allocation"].due_on == dt.date(2026, 12, 5)
    assert open_["oasys"].due_on == dt.date(2027, 1, 29)  # 10 weeks: 12 months or more to serve
    assert open_["pom_contact"].due_on == dt.date(2027, 2, 21)  # quarterly for medium ROSH
    assert "allocation" in open_["pom_contact"].explanation


def test_syncing_twice_changes_nothing_and_costs_the_same_whatever_the_cases(
    leeds: Prison, arrive: Arrive, django_assert_num_queries: Callable
) -> None:
    few = [arrive(leeds).pk for _ in range(2)]
    many = [arrive(leeds).pk for _ in range(20)]
    services.tasks_sync(few + many, now=NOW)
    # engine: facts, prisons, screening facts, handover facts; bases (2); stored tasks;
    # due-soon windows. Nothing to write on a second run.
    with django_assert_num_queries(8):
        assert services.tasks_sync(few, now=NOW).created == 0
    with django_assert_num_queries(8):
        second = services.tasks_sync(many, now=NOW)
    assert (second.created, second.redated, second.closed) == (0, 0, 0)


def test_sentence_calculation_is_due_until_release_dates_are_recorded(
    leeds: Prison, arrive: Arrive
) -> None:
    case = arrive(leeds, crd=None)
    services.tasks_sync([case.pk], now=NOW)
    task = tasks(case)["sentence_calculation"]
    assert task.due_on == dt.date(2026, 12, 4)  # 14 days after the sentence date
    case.sentences.update(conditional_release_date=dt.date(2028, 5, 20))
    services.tasks_sync([case.pk], now=NOW)
    task.refresh_from_db()
    assert task.status == "done"
    assert task.reason == "The sentence is calculated: release dates are recorded."


def test_the_transfer_task_is_done_when_the_prisoner_moves_on(
    leeds: Prison, moorland: Prison, arrive: Arrive
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    moved = dt.datetime(2026, 12, 2, 11, 0, tzinfo=LONDON)
    Movement.objects.create(
        prisoner=case, kind="transfer", from_prison=leeds, to_prison=moorland, occurred_at=moved
    )
    case.current_prison = moorland
    case.save()
    services.tasks_sync([case.pk], now=moved + dt.timedelta(hours=1))
    transfer = Task.objects.get(prisoner=case, kind="transfer")
    assert (transfer.status, transfer.completed_on) == ("done", dt.date(2026, 12, 2))
    # The new arrival needs its own BCS; the first one is replaced, and the rest move prison.
    bcs = list(Task.objects.filter(prisoner=case, kind="bcs").order_by("id"))
    assert [t.status for t in bcs] == ["not_needed", "open"]
    assert bcs[1].prison == moorland
    assert tasks(case)["oasys"].prison == moorland


def test_the_keyworker_task_is_done_once_a_keyworker_is_allocated(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    case.allocation.keyworker = personas[Role.KEYWORKER]
    case.allocation.save()
    services.tasks_sync([case.pk], now=NOW)
    assert Task.objects.get(prisoner=case, kind="keyworker_allocation").status == "done"


def test_categorisation_is_due_after_documents_and_review_after_the_decision(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds)
    admin = personas[Role.CASE_ADMIN]
    services.categorisation_documents_record(
        prisoner=case, acting_user=admin, received_on=dt.date(2026, 11, 23), now=NOW
    )
    task = tasks(case)["categorisation"]
    assert task.due_on == dt.date(2026, 12, 7)  # 10 working days
    assert task.owner is None
    services.categorisation_decide(
        prisoner=case,
        acting_user=admin,
        category="C",
        decided_on=dt.date(2026, 11, 30),
        reason="Low escape risk",
        now=NOW + dt.timedelta(days=7),
    )
    task.refresh_from_db()
    assert (task.status, task.completed_on) == ("done", dt.date(2026, 11, 30))
    review = tasks(case)["recategorisation"]
    # CRD 2029-11-20 is within 4 years of the decision: every 6 months.
    assert review.due_on == dt.date(2027, 5, 30)
    assert review.owner == personas[Role.PRISON_POM]


def test_an_oasys_closes_its_task_and_dates_the_review(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    pom = personas[Role.PRISON_POM]
    services.oasys_record(
        prisoner=case,
        acting_user=pom,
        kind="initial",
        completed_on=dt.date(2027, 2, 1),
        now=dt.datetime(2027, 2, 2, 9, 0, tzinfo=LONDON),
    )
    assert Task.objects.get(prisoner=case, kind="oasys").status == "done_late"  # due 29 January
    assert tasks(case)["oasys_review"].due_on == dt.date(2028, 2, 1)


def test_a_pre_handover_oasys_is_due_by_the_handover_date(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds, sentence_start=dt.date(2025, 1, 10), crd=dt.date(2027, 8, 1))
    services.oasys_record(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        kind="initial",
        completed_on=dt.date(2026, 1, 10),  # the yearly review would be due 10 January 2027
        now=NOW,
    )
    pre = tasks(case)["pre_handover_oasys"]
    assert pre.due_on == dt.date(2026, 11, 17)  # CRD less 8 months and 14 days
    assert pre.overdue
    assert "oasys_review" not in tasks(case)


def test_a_pom_contact_session_dates_the_next_contact_from_that_day(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds, rosh="high")
    services.tasks_sync([case.pk], now=NOW)
    contact = tasks(case)["pom_contact"]
    assert contact.due_on == dt.date(2026, 12, 21)
    session_log(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        data={
            "kind": "pom_supervision",
            "occurred_at": NOW - dt.timedelta(hours=2),
            "duration_minutes": 30,
            "summary": "Seen on the wing.",
        },
        now=NOW,
    )
    contact.refresh_from_db()
    assert contact.status == "done"
    following = tasks(case)["pom_contact"]
    assert following.pk != contact.pk
    assert following.due_on == dt.date(2026, 12, 23)
    assert "last recorded contact on 23 November 2026" in following.explanation


def test_a_pom_contact_task_is_completed_by_a_session_not_by_hand(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds, rosh="high")
    services.tasks_sync([case.pk], now=NOW)
    contact = tasks(case)["pom_contact"]
    with pytest.raises(ValidationError, match="Record the POM contact session"):
        services.task_complete(
            task=contact, acting_user=personas[Role.PRISON_POM], note="Seen", now=NOW
        )
    contact.refresh_from_db()
    assert contact.status == "open"


def test_a_policy_change_re_dates_the_prisons_open_tasks_after_commit(
    leeds: Prison, personas: dict, arrive: Arrive, django_capture_on_commit_callbacks: Callable
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    with django_capture_on_commit_callbacks() as callbacks:
        prison_policy_update(
            prison=leeds,
            acting_user=personas[Role.HEAD_OF_OMU],
            changes={"bcs_hours": 48},
            reason="Screen within two days",
            expected_version=0,
        )
    assert tasks(case)["bcs"].due_at == ARRIVED + dt.timedelta(hours=72)  # not before commit
    for callback in callbacks:
        callback()
    bcs = tasks(case)["bcs"]
    assert bcs.due_at == ARRIVED + dt.timedelta(hours=48)
    assert "48 hours after arrival" in bcs.explanation


def test_a_released_prisoners_open_tasks_are_not_needed(leeds: Prison, arrive: Arrive) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    case.current_prison = None
    case.save()
    services.tasks_sync([case.pk], now=NOW)
    assert not tasks(case)
    reasons = set(Task.objects.filter(prisoner=case).values_list("reason", flat=True))
    assert reasons == {"Not needed: the prisoner is no longer held in a prison."}


def test_there_is_never_more_than_one_open_task_of_a_kind(leeds: Prison, arrive: Arrive) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            prisoner=case, prison=leeds, kind="bcs", due_on=NOW.date(), explanation="again"
        )


def test_marking_a_task_not_needed_needs_a_reason_and_it_is_not_recreated(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    task = tasks(case)["keyworker_allocation"]
    with pytest.raises(ValidationError):
        services.task_mark_not_needed(task=task, acting_user=personas[Role.CASE_ADMIN], reason=" ")
    services.task_mark_not_needed(
        task=task, acting_user=personas[Role.CASE_ADMIN], reason="Moving to an open prison"
    )
    services.tasks_sync([case.pk], now=NOW)
    assert "keyworker_allocation" not in tasks(case)


def test_a_recorded_kind_cannot_be_ticked_off_by_hand(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    from django.core.exceptions import ValidationError

    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    with pytest.raises(ValidationError, match="Record the BCS"):
        services.task_complete(task=tasks(case)["bcs"], acting_user=personas[Role.PRISON_POM])
    assert tasks(case)["bcs"].status == "open"


def test_tasks_without_a_pom_go_to_the_omu_and_follow_a_new_pom(
    leeds: Prison, arrive: Arrive
) -> None:
    case = arrive(leeds, pom=None)
    services.tasks_sync([case.pk], now=NOW)
    assert tasks(case)["bcs"].owner is None
    assert "pom_contact" not in tasks(case)
    new_pom = UserFactory(username="newpom")
    case.allocation.primary_pom = new_pom
    case.allocation.pom_allocated_at = NOW  # contact counts from the allocation
    case.allocation.save()
    services.tasks_sync([case.pk], now=NOW)
    assert tasks(case)["bcs"].owner == new_pom
    assert tasks(case)["pom_contact"].owner == new_pom


def test_policy_defaults_are_used_when_a_prison_has_no_policy(arrive: Arrive) -> None:
    prison = Prison.objects.create(code="XYZ", name="HMP Nowhere", function="training")
    assert not PrisonPolicy.objects.filter(prison=prison).exists()
    case = arrive(prison)
    services.tasks_sync([case.pk], now=NOW)
    assert tasks(case)["bcs"].due_soon


def test_an_allocation_hands_the_cases_tasks_to_the_pom_once_committed(
    leeds: Prison, personas: dict, arrive: Arrive, django_capture_on_commit_callbacks: Callable
) -> None:
    from allocation.services import allocation_assign, allocation_deallocate

    case = arrive(leeds, pom=None)
    services.tasks_sync([case.pk], now=NOW)
    assert tasks(case)["bcs"].owner is None  # the OMU's while nobody holds the case
    pom = personas[Role.PRISON_POM]
    with django_capture_on_commit_callbacks(execute=True):
        allocation_assign(
            prisoner=case, pom=pom, acting_user=personas[Role.HEAD_OF_OMU], today=NOW.date()
        )
    assert tasks(case)["bcs"].owner == pom
    assert "pom_contact" in tasks(case)  # contact is owed from the allocation on
    with django_capture_on_commit_callbacks(execute=True):
        allocation_deallocate(
            prisoner=case, acting_user=personas[Role.HEAD_OF_OMU], reason="POM left"
        )
    assert tasks(case)["bcs"].owner is None


def test_what_tasks_count_from_is_the_same_from_the_engines_facts(db: None) -> None:
    """The sweep hands the task sync the facts the engine has just read; the tasks then count
    from the same arrival, sentence date, screening records, holders and contact as when the
    sync reads them itself."""
    from django.core.management import call_command

    from cases.selectors import evaluate_each
    from screening.selectors.facts import case_bases

    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=5, force=True)
    qs = Prisoner.objects.all()
    facts = {e.prisoner_id: e.facts for e in evaluate_each(qs, today=NOW.date())}
    read = case_bases(qs)
    assert case_bases(qs, facts=facts) == read
    # Real variety: arrivals, sentences, screening records, holders and contacts all present.
    assert sum(1 for b in read.values() if b.arrival) > 10
    assert sum(1 for b in read.values() if b.documents_received or b.last_oasys) > 3
    assert sum(1 for b in read.values() if b.primary_pom_id) > 10
    assert sum(1 for b in read.values() if b.last_pom_contact) > 3
    # A case the caller has no facts for: every fact is read, as before.
    partial = dict(list(facts.items())[1:])
    assert case_bases(qs, facts=partial) == read
