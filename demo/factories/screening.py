"""Factories for `screening`: OMiC tasks, categorisations and OASys assessments."""

from __future__ import annotations

import datetime as dt

import factory

from demo.factories.base import RowFactory
from demo.factories.cases import PrisonerFactory
from screening.models import Categorisation, OasysAssessment, Task


class TaskFactory(RowFactory[Task]):
    """An open task due at the prisoner's prison."""

    class Meta:
        model = Task

    prisoner = factory.SubFactory(PrisonerFactory)
    prison = factory.LazyAttribute(lambda o: o.prisoner.current_prison)
    kind = Task.Kind.POM_CONTACT
    due_on = dt.date(2026, 3, 2)
    explanation = "Due from the rules."


class CategorisationFactory(RowFactory[Categorisation]):
    """A first categorisation waiting for its decision."""

    class Meta:
        model = Categorisation

    prisoner = factory.SubFactory(PrisonerFactory)
    kind = Categorisation.Kind.INITIAL


class OasysAssessmentFactory(RowFactory[OasysAssessment]):
    class Meta:
        model = OasysAssessment

    prisoner = factory.SubFactory(PrisonerFactory)
    kind = OasysAssessment.Kind.INITIAL
    completed_on = dt.date(2026, 3, 2)
