"""Basic Custody Screening: saving a draft, completing it (which closes the BCS task on time or
late and turns each need found into a resettlement need). docs/rules.md#what-a-bcs-records"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from cases import versions
from cases.models import Prisoner
from cases.rules import london_day
from interventions.models import ResettlementNeed
from screening import rules
from screening.models import Bcs, BcsArea, Task
from screening.selectors.case import open_task
from screening.services.common import audit, lock_case, moment
from screening.services.completion import close_open_task
from screening.services.sync import tasks_sync

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def answers_of(bcs: Bcs) -> rules.BcsAnswers:
    """The answers a stored BCS holds (reads `bcs.areas`)."""
    return rules.BcsAnswers(
        areas={
            a.area: rules.AreaAnswer(a.need, a.notes, a.referral_requested, a.substances)
            for a in bcs.areas.all()
        },
        self_harm_risk=bcs.self_harm_risk,
        self_harm_notes=bcs.self_harm_notes,
        cell_sharing_risk=bcs.cell_sharing_risk,
        cell_sharing_notes=bcs.cell_sharing_notes,
    )


@transaction.atomic
def bcs_save_draft(
    *,
    prisoner: Prisoner,
    acting_user: User,
    answers: rules.BcsAnswers,
    now: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Bcs:
    """Save what is known so far; nothing is checked for completeness until it is completed.
    `expected_version` is the draft's version the answers were made from (0: no draft yet);
    pages and the API always give it, so a screening changed meanwhile is not overwritten."""
    now = moment(now)
    lock_case(prisoner)
    draft = Bcs.objects.filter(prisoner=prisoner, status=Bcs.Status.DRAFT).first()
    if expected_version is not None:
        _check_draft_version(draft, expected_version, answers)
    if draft is None:
        task = open_task(prisoner, rules.BCS)
        draft = Bcs(prisoner=prisoner, task=task, started_by=acting_user, started_at=now)
    unknown = set(answers.areas) - set(rules.BCS_AREAS)
    if unknown:
        raise ValidationError({"areas": f"Not a BCS area: {', '.join(sorted(unknown))}."})
    draft.self_harm_risk = answers.self_harm_risk
    draft.self_harm_notes = answers.self_harm_notes.strip()
    draft.cell_sharing_risk = answers.cell_sharing_risk
    draft.cell_sharing_notes = answers.cell_sharing_notes.strip()
    draft.full_clean()
    audit(draft, acting_user, "Draft saved")
    versions.next_version(draft)
    draft.save()
    _save_areas(draft, answers)
    return draft


def _check_draft_version(draft: Bcs | None, expected: int, answers: rules.BcsAnswers) -> None:
    """A StaleEdit unless the draft is the one the answers were made from: the same version,
    or still none. A draft completed meanwhile (none now, though one was read) is stale too."""
    if draft is None:
        if expected != 0:
            raise versions.StaleEdit([], 0)
        return
    yours = {
        "self_harm_risk": answers.self_harm_risk,
        "self_harm_notes": answers.self_harm_notes.strip(),
        "cell_sharing_risk": answers.cell_sharing_risk,
        "cell_sharing_notes": answers.cell_sharing_notes.strip(),
    }
    versions.check_version(draft, expected, yours)


def _save_areas(draft: Bcs, answers: rules.BcsAnswers) -> None:
    rows = [
        BcsArea(
            bcs=draft,
            area=area,
            need=answer.need,
            notes=answer.notes.strip(),
            referral_requested=answer.referral_requested,
            substances=answer.substances if area == "substance_misuse" else "",
        )
        for area, answer in answers.areas.items()
    ]
    for row in rows:
        row.full_clean(exclude=["bcs"], validate_unique=False)
    BcsArea.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["bcs", "area"],
        update_fields=["need", "notes", "referral_requested", "substances"],
    )


@transaction.atomic
def bcs_complete(
    *,
    prisoner: Prisoner,
    acting_user: User,
    answers: rules.BcsAnswers | None = None,
    now: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Bcs:
    """Complete the prisoner's BCS: every area answered, then the BCS task closes on time or
    late (72 elapsed hours after arrival, to the second) and each need identified becomes a
    resettlement need. With `answers`, they are saved first; a repeat submission once the
    screening is complete changes nothing."""
    now = moment(now)
    lock_case(prisoner)
    draft = Bcs.objects.filter(prisoner=prisoner, status=Bcs.Status.DRAFT).first()
    if draft is None:
        latest = (
            Bcs.objects.filter(prisoner=prisoner, status=Bcs.Status.COMPLETE)
            .order_by("-completed_at")
            .first()
        )
        if latest is not None and open_task(prisoner, rules.BCS) is None:
            return latest
        if answers is None:
            raise ValidationError("There is no screening to complete.", code="conflict")
    if answers is not None:
        draft = bcs_save_draft(
            prisoner=prisoner,
            acting_user=acting_user,
            answers=answers,
            now=now,
            expected_version=expected_version,
        )
    assert draft is not None  # found above, or saved from the answers
    stored = answers_of(draft)
    errors = rules.bcs_missing_answers(stored, dict(BcsArea.Area.choices))
    if errors:
        raise ValidationError(errors)
    _complete(prisoner, draft, acting_user=acting_user, now=now)
    _needs_from_bcs(prisoner, stored, acting_user=acting_user, now=now)
    tasks_sync([prisoner.pk], now=now)
    return draft


def _complete(prisoner: Prisoner, draft: Bcs, *, acting_user: User, now: dt.datetime) -> None:
    """Close the BCS task (on time or late) and mark the screening complete."""
    task = close_open_task(
        prisoner,
        [rules.BCS],
        acting_user=acting_user,
        completed_at=now,
        completed_on=london_day(now),
        reason="Basic Custody Screening completed.",
    )
    draft.status = Bcs.Status.COMPLETE
    draft.completed_by = acting_user
    draft.completed_at = now
    if task is not None:
        draft.task = task
        draft.on_time = task.status == Task.Status.DONE
    audit(draft, acting_user, "Completed")
    draft.save()


def _needs_from_bcs(
    prisoner: Prisoner,
    answers: rules.BcsAnswers,
    *,
    acting_user: User,
    now: dt.datetime,
) -> list[ResettlementNeed]:
    """A need per area found, unless the prisoner already has that need open."""
    specs = rules.needs_from_bcs(answers)
    if not specs:
        return []
    already = set(
        ResettlementNeed.objects.filter(
            prisoner=prisoner, status__in=ResettlementNeed.OPEN_STATUSES
        ).values_list("area", flat=True)
    )
    prison = prisoner.current_prison
    owner = rules.default_need_owner(prison.omu_model if prison else "standard")
    labels = dict(BcsArea.Area.choices)
    today = london_day(now)
    needs = [
        ResettlementNeed(
            prisoner=prisoner,
            area=spec.area,
            owner=owner,
            source=ResettlementNeed.Source.BCS,
            source_detail=f"BCS completed {today:%-d %B %Y}: {labels[spec.bcs_area]}"[:200],
            notes=spec.notes,
            referral_requested=spec.referral_requested,
            identified_on=today,
            created_by=acting_user,
        )
        for spec in specs
        if spec.area not in already
    ]
    return bulk_create_with_history(
        needs, ResettlementNeed, default_user=acting_user, default_change_reason="From the BCS"
    )
