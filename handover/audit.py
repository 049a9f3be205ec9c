"""What handover adds to a prison's audit (its event trail: state changes, checklist items,
contacts, parole reviews, overrides, notes) and to a subject access export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases.audit import audit_values
from cases.extensions import AuditSource, SubjectAccessSection
from cases.models import Prisoner
from cases.subject_access import section
from handover.models import (
    ChecklistItem,
    HandoverCase,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)


def _rows(prison_id: int) -> QuerySet[Any]:
    return audit_values(
        HandoverEvent.objects.filter(prisoner__current_prison_id=prison_id),
        kind="handover",
        at="at",
        actor="actor_id",
        action="action",
        prisoner="prisoner_id",
        reason="reason",
    )


def _describe(refs: list[int]) -> dict[int, str]:
    described = {}
    for e in HandoverEvent.objects.filter(pk__in=refs):
        change = f" ({e.old_value} → {e.new_value})" if e.old_value or e.new_value else ""
        described[e.pk] = f"{e.summary}{change}"
    return described


def audit_sources() -> list[AuditSource]:
    return [
        AuditSource(
            "handover",
            "Handover",
            _rows,
            _describe,
            order=30,
            actions=dict(HandoverEvent.Action.choices),
            origin="handover.handoverevent",
        )
    ]


def subject_access(prisoner: Prisoner) -> list[SubjectAccessSection]:
    mine = {"prisoner": prisoner}
    return [
        section("Handover", HandoverCase.objects.filter(**mine), leave_out=("prisoner",)),
        section(
            "Responsibility overrides",
            ResponsibilityOverride.objects.filter(**mine).order_by("created_at"),
            leave_out=("prisoner",),
        ),
        section(
            "Handover checklist",
            ChecklistItem.objects.filter(**mine).order_by("pk"),
            leave_out=("prisoner",),
        ),
        section(
            "Handover contacts",
            HandoverContact.objects.filter(**mine).order_by("pk"),
            leave_out=("prisoner",),
        ),
        section(
            "Parole reviews",
            ParoleReview.objects.filter(**mine).order_by("pk"),
            leave_out=("prisoner",),
        ),
        section(
            "Handover notes",
            HandoverNote.objects.filter(**mine).order_by("created_at"),
            leave_out=("prisoner",),
        ),
        section(
            "Handover events",
            HandoverEvent.objects.filter(**mine).order_by("at", "pk"),
            leave_out=("prisoner",),
        ),
    ]
