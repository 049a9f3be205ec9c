"""API shapes for interventions: output serializers, and one input serializer per operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from cases.serializers import (
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    InputDateField,
    id_field,
    version_field,
)
from interventions.models import (
    Attendance,
    Intervention,
    NeedUpdate,
    Offering,
    Referral,
    ResettlementNeed,
)
from interventions.selectors.offerings import next_start, upcoming
from interventions.selectors.referrals import assess_referrals


def _one_of(choices: list[tuple[str, str]]) -> Callable[[str], None]:
    values = [value for value, _ in choices]

    def check(value: str) -> None:
        if value not in values:
            raise serializers.ValidationError(f"Choose one of: {', '.join(values)}.")

    return check


def choice_text(choices: list[tuple[str, str]], **kwargs: Any) -> serializers.CharField:
    """A choice given as text, validated. Used where the same choices appear under another
    field name or in another component: a second enum would only collide in the schema (the
    named enum lives on one serializer, see the comment on each)."""
    listed = ", ".join(value for value, _ in choices)
    if kwargs.get("read_only"):
        return serializers.CharField(help_text=f"One of: {listed}.", **kwargs)
    return serializers.CharField(
        validators=[_one_of(choices)], help_text=f"One of: {listed}.", **kwargs
    )


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="eligibility, prison, cohort or fit")
    title = serializers.CharField()
    ok = serializers.BooleanField(allow_null=True, help_text="null: cannot tell (missing dates)")
    explanation = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    blocked = serializers.BooleanField(help_text="A check failed: a new referral is refused.")
    overridable = serializers.BooleanField(
        help_text="Only checks a head of OMU may override (with a reason) failed."
    )
    checks = CheckSerializer(many=True)


class CohortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_date = serializers.DateField()
    capacity = serializers.IntegerField()
    places_left = serializers.IntegerField(help_text="Capacity minus referrals placed in it.")


class NextStartSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    explanation = serializers.CharField()


class InterventionSerializer(serializers.ModelSerializer):
    """A prison's directory entry: the intervention, who it is for, its upcoming cohorts."""

    prison = serializers.CharField(source="prison.code")
    name = serializers.CharField(source="intervention.name")
    kind = serializers.ChoiceField(source="intervention.kind", choices=Intervention.Kind.choices)
    provider = serializers.CharField(source="intervention.provider")
    need_areas = serializers.SerializerMethodField()
    sessions = serializers.IntegerField(source="intervention.sessions", allow_null=True)
    session_minutes = serializers.IntegerField(
        source="intervention.session_minutes", allow_null=True
    )
    duration_days = serializers.IntegerField(source="intervention.duration_days")
    rosh_levels = serializers.SerializerMethodField()
    min_sentence_months = serializers.IntegerField(
        source="intervention.min_sentence_months", allow_null=True
    )
    max_sentence_months = serializers.IntegerField(
        source="intervention.max_sentence_months", allow_null=True
    )
    estate = serializers.CharField(source="intervention.estate")
    cohorts = serializers.SerializerMethodField(help_text="Cohorts starting today or later.")
    next_start = serializers.SerializerMethodField()

    class Meta:
        model = Offering
        fields = [
            "id",
            "prison",
            "name",
            "kind",
            "provider",
            "need_areas",
            "sessions",
            "session_minutes",
            "duration_days",
            "rosh_levels",
            "min_sentence_months",
            "max_sentence_months",
            "estate",
            "running",
            "cohorts",
            "next_start",
        ]

    def get_need_areas(self, obj: Offering) -> list[str]:
        return [a.area for a in obj.intervention.need_areas.all()]

    def get_rosh_levels(self, obj: Offering) -> list[str]:
        return obj.intervention.rosh_level_list

    def get_cohorts(self, obj: Offering) -> list[dict[str, Any]]:
        return list(CohortSerializer(upcoming(obj), many=True).data)

    def get_next_start(self, obj: Offering) -> dict[str, Any]:
        found = next_start(obj, today=self.context["today"])
        slot = found.value
        return {
            "cohort": slot.key if slot else None,
            "start_date": slot.start if slot else None,
            "explanation": found.explanation,
        }


class ReferralSerializer(serializers.ModelSerializer):
    prisoner = serializers.CharField(source="prisoner.prison_number")
    intervention = serializers.CharField(source="offering.intervention.name")
    offering = serializers.IntegerField(source="offering_id")
    prison = serializers.CharField(source="offering.prison.code")
    # None for a referral without a need or a cohort (the schema says so: found by schemathesis).
    need = serializers.CharField(source="need.area", default=None, allow_null=True)
    cohort_start_date = serializers.DateField(
        source="cohort.start_date", default=None, allow_null=True
    )
    not_completed_reason = choice_text(Referral.NotCompletedReason.choices, read_only=True)
    checks = serializers.SerializerMethodField(help_text="Today's checks; null once ended.")

    class Meta:
        model = Referral
        fields = [
            "id",
            "prisoner",
            "prison",
            "offering",
            "intervention",
            "need",
            "status",
            "cohort",
            "cohort_start_date",
            "referred_on",
            "assessed_on",
            "not_suitable_reason",
            "started_on",
            "ended_on",
            "not_completed_reason",
            "end_detail",
            "outcome",
            "notes",
            "override_reason",
            "checks_at_referral",
            "checks",
            "version",
        ]

    def get_checks(self, obj: Referral) -> dict[str, Any] | None:
        """From the context's `assessments` (by referral id): a list assesses its page at once."""
        assessment = self.context.get("assessments", {}).get(obj.pk)
        return AssessmentSerializer(assessment).data if assessment else None


class AssessedReferralSerializer(ReferralSerializer):
    """One referral, with today's checks worked out for it: the answer to a read or a write of
    one referral (read it with `selectors.with_referral_relations`)."""

    def get_checks(self, obj: Referral) -> dict[str, Any] | None:
        row = assess_referrals([obj], today=timezone.localdate())[0]
        return AssessmentSerializer(row.assessment).data if row.assessment else None


class ReferralCreateInput(serializers.Serializer):
    prisoner = serializers.CharField(help_text="Prison number", max_length=20)
    offering = id_field(help_text="The directory entry's id")
    need = id_field(required=False, allow_null=True, default=None)
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH
    )
    refer_now = serializers.BooleanField(
        required=False, default=True, help_text="false: record as identified, to refer later"
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=REASON_MAX_LENGTH,
        help_text="Head of OMU only: refer despite a failed check.",
    )

    def validate_prisoner(self, value: str) -> str:
        return value.upper()


class ReferNowInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_MAX_LENGTH
    )


class AssessInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    suitable = serializers.BooleanField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_MAX_LENGTH
    )


class PlaceInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    cohort = id_field(allow_null=True, help_text="null only for a workbook")
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_MAX_LENGTH
    )


class StartInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    started_on = InputDateField()


class CompleteInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    ended_on = InputDateField()
    outcome = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class NotCompleteInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    ended_on = InputDateField()
    reason = choice_text(Referral.NotCompletedReason.choices)  # handover has a `reason` enum
    detail = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH
    )


class WithdrawInput(serializers.Serializer):
    version = version_field("referral", source="expected_version")  # the service's name for it
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class AttendanceInput(serializers.Serializer):
    session_number = serializers.IntegerField(min_value=1, max_value=1000)
    session_date = InputDateField()
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AttendanceSerializer(serializers.ModelSerializer):
    status = choice_text(Attendance.Status.choices, read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "referral", "session_number", "session_date", "status", "note"]


class NeedUpdateSerializer(serializers.ModelSerializer):
    # The need's status enum is named on NeedSerializer only.
    status = choice_text(ResettlementNeed.Status.choices, read_only=True)
    owner = choice_text(ResettlementNeed.Owner.choices, read_only=True)
    by = serializers.SerializerMethodField()

    class Meta:
        model = NeedUpdate
        fields = ["id", "on", "status", "owner", "note", "by"]

    def get_by(self, obj: NeedUpdate) -> str | None:
        return obj.created_by.get_username() if obj.created_by else None


class NeedSerializer(serializers.ModelSerializer):
    prisoner = serializers.CharField(source="prisoner.prison_number")
    # Screening names the need-area enum (`need_area`) and handover an `owner` enum; here they
    # are text, so the schema's enum names stay unambiguous.
    area = choice_text(ResettlementNeed.Area.choices, read_only=True)
    owner = choice_text(ResettlementNeed.Owner.choices, read_only=True)
    updates = NeedUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = ResettlementNeed
        fields = [
            "id",
            "prisoner",
            "area",
            "status",
            "owner",
            "source",
            "source_detail",
            "notes",
            "identified_on",
            "updates",
            "version",
        ]


class NeedCreateInput(serializers.Serializer):
    prisoner = serializers.CharField(help_text="Prison number", max_length=20)
    area = choice_text(ResettlementNeed.Area.choices)
    owner = choice_text(ResettlementNeed.Owner.choices)
    # Named `source` like `Field.source`: DRF's metaclass takes declared fields off the class.
    source = choice_text(  # type: ignore[assignment]  # not an attribute at run time
        ResettlementNeed.Source.choices, default=ResettlementNeed.Source.REVIEW
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH
    )
    identified_on = InputDateField(required=False, allow_null=True, default=None)


class NeedUpdateInput(serializers.Serializer):
    on = InputDateField()
    status = choice_text(ResettlementNeed.Status.choices)
    owner = choice_text(ResettlementNeed.Owner.choices)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    version = version_field("need", source="expected_version")  # the service's name for it
