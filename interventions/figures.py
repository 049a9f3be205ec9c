"""Interventions' figures for the head of OMU's dashboard (docs/rules.md#figures): referrals
waiting for a place, and those at risk of not finishing before release."""

from __future__ import annotations

from cases.figures import Definition, Figure, PrisonContext
from interventions.models import Referral
from interventions.selectors.referrals import assess_referrals, with_assessed_relations

REFERRALS_WAITING = Definition(
    counts="Referrals queued for an intervention: the waiting list.",
    numerator="Referrals of prisoners held at the prison that are referred, assessed suitable "
    "or on a waiting list.",
    denominator=None,
    target="None: the queue follows places and demand; see Referrals at risk for the ones "
    "that will not make it.",
    excludes="Referrals only identified, assessed not suitable, started, completed, not "
    "completed, withdrawn or closed at release.",
)
REFERRALS_AT_RISK = Definition(
    counts="Active referrals that fail a check today.",
    numerator="Active referrals (identified, referred, suitable, waiting or started) of "
    "prisoners held at the prison that cannot finish before release or the parole hearing, "
    "are no longer eligible, or are for a programme not run where the prisoner now is.",
    denominator=None,
    target="0: no referral at risk.",
)


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    # Counted, not listed: no prisoner or need joined, in no order.
    active = with_assessed_relations(
        Referral.objects.filter(
            prisoner__current_prison=ctx.prison, status__in=Referral.ACTIVE_STATUSES
        ).order_by()
    )
    # The cases with an active referral, a few of the prison's, read their own stored answers.
    rows = assess_referrals(active, today=ctx.today)
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
            definition=REFERRALS_WAITING,
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
            definition=REFERRALS_AT_RISK,
        ),
    ]
