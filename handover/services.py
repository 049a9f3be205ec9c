"""Writes for the handover app. One function per business action: keyword-only, atomic,
validated, and audited with a `HandoverEvent` row in the same transaction."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.models import Prison, Prisoner, Sentence
from cases.selectors import RESPONSIBILITY_LABELS
from handover import rules, selectors
from handover.models import (
    ChecklistItem,
    HandoverCase,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)


def _event(
    prisoner: Prisoner,
    *,
    actor: AbstractBaseUser | None,
    action: str,
    summary: str,
    old: str = "",
    new: str = "",
    reason: str = "",
    at: dt.datetime | None = None,
) -> HandoverEvent:
    return HandoverEvent.objects.create(
        prisoner=prisoner,
        at=at or timezone.now(),
        actor=actor,
        action=action,
        summary=summary[:300],
        old_value=old[:200],
        new_value=new[:200],
        reason=reason,
    )


def _current_sentence(prisoner: Prisoner) -> Sentence:
    sentence = Sentence.objects.filter(prisoner=prisoner, is_current=True).first()
    if sentence is None:
        raise ValidationError("This case has no current sentence, so it has no handover yet.")
    return sentence


def _lock(prisoner: Prisoner) -> Prisoner:
    """Lock the case: two people changing its handover at once queue behind each other."""
    return Prisoner.objects.select_for_update().get(pk=prisoner.pk)


# ---------------------------------------------------------------------------------------------
# Checklist


@transaction.atomic
def checklist_item_update(
    *,
    prisoner: Prisoner,
    code: str,
    acting_user: AbstractBaseUser,
    status: str,
    today: dt.date,
    not_needed_reason: str = "",
    evidence: str = "",
    owner: str | None = None,
    mappa_level: int | None = None,
    mappa_category: int | None = None,
    review_date: dt.date | None = None,
) -> ChecklistItem:
    """Record an item's status, evidence or owner. A COM may change only COM-owned items and
    never the owner; automatic items (COM allocated, meeting, contacts) cannot be set by hand."""
    _lock(prisoner)
    definition = rules.ITEMS.get(code)
    if definition is None:
        raise ValidationError({"code": "Not a handover checklist item."})
    if definition.automatic:
        raise ValidationError(
            {"code": "This item is completed from the case's records, not ticked by hand."},
            code="automatic",
        )
    if status not in ChecklistItem.Status.values:
        raise ValidationError({"status": "Choose to do, done or not needed."})
    a = selectors.assess_prisoner(prisoner, today=today)
    current = next((i for i in a.items if i.code == code), None)
    if current is None:
        raise ValidationError({"code": "This item does not apply to this case."})
    as_com = selectors.acts_as_com(acting_user, prisoner)
    if as_com and (current.owner != "com" or (owner and owner != current.owner)):
        raise ValidationError(
            "As the COM you can update only the items the COM owns.", code="forbidden"
        )
    sentence = _current_sentence(prisoner)
    item = (
        ChecklistItem.objects.select_for_update().filter(sentence=sentence, code=code).first()
    ) or ChecklistItem(prisoner=prisoner, sentence=sentence, code=code, owner=definition.owner)
    values: dict[str, Any] = {
        "status": status,
        "not_needed_reason": not_needed_reason.strip() if status == "not_needed" else "",
        "evidence": evidence.strip(),
        "owner": owner or item.owner,
        "mappa_level": mappa_level if code == "mappa" else None,
        "mappa_category": mappa_category if code == "mappa" else None,
        "review_date": review_date if code == "mappa" else None,
    }
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if item.pk and not changed:
        return item  # already recorded as asked: a double submission changes nothing
    old_status = item.get_status_display() if item.pk else "To do"
    for name in changed:
        setattr(item, name, values[name])
    if "status" in changed or not item.pk:
        item.completed_on = today if status == ChecklistItem.Status.DONE else None
        changed.append("completed_on")
    item.updated_by = acting_user
    item.updated_at = timezone.now()
    item.full_clean()
    if item.pk:
        item.save(update_fields=[*set(changed), "updated_by", "updated_at"])
    else:
        item.save()
    _event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.ITEM_UPDATED,
        summary=f"{definition.label}: {item.get_status_display()}",
        old=old_status,
        new=item.get_status_display(),
        reason=item.not_needed_reason or item.evidence,
    )
    return item


# ---------------------------------------------------------------------------------------------
# Contacts, meetings and notes


@transaction.atomic
def contact_record(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    kind: str,
    contact_date: dt.date,
    method: str,
    today: dt.date,
    pom_attended: bool = False,
    com_attended: bool = False,
    prisoner_attended: bool = False,
    other_attendees: str = "",
    notes: str = "",
) -> HandoverContact:
    """Record a COM contact or a handover meeting. A COM contact always has the COM and the
    prisoner; any record where both met counts towards the COM's contacts before release."""
    _lock(prisoner)
    sentence = _current_sentence(prisoner)
    if kind == HandoverContact.Kind.COM_CONTACT:
        com_attended = prisoner_attended = True
    if contact_date > today:
        raise ValidationError({"contact_date": "The date cannot be in the future."})
    if contact_date < sentence.sentence_start_date:
        raise ValidationError(
            {
                "contact_date": "The date must be on or after the sentence date "
                f"({sentence.sentence_start_date:%-d %B %Y})."
            }  # fmt: skip
        )
    contact = HandoverContact(
        prisoner=prisoner,
        sentence=sentence,
        kind=kind,
        contact_date=contact_date,
        method=method,
        pom_attended=pom_attended,
        com_attended=com_attended,
        prisoner_attended=prisoner_attended,
        other_attendees=other_attendees.strip(),
        notes=notes.strip(),
        recorded_by=acting_user,
        created_at=timezone.now(),
    )
    contact.full_clean()
    contact.save()
    attendees = [
        label
        for flag, label in (
            (contact.pom_attended, "POM"),
            (contact.com_attended, "COM"),
            (contact.prisoner_attended, "prisoner"),
        )
        if flag
    ]
    _event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.CONTACT_RECORDED,
        summary=f"{contact.get_kind_display()} on {contact_date:%-d %B %Y} "
        f"({contact.get_method_display().lower()}): {', '.join(attendees)}",
        new=contact.get_kind_display(),
        reason=contact.notes,
    )
    return contact


@transaction.atomic
def note_add(*, prisoner: Prisoner, acting_user: AbstractBaseUser, text: str) -> HandoverNote:
    _lock(prisoner)
    if not text.strip():
        raise ValidationError({"text": "Enter the note."})
    role = "COM" if selectors.acts_as_com(acting_user, prisoner) else "OMU"
    note = HandoverNote(
        prisoner=prisoner,
        text=text.strip(),
        author=acting_user,
        author_role=role,
        created_at=timezone.now(),
    )
    note.full_clean()
    note.save()
    _event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.NOTE_ADDED,
        summary="Note added",
        reason=note.text[:500],
    )
    return note


# ---------------------------------------------------------------------------------------------
# Parole reviews


def _queue_state_sync(prisoner: Prisoner) -> None:
    # A parole outcome can change the handover dates (section 6 rule 4): record the new state
    # once this transaction commits rather than waiting for the nightly run.
    from handover.tasks import handover_sync_case as handover_sync_case_task

    pk = prisoner.pk
    transaction.on_commit(lambda: handover_sync_case_task.delay(pk))


@transaction.atomic
def parole_review_record(
    *,
    prisoner: Prisoner,
    acting_user: AbstractBaseUser,
    hearing_date: dt.date,
    today: dt.date,
    outcome: str = "",
    outcome_received_date: dt.date | None = None,
    notes: str = "",
) -> ParoleReview:
    """Record a parole review of the current sentence; with an outcome it is complete and
    feeds the rules engine."""
    _lock(prisoner)
    sentence = _current_sentence(prisoner)
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
    _event(
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
    acting_user: AbstractBaseUser,
    outcome: str,
    outcome_received_date: dt.date,
    today: dt.date,
    notes: str = "",
) -> ParoleReview:
    """Record (or correct) a review's outcome. Recording the same outcome again does nothing."""
    _lock(review.prisoner)
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
    old = review.get_outcome_display() or "Awaiting outcome"
    for name in changed:
        setattr(review, name, values[name])
    review.full_clean()
    review.save(update_fields=changed)
    _event(
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


# ---------------------------------------------------------------------------------------------
# Responsibility override (section 6 rule 1)


@transaction.atomic
def responsibility_override_add(
    *, prisoner: Prisoner, acting_user: AbstractBaseUser, reason: str, detail: str = ""
) -> ResponsibilityOverride:
    """Make the COM responsible by the head of OMU's decision. The calculated dates still show.
    If an override is already active it is returned unchanged (a double submission)."""
    _lock(prisoner)
    if not acting_user.has_perm("handover.override_responsibility"):
        raise ValidationError("Only the head of OMU can override responsibility.", code="forbidden")
    existing = ResponsibilityOverride.objects.filter(
        prisoner=prisoner, removed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    override = ResponsibilityOverride(
        prisoner=prisoner,
        reason=reason,
        detail=detail.strip(),
        created_by=acting_user,
        created_at=timezone.now(),
    )
    override.full_clean()
    override.save()
    why = override.get_reason_display() + (f": {override.detail}" if override.detail else "")
    _event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.OVERRIDE_ADDED,
        summary="Responsibility overridden: COM responsible, POM supporting",
        old="As calculated",
        new=RESPONSIBILITY_LABELS["com_responsible"],
        reason=why,
    )
    return override


@transaction.atomic
def responsibility_override_remove(
    *, prisoner: Prisoner, acting_user: AbstractBaseUser, reason: str
) -> ResponsibilityOverride | None:
    """End the active override, with a reason; responsibility goes back to the calculated one.
    Returns None (and changes nothing) when there is no active override."""
    _lock(prisoner)
    if not acting_user.has_perm("handover.override_responsibility"):
        raise ValidationError("Only the head of OMU can remove an override.", code="forbidden")
    override = (
        ResponsibilityOverride.objects.select_for_update()
        .filter(prisoner=prisoner, removed_at__isnull=True)
        .first()
    )
    if override is None:
        return None
    override.removed_at = timezone.now()
    override.removed_by = acting_user
    override.removal_reason = reason.strip()
    override.full_clean()
    override.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.OVERRIDE_REMOVED,
        summary="Responsibility override removed: responsibility as calculated",
        old=RESPONSIBILITY_LABELS["com_responsible"],
        new="As calculated",
        reason=override.removal_reason,
    )
    return override


# ---------------------------------------------------------------------------------------------
# Handover states: the nightly transition


@dataclass(frozen=True)
class TransitionResult:
    cases: int
    recorded: int  # cases whose first state was recorded
    moved: int  # cases that changed state
    seconds: float = 0.0

    def __add__(self, other: TransitionResult) -> TransitionResult:
        return TransitionResult(
            self.cases + other.cases,
            self.recorded + other.recorded,
            self.moved + other.moved,
            self.seconds + other.seconds,
        )


_LABELS = dict(HandoverCase.State.choices)


@transaction.atomic
def handover_transition_cases(qs: QuerySet[Prisoner], *, today: dt.date) -> TransitionResult:
    """Move every case in `qs` to the handover state its dates give on `today`, audited.

    Set-based: the engine evaluates the cases in a fixed number of queries; new cases get their
    row in one insert; then, for each (from, to) pair of states, the rows still in the "from"
    state are claimed with `select_for_update(skip_locked=True)`, moved with one update and
    audited with one insert. A second run (or one overlapping this one) finds nothing to move.
    Cases with no handover dates get a row only once they have had one.
    """
    assessments = selectors.assess_cases(qs, today=today)
    ids = [a.prisoner.pk for a in assessments]
    existing = dict(
        HandoverCase.objects.filter(prisoner_id__in=ids).values_list("prisoner_id", "state")
    )
    targets = {a.prisoner.pk: a.state for a in assessments}
    new = [
        HandoverCase(prisoner_id=pk, state="")
        for pk, state in targets.items()
        if pk not in existing and state.value != "no_handover"
    ]
    HandoverCase.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    current = {**existing, **{row.prisoner_id: "" for row in new}}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, target in targets.items():
        if pk in current and current[pk] != target.value:
            groups[(current[pk], target.value)].append(pk)
    now = timezone.now()
    recorded = moved = 0
    for (old, new_state), group in sorted(groups.items()):
        claimed = list(
            HandoverCase.objects.select_for_update(skip_locked=True)
            .filter(prisoner_id__in=group, state=old)
            .values_list("prisoner_id", flat=True)
        )
        if not claimed:
            continue
        HandoverCase.objects.filter(prisoner_id__in=claimed, state=old).update(
            state=new_state, state_since=today, updated_at=now
        )
        HandoverEvent.objects.bulk_create(
            [
                HandoverEvent(
                    prisoner_id=pk,
                    at=now,
                    actor=None,
                    action=HandoverEvent.Action.STATE_CHANGED,
                    summary=f"Handover state: {_LABELS[new_state]}",
                    old_value=_LABELS.get(old, "Not recorded") if old else "Not recorded",
                    new_value=_LABELS[new_state],
                    reason=targets[pk].explanation,
                )
                for pk in claimed
            ],
            batch_size=1000,
        )
        if old:
            moved += len(claimed)
        else:
            recorded += len(claimed)
    return TransitionResult(cases=len(ids), recorded=recorded, moved=moved)


def handover_transitions_run(*, today: dt.date, prison: Prison | None = None) -> TransitionResult:
    """The nightly run: every prison in turn (one transaction each, so one prison's failure
    leaves the others done), then cases released since the last run. Safe to run twice."""
    started = time.perf_counter()
    total = TransitionResult(0, 0, 0)
    prisons = [prison] if prison else list(Prison.objects.order_by("code"))
    for each in prisons:
        total += handover_transition_cases(
            Prisoner.objects.filter(current_prison=each), today=today
        )
    if prison is None:
        released = Prisoner.objects.filter(current_prison__isnull=True).filter(
            Q(handover__isnull=False) & ~Q(handover__state=HandoverCase.State.RELEASED)
        )
        total += handover_transition_cases(released, today=today)
    return TransitionResult(
        total.cases, total.recorded, total.moved, round(time.perf_counter() - started, 3)
    )
