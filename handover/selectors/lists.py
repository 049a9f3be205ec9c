"""The handover lists and the parole cases list (docs/rules.md#handover-lists): which cases a
user's lists start from, which list each assessed case is in, and in what order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cases import access
from cases.access import User
from cases.models import Prison, Prisoner
from handover.models import ParoleReview
from handover.selectors.assessment import Assessment


def cases_for_user(
    user: User, prison: Prison | None, *, com_only: bool | None = None
) -> QuerySet[Prisoner]:
    """Handover lists' cases: the active prison's, or every case a COM holds wherever it is.
    `com_only` saves asking again when the caller already knows (`access.is_com_only`)."""
    qs = access.prisoners_for_user(user)
    if access.is_com_only(user) if com_only is None else com_only:
        return qs
    return qs.filter(current_prison=prison) if prison else qs.none()


def search(qs: QuerySet[Prisoner], *, q: str = "", pom: str = "", user: User) -> QuerySet[Prisoner]:
    """Cases matching a name or prison number; with `pom="me"`, those the user holds as POM."""
    term = q.strip()
    if term:
        if len(term) == 7 and term[0].isalpha() and term[1:5].isdigit():
            qs = qs.filter(prison_number=term.upper())
        else:
            for word in term.split():
                qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if pom == "me":
        qs = qs.filter(Q(allocation__primary_pom=user) | Q(allocation__secondary_pom=user))
    return qs


LISTS: dict[str, str] = {
    "upcoming": "Upcoming handovers",
    "com_overdue": "COM not allocated in time",
    "overdue_items": "Overdue checklist items",
    "releases": "Releases in the next 28 days",
    "public_protection": "Public protection checks missing",
    "all": "All cases",
}


def _in_list(name: str, a: Assessment) -> bool:
    if name == "upcoming":
        return a.upcoming
    if name == "com_overdue":
        return a.state.value == "com_allocation_overdue"
    if name == "overdue_items":
        return a.prisoner.current_prison_id is not None and bool(a.overdue_items)
    if name == "releases":
        return a.releasing_soon
    if name == "public_protection":
        return a.prisoner.current_prison_id is not None and bool(a.missing_public_protection)
    if name == "all":
        return True
    raise ValueError(name)


def list_date(name: str, a: Assessment) -> dt.date | None:
    """The date each list is about (and sorted by)."""
    if name == "upcoming":
        return a.handover.handover_date
    if name == "com_overdue":
        return a.handover.com_allocation_date
    if name == "overdue_items":
        return a.first_overdue
    if name == "releases":
        return a.evaluation.display_release_date.date
    if name == "all":
        return a.handover.handover_date or a.release.date
    return a.release.date


@dataclass(frozen=True)
class HandoverLists:
    name: str
    rows: list[Assessment]
    counts: dict[str, int]


def handover_lists(
    assessments: Iterable[Assessment], *, name: str, sort: str = "date"
) -> HandoverLists:
    """One list's rows and every list's count, from the same assessments."""
    everything = list(assessments)
    counts = {key: sum(1 for a in everything if _in_list(key, a)) for key in LISTS}
    rows = [a for a in everything if _in_list(name, a)]
    if sort in ("date", "-date"):
        far = dt.date.max
        rows.sort(
            key=lambda a: (list_date(name, a) or far, a.prisoner.prison_number),
            reverse=sort == "-date",
        )
    else:
        rows.sort(key=lambda a: (a.prisoner.last_name, a.prisoner.first_name))
    return HandoverLists(name=name, rows=rows, counts=counts)


@dataclass(frozen=True)
class ParoleRow:
    assessment: Assessment
    latest_review: ParoleReview | None


def parole_cases(assessments: Iterable[Assessment]) -> list[ParoleRow]:
    """Cases with a THD, TED or PED in the parole window, soonest first, each with its latest
    parole review (one query)."""
    due = [a for a in assessments if a.parole_due and a.prisoner.current_prison_id]
    due.sort(key=lambda a: (a.parole_due, a.prisoner.prison_number))
    latest: dict[int, ParoleReview] = {}
    for review in ParoleReview.objects.filter(
        prisoner_id__in=[a.prisoner.pk for a in due], sentence__is_current=True
    ).order_by("prisoner_id", "-hearing_date", "-id"):
        latest.setdefault(review.prisoner_id, review)
    return [ParoleRow(a, latest.get(a.prisoner.pk)) for a in due]
