"""The early allocation services: an eligible assessment hands the case over earlier by the
policy's months through the engine; a discretionary one waits for the head of OMU; declining
or withdrawing clears the fact. Each is audited, and refused where it does not fit."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from allocation import jobs, services
from allocation.models import EarlyAllocation, EarlyAllocationWindow
from cases.audit import ChangeSource
from cases.models import Prisoner, PrisonPolicy, Role
from cases.rules import add_months
from cases.selectors import evaluate_prisoner
from cases.services.facts import SentenceFacts, prisoners_merge, sentence_update
from tests.allocation.conftest import TODAY
from tests.factories import store_answers

RELEASE = dt.date(2028, 1, 10)  # the cases' CRD: the window opened on 10 July 2026
OASYS = TODAY - dt.timedelta(days=20)


def handover_on(case: Prisoner) -> dt.date | None:
    return evaluate_prisoner(Prisoner.objects.get(pk=case.pk), today=TODAY).handover.handover_date


def assess(case: Prisoner, user: object, **kwargs: object) -> EarlyAllocation:
    kwargs.setdefault("oasys_risk_assessment_date", OASYS)
    return services.early_allocation_assess(prisoner=case, acting_user=user, today=TODAY, **kwargs)


@pytest.fixture
def pom(personas: dict) -> object:
    return personas[Role.PRISON_POM]


@pytest.fixture
def head(personas: dict) -> object:
    return personas[Role.HEAD_OF_OMU]


def test_an_automatic_criterion_sets_the_fact_and_the_handover_comes_earlier_by_the_policy_months(
    make_case: Callable, pom: object, django_capture_on_commit_callbacks: Callable
) -> None:
    case = make_case()
    before = handover_on(case)
    with django_capture_on_commit_callbacks(execute=True):
        done = assess(case, pom, automatic=["mappa_level_3"])
    assert (done.status, done.outcome) == ("eligible", "eligible")
    assert (done.release_date, done.window_opened_on) == (RELEASE, dt.date(2026, 7, 10))
    case.refresh_from_db()
    assert case.early_allocation is True
    ev = evaluate_prisoner(case, today=TODAY)
    assert ev.handover.reason == "early_allocation"
    assert ev.handover.handover_date == add_months(RELEASE, -15)
    assert before is not None and ev.handover.handover_date < before
    audit = case.history.order_by("-history_date").first()
    assert audit.history_user == pom
    assert "Early allocation assessed" in audit.history_change_reason


def test_the_handover_follows_the_prisons_early_allocation_months(
    make_case: Callable, pom: object, leeds: object
) -> None:
    PrisonPolicy.objects.filter(prison=leeds).update(early_allocation_months=17)
    case = make_case()
    assess(case, pom, automatic=["high_profile"])
    assert handover_on(case) == add_months(RELEASE, -17)


def test_a_discretionary_case_waits_for_the_head_of_omu_then_approval_sets_the_fact(
    make_case: Callable, pom: object, head: object
) -> None:
    case = make_case()
    before = handover_on(case)
    pending = assess(
        case, pom, discretionary=["mappa_level_2"], reason="Managed at MAPPA 2 with a VLO."
    )
    assert pending.status == "pending"
    case.refresh_from_db()
    assert case.early_allocation is False
    assert handover_on(case) == before

    approved = services.early_allocation_decide(
        assessment=pending, acting_user=head, approved=True, note="Agreed with the LDU."
    )
    assert (approved.status, approved.decided_by, approved.decision_note) == (
        "approved",
        head,
        "Agreed with the LDU.",
    )
    case.refresh_from_db()
    assert case.early_allocation is True
    assert handover_on(case) == add_months(RELEASE, -15)
    # Deciding again the same way changes nothing; the other way is a conflict.
    again = services.early_allocation_decide(
        assessment=pending, acting_user=head, approved=True, note="Twice."
    )
    assert again.decision_note == "Agreed with the LDU."
    with pytest.raises(ValidationError) as err:
        services.early_allocation_decide(
            assessment=pending, acting_user=head, approved=False, note="Changed my mind."
        )
    assert err.value.code == "conflict"


def test_declining_leaves_the_fact_clear(make_case: Callable, pom: object, head: object) -> None:
    case = make_case(early_allocation=True)  # set earlier, by a feed
    pending = assess(case, pom, discretionary=["pathfinder"], reason="Pathfinder referral.")
    services.early_allocation_decide(
        assessment=pending, acting_user=head, approved=False, note="Not enough to go early."
    )
    case.refresh_from_db()
    assert case.early_allocation is False
    assert EarlyAllocation.objects.get(pk=pending.pk).status == "declined"


def test_withdrawing_an_eligible_assessment_clears_the_fact_and_the_handover_goes_back(
    make_case: Callable, pom: object, head: object
) -> None:
    case = make_case()
    before = handover_on(case)
    done = assess(case, pom, automatic=["terrorism_act"])
    withdrawn = services.early_allocation_withdraw(
        assessment=done, acting_user=head, reason="Entered in error."
    )
    assert (withdrawn.status, withdrawn.withdrawn_by) == ("withdrawn", head)
    case.refresh_from_db()
    assert case.early_allocation is False
    assert handover_on(case) == before
    # A new assessment may follow a withdrawn one.
    assert assess(case, pom, automatic=["high_profile"]).status == "eligible"


def test_not_eligible_changes_nothing(make_case: Callable, pom: object) -> None:
    case = make_case()
    done = assess(case, pom)
    assert (done.status, done.outcome) == ("not_eligible", "not_eligible")
    case.refresh_from_db()
    assert case.early_allocation is False


def test_a_case_outside_its_window_cannot_be_assessed(make_case: Callable, pom: object) -> None:
    case = make_case(crd=dt.date(2028, 5, 24))  # window opens 24 November 2026, tomorrow
    with pytest.raises(ValidationError) as err:
        assess(case, pom, automatic=["high_profile"])
    assert err.value.code == "conflict"
    assert "opens on 24 November 2026" in err.value.messages[0]
    exactly = make_case(crd=dt.date(2028, 5, 23))  # exactly 18 months: open today
    assert assess(exactly, pom, automatic=["high_profile"]).status == "eligible"


def test_a_live_assessment_must_be_withdrawn_before_another(
    make_case: Callable, pom: object
) -> None:
    case = make_case()
    assess(case, pom, discretionary=["other_reason"], reason="Complex family situation.")
    with pytest.raises(ValidationError) as err:
        assess(case, pom, automatic=["high_profile"])
    assert err.value.code == "conflict"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"discretionary": ["mappa_level_2"]}, "reason"),
        (
            {"oasys_risk_assessment_date": TODAY - dt.timedelta(days=120)},
            "oasys_risk_assessment_date",
        ),
        (
            {"oasys_risk_assessment_date": TODAY + dt.timedelta(days=1)},
            "oasys_risk_assessment_date",
        ),
        ({"automatic": ["cyber_crime"]}, "automatic"),
    ],
)
def test_it_refuses_incomplete_assessments(
    make_case: Callable, pom: object, kwargs: dict, field: str
) -> None:
    case = make_case()
    with pytest.raises(ValidationError) as err:
        assess(case, pom, **kwargs)
    assert field in err.value.message_dict
    assert not EarlyAllocation.objects.exists()


def test_only_a_pom_at_the_prison_assesses_and_only_its_head_of_omu_decides(
    make_case: Callable, personas: dict, pom: object, head: object
) -> None:
    case = make_case()
    for who in (head, personas[Role.CASE_ADMIN], personas["pom_mdi"]):
        with pytest.raises(ValidationError) as err:
            assess(case, who, automatic=["high_profile"])
        assert err.value.code == "forbidden"
    pending = assess(case, pom, discretionary=["mappa_level_2"], reason="MAPPA 2.")
    for who in (pom, personas[Role.CASE_ADMIN], personas[Role.SENIOR_POM]):
        with pytest.raises(ValidationError) as err:
            services.early_allocation_decide(
                assessment=pending, acting_user=who, approved=True, note="Yes."
            )
        assert err.value.code == "forbidden"
    with pytest.raises(ValidationError) as err:
        services.early_allocation_withdraw(
            assessment=pending, acting_user=personas[Role.KEYWORKER], reason="No."
        )
    assert err.value.code == "forbidden"


def test_the_nightly_job_records_cases_entering_the_window_once(
    make_case: Callable, moorland: object
) -> None:
    inside = make_case()
    make_case(crd=dt.date(2028, 5, 24))  # opens tomorrow
    make_case(moorland, crd=dt.date(2027, 12, 1))
    store_answers(TODAY)
    assert jobs.early_allocation_windows_record(today=TODAY) == 2
    assert jobs.early_allocation_windows_record(today=TODAY) == 0
    row = EarlyAllocationWindow.objects.get(prisoner=inside)
    assert (row.opens_on, row.recorded_on, row.release_date) == (
        dt.date(2026, 7, 10),
        TODAY,
        RELEASE,
    )
    tomorrow = TODAY + dt.timedelta(days=1)
    store_answers(tomorrow)
    assert jobs.early_allocation_windows_record(today=tomorrow) == 1


def test_a_new_sentence_clears_a_fact_accepted_on_the_one_before(
    make_case: Callable, pom: object, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    case = make_case()
    assess(case, pom, automatic=["high_profile"])
    case.sentences.update(booking_id="B1")
    new_booking = SentenceFacts(
        sentence_start_date=TODAY,
        booking_id="B2",
        dates={"conditional_release_date": dt.date(2031, 1, 1)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        sentence_update(
            prisoner=case,
            facts=new_booking,
            source=ChangeSource.by(personas[Role.CASE_ADMIN], "New booking"),
        )
    case.refresh_from_db()
    assert case.early_allocation is False
    audit = case.history.order_by("-history_date").first()
    assert "accepted on an earlier sentence" in audit.history_change_reason


def test_a_fact_from_a_national_record_is_left_alone(make_case: Callable) -> None:
    case = make_case(early_allocation=True)
    assert services.early_allocation_facts_reconcile([case.pk]) == 0
    case.refresh_from_db()
    assert case.early_allocation is True


def test_a_merge_moves_the_assessments_and_the_kept_record_follows_its_current_sentence(
    make_case: Callable, pom: object, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    kept = make_case()
    kept.sentences.all().delete()  # the kept record has no sentence: the removed one's is current
    removed = make_case()
    done = assess(removed, pom, automatic=["mappa_level_3"])
    with django_capture_on_commit_callbacks(execute=True):
        prisoners_merge(
            kept=kept,
            removed=removed,
            source=ChangeSource.by(personas[Role.CASE_ADMIN], "Same person"),
            at=timezone.now(),
        )
    assert EarlyAllocation.objects.get(pk=done.pk).prisoner_id == kept.pk
    kept.refresh_from_db()
    assert kept.early_allocation is True
