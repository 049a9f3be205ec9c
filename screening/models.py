"""OMiC tasks and the records that complete them: BCS, categorisation, OASys; sweep and digest
bookkeeping.

Due dates are the rules engine's (`cases.rules`); `screening.services.tasks_sync` stores them
on tasks so lists, counts and the nightly sweep are plain SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cases.models import Prison, Prisoner
from cases.models.text import NOTE_LIMIT, limited_text
from cases.models.versioned import HistoryWithoutVersion, version_field
from interventions.models import ResettlementNeed

# A task needing attention: open, and overdue or due soon. The navigation badges, the digests
# and their index (below) all read exactly this.
NEEDS_ATTENTION = Q(status="open") & (Q(overdue=True) | Q(due_soon=True))


class Task(models.Model):
    """One OMiC task of a case: what is due, by when, for whom, and what became of it."""

    class Kind(models.TextChoices):
        BCS = "bcs", "Basic Custody Screening"
        SENTENCE_CALCULATION = "sentence_calculation", "Sentence calculation"
        TRANSFER = "transfer", "Transfer from reception prison"
        KEYWORKER_ALLOCATION = "keyworker_allocation", "Keyworker allocation"
        CATEGORISATION = "categorisation", "Categorisation"
        RECATEGORISATION = "recategorisation", "Recategorisation"
        OASYS = "oasys", "OASys and sentence plan"
        OASYS_REVIEW = "oasys_review", "OASys review"
        PRE_HANDOVER_OASYS = "pre_handover_oasys", "Pre-handover OASys"
        POM_CONTACT = "pom_contact", "POM contact"
        FOLLOW_UP = "follow_up", "Follow-up from a session"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DONE_LATE = "done_late", "Done late"
        NOT_NEEDED = "not_needed", "Not needed"

    CLOSED_STATUSES = (Status.DONE, Status.DONE_LATE, Status.NOT_NEEDED)

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="tasks")
    prison = models.ForeignKey(
        Prison,
        on_delete=models.CASCADE,
        related_name="tasks",
        help_text="Where the task is due: the prisoner's prison while it is open.",
    )
    kind = models.CharField(max_length=30, choices=Kind)
    due_on = models.DateField(help_text="The due day (Europe/London); the BCS's day for a BCS.")
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="The due moment, for deadlines counted in hours (BCS)."
    )
    basis = models.CharField(
        max_length=40,
        blank=True,
        help_text="What the deadline counts from (an arrival, a sentence date, the last "
        "categorisation...): a new basis is a new task, the same basis re-dates this one.",
    )
    explanation = models.TextField(help_text="Why it is due then, from the rules engine.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        help_text="The case's POM; empty for the OMU's own tasks or a case without a POM.",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.OPEN)
    due_soon = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    reason = models.CharField(
        max_length=300, blank=True, help_text="Why it was not needed, or how it was done."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the work was done (may be before it was recorded).",
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "due_at", "id"]
        constraints = [
            # Follow-ups agreed in sessions are the one kind a case can have several of.
            models.UniqueConstraint(
                fields=["prisoner", "kind"],
                condition=models.Q(status="open") & ~models.Q(kind="follow_up"),
                name="one_open_task_per_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="open")
                | models.Q(completed_at__isnull=True, completed_on__isnull=True),
                name="open_task_not_completed",
            ),
        ]
        indexes = [
            # The OMU list in its order (due day, then hour): a page of a prison's open tasks
            # reads its first rows, not every open task.
            models.Index(
                fields=["prison", "status", "due_on", "due_at"], name="task_prison_status_due_at"
            ),
            models.Index(fields=["owner", "status", "due_on"], name="task_owner_status_due"),
            models.Index(fields=["prisoner", "kind"], name="task_prisoner_kind"),
            # BCSs completed in the last 12 weeks (the dashboard): not every task ever done.
            models.Index(fields=["prison", "kind", "completed_on"], name="task_prison_kind_done"),
            # The navigation badges on every page: the user's, and the OMU's (no owner) at one
            # prison, open and needing attention. Without it, "no owner" read 200,000 entries.
            models.Index(
                fields=["owner", "prison"],
                condition=NEEDS_ATTENTION,
                name="task_needs_attention",
            ),
        ]
        permissions = [
            ("complete_task", "Can complete OMiC tasks or mark them not needed"),
            ("view_omu_tasks", "Can see the OMU's task list"),
            ("record_outcome", "Can record BCS, categorisation and OASys outcomes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.prisoner_id} due {self.due_on}"

    @property
    def due(self) -> object:
        """The due moment as the rules give it: a datetime for the BCS, else a date."""
        return self.due_at or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Bcs(models.Model):
    """A Basic Custody Screening (docs/rules.md#what-a-bcs-records): 8 areas, immediate risks."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Complete"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="screenings")
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screenings",
        help_text="The BCS task this screening closes.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    self_harm_risk = models.BooleanField("risk of self-harm", null=True, blank=True)
    self_harm_notes = limited_text("self-harm notes", blank=True, limit=NOTE_LIMIT)
    cell_sharing_risk = models.BooleanField("cell sharing risk", null=True, blank=True)
    cell_sharing_notes = limited_text("cell sharing notes", blank=True, limit=NOTE_LIMIT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(
        null=True, blank=True, help_text="Completed by its task's due moment; empty if no task."
    )
    version = version_field()
    history = HistoricalRecords(
        excluded_fields=["version"], bases=[HistoryWithoutVersion, models.Model]
    )

    class Meta:
        verbose_name = "Basic Custody Screening"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner"],
                condition=models.Q(status="draft"),
                name="one_draft_bcs_per_prisoner",
            )
        ]

    def __str__(self) -> str:
        return f"BCS of {self.prisoner_id} ({self.status})"


class BcsArea(models.Model):
    """One of the 8 BCS areas: need yes/no, notes, and whether a referral was asked for."""

    class Area(models.TextChoices):
        ACCOMMODATION = "accommodation", "Accommodation"
        ETE = "ete", "Education, training and employment"
        FINANCE = "finance", "Finance, benefits and debt"
        RELATIONSHIPS = "relationships", "Relationships (including children and family)"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse (drugs and alcohol)"
        HEALTH = "health", "Health and wellbeing (including mental health)"
        THINKING_BEHAVIOUR = "thinking_behaviour", "Thinking and behaviour"
        COMMUNICATION = "communication", "Communication skills"

    class Substances(models.TextChoices):
        DRUGS = "drugs", "Drugs"
        ALCOHOL = "alcohol", "Alcohol"
        BOTH = "both", "Drugs and alcohol"

    bcs = models.ForeignKey(Bcs, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=Area)
    need = models.BooleanField(null=True, blank=True)
    notes = limited_text(blank=True, limit=NOTE_LIMIT)
    referral_requested = models.BooleanField(default=False)
    substances = models.CharField(
        max_length=10, choices=Substances, blank=True, help_text="Substance misuse only."
    )

    class Meta:
        ordering = ["bcs", "id"]
        constraints = [models.UniqueConstraint(fields=["bcs", "area"], name="one_row_per_area")]

    def __str__(self) -> str:
        return f"{self.get_area_display()} of BCS {self.bcs_id}"


class Categorisation(models.Model):
    """Documents received for categorisation, and the category decided (first or a review)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Categorisation"
        REVIEW = "review", "Recategorisation"

    class Category(models.TextChoices):
        A = "A", "Category A"
        B = "B", "Category B"
        C = "C", "Category C"
        D = "D", "Category D (open)"
        WOMENS_CLOSED = "womens_closed", "Women's closed"
        WOMENS_OPEN = "womens_open", "Women's open"
        YOI_CLOSED = "yoi_closed", "Young offender closed"
        YOI_OPEN = "yoi_open", "Young offender open"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="categorisations")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.INITIAL)
    documents_received_date = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=15, choices=Category, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    reason = limited_text(blank=True, limit=NOTE_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["prisoner", "decided_on"], name="cat_prisoner_decided")]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner"],
                condition=models.Q(decided_on__isnull=True),
                name="one_pending_categorisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.prisoner_id}: {self.category or 'pending'}"


class OasysAssessment(models.Model):
    """A completed OASys assessment and, with it, the sentence plan."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial OASys and sentence plan"
        REVIEW = "review", "OASys review"
        PRE_HANDOVER = "pre_handover", "Pre-handover OASys"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="oasys")
    kind = models.CharField(max_length=15, choices=Kind)
    completed_on = models.DateField("OASys completed on")
    sentence_plan_completed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "OASys assessment"
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["prisoner", "completed_on"], name="oasys_prisoner_done")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.prisoner_id} on {self.completed_on}"


class SentencePlanObjective(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="sentence_plan_objectives"
    )
    assessment = models.ForeignKey(
        OasysAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
    )
    need_area = models.CharField(max_length=30, choices=ResettlementNeed.Area)
    description = models.CharField(max_length=300)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status, default=Status.NOT_STARTED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.description


class SweepRun(models.Model):
    """What one run of the overdue sweep did at one prison."""

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="sweep_runs")
    started_at = models.DateTimeField()
    seconds = models.FloatField()
    evaluated = models.PositiveIntegerField(
        default=0, help_text="Cases the engine evaluated again (all of them in a full sweep)."
    )
    cases = models.PositiveIntegerField(help_text="Prisoners whose tasks were brought up to date.")
    created = models.PositiveIntegerField(default=0)
    redated = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    flagged_overdue = models.PositiveIntegerField(default=0)
    flagged_due_soon = models.PositiveIntegerField(default=0)
    cleared = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "prison"]
        indexes = [models.Index(fields=["prison", "-started_at"], name="sweep_prison_started")]

    def __str__(self) -> str:
        return f"Sweep of {self.prison_id} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def flagged(self) -> int:
        return self.flagged_overdue + self.flagged_due_soon


class TaskDigest(models.Model):
    """The daily email of a member of staff's overdue and due-soon tasks: one per person per day.

    The row is claimed before the email is queued, so a rerun of the job sends nothing new.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    claim = models.CharField(
        max_length=32, help_text="The run that queued it: how a run knows which rows it added."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"Digest for {self.user_id} on {self.day}"
