"""Referrals the user may see, each with today's checks, and a referral's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from cases import access
from cases import rules as omic
from cases.access import User
from cases.text import display_name
from interventions import rules
from interventions.models import Referral
from interventions.selectors.checks import CaseFacts, assess, case_facts, running_at, upcoming_slots

# A referral in these holds its cohort's start (a started one, the day it started).
_HOLDS_ITS_COHORT = (Referral.Status.WAITING, Referral.Status.STARTED)


def with_assessed_relations(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The relations `assess_referrals` itself reads: the offering (its intervention and the
    prison running it) and the cohort held. Enough for a count; a page that names the prisoner
    or the need reads `with_referral_relations`."""
    return qs.select_related("offering__intervention", "offering__prison", "cohort")


def with_referral_relations(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The relations `assess_referrals` and the referral pages read."""
    return with_assessed_relations(qs).select_related(
        "prisoner", "prisoner__current_prison", "need"
    )


def referrals_for_user(user: User) -> QuerySet[Referral]:
    """Referrals of prisoners the user may see (a COM: their own cases)."""
    return with_referral_relations(
        Referral.objects.filter(prisoner__in=access.prisoners_for_user(user))
    )


def get_referral_for_user(user: User, pk: int) -> Referral:
    """A referral on a case the user may see (404 otherwise), with who holds the case, so the
    caller's check on the case (`access.require_on_case`) needs no query."""
    try:
        return referrals_for_user(user).select_related("prisoner__allocation").get(pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral on your cases.") from exc


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    facts: CaseFacts | None
    assessment: rules.Assessment | None  # None once the referral has ended
    rank_reason: str = ""

    @property
    def at_risk(self) -> bool:
        return bool(self.assessment and self.assessment.blocked)


def assess_referrals(
    referrals: Iterable[Referral],
    *,
    today: dt.date,
    facts: dict[int, CaseFacts] | None = None,
    evaluations: dict[int, omic.Evaluation] | None = None,
) -> list[ReferralRow]:
    """Each referral with today's checks, in a fixed number of queries. Reads the relations
    `referrals_for_user` selects; pass `facts`, or the engine's `evaluations`, when they are
    already known."""
    referrals = list(referrals)
    active = [r for r in referrals if r.status in Referral.ACTIVE_STATUSES]
    if facts is None:
        facts = case_facts({r.prisoner_id for r in referrals}, today=today, evaluations=evaluations)
    running = running_at({r.offering.intervention_id for r in active})
    upcoming = upcoming_slots({r.offering_id for r in active}, today=today)
    rows = []
    for r in referrals:
        case = facts.get(r.prisoner_id)
        assessment = None
        if r.status in Referral.ACTIVE_STATUSES and case is not None:
            assessment = assess(
                case,
                r.offering,
                running=running[r.offering.intervention_id],
                upcoming=upcoming[r.offering_id],
                today=today,
                placed=_placed(r),
                started_on=r.started_on if r.status == Referral.Status.STARTED else None,
            )
        rows.append(ReferralRow(r, case, assessment))
    return rows


def _placed(referral: Referral) -> rules.CohortSlot | None:
    """The cohort the referral holds, if it holds one."""
    cohort = referral.cohort if referral.status in _HOLDS_ITS_COHORT else None
    return rules.CohortSlot(cohort.pk, cohort.start_date, 0) if cohort else None


@dataclass(frozen=True)
class ReferralEvent:
    when: dt.datetime
    who: str
    status: str
    reason: str


def referral_history(referral: Referral) -> list[ReferralEvent]:
    """Each change of status, who made it and why, newest first. One query."""
    labels = dict(Referral.Status.choices)
    events = []
    previous = None
    records = referral.history.select_related("history_user").order_by("history_date", "history_id")
    for h in records:
        if h.status != previous or h.history_change_reason:
            events.append(
                ReferralEvent(
                    h.history_date,
                    display_name(h.history_user, nobody="System"),
                    labels.get(h.status, h.status),
                    h.history_change_reason or "",
                )
            )
        previous = h.status
    return list(reversed(events))
