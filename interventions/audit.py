"""What interventions adds to a prison's audit (needs, referrals, attendance, the prison's
offerings and cohorts) and to a subject access export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases.audit import history_source
from cases.extensions import AuditSource, SubjectAccessSection
from cases.models import Prisoner
from cases.subject_access import section
from interventions.models import (
    Attendance,
    Cohort,
    NeedUpdate,
    Offering,
    Referral,
    ResettlementNeed,
)


def _at_prison(qs: QuerySet[Any], prison_id: int) -> QuerySet[Any]:
    return qs.filter(prisoner__current_prison_id=prison_id)


def audit_sources() -> list[AuditSource]:
    return [
        history_source(
            ResettlementNeed, kind="need", label="Resettlement need", scope=_at_prison, order=50
        ),
        history_source(Referral, kind="referral", label="Referral", scope=_at_prison, order=52),
        history_source(
            Attendance,
            kind="attendance",
            label="Attendance",
            scope=lambda qs, prison_id: qs.filter(referral__prisoner__current_prison_id=prison_id),
            prisoner="referral__prisoner_id",
            order=54,
        ),
        history_source(
            Offering,
            kind="offering",
            label="Programme offered here",
            scope=lambda qs, prison_id: qs.filter(prison_id=prison_id),
            prisoner=None,
            order=56,
        ),
        history_source(
            Cohort,
            kind="cohort",
            label="Programme cohort",
            scope=lambda qs, prison_id: qs.filter(offering__prison_id=prison_id),
            prisoner=None,
            order=58,
        ),
    ]


def subject_access(prisoner: Prisoner) -> list[SubjectAccessSection]:
    mine = {"prisoner": prisoner}
    out = ("prisoner",)
    return [
        section(
            "Resettlement needs",
            ResettlementNeed.objects.filter(**mine).order_by("pk"),
            leave_out=out,
        ),
        section("Need updates", NeedUpdate.objects.filter(need__prisoner=prisoner).order_by("pk")),
        section("Referrals", Referral.objects.filter(**mine).order_by("pk"), leave_out=out),
        section(
            "Attendance",
            Attendance.objects.filter(referral__prisoner=prisoner).order_by("pk"),
        ),
    ]
