"""Categorisation and OASys: recording them, their validation, pages and API."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, Role
from screening import services
from screening.models import Categorisation, OasysAssessment, SentencePlanObjective, Task
from tests.factories import PrisonFactory
from tests.screening.conftest import NOW, Arrive


@pytest.fixture
def case(leeds: Prison, arrive: Arrive) -> Prisoner:
    prisoner = arrive(leeds)
    services.tasks_sync([prisoner.pk], now=NOW)
    return prisoner


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"category": "womens_open"}, "category"),  # not a men's category
        ({"decided_on": dt.date(2026, 11, 24)}, "decided_on"),  # tomorrow
        ({"decided_on": dt.date(2026, 11, 20)}, "decided_on"),  # before the documents
        ({"reason": "  "}, "reason"),
    ],
)
def test_a_bad_category_decision_is_refused_and_changes_nothing(
    case: Prisoner, personas: dict, changes: dict, field: str
) -> None:
    admin = personas[Role.CASE_ADMIN]
    services.categorisation_documents_record(
        prisoner=case, acting_user=admin, received_on=dt.date(2026, 11, 21), now=NOW
    )
    values = {"category": "C", "decided_on": dt.date(2026, 11, 23), "reason": "Low risk"}
    with pytest.raises(ValidationError) as error:
        services.categorisation_decide(
            prisoner=case, acting_user=admin, now=NOW, **{**values, **changes}
        )
    assert field in error.value.message_dict
    assert Categorisation.objects.get().decided_on is None
    assert Task.objects.get(prisoner=case, kind="categorisation").status == "open"


def test_a_womens_prison_uses_womens_categories(personas: dict, arrive: Arrive) -> None:
    newhall = PrisonFactory(code="NHI", name="HMP New Hall", function="womens")
    prisoner = arrive(newhall)
    record = services.categorisation_decide(
        prisoner=prisoner,
        acting_user=personas[Role.HEAD_OF_OMU],
        category="womens_closed",
        decided_on=NOW.date(),
        reason="First assessment",
        now=NOW,
    )
    assert record.get_category_display() == "Women's closed"


def test_a_second_decision_is_a_review_and_closes_the_review_task(
    case: Prisoner, personas: dict
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    services.categorisation_decide(
        prisoner=case,
        acting_user=head,
        category="B",
        decided_on=dt.date(2026, 11, 1),
        reason="Violence",
        now=NOW,
    )
    review = Task.objects.get(prisoner=case, kind="recategorisation", status="open")
    later = NOW + dt.timedelta(days=200)
    services.categorisation_decide(
        prisoner=case,
        acting_user=head,
        category="C",
        decided_on=later.date(),
        reason="Progress",
        now=later,
    )
    review.refresh_from_db()
    assert review.status == "done_late"  # due 1 May 2027, decided 11 June 2027
    kinds = list(Categorisation.objects.order_by("decided_on").values_list("kind", flat=True))
    assert kinds == ["initial", "review"]


def test_the_categorisation_page_records_documents_and_a_decision(
    case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.CASE_ADMIN)
    url = reverse("categorisation", args=[case.prison_number])
    response = client.post(url, {"docs-documents_received_date": "2026-11-21", "documents": ""})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "10 working days after the essential documents were received on 21 November 2026" in page
    bad = client.post(url, {"decision-category": "C", "decision-reason": "x", "decision": ""})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    decided = client.post(
        url,
        {
            "decision-category": "C",
            "decision-decided_on": "2026-11-23",
            "decision-reason": "Low escape risk",
            "decision": "",
        },
        follow=True,
    )
    html = decided.content.decode()
    assert "Category decision recorded." in html and "Recategorisation due 23 May 2027" in html


def test_the_oasys_page_records_an_assessment_and_objectives(
    case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    url = reverse("oasys", args=[case.prison_number])
    future = client.post(
        url, {"oasys-kind": "initial", "oasys-completed_on": "2026-12-01", "oasys": ""}
    )
    assert "cannot be in the future" in future.content.decode()
    assert not OasysAssessment.objects.exists()
    client.post(url, {"oasys-kind": "initial", "oasys-completed_on": "2026-11-22", "oasys": ""})
    assert Task.objects.get(prisoner=case, kind="oasys").status == "done"
    client.post(
        url,
        {
            "objective-need_area": "accommodation",
            "objective-description": "Apply for approved premises",
            "objective-target_date": "2027-03-01",
            "objective": "",
        },
    )
    objective = SentencePlanObjective.objects.get()
    assert objective.assessment == OasysAssessment.objects.get()
    status_url = reverse("objective-status", args=[case.prison_number, objective.pk])
    client.post(status_url, {"status": "in_progress"})
    objective.refresh_from_db()
    assert objective.status == "in_progress"
    assert objective.history.count() == 2
    page = client.get(url).content.decode()
    assert "OASys review due 22 November 2027" in page


def test_the_api_records_categorisation_and_oasys(
    case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    number = case.prison_number
    docs = client.post(
        reverse("api-categorisation-documents", args=[number]),
        {"documents_received_date": "2026-11-21"},
        content_type="application/json",
    )
    assert docs.status_code == 200
    decision = client.post(
        reverse("api-categorisations", args=[number]),
        {"category": "D", "decided_on": "2026-11-23", "reason": "Suitable for open"},
        content_type="application/json",
    )
    assert decision.status_code == 201 and decision.json()["category"] == "D"
    assert len(client.get(reverse("api-categorisations", args=[number])).json()) == 1
    oasys = client.post(
        reverse("api-oasys", args=[number]),
        {"kind": "initial", "completed_on": "2026-11-23"},
        content_type="application/json",
    )
    assert oasys.status_code == 201
    objective = client.post(
        reverse("api-objectives", args=[number]),
        {"need_area": "ete", "description": "Level 1 English"},
        content_type="application/json",
    )
    assert objective.status_code == 201
    changed = client.patch(
        reverse("api-objective-status", args=[number, objective.json()["id"]]),
        {"status": "achieved"},
        content_type="application/json",
    )
    assert changed.json()["status"] == "achieved"
    refused = client_for(Role.KEYWORKER).post(
        reverse("api-oasys", args=[number]),
        {"kind": "initial", "completed_on": "2026-11-23"},
        content_type="application/json",
    )
    assert refused.status_code == 403
