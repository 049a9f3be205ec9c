"""The prisoner list: scoped, searched, filtered, annotated with the case's columns, sorted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat

from cases.access import User, prisoners_for_user
from cases.models import MergedNumber, Prison, Prisoner
from cases.selectors.evaluation import with_sentence_and_arrival


def with_case_columns(qs: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """Annotate the current sentence, arrival, POM and displayed release date in one query.

    The displayed release date is the engine's, stored with the case's answer (`CaseState`,
    docs/adr/0006-stored-case-state.md): every list, the caseload and the case page show the
    same date.
    """
    return (
        with_sentence_and_arrival(qs)
        .annotate(
            sentence_start_date=F("cs__sentence_start_date"),
            indeterminate=F("cs__indeterminate"),
            display_release_date=F("state__display_release_date"),
            pom_name=Concat(
                "allocation__primary_pom__first_name",
                Value(" "),
                "allocation__primary_pom__last_name",
            ),
        )
        .select_related("current_prison", "allocation__primary_pom")
    )


@dataclass(frozen=True)
class PrisonerListFilters:
    q: str = ""
    legal_status: str = ""
    pom: str = ""  # a username, or "me", or "none" for unallocated
    release_before: dt.date | None = None
    sort: str = "name"


SORTS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "prison_number"),
    "-name": ("-last_name", "-first_name", "prison_number"),
    "number": ("prison_number",),
    "release": ("display_release_date", "prison_number"),
    "-release": ("-display_release_date", "prison_number"),
    "arrival": ("-arrival_datetime", "prison_number"),
}


def prisoner_list(
    user: User,
    *,
    prisons: Iterable[Prison] | QuerySet[Prison],
    filters: PrisonerListFilters,
    today: dt.date,
) -> QuerySet[Prisoner]:
    """The prisoner list page and API: scoped, searched, filtered, annotated and sorted."""
    qs = prisoners_for_user(user).filter(current_prison__in=prisons)
    if filters.q:
        term = filters.q.strip()
        if len(term) == 7 and term[0].isalpha() and term[1:5].isdigit():
            # A number merged into another record finds the record it was merged into.
            number = term.upper()
            merged = MergedNumber.objects.filter(number=number).values("prisoner_id")
            qs = qs.filter(Q(prison_number=number) | Q(pk__in=merged))
        else:
            for word in term.split():
                qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if filters.legal_status:
        qs = qs.filter(legal_status=filters.legal_status)
    if filters.pom == "me":
        qs = qs.filter(Q(allocation__primary_pom=user) | Q(allocation__secondary_pom=user))
    elif filters.pom == "none":
        qs = qs.filter(Q(allocation__isnull=True) | Q(allocation__primary_pom__isnull=True))
    elif filters.pom:
        qs = qs.filter(allocation__primary_pom__username=filters.pom)
    qs = with_case_columns(qs)
    if filters.release_before:
        qs = qs.filter(Q(display_release_date__lt=filters.release_before))
    order = SORTS.get(filters.sort, SORTS["name"])
    return qs.order_by(*order)
