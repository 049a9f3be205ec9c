"""Two records of one person merged (`cases.services.facts.prisoners_merge`): handover's records
move to the kept number. The kept record's recorded handover state and any override in force
stay; the removed record's state goes (the next transition records the kept case's anew) and
its override in force is ended, naming the merge."""

from __future__ import annotations

from django.utils import timezone

from cases.audit import ChangeSource
from handover.models import (
    HandoverCase,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)


def merge_preview(kept_id: int, removed_id: int) -> list[tuple[str, int]]:
    return [
        (
            "COM contacts and handover meetings",
            HandoverContact.objects.filter(prisoner_id=removed_id).count(),
        ),
        ("Handover notes", HandoverNote.objects.filter(prisoner_id=removed_id).count()),
        ("Parole reviews", ParoleReview.objects.filter(prisoner_id=removed_id).count()),
        ("Handover decisions", HandoverEvent.objects.filter(prisoner_id=removed_id).count()),
    ]


def merge(kept_id: int, removed_id: int, source: ChangeSource) -> None:
    if HandoverCase.objects.filter(prisoner_id=kept_id).exists():
        HandoverCase.objects.filter(prisoner_id=removed_id).delete()
    active = ResponsibilityOverride.objects.filter(removed_at__isnull=True)
    if active.filter(prisoner_id=kept_id).exists():
        active.filter(prisoner_id=removed_id).update(
            removed_at=timezone.now(),
            removed_by=source.user,
            removal_reason=f"Merged into another record ({source.name}); its override stands.",
        )
