"""One prisoner's interventions and resettlement needs: the case's page, its panel on the case
page, and the needs the API lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from cases import access
from cases import rules as omic
from cases.access import User
from cases.models import Prisoner
from interventions import rules
from interventions.models import NeedUpdate, Referral, ResettlementNeed
from interventions.selectors.checks import CaseFacts, case_facts
from interventions.selectors.referrals import (
    ReferralRow,
    assess_referrals,
    with_referral_relations,
)

OPEN_NEED_STATUSES = tuple(ResettlementNeed.OPEN_STATUSES)


def _with_updates(qs: QuerySet[ResettlementNeed]) -> QuerySet[ResettlementNeed]:
    """Each need with its dated updates, newest first, and who wrote them (one more query)."""
    updates = NeedUpdate.objects.select_related("created_by").order_by("-on", "-id")
    return qs.prefetch_related(Prefetch("updates", queryset=updates))


def needs_for(prisoner: Prisoner) -> QuerySet[ResettlementNeed]:
    """The prisoner's needs, open ones first, each with its dated updates. Two queries."""
    closed = Case(
        When(status__in=OPEN_NEED_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        _with_updates(prisoner.resettlement_needs.select_related("created_by"))
        .annotate(closed=closed)
        .order_by("closed", "area", "-identified_on")
    )


def open_needs(prisoner: Prisoner) -> list[ResettlementNeed]:
    """The prisoner's needs still open: what a referral may address."""
    return list(prisoner.resettlement_needs.filter(status__in=OPEN_NEED_STATUSES))


def get_need_for_user(user: User, pk: int) -> ResettlementNeed:
    """A need on a case the user may see (404 otherwise), with who holds the case, so the
    caller's check on the case (`access.require_on_case`) needs no query."""
    try:
        return ResettlementNeed.objects.select_related(
            "prisoner", "prisoner__current_prison", "prisoner__allocation"
        ).get(pk=pk, prisoner__in=access.prisoners_for_user(user))
    except ResettlementNeed.DoesNotExist as exc:
        raise Http404("No such need on your cases.") from exc


def needs_api(user: User) -> QuerySet[ResettlementNeed]:
    """Needs on the user's cases, with their updates, for the API."""
    needs = ResettlementNeed.objects.filter(prisoner__in=access.prisoners_for_user(user))
    return _with_updates(needs.select_related("prisoner")).order_by(
        "prisoner__prison_number", "area", "id"
    )


@dataclass(frozen=True)
class PrisonerInterventions:
    facts: CaseFacts
    pre_release: omic.Explained[bool]
    needs: list[ResettlementNeed]
    referrals: list[ReferralRow]
    open_needs: int = field(default=0)


def prisoner_interventions(prisoner: Prisoner, *, today: dt.date) -> PrisonerInterventions:
    known = case_facts([prisoner.pk], today=today)
    facts = known[prisoner.pk]
    rows = assess_referrals(prisoner_referrals(prisoner), today=today, facts=known)
    needs = list(needs_for(prisoner))
    return PrisonerInterventions(
        facts=facts,
        pre_release=rules.pre_release(facts.display_release.date, today=today),
        needs=needs,
        referrals=rows,
        open_needs=sum(1 for n in needs if n.status in OPEN_NEED_STATUSES),
    )


def prisoner_referrals(prisoner: Prisoner) -> QuerySet[Referral]:
    """A prisoner's referrals; the caller has already checked the prisoner is theirs."""
    return with_referral_relations(Referral.objects.filter(prisoner=prisoner)).order_by(
        "-created_at", "-id"
    )


def case_counts(prisoner: Prisoner) -> dict[str, int]:
    """Open needs and active referrals, for the case page. One query."""
    return Prisoner.objects.filter(pk=prisoner.pk).aggregate(
        open_needs=Count(
            "resettlement_needs",
            filter=Q(resettlement_needs__status__in=OPEN_NEED_STATUSES),
            distinct=True,
        ),
        active_referrals=Count(
            "referrals", filter=Q(referrals__status__in=Referral.ACTIVE_STATUSES), distinct=True
        ),
    )
