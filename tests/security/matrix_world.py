"""The world the authorisation matrix walks: three prisons, one persona per role, and at each
prison a case with every kind of record a URL can name (task, referral, need, session, parole
review, objective, roll import, offering, cohort, parked message).

Each persona holds their role at LEI ("own prison") and nothing at MDI ("other prison"); every
persona but the COM holds a *different* role at NSI (the head of OMU is only a prison POM
there, as the demo's `spo` is). The COM holds the LEI case as its COM, and no other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from cases.models import Allocation, Prison, Prisoner, Role, RollImport
from demo.factories.handover import ChecklistItemFactory, ParoleReviewFactory
from demo.factories.interventions import (
    CohortFactory,
    OfferingFactory,
    ReferralFactory,
    ResettlementNeedFactory,
)
from demo.factories.screening import OasysAssessmentFactory, TaskFactory
from feeds.models import ParkedMessage
from interventions.models import ResettlementNeed
from screening.models import Bcs, SentencePlanObjective
from tests.factories import (
    PrisonerFactory,
    PrisonFactory,
    SentenceFactory,
    SessionFactory,
    staff,
    store_answers,
)

OWN, OTHER, THIRD = "LEI", "MDI", "NSI"

# The roles the matrix walks, and the different role each holds at the third prison.
# A probation POM holds exactly a prison POM's permissions (asserted in the matrix).
ROLES: tuple[str, ...] = (
    Role.PRISON_POM,
    Role.SENIOR_POM,
    Role.HEAD_OF_OMU,
    Role.KEYWORKER,
    Role.CASE_ADMIN,
    Role.COM,
    Role.READ_ONLY,
)
ELSEWHERE: dict[str, str | None] = {
    Role.PRISON_POM: Role.KEYWORKER,
    Role.SENIOR_POM: Role.KEYWORKER,
    Role.HEAD_OF_OMU: Role.PRISON_POM,
    Role.KEYWORKER: Role.PRISON_POM,
    Role.CASE_ADMIN: Role.READ_ONLY,
    Role.COM: None,
    Role.READ_ONLY: Role.HEAD_OF_OMU,
}


@dataclass
class Place:
    """One prison and the records of its case."""

    prison: Prison
    case: Prisoner
    pom: User
    task: int
    referral: int
    need: int
    session: int
    parole_review: int
    objective: int
    roll_import: int
    offering: int
    cohort: int
    parked: int
    intervention: int  # a catalogue entry only this prison offers
    checklist_code: str = "risk_management_plan"
    secret: str = ""  # a string only this prison's rows contain (the case's surname)


@dataclass
class Persona:
    role: str
    user: User
    roles: dict[str, frozenset[str]] = field(default_factory=dict)  # prison code -> roles
    com_of: frozenset[str] = frozenset()  # prison numbers they hold as COM


@dataclass
class World:
    places: dict[str, Place]
    personas: dict[str, Persona]
    unheld: Prisoner  # an LEI case no COM of ours holds


def _place(code: str, name: str, *, com: User | None) -> Place:
    prison = PrisonFactory(code=code, name=f"HMP {name}")
    surname = f"Matrix{name}"
    case = PrisonerFactory(current_prison=prison, first_name="Pat", last_name=surname)
    sentence = SentenceFactory(prisoner=case)
    pom = staff(f"pom_at_{code.lower()}", Role.PRISON_POM, prison)
    Allocation.objects.create(prisoner=case, primary_pom=pom, com=com)
    offering = OfferingFactory(prison=prison)
    oasys = OasysAssessmentFactory(prisoner=case)
    objective = SentencePlanObjective.objects.create(
        prisoner=case,
        assessment=oasys,
        need_area=ResettlementNeed.Area.FINANCE,
        description="Open a bank account",
    )
    need = ResettlementNeedFactory(prisoner=case)
    ChecklistItemFactory(prisoner=case, sentence=sentence)
    Bcs.objects.create(prisoner=case, started_at=timezone.now())
    roll = RollImport.objects.create(prison=prison, file_name="roll.csv", content=b"", sha256="0")
    parked = ParkedMessage.objects.create(
        message_id=f"m-{code}",
        subject=case.prison_number,
        prison=prison,
        body="{}",
        error="Unknown prisoner",
        parked_at=timezone.now(),
    )
    return Place(
        prison=prison,
        case=case,
        pom=pom,
        task=TaskFactory(prisoner=case).pk,
        referral=ReferralFactory(prisoner=case, offering=offering).pk,
        need=need.pk,
        session=SessionFactory(prisoner=case, staff=pom).pk,
        parole_review=ParoleReviewFactory(prisoner=case, sentence=sentence).pk,
        objective=objective.pk,
        roll_import=roll.pk,
        offering=offering.pk,
        cohort=CohortFactory(offering=offering).pk,
        parked=parked.pk,
        intervention=offering.intervention_id,
        secret=surname,
    )


def build_world() -> World:
    com_user = staff("matrix_com", Role.COM)
    other_com = staff("someone_elses_com", Role.COM)
    places = {
        OWN: _place(OWN, "Leeds", com=com_user),
        OTHER: _place(OTHER, "Moorland", com=other_com),
        THIRD: _place(THIRD, "Northsea", com=None),
    }
    for place in places.values():
        place.prison.policy.poms_see_unit_figures = False
        place.prison.policy.save()
    unheld = PrisonerFactory(
        current_prison=places[OWN].prison, first_name="Una", last_name="MatrixUnheld"
    )
    SentenceFactory(prisoner=unheld)
    Allocation.objects.create(prisoner=unheld, com=other_com)
    personas: dict[str, Persona] = {}
    for role in ROLES:
        if role == Role.COM:
            user = com_user
            staff_roles = {OWN: frozenset({role})}
            user.prison_roles.create(prison=places[OWN].prison, role=role)
        else:
            user = staff(f"matrix_{role}", role, places[OWN].prison)
            staff_roles = {OWN: frozenset({role})}
            elsewhere = ELSEWHERE[role]
            if elsewhere:
                user.prison_roles.create(prison=places[THIRD].prison, role=elsewhere)
                staff_roles[THIRD] = frozenset({elsewhere})
        held_as_com = (
            frozenset({places[OWN].case.prison_number}) if role == Role.COM else frozenset()
        )
        personas[role] = Persona(role=role, user=user, roles=staff_roles, com_of=held_as_com)
    store_answers(today=timezone.localdate())
    return World(
        places=places,
        personas=personas,
        unheld=unheld,
    )
