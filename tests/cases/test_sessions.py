"""Logging sessions, the case record, contact compliance and keywork."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cases import rules, selectors, services
from cases.models import Allocation, Prison, Prisoner, Role, Session
from tests.factories import PrisonerFactory, SentenceFactory

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=rules.LONDON)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def held_case(leeds_case: Prisoner, personas: dict) -> Prisoner:
    Allocation.objects.create(
        prisoner=leeds_case,
        primary_pom=personas[Role.PRISON_POM],
        keyworker=personas[Role.KEYWORKER],
        com=personas[Role.COM],
        pom_allocated_at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC),
    )
    return leeds_case


def form(**overrides: object) -> dict[str, object]:
    data = {
        "kind": "pom_supervision",
        "date": "2026-11-23",
        "time": "10:30",
        "duration_minutes": 30,
        "place": "interview_room",
        "held": "yes",
        "summary": "Talked about the sentence plan.",
    }
    return {**data, **overrides}


def log(user: object, prisoner: Prisoner, **data: object) -> Session:
    values = {
        "kind": "pom_supervision",
        "occurred_at": NOW - dt.timedelta(hours=2),
        "duration_minutes": 30,
        "summary": "Seen.",
        **data,
    }
    return services.session_log(prisoner=prisoner, acting_user=user, data=values)


def test_a_pom_logs_a_session_with_a_follow_up_and_sees_it_on_the_record(
    held_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    url = reverse("session-new", args=[held_case.prison_number])
    page = client.get(url)
    assert page.context["form"].initial["date"] == dt.date(2026, 11, 23)
    response = client.post(url, form(follow_up="Book a GP appointment", follow_up_due="2026-12-01"))
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.kind, session.status, session.duration_minutes) == (
        "pom_supervision",
        "recorded",
        30,
    )
    assert session.follow_ups.get().due == dt.date(2026, 12, 1)
    record = client.get(reverse("case-record", args=[held_case.prison_number])).content.decode()
    assert "POM supervision" in record and "Talked about the sentence plan." in record


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date": "2026-11-24"}, "date"),
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 241}, "duration_minutes"),
        ({"held": "no"}, "not_held_reason"),
        ({"summary": ""}, "summary"),
        ({"follow_up": "Call the COM"}, "follow_up_due"),
        ({"follow_up": "Call the COM", "follow_up_due": "2026-11-22"}, "follow_up_due"),
    ],
    ids=[
        "no sessions after today",
        "at least 5 minutes",
        "at most 240 minutes",
        "a session that did not happen needs a reason",
        "a held session needs a summary",
        "a follow-up needs a due date",
        "a follow-up is not due before the session",
    ],
)
def test_it_refuses_a_bad_session_and_saves_nothing(
    held_case: Prisoner, client_for: Callable[[str], Client], overrides: dict, field: str
) -> None:
    response = client_for(Role.PRISON_POM).post(
        reverse("session-new", args=[held_case.prison_number]), form(**overrides)
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    errors = response.context["form"].errors
    assert field in errors
    assert not Session.objects.exists()


def test_a_session_that_did_not_happen_is_recorded_with_its_reason(
    held_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client_for(Role.PRISON_POM).post(
        reverse("session-new", args=[held_case.prison_number]),
        form(held="no", not_held_reason="regime", summary=""),
    )
    session = Session.objects.get()
    assert (session.held, session.not_held_reason) == (False, "regime")


def test_a_draft_is_kept_off_the_record_until_saved(
    held_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    client.post(reverse("session-new", args=[held_case.prison_number]), form(summary="", draft="1"))
    session = Session.objects.get()
    assert session.status == "draft"
    assert selectors.case_timeline(held_case, kinds={"session"}) == []
    edit = reverse("session-edit", args=[session.pk])
    assert client.post(edit, form(summary="Finished later.")).status_code == 302
    session.refresh_from_db()
    assert session.status == "recorded"
    assert [h.status for h in session.history.order_by("history_date")] == ["draft", "recorded"]


def test_only_the_author_changes_a_session(held_case: Prisoner, personas: dict) -> None:
    session = log(personas[Role.PRISON_POM], held_case)
    with pytest.raises(PermissionDenied):
        services.session_update(
            session=session, acting_user=personas[Role.HEAD_OF_OMU], data={"summary": "No"}
        )


def test_a_keyworker_logs_only_for_their_own_prisoners(
    held_case: Prisoner, leeds: Prison, personas: dict
) -> None:
    keyworker = personas[Role.KEYWORKER]
    log(keyworker, held_case, kind="keywork", duration_minutes=45)
    other = PrisonerFactory(current_prison=leeds)
    with pytest.raises(PermissionDenied):
        log(keyworker, other, kind="keywork")
    with pytest.raises(PermissionDenied):
        log(keyworker, held_case, kind="pom_supervision")


def test_a_com_logs_contacts_on_their_own_cases_only(
    held_case: Prisoner, leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    com = personas[Role.COM]
    log(com, held_case, kind="com_contact")
    with pytest.raises(PermissionDenied):
        log(com, held_case, kind="keywork")
    other = PrisonerFactory(current_prison=leeds)
    url = reverse("session-new", args=[other.prison_number])
    assert client_for(Role.COM).get(url).status_code == 404


def test_read_only_staff_cannot_log(
    held_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    url = reverse("session-new", args=[held_case.prison_number])
    assert client_for(Role.READ_ONLY).get(url).status_code == 403


def test_contact_compliance_counts_from_the_last_session(
    held_case: Prisoner, personas: dict
) -> None:
    held_case.rosh = "high"
    held_case.save()
    policy = rules.Policy()
    evaluation = selectors.evaluate_prisoner(held_case, today=NOW.date())
    before = selectors.contact_summary(
        held_case, evaluation=evaluation, policy=policy, today=NOW.date()
    )
    assert before.pom.next_due == dt.date(2026, 7, 1)  # monthly from allocation on 1 June
    assert before.pom.overdue
    log(
        personas[Role.PRISON_POM],
        held_case,
        occurred_at=dt.datetime(2026, 10, 31, 10, tzinfo=dt.UTC),
    )
    log(personas[Role.PRISON_POM], held_case, held=False, not_held_reason="regime", summary="")
    after = selectors.contact_summary(
        held_case, evaluation=evaluation, policy=policy, today=NOW.date()
    )
    assert after.pom.last == dt.date(2026, 10, 31)  # the session that did not happen is no contact
    assert after.pom.next_due == dt.date(2026, 11, 30) and not after.pom.overdue


def test_the_case_record_is_ordered_filtered_and_paginated_in_flat_queries(
    held_case: Prisoner,
    personas: dict,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Callable,
) -> None:
    for hours in range(30):
        log(
            personas[Role.PRISON_POM],
            held_case,
            occurred_at=NOW - dt.timedelta(hours=hours + 1),
            summary=f"Session {hours}",
        )
    client = client_for(Role.PRISON_POM)
    url = reverse("case-record", args=[held_case.prison_number])
    with django_assert_max_num_queries(14):
        response = client.get(url, {"type": "session"})
    events = response.context["page"].object_list
    assert [e.detail for e in events[:2]] == ["Session 0", "Session 1"]
    assert len(events) == 25
    assert len(client.get(url, {"type": "session", "page": 2}).context["page"].object_list) == 5
    allocation_only = client.get(url, {"type": "allocation"}).context["page"].object_list
    assert {e.kind for e in allocation_only} == {"allocation"}


def test_a_keyworker_logs_a_wing_shift_in_one_go(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    keyworker = personas[Role.KEYWORKER]
    prisoners = []
    for _ in range(3):
        p = PrisonerFactory(current_prison=leeds)
        SentenceFactory(prisoner=p)
        Allocation.objects.create(prisoner=p, keyworker=keyworker)
        prisoners.append(p)
    client = client_for(Role.KEYWORKER)
    data = {"date": "2026-11-23", "duration_minutes": 45}
    data |= {f"outcome_{prisoners[0].pk}": "yes", f"summary_{prisoners[0].pk}": "Fine"}
    data |= {f"outcome_{prisoners[1].pk}": "no", f"reason_{prisoners[1].pk}": "prisoner_refused"}
    data |= {f"outcome_{prisoners[2].pk}": "yes"}  # no summary: the whole shift is refused
    refused = client.post(reverse("keywork"), data)
    assert refused.status_code == 200 and not Session.objects.exists()
    data[f"summary_{prisoners[2].pk}"] = "Talked about work"
    assert client.post(reverse("keywork"), data).status_code == 302
    assert Session.objects.filter(kind="keywork").count() == 3
    assert Session.objects.filter(held=False, not_held_reason="prisoner_refused").count() == 1


def test_keywork_delivery_counts_prisoners_seen_and_sessions_held(
    leeds: Prison, personas: dict
) -> None:
    keyworker = personas[Role.KEYWORKER]
    cases = [PrisonerFactory(current_prison=leeds) for _ in range(4)]
    for p in cases:
        Allocation.objects.create(prisoner=p, keyworker=keyworker)
    monday = dt.datetime(2026, 11, 23, 9, tzinfo=rules.LONDON)
    log(keyworker, cases[0], kind="keywork", occurred_at=monday)
    log(keyworker, cases[0], kind="keywork", occurred_at=monday + dt.timedelta(hours=3))
    log(keyworker, cases[1], kind="keywork", occurred_at=monday)
    log(
        keyworker,
        cases[2],
        kind="keywork",
        occurred_at=monday,
        held=False,
        not_held_reason="regime",
        summary="",
    )
    weeks = selectors.keywork_delivery(leeds, policy=rules.Policy(), weeks=2, today=NOW.date())
    this_week = weeks[0]
    assert this_week.start == dt.date(2026, 11, 23)
    assert (this_week.prisoners, this_week.seen, this_week.held, this_week.expected) == (4, 2, 3, 4)
    assert this_week.not_held == {"Regime (lockdown, restricted regime)": 1}
    assert this_week.held_rate == 0.75
    assert weeks[1].held == 0


def test_the_sessions_api_lists_and_creates_with_the_same_rules(
    held_case: Prisoner,
    moorland_case: Prisoner,
    personas: dict,
    client_for: Callable[[str], Client],
) -> None:
    log(personas["pom_mdi"], moorland_case)
    log(personas[Role.PRISON_POM], held_case)
    client = client_for(Role.PRISON_POM)
    listed = client.get(reverse("api-session-list")).json()["results"]
    assert [s["prisoner"] for s in listed] == [held_case.prison_number]
    future = client.post(
        reverse("api-session-list"),
        {
            "prisoner": held_case.prison_number,
            "kind": "pom_supervision",
            "occurred_at": "2026-11-25T10:00:00Z",
            "duration_minutes": 30,
        },
        content_type="application/json",
    )
    assert future.status_code == 400 and "occurred_at" in future.json()
    ok = client.post(
        reverse("api-session-list"),
        {
            "prisoner": held_case.prison_number,
            "kind": "pom_supervision",
            "summary": "By API",
            "occurred_at": "2026-11-23T09:00:00Z",
            "duration_minutes": 30,
            "follow_ups": [{"description": "Write to the COM", "due": "2026-11-30"}],
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert Session.objects.get(summary="By API").follow_ups.count() == 1
    other = client.post(
        reverse("api-session-list"),
        {
            "prisoner": moorland_case.prison_number,
            "kind": "pom_supervision",
            "occurred_at": "2026-11-23T09:00:00Z",
            "duration_minutes": 30,
        },
        content_type="application/json",
    )
    assert other.status_code == 404
    timeline = client.get(
        reverse("api-timeline", args=[held_case.prison_number]), {"type": "session"}
    )
    assert [e["detail"] for e in timeline.json()["results"]] == ["Seen.", "By API"]


def test_a_pom_session_held_closes_the_pom_contact_task(
    held_case: Prisoner, personas: dict
) -> None:
    from screening.models import Task
    from screening.services import tasks_sync

    tasks_sync([held_case.pk], now=NOW)
    assert Task.objects.filter(prisoner=held_case, kind="pom_contact", status="open").exists()
    log(personas[Role.PRISON_POM], held_case, held=False, not_held_reason="regime", summary="")
    assert Task.objects.filter(prisoner=held_case, kind="pom_contact", status="open").count() == 1
    log(personas[Role.PRISON_POM], held_case)
    closed = Task.objects.get(
        prisoner=held_case, kind="pom_contact", status__in=["done", "done_late"]
    )
    assert closed.completed_on == NOW.date()
    assert "POM supervision held" in closed.reason


def test_follow_ups_become_tasks_for_whoever_logged_the_session(
    held_case: Prisoner, personas: dict
) -> None:
    from screening.models import Task

    pom = personas[Role.PRISON_POM]
    services.session_log(
        prisoner=held_case,
        acting_user=pom,
        data={
            "kind": "pom_supervision",
            "occurred_at": NOW - dt.timedelta(hours=1),
            "duration_minutes": 30,
            "summary": "Seen.",
        },
        follow_ups=[
            ("Book a GP appointment", dt.date(2026, 11, 30)),
            ("Ask about family visits", dt.date(2026, 12, 7)),
        ],
    )
    tasks = Task.objects.filter(prisoner=held_case, kind="follow_up").order_by("due_on")
    assert [(t.due_on, t.owner, t.status) for t in tasks] == [
        (dt.date(2026, 11, 30), pom, "open"),
        (dt.date(2026, 12, 7), pom, "open"),
    ]
    assert tasks[0].explanation.startswith(
        "Book a GP appointment: agreed in a session (POM supervision)"
    )


def test_the_case_record_includes_tasks_done_referrals_and_handover_decisions(
    held_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    from handover.models import HandoverEvent
    from screening.models import Task
    from screening.services import tasks_sync

    tasks_sync([held_case.pk], now=NOW)
    log(personas[Role.PRISON_POM], held_case)  # closes the POM contact task
    HandoverEvent.objects.create(
        prisoner=held_case,
        at=NOW - dt.timedelta(hours=3),
        actor=personas[Role.HEAD_OF_OMU],
        action=HandoverEvent.Action.OVERRIDE_ADDED,
        summary="Override added.",
        reason="Recalled.",
    )
    assert Task.objects.filter(prisoner=held_case, completed_at__isnull=False).exists()
    events = selectors.case_timeline(held_case, kinds={"task", "handover"})
    kinds = {e.kind for e in events}
    assert kinds == {"task", "handover"}
    assert any(e.title.startswith("POM contact: done") for e in events)
    handover = next(e for e in events if e.kind == "handover")
    assert handover.detail == "Override added. Reason: Recalled."
    page = client_for(Role.PRISON_POM).get(
        reverse("case-record", args=[held_case.prison_number]), {"type": "handover"}
    )
    assert "Override added." in page.content.decode()
