"""What allocation adds to a prison's audit and to a subject access export: its decisions and
the early allocation assessments."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from allocation.models import AllocationEvent, EarlyAllocation
from cases.audit import audit_values, history_source
from cases.extensions import AuditSource, SubjectAccessSection
from cases.models import Prisoner
from cases.subject_access import section
from cases.text import display_name


def _rows(prison_id: int) -> QuerySet[Any]:
    here = Q(prison_id=prison_id) | Q(prison__isnull=True, prisoner__current_prison_id=prison_id)
    return audit_values(
        AllocationEvent.objects.filter(here),
        kind="allocation",
        at="created_at",
        actor="created_by_id",
        action="kind",
        prisoner="prisoner_id",
        reason="reason",
    )


def _describe(refs: list[int]) -> dict[int, str]:
    events = AllocationEvent.objects.filter(pk__in=refs).select_related("from_user", "to_user")
    described = {}
    for e in events:
        change = " → ".join(
            name
            for name in (display_name(e.from_user), display_name(e.to_user) or e.detail)
            if name
        )
        described[e.pk] = f"{e.get_role_display()}: {change}" if change else e.get_role_display()
    return described


def audit_sources() -> list[AuditSource]:
    return [
        AuditSource(
            "allocation",
            "Allocation decision",
            _rows,
            _describe,
            order=20,
            actions=dict(AllocationEvent.Kind.choices),
            origin="allocation.allocationevent",
        ),
        history_source(
            EarlyAllocation,
            kind="early_allocation",
            label="Early allocation assessment",
            scope=lambda qs, prison_id: qs.filter(prison_id=prison_id),
            order=22,
        ),
    ]


def subject_access(prisoner: Prisoner) -> list[SubjectAccessSection]:
    events = AllocationEvent.objects.filter(prisoner=prisoner).order_by("created_at", "pk")
    early = EarlyAllocation.objects.filter(prisoner=prisoner).order_by("created_at", "pk")
    return [
        section("Allocation decisions", events, leave_out=("prisoner",)),
        section("Early allocation assessments", early, leave_out=("prisoner",)),
    ]
