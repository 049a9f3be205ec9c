"""Django admin, for superusers only: day-to-day work happens in the service's own pages."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Movement, Prison, Prisoner, PrisonPolicy, Sentence, StaffMember, StaffRole


def _superusers_only(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]  # superusers only
admin.site.site_header = "OMU administration"


class ReadOnly(SimpleHistoryAdmin):
    """A case's facts and a prison's policy change only through the service's own pages and
    API (`cases.services`): those audit the change with its reason and bring every app up to
    date. The admin shows them, with their history, and changes nothing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Prison)
class PrisonAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "function", "omu_model", "country"]
    search_fields = ["code", "name"]


@admin.register(PrisonPolicy)
class PrisonPolicyAdmin(ReadOnly):
    list_display = ["prison", "handover_rule", "pom_capacity"]


@admin.register(Prisoner)
class PrisonerAdmin(ReadOnly):
    list_display = ["prison_number", "last_name", "first_name", "legal_status", "current_prison"]
    list_filter = ["legal_status", "current_prison"]
    search_fields = ["prison_number", "last_name", "first_name"]


@admin.register(Sentence)
class SentenceAdmin(ReadOnly):
    list_display = ["prisoner", "sentence_start_date", "indeterminate", "is_current"]
    raw_id_fields = ["prisoner"]


@admin.register(Movement)
class MovementAdmin(ReadOnly):
    list_display = ["prisoner", "kind", "from_prison", "to_prison", "occurred_at"]
    raw_id_fields = ["prisoner"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["user", "grade", "working_hours", "status"]


@admin.register(StaffRole)
class StaffRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "prison", "role"]
    list_filter = ["role", "prison"]
