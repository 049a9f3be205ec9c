"""Interventions' figures for the head of OMU's dashboard (docs/rules.md#figures): referrals
waiting for a place, and those at risk of not finishing before release."""

from __future__ import annotations

from cases.figures import Figure, PrisonContext
from interventions.models import Referral
from interventions.selectors.referrals import assess_referrals, with_referral_relations


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    active = with_referral_relations(
        Referral.objects.filter(
            prisoner__current_prison=ctx.prison, status__in=Referral.ACTIVE_STATUSES
        )
    )
    rows = assess_referrals(active, today=ctx.today, evaluations=ctx.evaluations)
    waiting = [r for r in rows if r.referral.status in Referral.QUEUED_STATUSES]
    at_risk = [r for r in rows if r.at_risk]
    return [
        Figure(
            "referrals_waiting",
            "Referrals waiting for a place",
            len(waiting),
            None,
            f"{len(waiting)} referrals are referred, assessed suitable or on a waiting list.",
            case_ids=frozenset(r.referral.prisoner_id for r in waiting),
        ),
        Figure(
            "referrals_at_risk",
            "Referrals at risk",
            len(at_risk),
            None,
            f"{len(at_risk)} active referrals fail a check today: they cannot finish before "
            "release or the parole hearing, are no longer eligible, or the programme is not "
            "run where the prisoner now is.",
            target=0,
            case_ids=frozenset(r.referral.prisoner_id for r in at_risk),
        ),
    ]
