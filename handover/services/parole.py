"""Recording parole reviews and their outcomes, which feed the rules engine
(docs/rules.md#ordered-rules, rule 4)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import extensions, versions
from cases.models import Prisoner
from handover.models import HandoverEvent, ParoleReview
from handover.services.common import current_sentence, lock, record_event


def _queue_state_sync(prisoner: Prisoner) -> None:
    # A parole outcome can change the handover dates (docs/rules.md#ordered-rules, rule 4):
    # the case's stored answer, tasks and handover state follow once this transaction commits.
    extensions.case_changed([prisoner.pk])


@transaction.atomic
def parole_review_record(
    *,
    prisoner: Prisoner,
    acting_user: User,
    hearing_date: dt.date,
    today: dt.date,
    outcome: str = "",
    outcome_received_date: dt.date | None = None,
    notes: str = "",
) -> ParoleReview:
    """Record a parole review of the current sentence; with an outcome it is complete and
    feeds the rules engine."""
    lock(prisoner)
    sentence = current_sentence(prisoner)
    if outcome_received_date and outcome_received_date > today:
        raise ValidationError(
            {"outcome_received_date": "The outcome cannot be received in the future."}
        )
    if hearing_date < sentence.sentence_start_date:
        raise ValidationError(
            {"hearing_date": "The hearing must be on or after the sentence date."}
        )
    review = ParoleReview(
        prisoner=prisoner,
        sentence=sentence,
        hearing_date=hearing_date,
        outcome=outcome,
        outcome_received_date=outcome_received_date,
        notes=notes.strip(),
        recorded_by=acting_user,
        created_at=timezone.now(),
    )
    review.full_clean()
    review.save()
    record_event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.PAROLE_REVIEW,
        summary=f"Parole review on {hearing_date:%-d %B %Y} recorded",
        new=review.get_outcome_display() or "Awaiting outcome",
        reason=review.notes,
    )
    if review.outcome:
        _queue_state_sync(prisoner)
    return review


@transaction.atomic
def parole_review_record_outcome(
    *,
    review: ParoleReview,
    acting_user: User,
    outcome: str,
    outcome_received_date: dt.date,
    today: dt.date,
    notes: str = "",
    expected_version: int | None = None,
) -> ParoleReview:
    """Record (or correct) a review's outcome. Recording the same outcome again does nothing.
    Pages and the API give `expected_version`, the review's version the outcome was entered
    against: an outcome recorded by someone else meanwhile is not overwritten."""
    lock(review.prisoner)
    review = ParoleReview.objects.select_for_update().get(pk=review.pk)
    if outcome_received_date > today:
        raise ValidationError(
            {"outcome_received_date": "The outcome cannot be received in the future."}
        )
    values = {
        "outcome": outcome,
        "outcome_received_date": outcome_received_date,
        "notes": notes.strip() or review.notes,
    }
    changed = [name for name, value in values.items() if getattr(review, name) != value]
    if not changed:
        return review
    if expected_version is not None:
        versions.check_version(review, expected_version, values)
    old = review.get_outcome_display() or "Awaiting outcome"
    for name in changed:
        setattr(review, name, values[name])
    review.full_clean()
    review.save(update_fields=[*changed, *versions.next_version(review)])
    record_event(
        review.prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.PAROLE_REVIEW,
        summary=f"Outcome of the parole review on {review.hearing_date:%-d %B %Y}",
        old=old,
        new=review.get_outcome_display(),
        reason=review.notes,
    )
    _queue_state_sync(review.prisoner)
    return review
