"""The pages that change personal details, record a transfer or a release, and merge two
records: each through its data-in service, with its errors in the user's words and nothing
written on bad input."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Allocation, Movement, Prison, Prisoner, Role
from tests.cases.fact_forms import counts, day
from tests.factories import PrisonerFactory, SentenceFactory

# --- Details ----------------------------------------------------------------------------------


def test_personal_details_and_location_are_saved(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    response = client_for(Role.HEAD_OF_OMU).post(
        reverse("details-edit", args=[leeds_case.prison_number]),
        {
            "first_name": "Thomas",
            "last_name": "Archer",
            "location": "C-2-001",
            "category": "c",
            "reason": "Moved wing",
            **day("date_of_birth", dt.date(1990, 5, 17)),
        },
        follow=True,
    )
    assert "Personal details saved." in response.content.decode()
    leeds_case.refresh_from_db()
    assert (leeds_case.first_name, leeds_case.location, leeds_case.category) == (
        "Thomas",
        "C-2-001",
        "C",
    )


def test_bad_details_are_refused_and_nothing_is_written(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    response = client_for(Role.CASE_ADMIN).post(
        reverse("details-edit", args=[leeds_case.prison_number]),
        {"first_name": "", "last_name": "Archer", "category": "TOOLONG", "reason": "x"}
        | day("date_of_birth", dt.date(2099, 1, 1)),
    )
    html = response.content.decode()
    assert "Enter the first name" in html
    assert "The date of birth must be in the past" in html
    assert "The security category must be 5 characters or fewer" in html
    assert counts() == before


# --- Transfer and release -----------------------------------------------------------------------


def test_a_transfer_moves_the_case_and_ends_its_allocations(
    client_for: Callable[[str], Client], leeds_case: Prisoner, moorland: Prison, personas: dict
) -> None:
    Allocation.objects.create(prisoner=leeds_case, primary_pom=personas[Role.PRISON_POM])
    url = reverse("prisoner-transfer", args=[leeds_case.prison_number])
    client = client_for(Role.CASE_ADMIN)
    page = client.get(url).content.decode()
    assert "HMP Moorland" in page
    assert f'<option value="{leeds_case.current_prison_id}"' not in page
    response = client.post(
        url,
        {"to_prison": moorland.pk, "time": "09:15", "reason": "Court order"}
        | day("date", dt.date(2026, 11, 30)),
        follow=True,
    )
    assert "has been transferred to HMP Moorland" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("prisoner-list")  # no longer theirs to see
    leeds_case.refresh_from_db()
    assert leeds_case.current_prison == moorland
    movement = leeds_case.movements.get()
    assert (movement.kind, movement.reason) == (Movement.Kind.TRANSFER, "Court order")


def test_a_transfer_to_the_same_prison_or_in_the_future_is_refused(
    client_for: Callable[[str], Client], leeds_case: Prisoner, moorland: Prison
) -> None:
    before = counts()
    url = reverse("prisoner-transfer", args=[leeds_case.prison_number])
    client = client_for(Role.CASE_ADMIN)
    html = client.post(
        url, {"to_prison": leeds_case.current_prison_id, "time": "09:15"} | day("date", None)
    ).content.decode()
    assert "Choose one of the prisons in the list" in html
    assert "Enter the date of the transfer" in html
    html = client.post(
        url, {"to_prison": moorland.pk, "time": "09:15"} | day("date", dt.date(2099, 1, 1))
    ).content.decode()
    assert "The date of the transfer must be today or in the past" in html
    assert counts() == before


def test_a_release_ends_the_custodial_episode(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    response = client_for(Role.CASE_ADMIN).post(
        reverse("prisoner-release", args=[leeds_case.prison_number]),
        {"time": "10:00", "reason": "Conditional release"} | day("date", dt.date(2026, 12, 1)),
        follow=True,
    )
    assert "has been released" in response.content.decode()
    leeds_case.refresh_from_db()
    assert leeds_case.current_prison is None
    release = leeds_case.movements.get()
    assert (release.kind, release.reason) == (Movement.Kind.RELEASE, "Conditional release")


def test_a_release_without_a_time_is_refused(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    html = (
        client_for(Role.CASE_ADMIN)
        .post(
            reverse("prisoner-release", args=[leeds_case.prison_number]),
            {"time": ""} | day("date", dt.date(2026, 12, 1)),
        )
        .content.decode()
    )
    assert "Enter the time of release" in html
    assert counts() == before


# --- Merge ------------------------------------------------------------------------------------


@pytest.fixture
def duplicate(leeds: Prison) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=leeds, first_name="Tom", last_name="Archer")
    SentenceFactory(prisoner=prisoner, is_current=False)
    return prisoner


def test_a_merge_is_previewed_before_anything_moves(
    client_for: Callable[[str], Client], leeds_case: Prisoner, duplicate: Prisoner
) -> None:
    before = counts()
    response = client_for(Role.CASE_ADMIN).post(
        reverse("prisoner-merge"),
        {"kept": leeds_case.prison_number.lower(), "removed": duplicate.prison_number},
    )
    html = response.content.decode()
    assert "<title>Check the merge" in html
    assert "Sentences: 1" in html
    assert "current sentence stays current" in html
    assert "Merge the records" in html
    assert counts() == before


def test_a_confirmed_merge_moves_the_record_and_the_old_number_finds_it(
    client_for: Callable[[str], Client], leeds_case: Prisoner, duplicate: Prisoner
) -> None:
    client = client_for(Role.CASE_ADMIN)
    removed = duplicate.prison_number
    response = client.post(
        reverse("prisoner-merge"),
        {"kept": leeds_case.prison_number, "removed": removed, "confirm": "yes"},
        follow=True,
    )
    assert f"{removed} has been merged into {leeds_case.prison_number}" in (
        response.content.decode()
    )
    assert not Prisoner.objects.filter(prison_number=removed).exists()
    assert leeds_case.sentences.count() == 2
    found = client.get(reverse("prisoner-list"), {"q": removed.lower()}).content.decode()
    assert reverse("prisoner-detail", args=[leeds_case.prison_number]) in found
    old = client.get(reverse("prisoner-detail", args=[removed]))
    assert old.url == reverse("prisoner-detail", args=[leeds_case.prison_number])


@pytest.mark.parametrize(
    ("kept", "removed", "message"),
    [
        ("", "", "Enter the prison number to keep"),
        ("SAME", "SAME", "Enter a prison number different from the one to keep"),
        ("CASE", "A9999ZZ", "There is no prisoner with the number A9999ZZ in your prisons"),
        ("CASE", "MOORLAND", "in your prisons"),
        ("CASE", "A1", "Enter a prison number as one letter, four numbers and two letters"),
    ],
)
def test_a_bad_merge_says_why_and_writes_nothing(
    kept: str,
    removed: str,
    message: str,
    client_for: Callable[[str], Client],
    leeds_case: Prisoner,
    moorland_case: Prisoner,
) -> None:
    names = {
        "CASE": leeds_case.prison_number,
        "SAME": leeds_case.prison_number,
        "MOORLAND": moorland_case.prison_number,
    }
    before = counts()
    response = client_for(Role.CASE_ADMIN).post(
        reverse("prisoner-merge"),
        {"kept": names.get(kept, kept), "removed": names.get(removed, removed), "confirm": "yes"},
    )
    html = response.content.decode()
    assert "<title>Error: Merge two records" in html
    assert message in html
    assert counts() == before
