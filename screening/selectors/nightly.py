"""What the nightly jobs' pages and emails read: the sweep's runs, and a person's digest."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cases.models import Prison, Role, StaffRole
from screening.models import NEEDS_ATTENTION, SweepRun, Task


def sweep_runs(prison: Prison) -> QuerySet[SweepRun]:
    """The sweep's runs at the prison, newest first."""
    return SweepRun.objects.filter(prison=prison).order_by("-started_at")


def digest_tasks(user_id: int) -> list[Task]:
    """What one person's digest lists: their open overdue and due-soon tasks, and the OMU's
    unowned ones at prisons where they are a case admin."""
    admin_prisons = StaffRole.objects.filter(user_id=user_id, role=Role.CASE_ADMIN).values(
        "prison_id"
    )
    return list(
        Task.objects.filter(NEEDS_ATTENTION)
        .filter(Q(owner_id=user_id) | Q(owner__isnull=True, prison_id__in=admin_prisons))
        .select_related("prisoner", "prison")
        .order_by("-overdue", "due_on", "due_at", "id")
    )
