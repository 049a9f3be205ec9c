"""`/api/v1/handovers/`: the same selectors and services as the pages."""

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from cases.models import Prison, Role
from cases.selectors import evaluate_prisoner
from handover.models import ChecklistItem, HandoverContact, HandoverEvent
from tests.handover.conftest import TODAY, make_case


def test_the_list_filters_by_list_state_and_prison(
    leeds: Prison, moorland: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    upcoming = make_case(leeds)
    named = make_case(leeds, com_name="A. Probation")
    make_case(leeds, crd=dt.date(2030, 1, 1))
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("api-handover-list")

    def numbers(**params: str) -> list[str]:
        return [row["prison_number"] for row in client.get(url, params).json()["results"]]

    assert numbers(list="upcoming") == sorted([upcoming.prison_number, named.prison_number])
    assert numbers(state="in_progress") == [named.prison_number]
    assert len(numbers(prison="LEI")) == 3
    assert client.get(url, {"prison": "MDI"}).status_code == 404  # not one of theirs
    for bad in ({"list": "soon"}, {"state": "nearly"}):
        response = client.get(url, bad)
        assert response.status_code == 400 and set(bad) <= set(response.json())
    row = client.get(url, {"state": "upcoming"}).json()["results"][0]
    assert row["handover_date"] == "2026-11-26"
    assert "10 August 2027" in row["handover_explanation"]
    assert row["responsibility"]["state"] == "pom_responsible"
    assert row["com"] is None and row["com_contacts"] == 0


def test_the_detail_has_the_checklist_and_the_engines_dates(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, pom=personas[Role.PRISON_POM])
    body = (
        client_for(Role.PRISON_POM)
        .get(reverse("api-handover-detail", args=[case.prison_number]))
        .json()
    )
    ev = evaluate_prisoner(case, today=TODAY)
    assert body["case"]["handover_date"] == ev.handover.handover_date.isoformat()
    assert body["case"]["state"] == "upcoming"
    assert body["case"]["pom"]["username"] == personas[Role.PRISON_POM].username
    codes = {item["code"]: item for item in body["checklist"]}
    assert codes["mappa"]["due"] == "2027-02-10" and codes["mappa"]["owner"] == "com"
    assert codes["com_allocated"]["automatic"] is True
    assert "parole_report" not in codes  # not a parole case
    assert [e["title"] for e in body["timeline"] if e["when"] == "today"] == ["Today"]
    assert [c["responsibility"] for c in body["responsibility_changes"]] == [
        "COM responsible, POM supporting"
    ]


def test_writes_go_through_the_services(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    com_user = personas[Role.COM]
    case = make_case(leeds, com=com_user)
    number = case.prison_number
    com = client_for(Role.COM)
    ok = com.patch(
        reverse("api-handover-item", args=[number, "child_safeguarding"]),
        {"status": "done", "evidence": "Checked with children's services", "version": 0},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["progress"] == "done"
    refused = com.patch(
        reverse("api-handover-item", args=[number, "rotl"]),
        {"status": "done", "version": 0},
        content_type="application/json",
    )
    assert refused.status_code == 403
    contact = com.post(
        reverse("api-handover-contacts", args=[number]),
        {"kind": "com_contact", "contact_date": "2026-11-20", "method": "video"},
        content_type="application/json",
    )
    assert contact.status_code == 201 and contact.json()["prisoner_attended"] is True
    future = com.post(
        reverse("api-handover-contacts", args=[number]),
        {"kind": "com_contact", "contact_date": "2026-11-30", "method": "video"},
        content_type="application/json",
    )
    assert future.status_code == 400 and "contact_date" in future.json()
    note = com.post(
        reverse("api-handover-notes", args=[number]),
        {"text": "Met at the gate"},
        content_type="application/json",
    )
    assert note.status_code == 201 and note.json()["author_role"] == "COM"
    assert ChecklistItem.objects.count() == 1 and HandoverContact.objects.count() == 1
    assert HandoverEvent.objects.filter(prisoner=case).count() == 3


def test_parole_reviews_and_overrides_through_the_api(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, sentence={"parole_eligibility_date": dt.date(2027, 3, 1)})
    number = case.prison_number
    admin = client_for(Role.CASE_ADMIN)
    created = admin.post(
        reverse("api-handover-parole-reviews", args=[number]),
        {"hearing_date": "2026-11-02"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["outcome"] == ""
    review, seen = created.json()["id"], created.json()["version"]
    outcome_url = reverse("api-handover-parole-outcome", args=[number, review])
    outcome = admin.patch(
        outcome_url,
        {"outcome": "not_release", "outcome_received_date": "2026-11-19", "version": seen},
        content_type="application/json",
    )
    assert outcome.status_code == 200 and outcome.json()["outcome"] == "not_release"
    stale = admin.patch(  # entered against the review as it was before that outcome
        outcome_url,
        {"outcome": "release", "outcome_received_date": "2026-11-19", "version": seen},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["changes"][0] == {
        "field": "outcome", "theirs": "Release not directed", "yours": "Release directed"
    }  # fmt: skip
    parole = admin.get(reverse("api-parole-cases")).json()["results"]
    assert [(r["next_date"], r["next_date_kind"]) for r in parole] == [("2027-03-01", "PED")]
    assert parole[0]["latest_review"]["outcome"] == "not_release"

    override_url = reverse("api-handover-override", args=[number])
    assert admin.post(override_url, {"reason": "recalled"}, content_type="application/json").status_code == 403  # fmt: skip
    head = client_for(Role.HEAD_OF_OMU)
    made = head.post(override_url, {"reason": "recalled"}, content_type="application/json")
    assert made.status_code == 201
    assert evaluate_prisoner(case, today=TODAY).responsibility.state == "com_responsible"
    remove_url = reverse("api-handover-override-remove", args=[number])
    assert head.post(remove_url, {}, content_type="application/json").status_code == 400
    removed = head.post(remove_url, {"reason": "Mistake"}, content_type="application/json")
    assert removed.status_code == 200 and removed.json()["removal_reason"] == "Mistake"
    again = head.post(remove_url, {"reason": "Mistake"}, content_type="application/json")
    assert again.status_code == 404


def test_the_schema_documents_the_handover_endpoints(
    db: None, personas: dict, client_for: Callable[[str], Client]
) -> None:
    paths = (
        client_for(Role.PRISON_POM).get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    )
    assert "/api/v1/handovers/" in paths and "/api/v1/parole-cases/" in paths
    assert "/api/v1/handovers/{prison_number}/checklist/{code}/" in paths
    params = {p["name"] for p in paths["/api/v1/handovers/"]["get"]["parameters"]}
    assert {"list", "prison", "state", "pom", "q", "page"} <= params
