"""The allocation API: same rules and conflicts as the pages, scoped like them."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from allocation import services
from cases.models import Allocation, Role


def test_it_lists_allocations_in_scope_and_a_com_sees_only_their_cases(
    make_case: Callable, poms: dict, personas: dict, moorland: object, client_for: Callable
) -> None:
    mine = make_case()
    other = make_case()
    elsewhere = make_case(moorland)
    Allocation.objects.create(prisoner=mine, primary_pom=poms["prison"], com=personas[Role.COM])
    Allocation.objects.create(prisoner=other, primary_pom=poms["prison2"])
    Allocation.objects.create(prisoner=elsewhere, primary_pom=personas["pom_mdi"])
    url = reverse("api-allocation-list")
    admin = client_for(Role.CASE_ADMIN).get(url).json()
    assert sorted(r["prison_number"] for r in admin["results"]) == sorted(
        [mine.prison_number, other.prison_number]
    )
    com = client_for(Role.COM).get(url).json()
    assert [r["prison_number"] for r in com["results"]] == [mine.prison_number]
    assert com["results"][0]["primary_pom"] == poms["prison"].username
    filtered = client_for(Role.CASE_ADMIN).get(url, {"pom": "pom_two"}).json()
    assert [r["prison_number"] for r in filtered["results"]] == [other.prison_number]


@pytest.mark.parametrize("rows", [3, 20])
def test_the_list_costs_the_same_queries_whatever_its_size(
    rows: int, make_case: Callable, poms: dict, client_for: Callable, django_assert_num_queries
) -> None:
    for _ in range(rows):
        Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison"])
    client = client_for(Role.CASE_ADMIN)
    # session, user, the user's roles, count, one page with people joined
    with django_assert_num_queries(5):
        assert client.get(reverse("api-allocation-list")).json()["count"] == rows


def test_create_allocates_with_the_same_rules_and_conflicts(
    make_case: Callable, poms: dict, client_for: Callable, django_capture_on_commit_callbacks
) -> None:
    case = make_case(tier="A2")  # probation POM case
    client = client_for(Role.CASE_ADMIN)
    url = reverse("api-allocation-list")
    body = {"prison_number": case.prison_number, "pom": poms["prison"].username, "version": 0}
    warned = client.post(url, body, content_type="application/json")
    assert warned.status_code == 400
    assert "override_reason" in warned.json()
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            url,
            {**body, "pom": poms["probation"].username},
            content_type="application/json",
        )
    assert created.status_code == 201, created.json()
    assert created.json()["allocation"]["primary_pom"] == poms["probation"].username
    assert created.json()["allocation"]["version"] == 1
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    unknown = client.post(url, {**body, "pom": "nobody"}, content_type="application/json")
    assert unknown.status_code == 400


def test_a_pom_cannot_allocate_through_the_api(
    make_case: Callable, poms: dict, client_for: Callable
) -> None:
    case = make_case()
    response = client_for(Role.PRISON_POM).post(
        reverse("api-allocation-list"),
        {"prison_number": case.prison_number, "pom": poms["prison"].username},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Allocation.objects.exists()


def test_pom_suggestions_rank_every_pom_with_loads_and_warnings(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable
) -> None:
    case = make_case()
    services.allocation_assign(
        prisoner=make_case(), pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
    )
    body = (
        client_for(Role.HEAD_OF_OMU)
        .get(reverse("api-pom-suggestions", args=[case.prison_number.lower()]))
        .json()
    )
    assert body["required_pom_type"] == "prison"
    assert body["required_pom_type_explanation"].startswith("Prison POM: tier C2")
    assert body["can_allocate"] is True
    top, second = body["suggestions"][:2]
    assert (top["username"], top["suggested"], top["load_before"], top["load_after"]) == (
        "pom_two",
        True,
        0,
        1,
    )
    assert second["caseload"]["cases"] == 1
    others = {s["username"]: s for s in body["suggestions"][2:]}
    assert [w["code"] for w in others[poms["probation"].username]["warnings"]] == ["type_mismatch"]


def test_staff_lists_caseloads_against_capacity(
    make_case: Callable, poms: dict, client_for: Callable
) -> None:
    Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison"])
    Allocation.objects.create(
        prisoner=make_case(), primary_pom=poms["prison2"], secondary_pom=poms["prison"]
    )
    body = client_for(Role.HEAD_OF_OMU).get(reverse("api-staff"), {"prison": "lei"}).json()
    rows = {r["username"]: r for r in body["results"]}
    pom = rows[poms["prison"].username]
    assert pom["caseload"]["cases"] == 1 and pom["caseload"]["coworking"] == 1
    assert (pom["load"], pom["capacity"], pom["capacity_status"]) == (1.5, 42, "under")
    assert rows[poms["senior"].username]["capacity"] == 8
    keyworker = next(r for r in body["results"] if r["roles"] == ["keyworker"])
    assert keyworker["capacity"] is None and keyworker["keyworker_capacity"] == 6


def test_the_schema_documents_the_allocation_endpoints(client_for: Callable) -> None:
    schema = client_for(Role.CASE_ADMIN).get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/allocations/"]
    assert "/api/v1/prisoners/{prison_number}/pom-suggestions/" in paths
    assert "/api/v1/staff/" in paths
    assert "AllocationCreate" in schema["components"]["schemas"]
