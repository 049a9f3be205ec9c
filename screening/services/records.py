"""Recording categorisation (documents received, a category decided), OASys and the sentence
plan's objectives. A decision or an OASys closes its task, and the engine dates the next one
from it (docs/rules.md#deadlines)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Prisoner
from cases.rules import london_day
from screening import rules
from screening.models import Categorisation, OasysAssessment, SentencePlanObjective
from screening.services.common import audit, lock_case, moment
from screening.services.completion import close_open_task
from screening.services.sync import facts_recorded

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _decided_before(prisoner: Prisoner) -> bool:
    return Categorisation.objects.filter(prisoner=prisoner, decided_on__isnull=False).exists()


def _pending(prisoner: Prisoner) -> Categorisation | None:
    """The categorisation waiting for a decision, if any."""
    return Categorisation.objects.filter(prisoner=prisoner, decided_on__isnull=True).first()


def _kind(decided_before: bool) -> str:
    return Categorisation.Kind.REVIEW if decided_before else Categorisation.Kind.INITIAL


@transaction.atomic
def categorisation_documents_record(
    *,
    prisoner: Prisoner,
    acting_user: User,
    received_on: dt.date,
    now: dt.datetime | None = None,
) -> Categorisation:
    """Record the day all essential documents arrived: the categorisation clock starts."""
    now = moment(now)
    error = rules.not_in_future(received_on, today=london_day(now), label="date received")
    if error:
        raise ValidationError({"documents_received_date": error})
    lock_case(prisoner)
    pending = _pending(prisoner)
    if pending is not None and pending.documents_received_date == received_on:
        return pending
    if pending is None:
        pending = Categorisation(
            prisoner=prisoner, kind=_kind(_decided_before(prisoner)), recorded_by=acting_user
        )
    pending.documents_received_date = received_on
    pending.full_clean()
    audit(pending, acting_user, "Documents received")
    pending.save()
    facts_recorded([prisoner.pk], now=now)
    return pending


def _decision_errors(
    prisoner: Prisoner, category: str, decided_on: dt.date, reason: str, *, today: dt.date
) -> dict[str, str]:
    """What is wrong with a category decision before anything is locked or read."""
    errors: dict[str, str] = {}
    function = prisoner.current_prison.function if prisoner.current_prison else "training"
    allowed = rules.categories_for(function)
    if category not in allowed:
        labels = dict(Categorisation.Category.choices)
        errors["category"] = "Choose a category this prison's estate uses: " + ", ".join(
            labels[c] for c in allowed
        )
    future = rules.not_in_future(decided_on, today=today, label="decision date")
    if future:
        errors["decided_on"] = future
    if not reason.strip():
        errors["reason"] = "Give the reason for the decision."
    return errors


@transaction.atomic
def categorisation_decide(
    *,
    prisoner: Prisoner,
    acting_user: User,
    category: str,
    decided_on: dt.date,
    reason: str,
    now: dt.datetime | None = None,
) -> Categorisation:
    """Record a category decision. The first is the categorisation, later ones are reviews;
    either closes its task, and the engine dates the next review from it."""
    now = moment(now)
    errors = _decision_errors(prisoner, category, decided_on, reason, today=london_day(now))
    lock_case(prisoner)
    pending = _pending(prisoner)
    received = pending.documents_received_date if pending else None
    if received and decided_on and decided_on < received and "decided_on" not in errors:
        errors["decided_on"] = (
            f"The decision cannot be before the documents were received ({received:%-d %B %Y})."
        )
    if errors:
        raise ValidationError(errors)
    decided_before = _decided_before(prisoner)
    record = pending or Categorisation(prisoner=prisoner, recorded_by=acting_user)
    record.kind = _kind(decided_before)
    record.category = category
    record.decided_on = decided_on
    record.reason = reason.strip()
    record.decided_by = acting_user
    record.full_clean()
    audit(record, acting_user, f"Category {category} decided")
    record.save()
    close_open_task(
        prisoner,
        [rules.categorisation_task_kind(decided_before)],
        acting_user=acting_user,
        completed_at=now,
        completed_on=decided_on,
        reason=f"Category decided: {record.get_category_display()}.",
    )
    facts_recorded([prisoner.pk], now=now)
    return record


@transaction.atomic
def oasys_record(
    *,
    prisoner: Prisoner,
    acting_user: User,
    kind: str,
    completed_on: dt.date,
    sentence_plan_completed_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> OasysAssessment:
    """Record a completed OASys (and sentence plan); it closes the matching OASys task and the
    engine dates the next review from it."""
    now = moment(now)
    today = london_day(now)
    errors: dict[str, str] = {}
    for name, value, label in (
        ("completed_on", completed_on, "OASys completion date"),
        ("sentence_plan_completed_on", sentence_plan_completed_on, "sentence plan date"),
    ):
        error = rules.not_in_future(value, today=today, label=label)
        if error:
            errors[name] = error
    if kind not in rules.OASYS_TASK_KINDS:
        errors["kind"] = "Choose the type of OASys."
    if errors:
        raise ValidationError(errors)
    lock_case(prisoner)
    record = OasysAssessment(
        prisoner=prisoner,
        kind=kind,
        completed_on=completed_on,
        sentence_plan_completed_on=sentence_plan_completed_on,
        recorded_by=acting_user,
    )
    record.full_clean()
    audit(record, acting_user, "OASys recorded")
    record.save()
    close_open_task(
        prisoner,
        rules.OASYS_TASK_KINDS[kind],
        acting_user=acting_user,
        completed_at=now,
        completed_on=completed_on,
        reason=f"{record.get_kind_display()} completed.",
    )
    facts_recorded([prisoner.pk], now=now)
    return record


@transaction.atomic
def objective_add(
    *,
    prisoner: Prisoner,
    acting_user: User,
    need_area: str,
    description: str,
    target_date: dt.date | None = None,
) -> SentencePlanObjective:
    assessment = prisoner.oasys.order_by("-completed_on", "-id").first()
    objective = SentencePlanObjective(
        prisoner=prisoner,
        assessment=assessment,
        need_area=need_area,
        description=description.strip(),
        target_date=target_date,
        created_by=acting_user,
    )
    objective.full_clean()
    audit(objective, acting_user, "Objective added")
    objective.save()
    return objective


@transaction.atomic
def objective_update_status(
    *, objective: SentencePlanObjective, acting_user: User, status: str
) -> SentencePlanObjective:
    objective = SentencePlanObjective.objects.select_for_update().get(pk=objective.pk)
    if objective.status == status:
        return objective
    if status not in SentencePlanObjective.Status.values:
        raise ValidationError({"status": "Choose a status."})
    objective.status = status
    audit(objective, acting_user, f"Status: {objective.get_status_display()}")
    objective.save(update_fields=["status", "updated_at"])
    return objective
