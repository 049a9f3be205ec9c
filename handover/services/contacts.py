"""Recording COM contacts, handover meetings and notes on a case's handover."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import access
from cases.models import Prisoner
from handover.models import HandoverContact, HandoverEvent, HandoverNote
from handover.services.common import current_sentence, lock, record_event


@transaction.atomic
def contact_record(
    *,
    prisoner: Prisoner,
    acting_user: User,
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
    lock(prisoner)
    sentence = current_sentence(prisoner)
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
    record_event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.CONTACT_RECORDED,
        summary=_contact_summary(contact),
        new=contact.get_kind_display(),
        reason=contact.notes,
    )
    return contact


def _contact_summary(contact: HandoverContact) -> str:
    """E.g. "COM contact with the prisoner on 20 November 2026 (phone): COM, prisoner"."""
    attendees = [
        label
        for flag, label in (
            (contact.pom_attended, "POM"),
            (contact.com_attended, "COM"),
            (contact.prisoner_attended, "prisoner"),
        )
        if flag
    ]
    return (
        f"{contact.get_kind_display()} on {contact.contact_date:%-d %B %Y} "
        f"({contact.get_method_display().lower()}): {', '.join(attendees)}"
    )


@transaction.atomic
def note_add(*, prisoner: Prisoner, acting_user: User, text: str) -> HandoverNote:
    """Add a note to the case's handover, marked as the COM's or the OMU's."""
    lock(prisoner)
    if not text.strip():
        raise ValidationError({"text": "Enter the note."})
    role = "COM" if access.acts_as_com(acting_user, prisoner) else "OMU"
    note = HandoverNote(
        prisoner=prisoner,
        text=text.strip(),
        author=acting_user,
        author_role=role,
        created_at=timezone.now(),
    )
    note.full_clean()
    note.save()
    record_event(
        prisoner,
        actor=acting_user,
        action=HandoverEvent.Action.NOTE_ADDED,
        summary="Note added",
        reason=note.text[:500],
    )
    return note
