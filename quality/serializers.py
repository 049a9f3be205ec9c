"""API shapes of the case-quality audit: separate input and output serializers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quality import rules
from quality.models import AuditCase, AuditSample
from quality.selectors import MonthResult, QuestionView


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-12"})
class MonthField(serializers.Field):
    """A month as YYYY-MM (stored as its first day)."""

    def to_representation(self, value: dt.date) -> str:
        return f"{value:%Y-%m}"


class AuditSampleSerializer(serializers.ModelSerializer):
    prison = serializers.CharField(source="prison.code", read_only=True)
    month = MonthField(read_only=True)
    drawn_by = serializers.CharField(
        source="drawn_by.username", default=None, read_only=True, allow_null=True
    )
    cases_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)
    complete_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = AuditSample
        fields = [
            "id",
            "prison",
            "month",
            "seed",
            "size",
            "population",
            "drawn_at",
            "drawn_by",
            "cases_count",
            "complete_count",
        ]


class DrawInput(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    seed = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)

    def validate_month(self, value: str) -> str:
        try:
            rules.parse_month(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value


class AuditCaseRowSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(source="prisoner.prison_number", read_only=True)
    name = serializers.SerializerMethodField()
    reviewer = serializers.CharField(
        source="reviewer.username", default=None, read_only=True, allow_null=True
    )
    answered = serializers.IntegerField(read_only=True)

    class Meta:
        model = AuditCase
        fields = ["id", "prison_number", "name", "case_type", "reviewer", "status", "answered"]

    def get_name(self, obj: AuditCase) -> str:
        return f"{obj.prisoner.first_name} {obj.prisoner.last_name}"


class _AnswerSerializer(serializers.Serializer):
    judgement = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    suggested = serializers.CharField(allow_blank=True)
    answered_by = serializers.CharField(
        source="answered_by.username", default=None, allow_null=True
    )
    answered_at = serializers.DateTimeField()


class _EvidenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField(source="question.code")
    text = serializers.CharField(source="question.text")
    suggested = serializers.CharField(source="suggestion.judgement")
    explanation = serializers.CharField(source="suggestion.explanation")
    evidence = serializers.SerializerMethodField()
    answer = _AnswerSerializer(allow_null=True)

    @extend_schema_field(_EvidenceSerializer(many=True))
    def get_evidence(self, obj: QuestionView) -> list[dict[str, str]]:
        return [{"title": title, "url": url} for title, url in obj.evidence]


class CaseReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="audit_case.pk")
    prison = serializers.CharField(source="audit_case.sample.prison.code")
    month = MonthField(source="audit_case.sample.month")
    prison_number = serializers.CharField(source="audit_case.prisoner.prison_number")
    case_type = serializers.CharField(source="audit_case.case_type")
    reviewer = serializers.CharField(
        source="audit_case.reviewer.username", default=None, allow_null=True
    )
    status = serializers.CharField(source="audit_case.status")
    completed_at = serializers.DateTimeField(source="audit_case.completed_at", allow_null=True)
    questions = QuestionSerializer(many=True)


class AnswerInput(serializers.Serializer):
    question = serializers.ChoiceField(choices=list(rules.QUESTION_CODES))
    judgement = serializers.ChoiceField(choices=list(rules.JUDGEMENTS))
    note = serializers.CharField(
        max_length=rules.NOTE_MAX_LENGTH, required=False, default="", allow_blank=True
    )


class AnswersInput(serializers.Serializer):
    answers = AnswerInput(many=True, allow_empty=False)


class ReassignInput(serializers.Serializer):
    reviewer = serializers.CharField(help_text="The new reviewer's username.")
    reason = serializers.CharField(max_length=100)


class _ScoreSerializer(serializers.Serializer):
    met = serializers.IntegerField()
    partly_met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    explanation = serializers.CharField()


class MonthResultSerializer(serializers.Serializer):
    month = MonthField()
    drawn = serializers.BooleanField()
    cases = serializers.IntegerField()
    complete = serializers.IntegerField()
    overall = _ScoreSerializer()
    questions = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_questions(self, obj: MonthResult) -> dict[str, Any]:
        return {q.code: _ScoreSerializer(s).data for q, s in obj.by_question()}


class ResultsSerializer(serializers.Serializer):
    prison = serializers.CharField(source="prison.code")
    months = MonthResultSerializer(many=True)
