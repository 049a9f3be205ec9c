"""The facts handover records that the rules engine reads (docs/rules.md#ordered-rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import DateField, Value
from django.db.models.functions import Cast

from cases import selectors as case_selectors
from handover.models import ParoleReview, ResponsibilityOverride


def case_facts_by_prisoner(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rules-engine facts handover records, per prisoner id: `latest_parole_outcome` (the latest
    completed parole review of the current sentence) and `responsibility_override` ("com" while
    an override is active). One query for all ids, reading only the few prisoners with a parole
    outcome or an override; prisoners with neither are left out."""
    if not ids:
        return {}
    outcomes = case_selectors.ids_in(
        ParoleReview.objects.filter(sentence__is_current=True).exclude(outcome="").order_by(),
        "prisoner_id",
        ids,
    ).values_list("prisoner_id", "outcome", "hearing_date", "outcome_received_date", "id")
    no_date = Cast(Value(None), DateField())
    overrides = (
        case_selectors.ids_in(
            ResponsibilityOverride.objects.filter(removed_at__isnull=True).order_by(),
            "prisoner_id",
            ids,
        )
        .annotate(outcome_=Value(""), hearing=no_date, received=no_date, review=Value(0))
        .values_list("prisoner_id", "outcome_", "hearing", "received", "review")
    )
    latest: dict[int, tuple[dt.date, dt.date, int, str]] = {}
    facts: dict[int, dict[str, Any]] = {}
    for pk, outcome, hearing, received, review in outcomes.union(overrides, all=True):
        if not outcome:
            facts.setdefault(pk, {})["responsibility_override"] = "com"
            continue
        # The latest hearing, then the latest outcome (one still to date counts as latest).
        key = (hearing, received or dt.date.max, review, outcome)
        if pk not in latest or key > latest[pk]:
            latest[pk] = key
    for pk, (*_, outcome) in latest.items():
        facts.setdefault(pk, {})["latest_parole_outcome"] = outcome
    return facts
