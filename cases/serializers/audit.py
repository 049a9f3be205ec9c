"""API shapes of a prison's audit: its filters and its rows."""

from typing import Any

from rest_framework import serializers

from cases.models import PRISON_NUMBER_VALIDATOR
from cases.selectors.audit import AuditFilters, audit_kinds


class AuditQuerySerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="A kind of row (see `kind`)."
    )
    prisoner = serializers.CharField(
        required=False, allow_blank=True, max_length=7, help_text="A prison number."
    )
    user = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text="Who: a username."
    )
    sort = serializers.ChoiceField(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")], required=False
    )

    def validate_kind(self, value: str) -> str:
        if value and value not in audit_kinds():
            raise serializers.ValidationError(f"Not a kind of audit row: {value}.")
        return value

    def validate_prisoner(self, value: str) -> str:
        value = value.strip().upper()
        if value:
            PRISON_NUMBER_VALIDATOR(value)
        return value

    def filters(self) -> AuditFilters:
        data = self.validated_data
        return AuditFilters(
            kind=data.get("kind", ""),
            prison_number=data.get("prisoner", ""),
            actor=data.get("user", ""),
            oldest_first=data.get("sort") == "oldest",
        )


class AuditEntrySerializer(serializers.Serializer[Any]):
    when = serializers.DateTimeField()
    who = serializers.CharField(help_text="The person, with the roles they hold at the prison.")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    action = serializers.CharField()
    prison_number = serializers.CharField(help_text="The case, if the row is about one.")
    prisoner_name = serializers.CharField()
    what = serializers.CharField(help_text="What changed, or what was read.")
    reason = serializers.CharField()
    address = serializers.CharField(help_text="Where from (reads only): the client's address.")


class SubjectAccessSectionSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    records = serializers.ListField(child=serializers.DictField())


class SubjectAccessSerializer(serializers.Serializer[Any]):
    prison_number = serializers.CharField()
    name = serializers.CharField()
    made_at = serializers.CharField()
    sections = SubjectAccessSectionSerializer(many=True)
