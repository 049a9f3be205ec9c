"""The audit of a prison: every actor named with their roles there, staff and role changes,
reads logged with their address, per-prison access, filters, sort, a bounded number of
queries, and the same rows through the API."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases import audit, selectors, services
from cases.models import AccessLog, Prison, Prisoner, PrisonPolicy, Role, StaffRole
from tests.factories import (
    AllocationFactory,
    PrisonerFactory,
    SentenceFactory,
    SessionFactory,
    StaffRoleFactory,
    staff,
)

URL = reverse("audit")


def api_url(code: str) -> str:
    return reverse("api-audit", args=[code])


def kinds_shown(response) -> list[str]:  # type: ignore[no-untyped-def]  # a test client response
    return [e.kind for e in response.context["entries"]]


def entries(prison: Prison, **filters: object) -> list[selectors.AuditEntry]:
    rows = list(selectors.audit_rows(prison, selectors.AuditFilters(**filters)))  # type: ignore[arg-type]  # filters by name
    return selectors.audit_entries(prison, rows)


# --- Who is allowed -------------------------------------------------------------------------


def test_the_head_of_omu_reads_their_prisons_audit(client_for: Callable[[str], Client]) -> None:
    response = client_for(Role.HEAD_OF_OMU).get(URL)
    assert response.status_code == 200
    assert b"Audit" in response.content


@pytest.mark.parametrize("role", [r for r in Role if r != Role.HEAD_OF_OMU])
def test_no_other_role_may_read_the_audit(client_for: Callable[[str], Client], role: Role) -> None:
    assert client_for(role).get(URL).status_code == 403
    assert client_for(role).get(api_url("LEI")).status_code == 403


def test_a_head_of_omu_who_is_a_pom_at_another_prison_may_not_read_its_audit(
    personas: dict, moorland: Prison
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    StaffRoleFactory(user=head, prison=moorland, role=Role.PRISON_POM)
    client = Client()
    client.force_login(head)
    session = client.session
    session["active_prison"] = "MDI"
    session.save()
    assert client.get(URL).status_code == 403  # working at Moorland, where they are a POM
    assert client.get(api_url("MDI")).status_code == 403
    assert client.get(api_url("LEI")).status_code == 200
    session["active_prison"] = "LEI"
    session.save()
    assert client.get(URL).status_code == 200


def test_another_prisons_audit_is_not_found_through_the_api(
    client_for: Callable[[str], Client], moorland: Prison
) -> None:
    assert client_for(Role.HEAD_OF_OMU).get(api_url("MDI")).status_code == 404


# --- What it shows --------------------------------------------------------------------------


def test_every_actor_is_named_with_the_roles_they_hold_at_the_prison(
    leeds: Prison, moorland: Prison, personas: dict
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    StaffRoleFactory(user=head, prison=leeds, role=Role.SENIOR_POM)
    StaffRoleFactory(user=head, prison=moorland, role=Role.PRISON_POM)
    labels = audit.actor_labels([(head.pk, leeds.pk), (head.pk, moorland.pk)])
    name = head.get_full_name() or head.username
    assert (
        labels[head.pk, leeds.pk] == f"{name} (Senior POM, Head of OMU)"
        or labels[head.pk, leeds.pk] == f"{name} (Head of OMU, Senior POM)"
    )
    assert labels[head.pk, moorland.pk] == f"{name} (Prison POM)"
    assert audit.actor_label(labels, None, leeds.pk) == "System"
    # A released case is held at no prison: the person is named without a role.
    assert audit.actor_labels([(head.pk, None)]) == {(head.pk, None): name}


def test_role_and_staff_changes_are_in_the_audit(leeds: Prison, personas: dict) -> None:
    newcomer = staff("newcomer", Role.PRISON_POM, leeds)
    role = StaffRole.objects.get(user=newcomer, prison=leeds)
    role.role = Role.SENIOR_POM
    role.save()
    member = newcomer.staff
    member.working_hours = 30
    member.save()
    name = newcomer.get_full_name() or newcomer.username
    found = [e for e in entries(leeds, kind="staff_role") if f"Staff role {role.pk}" in e.what]
    assert [(e.action, e.kind_label) for e in found] == [
        ("Changed", "Staff role"),
        ("Created", "Staff role"),
    ]
    assert "Role: Prison POM → Senior POM" in found[0].what
    assert f"User: {name}" in found[1].what
    changed_hours = entries(leeds, kind="staff")[0]
    assert changed_hours.action == "Changed"
    assert "37.5 → 30" in changed_hours.what


def test_only_the_prisons_own_rows_are_shown(
    leeds_case: Prisoner, moorland_case: Prisoner, leeds: Prison
) -> None:
    numbers = {e.prison_number for e in entries(leeds)} - {""}
    assert numbers == {leeds_case.prison_number}


def test_reading_a_case_page_a_case_record_or_a_list_is_logged_with_the_address(
    client_for: Callable[[str], Client], leeds_case: Prisoner, leeds: Prison
) -> None:
    client = client_for(Role.PRISON_POM)
    number = leeds_case.prison_number
    client.get(reverse("prisoner-detail", args=[number]), REMOTE_ADDR="10.1.2.3")
    client.get(reverse("case-record", args=[number]))
    client.get(reverse("api-prisoner-detail", args=[number]))
    client.get(reverse("api-timeline", args=[number]))
    response = client.get(reverse("prisoner-list") + "?format=csv")
    assert response.status_code == 200
    logged = list(AccessLog.objects.order_by("pk").values_list("kind", "what", "prison_id"))
    assert logged == [
        ("case_page", f"Case page of {number}", leeds.pk),
        ("case_page", f"Case record of {number}", leeds.pk),
        ("case_api", f"Case details of {number} (API)", leeds.pk),
        ("case_api", f"Case record of {number} (API)", leeds.pk),
        ("csv_export", "prisoners-LEI.csv (1 row)", leeds.pk),
    ]
    first = AccessLog.objects.order_by("pk").first()
    assert first is not None
    assert (first.user.username, first.address, first.prisoner) == (
        "prison_pom_lei",
        "10.1.2.3",
        leeds_case,
    )
    shown = entries(leeds, kind="access", oldest_first=True)[0]
    assert (shown.action, shown.address, shown.prison_number) == (
        "Case page opened",
        "10.1.2.3",
        number,
    )
    assert shown.who.endswith("(Prison POM)")


def test_a_refused_read_is_not_logged(
    client_for: Callable[[str], Client], moorland_case: Prisoner
) -> None:
    client = client_for(Role.PRISON_POM)
    assert (
        client.get(reverse("prisoner-detail", args=[moorland_case.prison_number])).status_code
        == 404
    )
    assert not AccessLog.objects.exists()


def test_the_filters_and_sort(
    client_for: Callable[[str], Client], leeds: Prison, personas: dict
) -> None:
    first = PrisonerFactory(current_prison=leeds)
    second = PrisonerFactory(current_prison=leeds)
    SentenceFactory(prisoner=first)
    SentenceFactory(prisoner=second)
    pom = personas[Role.PRISON_POM]
    services.access_record(user=pom, kind="case_page", what="Case page", prisoner=second)
    client = client_for(Role.HEAD_OF_OMU)
    by_case = client.get(URL, {"prison_number": first.prison_number.lower()})
    assert {e.prison_number for e in by_case.context["entries"]} == {first.prison_number}
    by_kind = client.get(URL, {"kind": "sentence"})
    assert set(kinds_shown(by_kind)) == {"sentence"}
    by_user = client.get(URL, {"user": pom.username})
    assert kinds_shown(by_user) == ["access"]
    newest = client.get(URL).context["entries"]
    oldest = client.get(URL, {"sort": "oldest"}).context["entries"]
    assert [e.when for e in newest] == sorted((e.when for e in newest), reverse=True)
    assert [e.when for e in oldest] == sorted(e.when for e in oldest)
    assert client.get(URL, {"prison_number": "nonsense"}).status_code == 200


def _busy_prison(leeds: Prison, personas: dict, cases: int) -> None:
    for n in range(cases):
        prisoner = PrisonerFactory(current_prison=leeds)
        SentenceFactory(prisoner=prisoner)
        AllocationFactory(prisoner=prisoner, primary_pom=personas[Role.PRISON_POM])
        SessionFactory(prisoner=prisoner, staff=personas[Role.KEYWORKER])
        services.access_record(
            user=personas[Role.PRISON_POM], kind="case_page", what=f"Case {n}", prisoner=prisoner
        )
        staff(f"extra{n}", Role.KEYWORKER, leeds)


def test_the_page_reads_a_fixed_number_of_queries_however_long_the_audit(
    client_for: Callable[[str], Client],
    leeds: Prison,
    personas: dict,
    django_assert_max_num_queries: Callable,
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    _busy_prison(leeds, personas, 2)
    with django_assert_max_num_queries(30):
        small = client.get(URL)
    _busy_prison(leeds, personas, 20)
    with django_assert_max_num_queries(30):
        large = client.get(URL)
    assert len(large.context["entries"]) == 25
    assert large.context["page"].paginator.count > small.context["page"].paginator.count


def test_the_api_gives_the_same_rows_paginated_and_refuses_bad_filters(
    client_for: Callable[[str], Client], leeds_case: Prisoner, personas: dict
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    body = client.get(api_url("LEI"), {"kind": "sentence"}).json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert (row["kind"], row["action"], row["prison_number"]) == (
        "sentence",
        "Created",
        leeds_case.prison_number,
    )
    assert client.get(api_url("LEI"), {"kind": "nonsense"}).status_code == 400
    assert client.get(api_url("LEI"), {"prisoner": "A1"}).status_code == 400
    assert client.get(api_url("LEI"), {"sort": "sideways"}).status_code == 400


def test_the_audit_is_in_the_openapi_schema(client_for: Callable[[str], Client]) -> None:
    schema = client_for(Role.HEAD_OF_OMU).get(reverse("api-schema")).content.decode()
    assert "/api/v1/prisons/{code}/audit/" in schema


def test_the_case_history_names_actors_with_their_roles(
    leeds_case: Prisoner, personas: dict
) -> None:
    sentence = leeds_case.sentences.get()
    audit.attribute(sentence, user=personas[Role.CASE_ADMIN], reason="Corrected")
    sentence.description = "Changed"
    sentence.save()
    history = selectors.case_history(leeds_case)
    assert history[0].who.endswith("(Case admin)")


def test_a_change_made_through_a_request_shows_where_it_came_from(
    client_for: Callable[[str], Client], leeds: Prison, personas: dict
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    response = client.patch(
        api_url("LEI").replace("audit", "policy"),
        {"bcs_hours": 48, "reason": "Screen within two days"},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 200
    (entry,) = [e for e in entries(leeds, kind="policy") if "48" in e.what]
    assert (entry.address, entry.reason) == ("192.0.2.44", "Screen within two days")
    assert entry.who.endswith("(Head of OMU)")
    # A change made outside a request (a job, a command, a test) has no address.
    services.prison_policy_update(
        prison=leeds,
        acting_user=None,
        changes={"bcs_hours": 72},
        reason="Back",
        expected_version=PrisonPolicy.objects.get(prison=leeds).version,
    )
    assert entries(leeds, kind="policy")[0].address == ""
