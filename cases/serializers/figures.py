"""API shape of a prison's figures today, each with its definition (the dashboard's tiles and
each figure's own page)."""

from __future__ import annotations

from rest_framework import serializers


class DefinitionSerializer(serializers.Serializer):
    counts = serializers.CharField(help_text="What the figure measures.")
    numerator = serializers.CharField(help_text="Who or what is counted.")
    denominator = serializers.CharField(
        allow_null=True, help_text="What it is a share of; null for a plain count."
    )
    target = serializers.CharField(help_text="The target and where it comes from, or why none.")
    excludes = serializers.CharField(help_text="What does not count; empty if nothing to say.")


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    # DRF moves declared fields off the class; mypy sees Field.label (a string) being replaced.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.FloatField(
        allow_null=True, help_text="A count, or a percentage; null when there is nothing to count."
    )
    unit = serializers.ChoiceField(choices=["count", "percent"])
    numerator = serializers.FloatField(
        help_text="A count; full-time equivalents for POM staffing in post."
    )
    denominator = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    on_target = serializers.BooleanField(allow_null=True)
    explanation = serializers.CharField()
    remark = serializers.CharField(help_text="What to know beyond the value; often empty.")
    definition = DefinitionSerializer()
