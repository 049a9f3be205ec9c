"""Every change of a prisoner's facts goes through one service: atomic, audited with who or what
made it and why, and once committed the case is up to date everywhere (tasks, allocations)."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError

from allocation.models import AllocationEvent
from cases.audit import ChangeSource
from cases.models import Allocation, MergedNumber, Movement, Prison, Prisoner, Role, Session
from cases.services import facts
from screening.models import Task
from tests.factories import AllocationFactory, PrisonerFactory, SentenceFactory, staff

NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
SENTENCE = facts.SentenceFacts(
    dt.date(2026, 11, 19),
    dates={
        "conditional_release_date": dt.date(2029, 5, 18),
        "sentence_expiry_date": dt.date(2031, 11, 18),
    },
)


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


def _arrival(
    number: str = "B0001BB", sentence: facts.SentenceFacts | None = SENTENCE
) -> facts.Arrival:
    details = facts.PersonalDetails("Dan", "Smith", dt.date(1990, 4, 12), "B-3-023")
    return facts.Arrival(number, details, Prisoner.LegalStatus.SENTENCED, sentence, NOW)


def _held(prison: Prison, **fields: object) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=prison, **fields)
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=dt.date(2026, 11, 1),
        conditional_release_date=dt.date(2029, 1, 10),
        sentence_expiry_date=dt.date(2031, 1, 10),
    )
    return prisoner


def test_a_new_prisoner_arrives_with_a_sentence_movement_and_tasks(
    leeds: Prison, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    admin = personas[Role.CASE_ADMIN]
    with django_capture_on_commit_callbacks(execute=True):
        prisoner = facts.prisoner_arrive(
            prison=leeds, arrival=_arrival(), source=ChangeSource.by(admin, "New reception")
        )
    assert prisoner.current_prison == leeds
    assert prisoner.sentences.get(is_current=True).conditional_release_date == dt.date(2029, 5, 18)
    movement = prisoner.movements.get()
    assert (movement.kind, movement.to_prison, movement.recorded_by) == (
        Movement.Kind.ADMISSION,
        leeds,
        admin,
    )
    assert prisoner.history.get().history_change_reason == "New reception"
    assert set(Task.objects.filter(prisoner=prisoner).values_list("kind", flat=True)) >= {"bcs"}


def test_arriving_where_they_already_are_is_a_conflict_and_changes_nothing(leeds: Prison) -> None:
    facts.prisoner_arrive(prison=leeds, arrival=_arrival(), source=ChangeSource("test"))
    with pytest.raises(ValidationError) as error:
        facts.prisoner_arrive(prison=leeds, arrival=_arrival(), source=ChangeSource("test"))
    assert error.value.code == "conflict"
    assert Movement.objects.count() == 1


def test_back_in_custody_starts_a_new_sentence_and_keeps_the_old(leeds: Prison) -> None:
    prisoner = _held(leeds, prison_number="B0001BB")
    old = prisoner.sentences.get()
    facts.prisoner_release(prisoner=prisoner, at=NOW, source=ChangeSource("test"))
    facts.prisoner_arrive(prison=leeds, arrival=_arrival(), source=ChangeSource("test"))
    old.refresh_from_db()
    assert old.is_current is False
    assert prisoner.sentences.count() == 2
    assert prisoner.sentences.get(is_current=True).sentence_start_date == dt.date(2026, 11, 19)
    assert list(prisoner.movements.order_by("pk").values_list("kind", flat=True)) == [
        "release",
        "admission",
    ]


def test_a_transfer_ends_the_pom_and_keyworker_but_keeps_the_com_and_the_history(
    leeds: Prison, moorland: Prison, personas: dict
) -> None:
    prisoner = _held(leeds)
    com = staff("com_x", Role.COM, leeds)
    AllocationFactory(
        prisoner=prisoner,
        primary_pom=personas[Role.PRISON_POM],
        keyworker=personas[Role.KEYWORKER],
        com=com,
        com_name="Ruth Okafor",
    )
    admin = personas[Role.CASE_ADMIN]
    facts.prisoner_transfer(
        prisoner=prisoner,
        to_prison=moorland,
        at=NOW,
        source=ChangeSource.by(admin, "Moved for a course"),
    )
    prisoner.refresh_from_db()
    allocation = Allocation.objects.get(prisoner=prisoner)
    assert prisoner.current_prison == moorland
    assert (allocation.primary_pom, allocation.keyworker, allocation.com) == (None, None, com)
    ended = AllocationEvent.objects.filter(prisoner=prisoner, kind=AllocationEvent.Kind.DEALLOCATED)
    assert {e.role for e in ended} == {"primary", "keyworker"}
    assert all(e.prison == leeds and e.created_by == admin for e in ended)
    transfer = prisoner.movements.get()
    assert (transfer.from_prison, transfer.to_prison, transfer.reason) == (
        leeds,
        moorland,
        "Moved for a course",
    )


def test_a_release_ends_the_custodial_allocations(leeds: Prison, personas: dict) -> None:
    prisoner = _held(leeds)
    AllocationFactory(prisoner=prisoner, primary_pom=personas[Role.PRISON_POM])
    facts.prisoner_release(prisoner=prisoner, at=NOW, source=ChangeSource("roll import 3"))
    prisoner.refresh_from_db()
    assert prisoner.current_prison is None and prisoner.location == ""
    assert Allocation.objects.get(prisoner=prisoner).primary_pom is None
    event = AllocationEvent.objects.get(prisoner=prisoner)
    assert event.reason == "Released (roll import 3)"
    with pytest.raises(ValidationError):
        facts.prisoner_release(prisoner=prisoner, at=NOW, source=ChangeSource("roll import 3"))


def test_a_sentence_change_is_audited_and_re_dates_the_case_at_once(
    leeds: Prison, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    prisoner = _held(leeds)
    new = facts.SentenceFacts(
        dt.date(2026, 11, 1), dates={"conditional_release_date": dt.date(2027, 1, 10)}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sentence = facts.sentence_update(
            prisoner=prisoner,
            facts=new,
            source=ChangeSource.by(personas[Role.CASE_ADMIN], "Recalculated"),
        )
    assert callbacks  # the apps were told, once committed
    assert sentence.conditional_release_date == dt.date(2027, 1, 10)
    assert sentence.sentence_expiry_date == dt.date(2031, 1, 10)  # a date the change left out stays
    latest = sentence.history.order_by("-history_id").first()
    assert latest is not None and latest.history_change_reason == "Recalculated"
    assert latest.history_user == personas[Role.CASE_ADMIN]


def test_a_date_given_as_none_is_cleared_and_an_impossible_one_refused(leeds: Prison) -> None:
    prisoner = _held(leeds)
    cleared = facts.sentence_update(
        prisoner=prisoner,
        facts=facts.SentenceFacts(dt.date(2026, 11, 1), dates={"conditional_release_date": None}),
        source=ChangeSource("test"),
    )
    assert cleared.conditional_release_date is None
    before = cleared.history.count()
    with pytest.raises(ValidationError) as error:
        facts.sentence_update(
            prisoner=prisoner,
            facts=facts.SentenceFacts(
                dt.date(2026, 11, 1), dates={"sentence_expiry_date": dt.date(2026, 1, 1)}
            ),
            source=ChangeSource("test"),
        )
    assert "sentence_expiry_date" in error.value.message_dict
    assert cleared.history.count() == before


def test_nothing_is_written_when_nothing_differs(leeds: Prison) -> None:
    prisoner = _held(leeds, first_name="Dan")
    before = Prisoner.history.count()
    facts.prisoner_details_update(
        prisoner=prisoner,
        details=facts.PersonalDetails(first_name="Dan"),
        source=ChangeSource("test"),
    )
    assert Prisoner.history.count() == before


def test_a_legal_status_it_does_not_know_is_refused(leeds: Prison) -> None:
    prisoner = _held(leeds)
    with pytest.raises(ValidationError):
        facts.legal_status_update(
            prisoner=prisoner, legal_status="on_holiday", source=ChangeSource("test")
        )
    facts.legal_status_update(
        prisoner=prisoner, legal_status="recalled", source=ChangeSource("test")
    )
    prisoner.refresh_from_db()
    assert prisoner.legal_status == "recalled"


def test_a_merge_moves_everything_to_the_kept_number(leeds: Prison, personas: dict) -> None:
    kept = _held(leeds, prison_number="A1111AA")
    removed = _held(leeds, prison_number="B2222BB")
    Session.objects.create(
        prisoner=removed,
        staff=personas[Role.PRISON_POM],
        kind="pom_supervision",
        occurred_at=NOW,
        duration_minutes=30,
    )
    preview = facts.merge_preview(kept, removed)
    assert ("Sessions", 1) in preview.moves and ("Sentences", 1) in preview.moves
    facts.prisoners_merge(
        kept=kept,
        removed=removed,
        source=ChangeSource.by(personas[Role.CASE_ADMIN], "Same person"),
        at=NOW,
    )
    assert not Prisoner.objects.filter(prison_number="B2222BB").exists()
    assert kept.sessions.count() == 1
    assert kept.sentences.count() == 2 and kept.sentences.filter(is_current=True).count() == 1
    assert MergedNumber.objects.get(number="B2222BB").prisoner == kept


def test_a_merge_of_a_record_with_itself_is_refused(leeds: Prison) -> None:
    kept = _held(leeds)
    with pytest.raises(ValidationError):
        facts.merge_preview(kept, kept)


def test_a_merge_settles_what_both_records_hold_once(leeds: Prison, personas: dict) -> None:
    """Both records have an open task of one kind, a pending categorisation, a recorded
    handover state, an override in force, an open need in one area and an active referral to
    one programme: the kept record's stands, the removed record's is closed or goes."""
    from demo.factories.interventions import (
        OfferingFactory,
        ReferralFactory,
        ResettlementNeedFactory,
    )
    from demo.factories.screening import CategorisationFactory, TaskFactory
    from handover.models import HandoverCase, ResponsibilityOverride
    from interventions.models import Referral, ResettlementNeed
    from screening.models import Categorisation

    kept = _held(leeds, prison_number="A1111AA")
    removed = _held(leeds, prison_number="B2222BB")
    offering = OfferingFactory(prison=leeds)
    for prisoner in (kept, removed):
        TaskFactory(prisoner=prisoner, kind=Task.Kind.POM_CONTACT)
        CategorisationFactory(prisoner=prisoner)
        HandoverCase.objects.create(prisoner=prisoner, state="not_due")
        ResponsibilityOverride.objects.create(
            prisoner=prisoner,
            reason="other",
            detail="x",
            created_by=personas[Role.HEAD_OF_OMU],
            created_at=NOW,
        )
        ResettlementNeedFactory(prisoner=prisoner, area=ResettlementNeed.Area.ACCOMMODATION)
        ReferralFactory(prisoner=prisoner, offering=offering)
    facts.prisoners_merge(
        kept=kept,
        removed=removed,
        source=ChangeSource.by(personas[Role.CASE_ADMIN], "Same person"),
        at=NOW,
    )
    assert kept.tasks.filter(kind="pom_contact", status="open").count() == 1
    assert kept.tasks.filter(kind="pom_contact", status="not_needed").count() == 1
    assert Categorisation.objects.filter(prisoner=kept, decided_on__isnull=True).count() == 1
    assert HandoverCase.objects.filter(prisoner=kept).count() == 1
    assert (
        ResponsibilityOverride.objects.filter(prisoner=kept, removed_at__isnull=True).count() == 1
    )
    assert ResettlementNeed.objects.filter(prisoner=kept, status="identified").count() == 1
    assert Referral.objects.filter(prisoner=kept, status="withdrawn").count() == 1
    preview_lines = dict(facts.merge_preview(kept, _held(leeds, prison_number="C3333CC")).moves)
    assert "Tasks" not in preview_lines  # nothing to move from an empty record
