"""Two records of one person merged (`cases.services.facts.prisoners_merge`): needs and
referrals move to the kept number. Where both hold an open need in the same area, or an active
referral to the same programme, the kept record's stands: the removed record's duplicate need
goes and its duplicate referral is withdrawn, naming the merge."""

from __future__ import annotations

from cases.audit import ChangeSource
from interventions.models import Referral, ResettlementNeed


def merge_preview(kept_id: int, removed_id: int) -> list[tuple[str, int]]:
    return [
        ("Resettlement needs", ResettlementNeed.objects.filter(prisoner_id=removed_id).count()),
        ("Referrals", Referral.objects.filter(prisoner_id=removed_id).count()),
    ]


def merge(kept_id: int, removed_id: int, source: ChangeSource) -> None:
    open_needs = ResettlementNeed.objects.filter(status__in=ResettlementNeed.OPEN_STATUSES)
    areas = open_needs.filter(prisoner_id=kept_id).values("area")
    open_needs.filter(prisoner_id=removed_id, area__in=areas).delete()
    active = Referral.objects.filter(status__in=Referral.ACTIVE_STATUSES)
    offerings = active.filter(prisoner_id=kept_id).values("offering")
    active.filter(prisoner_id=removed_id, offering__in=offerings).update(
        status=Referral.Status.WITHDRAWN,
        outcome=f"Withdrawn: a duplicate of the kept record's referral ({source.name}).",
    )
