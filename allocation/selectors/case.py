"""One case to allocate: who may allocate it, who holds it now, and the POMs and keyworkers
ranked for it with their loads and warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from allocation import rules as arules
from allocation.selectors.history import previous_holders
from allocation.selectors.staff import StaffRow, prison_staff
from cases import access, rules
from cases.access import User
from cases.models import Allocation, Prison, Prisoner
from cases.selectors import POM_TYPE_LABELS, RESPONSIBILITY_LABELS, evaluate_prisoner

ASSIGN = "allocation.assign_case"


def get_prisoner_to_allocate(user: User, prison_number: str) -> Prisoner:
    """A prisoner the user may allocate: one they may see (else 404), still in a prison (else
    404: released prisoners cannot be allocated), and `allocation.assign_case` on the case, at
    its prison (else 403)."""
    prisoner = access.get_prisoner_for_user(user, prison_number)
    if prisoner.current_prison is None:
        raise Http404("This prisoner has been released.")
    access.require_on_case(user, ASSIGN, prisoner)
    return prisoner


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


def _prison(prisoner: Prisoner) -> Prison:
    prison = prisoner.current_prison
    if prison is None:  # get_prisoner_to_allocate refuses released prisoners
        raise Http404("This prisoner has been released.")
    return prison


def allocate_context(prisoner: Prisoner, *, role: str, today: dt.date) -> AllocateContext:
    """Everything the allocate page shows: required type and why, ranked POMs with loads and
    warnings. Queries: allocation (1), engine (2), staff and caseloads (6), history (1)."""
    prison = _prison(prisoner)
    allocation = current_allocation(prisoner)
    evaluation = evaluate_prisoner(prisoner, today=today)
    womens = prison.function == Prison.Function.WOMENS
    missing = arules.missing_information(
        in_scope=evaluation.in_omic_scope.value,
        pom_type=evaluation.pom_type.value,
        pom_type_explanation=evaluation.pom_type.explanation,
        womens_estate=womens,
        complexity_of_need=prisoner.complexity_of_need or None,
    )
    staff = {s.user.pk: s for s in prison_staff(prison, today=today) if s.is_pom}
    suggestions = arules.rank_pom_candidates(
        evaluation.pom_type.value,
        _pom_candidates(prisoner, allocation, staff),
        coworking=role == "secondary",
        womens_high_complexity=womens and prisoner.complexity_of_need == Prisoner.Complexity.HIGH,
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


def _pom_candidates(
    prisoner: Prisoner, allocation: Allocation, staff: dict[int, StaffRow]
) -> list[arules.PomCandidate]:
    """The prison's POMs who could take the case (not those holding it now), each with whether
    they held it before."""
    held_as_pom = set(previous_holders([prisoner.pk], field="primary_pom_id").get(prisoner.pk, ()))
    held_as_coworker = set(
        previous_holders([prisoner.pk], field="secondary_pom_id").get(prisoner.pk, ())
    )
    excluded = {allocation.primary_pom_id, allocation.secondary_pom_id} - {None}
    return [
        arules.PomCandidate(
            user_id=pk,
            name=s.name,
            pom_type=s.pom_type,
            status=s.member.status,
            return_date=s.member.return_date,
            capacity=s.capacity,
            caseload=s.caseload,
            held_as_pom=pk in held_as_pom,
            held_as_coworker=pk in held_as_coworker,
            username=s.user.get_username(),
        )
        for pk, s in staff.items()
        if pk not in excluded and s.capacity is not None  # every POM has a capacity
    ]


@dataclass(frozen=True)
class KeyworkerContext:
    prisoner: Prisoner
    allocation: Allocation
    deadline: rules.Deadline
    suggestions: list[arules.KeyworkerSuggestion]


def keyworker_context(prisoner: Prisoner, *, today: dt.date) -> KeyworkerContext:
    """The keyworker page: when a keyworker is due, and the prison's keyworkers ranked."""
    prison = _prison(prisoner)
    allocation = current_allocation(prisoner)
    evaluation = evaluate_prisoner(prisoner, today=today)
    staff = [s for s in prison_staff(prison, today=today, with_caseloads=False) if s.is_keyworker]
    previous = set(previous_holders([prisoner.pk], field="keyworker_id").get(prisoner.pk, ()))
    candidates = [
        arules.KeyworkerCandidate(
            user_id=s.user.pk,
            name=s.name,
            status=s.member.status,
            return_date=s.member.return_date,
            prisoners=s.keyworker_prisoners,
            capacity=s.keyworker_capacity,
            previous=s.user.pk in previous,
        )
        for s in staff
        if s.user.pk != allocation.keyworker_id
        and s.keyworker_capacity is not None  # every keyworker has one
    ]
    return KeyworkerContext(
        prisoner=prisoner,
        allocation=allocation,
        deadline=evaluation.deadlines.keyworker_allocation,
        suggestions=arules.rank_keyworkers(candidates),
    )
