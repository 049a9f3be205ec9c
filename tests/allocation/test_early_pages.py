"""The early allocation pages and API, role by role and prison by prison: POMs at the case's
prison assess, its head of OMU decides, everyone else is refused; the case page, its record and
the API show the assessment."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.urls import reverse

from allocation import services
from allocation.models import EarlyAllocation
from cases.models import Prisoner, Role
from tests.allocation.conftest import TODAY
from tests.factories import store_answers

OASYS = (TODAY - dt.timedelta(days=10)).isoformat()


def assess_url(case: Prisoner) -> str:
    return reverse("allocation-early-assess", args=[case.prison_number])


def detail_url(a: EarlyAllocation) -> str:
    return reverse("allocation-early-detail", args=[a.prisoner.prison_number, a.pk])


def pending_for(case: Prisoner, personas: dict) -> EarlyAllocation:
    return services.early_allocation_assess(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        oasys_risk_assessment_date=TODAY - dt.timedelta(days=10),
        discretionary=["high_risk_of_serious_harm"],
        reason="High ROSH to the public; the COM knows the family.",
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("who", "code"),
    [
        (Role.PRISON_POM, 200),
        (Role.PROBATION_POM, 200),
        (Role.SENIOR_POM, 200),
        (Role.HEAD_OF_OMU, 403),
        (Role.CASE_ADMIN, 403),
        (Role.KEYWORKER, 403),
        (Role.READ_ONLY, 403),
        (Role.COM, 403),  # not a POM anywhere
        ("pom_mdi", 404),  # a POM at another prison never learns the case exists
    ],
)
def test_only_a_pom_at_the_cases_prison_opens_the_assessment(
    client_for: Callable, make_case: Callable, who: str, code: int
) -> None:
    case = make_case()
    assert client_for(who).get(assess_url(case)).status_code == code


def test_a_pom_assesses_a_case_as_eligible_from_the_page(
    client_for: Callable, make_case: Callable
) -> None:
    case = make_case()
    client = client_for(Role.PRISON_POM)
    page = client.get(assess_url(case))
    assert b"Which of these apply to the prisoner?" in page.content
    response = client.post(
        assess_url(case),
        {"oasys_risk_assessment_date": OASYS, "automatic": ["serious_crime_prevention_order"]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.early_allocation is True
    shown = client.get(reverse("prisoner-detail", args=[case.prison_number]))
    assert b'data-testid="early-allocation-panel"' in shown.content
    assert b"Eligible (automatic)" in shown.content


def test_a_discretionary_assessment_without_reasons_shows_the_error(
    client_for: Callable, make_case: Callable
) -> None:
    case = make_case()
    response = client_for(Role.PRISON_POM).post(
        assess_url(case), {"oasys_risk_assessment_date": OASYS, "discretionary": ["mappa_level_2"]}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter why the COM should take this case early" in response.content
    assert not EarlyAllocation.objects.exists()


def test_a_case_outside_the_window_has_no_form(client_for: Callable, make_case: Callable) -> None:
    case = make_case(crd=dt.date(2029, 6, 1))
    response = client_for(Role.PRISON_POM).get(assess_url(case))
    assert b'data-testid="early-allocation-blocked"' in response.content
    assert b"Save the assessment" not in response.content


@pytest.mark.parametrize(
    ("who", "code"),
    [
        (Role.HEAD_OF_OMU, 302),
        (Role.PRISON_POM, 403),
        (Role.CASE_ADMIN, 403),
        (Role.READ_ONLY, 403),
        ("pom_mdi", 404),
    ],
)
def test_only_the_head_of_omu_decides(
    client_for: Callable, make_case: Callable, personas: dict, who: str, code: int
) -> None:
    case = make_case()
    pending = pending_for(case, personas)
    response = client_for(who).post(
        detail_url(pending), {"decision": "approve", "note": "Agreed with the LDU."}
    )
    assert response.status_code == code
    case.refresh_from_db()
    assert case.early_allocation is (code == 302)


def test_the_head_of_omu_sees_the_decision_form_and_others_do_not(
    client_for: Callable, make_case: Callable, personas: dict
) -> None:
    pending = pending_for(make_case(), personas)
    assert b"Record the decision" in client_for(Role.HEAD_OF_OMU).get(detail_url(pending)).content
    seen = client_for(Role.PRISON_POM).get(detail_url(pending))
    assert seen.status_code == 200
    assert b"Record the decision" not in seen.content
    assert b"Assessed as a high or very high risk of serious harm to the public" in seen.content


def test_withdrawing_from_the_page_clears_the_fact(
    client_for: Callable, make_case: Callable, personas: dict
) -> None:
    case = make_case()
    done = services.early_allocation_assess(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        oasys_risk_assessment_date=TODAY,
        automatic=["high_profile"],
        today=TODAY,
    )
    url = reverse("allocation-early-withdraw", args=[case.prison_number, done.pk])
    assert client_for(Role.CASE_ADMIN).post(url, {"reason": "No."}).status_code == 403
    response = client_for(Role.PRISON_POM).post(url, {"reason": "Entered in error."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.early_allocation is False


@pytest.mark.parametrize(
    ("who", "code"),
    [
        (Role.PRISON_POM, 200),
        (Role.HEAD_OF_OMU, 200),
        (Role.CASE_ADMIN, 403),
        (Role.KEYWORKER, 403),
        (Role.COM, 403),
    ],
)
def test_the_due_list_is_for_poms_and_the_head_of_omu(
    client_for: Callable, who: str, code: int
) -> None:
    assert client_for(who).get(reverse("allocation-early-due")).status_code == code


@pytest.mark.parametrize("rows", [2, 12])
def test_the_due_list_shows_cases_in_their_window_with_no_assessment_in_fixed_queries(
    rows: int,
    client_for: Callable,
    make_case: Callable,
    personas: dict,
    moorland: object,
    django_assert_num_queries: Callable,
) -> None:
    due = [make_case(crd=dt.date(2027, 6, day)) for day in range(1, rows + 1)]
    later = make_case(crd=dt.date(2029, 6, 1))
    elsewhere = make_case(moorland, crd=dt.date(2027, 6, 1))
    assessed = make_case(crd=dt.date(2027, 7, 1))
    pending = pending_for(make_case(crd=dt.date(2027, 8, 1)), personas)
    store_answers(TODAY)
    services.early_allocation_assess(
        prisoner=assessed,
        acting_user=personas[Role.PRISON_POM],
        oasys_risk_assessment_date=TODAY,
        today=TODAY,
    )
    client = client_for(Role.HEAD_OF_OMU)
    client.get(reverse("home"))  # the session's prison and roles, read once
    # session, user, the user's roles with their prisons (3); the stored answers (2); the cases in
    # their window with their POM, their assessments, their window records (3)
    with django_assert_num_queries(8):
        response = client.get(reverse("allocation-early-due"))
    body = response.content.decode()
    for case in due:
        assert f'data-testid="due-{case.prison_number}"' in body
    for case in (later, elsewhere, assessed):
        assert f'data-testid="due-{case.prison_number}"' not in body
    assert f'data-testid="pending-{pending.prisoner.prison_number}"' in body
    assert "Waiting for the head of OMU's decision: 1" in body
    assert 'data-testid="nav-early-allocation"' in body


def test_the_case_record_lists_the_assessment_and_decision(
    client_for: Callable, make_case: Callable, personas: dict
) -> None:
    case = make_case()
    pending = pending_for(case, personas)
    services.early_allocation_decide(
        assessment=pending,
        acting_user=personas[Role.HEAD_OF_OMU],
        approved=False,
        note="The risk is managed in custody.",
    )
    record = client_for(Role.READ_ONLY).get(reverse("case-record", args=[case.prison_number]))
    assert b"Early allocation assessed" in record.content
    assert b"Early allocation declined" in record.content
    assert b"The risk is managed in custody." in record.content
    api = client_for(Role.READ_ONLY).get(reverse("api-timeline", args=[case.prison_number]))
    assert "Early allocation declined" in api.content.decode()


# --- The API -----------------------------------------------------------------------------------


def api_url(case: Prisoner) -> str:
    return reverse("api-early-allocation", args=[case.prison_number])


@pytest.mark.parametrize(
    ("who", "code"),
    [
        (Role.PRISON_POM, 201),
        (Role.SENIOR_POM, 201),
        (Role.HEAD_OF_OMU, 403),
        (Role.CASE_ADMIN, 403),
        (Role.READ_ONLY, 403),
        ("pom_mdi", 404),
    ],
)
def test_the_api_takes_an_assessment_from_a_pom_at_the_prison(
    client_for: Callable, make_case: Callable, who: str, code: int
) -> None:
    case = make_case()
    response = client_for(who).post(
        api_url(case),
        {"oasys_risk_assessment_date": OASYS, "automatic": ["critical_public_protection"]},
        content_type="application/json",
    )
    assert response.status_code == code, response.content
    if code == 201:
        assert response.json()["status"] == "eligible"
        assert response.json()["window_opened_on"] == "2026-07-10"


def test_the_api_shows_the_window_the_fact_and_the_assessments(
    client_for: Callable, make_case: Callable, personas: dict
) -> None:
    case = make_case()
    pending = pending_for(case, personas)
    body = client_for(Role.READ_ONLY).get(api_url(case)).json()
    assert body["early_allocation"] is False
    assert body["window"]["open"] is True
    assert body["window"]["opens_on"] == "2026-07-10"
    assert [a["id"] for a in body["assessments"]] == [pending.pk]
    assert body["assessments"][0]["status"] == "pending"
    assert client_for("pom_mdi").get(api_url(case)).status_code == 404


def test_the_api_decides_and_withdraws(
    client_for: Callable, make_case: Callable, personas: dict
) -> None:
    case = make_case()
    pending = pending_for(case, personas)
    decision = reverse("api-early-allocation-decision", args=[case.prison_number, pending.pk])
    data = {"approved": True, "note": "Agreed."}
    assert client_for(Role.PRISON_POM).post(decision, data).status_code == 403
    response = client_for(Role.HEAD_OF_OMU).post(decision, data, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    case.refresh_from_db()
    assert case.early_allocation is True
    again = client_for(Role.HEAD_OF_OMU).post(
        decision, {"approved": False, "note": "No."}, content_type="application/json"
    )
    assert again.status_code == 409
    withdrawal = reverse("api-early-allocation-withdrawal", args=[case.prison_number, pending.pk])
    assert client_for(Role.CASE_ADMIN).post(withdrawal, {"reason": "x"}).status_code == 403
    response = client_for(Role.PRISON_POM).post(
        withdrawal, {"reason": "Sentence recalculated."}, content_type="application/json"
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.early_allocation is False


def test_the_api_lists_the_assessments_due_at_a_prison(
    client_for: Callable, make_case: Callable, leeds: object
) -> None:
    case = make_case()
    store_answers(TODAY)
    url = reverse("api-early-allocations-due", args=["LEI"])
    body = client_for(Role.PRISON_POM).get(url).json()
    assert [r["prison_number"] for r in body["due"]] == [case.prison_number]
    assert body["due"][0]["status"] == "Not assessed"
    assert client_for(Role.CASE_ADMIN).get(url).status_code == 403
    assert client_for("pom_mdi").get(url).status_code == 404
