"""Deterministic factory_boy factories: sequences, not random values, so nothing is flaky."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cases.models import (
    Allocation,
    Movement,
    Prison,
    Prisoner,
    PrisonPolicy,
    Sentence,
    StaffMember,
    StaffRole,
)


def prison_number(n: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"A{n % 10000:04d}{letters[(n // 10000) % 24]}{letters[n % 24]}"


class PrisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prison
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda o: f"HMP {o.code.title()}")
    policy = factory.RelatedFactory("tests.factories.PrisonPolicyFactory", "prison")


class PrisonPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrisonPolicy
        django_get_or_create = ("prison",)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.uk")
    password = factory.django.Password("pass-word-123")


def staff(username: str, role: str, *prisons: Prison) -> object:
    """A member of staff holding `role` at each prison, in the role's group."""
    user = UserFactory(username=username)
    StaffMember.objects.get_or_create(user=user)
    for prison in prisons:
        StaffRole.objects.get_or_create(user=user, prison=prison, role=role)
    user.groups.add(Group.objects.get(name=role))
    return user


class PrisonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prisoner

    prison_number = factory.Sequence(prison_number)
    first_name = factory.Sequence(lambda n: f"Given{n}")
    last_name = factory.Sequence(lambda n: f"Family{n:04d}")
    date_of_birth = dt.date(1990, 5, 17)
    legal_status = Prisoner.LegalStatus.SENTENCED
    current_prison = factory.SubFactory(PrisonFactory)
    tier = "C2"
    rosh = Prisoner.Rosh.MEDIUM


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentence

    prisoner = factory.SubFactory(PrisonerFactory)
    sentence_start_date = dt.date(2026, 1, 10)
    conditional_release_date = dt.date(2028, 1, 10)
    sentence_expiry_date = dt.date(2030, 1, 10)
    description = "Robbery"


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement

    prisoner = factory.SubFactory(PrisonerFactory)
    kind = Movement.Kind.ADMISSION
    to_prison = factory.LazyAttribute(lambda o: o.prisoner.current_prison)
    occurred_at = dt.datetime(2026, 1, 10, 15, 30, tzinfo=dt.UTC)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    prisoner = factory.SubFactory(PrisonerFactory)
