"""Hostile input on representative API endpoints and pages: 10,000-character strings, null
bytes, the first and last days of the calendar, negative and huge numbers and unknown enum
values are refused (400 naming the field in the API; the GOV.UK error summary naming the field
on a page), and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, PrisonPolicy, Role, Session
from handover.models import HandoverNote, ParoleReview
from interventions.models import Referral
from screening.models import OasysAssessment
from tests.factories import PrisonerFactory, SentenceFactory

ClientFor = Callable[[str], Client]

LONG = "x" * 10_000
NUL = "before\x00after"
FIRST_DAY = "0001-01-01"
LAST_DAY = "9999-12-31"
HUGE = 10**20
UNKNOWN = "no-such-choice"

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(leeds: Prison) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=leeds)
    SentenceFactory(prisoner=prisoner)
    return prisoner


def refused(response: Any, field: str) -> None:
    """400, and the body names the field."""
    assert response.status_code == 400, (field, response.status_code, response.content[:300])
    body = response.json()
    assert field in body, (field, body)


def api(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


# --- API -----------------------------------------------------------------------------------


SESSION = {
    "kind": "pom_supervision",
    "occurred_at": "2026-11-20T10:00:00Z",
    "duration_minutes": 30,
    "held": True,
    "summary": "Seen.",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", LONG),
        ("objectives_discussed", LONG),
        ("needs_or_risks", LONG),
        ("attendees", LONG),
        ("summary", NUL),
        ("attendees", NUL),
        ("occurred_at", FIRST_DAY + "T10:00:00Z"),
        ("occurred_at", LAST_DAY + "T10:00:00Z"),
        ("duration_minutes", -30),
        ("duration_minutes", HUGE),
        ("kind", UNKNOWN),
        ("place", UNKNOWN),
        ("not_held_reason", UNKNOWN),
    ],
)
def test_logging_a_session(client_for: ClientFor, case: Prisoner, field: str, value: Any) -> None:
    data = {**SESSION, "prisoner": case.prison_number, field: value}
    refused(api(client_for(Role.HEAD_OF_OMU), "post", "/api/v1/sessions/", data), field)
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pom_capacity", -1),
        ("pom_capacity", HUGE),
        ("handover_months", -1),
        ("handover_months", HUGE),
        ("keywork_frequency_weeks", HUGE),
        ("handover_rule", UNKNOWN),
        ("bank_holiday_country", UNKNOWN),
        ("reason", LONG),
        ("reason", NUL),
    ],
)
def test_changing_the_policy(client_for: ClientFor, leeds: Prison, field: str, value: Any) -> None:
    data = {"pom_capacity": 40, "reason": "Staffing", field: value}
    refused(api(client_for(Role.HEAD_OF_OMU), "patch", "/api/v1/prisons/LEI/policy/", data), field)
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.pom_capacity == 42
    assert policy.history.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hearing_date", FIRST_DAY),
        ("hearing_date", LAST_DAY),
        ("outcome_received_date", FIRST_DAY),
        ("notes", LONG),
        ("notes", NUL),
        ("outcome", UNKNOWN),
    ],
)
def test_recording_a_parole_review(
    client_for: ClientFor, case: Prisoner, field: str, value: Any
) -> None:
    url = f"/api/v1/handovers/{case.prison_number}/parole-reviews/"
    data = {"hearing_date": "2026-11-02", field: value}
    refused(api(client_for(Role.HEAD_OF_OMU), "post", url, data), field)
    assert not ParoleReview.objects.exists()


@pytest.mark.parametrize(("value"), [LONG, NUL])
def test_a_handover_note(client_for: ClientFor, case: Prisoner, value: str) -> None:
    url = f"/api/v1/handovers/{case.prison_number}/notes/"
    refused(api(client_for(Role.HEAD_OF_OMU), "post", url, {"text": value}), "text")
    assert not HandoverNote.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("completed_on", FIRST_DAY),
        ("completed_on", LAST_DAY),
        ("sentence_plan_completed_on", FIRST_DAY),
        ("kind", UNKNOWN),
        ("kind", NUL),
    ],
)
def test_recording_an_oasys(client_for: ClientFor, case: Prisoner, field: str, value: Any) -> None:
    url = f"/api/v1/prisoners/{case.prison_number}/oasys/"
    data = {"kind": "initial", "completed_on": "2026-11-01", field: value}
    refused(api(client_for(Role.HEAD_OF_OMU), "post", url, data), field)
    assert not OasysAssessment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("version", -1), ("version", HUGE), ("role", UNKNOWN), ("pom", LONG), ("note", LONG)],
)
def test_allocating(
    client_for: ClientFor, case: Prisoner, personas: dict[str, object], field: str, value: Any
) -> None:
    data = {"prison_number": case.prison_number, "pom": "prison_pom_lei", field: value}
    refused(api(client_for(Role.HEAD_OF_OMU), "post", "/api/v1/allocations/", data), field)
    assert not hasattr(Prisoner.objects.get(pk=case.pk), "allocation")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offering", -1),
        ("offering", HUGE),
        ("need", HUGE),
        ("notes", LONG),
        ("override_reason", LONG),
    ],
)
def test_referring(client_for: ClientFor, case: Prisoner, field: str, value: Any) -> None:
    data = {"prisoner": case.prison_number, "offering": 1, field: value}
    refused(api(client_for(Role.HEAD_OF_OMU), "post", "/api/v1/referrals/", data), field)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("url", "field", "value"),
    [
        ("/api/v1/prisoners/", "legal_status", UNKNOWN),
        ("/api/v1/prisoners/", "release_before", "not-a-date"),
        ("/api/v1/prisoners/", "release_before", NUL),
        ("/api/v1/sessions/", "kind", UNKNOWN),
        ("/api/v1/sessions/", "date_from", "2026-13-45"),
        ("/api/v1/tasks/", "kind", UNKNOWN),
        ("/api/v1/tasks/", "status", UNKNOWN),
        ("/api/v1/handovers/", "state", UNKNOWN),
        ("/api/v1/stats/", "date_from", LONG),
    ],
)
def test_list_filters(
    client_for: ClientFor, leeds: Prison, url: str, field: str, value: str
) -> None:
    refused(client_for(Role.HEAD_OF_OMU).get(url, {field: value}), field)


@pytest.mark.parametrize("page", ["-1", str(HUGE), LONG])
def test_a_page_that_is_not_there(client_for: ClientFor, leeds: Prison, page: str) -> None:
    response = client_for(Role.HEAD_OF_OMU).get("/api/v1/prisoners/", {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


# --- Pages ---------------------------------------------------------------------------------


def error_summary_names(response: Any, field: str) -> None:
    """The page comes back with the GOV.UK error summary linking to the field."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f'href="#id_{field}"' in page, field


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pom_capacity", -1),
        ("pom_capacity", HUGE),
        ("handover_months", "-3"),
        ("handover_rule", UNKNOWN),
        ("reason", LONG),
        ("reason", NUL),
    ],
)
def test_the_policy_page(client_for: ClientFor, leeds: Prison, field: str, value: Any) -> None:
    form = {**PrisonPolicy.objects.get(prison=leeds).as_mapping(), "version": 0}
    data = {**form, "pom_capacity": 40, "reason": "Staffing", field: value}
    response = client_for(Role.HEAD_OF_OMU).post(reverse("prison-policy", args=["LEI"]), data)
    error_summary_names(response, field)
    assert PrisonPolicy.objects.get(prison=leeds).pom_capacity == 42


PAGE_SESSION = {
    "kind": "pom_supervision",
    "date": "2026-11-20",
    "time": "10:30",
    "duration_minutes": 30,
    "held": "yes",
    "summary": "Seen.",
}
# The session page's form (cases/forms.py, another helper's file) sets no length on the summary
# and no earliest date: the API refuses both (cases/serializers.py); the page should too.
PAGE_GAP = pytest.mark.xfail(strict=True, reason="cases/forms.py: no limit on the page yet")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_minutes", -30),
        ("duration_minutes", HUGE),
        ("attendees", LONG),
        ("attendees", NUL),
        ("summary", NUL),
        ("kind", UNKNOWN),
        ("date", LAST_DAY),
        ("date", "not-a-date"),
        pytest.param("summary", LONG, marks=PAGE_GAP),
        pytest.param("date", FIRST_DAY, marks=PAGE_GAP),
    ],
)
def test_the_session_page(client_for: ClientFor, case: Prisoner, field: str, value: Any) -> None:
    url = reverse("session-new", args=[case.prison_number])
    response = client_for(Role.HEAD_OF_OMU).post(url, {**PAGE_SESSION, field: value})
    error_summary_names(response, field)
    assert not Session.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("username", LONG), ("username", NUL)])
def test_the_sign_in_page(db: None, field: str, value: str) -> None:
    response = Client().post(
        reverse("login"), {"username": "someone", "password": "x", field: value}
    )
    error_summary_names(response, field)


def test_the_sign_in_page_survives_long_headers(personas: dict[str, object]) -> None:
    """django-axes keeps the user agent and Accept header of each failure: long ones too."""
    for _ in range(5):
        response = Client().post(
            reverse("login"),
            {"username": "prison_pom_lei", "password": "wrong"},
            HTTP_USER_AGENT=LONG,
            HTTP_ACCEPT=LONG,
        )
    assert response.status_code == 429


@pytest.mark.parametrize("username", [LONG, NUL])
def test_the_admin_sign_in_page(db: None, username: str) -> None:
    """The admin's form checks no length: the failure is still recorded, cut short."""
    response = Client().post("/admin/login/", {"username": username, "password": "x"})
    assert response.status_code == 200
    assert "<title>Error: Log in" in response.content.decode()
