"""API shapes for handovers. Output serializers read the selectors' assessments; input
serializers check the shape of a request, and `handover.services` apply the rules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.serializers import TEXT_MAX_LENGTH, InputDateField, version_field
from cases.text import display_name
from handover import rules
from handover.models import (
    ChecklistItem,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)
from handover.selectors.assessment import com_name_of


def _name(user: Any) -> str | None:
    """A person's display name; null for no one."""
    return display_name(user) or None


class ResponsibilitySerializer(serializers.Serializer):
    state = serializers.CharField(source="evaluation.responsibility.state")
    label = serializers.CharField(source="responsibility_label")  # type: ignore[assignment]  # the JSON key "label" shadows DRF's Field.label
    explanation = serializers.CharField(source="evaluation.responsibility.explanation")
    override_reason = serializers.CharField(
        allow_null=True, help_text="The head of OMU's override reason while one is in force."
    )


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)


class ComSerializer(serializers.Serializer):
    username = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    team = serializers.CharField(allow_blank=True)


class HandoverRowSerializer(serializers.Serializer):
    """One case in a handover list, with every date's explanation."""

    prison_number = serializers.CharField(source="prisoner.prison_number")
    first_name = serializers.CharField(source="prisoner.first_name")
    last_name = serializers.CharField(source="prisoner.last_name")
    prison = serializers.CharField(source="prisoner.current_prison.code", default=None)
    state = serializers.ChoiceField(choices=rules.STATES, source="state.value")
    state_explanation = serializers.CharField(source="state.explanation")
    handover_reason = serializers.CharField(source="handover.reason")
    handover_date = serializers.DateField(source="handover.handover_date", allow_null=True)
    com_allocation_date = serializers.DateField(
        source="handover.com_allocation_date", allow_null=True
    )
    handover_explanation = serializers.CharField(source="handover.explanation")
    upcoming_from = serializers.DateField(source="handover.upcoming_from", allow_null=True)
    com_allocation_overdue_from = serializers.DateField(
        source="handover.com_allocation_overdue_from", allow_null=True
    )
    display_release_date = serializers.DateField(
        source="evaluation.display_release_date.date", allow_null=True
    )
    release_date = serializers.DateField(
        source="release.date",
        allow_null=True,
        help_text="The release date the checklist counts back from.",
    )
    release_explanation = serializers.CharField(source="release.explanation")
    responsibility = ResponsibilitySerializer(source="*")
    pom = serializers.SerializerMethodField()
    com = serializers.SerializerMethodField()
    com_contacts = serializers.IntegerField(
        help_text="Days the COM met the prisoner before release: handover contacts and sessions "
        "logged as a COM contact or three-way meeting (target 3)."
    )
    overdue_items = serializers.SerializerMethodField()
    public_protection_missing = serializers.SerializerMethodField(
        help_text="Public protection items still to do with release within 6 months."
    )

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_pom(self, a: Any) -> dict[str, Any] | None:
        allocation = a.allocation
        pom = allocation.primary_pom if allocation else None
        return {"username": pom.get_username(), "name": _name(pom)} if pom else None

    @extend_schema_field(ComSerializer(allow_null=True))
    def get_com(self, a: Any) -> dict[str, Any] | None:
        allocation = a.allocation
        if not a.com_allocated or allocation is None:
            return None
        return {
            "username": allocation.com.get_username() if allocation.com else None,
            "name": com_name_of(allocation),
            "email": allocation.com_email,
            "team": allocation.com_team,
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_overdue_items(self, a: Any) -> list[str]:
        return [item.code for item in a.overdue_items]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_public_protection_missing(self, a: Any) -> list[str]:
        return [item.code for item in a.missing_public_protection]


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key "label" shadows DRF's Field.label
    section = serializers.CharField(source="definition.section")
    owner = serializers.ChoiceField(choices=ChecklistItem.Owner.choices)
    status = serializers.ChoiceField(choices=ChecklistItem.Status.choices)
    progress = serializers.ChoiceField(
        choices=["done", "not_needed", "overdue", "due_soon", "not_due", "no_date"]
    )
    due = serializers.DateField(source="due.value", allow_null=True)
    due_explanation = serializers.CharField(source="due.explanation")
    automatic = serializers.BooleanField(source="definition.automatic")
    note = serializers.CharField()
    evidence = serializers.CharField()
    not_needed_reason = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    mappa_level = serializers.IntegerField(allow_null=True)
    mappa_category = serializers.IntegerField(allow_null=True)
    review_date = serializers.DateField(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back with a change (PATCH).")


class ContactSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = HandoverContact
        fields = [
            "id",
            "kind",
            "contact_date",
            "method",
            "pom_attended",
            "com_attended",
            "prisoner_attended",
            "other_attendees",
            "notes",
            "recorded_by",
            "created_at",
        ]

    def get_recorded_by(self, obj: HandoverContact) -> str | None:
        return _name(obj.recorded_by)


class ParoleReviewSerializer(serializers.ModelSerializer):
    current_sentence = serializers.SerializerMethodField()

    class Meta:
        model = ParoleReview
        fields = [
            "id",
            "hearing_date",
            "outcome",
            "outcome_received_date",
            "notes",
            "current_sentence",
            "version",
        ]

    def get_current_sentence(self, obj: ParoleReview) -> bool:
        return obj.sentence.is_current


class OverrideSerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()
    removed_by = serializers.SerializerMethodField()

    class Meta:
        model = ResponsibilityOverride
        fields = [
            "id",
            "reason",
            "detail",
            "created_by",
            "created_at",
            "removed_at",
            "removed_by",
            "removal_reason",
        ]

    def get_created_by(self, obj: ResponsibilityOverride) -> str | None:
        return _name(obj.created_by)

    def get_removed_by(self, obj: ResponsibilityOverride) -> str | None:
        return _name(obj.removed_by)


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = HandoverNote
        fields = ["id", "text", "author", "author_role", "created_at"]

    def get_author(self, obj: HandoverNote) -> str | None:
        return _name(obj.author)


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = HandoverEvent
        fields = ["at", "actor", "action", "summary", "old_value", "new_value", "reason"]

    def get_actor(self, obj: HandoverEvent) -> str | None:
        return _name(obj.actor)


class TimelineEntrySerializer(serializers.Serializer):
    day = serializers.DateField()
    title = serializers.CharField()
    explanation = serializers.CharField()
    when = serializers.ChoiceField(choices=["past", "today", "future"])


class ResponsibilityChangeSerializer(serializers.Serializer):
    day = serializers.DateField()
    responsibility = serializers.CharField()
    explanation = serializers.CharField()


class HandoverDetailSerializer(serializers.Serializer):
    """A case's handover page as data: the list row, then checklist, contacts, parole reviews,
    overrides, notes, timeline and history."""

    case = HandoverRowSerializer(source="assessment")
    responsibility_changes = serializers.SerializerMethodField()
    timeline = TimelineEntrySerializer(many=True)
    checklist = ChecklistItemSerializer(source="assessment.items", many=True)
    contacts = ContactSerializer(many=True)
    parole_reviews = ParoleReviewSerializer(many=True)
    overrides = OverrideSerializer(many=True)
    notes = NoteSerializer(many=True)
    history = EventSerializer(source="events", many=True)

    @extend_schema_field(ResponsibilityChangeSerializer(many=True))
    def get_responsibility_changes(self, page: Any) -> list[dict[str, Any]]:
        return [
            {"day": day, "responsibility": label, "explanation": why}
            for day, label, why in page.responsibility_changes
        ]


class ParoleRowSerializer(serializers.Serializer):
    case = HandoverRowSerializer(source="assessment")
    next_date = serializers.SerializerMethodField()
    next_date_kind = serializers.SerializerMethodField()
    latest_review = ParoleReviewSerializer(allow_null=True)

    def get_next_date(self, row: Any) -> str:
        return row.assessment.parole_due[0].isoformat()

    def get_next_date_kind(self, row: Any) -> str:
        return row.assessment.parole_due[1]


# --- Input ------------------------------------------------------------------------------------


class ChecklistItemInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ChecklistItem.Status.choices)
    not_needed_reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)
    owner = serializers.ChoiceField(choices=ChecklistItem.Owner.choices, required=False)
    mappa_level = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=3
    )
    mappa_category = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=4
    )
    review_date = InputDateField(required=False, allow_null=True)
    version = version_field("checklist item")


class ContactInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HandoverContact.Kind.choices)
    contact_date = InputDateField()
    method = serializers.ChoiceField(choices=HandoverContact.Method.choices)
    pom_attended = serializers.BooleanField(default=False)
    com_attended = serializers.BooleanField(default=False)
    prisoner_attended = serializers.BooleanField(default=False)
    other_attendees = serializers.CharField(required=False, allow_blank=True, max_length=300)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)


class NoteInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ParoleReviewInput(serializers.Serializer):
    hearing_date = InputDateField()
    outcome = serializers.ChoiceField(
        choices=ParoleReview.Outcome.choices, required=False, allow_blank=True
    )
    outcome_received_date = InputDateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)


class ParoleOutcomeInput(serializers.Serializer):
    version = version_field("review", source="expected_version")  # the service's name for it
    outcome = serializers.ChoiceField(choices=ParoleReview.Outcome.choices)
    outcome_received_date = InputDateField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)


class OverrideInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ResponsibilityOverride.Reason.choices)
    detail = serializers.CharField(required=False, allow_blank=True, max_length=500)


class OverrideRemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
