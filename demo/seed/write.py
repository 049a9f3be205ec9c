"""Writing the plan: prisons with their policy, demo users with staff records, roles and groups,
prisoners with sentences and movements, and who holds each case. Rows are built unsaved by the
`cases` factories (`row()`) and bulk-inserted, with history where the model keeps it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from cases.audit import ChangeSource
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
from cases.services import facts
from demo.factories.cases import (
    AllocationFactory,
    PrisonFactory,
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


SOURCE = ChangeSource(label="demo data", reason="seed_demo")
# Facts other processes record (assessments, the legacy case type), set once the cases exist;
# with the value a prisoner has when nothing is recorded.
_ASSESSED: dict[str, object] = {
    "complexity_of_need": "",
    "case_allocation": "",
    "early_allocation": False,
    "open_conditions_since": None,
}


def _prisoners(plan: Sequence[PrisonerSpec], prisons: dict[str, Prison]) -> dict[str, int]:
    """Prisoners arrive, through the data-in services as a roll import's would: each with their
    sentence and admission, then any release. Returns ids by prison number."""
    by_prison: dict[str, list[PrisonerSpec]] = defaultdict(list)
    for spec in plan:
        admission = spec.movements[0]
        assert admission.kind == Movement.Kind.ADMISSION and admission.to_prison
        by_prison[admission.to_prison].append(spec)
    for code, specs in by_prison.items():
        facts.prisoners_arrive_new(
            prison=prisons[code], arrivals=[_arrival(s) for s in specs], source=SOURCE
        )
    numbers = [p.prison_number for p in plan]
    ids = dict(
        Prisoner.objects.filter(prison_number__in=numbers).values_list("prison_number", "pk")
    )
    _later_movements(plan, ids)
    _assessments(plan, ids)
    return ids


def _arrival(spec: PrisonerSpec) -> facts.Arrival:
    admission = spec.movements[0]
    sentence = None
    if spec.sentence is not None:
        values = dict(spec.sentence)
        sentence = facts.SentenceFacts(
            values.pop("sentence_start_date"),  # type: ignore[arg-type]  # the plan's day
            indeterminate=bool(values.pop("indeterminate", False)),
            further_indeterminate=bool(values.pop("further_indeterminate_sentence", False)),
            dates={name: values.get(name) for name in Sentence.KEY_DATES},  # type: ignore[misc]  # days
            description=str(values.get("description", "Robbery")),
        )
    probation = {
        "crn": spec.crn,
        "tier": spec.tier,
        "rosh": spec.rosh,
        "mappa_level": spec.mappa_level,
    }
    details = facts.PersonalDetails(
        spec.first_name, spec.last_name, spec.date_of_birth, spec.location or ""
    )
    return facts.Arrival(
        spec.prison_number,
        details,
        spec.legal_status,
        sentence,
        admission.occurred_at,
        probation=probation,
        reason=admission.reason,
    )


def _later_movements(plan: Sequence[PrisonerSpec], ids: dict[str, int]) -> None:
    """Releases after the admission, through the release service."""
    for spec in plan:
        for movement in spec.movements[1:]:
            assert movement.kind == Movement.Kind.RELEASE, movement.kind
            facts.prisoner_release(
                prisoner=Prisoner.objects.get(pk=ids[spec.prison_number]),
                at=movement.occurred_at,
                source=SOURCE,
                reason=movement.reason,
            )


def _assessments(plan: Sequence[PrisonerSpec], ids: dict[str, int]) -> None:
    """One update per field and value: most cases keep the defaults."""
    groups: dict[tuple[str, object], list[int]] = defaultdict(list)
    for spec in plan:
        for name, unrecorded in _ASSESSED.items():
            value = getattr(spec, name)
            if value != unrecorded:
                groups[(name, value)].append(ids[spec.prison_number])
    for (name, value), pks in groups.items():
        Prisoner.objects.filter(pk__in=pks).update(**{name: value})


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
