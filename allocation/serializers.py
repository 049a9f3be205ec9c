"""API shapes for allocation: separate input and output serializers."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from allocation.models import AllocationEvent, EarlyAllocation
from allocation.rules import AUTOMATIC_CRITERIA, DISCRETIONARY_CRITERIA
from cases.models import Allocation
from cases.selectors import POM_TYPE_LABELS
from cases.serializers import MAX_SMALL_NUMBER


class UsernameField(serializers.CharField):
    """A user as their username on output (null when nobody)."""

    def to_representation(self, value: Any) -> str:
        return value.get_username()


class AllocationSerializer(serializers.ModelSerializer):
    """Output: who holds a case."""

    prison_number = serializers.CharField(source="prisoner.prison_number")
    prison = serializers.CharField(source="prisoner.current_prison.code", default=None)
    primary_pom = UsernameField(allow_null=True)
    secondary_pom = UsernameField(allow_null=True)
    keyworker = UsernameField(allow_null=True)
    com = UsernameField(allow_null=True)
    # Empty until probation names the COM: any text, not the schema's "email" format (found by
    # schemathesis: "" broke it).
    com_email = serializers.CharField(read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "prison_number",
            "prison",
            "primary_pom",
            "secondary_pom",
            "keyworker",
            "com",
            "com_name",
            "com_email",
            "com_team",
            "com_pdu",
            "com_allocated_on",
            "pom_allocated_at",
            "keyworker_allocated_at",
            "version",
        ]
        read_only_fields = fields


class AllocationCreateSerializer(serializers.Serializer):
    """Input: allocate a POM (or co-working POM) to a case that has none in that role."""

    prison_number = serializers.CharField(max_length=7)
    pom = serializers.CharField(max_length=150, help_text="The POM's username.")
    role = serializers.ChoiceField(
        choices=[c for c in AllocationEvent.Role.choices if c[0] in ("primary", "secondary")],
        default="primary",
    )
    version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_SMALL_NUMBER,
        help_text="The allocation version you saw (from GET; 0 for a case never allocated); a "
        "newer one is a 409 conflict and nothing is changed.",
    )
    override_reason = serializers.ChoiceField(
        choices=AllocationEvent.OverrideReason.choices,
        required=False,
        allow_blank=True,
        help_text="Needed when the POM has warnings (type mismatch, over capacity, on leave).",
    )
    override_detail = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AllocationCreatedSerializer(serializers.Serializer):
    allocation = AllocationSerializer()
    event_id = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class CaseloadSerializer(serializers.Serializer):
    responsible = serializers.IntegerField()
    supporting = serializers.IntegerField()
    coworking = serializers.IntegerField()
    cases = serializers.IntegerField(help_text="Held as POM (responsible + supporting).")
    total = serializers.IntegerField()
    new_last_7_days = serializers.IntegerField()
    upcoming_handovers = serializers.IntegerField()


class SuggestionSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    username = serializers.CharField(source="candidate.username")
    name = serializers.CharField(source="candidate.name")
    pom_type = serializers.CharField(source="candidate.pom_type", allow_null=True)
    status = serializers.CharField(source="candidate.status")
    return_date = serializers.DateField(source="candidate.return_date", allow_null=True)
    suggested = serializers.BooleanField()
    reason = serializers.CharField()
    capacity = serializers.IntegerField(source="candidate.capacity.value")
    capacity_explanation = serializers.CharField(source="candidate.capacity.explanation")
    caseload = CaseloadSerializer(source="candidate.caseload")
    load_before = serializers.FloatField()
    load_after = serializers.FloatField()
    status_after = serializers.CharField()
    warnings = WarningSerializer(many=True)


class PomSuggestionsSerializer(serializers.Serializer):
    prison_number = serializers.CharField(source="prisoner.prison_number")
    role = serializers.CharField()
    version = serializers.IntegerField(source="allocation.version")
    required_pom_type = serializers.CharField(source="required_type", allow_null=True)
    required_pom_type_label = serializers.SerializerMethodField()
    required_pom_type_explanation = serializers.CharField(source="evaluation.pom_type.explanation")
    can_allocate = serializers.BooleanField()
    missing_information = serializers.ListField(child=serializers.CharField(), source="missing")
    suggestions = SuggestionSerializer(many=True)

    def get_required_pom_type_label(self, obj: Any) -> str:
        return POM_TYPE_LABELS.get(obj.required_type or "", "No recommendation")


class StaffSerializer(serializers.Serializer):
    """Output: a POM or keyworker at a prison, with caseload against capacity."""

    prison = serializers.CharField(source="prison.code")
    username = serializers.CharField(source="user.username")
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(), source="sorted_roles")
    pom_type = serializers.CharField(allow_null=True)
    grade = serializers.CharField(source="member.grade")
    status = serializers.CharField(source="member.status")
    return_date = serializers.DateField(source="member.return_date", allow_null=True)
    working_hours = serializers.DecimalField(
        source="member.working_hours", max_digits=4, decimal_places=1
    )
    capacity_override = serializers.IntegerField(source="member.capacity_override", allow_null=True)
    is_new_pom = serializers.BooleanField(source="member.is_new_pom")
    capacity = serializers.IntegerField(source="capacity.value", allow_null=True, default=None)
    capacity_explanation = serializers.CharField(
        source="capacity.explanation", allow_null=True, default=None
    )
    caseload = CaseloadSerializer()
    load = serializers.FloatField()
    capacity_status = serializers.CharField(source="load_status")
    keyworker_prisoners = serializers.IntegerField()
    keyworker_capacity = serializers.IntegerField(
        source="keyworker_capacity.value", allow_null=True, default=None
    )


class EarlyAllocationSerializer(serializers.ModelSerializer):
    """Output: one early allocation assessment, its outcome and dates."""

    prison_number = serializers.CharField(source="prisoner.prison_number")
    prison = serializers.CharField(source="prison.code")
    created_by = UsernameField()
    decided_by = UsernameField(allow_null=True)
    withdrawn_by = UsernameField(allow_null=True)
    current_sentence = serializers.BooleanField(source="sentence.is_current")
    automatic_criteria = serializers.ListField(child=serializers.CharField())
    discretionary_criteria = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = EarlyAllocation
        fields = [
            "id",
            "prison_number",
            "prison",
            "current_sentence",
            "status",
            "outcome",
            "outcome_explanation",
            "release_date",
            "release_kind",
            "window_opened_on",
            "oasys_risk_assessment_date",
            "automatic_criteria",
            "discretionary_criteria",
            "reason",
            "created_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "withdrawn_by",
            "withdrawn_at",
            "withdrawal_reason",
        ]
        read_only_fields = fields


class EarlyAllocationWindowSerializer(serializers.Serializer):
    release_date = serializers.DateField(allow_null=True)
    opens_on = serializers.DateField(allow_null=True)
    open = serializers.BooleanField()
    explanation = serializers.CharField()


class CaseEarlyAllocationSerializer(serializers.Serializer):
    """Output: a case's early allocation window today, its fact and every assessment."""

    prison_number = serializers.CharField(source="prisoner.prison_number")
    early_allocation = serializers.BooleanField(source="prisoner.early_allocation")
    window = EarlyAllocationWindowSerializer()
    may_assess_now = serializers.BooleanField(source="may_start")
    assessments = EarlyAllocationSerializer(many=True)


class EarlyAllocationAssessSerializer(serializers.Serializer):
    """Input: a POM's assessment (criteria by code, see docs/rules.md#early-allocation)."""

    oasys_risk_assessment_date = serializers.DateField()
    automatic = serializers.ListField(
        child=serializers.ChoiceField(choices=[c.code for c in AUTOMATIC_CRITERIA]),
        required=False,
        default=list,
    )
    discretionary = serializers.ListField(
        child=serializers.ChoiceField(choices=[c.code for c in DISCRETIONARY_CRITERIA]),
        required=False,
        default=list,
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EarlyAllocationDecisionSerializer(serializers.Serializer):
    """Input: the head of OMU's decision on a discretionary assessment."""

    approved = serializers.BooleanField()
    note = serializers.CharField(max_length=5000)


class EarlyAllocationWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class EarlyAllocationDueSerializer(serializers.Serializer):
    """Output: a case within its window that needs assessing, or waits for a decision."""

    prison_number = serializers.CharField(source="prisoner.prison_number")
    name = serializers.CharField(source="prisoner.full_name")
    pom = serializers.CharField()
    release_date = serializers.DateField()
    window_opened_on = serializers.DateField(source="opens_on")
    entered_window_recorded_on = serializers.DateField(source="entered_on", allow_null=True)
    status = serializers.CharField()
    assessment_id = serializers.IntegerField(source="latest.pk", allow_null=True, default=None)


class EarlyAllocationDueListsSerializer(serializers.Serializer):
    prison = serializers.CharField()
    due = EarlyAllocationDueSerializer(many=True)
    pending = EarlyAllocationDueSerializer(many=True)
