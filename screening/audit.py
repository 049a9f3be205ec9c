"""What screening adds to a prison's audit (the BCS, categorisation, OASys and sentence plan
histories, and tasks completed) and to a subject access export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases.audit import audit_values, history_source
from cases.extensions import AuditSource, SubjectAccessSection
from cases.models import Prisoner
from cases.rules.words import short_day
from cases.subject_access import section
from screening.models import (
    Bcs,
    BcsArea,
    Categorisation,
    OasysAssessment,
    SentencePlanObjective,
    Task,
)


def _at_prison(qs: QuerySet[Any], prison_id: int) -> QuerySet[Any]:
    return qs.filter(prisoner__current_prison_id=prison_id)


def _completed_rows(prison_id: int) -> QuerySet[Any]:
    return audit_values(
        Task.objects.filter(prison_id=prison_id, completed_at__isnull=False),
        kind="task_completed",
        at="completed_at",
        actor="completed_by_id",
        action="status",
        prisoner="prisoner_id",
        reason="reason",
    )


def _describe_tasks(refs: list[int]) -> dict[int, str]:
    return {
        t.pk: f"{t.get_kind_display()} due {short_day(t.due_on)}"
        for t in Task.objects.filter(pk__in=refs)
    }


def audit_sources() -> list[AuditSource]:
    return [
        history_source(
            Bcs, kind="bcs", label="Basic custody screening", scope=_at_prison, order=40
        ),
        history_source(
            Categorisation,
            kind="categorisation",
            label="Categorisation",
            scope=_at_prison,
            order=42,
        ),
        history_source(
            OasysAssessment, kind="oasys", label="OASys assessment", scope=_at_prison, order=44
        ),
        history_source(
            SentencePlanObjective,
            kind="sentence_plan",
            label="Sentence plan objective",
            scope=_at_prison,
            order=46,
        ),
        AuditSource(
            "task_completed",
            "Task completed",
            _completed_rows,
            _describe_tasks,
            order=48,
            actions=dict(Task.Status.choices),
        ),
    ]


def subject_access(prisoner: Prisoner) -> list[SubjectAccessSection]:
    mine = {"prisoner": prisoner}
    out = ("prisoner",)
    return [
        section("Tasks", Task.objects.filter(**mine).order_by("due_on", "pk"), leave_out=out),
        section(
            "Basic custody screenings", Bcs.objects.filter(**mine).order_by("pk"), leave_out=out
        ),
        section("BCS areas", BcsArea.objects.filter(bcs__prisoner=prisoner).order_by("pk")),
        section(
            "Categorisations", Categorisation.objects.filter(**mine).order_by("pk"), leave_out=out
        ),
        section(
            "OASys assessments",
            OasysAssessment.objects.filter(**mine).order_by("pk"),
            leave_out=out,
        ),
        section(
            "Sentence plan objectives",
            SentencePlanObjective.objects.filter(**mine).order_by("pk"),
            leave_out=out,
        ),
    ]
