"""Shared fixtures: two prisons and named personas at each (style guide rule 20)."""

from collections.abc import Callable

import pytest
from django.test import Client

from cases.models import Prison, Role
from tests.factories import PrisonerFactory, PrisonFactory, SentenceFactory, staff


@pytest.fixture
def leeds(db: None) -> Prison:
    return PrisonFactory(code="LEI", name="HMP Leeds", function=Prison.Function.RECEPTION)


@pytest.fixture
def moorland(db: None) -> Prison:
    return PrisonFactory(code="MDI", name="HMP Moorland")


@pytest.fixture
def personas(leeds: Prison, moorland: Prison) -> dict[str, object]:
    """One user per role at Leeds, plus a POM at Moorland (for scoping)."""
    people = {role.value: staff(f"{role.value}_lei", role.value, leeds) for role in Role}
    people["pom_mdi"] = staff("pom_mdi", Role.PRISON_POM, moorland)
    return people


@pytest.fixture
def client_for(personas: dict[str, object]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def leeds_case(leeds: Prison) -> object:
    prisoner = PrisonerFactory(current_prison=leeds, first_name="Tom", last_name="Archer")
    SentenceFactory(prisoner=prisoner)
    return prisoner


@pytest.fixture
def moorland_case(moorland: Prison) -> object:
    prisoner = PrisonerFactory(current_prison=moorland, first_name="Jack", last_name="Moor")
    SentenceFactory(prisoner=prisoner)
    return prisoner
