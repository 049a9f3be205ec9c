"""The probation record and the tier in our words: the one mapping from the probation API's
and Tiering's field names (docs/commands.md#sync_prison; the probation names are
unconfirmed, so a correction is made here and nowhere else)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cases.models import Prisoner
from feeds.clients.http import FeedError

ROSH_LEVELS: dict[str, str] = {
    "LOW": Prisoner.Rosh.LOW,
    "MEDIUM": Prisoner.Rosh.MEDIUM,
    "HIGH": Prisoner.Rosh.HIGH,
    "VERY_HIGH": Prisoner.Rosh.VERY_HIGH,
}
TIER = re.compile(r"^[A-D][0-3]$")
CRN = re.compile(r"^[A-Z][0-9]{6}$")


@dataclass(frozen=True)
class Com:
    """The community offender manager probation names for the case."""

    name: str
    email: str
    team: str
    pdu: str  # the local delivery unit


@dataclass(frozen=True)
class ProbationRecord:
    crn: str
    tier: str  # "" if none
    rosh: str  # ours: "" if none
    mappa_level: int | None
    com: Com | None  # None while unallocated
    resourcing: str  # ENHANCED, STANDARD or ""

    def facts(self) -> dict[str, object]:
        """What `prisoner_probation_update` takes."""
        return {
            "crn": self.crn,
            "tier": self.tier,
            "rosh": self.rosh,
            "mappa_level": self.mappa_level,
        }


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_probation_record(service: str, body: Any) -> ProbationRecord:
    """`GET /case-records/{nomsNumber}`'s document, checked; a FeedError says what is wrong."""
    if not isinstance(body, dict):
        raise FeedError(service, "the case record is not a JSON object")
    crn = _text(body.get("crn")).upper()
    if not CRN.match(crn):
        raise FeedError(service, f"{crn!r} is not a CRN like X123456")
    tier = _text(body.get("tier")).upper()
    if tier and not TIER.match(tier):
        raise FeedError(service, f"{tier!r} is not a tier like B2")
    rosh_level = _text(body.get("roshLevel")).upper()
    if rosh_level and rosh_level not in ROSH_LEVELS:
        raise FeedError(service, f"{rosh_level!r} is not a RoSH level")
    mappa = body.get("mappaLevel")
    if mappa is not None and (not isinstance(mappa, int) or not 0 <= mappa <= 3):
        raise FeedError(service, f"{mappa!r} is not a MAPPA level 0 to 3")
    return ProbationRecord(
        crn=crn,
        tier=tier,
        rosh=ROSH_LEVELS.get(rosh_level, ""),
        mappa_level=mappa,
        com=_com(body.get("manager")),
        resourcing=_text(body.get("resourcing")).upper(),
    )


def _com(manager: Any) -> Com | None:
    if not isinstance(manager, dict) or manager.get("unallocated"):
        return None
    name = manager.get("name") or {}
    full = " ".join(_text(name.get(part)) for part in ("forename", "surname") if name.get(part))
    if not full:
        return None
    team = manager.get("team") or {}
    ldu = team.get("localDeliveryUnit") or {}
    return Com(
        name=full,
        email=_text(manager.get("email")),
        team=_text(team.get("description")),
        pdu=_text(ldu.get("description")),
    )


def read_tier(service: str, body: Any) -> str:
    """`GET /crn/{crn}/tier`'s tier score."""
    tier = _text(body.get("tierScore") if isinstance(body, dict) else None).upper()
    if not TIER.match(tier):
        raise FeedError(service, f"{tier!r} is not a tier like B2")
    return tier
