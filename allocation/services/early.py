"""The early allocation assessment (docs/rules.md#early-allocation): a POM assesses a case in
its window, the head of OMU decides a discretionary one, and either may withdraw it.

Every action is atomic, kept in the assessment's history, and ends by setting the prisoner's
`early_allocation` fact to what the current sentence's assessments now say, through the
data-in service of `cases` (audited, and the case's handover re-dated once committed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from allocation import rules
from allocation.models import EarlyAllocation
from cases import access, audit
from cases.audit import ChangeSource
from cases.models import Prisoner, Sentence
from cases.selectors import evaluate_prisoner
from cases.services.facts import prisoner_early_allocation_update

ASSESS = "allocation.assess_early_allocation"
DECIDE = "allocation.decide_early_allocation"
Status = EarlyAllocation.Status


def _lock(prisoner: Prisoner) -> Prisoner:
    return (
        Prisoner.objects.select_for_update(of=("self",))
        .select_related("current_prison")
        .get(pk=prisoner.pk)
    )


def _current_sentence(prisoner: Prisoner) -> Sentence:
    sentence = Sentence.objects.filter(prisoner=prisoner, is_current=True).first()
    if sentence is None:
        raise ValidationError("This case has no current sentence to assess.", code="conflict")
    return sentence


def _sync_fact(prisoner: Prisoner, acting_user: User, why: str) -> None:
    """The `early_allocation` fact as the current sentence's assessments now say."""
    accepted = EarlyAllocation.objects.filter(
        prisoner=prisoner, sentence__is_current=True, status__in=EarlyAllocation.ACCEPTED
    ).exists()
    prisoner_early_allocation_update(
        prisoner=prisoner, accepted=accepted, source=ChangeSource.by(acting_user, why)
    )


def _check_criteria(automatic: Sequence[str], discretionary: Sequence[str]) -> None:
    errors = {}
    for field, codes, is_auto in (
        ("automatic", automatic, True),
        ("discretionary", discretionary, False),
    ):
        unknown = rules.unknown_criteria(codes, automatic=is_auto)
        if unknown:
            errors[field] = f"Not a criterion: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def early_allocation_assess(
    *,
    prisoner: Prisoner,
    acting_user: User,
    oasys_risk_assessment_date: dt.date,
    automatic: Sequence[str] = (),
    discretionary: Sequence[str] = (),
    reason: str = "",
    today: dt.date | None = None,
) -> EarlyAllocation:
    """Record a POM's assessment of a case within its window. Eligible: the case hands over
    early at once. Discretionary: it waits for the head of OMU. Not eligible: nothing changes."""
    today = today or timezone.localdate()
    prisoner = _lock(prisoner)
    if not access.may(acting_user, ASSESS, prisoner.current_prison_id):
        raise ValidationError(
            "Only a POM at the prisoner's prison can complete the assessment.", code="forbidden"
        )
    sentence = _current_sentence(prisoner)
    live = EarlyAllocation.objects.filter(sentence=sentence, status__in=EarlyAllocation.LIVE)
    current = live.first()
    if current is not None:
        raise ValidationError(
            f"This sentence already has an assessment ({current.get_status_display().lower()}): "
            "withdraw it before assessing again.",
            code="conflict",
        )
    release = evaluate_prisoner(prisoner, today=today).earliest_release_date
    window = rules.assessment_window(release.date, today=today)
    if not window.open or release.date is None or window.opens_on is None:
        raise ValidationError(window.explanation, code="conflict")
    _check_criteria(automatic, discretionary)
    oasys_error = rules.oasys_date_error(oasys_risk_assessment_date, today=today)
    if oasys_error:
        raise ValidationError({"oasys_risk_assessment_date": oasys_error})
    outcome, explanation = rules.assessment_outcome(automatic, discretionary)
    if outcome == "discretionary" and not reason.strip():
        raise ValidationError({"reason": "Say why the case should be allocated early."})
    status = {"eligible": Status.ELIGIBLE, "discretionary": Status.PENDING}.get(
        outcome, Status.NOT_ELIGIBLE
    )
    assessment = EarlyAllocation(
        prisoner=prisoner,
        sentence=sentence,
        prison=prisoner.current_prison,
        release_date=release.date,
        release_kind=release.kind or "",
        window_opened_on=window.opens_on,
        oasys_risk_assessment_date=oasys_risk_assessment_date,
        automatic_criteria=sorted(set(automatic)),
        discretionary_criteria=sorted(set(discretionary)) if outcome != "eligible" else [],
        reason=reason.strip(),
        outcome=outcome,
        outcome_explanation=explanation,
        status=status,
        created_by=acting_user,
        created_at=timezone.now(),
    )
    assessment.full_clean(exclude=["prisoner", "sentence", "prison", "created_by"])
    audit.attribute(assessment, user=acting_user, reason="Early allocation assessed")
    assessment.save()
    _sync_fact(prisoner, acting_user, f"Early allocation assessed: {outcome}")
    return assessment


def _lock_assessment(assessment: EarlyAllocation) -> EarlyAllocation:
    _lock(assessment.prisoner)
    return (
        EarlyAllocation.objects.select_for_update(of=("self",))
        .select_related("prisoner", "sentence")
        .get(pk=assessment.pk)
    )


@transaction.atomic
def early_allocation_decide(
    *, assessment: EarlyAllocation, acting_user: User, approved: bool, note: str
) -> EarlyAllocation:
    """The head of OMU approves (the case hands over early) or declines a discretionary
    assessment, with a note. Deciding again the same way changes nothing."""
    assessment = _lock_assessment(assessment)
    if not access.may(acting_user, DECIDE, assessment.acting_prison_id):
        raise ValidationError(
            "Only the head of OMU at the assessment's prison can decide it.", code="forbidden"
        )
    target = Status.APPROVED if approved else Status.DECLINED
    if assessment.status == target:
        return assessment
    if assessment.status != Status.PENDING:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: there is nothing "
            "to decide.",
            code="conflict",
        )
    if not note.strip():
        raise ValidationError({"note": "Add a note saying why."})
    assessment.status = target
    assessment.decided_by = acting_user
    assessment.decided_at = timezone.now()
    assessment.decision_note = note.strip()
    audit.attribute(assessment, user=acting_user, reason=f"Early allocation {target}")
    assessment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _sync_fact(assessment.prisoner, acting_user, f"Early allocation {target}: {note.strip()}")
    return assessment


@transaction.atomic
def early_allocation_withdraw(
    *, assessment: EarlyAllocation, acting_user: User, reason: str
) -> EarlyAllocation:
    """Withdraw a live assessment (eligible, awaiting a decision or approved), with a reason:
    the case no longer hands over early. Withdrawing twice changes nothing."""
    assessment = _lock_assessment(assessment)
    prison = assessment.acting_prison_id
    if not (access.may(acting_user, ASSESS, prison) or access.may(acting_user, DECIDE, prison)):
        raise ValidationError(
            "Only a POM or the head of OMU at the prisoner's prison can withdraw it.",
            code="forbidden",
        )
    if assessment.status == Status.WITHDRAWN:
        return assessment
    if not assessment.live:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: only an eligible, "
            "approved or undecided one can be withdrawn.",
            code="conflict",
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the assessment is withdrawn."})
    assessment.status = Status.WITHDRAWN
    assessment.withdrawn_by = acting_user
    assessment.withdrawn_at = timezone.now()
    assessment.withdrawal_reason = reason.strip()
    audit.attribute(assessment, user=acting_user, reason="Early allocation withdrawn")
    assessment.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
    _sync_fact(assessment.prisoner, acting_user, f"Early allocation withdrawn: {reason.strip()}")
    return assessment


def early_allocation_facts_reconcile(prisoner_ids: list[int]) -> int:
    """Once a change to these cases commits: the `early_allocation` fact of every case with an
    accepted assessment here follows its current sentence. A new sentence (a recall, a new
    booking) or a merge can leave the fact set by an earlier sentence's assessment, which no
    longer counts, or unset while the kept record's current sentence was accepted. Cases never
    accepted here (the fact from a national record) are left alone. Returns the cases changed."""
    accepted = EarlyAllocation.objects.filter(
        prisoner_id__in=prisoner_ids, status__in=EarlyAllocation.ACCEPTED
    )
    wanted: dict[int, bool] = {}
    for prisoner_id, current in accepted.values_list("prisoner_id", "sentence__is_current"):
        wanted[prisoner_id] = wanted.get(prisoner_id, False) or current
    if not wanted:
        return 0
    wrong = Prisoner.objects.filter(pk__in=list(wanted)).values_list("pk", "early_allocation")
    changed = 0
    for pk, fact in list(wrong):
        if fact != wanted[pk]:
            source = ChangeSource(
                label="early allocation assessments",
                reason="accepted this sentence"
                if wanted[pk]
                else "accepted on an earlier sentence",
            )
            prisoner = Prisoner(pk=pk)
            prisoner_early_allocation_update(prisoner=prisoner, accepted=wanted[pk], source=source)
            changed += 1
    return changed
