"""Allocation services: every rule and warning, audit, notification and refusals."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from allocation import services
from allocation.models import AllocationEvent
from cases.models import Allocation, Prison, Prisoner, PrisonPolicy, Role, StaffMember
from omu.celery import app
from tests.allocation.conftest import TODAY, set_staff
from tests.factories import PrisonFactory, staff


def test_it_allocates_the_recommended_pom_audits_it_and_emails_the_pom(
    make_case: Callable, poms: dict, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    with django_capture_on_commit_callbacks(execute=True):
        event = services.allocation_assign(
            prisoner=case,
            pom=poms["prison"],
            acting_user=admin,
            expected_version=0,
            note="Please see him this week.",
            explanation="Ranked 1 of 3: Load: 0 of 42 cases.",
        )
    allocation = Allocation.objects.get(prisoner=case)
    assert allocation.primary_pom == poms["prison"]
    assert allocation.version == 1
    assert allocation.pom_allocated_at is not None
    assert (event.kind, event.role, event.created_by, event.to_user) == (
        "allocated",
        "primary",
        admin,
        poms["prison"],
    )
    assert event.recommended_pom_type == "prison"
    assert event.recommendation.startswith("Prison POM: tier C2")
    assert event.warnings == []
    history = allocation.history.first()
    assert history.history_user == admin
    assert history.history_change_reason == "Ranked 1 of 3: Load: 0 of 42 cases."
    (email,) = mail.outbox
    assert email.to == [poms["prison"].email]
    assert case.prison_number in email.subject
    assert "Please see him this week." in email.body
    assert AllocationEvent.objects.get().notified_at is not None


def test_no_email_is_sent_if_the_transaction_rolls_back(
    make_case: Callable, poms: dict, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        services.allocation_assign(
            prisoner=make_case(), pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
        )
    # The email, and the case's stored answer with every app's follow-up (its tasks, its
    # handover state): queued for after commit, not run inside it.
    assert len(callbacks) == 2
    assert mail.outbox == []


def test_a_type_mismatch_needs_an_override_reason_and_is_remembered(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case(tier="B1")  # a probation POM case
    admin = personas[Role.HEAD_OF_OMU]
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    assert exc.value.message_dict == {
        "override_reason": ["Choose why you are allocating despite the warnings."]
    }
    assert not Allocation.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(
            prisoner=case, pom=poms["prison"], acting_user=admin, override_reason="other"
        )
    assert "override_detail" in exc.value.message_dict
    event = services.allocation_assign(
        prisoner=case,
        pom=poms["prison"],
        acting_user=admin,
        override_reason="none_available",
    )
    assert [w["code"] for w in event.warnings] == ["type_mismatch"]
    assert event.override_reason == "none_available"
    assert Allocation.objects.get().accepted_mismatch_type == "probation"


def test_over_capacity_warns_but_never_blocks(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    set_staff(poms["prison"], capacity_override=1)
    admin = personas[Role.CASE_ADMIN]
    services.allocation_assign(prisoner=make_case(), pom=poms["prison"], acting_user=admin)
    second = make_case()
    with pytest.raises(ValidationError, match="despite the warnings"):
        services.allocation_assign(prisoner=second, pom=poms["prison"], acting_user=admin)
    event = services.allocation_assign(
        prisoner=second,
        pom=poms["prison"],
        acting_user=admin,
        override_reason="not_suitable",
        override_detail="The others are all new POMs.",
    )
    assert [w["code"] for w in event.warnings] == ["over_capacity"]
    assert event.warnings[0]["message"].endswith("2 cases against 1.")


def test_a_pom_on_leave_needs_an_override(make_case: Callable, poms: dict, personas: dict) -> None:
    set_staff(poms["prison"], status="leave", return_date=dt.date(2026, 12, 14))
    with pytest.raises(ValidationError, match="despite the warnings"):
        services.allocation_assign(
            prisoner=make_case(), pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
        )


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"legal_status": Prisoner.LegalStatus.REMAND}, "out_of_scope"),
        ({"date_of_birth": dt.date(2010, 1, 1)}, "out_of_scope"),
        ({"tier": "", "rosh": ""}, "missing_information"),
    ],
)
def test_it_refuses_cases_that_cannot_be_allocated(
    make_case: Callable, poms: dict, personas: dict, fields: dict, code: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(
            prisoner=make_case(**fields), pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
        )
    assert exc.value.code == code
    assert not Allocation.objects.exists()


def test_in_the_womens_estate_complexity_of_need_is_needed_first(
    make_case: Callable, personas: dict
) -> None:
    womens = PrisonFactory(code="NHI", function=Prison.Function.WOMENS)
    pom = staff("pom_nhi", Role.PRISON_POM, womens)
    case = make_case(womens)
    with pytest.raises(ValidationError, match="complexity of need") as exc:
        services.allocation_assign(prisoner=case, pom=pom, acting_user=personas[Role.CASE_ADMIN])
    assert exc.value.code == "missing_information"
    services.prisoner_record_missing_information(
        prisoner=case, acting_user=personas[Role.CASE_ADMIN], tier="C2", rosh="medium",
        complexity_of_need="low", reason="Assessment on arrival",
    )  # fmt: skip
    services.allocation_assign(prisoner=case, pom=pom, acting_user=personas[Role.CASE_ADMIN])
    assert Allocation.objects.get(prisoner=case).primary_pom == pom


def test_only_an_active_pom_at_the_prisoners_prison_can_take_it(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    for person, message in [
        (personas["pom_mdi"], "is not a POM at HMP Leeds"),
        (personas[Role.KEYWORKER], "is not a POM at HMP Leeds"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.allocation_assign(prisoner=case, pom=person, acting_user=admin)
    set_staff(poms["prison"], status=StaffMember.Status.INACTIVE)
    with pytest.raises(ValidationError, match="inactive"):
        services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)


def test_a_stale_version_or_an_allocated_case_is_a_conflict(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(
            prisoner=case, pom=poms["prison2"], acting_user=admin, expected_version=0
        )
    assert exc.value.code == "conflict"
    assert "Someone else changed this case's allocation" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(prisoner=case, pom=poms["prison2"], acting_user=admin)
    assert exc.value.code == "conflict"
    assert Allocation.objects.get().primary_pom == poms["prison"]
    assert AllocationEvent.objects.count() == 1


def test_reallocation_needs_a_reason_and_records_who_from_and_to(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.HEAD_OF_OMU]
    services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    with pytest.raises(ValidationError, match="Say why"):
        services.allocation_reallocate(
            prisoner=case, pom=poms["prison2"], acting_user=admin, reason=" "
        )
    with pytest.raises(ValidationError, match="already holds"):
        services.allocation_reallocate(
            prisoner=case, pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN], reason="x"
        )
    event = services.allocation_reallocate(
        prisoner=case,
        pom=poms["prison2"],
        acting_user=admin,
        reason="POM moving to the resettlement team",
        expected_version=1,
    )
    assert (event.kind, event.from_user, event.to_user) == (
        "reallocated",
        poms["prison"],
        poms["prison2"],
    )
    assert Allocation.objects.get().reason == "POM moving to the resettlement team"


def test_deallocation_returns_the_case_to_the_queue_and_is_idempotent(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.HEAD_OF_OMU]
    services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    event = services.allocation_deallocate(prisoner=case, acting_user=admin, reason="Left")
    assert (event.kind, event.from_user, event.to_user) == ("deallocated", poms["prison"], None)
    allocation = Allocation.objects.get()
    assert allocation.primary_pom is None and allocation.pom_allocated_at is None
    assert services.allocation_deallocate(prisoner=case, acting_user=admin, reason="Again") is None
    assert AllocationEvent.objects.count() == 2


def test_a_co_working_pom_needs_a_pom_first_and_cannot_be_the_same_person(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    with pytest.raises(ValidationError, match="before a co-working POM"):
        services.allocation_assign(
            prisoner=case, pom=poms["prison2"], acting_user=admin, role="secondary"
        )
    services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    with pytest.raises(ValidationError, match="already this case's POM"):
        services.allocation_assign(
            prisoner=case, pom=poms["prison"], acting_user=admin, role="secondary"
        )
    event = services.allocation_assign(
        prisoner=case, pom=poms["prison2"], acting_user=admin, role="secondary"
    )
    assert event.role == "secondary"
    assert Allocation.objects.get().secondary_pom == poms["prison2"]


def test_keyworkers_are_refused_in_open_prisons_and_for_women_of_high_complexity(
    make_case: Callable, personas: dict
) -> None:
    admin = personas[Role.CASE_ADMIN]
    open_prison = PrisonFactory(code="NSI", function=Prison.Function.OPEN)
    womens = PrisonFactory(code="NHI", function=Prison.Function.WOMENS)
    for prison, complexity, message in [
        (open_prison, "", "open prison"),
        (womens, "high", "high complexity"),
    ]:
        keyworker = staff(f"kw_{prison.code}", Role.KEYWORKER, prison)
        case = make_case(prison, complexity_of_need=complexity)
        with pytest.raises(ValidationError, match=message) as exc:
            services.keyworker_allocate(prisoner=case, keyworker=keyworker, acting_user=admin)
        assert exc.value.code == "no_keywork"
    assert not Allocation.objects.exists()


def test_a_keyworker_over_capacity_is_allocated_with_the_warning_recorded(
    make_case: Callable, personas: dict, leeds: Prison
) -> None:
    PrisonPolicy.objects.filter(prison=leeds).update(keyworker_capacity=1)
    keyworker = personas[Role.KEYWORKER]
    admin = personas[Role.CASE_ADMIN]
    services.keyworker_allocate(prisoner=make_case(), keyworker=keyworker, acting_user=admin)
    event = services.keyworker_allocate(
        prisoner=make_case(), keyworker=keyworker, acting_user=admin
    )
    assert event.warnings[0]["message"].endswith("would be over capacity: 2 prisoners against 1.")
    with pytest.raises(ValidationError, match="not a keyworker"):
        services.keyworker_allocate(
            prisoner=make_case(), keyworker=personas[Role.PRISON_POM], acting_user=admin
        )


def test_the_com_is_recorded_with_its_date_and_can_be_removed(
    make_case: Callable, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    with pytest.raises(ValidationError, match="future"):
        services.com_record(
            prisoner=case, acting_user=admin, name="Sam Cole", allocated_on=TODAY.replace(day=24)
        )
    event = services.com_record(
        prisoner=case,
        acting_user=admin,
        com_user=personas[Role.COM],
        name="",
        team="Leeds North",
        pdu="Leeds",
        allocated_on=TODAY,
    )
    allocation = Allocation.objects.get()
    assert allocation.com == personas[Role.COM]
    assert allocation.com_name == personas[Role.COM].get_full_name()
    assert allocation.com_email == personas[Role.COM].email
    assert event.detail.endswith("Leeds North, Leeds; allocated 23 November 2026")
    assert (
        services.com_record(
            prisoner=case,
            acting_user=admin,
            com_user=personas[Role.COM],
            name="",
            team="Leeds North",
            pdu="Leeds",
            allocated_on=TODAY,
        )
        is None
    )  # unchanged: no new event
    services.com_remove(prisoner=case, acting_user=admin, reason="Wrong COM")
    assert not Allocation.objects.get().has_com
    with pytest.raises(ValidationError, match="not a COM"):
        services.com_record(
            prisoner=case, acting_user=admin, com_user=admin, name="x", allocated_on=TODAY
        )


def test_a_com_is_not_recorded_for_a_case_out_of_scope(make_case: Callable, personas: dict) -> None:
    with pytest.raises(ValidationError) as exc:
        services.com_record(
            prisoner=make_case(legal_status=Prisoner.LegalStatus.REMAND),
            acting_user=personas[Role.CASE_ADMIN],
            name="Sam Cole",
            allocated_on=TODAY,
        )
    assert exc.value.code == "out_of_scope"


def test_missing_information_is_saved_with_history_and_checked(
    make_case: Callable, personas: dict
) -> None:
    case = make_case(tier="", rosh="")
    admin = personas[Role.CASE_ADMIN]
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.prisoner_record_missing_information(
            prisoner=case, acting_user=admin, tier="", rosh="", complexity_of_need=""
        )
    with pytest.raises(ValidationError) as exc:
        services.prisoner_record_missing_information(
            prisoner=case, acting_user=admin, tier="E9", rosh="", complexity_of_need=""
        )
    assert "tier" in exc.value.message_dict
    services.prisoner_record_missing_information(
        prisoner=case, acting_user=admin, tier="b2", rosh="", complexity_of_need="", reason="OASys"
    )
    case.refresh_from_db()
    assert case.tier == "B2"
    latest = case.history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin, "OASys")


def test_leave_needs_a_future_return_date_and_ends_on_it(poms: dict, personas: dict) -> None:
    pom = poms["prison"]
    admin = personas[Role.HEAD_OF_OMU]
    with pytest.raises(ValidationError, match="after today"):
        services.staff_update(
            user=pom,
            acting_user=admin,
            changes={"status": "leave", "return_date": TODAY},
            expected_version=0,
        )
    with pytest.raises(ValidationError, match="Enter the date they return"):
        services.staff_update(
            user=pom, acting_user=admin, changes={"status": "leave"}, expected_version=0
        )
    back = TODAY + dt.timedelta(days=7)
    services.staff_update(
        user=pom,
        acting_user=admin,
        changes={"status": "leave", "return_date": back},
        reason="Annual leave",
        expected_version=0,
    )
    member = StaffMember.objects.get(user=pom)
    assert (member.status, member.return_date) == ("leave", back)
    assert member.history.first().history_user == admin
    assert services.staff_return_from_leave(today=back - dt.timedelta(days=1)) == 0
    assert services.staff_return_from_leave(today=back) == 1
    assert services.staff_return_from_leave(today=back) == 0  # safe to run twice
    member.refresh_from_db()
    assert (member.status, member.return_date) == ("active", None)
    assert member.history.first().history_change_reason.startswith("Back from leave")


def test_an_active_pom_coming_off_leave_loses_the_return_date(poms: dict, personas: dict) -> None:
    pom = poms["prison"]
    set_staff(pom, status="leave", return_date=TODAY + dt.timedelta(days=3))
    services.staff_update(
        user=pom,
        acting_user=personas[Role.HEAD_OF_OMU],
        changes={"status": "active"},
        expected_version=StaffMember.objects.get(user=pom).version,
    )
    assert StaffMember.objects.get(user=pom).return_date is None


def test_the_return_from_leave_job_is_scheduled_daily() -> None:
    entry = app.conf.beat_schedule["staff-return-from-leave"]
    assert entry["task"] == "allocation.tasks.staff_return_from_leave"
    assert entry["task"] in app.tasks


def test_a_notification_is_sent_once_however_often_the_task_runs(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    from allocation.tasks import notify_allocation

    event = services.allocation_assign(
        prisoner=make_case(), pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
    )
    assert notify_allocation.delay([event.pk]).get() == 1
    assert notify_allocation.delay([event.pk]).get() == 0
    assert len(mail.outbox) == 1


def test_a_double_submission_changes_nothing_the_second_time(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    first = services.allocation_assign(
        prisoner=case, pom=poms["prison"], acting_user=admin, expected_version=0
    )
    again = services.allocation_assign(
        prisoner=case, pom=poms["prison"], acting_user=admin, expected_version=0
    )
    assert again == first
    assert AllocationEvent.objects.count() == 1
    assert Allocation.objects.get().version == 1
    with pytest.raises(ValidationError) as exc:  # someone else's identical choice is news
        services.allocation_assign(
            prisoner=case,
            pom=poms["prison"],
            acting_user=personas[Role.HEAD_OF_OMU],
            expected_version=0,
        )
    assert exc.value.code == "conflict"
