"""Django admin for the screening app (superusers only, see cases/admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from screening.models import (
    Bcs,
    BcsArea,
    Categorisation,
    OasysAssessment,
    SentencePlanObjective,
    SweepRun,
    Task,
    TaskDigest,
)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "kind", "due_on", "status", "overdue", "due_soon", "owner"]
    list_filter = ["kind", "status", "overdue", "due_soon", "prison"]
    search_fields = ["prisoner__prison_number", "prisoner__last_name"]
    raw_id_fields = ["prisoner", "owner", "completed_by"]


class BcsAreaInline(admin.TabularInline):
    model = BcsArea
    extra = 0


@admin.register(Bcs)
class BcsAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "status", "started_at", "completed_at", "on_time"]
    list_filter = ["status", "on_time"]
    raw_id_fields = ["prisoner", "task", "started_by", "completed_by"]
    inlines = [BcsAreaInline]


@admin.register(Categorisation)
class CategorisationAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "kind", "documents_received_date", "category", "decided_on"]
    raw_id_fields = ["prisoner", "recorded_by", "decided_by"]


@admin.register(OasysAssessment)
class OasysAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "kind", "completed_on", "sentence_plan_completed_on"]
    raw_id_fields = ["prisoner", "recorded_by"]


@admin.register(SentencePlanObjective)
class SentencePlanObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "need_area", "description", "status", "target_date"]
    raw_id_fields = ["prisoner", "assessment", "created_by"]


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ["prison", "started_at", "cases", "flagged_overdue", "flagged_due_soon"]
    list_filter = ["prison"]


@admin.register(TaskDigest)
class TaskDigestAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "sent_at", "overdue", "due_soon"]
    raw_id_fields = ["user"]
