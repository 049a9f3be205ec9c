"""Reads for allocation: queues, caseloads, staff and suggestions, each in a fixed number of
queries whatever the prison's size (the engine runs over whole querysets, never per row)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from allocation import rules as arules
from allocation.models import AllocationEvent
from cases import rules
from cases.access import get_prisoner_for_user, poms_see_unit_figures, prisoners_for_user
from cases.models import Allocation, Movement, Prison, Prisoner, Role, StaffMember, StaffRole
from cases.roles import PERMISSIONS
from cases.selectors import (
    DEADLINE_LABELS,
    POM_TYPE_LABELS,
    RESPONSIBILITY_LABELS,
    evaluate_cases,
    pom_contact_overdue,
    prison_rules,
    with_case_columns,
)

User = AbstractBaseUser | AnonymousUser

# Only these legal statuses can be in OMiC scope (omic-rules.md section 2); the engine still
# decides, but filtering in SQL first keeps the queues' work proportional to their size.
IN_SCOPE_STATUSES = (
    Prisoner.LegalStatus.SENTENCED,
    Prisoner.LegalStatus.RECALLED,
    Prisoner.LegalStatus.IMMIGRATION_DETAINEE,
)
POM_ROLE_VALUES = tuple(r.value for r in (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM))
ROLE_LABELS = dict(Role.choices)


# --------------------------------------------------------------------------------------------
# Access


def roles_at(user: User, prison: Prison | None) -> set[str]:
    if prison is None or not user.is_authenticated:
        return set()
    return set(StaffRole.objects.filter(user=user, prison=prison).values_list("role", flat=True))


def has_prison_perm(user: User, prison: Prison | None, perm: str) -> bool:
    """The user holds `perm` through a role at this prison (not just somewhere)."""
    if prison is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(roles_at(user, prison) & {str(r) for r in PERMISSIONS.get(perm, ())})


def require_prison_perm(user: User, prison: Prison | None, perm: str) -> Prison:
    if prison is None:
        raise Http404("You do not work at a prison yet.")
    if not has_prison_perm(user, prison, perm):
        raise PermissionDenied
    return prison


def sees_others_caseloads(user: User, prison: Prison) -> bool:
    """Other POMs' caseload pages: anyone viewing caseloads at the prison, and its POMs when
    the prison's policy lets POMs see the unit's figures (issue 9)."""
    if has_prison_perm(user, prison, "allocation.view_caseloads"):
        return True
    return bool(roles_at(user, prison) & set(POM_ROLE_VALUES)) and poms_see_unit_figures(prison)


def get_prisoner_to_allocate(user: User, prison_number: str) -> Prisoner:
    """A prisoner the user may allocate: in their scope (else 404) and at a prison where they
    hold an allocating role (else 403). Released prisoners cannot be allocated (404)."""
    prisoner = get_prisoner_for_user(user, prison_number)
    if prisoner.current_prison is None:
        raise Http404("This prisoner has been released.")
    require_prison_perm(user, prisoner.current_prison, "allocation.assign_case")
    return prisoner


def get_staff_user(prison: Prison, username: str) -> Any:
    """A member of staff holding a POM or keyworker role at the prison; 404 otherwise."""
    user = (
        get_user_model()
        .objects.filter(
            username=username,
            prison_roles__prison=prison,
            prison_roles__role__in=(*POM_ROLE_VALUES, Role.KEYWORKER),
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


def display_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --------------------------------------------------------------------------------------------
# Staff and caseloads at a prison


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


class _Tally:
    """Counts one POM's cases into a `Caseload` (shared by the staff page and a caseload)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.tiers: Counter[str] = Counter()

    def add(
        self,
        *,
        coworking: bool,
        ev: rules.Evaluation | None,
        tier: str,
        high_complexity: bool,
        allocated_at: dt.datetime | None,
        today: dt.date,
    ) -> None:
        if coworking:
            self.counts["coworking"] += 1
            return
        com_responsible = ev is not None and ev.responsibility.responsible == "com"
        self.counts["supporting" if com_responsible else "responsible"] += 1
        self.counts["high"] += high_complexity
        if allocated_at and rules.london_day(allocated_at) > today - dt.timedelta(days=7):
            self.counts["new"] += 1
        self.tiers[(tier or "")[:1]] += 1
        ho = ev.handover if ev else None
        if (
            ho
            and ho.handover_date
            and ho.upcoming_from
            and ho.upcoming_from <= today <= ho.handover_date
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
    prison: Prison, *, today: dt.date, evaluations: dict[int, rules.Evaluation] | None = None
) -> dict[int, arules.Caseload]:
    """Every POM's caseload at the prison: the engine once over every held case (unless the
    caller has already evaluated the prison), and one query for the allocations."""
    if evaluations is None:
        held = Prisoner.objects.filter(current_prison=prison).filter(
            Q(allocation__primary_pom__isnull=False) | Q(allocation__secondary_pom__isnull=False)
        )
        evaluations = evaluate_cases(held, today=today)
    rows = Allocation.objects.filter(prisoner__current_prison=prison).filter(
        Q(primary_pom__isnull=False) | Q(secondary_pom__isnull=False)
    )
    womens = prison.function == Prison.Function.WOMENS
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for row in rows.values(
        "prisoner_id",
        "primary_pom_id",
        "secondary_pom_id",
        "pom_allocated_at",
        "prisoner__tier",
        "prisoner__complexity_of_need",
    ):
        for pom, coworking in ((row["primary_pom_id"], False), (row["secondary_pom_id"], True)):
            if pom:
                tallies[pom].add(
                    coworking=coworking,
                    ev=evaluations.get(row["prisoner_id"]),
                    tier=row["prisoner__tier"],
                    high_complexity=womens
                    and row["prisoner__complexity_of_need"] == Prisoner.Complexity.HIGH,
                    allocated_at=row["pom_allocated_at"],
                    today=today,
                )
    return {pk: tally.caseload() for pk, tally in tallies.items()}


def prison_staff(
    prison: Prison,
    *,
    today: dt.date,
    with_caseloads: bool = True,
    only: Any = None,
    evaluations: dict[int, rules.Evaluation] | None = None,
) -> list[StaffRow]:
    """POMs and keyworkers at the prison (or `only` that user) with caseloads and capacity.

    Queries: policy (1), staff with their records (1), caseloads (engine and one), keyworker
    counts (1).
    """
    policy = prison_rules(prison).policy
    roles = (
        StaffRole.objects.filter(prison=prison, role__in=(*POM_ROLE_VALUES, Role.KEYWORKER))
        .select_related("user", "user__staff")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    if only is not None:
        roles = roles.filter(user=only)
    by_user: dict[int, tuple[Any, set[str]]] = {}
    for staff_role in roles:
        by_user.setdefault(staff_role.user_id, (staff_role.user, set()))[1].add(staff_role.role)
    caseloads = _caseloads(prison, today=today, evaluations=evaluations) if with_caseloads else {}
    keywork = dict(
        Allocation.objects.filter(prisoner__current_prison=prison, keyworker__isnull=False)
        .values("keyworker_id")
        .annotate(n=Count("id"))
        .values_list("keyworker_id", "n")
    )
    staff: list[StaffRow] = []
    for pk, (user, held) in by_user.items():
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
        staff.append(
            StaffRow(
                user=user,
                member=member,
                roles=held,
                pom_role=pom_role,
                pom_type=arules.staff_pom_type(pom_role, prison.omu_model),
                capacity=capacity,
                caseload=caseloads.get(pk, arules.Caseload()),
                keyworker_capacity=kw_capacity,
                keyworker_prisoners=keywork.get(pk, 0),
            )
        )
    return staff


STAFF_SORTS = {
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


def keyworker_loads(prison: Prison) -> dict[int, int]:
    return dict(
        Allocation.objects.filter(prisoner__current_prison=prison, keyworker__isnull=False)
        .values("keyworker_id")
        .annotate(n=Count("id"))
        .values_list("keyworker_id", "n")
    )


# --------------------------------------------------------------------------------------------
# Queues


@dataclass
class CaseRow:
    """One case in a list: display columns and the engine's answer for it."""

    id: int
    prison_number: str
    first_name: str
    last_name: str
    tier: str
    rosh: str
    complexity_of_need: str
    legal_status: str
    arrival: dt.datetime | None
    evaluation: rules.Evaluation
    today: dt.date
    reasons: tuple[str, ...] = ()
    allocation: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def pom_type(self) -> str | None:
        return self.evaluation.pom_type.value

    @property
    def pom_type_label(self) -> str:
        return POM_TYPE_LABELS.get(self.pom_type or "", "No recommendation")

    @property
    def rosh_label(self) -> str:
        return Prisoner.Rosh(self.rosh).label if self.rosh else ""

    @property
    def arrival_day(self) -> dt.date | None:
        return timezone.localdate(self.arrival) if self.arrival else None

    @property
    def days_waiting(self) -> int | None:
        return arules.days_waiting(self.arrival_day, self.today)

    @property
    def release(self) -> rules.ReleaseDate:
        return self.evaluation.earliest_release_date

    @property
    def handover(self) -> rules.Handover:
        return self.evaluation.handover


_ROW_COLUMNS = (
    "id",
    "prison_number",
    "first_name",
    "last_name",
    "tier",
    "rosh",
    "complexity_of_need",
    "legal_status",
    "arrival_datetime",
)


def _latest_arrival() -> Subquery:
    return Subquery(
        Movement.objects.filter(
            prisoner=OuterRef("pk"),
            kind__in=[Movement.Kind.ADMISSION, Movement.Kind.TRANSFER],
            to_prison=OuterRef("current_prison"),
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


def _rows(qs: QuerySet[Prisoner], *, today: dt.date, extra: Sequence[str] = ()) -> list[CaseRow]:
    """Display rows and evaluations for every prisoner in `qs`: the rows (one query), then
    the engine over just their ids, so the list's filters run once."""
    values = list(qs.annotate(arrival_datetime=_latest_arrival()).values(*_ROW_COLUMNS, *extra))
    evaluations = evaluate_cases(
        Prisoner.objects.filter(pk__in=[v["id"] for v in values]), today=today
    )
    rows = []
    for v in values:
        rows.append(
            CaseRow(
                id=v["id"],
                prison_number=v["prison_number"],
                first_name=v["first_name"],
                last_name=v["last_name"],
                tier=v["tier"],
                rosh=v["rosh"],
                complexity_of_need=v["complexity_of_need"],
                legal_status=v["legal_status"],
                arrival=v["arrival_datetime"],
                evaluation=evaluations[v["id"]],
                today=today,
                allocation={k: v[k] for k in extra},
            )
        )
    return rows


def _newest_arrival_first(rows: list[CaseRow]) -> list[CaseRow]:
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda r: (r.arrival or epoch, r.prison_number), reverse=True)


def unallocated(user: User, prison: Prison) -> QuerySet[Prisoner]:
    return (
        prisoners_for_user(user)
        .filter(current_prison=prison, legal_status__in=IN_SCOPE_STATUSES)
        .filter(Q(allocation__isnull=True) | Q(allocation__primary_pom__isnull=True))
    )


@dataclass(frozen=True)
class Queue:
    rows: list[CaseRow]  # ready to allocate, filtered by type
    counts: dict[str, int]  # by required POM type, before the filter
    total: int
    missing: list[CaseRow]  # in scope, cannot be allocated yet


def allocation_queue(user: User, prison: Prison, *, today: dt.date, pom_type: str = "") -> Queue:
    """In-scope prisoners without a POM, newest arrival first, and those missing information.

    Queries: the engine (2) and the display rows (1), whatever the number of cases.
    """
    womens = prison.function == Prison.Function.WOMENS
    ready: list[CaseRow] = []
    missing: list[CaseRow] = []
    for row in _rows(unallocated(user, prison), today=today):
        ev = row.evaluation
        if not ev.in_omic_scope.value:
            continue
        reasons = arules.missing_information(
            in_scope=True,
            pom_type=ev.pom_type.value,
            pom_type_explanation=ev.pom_type.explanation,
            womens_estate=womens,
            complexity_of_need=row.complexity_of_need or None,
        )
        if reasons:
            row.reasons = reasons
            missing.append(row)
        else:
            ready.append(row)
    counts = Counter(r.pom_type or "" for r in ready)
    shown = [r for r in ready if not pom_type or r.pom_type == pom_type]
    return Queue(
        rows=_newest_arrival_first(shown),
        counts={t: counts.get(t, 0) for t in POM_TYPE_LABELS if counts.get(t)},
        total=len(ready),
        missing=_newest_arrival_first(missing),
    )


def reallocation_needed(user: User, prison: Prison, *, today: dt.date) -> list[CaseRow]:
    """Cases with a POM that need attention: the POM left, is away with no cover, works
    elsewhere, the POM type no longer matches, or the prisoner transferred in since.

    Queries: staff (1), engine (2), rows with the POM and latest arrival kind (1).
    """
    staff = {s.user.pk: s for s in prison_staff(prison, today=today, with_caseloads=False)}
    qs = prisoners_for_user(user).filter(
        current_prison=prison, allocation__primary_pom__isnull=False
    )
    arrival_kind = Subquery(
        Movement.objects.filter(
            prisoner=OuterRef("pk"),
            kind__in=[Movement.Kind.ADMISSION, Movement.Kind.TRANSFER],
            to_prison=OuterRef("current_prison"),
        )
        .order_by("-occurred_at")
        .values("kind")[:1]
    )
    qs = qs.annotate(arrival_kind=arrival_kind)
    extra = (
        "arrival_kind",
        "allocation__primary_pom_id",
        "allocation__primary_pom__first_name",
        "allocation__primary_pom__last_name",
        "allocation__primary_pom__username",
        "allocation__primary_pom__staff__status",
        "allocation__primary_pom__staff__return_date",
        "allocation__secondary_pom_id",
        "allocation__pom_allocated_at",
        "allocation__accepted_mismatch_type",
        "allocation__version",
    )
    needing = []
    for row in _rows(qs, today=today, extra=extra):
        a = row.allocation
        pom_id = a["allocation__primary_pom_id"]
        here = staff.get(pom_id)
        name = (
            f"{a['allocation__primary_pom__first_name']} {a['allocation__primary_pom__last_name']}"
        ).strip() or a["allocation__primary_pom__username"]
        allocated_at = a["allocation__pom_allocated_at"]
        reasons = arules.reallocation_reasons(
            pom_name=name,
            pom_works_here=here is not None and here.is_pom,
            pom_status=a["allocation__primary_pom__staff__status"] or "active",
            pom_return_date=a["allocation__primary_pom__staff__return_date"],
            pom_type=here.pom_type if here else None,
            required_type=row.pom_type if row.evaluation.in_omic_scope.value else None,
            accepted_mismatch_type=a["allocation__accepted_mismatch_type"],
            has_coworker=bool(a["allocation__secondary_pom_id"]),
            transferred_in_on=row.arrival_day
            if a["arrival_kind"] == Movement.Kind.TRANSFER
            else None,
            allocated_on=timezone.localdate(allocated_at) if allocated_at else None,
        )
        if reasons:
            row.reasons = reasons
            row.allocation["pom_name"] = name
            needing.append(row)
    return _newest_arrival_first(needing)


def com_needed(user: User, prison: Prison, *, today: dt.date) -> list[CaseRow]:
    """In-scope cases past their COM allocation date (or COM responsible) with no COM.

    Queries: engine (2), rows (1).
    """
    qs = (
        prisoners_for_user(user)
        .filter(current_prison=prison, legal_status__in=IN_SCOPE_STATUSES)
        .filter(
            Q(allocation__isnull=True) | Q(allocation__com__isnull=True, allocation__com_name="")
        )
    )
    rows = []
    for row in _rows(qs, today=today):
        ev = row.evaluation
        reason = arules.com_missing_reason(
            has_com=False,
            in_scope=ev.in_omic_scope.value,
            responsible=ev.responsibility.responsible,
            supporting=ev.responsibility.supporting,
            com_allocation_date=ev.handover.com_allocation_date,
            com_allocation_overdue_from=ev.handover.com_allocation_overdue_from,
            today=today,
        )
        if reason:
            row.reasons = (reason,)
            rows.append(row)
    far = dt.date.max
    return sorted(rows, key=lambda r: (r.handover.com_allocation_date or far, r.prison_number))


def keyworker_needed(user: User, prison: Prison, *, today: dt.date) -> tuple[list[CaseRow], int]:
    """Prisoners without a keyworker who need one (the engine's keyworker deadline applies),
    soonest due first, and how many women get extra POM time instead. Queries: engine (2),
    rows (1), previous keyworkers (1)."""
    qs = (
        prisoners_for_user(user)
        .filter(current_prison=prison)
        .filter(Q(allocation__isnull=True) | Q(allocation__keyworker__isnull=True))
    )
    rows = []
    instead = 0
    for row in _rows(qs, today=today, extra=("allocation__version",)):
        deadline = row.evaluation.deadlines.keyworker_allocation
        if not deadline.applies:
            instead += 1
            continue
        row.reasons = (deadline.explanation,)
        row.allocation["due"] = deadline.due
        rows.append(row)
    previous = previous_holders([r.id for r in rows], field="keyworker_id")
    for row in rows:
        row.allocation["previous"] = previous.get(row.id, ())
    far = dt.date.max
    rows.sort(key=lambda r: (r.allocation["due"] or far, r.prison_number))
    return rows, instead


# --------------------------------------------------------------------------------------------
# One case


def previous_holders(prisoner_ids: Iterable[int], *, field: str) -> dict[int, tuple[int, ...]]:
    """Everyone who held `field` (primary_pom_id, secondary_pom_id, keyworker_id) for each
    prisoner, most recent first, from the allocation's history: one query."""
    seen: dict[int, list[int]] = defaultdict(list)
    history = (
        Allocation.history.filter(prisoner_id__in=list(prisoner_ids))
        .exclude(**{f"{field}__isnull": True})
        .order_by("-history_date", "-history_id")
        .values_list("prisoner_id", field)
    )
    for prisoner_id, holder in history:
        if holder not in seen[prisoner_id]:
            seen[prisoner_id].append(holder)
    return {pk: tuple(ids) for pk, ids in seen.items()}


def evaluate_one(prisoner: Prisoner, *, today: dt.date) -> rules.Evaluation:
    return evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]


def current_allocation(prisoner: Prisoner) -> Allocation:
    """The prisoner's allocation with its people, or an unsaved empty one (version 0)."""
    found = (
        Allocation.objects.select_related("primary_pom", "secondary_pom", "keyworker", "com")
        .filter(prisoner=prisoner)
        .first()
    )
    return found or Allocation(prisoner=prisoner)


@dataclass(frozen=True)
class AllocateContext:
    prisoner: Prisoner
    allocation: Allocation
    evaluation: rules.Evaluation
    missing: tuple[str, ...]
    suggestions: list[arules.Suggestion]
    role: str
    staff: dict[int, StaffRow]

    @property
    def can_allocate(self) -> bool:
        return self.evaluation.in_omic_scope.value and not self.missing

    @property
    def required_type(self) -> str | None:
        return self.evaluation.pom_type.value

    @property
    def required_label(self) -> str:
        return POM_TYPE_LABELS.get(self.required_type or "", "No recommendation")

    @property
    def responsibility_label(self) -> str:
        return RESPONSIBILITY_LABELS[self.evaluation.responsibility.state]

    @property
    def current(self) -> Any:
        a = self.allocation
        return a.primary_pom if self.role == "primary" else a.secondary_pom

    @property
    def top(self) -> arules.Suggestion | None:
        first = self.suggestions[0] if self.suggestions else None
        return first if first and first.suggested else None

    def suggestion_for(self, user_id: int) -> arules.Suggestion | None:
        return next((s for s in self.suggestions if s.candidate.user_id == user_id), None)


def allocate_context(prisoner: Prisoner, *, role: str, today: dt.date) -> AllocateContext:
    """Everything the allocate page shows: required type and why, ranked POMs with loads and
    warnings. Queries: allocation (1), engine (2), staff and caseloads (6), history (1)."""
    prison = prisoner.current_prison
    assert prison is not None  # get_prisoner_to_allocate refuses released prisoners
    allocation = current_allocation(prisoner)
    evaluation = evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]
    missing = arules.missing_information(
        in_scope=evaluation.in_omic_scope.value,
        pom_type=evaluation.pom_type.value,
        pom_type_explanation=evaluation.pom_type.explanation,
        womens_estate=prison.function == Prison.Function.WOMENS,
        complexity_of_need=prisoner.complexity_of_need or None,
    )
    staff = {s.user.pk: s for s in prison_staff(prison, today=today) if s.is_pom}
    held_as_pom = set(previous_holders([prisoner.pk], field="primary_pom_id").get(prisoner.pk, ()))
    held_as_coworker = set(
        previous_holders([prisoner.pk], field="secondary_pom_id").get(prisoner.pk, ())
    )
    excluded = {allocation.primary_pom_id, allocation.secondary_pom_id} - {None}
    candidates = [
        arules.PomCandidate(
            user_id=pk,
            name=s.name,
            pom_type=s.pom_type,
            status=s.member.status,
            return_date=s.member.return_date,
            capacity=s.capacity,  # type: ignore[arg-type]  # POMs always have one
            caseload=s.caseload,
            held_as_pom=pk in held_as_pom,
            held_as_coworker=pk in held_as_coworker,
            username=s.user.get_username(),
        )
        for pk, s in staff.items()
        if pk not in excluded
    ]
    suggestions = arules.rank_pom_candidates(
        evaluation.pom_type.value,
        candidates,
        coworking=role == "secondary",
        womens_high_complexity=prison.function == Prison.Function.WOMENS
        and prisoner.complexity_of_need == Prisoner.Complexity.HIGH,
    )
    return AllocateContext(
        prisoner=prisoner,
        allocation=allocation,
        evaluation=evaluation,
        missing=missing,
        suggestions=suggestions,
        role=role,
        staff=staff,
    )


@dataclass(frozen=True)
class KeyworkerContext:
    prisoner: Prisoner
    allocation: Allocation
    deadline: rules.Deadline
    suggestions: list[arules.KeyworkerSuggestion]


def keyworker_context(prisoner: Prisoner, *, today: dt.date) -> KeyworkerContext:
    prison = prisoner.current_prison
    assert prison is not None
    allocation = current_allocation(prisoner)
    evaluation = evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]
    staff = [s for s in prison_staff(prison, today=today, with_caseloads=False) if s.is_keyworker]
    previous = set(previous_holders([prisoner.pk], field="keyworker_id").get(prisoner.pk, ()))
    candidates = [
        arules.KeyworkerCandidate(
            user_id=s.user.pk,
            name=s.name,
            status=s.member.status,
            return_date=s.member.return_date,
            prisoners=s.keyworker_prisoners,
            capacity=s.keyworker_capacity,  # type: ignore[arg-type]
            previous=s.user.pk in previous,
        )
        for s in staff
        if s.user.pk != allocation.keyworker_id
    ]
    return KeyworkerContext(
        prisoner=prisoner,
        allocation=allocation,
        deadline=evaluation.deadlines.keyworker_allocation,
        suggestions=arules.rank_keyworkers(candidates),
    )


@dataclass(frozen=True)
class HistoryItem:
    event: AllocationEvent

    @property
    def title(self) -> str:
        e = self.event
        role = e.get_role_display()
        if e.kind == AllocationEvent.Kind.COM_RECORDED:
            return "COM recorded"
        if e.kind == AllocationEvent.Kind.COM_REMOVED:
            return "COM removed"
        if e.kind == AllocationEvent.Kind.DEALLOCATED:
            return f"{role} de-allocated"
        return f"{role} {e.get_kind_display().lower()}"

    @property
    def summary(self) -> str:
        e = self.event
        before, after = display_name(e.from_user), display_name(e.to_user)
        if e.role == AllocationEvent.Role.COM:
            return e.detail
        if before and after:
            return f"{before} to {after}"
        return after or (f"{before} removed" if before else "")

    @property
    def by(self) -> str:
        return display_name(self.event.created_by) or "System"

    @property
    def override(self) -> str:
        e = self.event
        if not e.override_reason:
            return ""
        label = e.get_override_reason_display()
        return f"{label}: {e.override_detail}" if e.override_detail else label


def allocation_history(prisoner: Prisoner) -> list[HistoryItem]:
    """Every allocation decision for the case, newest first: one query (two for a case whose
    allocation was loaded outside the services, e.g. imported or demo data)."""
    events = list(
        AllocationEvent.objects.filter(prisoner=prisoner).select_related(
            "from_user", "to_user", "created_by"
        )
    )
    if not events:
        events = _events_from_history(prisoner)
    return [HistoryItem(e) for e in events]


_HISTORY_ROLES = (
    ("primary_pom", AllocationEvent.Role.PRIMARY),
    ("secondary_pom", AllocationEvent.Role.SECONDARY),
    ("keyworker", AllocationEvent.Role.KEYWORKER),
)


def _events_from_history(prisoner: Prisoner) -> list[AllocationEvent]:
    """Unsaved events read back from the allocation's field history, newest first, so an
    allocation recorded before the decision log (or imported) still shows who and when."""
    records = (
        Allocation.history.filter(prisoner_id=prisoner.pk)
        .select_related("history_user", "primary_pom", "secondary_pom", "keyworker")
        .order_by("history_date", "history_id")
    )
    events: list[AllocationEvent] = []
    before: Any = None
    for record in records:
        for field_name, role in _HISTORY_ROLES:
            old = getattr(before, f"{field_name}_id") if before is not None else None
            new = getattr(record, f"{field_name}_id")
            if old == new:
                continue
            kind = (
                AllocationEvent.Kind.DEALLOCATED
                if new is None
                else AllocationEvent.Kind.REALLOCATED
                if old
                else AllocationEvent.Kind.ALLOCATED
            )
            when = record.pom_allocated_at if role == "primary" and new else None
            events.append(
                AllocationEvent(
                    prisoner=prisoner,
                    kind=kind,
                    role=role,
                    from_user=getattr(before, field_name) if old else None,
                    to_user=getattr(record, field_name) if new else None,
                    reason=record.history_change_reason
                    or (record.reason if role == "primary" else ""),
                    created_by=record.history_user,
                    created_at=when or record.history_date,
                )
            )
        before = record
    return sorted(events, key=lambda e: e.created_at, reverse=True)


# --------------------------------------------------------------------------------------------
# A POM's caseload


@dataclass
class CaseloadRow:
    prisoner: Prisoner
    evaluation: rules.Evaluation
    role: str  # responsible, supporting, coworking
    next_deadline: tuple[str, dt.date] | None

    @property
    def role_label(self) -> str:
        return {
            "responsible": "POM responsible",
            "supporting": "POM supporting",
            "coworking": "Co-working",
        }[self.role]


def _next_deadline(ev: rules.Evaluation, today: dt.date) -> tuple[str, dt.date] | None:
    """The soonest engine deadline on or after today (completions are recorded elsewhere)."""
    upcoming = []
    for name, label in DEADLINE_LABELS.items():
        deadline = getattr(ev.deadlines, name)
        due = deadline.due
        if not deadline.applies or due is None:
            continue
        day = rules.london_day(due) if isinstance(due, dt.datetime) else due
        if day >= today:
            upcoming.append((day, label))
    if not upcoming:
        return None
    day, label = min(upcoming)
    return label, day


CASELOAD_SORTS = {
    "name": lambda r: (r.prisoner.last_name, r.prisoner.first_name, r.prisoner.prison_number),
    "release": lambda r: (
        r.prisoner.display_release_date or dt.date.max,
        r.prisoner.prison_number,
    ),
    "handover": lambda r: (
        r.evaluation.handover.handover_date or dt.date.max,
        r.prisoner.prison_number,
    ),
    "deadline": lambda r: (
        r.next_deadline[1] if r.next_deadline else dt.date.max,
        r.prisoner.prison_number,
    ),
}


def pom_caseload(
    prison: Prison, pom: Any, *, today: dt.date, sort: str = "name"
) -> list[CaseloadRow]:
    """The POM's cases at the prison (as POM and co-working). Queries: engine (2), rows (1)."""
    qs = Prisoner.objects.filter(current_prison=prison).filter(
        Q(allocation__primary_pom=pom) | Q(allocation__secondary_pom=pom)
    )
    evaluations = evaluate_cases(qs, today=today)
    rows = []
    for p in with_case_columns(qs, today=today).select_related("allocation"):
        ev = evaluations[p.pk]
        if p.allocation.primary_pom_id == pom.pk:
            role = "supporting" if ev.responsibility.responsible == "com" else "responsible"
        else:
            role = "coworking"
        rows.append(CaseloadRow(p, ev, role, _next_deadline(ev, today)))
    rows.sort(key=CASELOAD_SORTS.get(sort, CASELOAD_SORTS["name"]))
    return rows


def caseload_summary(
    prison: Prison, pom: Any, rows: Sequence[CaseloadRow], *, today: dt.date
) -> StaffRow | None:
    """The POM's capacity and caseload from their caseload rows (no second engine run):
    policy, their roles and keyworker counts, three queries. None if not a POM here."""
    found = prison_staff(prison, today=today, with_caseloads=False, only=pom)
    if not found or not found[0].is_pom:
        return None
    womens = prison.function == Prison.Function.WOMENS
    tally = _Tally()
    for row in rows:
        p = row.prisoner
        tally.add(
            coworking=row.role == "coworking",
            ev=row.evaluation,
            tier=p.tier,
            high_complexity=womens and p.complexity_of_need == Prisoner.Complexity.HIGH,
            allocated_at=p.allocation.pom_allocated_at,
            today=today,
        )
    found[0].caseload = tally.caseload()
    return found[0]


def compare_poms(prison: Prison, usernames: Sequence[str], *, today: dt.date) -> list[StaffRow]:
    """Up to 4 POMs side by side (case mix by type and tier, new cases, handovers)."""
    wanted = list(dict.fromkeys(usernames))[:4]
    staff = [s for s in prison_staff(prison, today=today) if s.is_pom]
    by_name = {s.user.username: s for s in staff}
    return [by_name[u] for u in wanted if u in by_name]


def staff_list_for_api(user: User, *, prison_code: str = "", today: dt.date) -> list[StaffRow]:
    """Staff at the caller's prisons where they may see caseloads (optionally one prison)."""
    from cases.access import prisons_for_user

    prisons = prisons_for_user(user).select_related("policy").order_by("code")
    if prison_code:
        prisons = prisons.filter(code=prison_code.upper())
    rows: list[StaffRow] = []
    for prison in prisons:
        if has_prison_perm(user, prison, "allocation.view_caseloads"):
            for row in prison_staff(prison, today=today):
                row.prison = prison  # type: ignore[attr-defined]
                rows.append(row)
    return rows


def com_users() -> list[Any]:
    """Everyone who holds a COM role in the service, by name."""
    return list(
        get_user_model()
        .objects.filter(prison_roles__role=Role.COM)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def suggest_keyworkers(
    rows: Sequence[CaseRow], staff: Sequence[StaffRow], *, data: Any = None
) -> None:
    """Set each row's suggested keyworker (previous first, then lowest load, spread evenly)
    as `allocation["chosen"]`, unless the form posted another; and whether it is ticked."""
    receivers = [
        arules.Receiver(
            user_id=s.user.pk,
            kind="keyworker",
            load=s.keyworker_prisoners,
            capacity=s.keyworker_capacity.value if s.keyworker_capacity else 1,
            available=s.member.status == StaffMember.Status.ACTIVE,
        )
        for s in staff
    ]
    placed = arules.spread_cases(
        [
            arules.CaseToPlace(r.id, "keyworker", previous=r.allocation.get("previous", ()))
            for r in rows
        ],
        receivers,
    )
    ticked = set(data.getlist("prisoner")) if data is not None else set()
    for r in rows:
        posted = data.get(f"keyworker_{r.id}", "") if data is not None else ""
        r.allocation["chosen"] = int(posted) if posted.isdigit() else placed.get(r.id)
        r.allocation["checked"] = str(r.id) in ticked


# --------------------------------------------------------------------------------------------
# Bulk re-allocation


@dataclass
class MoveRow:
    case: CaseRow
    role: str  # primary or secondary
    version: int
    suggested: int | None
    chosen: int | None
    checked: bool
    load: float

    @property
    def role_label(self) -> str:
        return "POM" if self.role == AllocationEvent.Role.PRIMARY else "Co-working POM"


@dataclass
class BulkMovePlan:
    from_pom: Any
    rows: list[MoveRow]
    receivers: list[StaffRow]

    def receiver(self, user_id: int | None) -> StaffRow | None:
        return next((s for s in self.receivers if s.user.pk == user_id), None)


@dataclass
class PreviewLine:
    row: MoveRow
    to: StaffRow
    warnings: tuple[arules.AllocationWarning, ...]


@dataclass
class ReceiverAfter:
    staff: StaffRow
    before: float
    after: float
    status_after: str
    moving: int


@dataclass
class BulkPreview:
    moves: list[Any]
    lines: list[PreviewLine]
    after: list[ReceiverAfter]
    errors: list[str]

    @property
    def warned(self) -> bool:
        return any(line.warnings for line in self.lines)

    @property
    def ok(self) -> bool:
        return not self.errors


def bulk_move_plan(
    prison: Prison, from_pom: Any, *, today: dt.date, data: Any = None
) -> BulkMovePlan:
    """A POM's cases at the prison with a suggested receiver each (continuity, then the
    lowest load after taking it, spread evenly). Queries: staff (6), engine (2), rows (1),
    history (1)."""
    staff = [s for s in prison_staff(prison, today=today) if s.is_pom]
    receivers = [s for s in staff if s.user.pk != from_pom.pk and s.member.status != "inactive"]
    qs = Prisoner.objects.filter(current_prison=prison).filter(
        Q(allocation__primary_pom=from_pom) | Q(allocation__secondary_pom=from_pom)
    )
    extra = ("allocation__version", "allocation__primary_pom_id", "allocation__secondary_pom_id")
    rows = sorted(_rows(qs, today=today, extra=extra), key=lambda r: (r.last_name, r.first_name))
    previous = previous_holders([r.id for r in rows], field="primary_pom_id")
    womens = prison.function == Prison.Function.WOMENS
    places = []
    for r in rows:
        primary = r.allocation["allocation__primary_pom_id"] == from_pom.pk
        other = r.allocation[
            "allocation__secondary_pom_id" if primary else "allocation__primary_pom_id"
        ]
        r.allocation["role"] = (
            AllocationEvent.Role.PRIMARY if primary else AllocationEvent.Role.SECONDARY
        )
        r.allocation["load"] = arules.case_load(
            coworking=not primary,
            womens_high_complexity=womens and r.complexity_of_need == Prisoner.Complexity.HIGH,
        )
        in_scope = r.evaluation.in_omic_scope.value
        places.append(
            arules.CaseToPlace(
                r.id,
                r.pom_type if in_scope else None,
                load=r.allocation["load"],
                previous=tuple(p for p in previous.get(r.id, ()) if p != from_pom.pk),
                avoid=(other,) if other else (),
            )
        )
    placed = arules.spread_cases(
        places,
        [
            arules.Receiver(
                s.user.pk,
                s.pom_type,
                s.load,
                s.capacity.value if s.capacity else 1,
                s.member.status == StaffMember.Status.ACTIVE,
            )
            for s in receivers
        ],
        exclude=from_pom.pk,
    )
    ticked = set(data.getlist("case")) if data is not None else None
    move_rows = []
    for r in rows:
        posted = data.get(f"to_{r.id}", "") if data is not None else ""
        # The version the admin first saw travels with the form (preview, then confirm).
        seen = data.get(f"version_{r.id}", "") if data is not None else ""
        move_rows.append(
            MoveRow(
                case=r,
                role=r.allocation["role"],
                version=int(seen) if seen.isdigit() else r.allocation["allocation__version"] or 0,
                suggested=placed.get(r.id),
                chosen=int(posted) if posted.isdigit() else placed.get(r.id),
                checked=True if ticked is None else str(r.id) in ticked,
                load=r.allocation["load"],
            )
        )
    return BulkMovePlan(from_pom=from_pom, rows=move_rows, receivers=receivers)


def bulk_move_preview(plan: BulkMovePlan, data: Any) -> BulkPreview:
    """What the chosen moves would do: each case's warnings and each receiver's load after."""
    from allocation.services import PlannedMove

    errors: list[str] = []
    lines: list[PreviewLine] = []
    loads = {s.user.pk: s.load for s in plan.receivers}
    moving: Counter[int] = Counter()
    chosen = [r for r in plan.rows if r.checked]
    if not chosen:
        errors.append("Select at least one case to move.")
    for row in chosen:
        to = plan.receiver(row.chosen)
        if to is None:
            errors.append(f"Choose who takes {row.case.first_name} {row.case.last_name}.")
            continue
        loads[to.user.pk] += row.load
        moving[to.user.pk] += 1
        in_scope = row.case.evaluation.in_omic_scope.value
        warnings = arules.allocation_warnings(
            required_type=row.case.pom_type if in_scope else None,
            candidate_type=to.pom_type,
            candidate_name=to.name,
            status=to.member.status,
            return_date=to.member.return_date,
            load_after=loads[to.user.pk],
            capacity=to.capacity.value if to.capacity else 0,
        )
        lines.append(PreviewLine(row, to, warnings))
    after = [
        ReceiverAfter(
            s,
            s.load,
            loads[s.user.pk],
            arules.load_status(loads[s.user.pk], s.capacity.value if s.capacity else 0),
            moving[s.user.pk],
        )
        for s in plan.receivers
        if moving[s.user.pk]
    ]
    moves = [
        PlannedMove(line.row.case.id, line.to.user.pk, line.row.version, line.row.role)
        for line in lines
    ]
    return BulkPreview(moves=moves, lines=lines, after=after, errors=errors)


@dataclass(frozen=True)
class PomWork:
    """A POM's work at a glance on their caseload page: tasks and contact owed."""

    tasks_overdue: int
    tasks_due_soon: int
    contact_overdue: list[Prisoner]


def pom_work(prison: Prison, pom: Any, rows: Sequence[CaseloadRow], *, today: dt.date) -> PomWork:
    """Two queries: the POM's open tasks counted, and the last POM contact of their cases."""
    from screening.models import Task

    now = timezone.now()
    counts = Task.objects.filter(
        owner=pom, status=Task.Status.OPEN, prisoner__current_prison=prison
    ).aggregate(
        overdue=Count("id", filter=Q(due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=today)),
        due_soon=Count("id", filter=Q(due_soon=True)),
    )
    held = [r for r in rows if r.role != "coworking"]
    overdue = pom_contact_overdue(
        {r.prisoner.pk: r.evaluation for r in held},
        allocated={r.prisoner.pk: r.prisoner.allocation.pom_allocated_at for r in held},
        today=today,
    )
    return PomWork(
        tasks_overdue=counts["overdue"],
        tasks_due_soon=counts["due_soon"],
        contact_overdue=[r.prisoner for r in held if r.prisoner.pk in overdue],
    )
