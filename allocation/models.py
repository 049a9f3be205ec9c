"""The allocation decisions: who was allocated, by whom, when and why.

The current holders of a case are `cases.models.Allocation` (a fact every app reads). Each
decision that changes them is one `AllocationEvent`: an allocation, re-allocation,
de-allocation, keyworker or COM change, with who, by whom, when and why.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Prison, Prisoner
from cases.models.text import NOTE_LIMIT, REASON_LIMIT, limited_text


class AllocationEvent(models.Model):
    """One allocation decision: the audit row the case page's allocation history shows."""

    class Kind(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        REALLOCATED = "reallocated", "Re-allocated"
        DEALLOCATED = "deallocated", "De-allocated"
        COM_RECORDED = "com_recorded", "COM recorded"
        COM_REMOVED = "com_removed", "COM removed"

    class Role(models.TextChoices):
        PRIMARY = "primary", "POM"
        SECONDARY = "secondary", "Co-working POM"
        KEYWORKER = "keyworker", "Keyworker"
        COM = "com", "COM"

    class OverrideReason(models.TextChoices):
        """Why a POM other than the recommendation was chosen (docs/rules.md#pom-type)."""

        NOT_SUITABLE = "not_suitable", "A POM of the recommended type is not suitable"
        NONE_AVAILABLE = "none_available", "No POM of the recommended type is available"
        WORKED_BEFORE = "worked_before", "This POM has worked with the prisoner before"
        OTHER = "other", "Other reason"

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="allocation_events"
    )
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    role = models.CharField(max_length=20, choices=Role)
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(
        max_length=300, blank=True, help_text="E.g. the COM's name, team and PDU."
    )
    recommended_pom_type = models.CharField(max_length=30, blank=True)
    recommendation = models.TextField(blank=True, help_text="Why the engine recommends it.")
    explanation = models.TextField(blank=True, help_text="Why this person was suggested.")
    warnings = models.JSONField(default=list, blank=True)
    override_reason = models.CharField(max_length=20, choices=OverrideReason, blank=True)
    override_detail = limited_text(blank=True, limit=REASON_LIMIT)
    reason = limited_text(blank=True, limit=REASON_LIMIT)
    note_to_pom = limited_text(blank=True, limit=NOTE_LIMIT)
    batch = models.UUIDField(
        null=True, blank=True, help_text="Shared by every case of one bulk move."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["prisoner", "-created_at"])]
        permissions = [
            ("assign_case", "Can allocate POMs, keyworkers and COMs to cases"),
            ("view_caseloads", "Can see every POM's caseload and the staff page"),
            ("view_own_caseload", "Can see their own caseload as a POM"),
            ("manage_staff", "Can change staff hours, capacity and leave"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_role_display()}) for {self.prisoner_id}"
