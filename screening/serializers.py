"""Serializers for the screening API: separate input and output shapes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from cases.serializers import REASON_MAX_LENGTH, TEXT_MAX_LENGTH, InputDateField, version_field
from interventions.models import ResettlementNeed
from screening import rules
from screening.models import (
    Bcs,
    BcsArea,
    Categorisation,
    OasysAssessment,
    SentencePlanObjective,
    SweepRun,
    Task,
)


def _username(user: Any) -> str | None:
    return user.get_username() if user else None


class TaskSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(source="prisoner.prison_number")
    prisoner_name = serializers.CharField(source="prisoner.full_name")
    prison = serializers.CharField(source="prison.code")
    kind_label = serializers.CharField(source="get_kind_display")
    due = serializers.SerializerMethodField(
        help_text="ISO datetime with offset for a BCS, else a date (YYYY-MM-DD)."
    )
    owner = serializers.SerializerMethodField()
    completed_by = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "prison_number",
            "prisoner_name",
            "prison",
            "kind",
            "kind_label",
            "due",
            "due_on",
            "explanation",
            "owner",
            "status",
            "overdue",
            "due_soon",
            "reason",
            "completed_on",
            "completed_at",
            "completed_by",
        ]

    def get_due(self, task: Task) -> str:
        if task.due_at:
            return timezone.localtime(task.due_at).isoformat()  # Europe/London, with offset
        return task.due_on.isoformat()

    def get_owner(self, task: Task) -> str | None:
        return _username(task.owner)

    def get_completed_by(self, task: Task) -> str | None:
        return _username(task.completed_by)


class TaskCompleteSerializer(serializers.Serializer):
    completed_on = InputDateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class TaskNotNeededSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class BcsAreaSerializer(serializers.ModelSerializer):
    area = serializers.ChoiceField(choices=BcsArea.Area.choices)
    substances = serializers.ChoiceField(
        choices=BcsArea.Substances.choices, required=False, allow_blank=True, default=""
    )

    class Meta:
        model = BcsArea
        fields = ["area", "need", "notes", "referral_requested", "substances"]
        extra_kwargs = {
            "need": {"required": False, "allow_null": True},
            "notes": {"required": False, "allow_blank": True, "max_length": TEXT_MAX_LENGTH},
            "referral_requested": {"required": False},
        }


class BcsSerializer(serializers.ModelSerializer):
    areas = BcsAreaSerializer(many=True, read_only=True)
    started_by = serializers.SerializerMethodField()
    completed_by = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField(source="task.due_at", read_only=True, allow_null=True)

    class Meta:
        model = Bcs
        fields = [
            "id",
            "version",
            "status",
            "areas",
            "self_harm_risk",
            "self_harm_notes",
            "cell_sharing_risk",
            "cell_sharing_notes",
            "started_by",
            "started_at",
            "completed_by",
            "completed_at",
            "on_time",
            "due_at",
        ]

    def get_started_by(self, bcs: Bcs) -> str | None:
        return _username(bcs.started_by)

    def get_completed_by(self, bcs: Bcs) -> str | None:
        return _username(bcs.completed_by)


class BcsInputSerializer(serializers.Serializer):
    """Answers so far: any subset of the 8 areas and the immediate risks."""

    areas = BcsAreaSerializer(many=True, required=False)
    self_harm_risk = serializers.BooleanField(required=False, allow_null=True, default=None)
    self_harm_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH
    )
    cell_sharing_risk = serializers.BooleanField(required=False, allow_null=True, default=None)
    cell_sharing_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH
    )

    def validate_areas(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = [row["area"] for row in value]
        if len(names) != len(set(names)):
            raise serializers.ValidationError("Give each area once.")
        return value

    version = version_field("draft screening")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The answers as the services take them: `{"answers": BcsAnswers}`, and the draft's
        version they were made from (0 when there is no draft)."""
        return {"answers": self._answers(attrs), "expected_version": attrs["version"]}

    @staticmethod
    def _answers(data: dict[str, Any]) -> rules.BcsAnswers:
        return rules.BcsAnswers(
            areas={
                row["area"]: rules.AreaAnswer(
                    need=row.get("need"),
                    notes=row.get("notes", ""),
                    referral_requested=row.get("referral_requested", False),
                    substances=row.get("substances", ""),
                )
                for row in data.get("areas", [])
            },
            self_harm_risk=data.get("self_harm_risk"),
            self_harm_notes=data.get("self_harm_notes", ""),
            cell_sharing_risk=data.get("cell_sharing_risk"),
            cell_sharing_notes=data.get("cell_sharing_notes", ""),
        )


class CategorisationSerializer(serializers.ModelSerializer):
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Categorisation
        fields = [
            "id",
            "kind",
            "documents_received_date",
            "category",
            "decided_on",
            "reason",
            "decided_by",
        ]

    def get_decided_by(self, record: Categorisation) -> str | None:
        return _username(record.decided_by)


class DocumentsReceivedSerializer(serializers.Serializer):
    # Given to the service as `received_on`.
    documents_received_date = InputDateField(source="received_on")


class CategoryDecisionSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Categorisation.Category.choices)
    decided_on = InputDateField()
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class OasysSerializer(serializers.ModelSerializer):
    class Meta:
        model = OasysAssessment
        fields = ["id", "kind", "completed_on", "sentence_plan_completed_on"]


class OasysInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OasysAssessment.Kind.choices)
    completed_on = InputDateField()
    sentence_plan_completed_on = InputDateField(required=False, allow_null=True)


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = SentencePlanObjective
        fields = ["id", "need_area", "description", "target_date", "status"]


class ObjectiveInputSerializer(serializers.Serializer):
    need_area = serializers.ChoiceField(choices=ResettlementNeed.Area.choices)
    description = serializers.CharField(max_length=300)
    target_date = InputDateField(required=False, allow_null=True)


class ObjectiveStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SentencePlanObjective.Status.choices)


class SweepRunSerializer(serializers.ModelSerializer):
    prison = serializers.CharField(source="prison.code")

    class Meta:
        model = SweepRun
        fields = [
            "id",
            "prison",
            "started_at",
            "seconds",
            "cases",
            "created",
            "redated",
            "closed",
            "flagged_overdue",
            "flagged_due_soon",
            "cleared",
        ]
