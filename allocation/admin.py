"""Django admin for allocations (superusers only, see cases/admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from allocation.models import Allocation


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "primary_pom", "keyworker", "com_name"]
    raw_id_fields = ["prisoner"]
