"""Demo staff: the fixed demo logins (docs/commands.md#seed_demo) and generated staff sized to
each prison's caseload."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from cases.models import Prison, Role, StaffMember
from demo.seed.calendar import days
from demo.seed.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from demo.seed.prisons import PrisonSpec
from demo.seed.specs import PrisonerSpec, StaffSpec

DEMO_PASSWORD = "omu-demo"  # noqa: S105 - a published demo password, refused without DEBUG
STAFF_PREFIX = "demo-"

# The fixed demo logins. pom2 works at the second prison.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("pom", "Jordan", "Hughes"),
    ("ppom", "Aisha", "Rahman"),
    ("spo", "Margaret", "O'Connell"),
    ("caseadmin", "Daniel", "Kowalski"),
    ("keyworker", "Kwame", "Mensah"),
    ("com", "Rhiannon", "Davies"),
    ("pom2", "Siobhan", "Byrne"),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(username for username, _, _ in DEMO_USERS)


POM_POOL_ROLES = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)
ROLE_SHORT = {
    Role.PRISON_POM: "pom",
    Role.PROBATION_POM: "ppom",
    Role.SENIOR_POM: "spom",
    Role.KEYWORKER: "kw",
    Role.CASE_ADMIN: "admin",
    Role.HEAD_OF_OMU: "head",
}


def pool_role(pom_type: str) -> Role:
    return {
        "prison": Role.PRISON_POM,
        "third_sector": Role.PRISON_POM,
        "probation": Role.PROBATION_POM,
        "senior_third_sector": Role.SENIOR_POM,
    }[pom_type]


def staff_for_prison(
    rng: random.Random, prison: PrisonSpec, cases: Sequence[PrisonerSpec], today: dt.date
) -> list[StaffSpec]:
    """Generated staff, sized to the prison's caseload so caseloads look like real ones."""
    grades = _grades(prison)
    staff: list[StaffSpec] = []
    for role, count in _counts(prison, cases).items():
        for n in range(1, count + 1):
            female = rng.random() < 0.5
            member = StaffSpec(
                username=f"{STAFF_PREFIX}{prison.code.lower()}-{ROLE_SHORT[role]}{n:02d}",
                first_name=rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                grade=grades[role],
                roles=[(prison.code, role)],
            )
            if role in POM_POOL_ROLES:
                _pom_details(rng, member, n=n, count=count, today=today)
            staff.append(member)
    return staff


def _counts(prison: PrisonSpec, cases: Sequence[PrisonerSpec]) -> dict[Role, int]:
    """How many of each role: POMs for the cases of their type, keyworkers for those held."""
    by_role = dict.fromkeys((Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM), 0)
    for case in cases:
        if case.pom_type and not case.queue:
            by_role[pool_role(case.pom_type)] += 1
    held = len([c for c in cases if c.prison])
    return {
        Role.PRISON_POM: max(3, math.ceil(by_role[Role.PRISON_POM] / 36)),
        Role.PROBATION_POM: max(2, math.ceil(by_role[Role.PROBATION_POM] / 36)),
        Role.SENIOR_POM: max(1, math.ceil(by_role[Role.SENIOR_POM] / 7)),
        Role.KEYWORKER: 0
        if prison.function == Prison.Function.OPEN
        else max(3, math.ceil(held * 0.4 / 6)),
        Role.CASE_ADMIN: 1 + held // 400,
        Role.HEAD_OF_OMU: 1,
    }


def _grades(prison: PrisonSpec) -> dict[Role, str]:
    third_sector = prison.omu_model == Prison.OmuModel.THIRD_SECTOR
    return {
        Role.PRISON_POM: StaffMember.Grade.THIRD_SECTOR
        if third_sector
        else StaffMember.Grade.PRISON_OFFICER,
        Role.PROBATION_POM: StaffMember.Grade.PROBATION_OFFICER,
        Role.SENIOR_POM: StaffMember.Grade.THIRD_SECTOR
        if third_sector
        else StaffMember.Grade.SENIOR_PROBATION_OFFICER,
        Role.KEYWORKER: StaffMember.Grade.PRISON_OFFICER,
        Role.CASE_ADMIN: StaffMember.Grade.ADMIN,
        Role.HEAD_OF_OMU: StaffMember.Grade.SENIOR_PROBATION_OFFICER,
    }


def _pom_details(
    rng: random.Random, member: StaffSpec, *, n: int, count: int, today: dt.date
) -> None:
    """In each POM pool: the second part time, the third new, the last (of four or more) away."""
    if n == 2:
        member.working_hours = rng.choice((22.5, 30.0))
    if n == 3:
        member.is_new_pom = True
    if n == count and count >= 4:
        member.status = StaffMember.Status.LEAVE
        member.return_date = today + days(rng.randint(7, 60))


def demo_logins(prisons: Sequence[PrisonSpec]) -> list[StaffSpec]:
    first, second = prisons[0].code, prisons[1].code
    # spo is only a prison POM at the third prison (NSI): a head of OMU's powers stop at the
    # prisons where they hold that role, which the demo lets anyone try.
    spo_elsewhere = [(prisons[2].code, Role.PRISON_POM)] if len(prisons) > 2 else []
    second_third_sector = prisons[1].omu_model == Prison.OmuModel.THIRD_SECTOR
    names = {username: (f, last) for username, f, last in DEMO_USERS}
    return [
        StaffSpec("pom", *names["pom"], StaffMember.Grade.PRISON_OFFICER,
                  [(first, Role.PRISON_POM)]),
        StaffSpec("ppom", *names["ppom"], StaffMember.Grade.PROBATION_OFFICER,
                  [(first, Role.PROBATION_POM)]),
        StaffSpec("spo", *names["spo"], StaffMember.Grade.SENIOR_PROBATION_OFFICER,
                  [(first, Role.HEAD_OF_OMU), (second, Role.HEAD_OF_OMU), *spo_elsewhere]),
        StaffSpec("caseadmin", *names["caseadmin"], StaffMember.Grade.ADMIN,
                  [(first, Role.CASE_ADMIN)]),
        StaffSpec("keyworker", *names["keyworker"], StaffMember.Grade.PRISON_OFFICER,
                  [(first, Role.KEYWORKER)]),
        StaffSpec("com", *names["com"], StaffMember.Grade.PROBATION_OFFICER,
                  [(first, Role.COM)]),
        StaffSpec("pom2", *names["pom2"],
                  StaffMember.Grade.THIRD_SECTOR if second_third_sector
                  else StaffMember.Grade.PRISON_OFFICER,
                  [(second, Role.PRISON_POM)]),
    ]  # fmt: skip
