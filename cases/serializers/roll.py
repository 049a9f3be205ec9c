"""API shapes for roll imports: the upload, and an import's status, progress, counts, preview
(or result) and errors."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.forms.roll import check_roll_upload
from cases.models import RollImport
from cases.roll import jobs
from cases.text import display_name

COUNTS = ("rows", "new", "changed", "unchanged", "leaving")


class RollUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The roll: CSV (UTF-8) or XLSX, Prisoner Search column names"
    )
    full_roll = serializers.BooleanField(
        default=False, help_text="The file is the whole roll: anyone not in it leaves"
    )
    apply = serializers.BooleanField(
        default=False,
        help_text="false (the default): a dry run, the check's result only. true: apply it when "
        "the file has no errors.",
    )

    def validate_file(self, upload: UploadedFile) -> UploadedFile:
        return check_roll_upload(upload)


class RollCountsSerializer(serializers.Serializer):
    rows = serializers.IntegerField(allow_null=True)
    new = serializers.IntegerField(allow_null=True)
    changed = serializers.IntegerField(allow_null=True)
    unchanged = serializers.IntegerField(allow_null=True)
    leaving = serializers.IntegerField(allow_null=True)
    errors = serializers.IntegerField(allow_null=True)  # type: ignore[assignment]  # a field named as the JSON names it


class RollErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Data rows count from 1; 0 is the whole file")
    column = serializers.CharField()
    message = serializers.CharField()


class RollImportSerializer(serializers.ModelSerializer):
    """An import in a list: what, who, when, how far, and its counts (null while checking)."""

    prison = serializers.CharField(source="prison.code")
    status = serializers.ChoiceField(
        choices=RollImport.Status.choices,
        read_only=True,
        help_text="checking, previewed (ready to apply), invalid (has errors), applying, "
        "applied or failed",
    )
    progress = serializers.SerializerMethodField(help_text="Percent done")
    counts = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()
    applied_by = serializers.SerializerMethodField()

    class Meta:
        model = RollImport
        fields = [
            "id",
            "prison",
            "file_name",
            "full_roll",
            "status",
            "progress",
            "counts",
            "created_by",
            "created_at",
            "applied_by",
            "applied_at",
        ]

    def get_progress(self, obj: RollImport) -> int:
        return jobs.progress_of(obj)

    @extend_schema_field(RollCountsSerializer)
    def get_counts(self, obj: RollImport) -> dict[str, int | None]:
        if hasattr(obj, "error_count"):  # a list row: counts read with the row (selectors)
            found = {name: getattr(obj, f"{name}_count") for name in COUNTS}
            return {**found, "errors": obj.error_count}
        summary = obj.summary or {}
        return {**{name: summary.get(name) for name in COUNTS}, "errors": len(obj.errors)}

    def get_created_by(self, obj: RollImport) -> str:
        return display_name(obj.created_by)

    def get_applied_by(self, obj: RollImport) -> str:
        return display_name(obj.applied_by)


class RollImportDetailSerializer(RollImportSerializer):
    """One import in full: its preview (or, applied, its result) and every error."""

    summary = serializers.SerializerMethodField(
        help_text="new_rows, changed_rows (each change: column, old, new) and leaving_rows; "
        f"the first {jobs.LISTED} of each"
    )
    errors = RollErrorSerializer(many=True, read_only=True)  # type: ignore[assignment]  # as above

    class Meta(RollImportSerializer.Meta):
        fields = [*RollImportSerializer.Meta.fields, "summary", "errors", "failure"]

    @extend_schema_field(serializers.DictField())
    def get_summary(self, obj: RollImport) -> dict[str, Any]:
        summary = obj.summary or {}
        return {key: summary.get(key, []) for key in ("new_rows", "changed_rows", "leaving_rows")}
