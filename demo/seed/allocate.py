"""Who holds each demo case: a POM of the right type (least loaded against capacity), a
co-working senior POM for some MAPPA cases, COM details where the COM is involved, keyworkers
for about half the others. Plain data, like the rest of the plan."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from cases.models import Role
from demo.seed.calendar import at, days
from demo.seed.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, PDUS, TEAM_WORDS
from demo.seed.prisons import PrisonSpec
from demo.seed.specs import AllocationSpec, PrisonerSpec, StaffSpec
from demo.seed.staff import POM_POOL_ROLES, pool_role


@dataclass
class _Pools:
    """The prison's staff by role, and how many cases each holds so far."""

    by_role: dict[str, list[StaffSpec]]
    com_user: StaffSpec | None
    load: dict[str, int] = field(default_factory=dict)
    com_user_cases: int = 0
    keyworker_index: int = 0


def allocate(
    rng: random.Random,
    prison: PrisonSpec,
    cases: Sequence[PrisonerSpec],
    staff: Sequence[StaffSpec],
    today: dt.date,
) -> None:
    """Give in-scope cases a POM of the right type (least loaded against capacity), keyworkers
    to about half the others, and COM details where the COM is involved."""
    pools = _pools(prison, staff)
    for case in cases:
        if case.prison is None:
            continue  # released: no longer allocated
        alloc = AllocationSpec()
        held_since = case.arrival.date()
        if case.pom_type and not case.queue and rng.random() > 0.06:
            _pom(rng, pools, case, alloc, held_since=held_since, today=today)
        _com(rng, pools, case, alloc, held_since=held_since, today=today)
        keyworkers = pools.by_role[Role.KEYWORKER]
        settled = (today - held_since).days >= 3
        if keyworkers and settled and rng.random() < 0.45:
            alloc.keyworker = keyworkers[pools.keyworker_index % len(keyworkers)].username
            pools.keyworker_index += 1
        if alloc != AllocationSpec():
            case.allocation = alloc


def _pools(prison: PrisonSpec, staff: Sequence[StaffSpec]) -> _Pools:
    by_role: dict[str, list[StaffSpec]] = {role: [] for role in (*POM_POOL_ROLES, Role.KEYWORKER)}
    com_user: StaffSpec | None = None
    for member in staff:
        for code, role in member.roles:
            if code != prison.code:
                continue
            if role in by_role:
                by_role[role].append(member)
            if role == Role.COM:
                com_user = member
    load = {member.username: 0 for members in by_role.values() for member in members}
    return _Pools(by_role=by_role, com_user=com_user, load=load)


def _pom(
    rng: random.Random,
    pools: _Pools,
    case: PrisonerSpec,
    alloc: AllocationSpec,
    *,
    held_since: dt.date,
    today: dt.date,
) -> None:
    """The least loaded POM of the case's type, some days after arrival."""
    assert case.pom_type is not None
    pool = pools.by_role[pool_role(case.pom_type)]
    pom = min(pool, key=lambda m: (pools.load[m.username] + 1) / m.capacity)
    pools.load[pom.username] += 1
    alloc.primary_pom = pom.username
    days_after = rng.randint(1, 20)
    day = min(today - days(1), held_since + days(days_after))
    alloc.pom_allocated_at = at(day, rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
    alloc.reason = "Recommended POM type"
    seniors = pools.by_role[Role.SENIOR_POM]
    if (case.mappa_level or 0) >= 2 and seniors and rng.random() < 0.5:
        senior = rng.choice(seniors)
        if senior.username != pom.username:
            alloc.secondary_pom = senior.username


def _com(
    rng: random.Random,
    pools: _Pools,
    case: PrisonerSpec,
    alloc: AllocationSpec,
    *,
    held_since: dt.date,
    today: dt.date,
) -> None:
    """Near handover, a COM is named for some; past it, for most (the rest are "COM
    allocation overdue"); community, recall and immigration cases always have one. The COM
    demo login holds some of those near handover."""
    com_chance = {"approaching_handover": 0.4, "past_handover": 0.8}.get(case.stage, 1.0)
    if not (case.needs_com and rng.random() < com_chance):
        return
    com_fields(rng, alloc, min(today, held_since + days(rng.randint(0, 30))))
    near_handover = case.stage in ("approaching_handover", "past_handover")
    com_user = pools.com_user
    if com_user is not None and near_handover and (rng.random() < 0.5 or not pools.com_user_cases):
        alloc.com = com_user.username
        alloc.com_name = f"{com_user.first_name} {com_user.last_name}"
        alloc.com_email = com_user.email
        alloc.com_team = "Leeds North Team"
        alloc.com_pdu = "Leeds PDU"
        pools.com_user_cases += 1


def com_fields(rng: random.Random, alloc: AllocationSpec, day: dt.date) -> None:
    """A community offender manager known by name, email, team and PDU only."""
    first = rng.choice(MALE_FIRST_NAMES + FEMALE_FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    pdu = rng.choice(PDUS)
    email_last = "".join(ch for ch in last.lower() if ch.isalpha())
    alloc.com_name = f"{first} {last}"
    alloc.com_email = f"{first.lower()}.{email_last}@probation.example.gov.uk"
    alloc.com_pdu = f"{pdu} PDU"
    alloc.com_team = f"{pdu.split(',')[0].split(' and ')[0]} {rng.choice(TEAM_WORDS)} Team"
    alloc.com_allocated_on = day
