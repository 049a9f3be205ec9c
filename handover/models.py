"""What the OMU and the COM record about a handover: its state, checklist, contacts, parole
reviews, responsibility overrides, notes, and an audit row for every change.

Dates are never stored here: the handover, COM allocation and release dates come from the OMiC
engine on every read. Checklist items and contacts belong to the sentence they were recorded
for, so a new sentence starts a fresh checklist.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cases.models import Prisoner, Sentence
from cases.models.text import LONG_NOTE_LIMIT, NOTE_LIMIT, REASON_LIMIT, limited_text
from cases.models.versioned import version_field
from handover import rules


class HandoverCase(models.Model):
    """The recorded handover state of one case. Moved only by `handover.services`, each move
    audited; "" means not recorded yet (a row just claimed by the nightly job)."""

    class State(models.TextChoices):
        NOT_DUE = "not_due", rules.STATE_LABELS["not_due"]
        UPCOMING = "upcoming", rules.STATE_LABELS["upcoming"]
        COM_ALLOCATION_OVERDUE = (
            "com_allocation_overdue",
            rules.STATE_LABELS["com_allocation_overdue"],
        )
        IN_PROGRESS = "in_progress", rules.STATE_LABELS["in_progress"]
        HANDED_OVER = "handed_over", rules.STATE_LABELS["handed_over"]
        RELEASED = "released", rules.STATE_LABELS["released"]
        NO_HANDOVER = "no_handover", rules.STATE_LABELS["no_handover"]

    prisoner = models.OneToOneField(Prisoner, on_delete=models.CASCADE, related_name="handover")
    state = models.CharField(max_length=30, choices=State, blank=True)
    state_since = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [
            ("view_handover_lists", "Can see the handover and parole lists"),
            ("update_checklist", "Can record handover contacts, notes and checklist items"),
            ("record_parole_review", "Can record parole reviews"),
            ("override_responsibility", "Can make the COM responsible by override"),
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"Handover of {self.prisoner_id}: {self.state or 'not recorded'}"


class ResponsibilityOverride(models.Model):
    """The head of OMU's manual override making the COM responsible
    (docs/rules.md#ordered-rules, rule 1)."""

    class Reason(models.TextChoices):
        LESS_THAN_10_MONTHS = "less_than_10_months", "Less than 10 months left to serve"
        COMMUNITY_TEAM = "community_team", "The community team is to work with the prisoner"
        RECALLED = "recalled", "Recalled"
        OTHER = "other", "Other"

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="responsibility_overrides"
    )
    reason = models.CharField(max_length=30, choices=Reason)
    detail = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner"],
                condition=models.Q(removed_at__isnull=True),
                name="one_active_override_per_prisoner",
            )
        ]

    def __str__(self) -> str:
        return f"Override for {self.prisoner_id}: {self.reason}"

    @property
    def active(self) -> bool:
        return self.removed_at is None

    def clean(self) -> None:
        if self.reason == self.Reason.OTHER and not self.detail.strip():
            raise ValidationError({"detail": "Say why the COM should be responsible."})
        if self.removed_at is not None and not self.removal_reason.strip():
            raise ValidationError({"removal_reason": "Say why the override is being removed."})


class ParoleReview(models.Model):
    """A parole review of the current sentence; a completed one (with an outcome) feeds the
    engine's `latest_parole_outcome` (docs/rules.md#ordered-rules, rule 4)."""

    class Outcome(models.TextChoices):
        RELEASE = "release", "Release directed"
        NOT_RELEASE = "not_release", "Release not directed"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="parole_reviews")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="parole_reviews")
    hearing_date = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    outcome_received_date = models.DateField(null=True, blank=True)
    notes = limited_text(blank=True, limit=NOTE_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    version = version_field()

    class Meta:
        ordering = ["-hearing_date", "-id"]
        indexes = [models.Index(fields=["prisoner", "-hearing_date"])]

    def __str__(self) -> str:
        return f"Parole review of {self.prisoner_id} on {self.hearing_date}"

    def clean(self) -> None:
        if bool(self.outcome) != bool(self.outcome_received_date):
            field = "outcome_received_date" if self.outcome else "outcome"
            raise ValidationError(
                {field: "Record the outcome and the day it was received together."}
            )
        if self.outcome_received_date and self.outcome_received_date < self.hearing_date:
            raise ValidationError(
                {"outcome_received_date": "The outcome cannot arrive before the hearing."}
            )


class HandoverContact(models.Model):
    """A COM contact with the prisoner, or a POM and COM handover meeting."""

    class Kind(models.TextChoices):
        COM_CONTACT = "com_contact", "COM contact with the prisoner"
        HANDOVER_MEETING = "handover_meeting", "Handover meeting"

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="handover_contacts"
    )
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind)
    contact_date = models.DateField("date")
    method = models.CharField(max_length=20, choices=Method)
    pom_attended = models.BooleanField("POM attended", default=False)
    com_attended = models.BooleanField("COM attended", default=False)
    prisoner_attended = models.BooleanField("prisoner attended", default=False)
    other_attendees = models.CharField(max_length=300, blank=True)
    notes = limited_text(blank=True, limit=NOTE_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-contact_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.prisoner_id} on {self.contact_date}"

    @property
    def three_way(self) -> bool:
        return self.pom_attended and self.com_attended and self.prisoner_attended

    @property
    def counts_as_com_contact(self) -> bool:
        """Any record where the COM and the prisoner met counts towards the 3 contacts."""
        return self.com_attended and self.prisoner_attended

    def clean(self) -> None:
        if self.kind == self.Kind.COM_CONTACT and not (
            self.com_attended and self.prisoner_attended
        ):
            raise ValidationError(
                {"com_attended": "A COM contact is the COM and the prisoner: tick both."}
            )
        if self.kind == self.Kind.HANDOVER_MEETING and not (
            self.pom_attended and self.com_attended
        ):
            raise ValidationError(
                {"pom_attended": "A handover meeting needs the POM and the COM: tick both."}
            )


class ChecklistItem(models.Model):
    """One handover checklist item as recorded for the current sentence. Items without a row
    are "to do"; which items apply and when they are due come from `handover.rules`."""

    class Status(models.TextChoices):
        TO_DO = "to_do", "To do"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "Not needed"

    class Owner(models.TextChoices):
        POM = "pom", "POM"
        COM = "com", "COM"
        OMU_ADMIN = "omu_admin", "OMU admin"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="checklist_items")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(
        max_length=30, choices=[(item.code, item.label) for item in rules.CHECKLIST]
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.TO_DO)
    owner = models.CharField(max_length=20, choices=Owner)
    not_needed_reason = models.CharField(max_length=500, blank=True)
    evidence = limited_text("evidence note", blank=True, limit=NOTE_LIMIT)
    completed_on = models.DateField(null=True, blank=True)
    # Only for the MAPPA item: the level and category confirmed, and the next review.
    mappa_level = models.PositiveSmallIntegerField(
        "MAPPA level", null=True, blank=True, validators=[MaxValueValidator(3)]
    )
    mappa_category = models.PositiveSmallIntegerField(
        "MAPPA category",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    review_date = models.DateField("MAPPA review date", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField()
    version = version_field()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sentence", "code"], name="one_item_per_sentence")
        ]

    def __str__(self) -> str:
        return f"{self.code} for {self.prisoner_id}: {self.status}"

    def clean(self) -> None:
        if self.status == self.Status.NOT_NEEDED and not self.not_needed_reason.strip():
            raise ValidationError({"not_needed_reason": "Say why this is not needed."})
        if self.code == "mappa" and self.status == self.Status.DONE:
            if self.mappa_level is None or self.mappa_category is None:
                raise ValidationError(
                    {"mappa_level": "Enter the MAPPA level and category confirmed."}
                )
            if self.mappa_level >= 2 and self.review_date is None:
                raise ValidationError(
                    {"review_date": "MAPPA level 2 and 3 cases need a review date."}
                )


class HandoverNote(models.Model):
    """A note on the handover, e.g. the POM's notes for the COM."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="handover_notes")
    text = limited_text(limit=LONG_NOTE_LIMIT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_role = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.prisoner_id} at {self.created_at:%Y-%m-%d %H:%M}"


class HandoverEvent(models.Model):
    """The audit trail: who changed what about a handover, when, from what, to what and why."""

    class Action(models.TextChoices):
        STATE_CHANGED = "state_changed", "Handover state"
        ITEM_UPDATED = "item_updated", "Checklist item"
        CONTACT_RECORDED = "contact_recorded", "Contact recorded"
        PAROLE_REVIEW = "parole_review", "Parole review"
        OVERRIDE_ADDED = "override_added", "Responsibility override added"
        OVERRIDE_REMOVED = "override_removed", "Responsibility override removed"
        NOTE_ADDED = "note_added", "Note added"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="handover_events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action)
    summary = models.CharField(max_length=300)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = limited_text(blank=True, limit=REASON_LIMIT)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["prisoner", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} for {self.prisoner_id} at {self.at:%Y-%m-%d %H:%M}"
