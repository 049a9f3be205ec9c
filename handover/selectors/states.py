"""Each case's handover state today, and nothing more: what the transitions record. The same
state `assess_cases` gives (the engine's dates, whether a COM is named, whether released), read
without building the checklist, so recording a national roll's states stays quick."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cases import rules as omic
from cases import selectors as case_selectors
from cases.models import Prisoner
from handover import rules
from handover.selectors.assessment import com_named
from handover.selectors.checklist import handover_state_of


def handover_states(
    qs: QuerySet[Prisoner], *, today: dt.date
) -> dict[int, omic.Explained[rules.State]]:
    """The state of every case in `qs` on `today`: the engine's queries and one more."""
    evaluations = case_selectors.evaluate_cases(qs, today=today)
    holders = qs.order_by().values_list(
        "pk", "current_prison_id", "allocation__com_id", "allocation__com_name"
    )
    states = {}
    for pk, prison_id, com_id, com_name in holders:
        ev = evaluations.get(pk)
        if ev is None:
            continue
        states[pk] = handover_state_of(
            ev.handover,
            com_allocated=com_named(com_id, com_name or ""),
            released=prison_id is None,
            today=today,
            no_dates_explanation=f"No handover: {ev.handover.explanation}",
        )
    return states
