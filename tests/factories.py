"""The factories live in the demo app (`demo.factories`), shared with `seed_demo`; the tests'
old import path keeps working."""

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
]
