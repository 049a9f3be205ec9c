import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Allocation, Prison, Prisoner, Role
from tests.factories import MovementFactory, PrisonerFactory, SentenceFactory, store_answers


def make_cases(prison: Prison, count: int, pom: object | None = None) -> list[Prisoner]:
    cases = []
    for _ in range(count):
        prisoner = PrisonerFactory(current_prison=prison)
        SentenceFactory(prisoner=prisoner)
        MovementFactory(prisoner=prisoner)
        Allocation.objects.create(prisoner=prisoner, primary_pom=pom)
        cases.append(prisoner)
    return cases


def names(response: object) -> list[str]:
    return [p.prison_number for p in response.context["page"].object_list]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_costs_the_same_queries_whatever_the_number_of_rows(
    rows: int,
    leeds: Prison,
    personas: dict,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    make_cases(leeds, rows, pom=personas[Role.PRISON_POM])
    client = client_for(Role.PRISON_POM)
    client.get(reverse("prisoner-list"))  # warm the session
    # session, user, the user's roles with their prisons (read once per request: the active
    # one and the switcher), count, page of rows with sentence, arrival and POM joined.
    with django_assert_num_queries(5):
        response = client.get(reverse("prisoner-list"))
    assert response.status_code == 200
    assert len(names(response)) == min(rows, 25)


def test_it_lists_only_the_active_prisons_cases(
    leeds_case: Prisoner, moorland_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.PRISON_POM).get(reverse("prisoner-list"))
    assert names(response) == [leeds_case.prison_number]


def test_a_pom_elsewhere_never_sees_leeds_cases(
    leeds_case: Prisoner, moorland_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for("pom_mdi")
    assert names(client.get(reverse("prisoner-list"))) == [moorland_case.prison_number]
    assert (
        client.get(reverse("prisoner-detail", args=[leeds_case.prison_number])).status_code == 404
    )
    api = client.get(reverse("api-prisoner-list")).json()
    assert [row["prison_number"] for row in api["results"]] == [moorland_case.prison_number]
    detail = client.get(reverse("api-prisoner-detail", args=[leeds_case.prison_number]))
    assert detail.status_code == 404
    # Switching to a prison they do not work in changes nothing.
    client.post(reverse("switch-prison"), {"prison": "LEI"})
    assert names(client.get(reverse("prisoner-list"))) == [moorland_case.prison_number]


def test_it_searches_by_name_or_prison_number(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    archer = PrisonerFactory(current_prison=leeds, first_name="Tom", last_name="Archer")
    PrisonerFactory(current_prison=leeds, first_name="Ann", last_name="Baker")
    client = client_for(Role.PRISON_POM)
    assert names(client.get(reverse("prisoner-list"), {"q": "arch"})) == [archer.prison_number]
    assert names(client.get(reverse("prisoner-list"), {"q": "tom archer"})) == [
        archer.prison_number
    ]
    number = archer.prison_number.lower()
    assert names(client.get(reverse("prisoner-list"), {"q": number})) == [archer.prison_number]
    empty = client.get(reverse("prisoner-list"), {"q": "nobody"})
    assert names(empty) == []
    assert "No prisoner matches these filters" in empty.content.decode()


def test_it_filters_by_pom_status_and_release_and_sorts(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    mine = make_cases(leeds, 2, pom=personas[Role.PRISON_POM])
    unallocated = make_cases(leeds, 1)
    remand = PrisonerFactory(current_prison=leeds, legal_status=Prisoner.LegalStatus.REMAND)
    soon = mine[0].sentences.get()
    soon.conditional_release_date = dt.date(2026, 6, 1)
    soon.save()
    store_answers()
    client = client_for(Role.PRISON_POM)
    url = reverse("prisoner-list")
    assert sorted(names(client.get(url, {"pom": "me"}))) == sorted(p.prison_number for p in mine)
    assert set(names(client.get(url, {"pom": "none"}))) == {
        unallocated[0].prison_number,
        remand.prison_number,
    }
    assert names(client.get(url, {"legal_status": "remand"})) == [remand.prison_number]
    assert names(client.get(url, {"release_before": "2026-07-01"})) == [mine[0].prison_number]
    by_release = names(client.get(url, {"sort": "release"}))
    assert by_release[0] == mine[0].prison_number
    assert by_release[-1] == remand.prison_number  # no release date sorts last


def test_a_bad_filter_shows_an_error_summary(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.PRISON_POM).get(reverse("prisoner-list"), {"release_before": "soon"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_it_paginates(leeds: Prison, client_for: Callable[[str], Client]) -> None:
    for _ in range(30):
        PrisonerFactory(current_prison=leeds)
    client = client_for(Role.PRISON_POM)
    first = client.get(reverse("prisoner-list"), {"sort": "number"})
    second = client.get(reverse("prisoner-list"), {"sort": "number", "page": 2})
    assert len(names(first)) == 25 and len(names(second)) == 5
    assert not set(names(first)) & set(names(second))
    assert "page=2" in first.content.decode()


def test_the_empty_prison_says_so(leeds: Prison, client_for: Callable[[str], Client]) -> None:
    response = client_for(Role.PRISON_POM).get(reverse("prisoner-list"))
    assert "There are no prisoners in this prison yet" in response.content.decode()


def test_staff_with_two_prisons_can_switch(
    leeds_case: Prisoner,
    moorland_case: Prisoner,
    moorland: Prison,
    personas: dict,
) -> None:
    from cases.models import StaffRole

    head = personas[Role.HEAD_OF_OMU]
    StaffRole.objects.create(user=head, prison=moorland, role=Role.HEAD_OF_OMU)
    client = Client()
    client.force_login(head)
    page = client.get(reverse("prisoner-list"))
    assert 'data-testid="prison-switcher"' in page.content.decode()
    response = client.post(reverse("switch-prison"), {"prison": "MDI", "next": "/prisoners/"})
    assert response.status_code == 302 and response.url == "/prisoners/"
    assert names(client.get(reverse("prisoner-list"))) == [moorland_case.prison_number]
    offsite = client.post(
        reverse("switch-prison"), {"prison": "LEI", "next": "https://evil.example"}
    )
    assert offsite.url == reverse("home")


def test_the_list_downloads_as_csv_with_the_same_filters(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    archer = PrisonerFactory(current_prison=leeds, first_name="Tom", last_name="Archer")
    PrisonerFactory(current_prison=leeds, first_name="Ann", last_name="Baker")
    response = client_for(Role.PRISON_POM).get(
        reverse("prisoner-list"), {"q": "archer", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("prison_number,surname,first_name")
    assert len(lines) == 2 and lines[1].startswith(f"{archer.prison_number},Archer,Tom")
