"""The fake's documents, made from what this service's database holds (the demo data, or a
test's): a Prisoner document per prisoner, a probation record per case with a CRN, a tier per
CRN; and SNS notifications of domain events. The field names are those of `cases.roll.record`
and `feeds.clients.probation`, read backwards, so the fake and the adapters cannot drift."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any, cast

from cases.models import Allocation, MergedNumber, Prisoner, Sentence
from cases.roll.record import KEY_DATE_COLUMNS
from feeds.clients.probation import ROSH_LEVELS
from feeds.fake.state import FakeState

THEIR_LEGAL_STATUS = {
    Prisoner.LegalStatus.SENTENCED: "SENTENCED",
    Prisoner.LegalStatus.RECALLED: "RECALL",
    Prisoner.LegalStatus.REMAND: "REMAND",
    Prisoner.LegalStatus.CONVICTED_UNSENTENCED: "CONVICTED_UNSENTENCED",
    Prisoner.LegalStatus.IMMIGRATION_DETAINEE: "IMMIGRATION_DETAINEE",
    Prisoner.LegalStatus.CIVIL: "CIVIL_PRISONER",
}
THEIR_ROSH = {ours: theirs for theirs, ours in ROSH_LEVELS.items()}
TOPIC = "arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def prisoner_document(
    p: dict[str, Any], sentence: dict[str, Any] | None, *, prison_name: str = ""
) -> dict[str, Any]:
    """A Prisoner document saying what `p` (a Prisoner's values, with `prison_code`) holds."""
    held = p["prison_code"] is not None
    s = sentence or {}
    doc: dict[str, Any] = {
        "prisonerNumber": p["prison_number"],
        "bookingId": s.get("booking_id") or None,
        "firstName": p["first_name"],
        "lastName": p["last_name"],
        "dateOfBirth": _day(p["date_of_birth"]),
        "status": "ACTIVE IN" if held else "INACTIVE OUT",
        "inOutStatus": "IN" if held else "OUT",
        "prisonId": p["prison_code"] if held else "OUT",
        "prisonName": prison_name or p["prison_code"],
        "cellLocation": p["location"] or None,
        "lastMovementTypeCode": "ADM" if held else "REL",
        "legalStatus": THEIR_LEGAL_STATUS[p["legal_status"]],
        "recall": p["legal_status"] == Prisoner.LegalStatus.RECALLED,
        "indeterminateSentence": bool(s.get("indeterminate")),
        "category": p["category"] or None,
        "sentenceStartDate": _day(s.get("sentence_start_date")),
        "alerts": [],
    }
    for column, name in KEY_DATE_COLUMNS.items():
        doc[column] = _day(s.get(name))
    return doc


def probation_document(p: dict[str, Any], com: dict[str, Any] | None) -> dict[str, Any]:
    """The probation record of a case with a CRN, its COM as the case records them."""
    name = (com or {}).get("com_name") or ""
    forename, _, surname = name.partition(" ")
    return {
        "nomsId": p["prison_number"],
        "crn": p["crn"],
        "tier": p["tier"] or None,
        "mappaLevel": p["mappa_level"],
        "roshLevel": THEIR_ROSH.get(p["rosh"]),
        "manager": {
            "code": "N07P001",
            "name": {"forename": forename, "surname": surname},
            "email": (com or {}).get("com_email") or None,
            "team": {
                "code": "N07T01",
                "description": (com or {}).get("com_team") or "",
                "localDeliveryUnit": {
                    "code": "N07LDU1",
                    "description": (com or {}).get("com_pdu") or "",
                },
            },
            "unallocated": not name,
        },
        "resourcing": "STANDARD",
    }


def _rows(chunk: int = 5000) -> Iterator[list[dict[str, Any]]]:
    fields = (
        "pk",
        "prison_number",
        "first_name",
        "last_name",
        "date_of_birth",
        "legal_status",
        "location",
        "category",
        "crn",
        "tier",
        "rosh",
        "mappa_level",
    )
    rows = Prisoner.objects.order_by("pk").values(
        *fields, "current_prison__code", "current_prison__name"
    )
    batch: list[dict[str, Any]] = []
    for row in rows.iterator(chunk_size=chunk):
        row["prison_code"] = row.pop("current_prison__code")
        batch.append(row)
        if len(batch) >= chunk:
            yield batch
            batch = []
    if batch:
        yield batch


def state_from_database() -> FakeState:
    """Documents saying exactly what the database holds: a sync against it changes nothing."""
    state = FakeState()
    com_fields = ("com_name", "com_email", "com_team", "com_pdu")
    for batch in _rows():
        ids = [row["pk"] for row in batch]
        sentences: dict[int, dict[str, Any]] = {
            s["prisoner_id"]: cast(dict[str, Any], s)
            for s in Sentence.objects.filter(prisoner_id__in=ids, is_current=True).values()
        }
        coms = {
            a["prisoner_id"]: a
            for a in Allocation.objects.filter(prisoner_id__in=ids).values(
                "prisoner_id", *com_fields
            )
        }
        for row in batch:
            doc = prisoner_document(
                row, sentences.get(row["pk"]), prison_name=row.pop("current_prison__name") or ""
            )
            state.prisoners[row["prison_number"]] = doc
            if row["crn"]:
                state.probation[row["prison_number"]] = probation_document(row, coms.get(row["pk"]))
                if row["tier"]:
                    state.tiers[row["crn"]] = row["tier"]
    for removed, kept in MergedNumber.objects.values_list("number", "prisoner__prison_number"):
        state.merged[removed] = kept
    return state


def notification(
    event_type: str,
    info: dict[str, Any],
    *,
    message_id: str | None = None,
    occurred_at: dt.datetime | None = None,
    crn: str = "",
) -> str:
    """One SQS message body: the SNS notification of a domain event, as one JSON line."""
    when = (occurred_at or dt.datetime.now(dt.UTC)).isoformat().replace("+00:00", "Z")
    identifiers = [{"type": "NOMS", "value": info["nomsNumber"]}] if info.get("nomsNumber") else []
    if crn:
        identifiers.append({"type": "CRN", "value": crn})
    event = {
        "eventType": event_type,
        "version": 1,
        "description": event_type,
        "detailUrl": f"https://prisoner-search.example/prisoner/{info.get('nomsNumber', '')}",
        "occurredAt": when,
        "additionalInformation": info,
        "personReference": {"identifiers": identifiers},
    }
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": message_id or str(uuid.uuid4()),
            "Timestamp": when,
            "TopicArn": TOPIC,
            "MessageAttributes": {"eventType": {"Type": "String", "Value": event_type}},
            "Message": json.dumps(event),
        }
    )
