"""Factories for `interventions`: the catalogue, a prison's directory and cohorts, referrals
and attendance, resettlement needs and their updates."""

from __future__ import annotations

import datetime as dt

import factory

from demo.factories.base import RowFactory
from demo.factories.cases import PrisonerFactory, PrisonFactory
from interventions.models import (
    Attendance,
    Cohort,
    Intervention,
    InterventionNeedArea,
    NeedUpdate,
    Offering,
    Referral,
    ResettlementNeed,
)


class InterventionFactory(RowFactory[Intervention]):
    """A short course in the national catalogue."""

    class Meta:
        model = Intervention
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Course {n}")
    kind = Intervention.Kind.SHORT_COURSE
    provider = "Catch22"
    sessions = 4
    session_minutes = 90
    duration_days = 14


class InterventionNeedAreaFactory(RowFactory[InterventionNeedArea]):
    class Meta:
        model = InterventionNeedArea

    intervention = factory.SubFactory(InterventionFactory)
    area = ResettlementNeed.Area.FINANCE


class OfferingFactory(RowFactory[Offering]):
    """An intervention a prison runs."""

    class Meta:
        model = Offering

    prison = factory.SubFactory(PrisonFactory)
    intervention = factory.SubFactory(InterventionFactory)


class CohortFactory(RowFactory[Cohort]):
    class Meta:
        model = Cohort

    offering = factory.SubFactory(OfferingFactory)
    start_date = dt.date(2026, 3, 2)
    capacity = 10


class ReferralFactory(RowFactory[Referral]):
    """A prisoner referred to a course their prison runs."""

    class Meta:
        model = Referral

    prisoner = factory.SubFactory(PrisonerFactory)
    offering = factory.SubFactory(
        OfferingFactory, prison=factory.SelfAttribute("..prisoner.current_prison")
    )
    status = Referral.Status.REFERRED
    referred_on = dt.date(2026, 3, 2)


class AttendanceFactory(RowFactory[Attendance]):
    class Meta:
        model = Attendance

    referral = factory.SubFactory(ReferralFactory, status=Referral.Status.STARTED)
    session_number = 1
    session_date = dt.date(2026, 3, 2)
    status = Attendance.Status.ATTENDED


class ResettlementNeedFactory(RowFactory[ResettlementNeed]):
    """A need identified for release."""

    class Meta:
        model = ResettlementNeed

    prisoner = factory.SubFactory(PrisonerFactory)
    area = ResettlementNeed.Area.ACCOMMODATION
    identified_on = dt.date(2026, 3, 2)


class NeedUpdateFactory(RowFactory[NeedUpdate]):
    class Meta:
        model = NeedUpdate

    need = factory.SubFactory(ResettlementNeedFactory)
    on = dt.date(2026, 3, 2)
    status = factory.SelfAttribute("need.status")
    owner = factory.SelfAttribute("need.owner")
    note = "Referral made; waiting for the provider to reply."
