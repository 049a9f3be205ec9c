"""Changes to a prisoner's facts while they stay where they are: personal details and location,
legal status, the sentence and any of its key dates.

Each service is atomic, writes the audit history with who or what made the change and why, and
once committed lets every app bring the case up to date (`extensions.case_changed`): tasks
re-dated or closed, the handover state recorded.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import audit, extensions
from cases.audit import ChangeSource
from cases.models import Prisoner, Sentence
from cases.services.facts.types import (
    PersonalDetails,
    SentenceFacts,
    detail_changes,
    is_new_booking,
)


def lock(prisoner: Prisoner) -> Prisoner:
    """The prisoner's row, locked for this transaction and read afresh."""
    return (
        Prisoner.objects.select_for_update(of=("self",))
        .select_related("current_prison")
        .get(pk=prisoner.pk)
    )


def check_legal_status(value: str) -> None:
    if value not in Prisoner.LegalStatus.values:
        raise ValidationError({"legal_status": f"{value!r} is not a legal status."})


def write_details(
    prisoner: Prisoner,
    source: ChangeSource,
    *,
    details: PersonalDetails | None = None,
    legal_status: str | None = None,
) -> list[str]:
    """Set the details and legal status that differ on a locked prisoner; the fields changed."""
    changed = list(detail_changes(prisoner, details).keys()) if details else []
    for name in changed:
        setattr(prisoner, name, details.values()[name] if details else None)
    if legal_status is not None and legal_status != prisoner.legal_status:
        check_legal_status(legal_status)
        prisoner.legal_status = legal_status
        changed.append("legal_status")
    if changed:
        prisoner.full_clean(exclude=["current_prison"], validate_unique=False)
        audit.attribute_to(prisoner, source)
        prisoner.save(update_fields=changed)
    return changed


def write_sentence(
    prisoner: Prisoner, facts: SentenceFacts, source: ChangeSource, *, new_episode: bool = False
) -> Sentence | None:
    """Make the prisoner's current sentence say what `facts` say. A new booking (or
    `new_episode`: back in custody) ends the current sentence and starts a new one; otherwise
    the current one is edited. Returns the sentence if anything was written."""
    current = prisoner.sentences.select_for_update().filter(is_current=True).first()
    if current is not None and (new_episode or is_new_booking(current, facts)):
        current.is_current = False
        audit.attribute_to(current, source)
        current.save(update_fields=["is_current"])
        current = None
    sentence = current or Sentence(prisoner=prisoner, is_current=True)
    values = facts.values()
    changed = [name for name, value in values.items() if getattr(sentence, name) != value]
    if sentence.pk is not None and not changed:
        return None
    for name in changed:
        setattr(sentence, name, values[name])
    # The prisoner is locked and exists; "one current sentence" is this function's own doing
    # and the database's constraint: check the values and the sentence's rules, no queries.
    sentence.full_clean(exclude=["prisoner"], validate_unique=False, validate_constraints=False)
    audit.attribute_to(sentence, source)
    if sentence.pk is None:
        sentence.save()
    else:
        sentence.save(update_fields=changed)
    return sentence


@transaction.atomic
def prisoner_facts_update(
    *,
    prisoner: Prisoner,
    source: ChangeSource,
    details: PersonalDetails | None = None,
    legal_status: str | None = None,
    sentence: SentenceFacts | None = None,
) -> Prisoner:
    """Change any of a prisoner's details, legal status and sentence at once (what a roll
    import or a feed finds different). Nothing is written if nothing differs."""
    prisoner = lock(prisoner)
    changed = write_details(prisoner, source, details=details, legal_status=legal_status)
    written = write_sentence(prisoner, sentence, source) if sentence is not None else None
    if changed or written is not None:
        extensions.case_changed([prisoner.pk])
    return prisoner


def sentence_update(*, prisoner: Prisoner, facts: SentenceFacts, source: ChangeSource) -> Sentence:
    """Record the sentence's dates as they now are (a recalculation, a new key date, a date
    removed). The previous values stay in the sentence's history."""
    prisoner_facts_update(prisoner=prisoner, source=source, sentence=facts)
    return Sentence.objects.get(prisoner=prisoner, is_current=True)


def legal_status_update(*, prisoner: Prisoner, legal_status: str, source: ChangeSource) -> Prisoner:
    """Sentenced, recalled, on remand, an immigration detainee...: scope and deadlines follow."""
    return prisoner_facts_update(prisoner=prisoner, source=source, legal_status=legal_status)


def prisoner_details_update(
    *, prisoner: Prisoner, details: PersonalDetails, source: ChangeSource
) -> Prisoner:
    """Name, date of birth (which can change who is in scope), cell location, category."""
    return prisoner_facts_update(prisoner=prisoner, source=source, details=details)


PROBATION_FIELDS = ("crn", "tier", "rosh", "mappa_level")


def probation_values(changes: Mapping[str, object]) -> dict[str, object]:
    """Probation facts as the prisoner's fields hold them (None clears: "" for text)."""
    unknown = set(changes) - set(PROBATION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a probation fact."))
    return {
        name: ("" if value is None and name != "mappa_level" else value)
        for name, value in changes.items()
    }


@transaction.atomic
def prisoner_probation_update(
    *, prisoner: Prisoner, changes: Mapping[str, object], source: ChangeSource
) -> Prisoner:
    """What probation records about the case: its CRN, tier, risk of serious harm and MAPPA
    level (a value of None clears it; a field left out is not touched). The POM type and
    handover follow once committed."""
    unknown = set(changes) - set(PROBATION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a probation fact."))
    prisoner = lock(prisoner)
    values = {
        name: ("" if value is None and name != "mappa_level" else value)
        for name, value in changes.items()
    }
    changed = [name for name, value in values.items() if getattr(prisoner, name) != value]
    if changed:
        for name in changed:
            setattr(prisoner, name, values[name])
        prisoner.full_clean(exclude=["current_prison"], validate_unique=False)
        audit.attribute_to(prisoner, source)
        prisoner.save(update_fields=changed)
        extensions.case_changed([prisoner.pk])
    return prisoner


@transaction.atomic
def prisoner_early_allocation_update(
    *, prisoner: Prisoner, accepted: bool, source: ChangeSource
) -> bool:
    """Record whether an early allocation assessment of this sentence was accepted (eligible,
    or approved by the head of OMU). The engine then hands the case over earlier
    (`early_allocation_months` before the release date) once committed. Returns whether the
    fact changed."""
    prisoner = lock(prisoner)
    if prisoner.early_allocation == accepted:
        return False
    prisoner.early_allocation = accepted
    audit.attribute_to(prisoner, source)
    prisoner.save(update_fields=["early_allocation"])
    extensions.case_changed([prisoner.pk])
    return True
