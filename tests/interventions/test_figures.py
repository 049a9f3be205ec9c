"""The interventions figures on the head of OMU's dashboard, against a hand count."""

from cases.figures import PrisonContext
from cases.models import Prison, Prisoner
from interventions.figures import dashboard_figures
from interventions.models import Offering, Referral
from tests.interventions.conftest import TODAY, make_case


def test_waiting_and_at_risk_referrals_are_counted_with_their_cases(
    leeds: Prison, case: Prisoner, directory: dict[str, Offering]
) -> None:
    # Resolve runs 120 days from 7 December, past the 1 March release: at risk.
    Referral.objects.create(prisoner=case, offering=directory["resolve"], referred_on=TODAY)
    other = make_case(leeds)
    Referral.objects.create(  # a short course that fits: waiting, not at risk
        prisoner=other,
        offering=directory["emotions"],
        status=Referral.Status.SUITABLE,
        referred_on=TODAY,
    )
    done = make_case(leeds)
    Referral.objects.create(
        prisoner=done,
        offering=directory["emotions"],
        status=Referral.Status.COMPLETED,
        referred_on=TODAY,
    )
    figures = {f.key: f for f in dashboard_figures(PrisonContext(prison=leeds, today=TODAY))}
    assert figures["referrals_waiting"].numerator == 2
    assert figures["referrals_waiting"].case_ids == {case.pk, other.pk}
    assert figures["referrals_at_risk"].numerator == 1
    assert figures["referrals_at_risk"].case_ids == {case.pk}
