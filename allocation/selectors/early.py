"""Reads for the early allocation assessment: one case's window and assessments, the list of
cases whose assessment is due (and those waiting for the head of OMU), and the count the
navigation shows. Lists start from the access layer and read the stored answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from allocation import rules
from allocation.models import EarlyAllocation, EarlyAllocationWindow
from cases import access
from cases.access import User
from cases.models import Prison, Prisoner
from cases.people import name_people
from cases.rules import Evaluation
from cases.selectors import holders_read, stored_evaluations
from cases.text import display_name

VIEW = "allocation.view_earlyallocation"
ASSESS = "allocation.assess_early_allocation"
DECIDE = "allocation.decide_early_allocation"
_PEOPLE = ("created_by", "decided_by", "withdrawn_by")


def assessments_of(prisoner: Prisoner) -> list[EarlyAllocation]:
    """Every assessment of the case, newest first, with its sentence and prison: one query, and
    one more for the people they name if any is not among the case's holders as read."""
    found = list(
        EarlyAllocation.objects.filter(prisoner=prisoner).select_related("sentence", "prison")
    )
    name_people(found, _PEOPLE, known=holders_read(prisoner))
    return found


@dataclass(frozen=True)
class CaseEarlyAllocation:
    """The case's early allocation: its window today and its assessments (`current` is the
    newest of the current sentence)."""

    prisoner: Prisoner
    window: rules.Window
    assessments: list[EarlyAllocation]
    can_assess: bool
    can_decide: bool

    @property
    def current(self) -> EarlyAllocation | None:
        return next((a for a in self.assessments if a.sentence.is_current), None)

    @property
    def may_start(self) -> bool:
        """A new assessment can be made now: the window is open and none is live."""
        current = self.current
        return self.window.open and (current is None or not current.live)


def case_early_allocation(
    user: User, prisoner: Prisoner, evaluation: Evaluation, *, today: dt.date
) -> CaseEarlyAllocation:
    prison = prisoner.current_prison_id
    return CaseEarlyAllocation(
        prisoner=prisoner,
        window=rules.assessment_window(evaluation.earliest_release_date.date, today=today),
        assessments=assessments_of(prisoner),
        can_assess=access.may(user, ASSESS, prison),
        can_decide=access.may(user, DECIDE, prison),
    )


def get_assessment_for_user(
    user: User, prison_number: str, pk: int, *, perm: str = VIEW
) -> EarlyAllocation:
    """An assessment of a case the user may see (else 404), with `perm` on the case (403)."""
    prisoner = access.get_prisoner_for_user(user, prison_number, perm=perm)
    found = (
        EarlyAllocation.objects.filter(prisoner=prisoner, pk=pk)
        .select_related("prisoner", "sentence", "prison", "created_by", "decided_by")
        .first()
    )
    if found is None:
        raise Http404("No such assessment of this case.")
    return found


@dataclass(frozen=True)
class DueRow:
    prisoner: Prisoner
    release_date: dt.date
    opens_on: dt.date
    pom: str
    latest: EarlyAllocation | None
    entered_on: dt.date | None

    @property
    def status(self) -> str:
        if self.latest is None:
            return "Not assessed"
        return self.latest.get_status_display()


@dataclass(frozen=True)
class DueLists:
    due: list[DueRow]
    pending: list[DueRow]


def _current_assessments(qs: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    current = EarlyAllocation.objects.filter(sentence__is_current=True).select_related("created_by")
    return qs.prefetch_related(Prefetch("early_allocations", queryset=current, to_attr="ea"))


def early_allocations_due(
    user: User, prison: Prison, *, today: dt.date, mine: bool = False
) -> DueLists:
    """The prison's in-scope cases within their window with no assessment of the current
    sentence (or only withdrawn ones) and not already accepted, soonest release first; and the assessments waiting for
    the head of OMU. `mine`: only the user's cases as POM. Queries: 2 for the stored answers,
    1 for the cases, 1 for their assessments, 1 for the window records."""
    access.require(user, "allocation.view_early_allocation_due", prison)
    qs = access.prisoners_for_user(user).filter(current_prison=prison)
    if mine:
        qs = qs.filter(Q(allocation__primary_pom=user) | Q(allocation__secondary_pom=user))
    evaluations = stored_evaluations(qs, today=today)
    windows = {
        pk: rules.assessment_window(ev.earliest_release_date.date, today=today)
        for pk, ev in evaluations.items()
        if ev.in_omic_scope.value
    }
    open_ids = [pk for pk, w in windows.items() if w.open]
    cases = _current_assessments(
        Prisoner.objects.filter(pk__in=open_ids).select_related("allocation__primary_pom")
    )
    entered = dict(
        EarlyAllocationWindow.objects.filter(
            prisoner_id__in=open_ids, sentence__is_current=True
        ).values_list("prisoner_id", "recorded_on")
    )
    due, pending = [], []
    for p in cases:
        assessed: list[EarlyAllocation] = getattr(p, "ea", [])  # the prefetch above
        latest = assessed[0] if assessed else None
        w = windows[p.pk]
        allocation = getattr(p, "allocation", None)
        pom = display_name(allocation.primary_pom) if allocation else ""
        row = DueRow(
            p, w.release_date or today, w.opens_on or today, pom, latest, entered.get(p.pk)
        )
        if latest is None and p.early_allocation:
            continue  # accepted elsewhere (a national record): nothing to assess here
        if latest is None or latest.status == EarlyAllocation.Status.WITHDRAWN:
            due.append(row)
        elif latest.status == EarlyAllocation.Status.PENDING:
            pending.append(row)
    key = lambda r: (r.release_date, r.prisoner.prison_number)  # noqa: E731
    return DueLists(sorted(due, key=key), sorted(pending, key=key))
