"""Factories for `allocation`: the allocation decisions (who holds a case now is
`cases.models.Allocation`: `demo.factories.cases.AllocationFactory`)."""

from __future__ import annotations

import factory

from allocation.models import AllocationEvent
from demo.factories.base import RowFactory
from demo.factories.cases import PrisonerFactory, UserFactory


class AllocationEventFactory(RowFactory[AllocationEvent]):
    """A POM allocated to a case at its prison."""

    class Meta:
        model = AllocationEvent

    prisoner = factory.SubFactory(PrisonerFactory)
    prison = factory.LazyAttribute(lambda o: o.prisoner.current_prison)
    kind = AllocationEvent.Kind.ALLOCATED
    role = AllocationEvent.Role.PRIMARY
    to_user = factory.SubFactory(UserFactory)
    reason = "Recommended POM type"
