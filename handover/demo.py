"""Handover demo records for `seed_demo` (called from `cases.demo.seed_demo` in its transaction).

From the demo cases as the engine sees them today: COM contacts and handover meetings for cases
with a COM, checklist progress past handover, parole reviews for indeterminate and parole cases,
one responsibility override, POM notes for the COM, and the recorded handover states. Written
with bulk inserts (a few queries whatever the size); same seed and day, same records.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from cases.models import Prisoner
from handover import rules, selectors, services
from handover.models import (
    ChecklistItem,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)

LONDON = ZoneInfo("Europe/London")

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


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def seed_handover_demo(*, seed: int, today: dt.date, prison_codes: tuple[str, ...]) -> dict:
    """Write the handover records for the demo prisons' cases; returns counts by kind."""
    rng = random.Random(f"omu-demo:{seed}:handover")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("spo", "com"))}
    qs = Prisoner.objects.filter(current_prison__code__in=prison_codes).order_by("prison_number")
    cases = selectors.assess_cases(qs, today=today)
    contacts: list[HandoverContact] = []
    items: list[ChecklistItem] = []
    reviews: list[ParoleReview] = []
    notes: list[HandoverNote] = []
    overrides: list[ResponsibilityOverride] = []
    events: list[HandoverEvent] = []

    def event(a: selectors.Assessment, actor: object, action: str, summary: str, **kw: str) -> None:
        events.append(
            HandoverEvent(
                prisoner=a.prisoner,
                at=_at(today - dt.timedelta(days=kw.pop("days_ago", 1)), 10),  # type: ignore[arg-type]
                actor=actor,
                action=action,
                summary=summary,
                **kw,
            )
        )

    overridden = False
    for a in cases:
        if a.sentence_id is None:
            continue
        allocation = a.allocation
        pom = allocation.primary_pom if allocation else None
        com_user = allocation.com if allocation else None
        start = a.prisoner.sentence_start
        state = a.state.value
        ho = a.handover
        # COM contacts: none before the COM is named; up to 3 once in handover.
        if a.com_allocated and state in ("in_progress", "handed_over", "no_handover"):
            wanted = rng.randint(0, 3) if state != "no_handover" else rng.randint(0, 1)
            for n in range(wanted):
                day = today - dt.timedelta(days=7 + 21 * n + rng.randint(0, 6))
                if day < start:
                    break
                contacts.append(
                    HandoverContact(
                        prisoner=a.prisoner,
                        sentence_id=a.sentence_id,
                        kind=HandoverContact.Kind.COM_CONTACT,
                        contact_date=day,
                        method=rng.choice(HandoverContact.Method.values),
                        com_attended=True,
                        prisoner_attended=True,
                        notes="Discussed release address and licence conditions.",
                        recorded_by=com_user or pom,
                        created_at=_at(day, 15),
                    )
                )
        if state == "handed_over" and ho.handover_date and rng.random() < 0.7:
            day = max(start, ho.handover_date - dt.timedelta(days=rng.randint(0, 10)))
            contacts.append(
                HandoverContact(
                    prisoner=a.prisoner,
                    sentence_id=a.sentence_id,
                    kind=HandoverContact.Kind.HANDOVER_MEETING,
                    contact_date=min(day, today),
                    method=HandoverContact.Method.VIDEO,
                    pom_attended=True,
                    com_attended=True,
                    prisoner_attended=rng.random() < 0.6,
                    notes="Handover meeting: risks, sentence plan and release plans shared.",
                    recorded_by=pom,
                    created_at=_at(min(day, today), 11),
                )
            )
        # Checklist progress: POM items by handover, some COM checks after it.
        applicable = {item.code for item in a.items if not item.definition.automatic}
        done: list[str] = []
        if state in ("handed_over", "in_progress"):
            done += [c for c in _BY_HANDOVER if c in applicable and rng.random() < 0.8]
        if state == "handed_over":
            done += [c for c in _AFTER_HANDOVER if c in applicable and rng.random() < 0.5]
        for code in done:
            level = a.prisoner.mappa_level if a.prisoner.mappa_level is not None else 1
            items.append(
                ChecklistItem(
                    prisoner=a.prisoner,
                    sentence_id=a.sentence_id,
                    code=code,
                    status=ChecklistItem.Status.DONE,
                    owner=rules.ITEMS[code].owner,
                    evidence="Recorded on NDelius.",
                    completed_on=today - dt.timedelta(days=3),
                    mappa_level=level if code == "mappa" else None,
                    mappa_category=2 if code == "mappa" else None,
                    review_date=today + dt.timedelta(days=60)
                    if code == "mappa" and level >= 2
                    else None,
                    updated_by=pom,
                    updated_at=_at(today - dt.timedelta(days=3), 12),
                )
            )
            event(a, pom, HandoverEvent.Action.ITEM_UPDATED,
                  f"{rules.ITEMS[code].label}: Done", old_value="To do", new_value="Done",
                  days_ago=3)  # fmt: skip
        if state == "handed_over" and "approved_premises" in applicable and rng.random() < 0.3:
            items.append(
                ChecklistItem(
                    prisoner=a.prisoner,
                    sentence_id=a.sentence_id,
                    code="approved_premises",
                    status=ChecklistItem.Status.NOT_NEEDED,
                    owner="com",
                    not_needed_reason=_NOT_NEEDED["approved_premises"],
                    updated_by=com_user or pom,
                    updated_at=_at(today - dt.timedelta(days=2), 12),
                )
            )
        if com_user is not None and pom is not None:
            notes.append(
                HandoverNote(
                    prisoner=a.prisoner,
                    text=rng.choice(_NOTES),
                    author=pom,
                    author_role="OMU",
                    created_at=_at(today - dt.timedelta(days=5), 14),
                )
            )
        # Parole: a refusal for some long-tariff indeterminate cases (rule 4), a hearing awaited
        # for parole cases whose date is near.
        thd = a.key_dates["target_hearing_date"]
        if a.indeterminate and thd and thd > today + dt.timedelta(days=365) and rng.random() < 0.6:
            hearing = max(start, today - dt.timedelta(days=rng.randint(60, 300)))
            reviews.append(
                ParoleReview(
                    prisoner=a.prisoner,
                    sentence_id=a.sentence_id,
                    hearing_date=hearing,
                    outcome=ParoleReview.Outcome.NOT_RELEASE,
                    outcome_received_date=min(today, hearing + dt.timedelta(days=14)),
                    notes="Panel recommended further work on risk in closed conditions.",
                    recorded_by=pom,
                    created_at=_at(min(today, hearing + dt.timedelta(days=14)), 9),
                )
            )
        elif a.parole_due and a.parole_due[1] == "PED" and rng.random() < 0.5:
            reviews.append(
                ParoleReview(
                    prisoner=a.prisoner,
                    sentence_id=a.sentence_id,
                    hearing_date=a.parole_due[0],
                    notes="Dossier sent to the Parole Board.",
                    recorded_by=pom,
                    created_at=_at(today - dt.timedelta(days=10), 9),
                )
            )
        # One override at the first prison: a custody case far from handover, community led.
        if (
            not overridden
            and state == "not_due"
            and a.prisoner.current_prison.code == prison_codes[0]
            and "spo" in users
        ):
            overridden = True
            overrides.append(
                ResponsibilityOverride(
                    prisoner=a.prisoner,
                    reason=ResponsibilityOverride.Reason.COMMUNITY_TEAM,
                    detail="Youth offending team transition: the community team leads.",
                    created_by=users["spo"],
                    created_at=_at(today - dt.timedelta(days=20), 16),
                )
            )
            event(a, users["spo"], HandoverEvent.Action.OVERRIDE_ADDED,
                  "Responsibility overridden: COM responsible, POM supporting",
                  old_value="As calculated", new_value="COM responsible, POM supporting",
                  reason="The community team is to work with the prisoner", days_ago=20)  # fmt: skip
    HandoverContact.objects.bulk_create(contacts, batch_size=1000)
    ChecklistItem.objects.bulk_create(items, batch_size=1000)
    ParoleReview.objects.bulk_create(reviews, batch_size=1000)
    HandoverNote.objects.bulk_create(notes, batch_size=1000)
    ResponsibilityOverride.objects.bulk_create(overrides)
    HandoverEvent.objects.bulk_create(events, batch_size=1000)
    states = services.handover_transition_cases(qs, today=today)
    return {
        "contacts": len(contacts),
        "items": len(items),
        "parole_reviews": len(reviews),
        "notes": len(notes),
        "overrides": len(overrides),
        "states": states.recorded,
    }
