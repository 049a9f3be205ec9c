"""Django admin for the case-quality audit (superusers only, see cases/admin.py): read only,
with each row's history. Samples are drawn, cases given to reviewers and answers recorded only
through `quality.services`, which keep who and why."""

from django.contrib import admin

from cases.admin import ReadOnly
from quality.models import AuditAnswer, AuditCase, AuditSample


@admin.register(AuditSample)
class AuditSampleAdmin(ReadOnly):
    list_display = ["prison", "month", "size", "seed", "drawn_at"]
    list_filter = ["prison"]


@admin.register(AuditCase)
class AuditCaseAdmin(ReadOnly):
    list_display = ["prisoner", "sample", "case_type", "reviewer", "status"]
    list_filter = ["status", "case_type"]
    raw_id_fields = ["prisoner", "sample", "reviewer"]


@admin.register(AuditAnswer)
class AuditAnswerAdmin(ReadOnly):
    list_display = ["audit_case", "question", "judgement", "suggested", "answered_by"]
    list_filter = ["question", "judgement"]
    raw_id_fields = ["audit_case", "answered_by"]
