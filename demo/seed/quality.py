"""The case-quality audit's demo: this month's sample of each demo prison, drawn with a fixed
seed once the cases' answers are stored, and the first third of each sample answered by its
reviewer as the record suggests."""

from __future__ import annotations

import datetime as dt

from cases.models import Prison
from quality import rules, selectors, services


def seed_quality(*, seed: int, today: dt.date, prison_codes: tuple[str, ...]) -> int:
    """Draw and partly answer each prison's sample for the month; returns the cases drawn."""
    drawn = 0
    for prison in Prison.objects.filter(code__in=prison_codes).order_by("code"):
        sample, _ = services.audit_sample_draw(
            prison=prison, month=rules.month_of(today), seed=f"demo-{seed}"
        )
        cases = list(
            sample.cases.filter(reviewer__isnull=False).select_related(
                "reviewer", "prisoner__current_prison__policy", "prisoner__allocation"
            )
        )
        drawn += sample.cases.count()
        for audit_case in cases[: len(cases) // 3]:
            reviewer = audit_case.reviewer
            if reviewer is None:  # filtered out above; keeps the type checker sure
                continue
            found = selectors.suggestions(audit_case.prisoner, today=today)
            services.audit_answers_save(
                audit_case=audit_case,
                acting_user=reviewer,
                answers=[
                    {"question": code, "judgement": s.judgement, "note": ""}
                    for code, s in found.items()
                ],
                today=today,
            )
    return drawn
