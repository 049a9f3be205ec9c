"""The allocation decisions: who was allocated, by whom, when and why.

The current holders of a case are `cases.models.Allocation` (a fact every app reads). Each
decision that changes them is one `AllocationEvent`: an allocation, re-allocation,
de-allocation, keyworker or COM change, with who, by whom, when and why.

An `EarlyAllocation` is a POM's early allocation assessment of a case, with the head of OMU's
decision when it is discretionary; an `EarlyAllocationWindow` records the day the nightly job
saw a case's sentence enter the assessment window.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.models import Prison, Prisoner, Sentence


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
    override_detail = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    note_to_pom = models.TextField(blank=True)
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


class EarlyAllocation(models.Model):
    """A POM's early allocation assessment during one sentence (docs/rules.md#early-allocation).

    The criteria met are stored as their codes (`allocation.rules.AUTOMATIC_CRITERIA`,
    `DISCRETIONARY_CRITERIA`). An eligible or approved assessment of the current sentence is
    what sets the prisoner's `early_allocation` fact."""

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible"
        DISCRETIONARY = "discretionary", "Discretionary"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"

    class Status(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible (automatic)"
        PENDING = "pending", "Awaiting the head of OMU's decision"
        APPROVED = "approved", "Approved by the head of OMU"
        DECLINED = "declined", "Declined by the head of OMU"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        WITHDRAWN = "withdrawn", "Withdrawn"

    ACCEPTED = (Status.ELIGIBLE, Status.APPROVED)
    LIVE = (Status.ELIGIBLE, Status.PENDING, Status.APPROVED)

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="early_allocations"
    )
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    release_date = models.DateField(help_text="The earliest release date when assessed.")
    release_kind = models.CharField(max_length=12, blank=True)
    window_opened_on = models.DateField()
    oasys_risk_assessment_date = models.DateField("date of the last OASys risk assessment")
    automatic_criteria = models.JSONField(default=list, blank=True)
    discretionary_criteria = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, help_text="Why, for a discretionary case.")
    outcome = models.CharField(max_length=20, choices=Outcome)
    outcome_explanation = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["prisoner", "-created_at"]),
            models.Index(fields=["prison", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sentence"],
                condition=models.Q(status__in=["eligible", "pending", "approved"]),
                name="one_live_early_allocation_per_sentence",
            )
        ]
        permissions = [
            ("assess_early_allocation", "Can complete a case's early allocation assessment"),
            ("decide_early_allocation", "Can approve or decline a discretionary assessment"),
            ("view_early_allocation_due", "Can see the early allocation assessments due"),
        ]

    def __str__(self) -> str:
        return f"Early allocation assessment of {self.prisoner_id}: {self.status}"

    @property
    def accepted(self) -> bool:
        return self.status in self.ACCEPTED

    @property
    def live(self) -> bool:
        return self.status in self.LIVE

    @property
    def acting_prison_id(self) -> int:
        """Where the case is now (else where it was assessed): whose staff act on it. Reads
        `prisoner` (a query unless selected with it)."""
        return self.prisoner.current_prison_id or self.prison_id


class EarlyAllocationWindow(models.Model):
    """The day the nightly job first saw this sentence within the assessment window (one row
    a sentence: running the job again adds nothing)."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="+")
    sentence = models.OneToOneField(Sentence, on_delete=models.CASCADE, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="+")
    release_date = models.DateField()
    opens_on = models.DateField()
    recorded_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["prison", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.prisoner_id} in the early allocation window from {self.opens_on}"
