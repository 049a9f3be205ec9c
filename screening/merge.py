"""Two records of one person merged (`cases.services.facts.prisoners_merge`): screening's
records move to the kept number. Where both hold what a case can have only one of (an open
task of a kind, a draft screening, a categorisation waiting for a decision), the kept record's
stays and the removed record's is closed or discarded; the next sync sets the kept case's tasks
right."""

from __future__ import annotations

from django.db.models import Q

from cases.audit import ChangeSource
from screening.models import Bcs, Categorisation, OasysAssessment, SentencePlanObjective, Task

_SINGLE_OPEN = ~Q(kind=Task.Kind.FOLLOW_UP) & Q(status=Task.Status.OPEN)


def merge_preview(kept_id: int, removed_id: int) -> list[tuple[str, int]]:
    return [
        ("Tasks", Task.objects.filter(prisoner_id=removed_id).count()),
        ("Basic Custody Screenings", Bcs.objects.filter(prisoner_id=removed_id).count()),
        ("Categorisations", Categorisation.objects.filter(prisoner_id=removed_id).count()),
        ("OASys assessments", OasysAssessment.objects.filter(prisoner_id=removed_id).count()),
        (
            "Sentence plan objectives",
            SentencePlanObjective.objects.filter(prisoner_id=removed_id).count(),
        ),
    ]


def merge(kept_id: int, removed_id: int, source: ChangeSource) -> None:
    """Settle what both records hold but only one may; the rest moves as it is."""
    why = f"Merged into another record ({source.name}): the kept record's task stands."
    kinds = Task.objects.filter(_SINGLE_OPEN, prisoner_id=kept_id).values("kind")
    Task.objects.filter(_SINGLE_OPEN, prisoner_id=removed_id, kind__in=kinds).update(
        status=Task.Status.NOT_NEEDED, reason=why[:300], overdue=False, due_soon=False
    )
    drafts = Bcs.objects.filter(status=Bcs.Status.DRAFT)
    if drafts.filter(prisoner_id=kept_id).exists():
        drafts.filter(prisoner_id=removed_id).delete()
    pending = Categorisation.objects.filter(decided_on__isnull=True)
    if pending.filter(prisoner_id=kept_id).exists():
        pending.filter(prisoner_id=removed_id).delete()
