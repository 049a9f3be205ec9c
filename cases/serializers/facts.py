"""API shapes for changing a case's facts: what each endpoint takes (checked as the pages check
it, then turned into the data-in services' values) and the case's facts it answers with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import PRISON_NUMBER_VALIDATOR, Prison, Prisoner, Sentence
from cases.serializers.prisoners import SentenceSerializer
from cases.services.facts import Arrival, MergePreview, PersonalDetails, SentenceFacts

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # as a roll file's dates


class PlausibleDateField(serializers.DateField):
    """A date (YYYY-MM-DD) between 1900 and 2199: 9999-12-31 is a placeholder, not a date."""

    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            raise serializers.ValidationError("Enter a real date between 1900 and 2199.")
        return day


class PrisonNumberField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "A prison number, like A1234BC")
        super().__init__(max_length=7, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        number = str(super().to_internal_value(data)).strip().upper()
        try:
            PRISON_NUMBER_VALIDATOR(number)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return number


def _not_in_future(value: dt.datetime) -> None:
    if value > timezone.now():
        raise serializers.ValidationError("This must not be in the future.")


class SentenceFactsSerializer(serializers.Serializer):
    """A sentence: its date, whether it is indeterminate, and its key dates. A key date left
    out or null has no value (a PUT replaces the sentence's dates)."""

    sentence_start_date = PlausibleDateField(help_text="The sentence date")
    indeterminate = serializers.BooleanField(default=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in Sentence.KEY_DATES:
            fields[name] = PlausibleDateField(
                required=False, allow_null=True, help_text=Sentence.date_label(name)
            )
        return fields

    @staticmethod
    def facts(data: dict[str, Any]) -> SentenceFacts:
        return SentenceFacts(
            sentence_start_date=data["sentence_start_date"],
            indeterminate=data.get("indeterminate", False),
            dates={name: data.get(name) for name in Sentence.KEY_DATES},
        )


class SentenceChangeSerializer(SentenceFactsSerializer):
    """The sentence as it now is, and the legal status if it changed. Why goes in the history."""

    legal_status = serializers.ChoiceField(
        choices=Prisoner.LegalStatus.choices, required=False, help_text="Left out: unchanged"
    )
    reason = serializers.CharField(max_length=100, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return {
            "sentence": self.facts(attrs),
            "legal_status": attrs.get("legal_status"),
            "reason": attrs["reason"],
        }


class ArrivalSerializer(serializers.Serializer):
    """A prisoner arriving at the prison: new to us, back in custody, or transferred in."""

    prison_number = PrisonNumberField()
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = PlausibleDateField()
    legal_status = serializers.ChoiceField(choices=Prisoner.LegalStatus.choices)
    location = serializers.CharField(max_length=30, required=False, allow_blank=True)
    category = serializers.CharField(max_length=5, required=False, allow_blank=True)
    arrived_at = serializers.DateTimeField(
        required=False, validators=[_not_in_future], help_text="Left out: now"
    )
    sentence = SentenceFactsSerializer(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["date_of_birth"] > timezone.localdate():
            raise serializers.ValidationError({"date_of_birth": "This must be in the past."})
        sentence = attrs.get("sentence")
        return {
            "arrival": Arrival(
                prison_number=attrs["prison_number"],
                details=PersonalDetails(
                    first_name=attrs["first_name"],
                    last_name=attrs["last_name"],
                    date_of_birth=attrs["date_of_birth"],
                    location=attrs.get("location") or None,
                    category=attrs.get("category") or None,
                ),
                legal_status=attrs["legal_status"],
                sentence=SentenceFactsSerializer.facts(sentence) if sentence else None,
                arrived_at=attrs.get("arrived_at") or timezone.now(),
            )
        }


class DetailsChangeSerializer(serializers.Serializer):
    """Any of the personal details and location; those left out stay as they are."""

    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    date_of_birth = PlausibleDateField(required=False)
    location = serializers.CharField(max_length=30, required=False, allow_blank=True)
    category = serializers.CharField(max_length=5, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=100, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        born = attrs.get("date_of_birth")
        if born and born > timezone.localdate():
            raise serializers.ValidationError({"date_of_birth": "This must be in the past."})
        given = {k: v for k, v in attrs.items() if k != "reason"}
        return {"details": PersonalDetails(**given), "reason": attrs["reason"]}


class PrisonCodeField(serializers.SlugRelatedField[Prison]):
    """A prison by its code, in any case."""

    def to_internal_value(self, data: Any) -> Prison:
        return super().to_internal_value(str(data).strip().upper())


class TransferSerializer(serializers.Serializer):
    to_prison = PrisonCodeField(
        slug_field="code",
        queryset=Prison.objects.all(),
        help_text="The prison's code, like MDI",
        error_messages={"does_not_exist": "There is no prison with the code {value}."},
    )
    at = serializers.DateTimeField(
        required=False, validators=[_not_in_future], help_text="Left out: now"
    )
    reason = serializers.CharField(max_length=100, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return {**attrs, "at": attrs.get("at") or timezone.now()}


class ReleaseSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        required=False, validators=[_not_in_future], help_text="Left out: now"
    )
    reason = serializers.CharField(max_length=100, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return {**attrs, "at": attrs.get("at") or timezone.now()}


class MergeSerializer(serializers.Serializer):
    removed = PrisonNumberField(help_text="The prison number whose record moves onto this one")
    reason = serializers.CharField(max_length=100, required=False, default="")


class MergeMoveSerializer(serializers.Serializer):
    what = serializers.CharField()
    count = serializers.IntegerField()


class MergePreviewSerializer(serializers.Serializer):
    kept = serializers.CharField(source="kept.prison_number")
    removed = serializers.CharField(source="removed.prison_number")
    moves = serializers.SerializerMethodField()
    warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(MergeMoveSerializer(many=True))
    def get_moves(self, preview: MergePreview) -> list[dict[str, Any]]:
        return [{"what": what, "count": count} for what, count in preview.moves]


class CaseFactsSerializer(serializers.ModelSerializer):
    """A case's facts as the data-in endpoints change them."""

    prison = serializers.CharField(source="current_prison.code", default=None, allow_null=True)
    sentence = serializers.SerializerMethodField()
    merged_numbers = serializers.SerializerMethodField(
        help_text="Prison numbers merged into this record"
    )

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
            "category",
            "sentence",
            "merged_numbers",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_merged_numbers(self, obj: Prisoner) -> list[str]:
        return sorted(obj.merged_numbers.values_list("number", flat=True))

    @extend_schema_field(SentenceSerializer(allow_null=True))
    def get_sentence(self, obj: Prisoner) -> dict[str, Any] | None:
        sentence = obj.sentences.filter(is_current=True).first()
        return SentenceSerializer(sentence).data if sentence else None
