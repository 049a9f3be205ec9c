"""Django admin for the interventions app (superusers only, see cases/admin.py). The national
catalogue is kept here: a catalogue entry offered at several prisons is changed by the national
team, not by one prison (see `selectors.get_intervention_for_change`). Everything else a user
changes goes through `interventions.services`, which writes the audit trail."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from interventions.models import Cohort, Intervention, InterventionNeedArea, Offering, Referral


class NeedAreaInline(admin.TabularInline):
    model = InterventionNeedArea
    extra = 1


@admin.register(Intervention)
class InterventionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "provider", "duration_days", "estate"]
    list_filter = ["kind", "estate"]
    search_fields = ["name", "provider"]
    inlines = [NeedAreaInline]


@admin.register(Offering)
class OfferingAdmin(SimpleHistoryAdmin):
    list_display = ["intervention", "prison", "running"]
    list_filter = ["running", "prison"]


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["offering", "start_date", "capacity"]
    raw_id_fields = ["offering"]


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "offering", "status", "referred_on", "ended_on"]
    list_filter = ["status"]
    raw_id_fields = ["prisoner", "offering", "need", "cohort"]
