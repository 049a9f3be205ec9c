"""What the record says for each audit question of one case: the public selectors of cases,
screening, handover and interventions read, then `quality.rules` suggests a judgement. Read
only; a few dozen queries for the one case a reviewer is looking at."""

from __future__ import annotations

import datetime as dt

from cases import rules as omic
from cases import selectors as case_selectors
from cases.models import Allocation, Prisoner
from handover import selectors as handover_selectors
from interventions import selectors as intervention_selectors
from interventions.models import ResettlementNeed
from quality import rules
from screening import selectors as screening_selectors


def suggestions(prisoner: Prisoner, *, today: dt.date) -> dict[str, rules.Suggestion]:
    """Each question's suggested judgement and why, by question code."""
    evaluation = case_selectors.evaluate_prisoner(prisoner, today=today)
    policy = case_selectors.policy_for_prisoner(prisoner)
    interventions = intervention_selectors.prisoner_interventions(prisoner, today=today)
    assessment = handover_selectors.assess_prisoner(prisoner, today=today, evaluation=evaluation)
    return {
        "bcs": _bcs(prisoner, evaluation, interventions.needs),
        "oasys": _oasys(prisoner, evaluation, policy, today),
        "contact": _contact(prisoner, evaluation, policy, today),
        "handover": _handover(assessment, today),
        "public_protection": rules.suggest_public_protection(
            [i.progress for i in assessment.items if i.definition.section == "public_protection"]
        ),
        "needs": rules.suggest_needs(
            pre_release=bool(interventions.pre_release.value),
            statuses=[n.status for n in interventions.needs],
        ),
    }


def _bcs(
    prisoner: Prisoner, evaluation: omic.Evaluation, needs: list[ResettlementNeed]
) -> rules.Suggestion:
    latest = screening_selectors.bcs_page(prisoner).latest
    found = sum(1 for area in latest.areas.all() if area.need) if latest else 0
    followed = sum(1 for n in needs if n.source == ResettlementNeed.Source.BCS)
    return rules.suggest_bcs(
        applies=evaluation.deadlines.bcs.applies,
        completed=latest is not None,
        on_time=latest.on_time if latest else None,
        needs_found=found,
        needs_followed=followed,
    )


def _oasys(
    prisoner: Prisoner, evaluation: omic.Evaluation, policy: omic.Policy, today: dt.date
) -> rules.Suggestion:
    deadline = evaluation.deadlines.oasys
    done = screening_selectors.oasys_assessments(prisoner)
    latest = done[0] if done else None
    due = deadline.due
    return rules.suggest_oasys(
        applies=deadline.applies,
        due=due.date() if isinstance(due, dt.datetime) else due,
        last_completed=latest.completed_on if latest else None,
        sentence_plan_on=latest.sentence_plan_completed_on if latest else None,
        review_months=policy.oasys_review_months,
        today=today,
    )


def _contact(
    prisoner: Prisoner, evaluation: omic.Evaluation, policy: omic.Policy, today: dt.date
) -> rules.Suggestion:
    allocation = handover_selectors.allocation_of(prisoner)
    pom = case_selectors.contact_summary(
        prisoner, evaluation=evaluation, policy=policy, today=today
    ).pom
    return rules.suggest_contact(
        has_pom=_has_pom(allocation),
        every_months=evaluation.pom_contact_months.value,
        last=pom.last,
        overdue=pom.overdue,
    )


def _has_pom(allocation: Allocation | None) -> bool:
    return allocation is not None and allocation.primary_pom_id is not None


def _handover(assessment: handover_selectors.Assessment, today: dt.date) -> rules.Suggestion:
    ho = assessment.handover
    allocation = assessment.allocation
    return rules.suggest_handover(
        handover_date=ho.handover_date,
        upcoming_from=ho.upcoming_from,
        com_allocated_on=allocation.com_allocated_on if allocation else None,
        com_allocated=assessment.com_allocated,
        meeting_held=assessment.meeting_held,
        today=today,
    )
