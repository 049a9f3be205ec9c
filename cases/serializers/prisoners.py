"""API output shapes for prisoners, sessions, policy and figures, and the session input."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import DailyStatistic, Prisoner, PrisonPolicy, Sentence, Session
from cases.rules import evaluation_as_json
from cases.serializers.limits import (
    TEXT_MAX_LENGTH,
    InputDateField,
    InputDateTimeField,
    version_field,
)


class PrisonerListSerializer(serializers.ModelSerializer):
    prison = serializers.CharField(source="current_prison.code", default=None)
    # None for a case with no current sentence or no recorded arrival (found by schemathesis).
    sentence_start_date = serializers.DateField(read_only=True, allow_null=True)
    display_release_date = serializers.DateField(read_only=True, allow_null=True)
    arrival_datetime = serializers.DateTimeField(read_only=True, allow_null=True)
    pom = serializers.SerializerMethodField()

    class Meta:
        model = Prisoner
        fields = [
            "prison_number",
            "first_name",
            "last_name",
            "date_of_birth",
            "legal_status",
            "prison",
            "location",
            "tier",
            "rosh",
            "mappa_level",
            "complexity_of_need",
            "crn",
            "sentence_start_date",
            "display_release_date",
            "arrival_datetime",
            "pom",
        ]

    def get_pom(self, obj: Prisoner) -> str | None:
        allocation = getattr(obj, "allocation", None)
        pom = allocation.primary_pom if allocation else None
        return pom.get_username() if pom else None


class SentenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = [
            "description",
            "sentence_start_date",
            "indeterminate",
            "further_indeterminate_sentence",
            *Sentence.KEY_DATES,
        ]


class PrisonerDetailSerializer(PrisonerListSerializer):
    sentence = serializers.SerializerMethodField()
    omic = serializers.SerializerMethodField(
        help_text="The OMiC rules engine's result for today, as `omic_evaluate` prints it: "
        "scope, case type, earliest release date, POM type, responsibility, handover and "
        "deadlines, each with its explanation."
    )

    class Meta(PrisonerListSerializer.Meta):
        fields = [
            *PrisonerListSerializer.Meta.fields,
            "case_allocation",
            "early_allocation",
            "open_conditions_since",
            "sentence",
            "omic",
        ]

    def get_sentence(self, obj: Prisoner) -> dict | None:
        sentence = self.context["case"].sentence
        return SentenceSerializer(sentence).data if sentence else None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_omic(self, obj: Prisoner) -> dict:
        return evaluation_as_json(self.context["evaluation"])


class PrisonPolicySerializer(serializers.ModelSerializer):
    prison = serializers.CharField(source="prison.code", read_only=True)

    class Meta:
        model = PrisonPolicy
        fields = ["prison", *PrisonPolicy.setting_field_names(), "version"]


class PrisonPolicyChangeSerializer(serializers.ModelSerializer):
    """Input for a policy change: any subset of the settings, and the reason (required)."""

    reason = serializers.CharField(max_length=300)
    version = version_field("policy")

    class Meta:
        model = PrisonPolicy
        fields = [*PrisonPolicy.setting_field_names(), "reason", "version"]
        extra_kwargs = {name: {"required": False} for name in PrisonPolicy.setting_field_names()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:  # a PATCH is partial, but never without its version
            raise serializers.ValidationError({"version": "This field is required."})
        return attrs


class SessionSerializer(serializers.ModelSerializer):
    prisoner = serializers.CharField(source="prisoner.prison_number", read_only=True)
    staff = serializers.CharField(source="staff.username", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "prisoner",
            "staff",
            "kind",
            "occurred_at",
            "duration_minutes",
            "place",
            "attendees",
            "held",
            "not_held_reason",
            "summary",
            "objectives_discussed",
            "needs_or_risks",
            "status",
        ]


class FollowUpInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    due = InputDateField()


class SessionCreateSerializer(serializers.ModelSerializer):
    """Input for logging a session: the same checks as the page, applied by the same service."""

    prisoner = serializers.CharField(help_text="Prison number", max_length=20)
    draft = serializers.BooleanField(default=False)
    follow_ups = FollowUpInputSerializer(many=True, required=False)
    occurred_at = InputDateTimeField()

    class Meta:
        model = Session
        fields = [
            "prisoner",
            "kind",
            "occurred_at",
            "duration_minutes",
            "place",
            "attendees",
            "held",
            "not_held_reason",
            "summary",
            "objectives_discussed",
            "needs_or_risks",
            "draft",
            "follow_ups",
        ]
        extra_kwargs = {
            name: {"max_length": TEXT_MAX_LENGTH}
            for name in ("summary", "objectives_discussed", "needs_or_risks")
        }


class TimelineEventSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    who = serializers.CharField()


class DailyStatisticSerializer(serializers.ModelSerializer):
    prison = serializers.CharField(source="prison.code")

    class Meta:
        model = DailyStatistic
        fields = ["prison", "day", "key", "value", "numerator", "denominator", "on_target"]
