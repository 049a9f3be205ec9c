"""A dashboard list of cases that need an action has the action on each row."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import rules
from cases.models import Allocation, Prison, Prisoner, Role
from tests.factories import PrisonerFactory, SentenceFactory, store_answers

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=rules.LONDON)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def case(prison: Prison, **kwargs: object) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=prison, **kwargs)
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=dt.date(2025, 1, 10),
        conditional_release_date=dt.date(2028, 6, 1),
        sentence_expiry_date=dt.date(2030, 1, 1),
    )
    return prisoner


def test_cases_without_a_pom_list_an_allocate_link_and_no_empty_pom_column(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    waiting = case(leeds, first_name="Wendy", last_name="Waiting")
    held = case(leeds)
    Allocation.objects.create(prisoner=held, primary_pom=personas[Role.PRISON_POM])
    store_answers(NOW.date())
    url = reverse("figure-cases", args=["cases_without_pom"])
    response = client_for(Role.HEAD_OF_OMU).get(url)
    page = response.content.decode()
    assert [p.prison_number for p in response.context["page"].object_list] == [
        waiting.prison_number
    ]
    allocate = reverse("allocation-allocate", args=[waiting.prison_number])
    assert f'href="{allocate}" data-testid="row-action">Allocate' in page
    assert "a POM to Wendy Waiting" in page
    assert '<th scope="col" class="govuk-table__header">POM</th>' not in page
    read_only = client_for(Role.READ_ONLY).get(url).content.decode()
    assert 'data-testid="row-action"' not in read_only  # may see the list, may not allocate


def test_a_list_of_allocated_cases_keeps_its_pom_column(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    held = case(leeds)
    Allocation.objects.create(
        prisoner=held,
        primary_pom=personas[Role.PRISON_POM],
        pom_allocated_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
    )
    store_answers(NOW.date())
    url = reverse("figure-cases", args=["pom_contact_overdue"])
    page = client_for(Role.HEAD_OF_OMU).get(url).content.decode()
    assert '<th scope="col" class="govuk-table__header">POM</th>' in page
    assert 'data-testid="row-action"' not in page
