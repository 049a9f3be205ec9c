"""POMs and keyworkers at a prison: who they are, their caseloads against capacity, and the
loads the services check before giving them a case."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404

from allocation import rules as arules
from cases import rules
from cases.models import POM_ROLES, Allocation, Prison, Prisoner, Role, StaffMember, StaffRole
from cases.selectors import (
    POM_TYPE_LABELS,
    AllocationRow,
    StoredState,
    prison_allocations,
    prison_rules,
    stored_states,
)
from cases.text import display_name

ROLE_LABELS = dict(Role.choices)
STAFF_ROLES = (*POM_ROLES, Role.KEYWORKER)


@dataclass
class StaffRow:
    """A POM or keyworker at a prison, with their caseload against capacity."""

    user: Any
    member: StaffMember
    roles: set[str]
    pom_role: str | None
    pom_type: str | None
    capacity: rules.Explained[int] | None
    caseload: arules.Caseload
    keyworker_capacity: rules.Explained[int] | None
    keyworker_prisoners: int = 0
    prison: Prison | None = None  # set for lists over several prisons (the API)

    @property
    def name(self) -> str:
        return display_name(self.user)

    @property
    def is_pom(self) -> bool:
        return self.pom_role is not None

    @property
    def is_keyworker(self) -> bool:
        return Role.KEYWORKER in self.roles

    @property
    def load(self) -> float:
        return self.caseload.load()

    @property
    def load_status(self) -> str:
        return arules.load_status(self.load, self.capacity.value) if self.capacity else ""

    @property
    def load_percent(self) -> int:
        if not self.capacity or not self.capacity.value:
            return 0
        return round(100 * self.load / self.capacity.value)

    @property
    def keyworker_status(self) -> str:
        if not self.keyworker_capacity:
            return ""
        return rules.capacity_status(self.keyworker_prisoners, self.keyworker_capacity.value)

    @property
    def sorted_roles(self) -> list[str]:
        return sorted(self.roles)

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[r] for r in sorted(self.roles)]

    @property
    def pom_type_label(self) -> str:
        return POM_TYPE_LABELS.get(self.pom_type or "", "")


class Tally:
    """Counts one POM's cases into a `Caseload` (shared by the staff page and a caseload)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.tiers: Counter[str] = Counter()

    def add(
        self,
        *,
        coworking: bool,
        state: StoredState | None,
        tier: str,
        high_complexity: bool,
        allocated_on: dt.date | None,  # the London day of the allocation to this POM
        today: dt.date,
    ) -> None:
        if coworking:
            self.counts["coworking"] += 1
            return
        com_responsible = state is not None and state.responsible == "com"
        self.counts["supporting" if com_responsible else "responsible"] += 1
        self.counts["high"] += high_complexity
        if allocated_on and allocated_on > today - dt.timedelta(days=7):
            self.counts["new"] += 1
        self.tiers[(tier or "")[:1]] += 1
        if (
            state
            and state.handover_date
            and state.upcoming_from
            and state.upcoming_from <= today <= state.handover_date
        ):
            self.counts["handovers"] += 1

    def caseload(self) -> arules.Caseload:
        c = self.counts
        return arules.Caseload(
            responsible=c["responsible"],
            supporting=c["supporting"],
            coworking=c["coworking"],
            high_complexity=c["high"],
            by_tier=dict(self.tiers),
            new_last_7_days=c["new"],
            upcoming_handovers=c["handovers"],
        )


def _caseloads(
    prison: Prison,
    *,
    today: dt.date,
    states: Mapping[int, StoredState] | None = None,
    allocations: Mapping[int, AllocationRow] | None = None,
) -> dict[int, arules.Caseload]:
    """Every POM's caseload at the prison: the stored answer of every held case and every
    allocation of the prison (each read here unless the caller has already read them)."""
    if states is None:
        held = Prisoner.objects.filter(current_prison=prison).filter(
            Q(allocation__primary_pom__isnull=False) | Q(allocation__secondary_pom__isnull=False)
        )
        states = stored_states(held, today=today)
    if allocations is None:
        allocations = prison_allocations(prison)
    womens = prison.function == Prison.Function.WOMENS
    tallies: dict[int, Tally] = defaultdict(Tally)
    for row in allocations.values():
        for pom, coworking in ((row.primary_pom_id, False), (row.secondary_pom_id, True)):
            if pom:
                tallies[pom].add(
                    coworking=coworking,
                    state=states.get(row.prisoner_id),
                    tier=row.tier,
                    high_complexity=womens and row.complexity_of_need == Prisoner.Complexity.HIGH,
                    allocated_on=row.pom_allocated_on,
                    today=today,
                )
    return {pk: tally.caseload() for pk, tally in tallies.items()}


def prison_staff(
    prison: Prison,
    *,
    today: dt.date,
    with_caseloads: bool = True,
    only: Any = None,
    states: Mapping[int, StoredState] | None = None,
    allocations: Mapping[int, AllocationRow] | None = None,
    poms_only: bool = False,
) -> list[StaffRow]:
    """POMs and keyworkers at the prison (or `only` that user, or with `poms_only` only the
    POMs, their keywork roles left out) with caseloads and capacity.

    Queries: policy (1), staff with their records (1), caseloads (stored answers and the
    prison's allocations, which also give the keyworker counts), fewer where the caller passes
    the `states` or `allocations` it has read.
    """
    policy = prison_rules(prison).policy
    roles = (
        StaffRole.objects.filter(prison=prison, role__in=POM_ROLES if poms_only else STAFF_ROLES)
        .select_related("user", "user__staff")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    if only is not None:
        roles = roles.filter(user=only)
    by_user: dict[int, tuple[Any, set[str]]] = {}
    for staff_role in roles:
        by_user.setdefault(staff_role.user_id, (staff_role.user, set()))[1].add(staff_role.role)
    if with_caseloads and allocations is None:
        allocations = prison_allocations(prison)
    caseloads = (
        _caseloads(prison, today=today, states=states, allocations=allocations)
        if with_caseloads
        else {}
    )
    keywork = keyworker_loads(prison, allocations=allocations, only=only)
    return [
        _staff_row(
            user,
            held,
            prison=prison,
            policy=policy,
            caseload=caseloads.get(pk, arules.Caseload()),
            keyworker_prisoners=keywork.get(pk, 0),
        )
        for pk, (user, held) in by_user.items()
    ]


def _staff_row(
    user: Any,
    held: set[str],
    *,
    prison: Prison,
    policy: rules.Policy,
    caseload: arules.Caseload,
    keyworker_prisoners: int,
) -> StaffRow:
    """One member of staff's row: their POM type and capacities from their roles and record."""
    member = staff_member(user)
    pom_role = arules.staff_pom_role(held)
    capacity = (
        arules.staff_capacity(
            role=pom_role,
            is_new_pom=member.is_new_pom,
            working_hours=float(member.working_hours),
            capacity_override=member.capacity_override,
            policy=policy,
        )
        if pom_role
        else None
    )
    kw_capacity = (
        arules.keyworker_capacity(capacity_override=member.capacity_override, policy=policy)
        if Role.KEYWORKER in held
        else None
    )
    return StaffRow(
        user=user,
        member=member,
        roles=held,
        pom_role=pom_role,
        pom_type=arules.staff_pom_type(pom_role, prison.omu_model),
        capacity=capacity,
        caseload=caseload,
        keyworker_capacity=kw_capacity,
        keyworker_prisoners=keyworker_prisoners,
    )


STAFF_SORTS: dict[str, Callable[[StaffRow], tuple[Any, ...]]] = {
    "name": lambda s: (s.user.last_name.lower(), s.user.first_name.lower(), s.user.username),
    "load": lambda s: (-(s.load / s.capacity.value if s.capacity else 0), s.user.username),
    "status": lambda s: (s.member.status, s.user.last_name.lower(), s.user.username),
}


def staff_overview(prison: Prison, *, today: dt.date, sort: str = "name") -> dict[str, Any]:
    staff = prison_staff(prison, today=today)
    staff.sort(key=STAFF_SORTS.get(sort, STAFF_SORTS["name"]))
    poms = [s for s in staff if s.is_pom]
    return {
        "poms": poms,
        "keyworkers": [s for s in staff if s.is_keyworker],
        "over_capacity": [s for s in poms if s.load_status == "over"],
    }


def staff_at_prisons(prisons: Iterable[Prison], *, today: dt.date) -> list[StaffRow]:
    """Staff at each of these prisons (read with their policy), prison by prison, each row
    naming its prison."""
    rows: list[StaffRow] = []
    for prison in prisons:
        for row in prison_staff(prison, today=today):
            row.prison = prison
            rows.append(row)
    return rows


def compare_poms(prison: Prison, usernames: Sequence[str], *, today: dt.date) -> list[StaffRow]:
    """Up to 4 POMs side by side (case mix by type and tier, new cases, handovers)."""
    wanted = list(dict.fromkeys(usernames))[:4]
    staff = [s for s in prison_staff(prison, today=today) if s.is_pom]
    by_name = {s.user.username: s for s in staff}
    return [by_name[u] for u in wanted if u in by_name]


def pom_load(prison: Prison, pom: Any) -> arules.Caseload:
    """One POM's load at the prison for the services' capacity warning, in one query."""
    counts = Allocation.objects.filter(prisoner__current_prison=prison).aggregate(
        cases=Count("id", filter=Q(primary_pom=pom)),
        coworking=Count("id", filter=Q(secondary_pom=pom)),
        high=Count(
            "id",
            filter=Q(primary_pom=pom, prisoner__complexity_of_need=Prisoner.Complexity.HIGH),
        ),
    )
    womens = prison.function == Prison.Function.WOMENS
    return arules.Caseload(
        responsible=counts["cases"],
        coworking=counts["coworking"],
        high_complexity=counts["high"] if womens else 0,
    )


def keyworker_loads(
    prison: Prison, *, allocations: Mapping[int, AllocationRow] | None = None, only: Any = None
) -> dict[int, int]:
    """Prisoners held by each keyworker at the prison (or by `only` that user): counted from
    the prison's `allocations` where the caller has read them, otherwise in one query."""
    if allocations is not None:
        return dict(Counter(row.keyworker_id for row in allocations.values() if row.keyworker_id))
    held = Allocation.objects.filter(prisoner__current_prison=prison, keyworker__isnull=False)
    if only is not None:
        held = held.filter(keyworker=only)
    return dict(
        held.values("keyworker_id").annotate(n=Count("id")).values_list("keyworker_id", "n")
    )


def get_staff_user(prison: Prison, username: str) -> Any:
    """A member of staff holding a POM or keyworker role at the prison; 404 otherwise."""
    user = (
        get_user_model()
        .objects.filter(
            username=username,
            prison_roles__prison=prison,
            prison_roles__role__in=STAFF_ROLES,
        )
        .select_related("staff")
        .first()
    )
    if user is None:
        raise Http404("No POM or keyworker with that name at this prison.")
    return user


def staff_member(user: Any) -> StaffMember:
    """The user's staff record, or an unsaved default one (status active, full time)."""
    try:
        return user.staff
    except StaffMember.DoesNotExist:
        return StaffMember(user=user)


def fresh_staff_member(user: Any) -> StaffMember:
    """The user's staff record read now (services must not trust a cached relation)."""
    return StaffMember.objects.filter(user=user).first() or StaffMember(user=user)


def com_users() -> list[Any]:
    """Everyone who holds a COM role in the service, by name."""
    return list(
        get_user_model()
        .objects.filter(prison_roles__role=Role.COM)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
