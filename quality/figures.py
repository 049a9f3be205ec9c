"""The case-quality audit's figure for the head of OMU's dashboard: how much of the latest
sampled month's applicable judgements were met."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from cases.figures import Definition, Figure, PrisonContext
from quality import rules
from quality.models import AuditAnswer, AuditSample

AUDIT_MET = Definition(
    counts="How many of the month's case-quality audit judgements found the work met.",
    numerator="Judgements answered met in this month's sample, across its six questions.",
    denominator="Judgements that apply (answered met, partly met or not met).",
    target="No national target: the trend is what a head of OMU watches.",
    excludes="Questions judged not applicable, and questions not answered yet.",
)


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    """One figure: met judgements of the latest month drawn, over the applicable ones (met,
    partly met, not met). Two small queries; none when the prison has never drawn a sample."""
    month = (
        AuditSample.objects.filter(prison=ctx.prison, month__lte=ctx.today)
        .values_list("month", flat=True)
        .first()
    )
    if month is None:
        return []
    counts = AuditAnswer.objects.filter(
        audit_case__sample__prison=ctx.prison, audit_case__sample__month=month
    ).aggregate(
        met=Count("id", filter=Q(judgement="met")),
        applicable=Count("id", filter=~Q(judgement="not_applicable")),
    )
    met, applicable = counts["met"], counts["applicable"]
    return [
        Figure(
            "audit_met",
            "Case audit: judgements met",
            met,
            applicable,
            f"{met} of {applicable} applicable judgements met in the case-quality audit of "
            f"{rules.month_label(month)} (partly met and not met count against).",
            higher_is_better=True,
            list_url=reverse("quality-results"),
            definition=AUDIT_MET,
        )
    ]
