"""What the fake says has happened since the database was last in step, so a developer sees
each step of the loop change something (`manage.py fake_hmpps`): at one prison, changes for
`sync_prison` to find (arrivals, new dates, a release, a transfer out, a merge); elsewhere,
changes told by domain events (written to a file for `consume_events --from-file`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from feeds.events.parse import MERGED, RECEIVED, RELEASED, TIER, UPDATED
from feeds.fake.documents import notification
from feeds.fake.state import FakeState


@dataclass
class Scenario:
    roll_changes: list[str] = field(default_factory=list)  # what sync_prison will find
    event_changes: list[str] = field(default_factory=list)  # what the events tell
    events: list[str] = field(default_factory=list)  # SQS message bodies, one a line


class _Numbers:
    """Prison numbers no one has yet."""

    def __init__(self, state: FakeState) -> None:
        self.state, self.n = state, 9000

    def next(self) -> str:
        while True:
            self.n += 1
            number = f"F{self.n}FK"
            if number not in self.state.prisoners and number not in self.state.merged:
                return number


def _held(state: FakeState, code: str) -> list[dict[str, Any]]:
    return [d for d in state.roll(code) if d.get("sentenceStartDate")]


def _newcomer(number: str, code: str, today: dt.date, **fields: Any) -> dict[str, Any]:
    start = today - dt.timedelta(days=20)
    doc = {
        "prisonerNumber": number,
        "bookingId": f"9{number[1:5]}",
        "firstName": "Alex",
        "lastName": f"Newcomer{number[1:5]}",
        "dateOfBirth": "1988-07-01",
        "status": "ACTIVE IN",
        "inOutStatus": "IN",
        "prisonId": code,
        "prisonName": code,
        "cellLocation": "R-1-001",
        "receptionDate": today.isoformat(),
        "lastMovementTypeCode": "ADM",
        "legalStatus": "SENTENCED",
        "recall": False,
        "indeterminateSentence": False,
        "category": "C",
        "sentenceStartDate": start.isoformat(),
        "conditionalReleaseDate": (start + dt.timedelta(days=300)).isoformat(),
        "sentenceExpiryDate": (start + dt.timedelta(days=600)).isoformat(),
        "licenceExpiryDate": (start + dt.timedelta(days=600)).isoformat(),
    }
    doc.update(fields)
    return doc


def _earlier_release(doc: dict[str, Any], days: int) -> dict[str, Any] | None:
    """The document with its CRD `days` earlier, if that stays after the sentence start."""
    crd, start = doc.get("conditionalReleaseDate"), doc.get("sentenceStartDate")
    if not crd or not start:
        return None
    earlier = dt.date.fromisoformat(crd) - dt.timedelta(days=days)
    if earlier <= dt.date.fromisoformat(start):
        return None
    return {**doc, "conditionalReleaseDate": earlier.isoformat()}


def drift(state: FakeState, code: str, other: str, *, today: dt.date) -> Scenario:
    """Change the fake's records: at `code` for the sync, at `other` (and tiers) for events."""
    scenario, numbers = Scenario(), _Numbers(state)
    _roll_drift(state, code, other, today, numbers, scenario)
    if other:
        touched = {line.split(":")[0] for line in scenario.roll_changes}
        _event_drift(state, other, today, numbers, scenario, touched)
    _tier_event(state, code, scenario)
    unknown = numbers.next()
    scenario.events.append(notification(UPDATED, {"nomsNumber": unknown}))
    scenario.event_changes.append(f"{unknown}: updated, unknown to Prisoner Search (parked)")
    return scenario


def _roll_drift(
    state: FakeState, code: str, other: str, today: dt.date, numbers: _Numbers, s: Scenario
) -> None:
    held = _held(state, code)
    for lead in (True, False):
        number = numbers.next()
        state.put(_newcomer(number, code, today))
        if lead:
            crn = f"X{number[1:5]}01"
            state.probation[number] = _probation(number, crn, "B2")
            state.tiers[crn] = "B2"
        s.roll_changes.append(
            f"{number}: new arrival at {code}"
            + (" with a probation record" if lead else " that probation has no record of yet")
        )
    for doc in held[:2]:
        changed = _earlier_release(doc, 60)
        if changed:
            state.put(changed)
            s.roll_changes.append(f"{doc['prisonerNumber']}: CRD 60 days earlier")
    if len(held) > 2:
        state.release(held[2]["prisonerNumber"])
        s.roll_changes.append(f"{held[2]['prisonerNumber']}: released")
    if len(held) > 3 and other:
        state.transfer(held[3]["prisonerNumber"], other)
        s.roll_changes.append(f"{held[3]['prisonerNumber']}: transferred to {other}")
    if len(held) > 4:
        removed, kept = held[4]["prisonerNumber"], numbers.next()
        state.put({**held[4], "prisonerNumber": kept})
        state.merge(kept=kept, removed=removed)
        s.roll_changes.append(f"{removed}: merged into {kept}")


def _event_drift(
    state: FakeState,
    code: str,
    today: dt.date,
    numbers: _Numbers,
    s: Scenario,
    touched: set[str],
) -> None:
    number = numbers.next()
    state.put(_newcomer(number, code, today))
    s.events.append(
        notification(RECEIVED, {"nomsNumber": number, "prisonId": code, "reason": "NEW_ADMISSION"})
    )
    s.event_changes.append(f"{number}: received at {code} (a new admission)")
    held = [d for d in _held(state, code) if d["prisonerNumber"] not in touched]
    if held:
        leaving = held[0]["prisonerNumber"]
        state.release(leaving)
        info = {"nomsNumber": leaving, "prisonId": code, "reason": "RELEASED"}
        s.events.append(notification(RELEASED, info))
        s.event_changes.append(f"{leaving}: released from {code}")
    for doc in held[1:2]:
        changed = _earlier_release(doc, 30)
        if changed:
            state.put(changed)
            for _ in range(3):  # NOMIS sends bursts while a sentence is entered
                info = {"nomsNumber": doc["prisonerNumber"], "categoriesChanged": ["SENTENCE"]}
                s.events.append(notification(UPDATED, info))
            s.event_changes.append(f"{doc['prisonerNumber']}: CRD 30 days earlier (3 updates)")
    if len(held) > 3:
        kept, removed = held[2]["prisonerNumber"], held[3]["prisonerNumber"]
        state.merge(kept=kept, removed=removed)
        info = {"nomsNumber": kept, "removedNomsNumber": removed}
        s.events.append(notification(MERGED, info))
        s.event_changes.append(f"{removed}: merged into {kept}")


def _tier_event(state: FakeState, code: str, s: Scenario) -> None:
    for doc in state.roll(code):
        record = state.probation.get(doc["prisonerNumber"])
        if record and record.get("crn") and state.tiers.get(record["crn"]):
            crn, old = record["crn"], state.tiers[record["crn"]]
            state.tiers[crn] = "A1" if old != "A1" else "B1"
            s.events.append(notification(TIER, {}, crn=crn))
            s.event_changes.append(
                f"{doc['prisonerNumber']} ({crn}): tier {old} to {state.tiers[crn]}"
            )
            return


def _probation(number: str, crn: str, tier: str) -> dict[str, Any]:
    return {
        "nomsId": number,
        "crn": crn,
        "tier": tier,
        "mappaLevel": 1,
        "roshLevel": "MEDIUM",
        "manager": {
            "code": "N07P123",
            "name": {"forename": "Ruth", "surname": "Okafor"},
            "email": "ruth.okafor@justice.example",
            "team": {
                "code": "N07T01",
                "description": "Leeds North",
                "localDeliveryUnit": {"code": "N07LDU1", "description": "Leeds"},
            },
            "unallocated": False,
        },
        "resourcing": "STANDARD",
    }
