"""Sessions with prisoners (POM supervision, keywork, COM contacts) and their follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.prisoners import Prisoner
from cases.models.text import limited_text


class Session(models.Model):
    """A session a POM, keyworker or COM held (or tried to hold) with a prisoner."""

    class Kind(models.TextChoices):
        POM_SUPERVISION = "pom_supervision", "POM supervision"
        KEYWORK = "keywork", "Keywork"
        THREE_WAY = "three_way", "Three-way handover meeting"
        COM_CONTACT = "com_contact", "COM contact"
        OTHER = "other", "Other"

    class Place(models.TextChoices):
        CELL = "cell", "Cell"
        WING = "wing", "Wing"
        INTERVIEW_ROOM = "interview_room", "Interview room"
        VIDEO = "video", "Video"
        PHONE = "phone", "Phone"

    class NotHeldReason(models.TextChoices):
        PRISONER_REFUSED = "prisoner_refused", "Prisoner refused"
        STAFF_REDEPLOYED = "staff_redeployed", "Staff redeployed"
        REGIME = "regime", "Regime (lockdown, restricted regime)"
        PRISONER_UNAVAILABLE = "prisoner_unavailable", "Prisoner unavailable"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RECORDED = "recorded", "Recorded"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="sessions")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    place = models.CharField(max_length=20, choices=Place, blank=True)
    attendees = models.CharField(max_length=300, blank=True)
    held = models.BooleanField(default=True)
    not_held_reason = models.CharField(max_length=30, choices=NotHeldReason, blank=True)
    SUMMARY_LIMIT = 5000
    NOTES_LIMIT = 2000
    summary = limited_text(blank=True, limit=SUMMARY_LIMIT)
    objectives_discussed = limited_text(blank=True, limit=NOTES_LIMIT)
    needs_or_risks = limited_text("needs or risks raised", blank=True, limit=NOTES_LIMIT)
    status = models.CharField(max_length=10, choices=Status, default=Status.RECORDED)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["prisoner", "-occurred_at"]),
            models.Index(fields=["staff", "-occurred_at"]),
        ]
        permissions = [
            ("log_session", "Can log sessions with prisoners"),
            ("view_keywork_delivery", "Can see the prison's keywork delivery figures"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.prisoner_id} on {self.occurred_at:%Y-%m-%d}"

    def clean(self) -> None:
        if not self.held and not self.not_held_reason:
            raise ValidationError({"not_held_reason": "Say why the session did not happen."})
        if self.held:
            self.not_held_reason = ""


class SessionFollowUp(models.Model):
    """An action agreed in a session, with its due date; it becomes a task for the staff member."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(max_length=300)
    due = models.DateField()

    def __str__(self) -> str:
        return f"{self.description} by {self.due}"
