"""Django admin for the handover app (superusers only, see cases/admin.py). Read mostly: every
change a user makes goes through `handover.services`, which writes the audit trail."""

from django.contrib import admin

from handover.models import (
    ChecklistItem,
    HandoverCase,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)


@admin.register(HandoverCase)
class HandoverCaseAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "state", "state_since"]
    list_filter = ["state"]
    raw_id_fields = ["prisoner"]


@admin.register(ResponsibilityOverride)
class ResponsibilityOverrideAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "reason", "created_at", "removed_at"]
    raw_id_fields = ["prisoner"]


@admin.register(ParoleReview)
class ParoleReviewAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "hearing_date", "outcome", "outcome_received_date"]
    raw_id_fields = ["prisoner", "sentence"]


@admin.register(HandoverContact)
class HandoverContactAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "kind", "contact_date", "method"]
    raw_id_fields = ["prisoner", "sentence"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "code", "status", "owner", "completed_on"]
    list_filter = ["code", "status"]
    raw_id_fields = ["prisoner", "sentence"]


@admin.register(HandoverNote)
class HandoverNoteAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "author", "created_at"]
    raw_id_fields = ["prisoner"]


@admin.register(HandoverEvent)
class HandoverEventAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "action", "summary", "at", "actor"]
    list_filter = ["action"]
    raw_id_fields = ["prisoner"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the audit trail is never edited
