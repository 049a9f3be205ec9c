"""The REST endpoints that change a case's facts: the same services as the pages, 400 with the
field named for bad input, 409 for a state conflict, 403/404 for those who may not."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Allocation, MergedNumber, Movement, Prison, Prisoner, Role, Sentence
from tests.factories import PrisonerFactory, SentenceFactory, staff

ADMINS = {Role.CASE_ADMIN.value, Role.HEAD_OF_OMU.value}


def counts() -> dict[str, int]:
    return {
        "prisoners": Prisoner.objects.count(),
        "sentences": Sentence.objects.count(),
        "movements": Movement.objects.count(),
        "merged": MergedNumber.objects.count(),
        "history": Prisoner.history.count() + Sentence.history.count(),
    }


def send(client: Client, method: str, url: str, body: dict | None = None) -> object:
    call = getattr(client, method)
    return call(url, body or {}, content_type="application/json")


ARRIVAL = {
    "prison_number": "b1234cd",
    "first_name": "Dan",
    "last_name": "Smith",
    "date_of_birth": "1990-04-12",
    "legal_status": "sentenced",
    "location": "B-3-023",
    "arrived_at": "2026-11-20T14:30:00Z",
    "sentence": {
        "sentence_start_date": "2026-11-19",
        "conditional_release_date": "2029-05-18",
        "sentence_expiry_date": "2031-11-18",
    },
}


def writes(number: str, moorland_code: str = "MDI") -> list[tuple[str, str, dict]]:
    """(method, url, a valid body) for every endpoint that writes."""
    return [
        ("post", reverse("api-arrivals", args=["LEI"]), ARRIVAL),
        (
            "put",
            reverse("api-sentence", args=[number]),
            {"sentence_start_date": "2026-01-10", "conditional_release_date": "2027-12-01"},
        ),
        ("patch", reverse("api-details", args=[number]), {"location": "C-1-001"}),
        ("post", reverse("api-transfer", args=[number]), {"to_prison": moorland_code}),
        ("post", reverse("api-release", args=[number]), {}),
        ("post", reverse("api-merge", args=[number]), {"removed": "A9999ZZ"}),
    ]


@pytest.mark.parametrize("role", sorted(r.value for r in Role if r.value not in ADMINS))
def test_other_roles_are_refused_and_nothing_is_written(
    role: str,
    personas: dict,
    client_for: Callable[[str], Client],
    leeds_case: Prisoner,
    moorland: Prison,
) -> None:
    Allocation.objects.create(prisoner=leeds_case, com=personas[Role.COM])
    client = client_for(role)
    before = counts()
    for method, url, body in writes(leeds_case.prison_number):
        response = send(client, method, url, body)
        assert response.status_code == 403, (role, url, response.status_code)
    merge = reverse("api-merge", args=[leeds_case.prison_number])
    assert client.get(merge, {"removed": "A9999ZZ"}).status_code == 403
    assert counts() == before


def test_a_case_admin_at_another_prison_gets_404_for_leeds_cases(
    leeds_case: Prisoner, moorland: Prison
) -> None:
    client = Client()
    client.force_login(staff("admin_mdi", Role.CASE_ADMIN, moorland))
    before = counts()
    for method, url, body in writes(leeds_case.prison_number):
        response = send(client, method, url, body)
        assert response.status_code == 404, (url, response.status_code)
    assert client.get(reverse("api-sentence", args=[leeds_case.prison_number])).status_code == 404
    assert counts() == before


def test_an_arrival_creates_the_case(client_for: Callable[[str], Client], leeds: Prison) -> None:
    response = send(client_for(Role.CASE_ADMIN), "post", writes("X")[0][1], ARRIVAL)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["prison_number"], body["prison"], body["location"]) == (
        "B1234CD",
        "LEI",
        "B-3-023",
    )
    assert body["sentence"]["conditional_release_date"] == "2029-05-18"
    prisoner = Prisoner.objects.get(prison_number="B1234CD")
    assert prisoner.movements.get().occurred_at == dt.datetime(2026, 11, 20, 14, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"prison_number": "12345"}, "prison_number"),
        ({"date_of_birth": "1990-02-31"}, "date_of_birth"),
        ({"date_of_birth": "9999-12-31"}, "date_of_birth"),
        ({"date_of_birth": "2099-01-01"}, "date_of_birth"),
        ({"legal_status": "DEAD"}, "legal_status"),
        ({"arrived_at": "2099-01-01T00:00:00Z"}, "arrived_at"),
        ({"first_name": ""}, "first_name"),
        (
            {
                "sentence": {
                    "sentence_start_date": "2026-11-19",
                    "sentence_expiry_date": "2020-13-01",
                }
            },
            "sentence",
        ),
        (
            {
                "sentence": {
                    "sentence_start_date": "2026-11-19",
                    "sentence_expiry_date": "2020-01-01",
                }
            },
            "sentence_expiry_date",
        ),
        (
            {
                "sentence": {
                    "sentence_start_date": "2026-11-19",
                    "licence_expiry_date": "2025-01-01",
                }
            },
            "licence_expiry_date",
        ),
    ],
)
def test_a_bad_arrival_is_400_with_the_field_named(
    change: dict, field: str, client_for: Callable[[str], Client], leeds: Prison
) -> None:
    before = counts()
    response = send(client_for(Role.CASE_ADMIN), "post", writes("X")[0][1], ARRIVAL | change)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert counts() == before


def test_arriving_where_they_already_are_is_a_conflict(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    body = ARRIVAL | {"prison_number": leeds_case.prison_number}
    response = send(client_for(Role.CASE_ADMIN), "post", writes("X")[0][1], body)
    assert response.status_code == 409
    assert "already held at HMP Leeds" in response.json()["detail"]
    assert counts() == before


def test_the_sentence_is_read_and_replaced(
    client_for: Callable[[str], Client], leeds_case: Prisoner, personas: dict
) -> None:
    url = reverse("api-sentence", args=[leeds_case.prison_number])
    pom = client_for(Role.PRISON_POM).get(url)
    assert pom.status_code == 200 and pom.json()["sentence"]["sentence_expiry_date"] == "2030-01-10"
    response = send(
        client_for(Role.CASE_ADMIN),
        "put",
        url,
        {
            "sentence_start_date": "2026-01-10",
            "conditional_release_date": "2027-12-01",
            "legal_status": "recalled",
            "reason": "Recalled",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["legal_status"] == "recalled"
    assert body["sentence"]["conditional_release_date"] == "2027-12-01"
    assert body["sentence"]["sentence_expiry_date"] is None  # left out: removed
    latest = leeds_case.sentences.get().history.order_by("-history_id").first()
    assert latest.history_user == personas[Role.CASE_ADMIN]
    assert latest.history_change_reason == "Recalled"


def test_a_sentence_that_breaks_its_rules_is_400_on_its_field(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    response = send(
        client_for(Role.CASE_ADMIN),
        "put",
        reverse("api-sentence", args=[leeds_case.prison_number]),
        {"sentence_start_date": "2026-01-10", "conditional_release_date": "2025-01-01"},
    )
    assert response.status_code == 400
    assert "conditional_release_date" in response.json()
    assert counts() == before


def test_details_change_only_what_is_given(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    url = reverse("api-details", args=[leeds_case.prison_number])
    response = send(client_for(Role.HEAD_OF_OMU), "patch", url, {"location": "C-1-001"})
    assert response.status_code == 200
    assert (response.json()["location"], response.json()["first_name"]) == ("C-1-001", "Tom")
    bad = send(client_for(Role.HEAD_OF_OMU), "patch", url, {"date_of_birth": "2099-01-01"})
    assert bad.status_code == 400 and "date_of_birth" in bad.json()


def test_a_transfer_moves_the_case_and_names_a_bad_prison(
    client_for: Callable[[str], Client], leeds_case: Prisoner, moorland: Prison
) -> None:
    client = client_for(Role.CASE_ADMIN)
    url = reverse("api-transfer", args=[leeds_case.prison_number])
    before = counts()
    unknown = send(client, "post", url, {"to_prison": "XXX"})
    assert unknown.status_code == 400
    assert unknown.json()["to_prison"] == ["There is no prison with the code XXX."]
    same = send(client, "post", url, {"to_prison": "LEI"})
    assert same.status_code == 400 and "to_prison" in same.json()
    assert counts() == before
    moved = send(client, "post", url, {"to_prison": "mdi", "reason": "Court order"})
    assert moved.status_code == 200 and moved.json()["prison"] == "MDI"
    assert leeds_case.movements.get().reason == "Court order"


def test_a_release_and_a_second_release_is_a_conflict(
    client_for: Callable[[str], Client], leeds_case: Prisoner, db: None
) -> None:
    from django.contrib.auth import get_user_model

    url = reverse("api-release", args=[leeds_case.prison_number])
    response = send(client_for(Role.CASE_ADMIN), "post", url, {"reason": "End of sentence"})
    assert response.status_code == 200 and response.json()["prison"] is None
    superuser = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client = Client()
    client.force_login(superuser)
    assert send(client, "post", url, {}).status_code == 409


def test_a_merge_is_previewed_then_made(
    client_for: Callable[[str], Client], leeds_case: Prisoner, leeds: Prison
) -> None:
    duplicate = PrisonerFactory(current_prison=leeds)
    SentenceFactory(prisoner=duplicate, is_current=False)
    client = client_for(Role.CASE_ADMIN)
    url = reverse("api-merge", args=[leeds_case.prison_number])
    before = counts()
    preview = client.get(url, {"removed": duplicate.prison_number})
    assert preview.status_code == 200
    assert {"what": "Sentences", "count": 1} in preview.json()["moves"]
    assert counts() == before
    assert client.get(url).status_code == 400
    assert client.get(url, {"removed": "A9999ZZ"}).json() == {
        "removed": ["There is no prisoner with the number A9999ZZ in your prisons."]
    }
    same = send(client, "post", url, {"removed": leeds_case.prison_number})
    assert same.status_code == 400 and "removed" in same.json()
    merged = send(client, "post", url, {"removed": duplicate.prison_number})
    assert merged.status_code == 200
    assert merged.json()["merged_numbers"] == [duplicate.prison_number]
    assert not Prisoner.objects.filter(pk=duplicate.pk).exists()


def test_the_schema_documents_the_data_in_endpoints(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    schema = client_for(Role.CASE_ADMIN).get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/prisons/{code}/arrivals/"]
    assert {"get", "put"} <= set(paths["/api/v1/prisoners/{prison_number}/sentence/"])
    assert "patch" in paths["/api/v1/prisoners/{prison_number}/details/"]
    assert "post" in paths["/api/v1/prisoners/{prison_number}/transfer/"]
    assert "post" in paths["/api/v1/prisoners/{prison_number}/release/"]
    assert {"get", "post"} <= set(paths["/api/v1/prisoners/{prison_number}/merge/"])
    upload = paths["/api/v1/prisons/{code}/roll-imports/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    assert "get" in paths["/api/v1/roll-imports/"]
    assert "get" in paths["/api/v1/roll-imports/{id}/"]
    assert "post" in paths["/api/v1/roll-imports/{id}/apply/"]
