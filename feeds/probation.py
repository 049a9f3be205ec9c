"""The probation side of a case: its CRN, tier, RoSH, MAPPA level and COM, read from the
probation record (corrected by Tiering's tier) on arrival and nightly, for the cases that have a
CRN or need one. A case probation has no record of yet (a 404) is left as it is: the allocation
queue shows it as missing information, which it is, not as an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from allocation.services import com_record
from cases.audit import ChangeSource
from cases.models import Allocation, Prison, Prisoner
from cases.services import facts
from feeds.clients import FeedError, Feeds
from feeds.clients.probation import Com, ProbationRecord

# Legal statuses whose cases need a CRN (in OMiC scope once sentenced or recalled).
NEEDS_A_CRN = (Prisoner.LegalStatus.SENTENCED, Prisoner.LegalStatus.RECALLED)


@dataclass
class ProbationCounts:
    read: int = 0
    updated: int = 0
    no_record: int = 0  # probation has none yet: missing information
    coms: int = 0  # COMs recorded or changed
    errors: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {
            "probation_read": self.read,
            "probation_updated": self.updated,
            "no_probation_record": self.no_record,
            "coms_recorded": self.coms,
        }


def cases_needing_probation(prison: Prison) -> QuerySet[Prisoner]:
    """The prison's cases that have a CRN, or need one."""
    return Prisoner.objects.filter(current_prison=prison).filter(
        ~Q(crn="") | Q(legal_status__in=NEEDS_A_CRN)
    )


def probation_refresh(
    prisoners: Iterable[Prisoner], feeds: Feeds, *, source: ChangeSource, today: dt.date
) -> ProbationCounts:
    """Read each case's probation record (and tier) and apply what changed. One case's failure
    is listed in `errors` and does not stop the others; nothing happens without
    `PROBATION_API_URL`."""
    counts = ProbationCounts()
    if feeds.probation is None:
        return counts
    for prisoner in prisoners:
        try:
            record = feeds.probation.record(prisoner.prison_number)
            counts.read += 1
            if record is None:
                counts.no_record += 1
                continue
            tier = feeds.tiering.tier(record.crn) if feeds.tiering else None
            changed, com = apply_probation(prisoner, record, tier, source=source, today=today)
        except (FeedError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            counts.errors.append(
                {
                    "row": 0,
                    "column": "prisonerNumber",
                    "message": f"{prisoner.prison_number}: {message}",
                }
            )
            continue
        counts.updated += changed
        counts.coms += com
    return counts


@transaction.atomic
def apply_probation(
    prisoner: Prisoner,
    record: ProbationRecord,
    tier: str | None,
    *,
    source: ChangeSource,
    today: dt.date,
) -> tuple[bool, bool]:
    """Apply a probation record (and Tiering's tier, which wins); (facts changed, COM changed).
    Values probation leaves empty do not clear what the case has."""
    wanted = {name: value for name, value in record.facts().items() if value not in ("", None)}
    if tier:
        wanted["tier"] = tier
    changed = {k: v for k, v in wanted.items() if getattr(prisoner, k) != v}
    if changed:
        facts.prisoner_probation_update(prisoner=prisoner, changes=changed, source=source)
    com_changed = record.com is not None and _record_com(prisoner, record.com, source, today)
    return bool(changed), com_changed


def _record_com(prisoner: Prisoner, com: Com, source: ChangeSource, today: dt.date) -> bool:
    """Record probation's COM when it differs from the one the case has."""
    holders = Allocation.objects.filter(prisoner=prisoner).first()
    if holders is not None and (
        holders.com_name,
        holders.com_email,
        holders.com_team,
        holders.com_pdu,
    ) == (com.name, com.email, com.team, com.pdu):
        return False
    try:
        event = com_record(
            prisoner=prisoner,
            acting_user=None,
            name=com.name,
            email=com.email,
            team=com.team,
            pdu=com.pdu,
            allocated_on=today,
            reason=f"{source.label}: the COM probation records"[:200],
            today=today,
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            return False  # no COM is allocated out of OMiC scope
        raise
    return event is not None
