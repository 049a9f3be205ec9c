"""Compose every rule into one ``Evaluation`` and render it as the JSON of docs/commands.md#omic_evaluate."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cases.rules.deadlines import (
    bcs_deadline,
    categorisation_deadline,
    keyworker_allocation_deadline,
    oasys_deadline,
    oasys_review_deadline,
    recategorisation_deadline,
    sentence_calculation_deadline,
    transfer_deadline,
)
from cases.rules.facts import CaseFacts
from cases.rules.handovers import handover_for, no_dates_reason, responsibility_for
from cases.rules.policy import Policy
from cases.rules.pom import pom_contact_months, pom_type_for
from cases.rules.release import displayed_release_date, earliest_release_date
from cases.rules.results import (
    CaseType,
    Deadline,
    Deadlines,
    Evaluation,
    Explained,
    Handover,
    PomType,
    ReleaseDate,
    Responsibility,
)
from cases.rules.scope import case_type_for, omic_scope


def evaluate(facts: CaseFacts, policy: Policy, *, holidays: frozenset[date]) -> Evaluation:
    """Everything the rules say about one case on ``facts.as_of``.

    ``holidays`` are the bank holidays of ``policy.bank_holiday_country`` covering the sentence
    and documents dates (see ``cases.bank_holidays``); nothing here reads the clock.
    """
    scope = omic_scope(facts)
    in_scope = scope.value
    erd = earliest_release_date(facts)
    no_dates = no_dates_reason(facts, erd, policy) if in_scope else None
    kind = case_type_for(facts, policy, in_scope=in_scope, erd=erd, no_dates_reason=no_dates)
    ho = handover_for(
        facts, policy, in_scope=scope, erd=erd, case_type=kind.value, no_dates=no_dates
    )
    resp = responsibility_for(facts, in_scope=scope, handover=ho)
    # Positional on purpose: keyword arguments to a class make Python build a dict per call,
    # which doubles the cost of these two constructors. The order is the field order.
    deadlines = Deadlines.when_read(
        lambda: Deadlines(
            bcs_deadline(facts, policy),
            sentence_calculation_deadline(facts, policy),
            transfer_deadline(facts, policy, holidays=holidays),
            keyworker_allocation_deadline(facts, policy),
            categorisation_deadline(facts, policy, holidays=holidays),
            recategorisation_deadline(facts, policy, erd=erd),
            oasys_deadline(facts, policy, erd=erd, case_type=kind.value),
            oasys_review_deadline(facts, policy, case_type=kind.value, handover=ho),
        )
    )
    return Evaluation(
        facts.as_of,
        scope,
        kind,
        erd,
        displayed_release_date(facts),
        pom_type_for(facts, policy, in_scope=in_scope, erd=erd, responsibility=resp),
        resp,
        ho,
        deadlines,
        pom_contact_months(facts, policy, in_scope=in_scope),
    )


# ---------------------------------------------------------------------------------------------
# Single-rule entry points: each computes only what it needs, for callers that want one answer.


def case_type(facts: CaseFacts, policy: Policy) -> Explained[CaseType | None]:
    scope = omic_scope(facts)
    erd = earliest_release_date(facts)
    no_dates = no_dates_reason(facts, erd, policy) if scope.value else None
    return case_type_for(facts, policy, in_scope=scope.value, erd=erd, no_dates_reason=no_dates)


def handover(facts: CaseFacts, policy: Policy) -> Handover:
    scope = omic_scope(facts)
    erd = earliest_release_date(facts)
    no_dates = no_dates_reason(facts, erd, policy) if scope.value else None
    kind = case_type_for(facts, policy, in_scope=scope.value, erd=erd, no_dates_reason=no_dates)
    return handover_for(
        facts, policy, in_scope=scope, erd=erd, case_type=kind.value, no_dates=no_dates
    )


def responsibility(facts: CaseFacts, policy: Policy) -> Responsibility:
    """Responsibility on ``facts.as_of`` (use ``dataclasses.replace(facts, as_of=day)`` for
    another day)."""
    return responsibility_for(facts, in_scope=omic_scope(facts), handover=handover(facts, policy))


def pom_type(facts: CaseFacts, policy: Policy) -> Explained[PomType | None]:
    scope = omic_scope(facts)
    return pom_type_for(
        facts,
        policy,
        in_scope=scope.value,
        erd=earliest_release_date(facts),
        responsibility=responsibility(facts, policy),
    )


# ---------------------------------------------------------------------------------------------
# JSON


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _release_json(release: ReleaseDate) -> dict[str, Any]:
    return {
        "date": _day(release.date),
        "kind": release.kind,
        "explanation": release.explanation,
    }


def _deadline_json(deadline: Deadline) -> dict[str, Any] | None:
    if not deadline.applies:
        return None
    due = deadline.due
    # datetime before date: a datetime is a date too. BCS keeps its offset (+00:00 / +01:00).
    if isinstance(due, datetime):
        rendered: str | None = due.isoformat()
    else:
        rendered = _day(due)
    return {"due": rendered, "explanation": deadline.explanation}


def evaluation_as_json(ev: Evaluation) -> dict[str, Any]:
    """The result object of docs/commands.md#omic_evaluate. Optional extras beyond the contract:
    ``case_type_explanation``, ``pom_type_explanation``, ``display_release_date``,
    ``pom_contact`` and, in ``handover``, ``upcoming_from`` and ``com_allocation_overdue_from``.
    """
    resp = ev.responsibility
    ho = ev.handover
    dl = ev.deadlines
    return {
        "in_omic_scope": ev.in_omic_scope.value,
        "scope_explanation": ev.in_omic_scope.explanation,
        "case_type": ev.case_type.value,
        "case_type_explanation": ev.case_type.explanation,
        "earliest_release_date": _release_json(ev.earliest_release_date),
        "display_release_date": _release_json(ev.display_release_date),
        "pom_type": ev.pom_type.value,
        "pom_type_explanation": ev.pom_type.explanation,
        "responsibility": {
            "state": resp.state,
            "responsible": resp.responsible,
            "supporting": resp.supporting,
            "explanation": resp.explanation,
        },
        "handover": {
            "com_allocation_date": _day(ho.com_allocation_date),
            "handover_date": _day(ho.handover_date),
            "reason": ho.reason,
            "explanation": ho.explanation,
            "upcoming_from": _day(ho.upcoming_from),
            "com_allocation_overdue_from": _day(ho.com_allocation_overdue_from),
        },
        "deadlines": {
            "bcs": _deadline_json(dl.bcs),
            "sentence_calculation": _deadline_json(dl.sentence_calculation),
            "transfer": _deadline_json(dl.transfer),
            "keyworker_allocation": _deadline_json(dl.keyworker_allocation),
            "categorisation": _deadline_json(dl.categorisation),
            "recategorisation": _deadline_json(dl.recategorisation),
            "oasys": _deadline_json(dl.oasys),
            "oasys_review": _deadline_json(dl.oasys_review),
        },
        "pom_contact": {
            "every_months": ev.pom_contact_months.value,
            "explanation": ev.pom_contact_months.explanation,
        },
    }
