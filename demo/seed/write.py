"""Writing the plan: prisons with their policy, demo users with staff records, roles and groups,
prisoners with sentences and movements, and who holds each case. Rows are built unsaved by the
`cases` factories (`row()`) and bulk-inserted, with history where the model keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from cases.models import (
    Allocation,
    Movement,
    Prison,
    Prisoner,
    Role,
    Sentence,
    StaffMember,
    StaffRole,
)
from demo.factories.cases import (
    AllocationFactory,
    MovementFactory,
    PrisonerFactory,
    PrisonFactory,
    SentenceFactory,
    StaffMemberFactory,
    StaffRoleFactory,
    UserFactory,
)
from demo.seed.prisons import PrisonSpec
from demo.seed.specs import DemoPlan, PrisonerSpec, StaffSpec
from demo.seed.staff import DEMO_PASSWORD

_BATCH = 1000


def write_plan(plan: DemoPlan) -> dict[str, int]:
    """Write every row of the plan; returns the numbers of staff and of cases with a POM."""
    prisons = _prisons(plan.prisons)
    user_ids = _staff(plan.staff, prisons)
    prisoner_ids = _prisoners(plan.prisoners, prisons)
    return {
        "staff": len(plan.staff),
        "allocated": _allocations(plan.prisoners, prisoner_ids, user_ids),
    }


def _prisons(specs: Sequence[PrisonSpec]) -> dict[str, Prison]:
    return {
        spec.code: PrisonFactory.create(
            code=spec.code,
            name=spec.name,
            function=spec.function,
            omu_model=spec.omu_model,
            country=spec.country,
            policy__handover_rule=spec.handover_rule,
        )
        for spec in specs
    }


def _staff(staff: Sequence[StaffSpec], prisons: dict[str, Prison]) -> dict[str, int]:
    """Users, their staff records, roles and role groups; returns user ids by username."""
    User = get_user_model()
    # One hash for every demo login: hashing is deliberately slow.
    password = factory.Transformer.Force(make_password(DEMO_PASSWORD))
    users = User.objects.bulk_create(
        [
            UserFactory.row(
                username=s.username,
                first_name=s.first_name,
                last_name=s.last_name,
                email=s.email,
                password=password,
                is_active=True,
            )
            for s in staff
        ]
    )
    user_ids = {u.username: u.pk for u in users}
    if any(pk is None for pk in user_ids.values()):  # databases that return no ids
        user_ids = dict(
            User.objects.filter(username__in=list(user_ids)).values_list("username", "id")
        )
    bulk_create_with_history(
        [
            StaffMemberFactory.row(
                user_id=user_ids[s.username],
                grade=s.grade,
                working_hours=s.working_hours,
                is_new_pom=s.is_new_pom,
                status=s.status,
                return_date=s.return_date,
            )
            for s in staff
        ],
        StaffMember,
    )
    _roles(staff, prisons, user_ids)
    return user_ids


def _roles(
    staff: Sequence[StaffSpec], prisons: dict[str, Prison], user_ids: dict[str, int]
) -> None:
    """Each role at its prison, and membership of the role's group."""
    bulk_create_with_history(
        [
            StaffRoleFactory.row(user_id=user_ids[s.username], prison=prisons[code], role=role)
            for s in staff
            for code, role in s.roles
        ],
        StaffRole,
    )
    groups = dict(Group.objects.filter(name__in=[r.value for r in Role]).values_list("name", "id"))
    memberships = sorted(
        {(user_ids[s.username], groups[role]) for s in staff for _, role in s.roles}
    )
    Through = get_user_model().groups.through
    Through.objects.bulk_create([Through(user_id=u, group_id=g) for u, g in memberships])


def _prisoners(plan: Sequence[PrisonerSpec], prisons: dict[str, Prison]) -> dict[str, int]:
    """Prisoners, their current sentences and movements; returns ids by prison number."""
    prisoners = bulk_create_with_history(
        [
            PrisonerFactory.row(
                prison_number=p.prison_number,
                first_name=p.first_name,
                last_name=p.last_name,
                date_of_birth=p.date_of_birth,
                legal_status=p.legal_status,
                current_prison=prisons[p.prison] if p.prison else None,
                location=p.location,
                tier=p.tier,
                rosh=p.rosh,
                mappa_level=p.mappa_level,
                complexity_of_need=p.complexity_of_need,
                crn=p.crn,
                case_allocation=p.case_allocation,
                early_allocation=p.early_allocation,
                open_conditions_since=p.open_conditions_since,
            )
            for p in plan
        ],
        Prisoner,
        batch_size=_BATCH,
    )
    ids = {p.prison_number: p.pk for p in prisoners}
    _sentences_and_movements(plan, prisons, ids)
    return ids


def _sentences_and_movements(
    plan: Sequence[PrisonerSpec], prisons: dict[str, Prison], ids: dict[str, int]
) -> None:
    """Each prisoner's current sentence, and their movements (admission first)."""
    # Dates the plan leaves out are unknown (None), not the factory's defaults.
    no_dates = dict.fromkeys(Sentence.KEY_DATES)
    bulk_create_with_history(
        [
            SentenceFactory.row(
                prisoner_id=ids[p.prison_number], is_current=True, **{**no_dates, **p.sentence}
            )
            for p in plan
            if p.sentence is not None
        ],
        Sentence,
        batch_size=_BATCH,
    )
    Movement.objects.bulk_create(
        [
            MovementFactory.row(
                prisoner_id=ids[p.prison_number],
                kind=m.kind,
                occurred_at=m.occurred_at,
                from_prison=prisons[m.from_prison] if m.from_prison else None,
                to_prison=prisons[m.to_prison] if m.to_prison else None,
                reason=m.reason,
            )
            for p in plan
            for m in p.movements
        ],
        batch_size=_BATCH,
    )


def _allocations(
    plan: Sequence[PrisonerSpec], prisoner_ids: dict[str, int], user_ids: dict[str, int]
) -> int:
    """Who holds each case; returns how many have a POM."""

    def uid(username: str | None) -> int | None:
        return user_ids[username] if username else None

    allocations = [
        AllocationFactory.row(
            prisoner_id=prisoner_ids[p.prison_number],
            primary_pom_id=uid(a.primary_pom),
            secondary_pom_id=uid(a.secondary_pom),
            keyworker_id=uid(a.keyworker),
            com_id=uid(a.com),
            com_name=a.com_name,
            com_email=a.com_email,
            com_team=a.com_team,
            com_pdu=a.com_pdu,
            com_allocated_on=a.com_allocated_on,
            pom_allocated_at=a.pom_allocated_at,
            reason=a.reason,
        )
        for p in plan
        if (a := p.allocation) is not None
    ]
    bulk_create_with_history(allocations, Allocation, batch_size=_BATCH)
    return sum(1 for a in allocations if a.primary_pom_id)
