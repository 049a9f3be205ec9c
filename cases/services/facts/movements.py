"""Prisoners arriving, moving between prisons and leaving custody.

A prisoner arrives new to us, back in custody on a new booking (their history kept), or from
another of our prisons (a transfer in). Leaving a prison, by release or transfer, ends what the
apps hold at that prison in the same transaction (`extensions.case_leaving`: allocation ends
the POM, co-working POM and keyworker allocations; the COM stays). A transferred case arrives
unallocated at its new prison, with its history kept.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import audit, extensions
from cases.audit import ChangeSource
from cases.models import Movement, Prison, Prisoner
from cases.services.facts.types import Arrival
from cases.services.facts.updates import (
    check_legal_status,
    lock,
    probation_values,
    write_details,
    write_sentence,
)


def _movement(
    prisoner: Prisoner,
    kind: str,
    at: dt.datetime,
    source: ChangeSource,
    *,
    from_prison: Prison | None = None,
    to_prison: Prison | None = None,
    reason: str = "",
) -> Movement:
    movement = Movement(
        prisoner=prisoner,
        kind=kind,
        occurred_at=at,
        from_prison=from_prison,
        to_prison=to_prison,
        reason=(reason or source.reason)[:200],
        source=source.name[:100],
        recorded_by=source.user,
    )
    movement.full_clean()
    movement.save()
    return movement


def _move(prisoner: Prisoner, to_prison: Prison | None, source: ChangeSource) -> None:
    prisoner.current_prison = to_prison
    prisoner.location = ""
    audit.attribute_to(prisoner, source)
    prisoner.save(update_fields=["current_prison", "location"])


@transaction.atomic
def prisoner_arrive(*, prison: Prison, arrival: Arrival, source: ChangeSource) -> Prisoner:
    """Record a prisoner arriving at `prison`: a new case, a case back in custody on a new
    booking, or a transfer in from another of our prisons. 409 (`conflict`) if they are already
    held here."""
    check_legal_status(arrival.legal_status)
    number = arrival.prison_number.upper()
    prisoner = Prisoner.objects.select_for_update().filter(prison_number=number).first()
    if prisoner is None:
        prisoner = _new_prisoner(prison, arrival, source)
        back_in_custody = False
    elif prisoner.current_prison_id == prison.pk:
        raise ValidationError(f"{number} is already held at {prison.name}.", code="conflict")
    elif prisoner.current_prison_id is None:
        back_in_custody = True
        _move(prisoner, prison, source)
        _movement(prisoner, Movement.Kind.ADMISSION, arrival.arrived_at, source, to_prison=prison)
    else:
        back_in_custody = False
        _transfer(prisoner, prison, arrival.arrived_at, source)
    write_details(prisoner, source, details=arrival.details, legal_status=arrival.legal_status)
    if arrival.sentence is not None:
        write_sentence(prisoner, arrival.sentence, source, new_episode=back_in_custody)
    extensions.case_changed([prisoner.pk])
    return prisoner


def _new_prisoner(prison: Prison, arrival: Arrival, source: ChangeSource) -> Prisoner:
    prisoner = Prisoner(
        prison_number=arrival.prison_number.upper(),
        legal_status=arrival.legal_status,
        current_prison=prison,
        **arrival.details.values(),
        **probation_values(arrival.probation),
    )
    prisoner.full_clean()
    audit.attribute_to(prisoner, source)
    prisoner.save()
    _movement(
        prisoner,
        Movement.Kind.ADMISSION,
        arrival.arrived_at,
        source,
        to_prison=prison,
        reason=arrival.reason,
    )
    return prisoner


def _transfer(prisoner: Prisoner, to_prison: Prison, at: dt.datetime, source: ChangeSource) -> None:
    from_prison = prisoner.current_prison
    extensions.case_leaving([prisoner.pk], "transfer", source)
    _movement(
        prisoner,
        Movement.Kind.TRANSFER,
        at,
        source,
        from_prison=from_prison,
        to_prison=to_prison,
    )
    _move(prisoner, to_prison, source)


@transaction.atomic
def prisoner_transfer(
    *, prisoner: Prisoner, to_prison: Prison, at: dt.datetime, source: ChangeSource
) -> Prisoner:
    """Move a prisoner from their prison to another of ours. Their POM, co-working POM and
    keyworker allocations end; at the new prison they wait for a POM, history kept."""
    prisoner = lock(prisoner)
    if prisoner.current_prison is None:
        raise ValidationError("Someone released cannot be transferred.", code="conflict")
    if prisoner.current_prison_id == to_prison.pk:
        raise ValidationError({"to_prison": "Choose a prison other than the one they are in."})
    _transfer(prisoner, to_prison, at, source)
    extensions.case_changed([prisoner.pk])
    return prisoner


@transaction.atomic
def prisoner_release(
    *, prisoner: Prisoner, at: dt.datetime, source: ChangeSource, reason: str = ""
) -> Prisoner:
    """Record a release: the custodial episode ends, with it the POM, co-working POM and
    keyworker allocations. The COM, the sentence and the whole history stay."""
    prisoner = lock(prisoner)
    if prisoner.current_prison is None:
        raise ValidationError("This prisoner has already been released.", code="conflict")
    from_prison = prisoner.current_prison
    extensions.case_leaving([prisoner.pk], "release", source)
    _movement(prisoner, Movement.Kind.RELEASE, at, source, from_prison=from_prison, reason=reason)
    _move(prisoner, None, source)
    extensions.case_changed([prisoner.pk])
    return prisoner
