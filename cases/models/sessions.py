"""Sessions with prisoners (POM supervision, keywork, COM contacts) and their follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cases.models.prisoners import Prisoner
from cases.models.text import limited_text

POM_CONTACT_KINDS = ("pom_supervision", "three_way")
# What counts as POM contact, everywhere it is shown or counted: a session of a POM contact kind,
# recorded as held. The case page, caseloads, figures and the POM contact task all read this,
# and its index (below) holds exactly these sessions.
POM_CONTACT_HELD = Q(held=True, status="recorded", kind__in=POM_CONTACT_KINDS)


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
            # A prison's keywork in the last weeks (the dashboard, keywork delivery): read by
            # kind and time, not through every session held.
            models.Index(fields=["kind", "occurred_at"], name="session_kind_occurred"),
            # Each case's last POM contact (a prison's thousand at once on the dashboard): a
            # quarter of the sessions, read from the index alone.
            models.Index(
                fields=["prisoner", "occurred_at"],
                condition=POM_CONTACT_HELD,
                name="session_pom_contact",
            ),
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
