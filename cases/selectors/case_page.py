"""What the case page shows about the case itself: sentence, arrival, holders, contact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from cases import access, extensions, rules
from cases.models import Allocation, Movement, Prisoner, Sentence
from cases.selectors.allocations import allocation_of
from cases.selectors.contact import ContactSummary, contact_summary
from cases.selectors.evaluation import evaluate_prisoner, policy_for_prisoner
from cases.selectors.omic_panel import OmicPanel, omic_panel


@dataclass(frozen=True)
class CaseSummary:
    sentence: Sentence | None
    arrival: Movement | None
    allocation: Allocation | None

    @property
    def sentence_dates(self) -> list[tuple[str, dt.date]]:
        """The key dates that are set, labelled as staff know them."""
        if self.sentence is None:
            return []
        labels = {
            "tariff_date": "Tariff expiry date (TED)",
            "confirmed_release_date": "Confirmed release date",
        }
        rows = []
        for name in Sentence.KEY_DATES:
            value = getattr(self.sentence, name)
            if value:
                short = Sentence.date_label(name)
                label = labels.get(name, f"{name.replace('_', ' ').capitalize()} ({short})")
                rows.append((label, value))
        return rows


def case_summary(prisoner: Prisoner, *, now: dt.datetime) -> CaseSummary:
    """The facts shown on the case page, in two queries (three for a case read without its
    allocation)."""
    sentence = prisoner.sentences.filter(is_current=True).first()
    arrival = (
        prisoner.movements.filter(
            kind__in=[Movement.Kind.ADMISSION, Movement.Kind.TRANSFER],
            to_prison=prisoner.current_prison_id,
        )
        .order_by("-occurred_at")
        .first()
    )
    return CaseSummary(sentence=sentence, arrival=arrival, allocation=allocation_of(prisoner))


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]
    slot: str


@dataclass(frozen=True)
class CasePage:
    summary: CaseSummary
    evaluation: rules.Evaluation
    omic: OmicPanel
    contact: ContactSummary
    panels: tuple[RenderedPanel, ...]


def case_page(request: HttpRequest, prisoner: Prisoner, *, now: dt.datetime) -> CasePage:
    """Everything the case page shows (a fixed number of queries). The case is evaluated once;
    every panel an app adds reads that evaluation."""
    today = timezone.localdate(now)
    policy = policy_for_prisoner(prisoner)
    evaluation = evaluate_prisoner(prisoner, today=today, prison=prisoner.current_prison)
    outcomes = extensions.deadline_outcomes(prisoner)
    summary = case_summary(prisoner, now=now)
    return CasePage(
        summary=summary,
        evaluation=evaluation,
        omic=omic_panel(evaluation, policy, now=now, outcomes=outcomes),
        contact=contact_summary(prisoner, evaluation=evaluation, policy=policy, today=today),
        panels=case_panels(request, prisoner, evaluation, now=now, allocation=summary.allocation),
    )


def case_panels(
    request: HttpRequest,
    prisoner: Prisoner,
    evaluation: rules.Evaluation,
    *,
    now: dt.datetime,
    allocation: Allocation | None,
) -> tuple[RenderedPanel, ...]:
    """The sections apps add to the case page, for a user who holds each panel's permission on
    the case, in the panels' order; `allocation` is who holds the case, as the page read it."""
    shown = []
    context = extensions.PanelContext(request, prisoner, evaluation, now, allocation)
    for panel in extensions.case_panels():
        if not access.may_on_case(request.user, panel.perm, prisoner):
            continue
        values = panel.context(context)
        if values is not None:
            shown.append(RenderedPanel(panel.template, values, panel.slot))
    return tuple(shown)
