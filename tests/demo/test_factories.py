"""The per-app factories: each makes a valid row, and `row()` gives what `build()` gives."""

import datetime as dt
import importlib

import factory
import pytest

from demo.factories.base import RowFactory
from demo.factories.cases import PrisonerFactory, SentenceFactory, UserFactory

MODULES = ("cases", "allocation", "screening", "handover", "interventions")


def factories() -> list[type[RowFactory]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(f"demo.factories.{name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, RowFactory)
            and value.__module__ == module.__name__
            and not value._meta.abstract
        ]
    return found


def fields(instance: object) -> dict[str, object]:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields  # type: ignore[attr-defined]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("made_by", factories(), ids=lambda f: f.__name__)
def test_every_factory_makes_a_row_with_its_defaults(made_by: type[RowFactory]) -> None:
    instance = made_by.create()
    assert instance.pk is not None
    assert type(instance)._default_manager.filter(pk=instance.pk).exists()


def test_every_app_has_its_factories() -> None:
    apps = {f.__module__.rsplit(".", 1)[1] for f in factories()}
    assert apps == set(MODULES)


def test_row_gives_what_build_gives_when_every_declared_default_is_given() -> None:
    given = {
        "prison_number": "A1234BC",
        "first_name": "Ann",
        "last_name": "Lee",
        "current_prison": None,
    }
    assert fields(PrisonerFactory.row(**given)) == fields(PrisonerFactory.build(**given))


def test_row_falls_back_to_build_for_a_declared_default_left_out() -> None:
    prisoner = PrisonerFactory.row(current_prison=None)
    assert prisoner.prison_number and prisoner.first_name.startswith("Given")


def test_a_column_stands_for_its_declaration() -> None:
    sentence = SentenceFactory.row(prisoner_id=42, sentence_start_date=dt.date(2026, 2, 1))
    assert sentence.prisoner_id == 42
    assert sentence.conditional_release_date == dt.date(2028, 1, 10)  # the factory's default


def test_row_transforms_a_password_as_build_does_unless_forced() -> None:
    given = {"username": "ann", "first_name": "Ann", "last_name": "Lee", "email": "a@b.c"}
    hashed = UserFactory.row(**given, password="secret-words")
    assert hashed.password != "secret-words" and hashed.check_password("secret-words")
    forced = UserFactory.row(**given, password=factory.Transformer.Force("kept-as-is"))
    assert forced.password == "kept-as-is"
