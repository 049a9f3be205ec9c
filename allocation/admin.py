"""Django admin for allocations (superusers only, see cases/admin.py)."""

from django.contrib import admin

from allocation.models import AllocationEvent, EarlyAllocation
from cases.admin import ReadOnly
from cases.models import Allocation


@admin.register(Allocation)
class AllocationAdmin(ReadOnly):
    """Who holds a case changes through the allocation pages and API only (audited, with the
    decision log and the case brought up to date)."""

    list_display = ["prisoner", "primary_pom", "keyworker", "com_name"]
    raw_id_fields = ["prisoner"]


@admin.register(AllocationEvent)
class AllocationEventAdmin(admin.ModelAdmin):
    """The decision log is written by the services only: read-only here."""

    list_display = ["prisoner", "kind", "role", "to_user", "created_by", "created_at"]
    list_filter = ["kind", "role"]
    raw_id_fields = ["prisoner"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(EarlyAllocation)
class EarlyAllocationAdmin(ReadOnly):
    """Assessments change through the early allocation pages and API only (they set the case's
    early allocation fact)."""

    list_display = ["prisoner", "prison", "status", "outcome", "created_by", "created_at"]
    list_filter = ["status", "outcome"]
    raw_id_fields = ["prisoner", "sentence"]
