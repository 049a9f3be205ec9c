"""Handover services: validated, audited, idempotent, and feeding the rules engine."""

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cases.models import Allocation, Prison, Prisoner, Role
from cases.selectors import evaluate_prisoner
from handover import selectors, services
from handover.models import (
    ChecklistItem,
    HandoverCase,
    HandoverContact,
    HandoverEvent,
    ParoleReview,
    ResponsibilityOverride,
)
from tests.handover.conftest import TODAY, UPCOMING_HANDOVER, make_case


def item(prisoner: Prisoner, code: str) -> selectors.ItemView:
    return next(i for i in selectors.assess_prisoner(prisoner, today=TODAY).items if i.code == code)


# --- Checklist -------------------------------------------------------------------------------


def test_ticking_an_item_records_who_when_and_why_once(leeds: Prison, personas: dict) -> None:
    case = make_case(leeds)
    pom = personas[Role.PRISON_POM]
    for _ in range(2):  # a double submission changes nothing the second time
        services.checklist_item_update(
            prisoner=case,
            code="pre_handover_oasys",
            acting_user=pom,
            status="done",
            evidence="Countersigned on OASys",
            today=TODAY,
        )
    row = ChecklistItem.objects.get(prisoner=case, code="pre_handover_oasys")
    assert (row.status, row.completed_on, row.updated_by) == ("done", TODAY, pom)
    assert item(case, "pre_handover_oasys").progress == "done"
    events = HandoverEvent.objects.filter(prisoner=case, action="item_updated")
    assert [(e.old_value, e.new_value, e.actor) for e in events] == [("To do", "Done", pom)]


def test_not_needed_needs_a_reason_and_bad_input_changes_nothing(
    leeds: Prison, personas: dict
) -> None:
    case = make_case(leeds)
    pom = personas[Role.PRISON_POM]
    with pytest.raises(ValidationError) as error:
        services.checklist_item_update(
            prisoner=case, code="approved_premises", acting_user=pom, status="not_needed",
            today=TODAY,
        )  # fmt: skip
    assert "not_needed_reason" in error.value.message_dict
    for code in ("no_such_item", "com_contacts", "parole_report"):  # unknown, automatic, n/a
        with pytest.raises(ValidationError):
            services.checklist_item_update(
                prisoner=case, code=code, acting_user=pom, status="done", today=TODAY
            )
    assert not ChecklistItem.objects.exists()
    assert not HandoverEvent.objects.exists()


def test_mappa_needs_level_category_and_a_review_date_at_level_2_or_3(
    leeds: Prison, personas: dict
) -> None:
    case = make_case(leeds)
    com_user = personas[Role.COM]
    Allocation.objects.create(prisoner=case, com=com_user, com_name="Rhiannon Davies")
    done = {"prisoner": case, "code": "mappa", "acting_user": com_user, "status": "done"}
    with pytest.raises(ValidationError):
        services.checklist_item_update(**done, today=TODAY)
    with pytest.raises(ValidationError) as error:
        services.checklist_item_update(**done, mappa_level=2, mappa_category=1, today=TODAY)
    assert "review_date" in error.value.message_dict
    services.checklist_item_update(
        **done, mappa_level=2, mappa_category=1, review_date=dt.date(2027, 2, 1), today=TODAY
    )
    assert item(case, "mappa").mappa_level == 2


def test_a_com_ticks_only_com_owned_items(leeds: Prison, personas: dict) -> None:
    com_user = personas[Role.COM]
    case = make_case(leeds, com=com_user)
    services.checklist_item_update(
        prisoner=case, code="domestic_abuse", acting_user=com_user, status="done", today=TODAY
    )
    assert item(case, "domestic_abuse").status == "done"
    with pytest.raises(ValidationError) as pom_item:
        services.checklist_item_update(
            prisoner=case, code="pre_handover_oasys", acting_user=com_user, status="done",
            today=TODAY,
        )  # fmt: skip
    assert pom_item.value.code == "forbidden"
    with pytest.raises(ValidationError):  # nor hand an item to someone else
        services.checklist_item_update(
            prisoner=case, code="accommodation", acting_user=com_user, status="to_do",
            owner="pom", today=TODAY,
        )  # fmt: skip
    # The OMU can give an item to the COM, and then the COM can tick it.
    services.checklist_item_update(
        prisoner=case, code="identification", acting_user=personas[Role.CASE_ADMIN],
        status="to_do", owner="com", today=TODAY,
    )  # fmt: skip
    services.checklist_item_update(
        prisoner=case, code="identification", acting_user=com_user, status="done", today=TODAY
    )
    assert item(case, "identification").status == "done"


def test_a_new_sentence_starts_a_fresh_checklist(leeds: Prison, personas: dict) -> None:
    case = make_case(leeds)
    services.checklist_item_update(
        prisoner=case, code="rotl", acting_user=personas[Role.PRISON_POM], status="done",
        today=TODAY,
    )  # fmt: skip
    case.sentences.update(is_current=False)
    case.sentences.create(
        sentence_start_date=dt.date(2026, 10, 1),
        conditional_release_date=dt.date(2029, 10, 1),
        sentence_expiry_date=dt.date(2032, 10, 1),
    )
    assert item(case, "rotl").status == "to_do"


# --- Contacts --------------------------------------------------------------------------------


def test_com_contacts_before_release_complete_the_contacts_item(
    leeds: Prison, personas: dict
) -> None:
    com_user = personas[Role.COM]
    case = make_case(leeds, com=com_user)
    for day in (1, 8, 15):
        services.contact_record(
            prisoner=case, acting_user=com_user, kind="com_contact",
            contact_date=dt.date(2026, 11, day), method="video", today=TODAY,
        )  # fmt: skip
        assert HandoverContact.objects.last().prisoner_attended  # a COM contact includes them
    assessment = selectors.assess_prisoner(case, today=TODAY)
    assert assessment.com_contacts == 3
    assert item(case, "com_contacts").status == "done"
    assert HandoverEvent.objects.filter(prisoner=case, action="contact_recorded").count() == 3


def test_a_handover_meeting_needs_the_pom_and_the_com(leeds: Prison, personas: dict) -> None:
    case = make_case(leeds, com_name="A. Probation")
    pom = personas[Role.PRISON_POM]
    meeting = {"prisoner": case, "acting_user": pom, "kind": "handover_meeting", "method": "video"}
    with pytest.raises(ValidationError):
        services.contact_record(**meeting, contact_date=TODAY, pom_attended=True, today=TODAY)
    assert item(case, "handover_meeting").status == "to_do"
    services.contact_record(
        **meeting, contact_date=TODAY, pom_attended=True, com_attended=True,
        prisoner_attended=True, today=TODAY,
    )  # fmt: skip
    assert item(case, "handover_meeting").status == "done"
    assert HandoverContact.objects.get().three_way
    # A three-way meeting is also a COM contact with the prisoner.
    assert selectors.assess_prisoner(case, today=TODAY).com_contacts == 1


@pytest.mark.parametrize(
    "day, field", [(dt.date(2026, 11, 24), "contact_date"), (dt.date(2023, 1, 1), "contact_date")]
)
def test_a_contact_in_the_future_or_before_the_sentence_is_refused(
    leeds: Prison, personas: dict, day: dt.date, field: str
) -> None:
    case = make_case(leeds)
    with pytest.raises(ValidationError) as error:
        services.contact_record(
            prisoner=case, acting_user=personas[Role.PRISON_POM], kind="com_contact",
            contact_date=day, method="phone", today=TODAY,
        )  # fmt: skip
    assert field in error.value.message_dict
    assert not HandoverContact.objects.exists()


# --- Parole reviews and overrides feed the engine --------------------------------------------


def indeterminate_case(prison: Prison, **prisoner: object) -> Prisoner:
    # Indeterminate, tariff passed, next hearing 2028-06-01: 12 months or more away.
    return make_case(
        prison,
        crd=None,
        start=dt.date(2010, 1, 1),
        sentence={
            "indeterminate": True,
            "tariff_date": dt.date(2020, 1, 1),
            "target_hearing_date": dt.date(2028, 6, 1),
            "sentence_expiry_date": None,
        },
        **prisoner,
    )


def test_a_completed_parole_refusal_moves_responsibility_by_rule_4(
    leeds: Prison, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    case = indeterminate_case(leeds, mappa_level=2)
    pom = personas[Role.PROBATION_POM]
    assert evaluate_prisoner(case, today=TODAY).handover.reason == "indeterminate"
    services.handover_transitions_run(today=TODAY)
    assert HandoverCase.objects.get(prisoner=case).state == "not_due"
    review = services.parole_review_record(
        prisoner=case, acting_user=pom, hearing_date=dt.date(2026, 6, 1), today=TODAY
    )
    # Awaiting the outcome: not complete, so rule 4 does not apply yet.
    assert evaluate_prisoner(case, today=TODAY).handover.reason == "indeterminate"
    with django_capture_on_commit_callbacks(execute=True):
        services.parole_review_record_outcome(
            review=review, acting_user=pom, outcome="not_release",
            outcome_received_date=dt.date(2026, 6, 20), today=TODAY,
        )  # fmt: skip
    ev = evaluate_prisoner(case, today=TODAY)
    assert ev.handover.reason == "parole_mappa_2_3"
    assert ev.responsibility.state == "com_responsible"
    # The state was recorded straight away (no dates now), not left for the nightly run.
    assert HandoverCase.objects.get(prisoner=case).state == "no_handover"
    assert HandoverEvent.objects.filter(prisoner=case, action="parole_review").count() == 2


def test_only_completed_reviews_of_the_current_sentence_count(
    leeds: Prison, personas: dict
) -> None:
    case = indeterminate_case(leeds)
    old = case.sentences.get()
    ParoleReview.objects.create(
        prisoner=case, sentence=old, hearing_date=dt.date(2026, 1, 1), outcome="not_release",
        outcome_received_date=dt.date(2026, 1, 5), created_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    assert selectors.case_facts_by_prisoner([case.pk]) == {
        case.pk: {"latest_parole_outcome": "not_release"}
    }
    # The latest by hearing date wins.
    ParoleReview.objects.create(
        prisoner=case, sentence=old, hearing_date=dt.date(2026, 7, 1), outcome="release",
        outcome_received_date=dt.date(2026, 7, 5), created_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    assert selectors.case_facts_by_prisoner([case.pk])[case.pk]["latest_parole_outcome"] == (
        "release"
    )
    old.is_current = False
    old.save()
    case.sentences.create(sentence_start_date=dt.date(2026, 9, 1), indeterminate=True)
    assert selectors.case_facts_by_prisoner([case.pk]) == {}


def test_parole_facts_cost_one_query_for_any_number_of_cases(
    leeds: Prison, personas: dict, django_assert_num_queries: Callable
) -> None:
    cases = [indeterminate_case(leeds) for _ in range(5)]
    for case in cases[:3]:
        services.responsibility_override_add(
            prisoner=case, acting_user=personas[Role.HEAD_OF_OMU], reason="recalled"
        )
    with django_assert_num_queries(1):
        facts = selectors.case_facts_by_prisoner([c.pk for c in cases])
    assert facts == {c.pk: {"responsibility_override": "com"} for c in cases[:3]}
    with django_assert_num_queries(0):
        assert selectors.case_facts_by_prisoner([]) == {}


def test_the_override_makes_the_com_responsible_until_removed_with_a_reason(
    leeds: Prison, personas: dict
) -> None:
    case = make_case(leeds, crd=dt.date(2029, 1, 1))  # handover far away: POM responsible
    head = personas[Role.HEAD_OF_OMU]
    assert evaluate_prisoner(case, today=TODAY).responsibility.state == "pom_responsible"
    with pytest.raises(ValidationError):  # "other" needs its detail
        services.responsibility_override_add(prisoner=case, acting_user=head, reason="other")
    first = services.responsibility_override_add(
        prisoner=case, acting_user=head, reason="community_team"
    )
    again = services.responsibility_override_add(prisoner=case, acting_user=head, reason="other")
    assert again == first  # already overridden: nothing new
    ev = evaluate_prisoner(case, today=TODAY)
    assert ev.responsibility.state == "com_responsible"
    assert ev.handover.handover_date == dt.date(2028, 4, 17)  # dates still calculated
    with pytest.raises(ValidationError):
        services.responsibility_override_remove(prisoner=case, acting_user=head, reason=" ")
    services.responsibility_override_remove(prisoner=case, acting_user=head, reason="Error")
    assert services.responsibility_override_remove(prisoner=case, acting_user=head, reason="x") is (
        None
    )
    assert evaluate_prisoner(case, today=TODAY).responsibility.state == "pom_responsible"
    actions = list(
        HandoverEvent.objects.filter(prisoner=case).order_by("id").values_list("action", "reason")
    )
    assert actions == [
        ("override_added", "The community team is to work with the prisoner"),
        ("override_removed", "Error"),
    ]


def test_only_the_head_of_omu_can_override(leeds: Prison, personas: dict) -> None:
    case = make_case(leeds)
    with pytest.raises(ValidationError) as error:
        services.responsibility_override_add(
            prisoner=case, acting_user=personas[Role.PRISON_POM], reason="recalled"
        )
    assert error.value.code == "forbidden"
    assert not ResponsibilityOverride.objects.exists()


# --- The nightly transition ------------------------------------------------------------------


def states() -> dict[str, str]:
    return dict(HandoverCase.objects.values_list("prisoner__last_name", "state"))


def test_the_nightly_transition_moves_cases_on_the_exact_day_and_is_idempotent(
    leeds: Prison, personas: dict
) -> None:
    make_case(leeds, last_name="Upcoming")
    make_case(leeds, last_name="Named", com_name="A. Probation")
    make_case(leeds, last_name="Far", crd=dt.date(2029, 1, 1))
    make_case(leeds, last_name="Community", start=dt.date(2026, 10, 1), crd=dt.date(2027, 3, 1))
    first = services.handover_transitions_run(today=TODAY)
    assert (first.recorded, first.moved) == (3, 0)  # the community case has no handover
    assert states() == {"Upcoming": "upcoming", "Named": "in_progress", "Far": "not_due"}
    assert services.handover_transitions_run(today=TODAY).moved == 0  # safe to run twice
    assert HandoverEvent.objects.filter(action="state_changed").count() == 3

    day_before = UPCOMING_HANDOVER - dt.timedelta(days=1)
    assert services.handover_transitions_run(today=day_before).moved == 0
    on_the_day = services.handover_transitions_run(today=UPCOMING_HANDOVER)
    assert on_the_day.moved == 2
    assert states()["Upcoming"] == states()["Named"] == "handed_over"
    overdue_from = UPCOMING_HANDOVER + dt.timedelta(days=2)
    services.handover_transitions_run(today=overdue_from - dt.timedelta(days=1))
    assert states()["Upcoming"] == "handed_over"
    services.handover_transitions_run(today=overdue_from)
    assert states() == {
        "Upcoming": "com_allocation_overdue",
        "Named": "handed_over",
        "Far": "not_due",
    }
    event = HandoverEvent.objects.filter(prisoner__last_name="Upcoming").first()
    assert (event.old_value, event.new_value, event.actor) == (
        "Handed over",
        "COM allocation overdue",
        None,
    )
    assert "28 November 2026" in event.reason


def test_a_released_case_is_recorded_as_released(leeds: Prison) -> None:
    case = make_case(leeds, last_name="Leaving", com_name="A. Probation")
    services.handover_transitions_run(today=TODAY)
    Prisoner.objects.filter(pk=case.pk).update(current_prison=None)
    assert services.handover_transitions_run(today=TODAY).moved == 1
    assert states() == {"Leaving": "released"}
    assert services.handover_transitions_run(today=TODAY).moved == 0


def test_the_command_and_the_task_run_the_same_transition(leeds: Prison) -> None:
    from handover.tasks import handover_transitions

    make_case(leeds)
    out = io.StringIO()
    call_command("handover_transitions", "--prison", "lei", stdout=out)
    assert json.loads(out.getvalue()) | {"seconds": 0} == {
        "cases": 1, "recorded": 1, "moved": 0, "seconds": 0
    }  # fmt: skip
    assert handover_transitions.delay().get() | {"seconds": 0} == {
        "cases": 1, "recorded": 0, "moved": 0, "seconds": 0
    }  # fmt: skip
