"""Demo handover records, from the demo cases as the engine sees them today: COM contacts and
handover meetings for cases with a COM, checklist progress past handover, parole reviews for
indeterminate and parole cases, one responsibility override, POM notes for the COM, and the
recorded handover states. Bulk inserts (a few queries whatever the size); same seed and day,
same records.

Run by `demo.seed.run.seed_demo` in its transaction, after the prisoners and their holders.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from cases.models import Prisoner
from demo.factories.handover import (
    ChecklistItemFactory,
    HandoverContactFactory,
    HandoverEventFactory,
    HandoverNoteFactory,
    ParoleReviewFactory,
    ResponsibilityOverrideFactory,
)
from demo.seed.calendar import at, days
from handover import rules, services
from handover.models import (
    ChecklistItem,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)
from handover.selectors import Assessment, assess_cases

# Items the POM usually has done by handover, and the COM's public-protection checks after it.
_BY_HANDOVER = ("pre_handover_oasys", "risk_management_plan")
_AFTER_HANDOVER = ("mappa", "domestic_abuse", "child_safeguarding", "victim_liaison")
_NOT_NEEDED = {
    "approved_premises": "Returning to a family address agreed with the COM; no AP needed.",
    "victim_liaison": "No victim scheme applies to this offence.",
}
_NOTES = (
    "Settled on the wing and engaging with education. Has asked about housing near family.",
    "Completed Thinking Skills Programme. Keen to start work on release; has a CSCS card.",
    "Family support is strong. Needs ID: no passport or birth certificate on file.",
)


@dataclass
class _Records:
    """Every record to write, in the order they were made."""

    contacts: list[HandoverContact] = field(default_factory=list)
    items: list[ChecklistItem] = field(default_factory=list)
    reviews: list[ParoleReview] = field(default_factory=list)
    notes: list[HandoverNote] = field(default_factory=list)
    overrides: list[ResponsibilityOverride] = field(default_factory=list)
    events: list[HandoverEvent] = field(default_factory=list)


@dataclass(frozen=True)
class _Case:
    """One assessed case with a sentence, and who holds it."""

    a: Assessment
    pom: Any  # the POM's user, or None
    com_user: Any  # the COM's user, or None
    start: dt.date  # the sentence date
    today: dt.date

    @property
    def state(self) -> str:
        return self.a.state.value


def seed_handover(*, seed: int, today: dt.date, prison_codes: tuple[str, ...]) -> dict[str, int]:
    """Write the handover records for the demo prisons' cases; returns counts by kind."""
    rng = random.Random(f"omu-demo:{seed}:handover")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("spo", "com"))}
    qs = Prisoner.objects.filter(current_prison__code__in=prison_codes).order_by("prison_number")
    records = _Records()
    overridden = False
    for a in assess_cases(qs, today=today):
        if a.sentence_id is None:
            continue
        allocation = a.allocation
        case = _Case(
            a,
            pom=allocation.primary_pom if allocation else None,
            com_user=allocation.com if allocation else None,
            start=a.prisoner.sentence_start,  # type: ignore[attr-defined]  # annotated by assess_cases
            today=today,
        )
        _contacts(rng, case, records)
        _checklist(rng, case, records)
        _note(rng, case, records)
        _parole(rng, case, records)
        # One override at the first prison: a custody case far from handover, community led.
        if not overridden and case.state == "not_due" and "spo" in users:
            overridden = _override(case, records, prison_codes[0], spo=users["spo"])
    _write(records)
    states = services.handover_transition_cases(qs, today=today)
    return {
        "contacts": len(records.contacts),
        "items": len(records.items),
        "parole_reviews": len(records.reviews),
        "notes": len(records.notes),
        "overrides": len(records.overrides),
        "states": states.recorded,
    }


def _event(
    case: _Case,
    records: _Records,
    actor: Any,
    action: str,
    summary: str,
    *,
    days_ago: int,
    **values: str,
) -> None:
    """A line of the case's handover timeline, `days_ago` at 10:00."""
    records.events.append(
        HandoverEventFactory.row(
            prisoner=case.a.prisoner,
            at=at(case.today - days(days_ago), 10),
            actor=actor,
            action=action,
            summary=summary,
            **values,
        )
    )


def _contacts(rng: random.Random, case: _Case, records: _Records) -> None:
    """COM contacts: none before the COM is named; up to 3 once in handover. A handover
    meeting for most cases handed over."""
    a, today = case.a, case.today
    if a.com_allocated and case.state in ("in_progress", "handed_over", "no_handover"):
        wanted = rng.randint(0, 3) if case.state != "no_handover" else rng.randint(0, 1)
        for n in range(wanted):
            day = today - days(7 + 21 * n + rng.randint(0, 6))
            if day < case.start:
                break
            records.contacts.append(
                HandoverContactFactory.row(
                    prisoner=a.prisoner,
                    sentence_id=a.sentence_id,
                    kind=HandoverContact.Kind.COM_CONTACT,
                    contact_date=day,
                    method=rng.choice(HandoverContact.Method.values),
                    com_attended=True,
                    prisoner_attended=True,
                    notes="Discussed release address and licence conditions.",
                    recorded_by=case.com_user or case.pom,
                    created_at=at(day, 15),
                )
            )
    handover_date = a.handover.handover_date
    if case.state == "handed_over" and handover_date and rng.random() < 0.7:
        day = min(max(case.start, handover_date - days(rng.randint(0, 10))), today)
        records.contacts.append(
            HandoverContactFactory.row(
                prisoner=a.prisoner,
                sentence_id=a.sentence_id,
                kind=HandoverContact.Kind.HANDOVER_MEETING,
                contact_date=day,
                method=HandoverContact.Method.VIDEO,
                pom_attended=True,
                com_attended=True,
                prisoner_attended=rng.random() < 0.6,
                notes="Handover meeting: risks, sentence plan and release plans shared.",
                recorded_by=case.pom,
                created_at=at(day, 11),
            )
        )


def _checklist(rng: random.Random, case: _Case, records: _Records) -> None:
    """Checklist progress: POM items by handover, some COM checks after it, approved premises
    not needed for some."""
    a, state = case.a, case.state
    applicable = {item.code for item in a.items if not item.definition.automatic}
    done: list[str] = []
    if state in ("handed_over", "in_progress"):
        done += [c for c in _BY_HANDOVER if c in applicable and rng.random() < 0.8]
    if state == "handed_over":
        done += [c for c in _AFTER_HANDOVER if c in applicable and rng.random() < 0.5]
    for code in done:
        records.items.append(_done_item(case, code))
        _event(case, records, case.pom, HandoverEvent.Action.ITEM_UPDATED,
               f"{rules.ITEMS[code].label}: Done", old_value="To do", new_value="Done",
               days_ago=3)  # fmt: skip
    if state == "handed_over" and "approved_premises" in applicable and rng.random() < 0.3:
        records.items.append(
            ChecklistItemFactory.row(
                prisoner=a.prisoner,
                sentence_id=a.sentence_id,
                code="approved_premises",
                status=ChecklistItem.Status.NOT_NEEDED,
                owner="com",
                not_needed_reason=_NOT_NEEDED["approved_premises"],
                updated_by=case.com_user or case.pom,
                updated_at=at(case.today - days(2), 12),
            )
        )


def _done_item(case: _Case, code: str) -> ChecklistItem:
    """A checklist item done three days ago (MAPPA with its level and category)."""
    a, today = case.a, case.today
    level = a.prisoner.mappa_level if a.prisoner.mappa_level is not None else 1
    mappa = code == "mappa"
    return ChecklistItemFactory.row(
        prisoner=a.prisoner,
        sentence_id=a.sentence_id,
        code=code,
        status=ChecklistItem.Status.DONE,
        owner=rules.ITEMS[code].owner,
        evidence="Recorded on NDelius.",
        completed_on=today - days(3),
        mappa_level=level if mappa else None,
        mappa_category=2 if mappa else None,
        review_date=today + days(60) if mappa and level >= 2 else None,
        updated_by=case.pom,
        updated_at=at(today - days(3), 12),
    )


def _note(rng: random.Random, case: _Case, records: _Records) -> None:
    """A POM note for the COM, where both are named."""
    if case.com_user is not None and case.pom is not None:
        records.notes.append(
            HandoverNoteFactory.row(
                prisoner=case.a.prisoner,
                text=rng.choice(_NOTES),
                author=case.pom,
                author_role="OMU",
                created_at=at(case.today - days(5), 14),
            )
        )


def _parole(rng: random.Random, case: _Case, records: _Records) -> None:
    """A refusal for some long-tariff indeterminate cases (docs/rules.md#ordered-rules, rule
    4), a hearing awaited for parole cases whose date is near."""
    a, today = case.a, case.today
    thd = a.key_dates["target_hearing_date"]
    if a.indeterminate and thd and thd > today + days(365) and rng.random() < 0.6:
        hearing = max(case.start, today - days(rng.randint(60, 300)))
        received = min(today, hearing + days(14))
        records.reviews.append(
            ParoleReviewFactory.row(
                prisoner=a.prisoner,
                sentence_id=a.sentence_id,
                hearing_date=hearing,
                outcome=ParoleReview.Outcome.NOT_RELEASE,
                outcome_received_date=received,
                notes="Panel recommended further work on risk in closed conditions.",
                recorded_by=case.pom,
                created_at=at(received, 9),
            )
        )
    elif a.parole_due and a.parole_due[1] == "PED" and rng.random() < 0.5:
        records.reviews.append(
            ParoleReviewFactory.row(
                prisoner=a.prisoner,
                sentence_id=a.sentence_id,
                hearing_date=a.parole_due[0],
                notes="Dossier sent to the Parole Board.",
                recorded_by=case.pom,
                created_at=at(today - days(10), 9),
            )
        )


def _override(case: _Case, records: _Records, first_prison: str, *, spo: Any) -> bool:
    """The head of OMU hands a case at the first prison to the community team; True if so."""
    prison = case.a.prisoner.current_prison
    if prison is None or prison.code != first_prison:
        return False
    records.overrides.append(
        ResponsibilityOverrideFactory.row(
            prisoner=case.a.prisoner,
            reason=ResponsibilityOverride.Reason.COMMUNITY_TEAM,
            detail="Youth offending team transition: the community team leads.",
            created_by=spo,
            created_at=at(case.today - days(20), 16),
        )
    )
    _event(case, records, spo, HandoverEvent.Action.OVERRIDE_ADDED,
           "Responsibility overridden: COM responsible, POM supporting",
           old_value="As calculated", new_value="COM responsible, POM supporting",
           reason="The community team is to work with the prisoner", days_ago=20)  # fmt: skip
    return True


def _write(records: _Records) -> None:
    HandoverContact.objects.bulk_create(records.contacts, batch_size=1000)
    ChecklistItem.objects.bulk_create(records.items, batch_size=1000)
    ParoleReview.objects.bulk_create(records.reviews, batch_size=1000)
    HandoverNote.objects.bulk_create(records.notes, batch_size=1000)
    ResponsibilityOverride.objects.bulk_create(records.overrides)
    HandoverEvent.objects.bulk_create(records.events, batch_size=1000)
