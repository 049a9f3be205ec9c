"""The roll import endpoints: a dry run by default, applied on request when the file is valid,
the caller's imports listed and read, a checked import applied once."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.models import Movement, Prison, Prisoner, Role, RollImport, Sentence
from cases.roll import services
from tests.cases.roll_files import csv_bytes, row
from tests.factories import PrisonerFactory, SentenceFactory, staff

ADMINS = {Role.CASE_ADMIN.value, Role.HEAD_OF_OMU.value}


def facts() -> dict[str, int]:
    return {
        "prisoners": Prisoner.objects.count(),
        "sentences": Sentence.objects.count(),
        "movements": Movement.objects.count(),
        "history": Prisoner.history.count() + Sentence.history.count(),
    }


def upload_url(code: str = "LEI") -> str:
    return reverse("api-roll-import-create", args=[code])


def send(client: Client, content: bytes | None, name: str = "roll.csv", **fields: str) -> object:
    data: dict[str, object] = dict(fields)
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(upload_url(), data)


@pytest.fixture
def held(leeds: Prison) -> Prisoner:
    prisoner = PrisonerFactory(
        current_prison=leeds,
        prison_number="A0001AA",
        first_name="Dan",
        last_name="Smith A0001AA",
        date_of_birth=dt.date(1990, 4, 12),
        location="B-3-023",
    )
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=dt.date(2026, 11, 19),
        conditional_release_date=dt.date(2029, 5, 18),
        sentence_expiry_date=dt.date(2031, 11, 18),
        description="",
    )
    return prisoner


def test_a_dry_run_returns_the_check_and_writes_nothing(
    client_for: Callable[[str], Client], held: Prisoner
) -> None:
    before = facts()
    content = csv_bytes([row("A0001AA", conditionalReleaseDate="2029-06-01"), row("B0001BB")])
    response = send(client_for(Role.CASE_ADMIN), content)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "previewed"
    assert body["counts"] == {
        "rows": 2,
        "new": 1,
        "changed": 1,
        "unchanged": 0,
        "leaving": 0,
        "errors": 0,
    }
    (changed,) = body["summary"]["changed_rows"]
    assert changed["changes"] == [
        {"column": "conditionalReleaseDate", "old": "2029-05-18", "new": "2029-06-01"}
    ]
    assert body["errors"] == []
    assert facts() == before


def test_apply_true_applies_a_valid_file(
    client_for: Callable[[str], Client],
    held: Prisoner,
    personas: dict,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client_for(Role.HEAD_OF_OMU), csv_bytes([row("B0001BB")]), apply="true")
    assert response.status_code == 201
    body = response.json()
    # Applied in the background once the upload is committed (here, in-process).
    assert body["status"] == "applying"
    assert body["applied_by"] == personas[Role.HEAD_OF_OMU].get_full_name()
    detail = client_for(Role.CASE_ADMIN).get(reverse("api-roll-import-detail", args=[body["id"]]))
    assert detail.json()["status"] == "applied"
    assert Prisoner.objects.get(prison_number="B0001BB").current_prison == held.current_prison


def test_apply_true_with_errors_is_400_and_applies_nothing(
    client_for: Callable[[str], Client], held: Prisoner
) -> None:
    before = facts()
    content = csv_bytes([row("B0001BB"), row("B0002BB", legalStatus="DEAD")])
    response = send(client_for(Role.CASE_ADMIN), content, apply="true")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid"
    assert body["errors"][0]["row"] == 2 and body["errors"][0]["column"] == "legalStatus"
    assert facts() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "", "No file was submitted."),
        (b"prisonerNumber\n", "roll.txt", "The selected file must be a CSV or XLSX"),
        (b"", "roll.csv", "The submitted file is empty."),
        (b"x" * 2_000, "roll.csv", "The selected file must be smaller than 0 MB"),
    ],
)
def test_a_bad_upload_is_400_on_the_file_field(
    content: bytes | None,
    name: str,
    message: str,
    client_for: Callable[[str], Client],
    leeds: Prison,
    settings: object,
) -> None:
    settings.ROLL_IMPORT_MAX_BYTES = 1_000  # type: ignore[attr-defined]  # pytest-django's settings fixture
    response = send(client_for(Role.CASE_ADMIN), content, name)
    assert response.status_code == 400
    assert response.json()["file"] == [message]
    assert not RollImport.objects.exists()


def test_missing_columns_are_a_whole_file_error(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    content = csv_bytes([row("B0001BB")], columns=("prisonerNumber", "firstName", "lastName"))
    body = send(client_for(Role.CASE_ADMIN), content).json()
    assert body["status"] == "invalid"
    (error,) = body["errors"]
    assert error["row"] == 0 and "has no dateOfBirth, legalStatus columns" in error["message"]


@pytest.mark.parametrize("role", sorted(r.value for r in Role if r.value not in ADMINS))
def test_other_roles_cannot_upload_list_or_apply(
    role: str, client_for: Callable[[str], Client], leeds: Prison
) -> None:
    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="r.csv",
        content=csv_bytes([row("B0001BB")]),
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    client = client_for(role)
    assert send(client, csv_bytes([row("B0002BB")])).status_code == 403
    assert client.get(reverse("api-roll-import-list")).status_code == 403
    detail = reverse("api-roll-import-detail", args=[roll_import.pk])
    assert client.get(detail).status_code == 403
    apply = reverse("api-roll-import-apply", args=[roll_import.pk])
    assert client.post(apply).status_code == 403
    assert RollImport.objects.count() == 1


def test_the_list_shows_only_the_callers_prisons_and_filters_by_prison(
    client_for: Callable[[str], Client], leeds: Prison, moorland: Prison, personas: dict
) -> None:
    for prison in (leeds, moorland):
        services.roll_import_create(
            prison=prison,
            file_name=f"{prison.code}.csv",
            content=csv_bytes([row("B0001BB")]),
            full_roll=False,
            acting_user=personas[Role.CASE_ADMIN],
            queue=False,
        )
    client = client_for(Role.CASE_ADMIN)
    body = client.get(reverse("api-roll-import-list")).json()
    assert [r["file_name"] for r in body["results"]] == ["LEI.csv"]
    assert body["results"][0]["status"] == "checking"
    assert body["results"][0]["counts"]["new"] is None
    assert client.get(reverse("api-roll-import-list"), {"prison": "mdi"}).json()["count"] == 0
    elsewhere = Client()
    elsewhere.force_login(staff("admin_mdi", Role.CASE_ADMIN, moorland))
    lei = RollImport.objects.get(prison=leeds)
    assert elsewhere.get(reverse("api-roll-import-detail", args=[lei.pk])).status_code == 404
    assert elsewhere.post(reverse("api-roll-import-apply", args=[lei.pk])).status_code == 404


def test_the_list_costs_the_same_queries_whatever_its_length(
    client_for: Callable[[str], Client],
    leeds: Prison,
    personas: dict,
    django_assert_max_num_queries: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)

    def add(n: int) -> None:
        for _ in range(n):
            services.roll_import_create(
                prison=leeds,
                file_name="r.csv",
                content=csv_bytes([row("B0001BB")]),
                full_roll=False,
                acting_user=personas[Role.CASE_ADMIN],
                queue=False,
            )

    add(2)
    # Session, user, roles, the count and the page (prison and people read with each row).
    with django_assert_max_num_queries(6):
        assert client.get(reverse("api-roll-import-list")).json()["count"] == 2
    add(10)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("api-roll-import-list")).json()["count"] == 12


def test_a_checked_import_is_applied_once(
    client_for: Callable[[str], Client],
    held: Prisoner,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)
    created = send(client, csv_bytes([row("B0001BB")])).json()
    detail = client.get(reverse("api-roll-import-detail", args=[created["id"]])).json()
    assert detail["status"] == "previewed" and detail["progress"] == 100
    apply = reverse("api-roll-import-apply", args=[created["id"]])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(apply)
    assert first.status_code == 200 and first.json()["status"] == "applying"
    assert client.get(reverse("api-roll-import-detail", args=[created["id"]])).json()["status"] == (
        "applied"
    )
    counts = facts()
    again = client.post(apply)
    assert again.status_code == 409
    assert "cannot be applied" in again.json()["detail"]
    assert facts() == counts
