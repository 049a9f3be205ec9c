"""No lost updates: an edit made from an old version of a shared record changes nothing and says
what changed meanwhile (a page, or a 409 listing the fields)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from allocation import services as allocation_services
from cases import services
from cases.models import Prison, Prisoner, PrisonPolicy, Role, StaffMember
from cases.versions import StaleEdit
from demo.factories.interventions import ResettlementNeedFactory
from handover import services as handover_services
from handover.models import ChecklistItem
from interventions import services as interventions_services
from screening import rules
from screening import services as screening_services
from screening.models import Bcs

pytestmark = pytest.mark.django_db


def policy_form(prison: Prison) -> dict[str, object]:
    policy = PrisonPolicy.objects.get(prison=prison)
    return {**policy.as_mapping(), "version": policy.version}


def test_a_stale_policy_form_changes_nothing_and_shows_what_changed(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    """Two heads of OMU open the form; A changes the handover months, B (stale) the capacity."""
    url = reverse("prison-policy", args=["LEI"])
    first, second = client_for(Role.HEAD_OF_OMU), client_for(Role.HEAD_OF_OMU)
    opened = policy_form(leeds)
    assert 'name="version"' in first.get(url).content.decode()
    saved = first.post(url, {**opened, "handover_months": 9, "reason": "Earlier handovers"})
    assert saved.status_code == 302
    stale = second.post(url, {**opened, "pom_capacity": 40, "reason": "More staff"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone changed this while you were editing" in page
    assert "Nothing you sent was saved" in page
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert (policy.handover_months, policy.pom_capacity) == (9, opened["pom_capacity"])
    assert policy.version == 1
    # The table: the field, the value saved now, the value sent; the form reloaded at version 1.
    assert "9</td>" in page and f"{opened['handover_months']}</td>" in page
    assert 'name="version" value="1"' in page
    again = second.post(url, {**policy_form(leeds), "pom_capacity": 40, "reason": "More staff"})
    assert again.status_code == 302
    policy.refresh_from_db()
    assert (policy.handover_months, policy.pom_capacity, policy.version) == (9, 40, 2)


def test_the_policy_api_needs_the_version_and_answers_409_with_the_changes(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    url = reverse("api-prison-policy", args=["LEI"])
    head = client_for(Role.HEAD_OF_OMU)
    version = head.get(url).json()["version"]
    missing = head.patch(url, {"pom_capacity": 38, "reason": "x"}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    first = head.patch(
        url,
        {"handover_months": 9, "reason": "Earlier", "version": version},
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = head.patch(
        url,
        {"handover_months": 11, "pom_capacity": 38, "reason": "Later", "version": version},
        content_type="application/json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict"
    assert {"field": "handover_months", "theirs": "9", "yours": "11"} in body["changes"]
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert (policy.handover_months, policy.version) == (9, version + 1)


def test_the_policy_service_refuses_a_stale_or_missing_version(
    leeds: Prison, personas: dict
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    change = {"prison": leeds, "acting_user": head, "reason": "Staffing"}
    services.prison_policy_update(**change, changes={"pom_capacity": 40}, expected_version=0)
    with pytest.raises(StaleEdit) as stale:
        services.prison_policy_update(**change, changes={"pom_capacity": 30}, expected_version=0)
    assert [(c.field, c.theirs, c.yours) for c in stale.value.changes] == [
        ("pom_capacity", "40", "30")
    ]
    with pytest.raises(ValidationError):
        services.prison_policy_update(**change, changes={"pom_capacity": 30}, expected_version=None)
    assert PrisonPolicy.objects.get(prison=leeds).pom_capacity == 40


def test_a_stale_staff_form_changes_nothing(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    pom = personas[Role.PRISON_POM]
    member = StaffMember.objects.get(user=pom)
    url = reverse("allocation-staff-edit", args=[pom.username])
    opened = {
        "grade": member.grade,
        "working_hours": member.working_hours,
        "capacity_override": "",
        "status": member.status,
        "version": member.version,
    }
    admin, head = client_for(Role.CASE_ADMIN), client_for(Role.HEAD_OF_OMU)
    assert admin.post(url, {**opened, "working_hours": "22.5"}).status_code == 302
    stale = head.post(url, {**opened, "is_new_pom": "on", "reason": "Just started"})
    assert stale.status_code == 409
    assert "Someone changed this while you were editing" in stale.content.decode()
    member.refresh_from_db()
    assert (str(member.working_hours), member.is_new_pom, member.version) == ("22.5", False, 1)


def test_the_staff_service_refuses_a_stale_version(leeds: Prison, personas: dict) -> None:
    pom, admin = personas[Role.PRISON_POM], personas[Role.CASE_ADMIN]
    allocation_services.staff_update(
        user=pom, acting_user=admin, changes={"working_hours": 30}, expected_version=0
    )
    with pytest.raises(StaleEdit):
        allocation_services.staff_update(
            user=pom, acting_user=admin, changes={"is_new_pom": True}, expected_version=0
        )
    assert StaffMember.objects.get(user=pom).is_new_pom is False


def test_the_allocation_api_needs_the_version(
    leeds_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.HEAD_OF_OMU).post(
        reverse("api-allocation-list"),
        {"prison_number": leeds_case.prison_number, "pom": "prison_pom_lei"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "version" in response.json()


def _bcs_answers(notes: str) -> rules.BcsAnswers:
    return rules.BcsAnswers(areas={}, self_harm_risk=True, self_harm_notes=notes)


def test_a_stale_bcs_draft_changes_nothing_page_and_api(
    leeds_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    number = leeds_case.prison_number
    screening_services.bcs_save_draft(
        prisoner=leeds_case,
        acting_user=personas[Role.PRISON_POM],
        answers=_bcs_answers("Seen by healthcare"),
        expected_version=0,
    )
    stale_page = client_for(Role.CASE_ADMIN).post(
        reverse("bcs", args=[number]),
        {"self_harm_risk": "no", "self_harm_notes": "", "version": "0", "save": ""},
    )
    assert stale_page.status_code == 409
    assert "Someone changed this while you were editing" in stale_page.content.decode()
    stale_api = client_for(Role.HEAD_OF_OMU).put(
        reverse("api-bcs", args=[number]),
        {"self_harm_risk": False, "version": 0},
        content_type="application/json",
    )
    assert stale_api.status_code == 409
    assert {"field": "self_harm_risk", "theirs": "Yes", "yours": "No"} in stale_api.json()[
        "changes"
    ]
    draft = Bcs.objects.get(prisoner=leeds_case)
    assert (draft.self_harm_risk, draft.self_harm_notes, draft.version) == (
        True,
        "Seen by healthcare",
        1,
    )
    missing = client_for(Role.HEAD_OF_OMU).put(
        reverse("api-bcs", args=[number]),
        {"self_harm_risk": False},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "version" in missing.json()


def test_a_stale_checklist_item_changes_nothing_page_and_api(
    leeds_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    number, code = leeds_case.prison_number, "risk_management_plan"
    handover_services.checklist_item_update(
        prisoner=leeds_case,
        code=code,
        acting_user=personas[Role.PRISON_POM],
        status="done",
        evidence="Plan agreed",
        today=timezone.localdate(),
        expected_version=0,
    )
    head = client_for(Role.HEAD_OF_OMU)
    stale_page = head.post(
        reverse("handover-item", args=[number, code]),
        {"status": "not_needed", "not_needed_reason": "Not needed", "owner": "pom", "version": 0},
    )
    assert stale_page.status_code == 409
    assert "Someone changed this while you were editing" in stale_page.content.decode()
    stale_api = head.patch(
        reverse("api-handover-item", args=[number, code]),
        {"status": "to_do", "version": 0},
        content_type="application/json",
    )
    assert stale_api.status_code == 409
    assert {"field": "status", "theirs": "Done", "yours": "To do"} in stale_api.json()["changes"]
    item = ChecklistItem.objects.get(prisoner=leeds_case, code=code)
    assert (item.status, item.evidence, item.version) == ("done", "Plan agreed", 1)
    fresh = head.patch(
        reverse("api-handover-item", args=[number, code]),
        {"status": "to_do", "version": 1},
        content_type="application/json",
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == 2


def test_a_stale_need_update_changes_nothing_page_and_api(
    leeds_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    need = ResettlementNeedFactory(prisoner=leeds_case, identified_on=dt.date(2026, 1, 5))
    interventions_services.need_update(
        need=need,
        acting_user=personas[Role.PRISON_POM],
        status="met",
        owner="prison",
        note="Bank account opened",
        on=dt.date(2026, 2, 1),
        expected_version=0,
    )
    update = {"on": "2026-02-02", "status": "action_in_progress", "owner": "probation"}
    head = client_for(Role.HEAD_OF_OMU)
    stale_page = head.post(
        reverse("interventions-need-update", args=[need.pk]),
        {**update, "note": "Referred on", "version": 0},
    )
    assert stale_page.status_code == 409
    assert "Someone changed this while you were editing" in stale_page.content.decode()
    stale_api = head.post(
        reverse("api-need-update", args=[need.pk]),
        {**update, "note": "Referred on", "version": 0},
        content_type="application/json",
    )
    assert stale_api.status_code == 409
    assert {"field": "status", "theirs": "Met", "yours": "Action in progress"} in stale_api.json()[
        "changes"
    ]
    need.refresh_from_db()
    assert (need.status, need.owner, need.version) == ("met", "prison", 1)
    assert need.updates.count() == 1
