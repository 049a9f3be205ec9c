"""Basic Custody Screening: drafts, completion on time or late, needs, page and API."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, Role
from interventions.models import ResettlementNeed
from screening import rules, services
from screening.models import Bcs, Task
from tests.screening.conftest import ARRIVED, NOW, Arrive

DUE = ARRIVED + dt.timedelta(hours=72)


def form_data(**overrides: str) -> dict[str, str]:
    data = {f"{area}_need": "no" for area in rules.BCS_AREAS}
    data.update(
        {
            "accommodation_need": "yes",
            "accommodation_notes": "No fixed abode",
            "accommodation_referral": "on",
            "self_harm_risk": "no",
            "cell_sharing_risk": "no",
        }
    )
    draft = Bcs.objects.filter(status=Bcs.Status.DRAFT).first()
    data["version"] = str(draft.version if draft else 0)  # the form is made from the draft
    data.update(overrides)
    return data


def answers() -> rules.BcsAnswers:
    areas = {area: rules.AreaAnswer(need=False) for area in rules.BCS_AREAS}
    areas["accommodation"] = rules.AreaAnswer(True, "No fixed abode", True)
    areas["substance_misuse"] = rules.AreaAnswer(True, "Heroin", False, "drugs")
    return rules.BcsAnswers(areas=areas, self_harm_risk=False, cell_sharing_risk=False)


@pytest.fixture
def arrival(leeds: Prison, arrive: Arrive) -> Prisoner:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    return case


@pytest.mark.parametrize(
    "completed_at, status, on_time",
    [
        (DUE, "done", True),  # exactly 72 hours after arrival
        (DUE + dt.timedelta(seconds=1), "done_late", False),
    ],
)
def test_completing_the_bcs_closes_its_task_on_time_or_late_at_72_hours(
    arrival: Prisoner, personas: dict, completed_at: dt.datetime, status: str, on_time: bool
) -> None:
    pom = personas[Role.PRISON_POM]
    bcs = services.bcs_complete(
        prisoner=arrival, acting_user=pom, answers=answers(), now=completed_at
    )
    task = Task.objects.get(prisoner=arrival, kind="bcs")
    assert (task.status, task.completed_by, task.completed_at) == (status, pom, completed_at)
    assert (bcs.status, bcs.on_time, bcs.task) == ("complete", on_time, task)


def test_needs_the_bcs_finds_become_resettlement_needs_once(
    arrival: Prisoner, personas: dict
) -> None:
    pom = personas[Role.PRISON_POM]
    services.bcs_complete(prisoner=arrival, acting_user=pom, answers=answers(), now=NOW)
    needs = ResettlementNeed.objects.filter(prisoner=arrival).order_by("area")
    assert [(n.area, n.referral_requested, n.source, n.owner) for n in needs] == [
        ("accommodation", True, "bcs", "prison"),
        ("drugs", False, "bcs", "prison"),
    ]
    assert needs[0].history.count() == 1  # audited
    # A later screening (a new arrival) finding the same needs adds nothing new.
    Task.objects.create(
        prisoner=arrival,
        prison=arrival.current_prison,
        kind="bcs",
        due_on=NOW.date(),
        due_at=NOW + dt.timedelta(hours=72),
        basis="x",
        explanation="again",
    )
    services.bcs_complete(prisoner=arrival, acting_user=pom, answers=answers(), now=NOW)
    assert ResettlementNeed.objects.filter(prisoner=arrival).count() == 2


def test_an_incomplete_bcs_is_refused_and_changes_nothing(
    arrival: Prisoner, personas: dict
) -> None:
    partial = rules.BcsAnswers(areas={"accommodation": rules.AreaAnswer(need=True)})
    with pytest.raises(ValidationError) as error:
        services.bcs_complete(
            prisoner=arrival, acting_user=personas[Role.PRISON_POM], answers=partial, now=NOW
        )
    assert {"accommodation_notes", "ete_need", "self_harm_risk"} <= set(error.value.message_dict)
    assert not Bcs.objects.exists()
    assert Task.objects.get(prisoner=arrival, kind="bcs").status == "open"


def test_a_draft_keeps_partial_answers_and_a_repeat_completion_changes_nothing(
    arrival: Prisoner, personas: dict
) -> None:
    pom = personas[Role.PRISON_POM]
    partial = rules.BcsAnswers(areas={"ete": rules.AreaAnswer(need=True, notes="No CV")})
    draft = services.bcs_save_draft(prisoner=arrival, acting_user=pom, answers=partial, now=NOW)
    again = services.bcs_save_draft(prisoner=arrival, acting_user=pom, answers=partial, now=NOW)
    assert draft.pk == again.pk and draft.areas.get().notes == "No CV"
    done = services.bcs_complete(prisoner=arrival, acting_user=pom, answers=answers(), now=NOW)
    assert done.pk == draft.pk
    repeat = services.bcs_complete(prisoner=arrival, acting_user=pom, answers=answers(), now=NOW)
    assert repeat.pk == done.pk and Bcs.objects.count() == 1


def test_the_page_saves_a_draft_then_completes_the_screening(
    arrival: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    url = reverse("bcs", args=[arrival.prison_number])
    page = client.get(url).content.decode()
    assert "Due 24 November 2026, 14:30" in page
    assert "72 hours after arrival" in page
    response = client.post(
        url, {"ete_need": "yes", "ete_notes": "No CV", "save": "", "version": "0"}
    )
    assert response.status_code == 302
    assert Bcs.objects.get().status == "draft"
    page = client.get(url).content.decode()
    assert "No CV" in page  # the draft's answers are back in the form
    response = client.post(url, {**form_data(), "complete": ""}, follow=True)
    assert "Basic Custody Screening completed on time." in response.content.decode()
    assert Bcs.objects.get().status == "complete"
    assert Task.objects.get(prisoner=arrival, kind="bcs").status == "done"


def test_the_page_shows_each_missing_answer_and_saves_nothing(
    arrival: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    url = reverse("bcs", args=[arrival.prison_number])
    response = client.post(url, {**form_data(accommodation_notes=""), "complete": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Describe the need for accommodation." in html
    assert not Bcs.objects.exists()


def test_only_staff_who_record_outcomes_may_post_a_bcs(
    arrival: Prisoner, client_for: Callable[[str], Client]
) -> None:
    url = reverse("bcs", args=[arrival.prison_number])
    keyworker = client_for(Role.KEYWORKER)
    assert keyworker.get(url).status_code == 200
    assert keyworker.post(url, {**form_data(), "complete": ""}).status_code == 403
    assert client_for(Role.CASE_ADMIN).post(url, {**form_data(), "complete": ""}).status_code == 302


def test_the_api_reads_saves_and_completes_the_bcs(
    arrival: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    url = reverse("api-bcs", args=[arrival.prison_number])
    assert client.get(url).status_code == 404
    draft = client.put(
        url,
        {"areas": [{"area": "ete", "need": True, "notes": "No CV"}], "version": 0},
        content_type="application/json",
    )
    assert draft.status_code == 200 and draft.json()["status"] == "draft"
    assert draft.json()["version"] == 1
    complete_url = reverse("api-bcs-complete", args=[arrival.prison_number])
    refused = client.post(complete_url, {}, content_type="application/json")
    assert refused.status_code == 400 and "accommodation_need" in refused.json()
    body = {
        "areas": [{"area": a, "need": a == "ete", "notes": "No CV"} for a in rules.BCS_AREAS],
        "self_harm_risk": False,
        "cell_sharing_risk": False,
        "version": 1,
    }
    done = client.post(complete_url, body, content_type="application/json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["on_time"]) == ("complete", True)
    assert client.get(url).json()["id"] == done.json()["id"]
    bad = client.put(
        url, {"areas": [{"area": "moon"}], "version": 0}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_a_pom_elsewhere_cannot_reach_the_bcs(
    arrival: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for("pom_mdi")
    assert client.get(reverse("bcs", args=[arrival.prison_number])).status_code == 404
    assert client.get(reverse("api-bcs", args=[arrival.prison_number])).status_code == 404
