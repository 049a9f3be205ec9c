"""Factories for `cases`: prisons, staff, prisoners, sentences, movements, holders, sessions.

Deterministic: sequences, not random values, so nothing is flaky.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cases.models import (
    Allocation,
    Movement,
    Prison,
    Prisoner,
    PrisonPolicy,
    Role,
    Sentence,
    Session,
    StaffMember,
    StaffRole,
)
from demo.factories.base import RowFactory

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def prison_number(n: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"A{n % 10000:04d}{letters[(n // 10000) % 24]}{letters[n % 24]}"


class PrisonFactory(RowFactory[Prison]):
    class Meta:
        model = Prison
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda o: f"HMP {o.code.title()}")
    policy = factory.RelatedFactory("demo.factories.cases.PrisonPolicyFactory", "prison")


class PrisonPolicyFactory(RowFactory[PrisonPolicy]):
    """A prison's policy: the one its prison was made with, unless given."""

    class Meta:
        model = PrisonPolicy
        django_get_or_create = ("prison",)

    prison = factory.SubFactory(PrisonFactory, policy=None)


class UserFactory(RowFactory["User"]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.uk")
    password = factory.django.Password("pass-word-123")


class StaffMemberFactory(RowFactory[StaffMember]):
    class Meta:
        model = StaffMember
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)


class StaffRoleFactory(RowFactory[StaffRole]):
    class Meta:
        model = StaffRole
        django_get_or_create = ("user", "prison", "role")

    user = factory.SubFactory(UserFactory)
    prison = factory.SubFactory(PrisonFactory)
    role = Role.PRISON_POM


def staff(username: str, role: str, *prisons: Prison) -> User:
    """A member of staff holding `role` at each prison, in the role's group."""
    user = UserFactory.create(username=username)
    StaffMember.objects.get_or_create(user=user)
    for prison in prisons:
        StaffRole.objects.get_or_create(user=user, prison=prison, role=role)
    user.groups.add(Group.objects.get(name=role))
    return user


class PrisonerFactory(RowFactory[Prisoner]):
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


class SentenceFactory(RowFactory[Sentence]):
    class Meta:
        model = Sentence

    prisoner = factory.SubFactory(PrisonerFactory)
    sentence_start_date = dt.date(2026, 1, 10)
    conditional_release_date = dt.date(2028, 1, 10)
    sentence_expiry_date = dt.date(2030, 1, 10)
    description = "Robbery"


class MovementFactory(RowFactory[Movement]):
    class Meta:
        model = Movement

    prisoner = factory.SubFactory(PrisonerFactory)
    kind = Movement.Kind.ADMISSION
    to_prison = factory.LazyAttribute(lambda o: o.prisoner.current_prison)
    occurred_at = dt.datetime(2026, 1, 10, 15, 30, tzinfo=dt.UTC)


class AllocationFactory(RowFactory[Allocation]):
    """Who holds the case now (`cases.models.Allocation`); nobody unless given."""

    class Meta:
        model = Allocation

    prisoner = factory.SubFactory(PrisonerFactory)


class SessionFactory(RowFactory[Session]):
    """A POM supervision session that was held."""

    class Meta:
        model = Session

    prisoner = factory.SubFactory(PrisonerFactory)
    staff = factory.SubFactory(UserFactory)
    kind = Session.Kind.POM_SUPERVISION
    occurred_at = dt.datetime(2026, 2, 10, 10, 0, tzinfo=dt.UTC)
    duration_minutes = 45
