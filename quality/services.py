"""Writes of the case-quality audit: drawing a prison's monthly sample (once), giving a case
to another reviewer, and saving a reviewer's answers. Each is atomic and audited (the sample
keeps who drew it and its seed; cases and answers keep their history)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases import access, audit
from cases.models import CaseState, Prison, PrisonPolicy
from quality import rules, selectors
from quality.models import AuditAnswer, AuditCase, AuditSample


def sample_population(prison: Prison) -> list[tuple[int, str]]:
    """(case id, case type) of every case the prison holds in OMiC scope, from the stored
    answers (`CaseState`)."""
    return list(
        CaseState.objects.filter(prisoner__current_prison=prison, in_scope=True)
        .exclude(case_type="")
        .values_list("prisoner_id", "case_type")
    )


def _sample_size(prison: Prison) -> int:
    policy = PrisonPolicy.objects.filter(prison=prison).first()
    return policy.audit_sample_size if policy else PrisonPolicy().audit_sample_size


@transaction.atomic
def audit_sample_draw(
    *,
    prison: Prison,
    month: dt.date,
    acting_user: User | None = None,
    seed: str = "",
    now: dt.datetime | None = None,
) -> tuple[AuditSample, bool]:
    """Draw the prison's sample for the month, stratified by case type, and share it among
    the prison's reviewers; (sample, True). Once drawn, a month is never drawn again: a second
    call returns (the sample, False) and changes nothing. Without a `seed`, a random one is
    chosen and kept, so the draw can be repeated and checked."""
    month = rules.month_of(month)
    Prison.objects.select_for_update().get(pk=prison.pk)  # one draw at a time per prison
    existing = AuditSample.objects.filter(prison=prison, month=month).first()
    if existing is not None:
        return existing, False
    population = sample_population(prison)
    size = _sample_size(prison)
    seed = seed.strip() or secrets.token_hex(8)
    drawn = rules.draw_sample(
        population, sample_size=size, prison_code=prison.code, month=month, seed=seed
    )
    strata: dict[str, int] = {}
    for _, case_type in population:
        strata[case_type] = strata.get(case_type, 0) + 1
    sample = AuditSample(
        prison=prison,
        month=month,
        seed=seed,
        size=size,
        population=dict(sorted(strata.items())),
        drawn_at=now or timezone.now(),
        drawn_by=acting_user,
    )
    sample.full_clean()
    sample.save()
    _create_cases(sample, drawn, acting_user)
    return sample, True


def _create_cases(
    sample: AuditSample, drawn: list[tuple[int, str]], acting_user: User | None
) -> None:
    reviewers = selectors.assignment_reviewers(sample.prison)
    reviewer_ids = [r.pk for r in reviewers]
    case_ids = [pk for pk, _ in drawn]
    assigned = rules.assign_reviewers(
        case_ids,
        reviewer_ids,
        loads=selectors.open_loads(sample.prison, reviewer_ids),
        conflicts=selectors.case_poms(case_ids),
    )
    cases = [
        AuditCase(sample=sample, prisoner_id=pk, case_type=case_type, reviewer_id=assigned[pk])
        for pk, case_type in drawn
    ]
    bulk_create_with_history(
        cases,
        AuditCase,
        default_user=acting_user,
        default_change_reason=f"Drawn for {rules.month_label(sample.month)}",
    )


def audit_samples_draw(
    *, month: dt.date, prisons: Iterable[Prison] | None = None, seed: str = ""
) -> list[tuple[AuditSample, bool]]:
    """Draw the month's sample of every prison (or those given) that has none yet. Safe to
    run any number of times."""
    chosen = list(prisons) if prisons is not None else list(Prison.objects.order_by("code"))
    return [audit_sample_draw(prison=p, month=month, seed=seed) for p in chosen]


@transaction.atomic
def audit_case_reassign(
    *, audit_case: AuditCase, reviewer: User, acting_user: User, reason: str
) -> AuditCase:
    """Give the case to another reviewer at its prison (the head of OMU). Audited with why."""
    prison = audit_case.sample.prison
    if not access.may(acting_user, selectors.ASSIGN, prison):
        raise ValidationError("Only the head of OMU chooses who reviews a case.", code="forbidden")
    if not access.may(reviewer, selectors.REVIEW, prison):
        raise ValidationError(
            {"reviewer": "Choose a senior POM or head of OMU at this prison."}, code="invalid"
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the reviewer is changing."})
    locked = AuditCase.objects.select_for_update().get(pk=audit_case.pk)
    if locked.status == AuditCase.Status.COMPLETE:
        raise ValidationError("This review is complete: it cannot move.", code="conflict")
    if locked.reviewer_id == reviewer.pk:
        return locked
    locked.reviewer = reviewer
    locked.full_clean()
    audit.attribute(locked, user=acting_user, reason=reason.strip())
    locked.save(update_fields=["reviewer"])
    return locked


def may_answer(user: access.User, audit_case: AuditCase) -> bool:
    """The case's reviewer answers; the head of OMU may too. Both must still review there."""
    prison = audit_case.sample.prison
    if not access.may(user, selectors.REVIEW, prison):
        return False
    return audit_case.reviewer_id == user.pk or access.may(user, selectors.ASSIGN, prison)


def _check_answers(answers: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for answer in answers:
        code, judgement = answer.get("question", ""), answer.get("judgement", "")
        note = (answer.get("note") or "").strip()
        if code not in rules.QUESTION_CODES:
            raise ValidationError({"question": f"{code!r} is not an audit question."})
        if judgement not in rules.JUDGEMENTS:
            raise ValidationError({code: "Choose met, partly met, not met or not applicable."})
        if len(note) > rules.NOTE_MAX_LENGTH:
            raise ValidationError(
                {code: f"Keep the note to {rules.NOTE_MAX_LENGTH} characters or fewer."}
            )
        found[code] = (judgement, note)
    return found


@transaction.atomic
def audit_answers_save(
    *,
    audit_case: AuditCase,
    acting_user: User,
    answers: Iterable[Mapping[str, Any]],
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> AuditCase:
    """Record the reviewer's judgements and notes (any of the questions; an answer given again
    replaces the last, kept in the history with what the record suggested then). The case is
    complete once every question has an answer."""
    if not may_answer(acting_user, audit_case):
        raise ValidationError(
            "Only this case's reviewer or the head of OMU answers.", code="forbidden"
        )
    checked = _check_answers(answers)
    now = now or timezone.now()
    locked = AuditCase.objects.select_for_update().get(pk=audit_case.pk)
    found = selectors.suggestions(audit_case.prisoner, today=today or timezone.localdate())
    existing = {a.question: a for a in locked.answers.all()}
    for code, (judgement, note) in checked.items():
        answer = existing.get(code) or AuditAnswer(audit_case=locked, question=code)
        if answer.pk and (answer.judgement, answer.note) == (judgement, note):
            continue
        answer.judgement, answer.note = judgement, note
        answer.suggested = found[code].judgement
        answer.suggestion = found[code].explanation
        answer.answered_by, answer.answered_at = acting_user, now
        answer.full_clean()
        audit.attribute(answer, user=acting_user, reason="Audit answer")
        answer.save()
        existing[code] = answer
    complete = set(existing) >= set(rules.QUESTION_CODES)
    status = AuditCase.Status.COMPLETE if complete else AuditCase.Status.IN_PROGRESS
    if not existing:
        status = AuditCase.Status.TO_REVIEW
    if status != locked.status:
        locked.status = status
        locked.completed_at = now if complete else None
        audit.attribute(locked, user=acting_user, reason="Audit answers saved")
        locked.save(update_fields=["status", "completed_at"])
    return locked
