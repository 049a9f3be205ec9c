"""The factories live in the demo app (`demo.factories`), shared with `seed_demo`; the tests'
old import path keeps working."""

import datetime as dt

from django.utils import timezone

from cases.models import Prisoner
from cases.services.state import states_refresh_ids
from demo.factories.cases import (
    AllocationFactory,
    MovementFactory,
    PrisonerFactory,
    PrisonFactory,
    PrisonPolicyFactory,
    SentenceFactory,
    SessionFactory,
    StaffMemberFactory,
    StaffRoleFactory,
    UserFactory,
    prison_number,
    staff,
)


def store_answers(today: dt.date | None = None) -> None:
    """Store every case's answer, as the services do once a change commits: factories build
    cases row by row, so a test that reads lists, figures or caseloads calls this first."""
    ids = list(Prisoner.objects.values_list("pk", flat=True))
    states_refresh_ids(ids, today=today or timezone.localdate())


__all__ = [
    "AllocationFactory",
    "MovementFactory",
    "PrisonFactory",
    "PrisonPolicyFactory",
    "PrisonerFactory",
    "SentenceFactory",
    "SessionFactory",
    "StaffMemberFactory",
    "StaffRoleFactory",
    "UserFactory",
    "prison_number",
    "staff",
    "store_answers",
]
