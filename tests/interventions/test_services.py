"""Referral lifecycle, fit checks, places in cohorts, attendance and need updates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.models import Prisoner, Role
from cases.rules.words import day
from interventions import selectors, services
from interventions.models import Attendance, Cohort, NeedUpdate, Referral, ResettlementNeed
from tests.interventions.conftest import CRD, LONG_START, SHORT_START, TODAY, make_case

S = Referral.Status


def refer(case: Prisoner, offering: object, user: object, **kwargs: object) -> Referral:
    return services.referral_create(
        prisoner=case, offering=offering, acting_user=user, today=TODAY, **kwargs
    )


def started(case: Prisoner, offering: object, user: object) -> Referral:
    referral = refer(case, offering, user)
    services.referral_assess(referral=referral, acting_user=user, suitable=True, today=TODAY)
    cohort = offering.cohorts.order_by("start_date").first()
    services.referral_place(referral=referral, acting_user=user, cohort=cohort, today=TODAY)
    return services.referral_start(
        referral=referral, acting_user=user, started_on=TODAY, today=TODAY
    )


def test_a_programme_that_cannot_finish_before_release_is_refused_with_the_dates(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    with pytest.raises(services.ReferralBlocked) as caught:
        refer(case, directory["resolve"], personas[Role.PRISON_POM])
    message = " ".join(caught.value.messages)
    assert "7 December 2026" in message and "5 April 2027" in message and day(CRD) in message
    assert caught.value.assessment.overridable
    assert not Referral.objects.exists()


def test_a_shorter_course_that_finishes_in_time_is_referred_and_its_need_is_in_progress(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    need = ResettlementNeed.objects.create(
        prisoner=case, area=ResettlementNeed.Area.THINKING_BEHAVIOUR, identified_on=TODAY
    )
    referral = refer(case, directory["emotions"], pom, need=need)
    assert referral.status == S.REFERRED and referral.referred_on == TODAY
    assert "Finishes on 20 December 2026" in referral.checks_at_referral
    need.refresh_from_db()
    assert need.status == ResettlementNeed.Status.IN_PROGRESS
    assert NeedUpdate.objects.get(need=need).note == "Referred to Managing emotions."
    latest = referral.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (pom, "Referred")


def test_a_double_submission_returns_the_first_referral(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    first = refer(case, directory["emotions"], personas[Role.PRISON_POM])
    again = refer(case, directory["emotions"], personas[Role.PRISON_POM])
    assert again.pk == first.pk and Referral.objects.count() == 1


def test_only_the_head_of_omu_refers_despite_a_warning_and_the_reason_is_kept(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    with pytest.raises(ValidationError) as caught:
        refer(case, directory["resolve"], personas[Role.PRISON_POM], override_reason="Parole")
    assert caught.value.message_dict["override_reason"]
    assert not Referral.objects.exists()
    head = personas[Role.HEAD_OF_OMU]
    referral = refer(
        case, directory["resolve"], head, override_reason="The parole board asked for it."
    )
    assert referral.override_reason == "The parole board asked for it."
    assert referral.history.latest().history_change_reason == "Referred despite a warning"


def test_no_one_can_refer_to_a_programme_the_prison_does_not_run(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    with pytest.raises(services.ReferralBlocked) as caught:
        refer(case, directory["kaizen_mdi"], personas[Role.HEAD_OF_OMU], override_reason="x")
    assert not caught.value.assessment.overridable
    assert "it runs at MDI" in " ".join(caught.value.messages)


def test_a_prisoner_who_is_not_eligible_is_refused(
    leeds: object, personas: dict, directory: dict
) -> None:
    low = make_case(leeds, rosh=Prisoner.Rosh.LOW, crd=dt.date(2028, 1, 1))
    with pytest.raises(services.ReferralBlocked) as caught:
        refer(low, directory["resolve"], personas[Role.PRISON_POM])
    assert "ROSH low is not one of medium, high" in " ".join(caught.value.messages)


def test_the_parole_hearing_is_the_deadline_when_it_comes_before_release(
    leeds: object, personas: dict, directory: dict
) -> None:
    parole = make_case(
        leeds,
        crd=dt.date(2028, 1, 1),
        sentence={"target_hearing_date": dt.date(2027, 3, 15)},
    )
    with pytest.raises(services.ReferralBlocked) as caught:
        refer(parole, directory["resolve"], personas[Role.PRISON_POM])
    assert "the parole hearing is on 15 March 2027" in " ".join(caught.value.messages)


def test_a_referral_goes_from_referred_to_completed_with_each_step_audited(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    referral = started(case, directory["emotions"], pom)
    assert referral.status == S.STARTED and referral.cohort.start_date == SHORT_START
    done = services.referral_complete(
        referral=referral, acting_user=pom, ended_on=TODAY, outcome="All six sessions.", today=TODAY
    )
    assert done.status == S.COMPLETED and done.outcome == "All six sessions."
    steps = [e.status for e in reversed(selectors.referral_history(done))]
    assert steps == [
        "Referred",
        "Assessed: suitable",
        "Waiting",
        "Started",
        "Completed",
    ]
    assert all(e.who == pom.get_full_name() for e in selectors.referral_history(done))


def test_a_withdrawn_referral_cannot_be_completed_and_nothing_changes(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    referral = refer(case, directory["emotions"], pom)
    services.referral_withdraw(referral=referral, acting_user=pom, reason="Moved", today=TODAY)
    with pytest.raises(ValidationError) as caught:
        services.referral_complete(
            referral=referral, acting_user=pom, ended_on=TODAY, outcome="x", today=TODAY
        )
    assert caught.value.code == "conflict"
    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN and referral.outcome == ""


@pytest.mark.parametrize(
    "status, action",
    [
        (S.REFERRED, "start"),
        (S.IDENTIFIED, "assess_suitable"),
        (S.STARTED, "withdraw"),
        (S.NOT_SUITABLE, "place"),
        (S.COMPLETED, "not_complete"),
    ],
)
def test_illegal_moves_are_conflicts(
    personas: dict, directory: dict, case: Prisoner, status: str, action: str
) -> None:
    referral = Referral.objects.create(prisoner=case, offering=directory["emotions"], status=status)
    calls = {
        "start": lambda: services.referral_start(
            referral=referral, acting_user=personas[Role.PRISON_POM], started_on=TODAY
        ),
        "assess_suitable": lambda: services.referral_assess(
            referral=referral, acting_user=personas[Role.PRISON_POM], suitable=True
        ),
        "withdraw": lambda: services.referral_withdraw(
            referral=referral, acting_user=personas[Role.PRISON_POM], reason="x"
        ),
        "place": lambda: services.referral_place(
            referral=referral, acting_user=personas[Role.PRISON_POM], cohort=None
        ),
        "not_complete": lambda: services.referral_not_complete(
            referral=referral, acting_user=personas[Role.PRISON_POM], ended_on=TODAY,
            reason="released",
        ),
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        calls[action]()
    assert caught.value.code == "conflict"
    referral.refresh_from_db()
    assert referral.status == status


def test_repeating_a_move_is_harmless(personas: dict, directory: dict, case: Prisoner) -> None:
    pom = personas[Role.PRISON_POM]
    referral = refer(case, directory["emotions"], pom)
    services.referral_withdraw(referral=referral, acting_user=pom, reason="First", today=TODAY)
    again = services.referral_withdraw(
        referral=referral, acting_user=pom, reason="Second", today=TODAY
    )
    assert again.end_detail == "First"
    assert referral.history.count() == 2  # created, withdrawn: the repeat wrote nothing


def test_not_suitable_needs_a_reason(personas: dict, directory: dict, case: Prisoner) -> None:
    referral = refer(case, directory["emotions"], personas[Role.PRISON_POM])
    with pytest.raises(ValidationError) as caught:
        services.referral_assess(
            referral=referral, acting_user=personas[Role.PRISON_POM], suitable=False, reason=" "
        )
    assert "reason" in caught.value.message_dict
    referral.refresh_from_db()
    assert referral.status == S.REFERRED


def test_a_full_cohort_takes_nobody_else_until_a_place_is_freed(
    leeds: object, personas: dict, directory: dict
) -> None:
    pom = personas[Role.PRISON_POM]
    offering = directory["emotions"]  # one cohort of 2 places
    cohort = offering.cohorts.get()
    referrals = []
    for _ in range(3):
        referral = refer(make_case(leeds), offering, pom)
        services.referral_assess(referral=referral, acting_user=pom, suitable=True)
        referrals.append(referral)
    for referral in referrals[:2]:
        services.referral_place(referral=referral, acting_user=pom, cohort=cohort, today=TODAY)
    assert selectors.with_places_left(Cohort.objects.filter(pk=cohort.pk)).get().places_left == 0
    with pytest.raises(ValidationError) as caught:
        services.referral_place(referral=referrals[2], acting_user=pom, cohort=cohort, today=TODAY)
    assert caught.value.error_dict["cohort"][0].code == "full"
    services.referral_withdraw(referral=referrals[0], acting_user=pom, reason="Released early")
    services.referral_place(referral=referrals[2], acting_user=pom, cohort=cohort, today=TODAY)
    assert selectors.with_places_left(Cohort.objects.filter(pk=cohort.pk)).get().places_left == 0


def test_placing_in_a_cohort_that_ends_after_release_is_stopped(
    personas: dict, directory: dict, leeds: object
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    late = make_case(leeds, crd=dt.date(2027, 6, 1))  # Resolve from 2026-12-07 ends 2027-04-05
    referral = refer(late, directory["resolve"], head)
    services.referral_assess(referral=referral, acting_user=head, suitable=True)
    second = directory["resolve"].cohorts.get(start_date=dt.date(2027, 3, 1))
    with pytest.raises(services.ReferralBlocked) as caught:
        services.referral_place(referral=referral, acting_user=head, cohort=second, today=TODAY)
    assert "28 June 2027" in " ".join(caught.value.messages)
    first = directory["resolve"].cohorts.get(start_date=LONG_START)
    placed = services.referral_place(referral=referral, acting_user=head, cohort=first)
    assert placed.cohort == first and placed.status == S.WAITING


def test_a_workbook_starts_on_request_and_needs_no_cohort(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    referral = refer(case, directory["workbook"], pom)
    assert "Starts when handed over: 23 November 2026" in referral.checks_at_referral
    services.referral_assess(referral=referral, acting_user=pom, suitable=True)
    placed = services.referral_place(referral=referral, acting_user=pom, cohort=None, today=TODAY)
    assert placed.status == S.WAITING and placed.cohort is None


def test_attendance_is_recorded_once_per_session_and_can_be_corrected(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    referral = refer(case, directory["emotions"], pom)
    with pytest.raises(ValidationError):
        services.attendance_record(
            referral=referral, acting_user=pom, session_number=1, session_date=TODAY,
            status=Attendance.Status.ATTENDED,
        )  # fmt: skip
    referral = started(make_case(case.current_prison), directory["emotions"], pom)
    for status in (Attendance.Status.ABSENT, Attendance.Status.ACCEPTABLE_ABSENCE):
        services.attendance_record(
            referral=referral, acting_user=pom, session_number=1, session_date=TODAY,
            status=status, today=TODAY,
        )  # fmt: skip
    assert list(referral.attendance.values_list("status", flat=True)) == ["absent_acceptable"]
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(
            referral=referral, acting_user=pom, session_number=7, session_date=TODAY,
            status=Attendance.Status.ATTENDED, today=TODAY,
        )  # fmt: skip
    assert "from 1 to 6" in str(caught.value)


def test_a_need_update_is_dated_and_changes_status_and_owner_with_history(
    personas: dict, case: Prisoner
) -> None:
    com = personas[Role.PRISON_POM]
    need = services.need_create(
        prisoner=case, acting_user=com, area="accommodation", owner="prison", today=TODAY
    )
    update = services.need_update(
        need=need, acting_user=com, status="met", owner="probation",
        note="Approved premises place confirmed.", on=TODAY, today=TODAY,
    )  # fmt: skip
    need.refresh_from_db()
    assert (need.status, need.owner) == ("met", "probation")
    assert update.on == TODAY and update.created_by == com
    assert need.history.latest().history_change_reason == "Approved premises place confirmed."
    again = services.need_update(
        need=need, acting_user=com, status="met", owner="probation",
        note="Approved premises place confirmed.", on=TODAY, today=TODAY,
    )  # fmt: skip
    assert again.pk == update.pk and need.updates.count() == 1


def test_a_need_update_cannot_be_dated_in_the_future_or_reopen_a_second_open_need(
    personas: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    old = services.need_create(prisoner=case, acting_user=pom, area="drugs", owner="prison")
    services.need_update(need=old, acting_user=pom, status="met", owner="prison", note="Done",
                         on=TODAY)  # fmt: skip
    services.need_create(prisoner=case, acting_user=pom, area="drugs", owner="prison")
    with pytest.raises(ValidationError) as caught:
        services.need_update(need=old, acting_user=pom, status="identified", owner="prison",
                             note="Relapse", on=TODAY)  # fmt: skip
    assert caught.value.code == "conflict"
    with pytest.raises(ValidationError) as caught:
        services.need_update(need=old, acting_user=pom, status="met", owner="prison",
                             note="Later", on=TODAY + dt.timedelta(days=1))  # fmt: skip
    assert "on" in caught.value.message_dict
    old.refresh_from_db()
    assert old.status == "met" and old.updates.count() == 1


def test_adding_a_need_already_open_returns_the_open_one(personas: dict, case: Prisoner) -> None:
    pom = personas[Role.PRISON_POM]
    first = services.need_create(prisoner=case, acting_user=pom, area="ete", owner="prison")
    again = services.need_create(prisoner=case, acting_user=pom, area="ete", owner="probation")
    assert again.pk == first.pk and ResettlementNeed.objects.count() == 1


def test_a_cohort_cannot_shrink_below_the_places_taken(
    personas: dict, directory: dict, case: Prisoner
) -> None:
    pom = personas[Role.PRISON_POM]
    started(case, directory["emotions"], pom)
    cohort = directory["emotions"].cohorts.get()
    with pytest.raises(ValidationError) as caught:
        services.cohort_save(
            offering=directory["emotions"], cohort=cohort, acting_user=pom,
            start_date=cohort.start_date, capacity=0,
        )  # fmt: skip
    assert "capacity" in caught.value.message_dict
