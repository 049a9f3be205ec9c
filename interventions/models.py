"""Models for the interventions app.

`ResettlementNeed` comes first: a completed Basic Custody Screening (the screening app) turns
the needs it identifies into the prisoner's resettlement needs. The programme directory and
referrals build on it (docs/rules.md#interventions-and-resettlement).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Prison, Prisoner
from cases.models.text import NOTE_LIMIT, REASON_LIMIT, limited_text
from cases.models.versioned import HistoryWithoutVersion, version_field


class ResettlementNeed(models.Model):
    """One resettlement need of a prisoner, with who acts on it."""

    class Area(models.TextChoices):
        ACCOMMODATION = "accommodation", "Accommodation"
        ETE = "ete", "Education, training and employment"
        FINANCE = "finance_benefit_debt", "Finance, benefit and debt"
        RELATIONSHIPS = "relationships_community", "Relationships and community"
        DOMESTIC_ABUSE = "domestic_abuse_victim", "Victims of domestic abuse"
        SEX_WORK = "sex_work", "Sex workers"
        ALCOHOL = "alcohol", "Alcohol"
        DRUGS = "drugs", "Drugs"
        MENTAL_HEALTH = "mental_health", "Mental health"
        COMPLEX_NEEDS = "complex_needs", "Complex needs"
        LIFESTYLE = "lifestyle", "Lifestyle"
        THINKING_BEHAVIOUR = "thinking_behaviour", "Thinking and behaviour"
        ATTITUDES = "attitudes", "Attitudes"

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        IN_PROGRESS = "action_in_progress", "Action in progress"
        MET = "met", "Met"
        DECLINED = "declined", "Declined"

    class Owner(models.TextChoices):
        PRISON = "prison", "Prison"
        PROBATION = "probation", "Probation"
        THIRD_SECTOR = "third_sector", "Third sector"

    class Source(models.TextChoices):
        BCS = "bcs", "Basic Custody Screening"
        OASYS = "oasys", "OASys"
        REVIEW = "review", "Case review"
        OTHER = "other", "Other"

    OPEN_STATUSES = (Status.IDENTIFIED, Status.IN_PROGRESS)

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="resettlement_needs"
    )
    area = models.CharField(max_length=30, choices=Area)
    status = models.CharField(max_length=20, choices=Status, default=Status.IDENTIFIED)
    owner = models.CharField(max_length=20, choices=Owner, default=Owner.PRISON)
    source = models.CharField(max_length=10, choices=Source, default=Source.OTHER)
    source_detail = models.CharField(
        max_length=200, blank=True, help_text="Where it was found, e.g. which BCS and area."
    )
    notes = limited_text(blank=True, limit=NOTE_LIMIT)
    referral_requested = models.BooleanField(
        default=False, help_text="Staff asked for a referral to an intervention for this need."
    )
    identified_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(
        excluded_fields=["version"], bases=[HistoryWithoutVersion, models.Model]
    )

    class Meta:
        ordering = ["prisoner", "area"]
        constraints = [
            # A need is worked on once: a second BCS finding the same need adds nothing new.
            models.UniqueConstraint(
                fields=["prisoner", "area"],
                condition=models.Q(status__in=["identified", "action_in_progress"]),
                name="one_open_need_per_area",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()} need of {self.prisoner_id} ({self.status})"


# --- The programme directory, referrals and need updates ------------------------------------


class Intervention(models.Model):
    """A programme, course, session or workbook as the national catalogue describes it.

    What a prison offers is an `Offering` of it; its cohorts are `Cohort`s. Eligibility is
    checked by `interventions.rules.eligibility` on `criteria()`.
    """

    class Kind(models.TextChoices):
        ACCREDITED = "accredited_programme", "Accredited programme"
        SHORT_COURSE = "short_course", "Short course"
        SINGLE_SESSION = "single_session", "Single session"
        WORKBOOK = "in_cell_workbook", "In-cell workbook"

    class Estate(models.TextChoices):
        ANY = "any", "Any estate"
        MENS = "mens", "Men's estate"
        WOMENS = "womens", "Women's estate"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=Kind)
    provider = models.CharField(max_length=120, blank=True, help_text="e.g. HMPPS, Catch22")
    description = limited_text(blank=True, limit=NOTE_LIMIT)
    sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many sessions (programmes and courses)."
    )
    session_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long each session lasts, in minutes."
    )
    duration_days = models.PositiveSmallIntegerField(
        help_text="Days from the first session to the last (1 for a single session)."
    )
    rosh_levels = models.CharField(
        max_length=40,
        blank=True,
        help_text="Risk of serious harm levels it takes, comma separated; empty for any.",
    )
    min_sentence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_sentence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    estate = models.CharField(max_length=10, choices=Estate, default=Estate.ANY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.duration_days is not None and self.duration_days < 1:
            errors["duration_days"] = "A programme lasts at least 1 day."
        if self.kind == self.Kind.SINGLE_SESSION:
            if self.duration_days and self.duration_days != 1:
                errors["duration_days"] = "A single session lasts 1 day."
            if not self.session_minutes:
                errors["session_minutes"] = "Enter how long the session lasts."
        if self.kind in (self.Kind.SHORT_COURSE, self.Kind.ACCREDITED) and not self.sessions:
            errors["sessions"] = "Enter how many sessions it has."
        low, high = self.min_sentence_months, self.max_sentence_months
        if low is not None and high is not None and low > high:
            errors["max_sentence_months"] = "The longest sentence must not be below the shortest."
        unknown = set(self.rosh_level_list) - set(Prisoner.Rosh.values)
        if unknown:
            errors["rosh_levels"] = f"Not a ROSH level: {', '.join(sorted(unknown))}."
        if errors:
            raise ValidationError(errors)

    @property
    def rosh_level_list(self) -> list[str]:
        return [r for r in self.rosh_levels.split(",") if r]

    @property
    def is_workbook(self) -> bool:
        """A workbook has no cohorts: it starts the day it is handed over."""
        return self.kind == self.Kind.WORKBOOK


class InterventionNeedArea(models.Model):
    """A resettlement need area an intervention addresses."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="need_areas"
    )
    area = models.CharField(max_length=30, choices=ResettlementNeed.Area)

    class Meta:
        ordering = ["intervention", "area"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "area"], name="one_row_per_need_area")
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id}: {self.area}"


class Offering(models.Model):
    """An entry in a prison's directory: an intervention the prison runs (or ran)."""

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="offerings")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="offerings"
    )
    running = models.BooleanField(
        default=True, help_text="Whether the prison runs it now; paused entries stay listed."
    )
    contact = models.CharField(max_length=120, blank=True, help_text="Who runs it here.")
    notes = limited_text(blank=True, limit=NOTE_LIMIT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["prison", "intervention__name"]
        constraints = [
            models.UniqueConstraint(fields=["prison", "intervention"], name="one_offering_a_prison")
        ]
        permissions = [
            ("manage_directory", "Can change the prison's directory of interventions"),
            ("view_intervention_lists", "Can see waiting lists, referrals at risk and completions"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} at {self.prison_id}"


class Cohort(models.Model):
    """A group starting an intervention on a day, with its places."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="cohorts")
    start_date = models.DateField()
    capacity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    notes = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "start_date"], name="one_cohort_a_day")
        ]

    def __str__(self) -> str:
        return f"Cohort of {self.offering_id} starting {self.start_date}"


class Referral(models.Model):
    """A prisoner's referral to an intervention at their prison, from identified to its end.

    Every change goes through `interventions.services` and is kept in `history` with who made
    it and why (`history_change_reason`); the full reasons are fields here.
    """

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        REFERRED = "referred", "Referred"
        SUITABLE = "assessed_suitable", "Assessed: suitable"
        NOT_SUITABLE = "assessed_not_suitable", "Assessed: not suitable"
        WAITING = "waiting", "Waiting"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        NOT_COMPLETED = "not_completed", "Not completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class NotCompletedReason(models.TextChoices):
        RELEASED = "released", "Released"
        TRANSFERRED = "transferred", "Transferred"
        DESELECTED = "deselected", "Deselected by the facilitators"
        LEFT = "left", "Chose to leave"
        HEALTH = "health", "Health"
        OTHER = "other", "Other"

    # Still going somewhere: at most one of these per prisoner and offering.
    ACTIVE_STATUSES = (
        Status.IDENTIFIED,
        Status.REFERRED,
        Status.SUITABLE,
        Status.WAITING,
        Status.STARTED,
    )
    # Queued for an intervention: its waiting list.
    QUEUED_STATUSES = (Status.REFERRED, Status.SUITABLE, Status.WAITING)
    # Holding (or having used) a place in a cohort: what places left subtracts.
    PLACED_STATUSES = (Status.WAITING, Status.STARTED, Status.COMPLETED, Status.NOT_COMPLETED)

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="referrals")
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="referrals")
    need = models.ForeignKey(
        ResettlementNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    status = models.CharField(max_length=30, choices=Status, default=Status.REFERRED)
    notes = limited_text(blank=True, limit=NOTE_LIMIT)
    checks_at_referral = models.TextField(
        blank=True, help_text="The fit checks as they stood when the referral was made."
    )
    override_reason = limited_text(
        blank=True,
        limit=REASON_LIMIT,
        help_text="Why it was referred despite a warning (head of OMU).",
    )
    referred_on = models.DateField(null=True, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    not_suitable_reason = limited_text(blank=True, limit=REASON_LIMIT)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    not_completed_reason = models.CharField(max_length=20, choices=NotCompletedReason, blank=True)
    end_detail = limited_text(blank=True, limit=REASON_LIMIT, help_text="Why it ended: the detail.")
    outcome = limited_text(blank=True, limit=REASON_LIMIT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(
        excluded_fields=["version"], bases=[HistoryWithoutVersion, models.Model]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["offering", "status"], name="referral_offering_status")]
        constraints = [
            # A second "Refer" (double submission) finds the first, never makes another.
            models.UniqueConstraint(
                fields=["prisoner", "offering"],
                condition=models.Q(
                    status__in=[
                        "identified",
                        "referred",
                        "assessed_suitable",
                        "waiting",
                        "started",
                    ]
                ),
                name="one_active_referral_per_offering",
            )
        ]
        permissions = [
            ("refer", "Can refer prisoners to interventions and move referrals on"),
            ("override_fit_check", "Can refer despite a failed fit check, with a reason"),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.prisoner_id} to {self.offering_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class Attendance(models.Model):
    """Whether a prisoner on a course attended one of its sessions."""

    class Status(models.TextChoices):
        ATTENDED = "attended", "Attended"
        ACCEPTABLE_ABSENCE = "absent_acceptable", "Absent, acceptable reason"
        ABSENT = "absent", "Absent, no acceptable reason"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attendance")
    session_number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    session_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "session_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "session_number"], name="one_attendance_a_session"
            )
        ]

    def __str__(self) -> str:
        return f"Session {self.session_number} of referral {self.referral_id}: {self.status}"


class NeedUpdate(models.Model):
    """A dated update to a resettlement need: what was done, and its status and owner after."""

    need = models.ForeignKey(ResettlementNeed, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(help_text="The day it happened.")
    status = models.CharField(max_length=20, choices=ResettlementNeed.Status)
    owner = models.CharField(max_length=20, choices=ResettlementNeed.Owner)
    note = limited_text(limit=REASON_LIMIT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["need", "-on"], name="need_update_need_on")]
        permissions = [
            ("update_need", "Can add resettlement needs and record updates to them"),
        ]

    def __str__(self) -> str:
        return f"Update to need {self.need_id} on {self.on}"
