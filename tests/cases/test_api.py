import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import Allocation, Prison, Prisoner, Role
from tests.factories import MovementFactory, PrisonerFactory, SentenceFactory, store_answers


def numbers(response: object) -> list[str]:
    return sorted(row["prison_number"] for row in response.json()["results"])


@pytest.fixture
def three_cases(leeds: Prison, personas: dict) -> list[Prisoner]:
    cases = []
    for crd in (dt.date(2027, 1, 1), dt.date(2028, 1, 1), None):
        prisoner = PrisonerFactory(current_prison=leeds)
        SentenceFactory(prisoner=prisoner, conditional_release_date=crd)
        MovementFactory(prisoner=prisoner)
        cases.append(prisoner)
    Allocation.objects.create(prisoner=cases[0], primary_pom=personas[Role.PRISON_POM])
    return cases


def test_it_lists_the_callers_prisoners_with_token_auth(
    three_cases: list[Prisoner], personas: dict
) -> None:
    token = Token.objects.create(user=personas[Role.PRISON_POM])
    store_answers()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("api-prisoner-list"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert numbers(response) == sorted(p.prison_number for p in three_cases)
    first = next(r for r in body["results"] if r["prison_number"] == three_cases[0].prison_number)
    assert first["prison"] == "LEI"
    assert first["display_release_date"] == "2027-01-01"
    assert first["pom"] == personas[Role.PRISON_POM].username


def test_a_wrong_token_is_refused(db: None) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(reverse("api-prisoner-list"))
    # 403, not 401: session auth comes first and sends no WWW-Authenticate challenge.
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token."


def test_it_filters_by_prison_pom_and_release_before(
    three_cases: list[Prisoner],
    moorland_case: Prisoner,
    leeds: Prison,
    moorland: Prison,
    personas: dict,
    client_for: Callable[[str], Client],
) -> None:
    from cases.models import StaffRole

    StaffRole.objects.create(
        user=personas[Role.HEAD_OF_OMU], prison=moorland, role=Role.HEAD_OF_OMU
    )
    store_answers()
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("api-prisoner-list")
    assert numbers(client.get(url)) == sorted(
        [p.prison_number for p in three_cases] + [moorland_case.prison_number]
    )
    assert numbers(client.get(url, {"prison": "mdi"})) == [moorland_case.prison_number]
    pom = personas[Role.PRISON_POM].username
    assert numbers(client.get(url, {"pom": pom})) == [three_cases[0].prison_number]
    assert numbers(client.get(url, {"release_before": "2027-06-01"})) == [
        three_cases[0].prison_number
    ]
    bad = client.get(url, {"release_before": "next week"})
    assert bad.status_code == 400 and "release_before" in bad.json()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_api_list_costs_the_same_queries_whatever_the_rows(
    rows: int,
    leeds: Prison,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    for _ in range(rows):
        prisoner = PrisonerFactory(current_prison=leeds)
        SentenceFactory(prisoner=prisoner)
    client = client_for(Role.PRISON_POM)
    # session, user, the user's roles, count, one page of annotated rows
    with django_assert_num_queries(5):
        response = client.get(reverse("api-prisoner-list"))
    assert response.json()["count"] == rows


def test_the_detail_has_the_sentence(
    leeds_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.PRISON_POM).get(
        reverse("api-prisoner-detail", args=[leeds_case.prison_number])
    )
    assert response.status_code == 200
    body = response.json()
    assert body["prison_number"] == leeds_case.prison_number
    assert body["sentence"]["conditional_release_date"] == "2028-01-10"


def test_the_schema_documents_the_prisoner_endpoints(
    db: None, client_for: Callable[[str], Client], personas: dict
) -> None:
    response = client_for(Role.PRISON_POM).get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/prisoners/" in paths
    params = {p["name"] for p in paths["/api/v1/prisoners/"]["get"]["parameters"]}
    assert {"prison", "pom", "release_before", "page"} <= params
