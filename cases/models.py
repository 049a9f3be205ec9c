"""Prisons and their policy, prisoners, sentences, movements, staff and their roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

PRISON_NUMBER_VALIDATOR = RegexValidator(
    r"^[A-Z][0-9]{4}[A-Z]{2}\Z",
    "Enter a prison number as one letter, four digits and two letters, like A1234BC.",
    code="invalid_prison_number",
)
CRN_VALIDATOR = RegexValidator(
    r"^[A-Z][0-9]{6}\Z",
    "Enter a CRN as one letter and six digits, like X123456.",
    code="invalid_crn",
)
PRISON_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z]{3}\Z", "Enter a prison code as three capital letters, like LEI.", code="invalid_code"
)
TIER_VALIDATOR = RegexValidator(
    r"^[A-D][0-3]\Z", "Enter a tier as a letter A to D and a digit 0 to 3, like B2.", code="tier"
)


class Role(models.TextChoices):
    """Staff roles. Each is a Django Group of the same name holding its permissions."""

    PRISON_POM = "prison_pom", "Prison POM"
    PROBATION_POM = "probation_pom", "Probation POM"
    SENIOR_POM = "senior_pom", "Senior POM"
    HEAD_OF_OMU = "head_of_omu", "Head of OMU"
    KEYWORKER = "keyworker", "Keyworker"
    CASE_ADMIN = "case_admin", "Case admin"
    COM = "com", "Community offender manager"
    READ_ONLY = "read_only", "Read only"


POM_ROLES = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)


class Prison(models.Model):
    class Function(models.TextChoices):
        RECEPTION = "reception", "Reception"
        TRAINING = "training", "Training"
        RESETTLEMENT = "resettlement", "Resettlement"
        OPEN = "open", "Open"
        HIGH_SECURITY = "high_security", "High security"
        WOMENS = "womens", "Women's"
        YOUNG_OFFENDER = "young_offender", "Young offender"

    class OmuModel(models.TextChoices):
        STANDARD = "standard", "Standard (HMPPS-led)"
        THIRD_SECTOR = "third_sector", "Third-sector led"

    class Country(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"

    code = models.CharField(max_length=3, unique=True, validators=[PRISON_CODE_VALIDATOR])
    name = models.CharField(max_length=100)
    function = models.CharField(max_length=20, choices=Function, default=Function.TRAINING)
    omu_model = models.CharField(max_length=20, choices=OmuModel, default=OmuModel.STANDARD)
    country = models.CharField(max_length=10, choices=Country, default=Country.ENGLAND)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PrisonPolicy(models.Model):
    """Every threshold of the OMiC rules a prison can change (omic-rules.md section 9).

    Field names match `cases.rules.Policy`; `as_policy()` validates and converts.
    """

    class HandoverRule(models.TextChoices):
        NATIONAL = "national", "National (current rules)"
        LEGACY = "legacy", "Legacy (2019 model)"
        SINGLE_POINT = "single_point", "Single point for all cases"

    class BankHolidayCountry(models.TextChoices):
        ENGLAND_AND_WALES = "england_and_wales", "England and Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"

    prison = models.OneToOneField(Prison, on_delete=models.CASCADE, related_name="policy")
    handover_rule = models.CharField(max_length=20, choices=HandoverRule, default="national")
    handover_months = models.PositiveSmallIntegerField(default=12)
    com_allocation_lead_weeks = models.PositiveSmallIntegerField(default=8)
    community_case_months = models.PositiveSmallIntegerField(default=10)
    early_allocation_months = models.PositiveSmallIntegerField(default=15)
    indeterminate_handover_months = models.PositiveSmallIntegerField(default=12)
    parole_handover_months = models.PositiveSmallIntegerField(default=12)
    determinate_handover_months = models.PositiveSmallIntegerField(default=8)
    determinate_handover_days = models.PositiveSmallIntegerField(default=14)
    legacy_parole_handover_months = models.PositiveSmallIntegerField(default=8)
    legacy_nps_handover_months = models.PositiveSmallIntegerField(default=7)
    legacy_nps_handover_days = models.PositiveSmallIntegerField(default=15)
    legacy_crc_handover_weeks = models.PositiveSmallIntegerField(default=12)
    handover_upcoming_days = models.PositiveSmallIntegerField(default=56)
    com_allocation_overdue_days = models.PositiveSmallIntegerField(default=2)
    bcs_hours = models.PositiveSmallIntegerField(default=72)
    sentence_calculation_days = models.PositiveSmallIntegerField(default=14)
    transfer_working_days = models.PositiveSmallIntegerField(default=10)
    keyworker_allocation_days = models.PositiveSmallIntegerField(default=14)
    categorisation_working_days = models.PositiveSmallIntegerField(default=10)
    recategorisation_months_short = models.PositiveSmallIntegerField(default=6)
    recategorisation_months_long = models.PositiveSmallIntegerField(default=12)
    recategorisation_threshold_years = models.PositiveSmallIntegerField(default=4)
    oasys_short_weeks = models.PositiveSmallIntegerField(default=6)
    oasys_long_weeks = models.PositiveSmallIntegerField(default=10)
    oasys_indeterminate_weeks = models.PositiveSmallIntegerField(default=16)
    oasys_long_threshold_months = models.PositiveSmallIntegerField(default=12)
    oasys_review_months = models.PositiveSmallIntegerField(default=12)
    pom_contact_high_rosh_months = models.PositiveSmallIntegerField(default=1)
    pom_contact_other_months = models.PositiveSmallIntegerField(default=3)
    keywork_frequency_weeks = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    keywork_session_minutes = models.PositiveSmallIntegerField(default=45)
    keyworker_capacity = models.PositiveSmallIntegerField(default=6)
    pom_capacity = models.PositiveSmallIntegerField(default=42)
    senior_pom_capacity = models.PositiveSmallIntegerField(default=8)
    new_pom_capacity = models.PositiveSmallIntegerField(default=10)
    due_soon_days = models.PositiveSmallIntegerField(default=7)
    bcs_due_soon_hours = models.PositiveSmallIntegerField(default=72)
    bank_holiday_country = models.CharField(
        max_length=20, choices=BankHolidayCountry, default="england_and_wales"
    )
    # Not a rule of the engine: who may see the unit's figures (issue 9).
    poms_see_unit_figures = models.BooleanField(
        "POMs may see the unit's dashboard and other POMs' caseloads",
        default=False,
        help_text="Off: a POM sees only their own caseload and tasks.",
    )
    history = HistoricalRecords()

    # Settings kept with the policy that the rules engine does not read.
    ACCESS_FIELDS = ("poms_see_unit_figures",)

    class Meta:
        verbose_name_plural = "prison policies"

    def __str__(self) -> str:
        return f"Policy for {self.prison_id}"

    @classmethod
    def policy_field_names(cls) -> list[str]:
        """The engine's thresholds (`cases.rules.Policy` fields)."""
        skip = {"id", "prison", *cls.ACCESS_FIELDS}
        return [f.name for f in cls._meta.concrete_fields if f.name not in skip]

    @classmethod
    def setting_field_names(cls) -> list[str]:
        """Everything the policy page and API change: the thresholds and the access settings."""
        return [*cls.policy_field_names(), *cls.ACCESS_FIELDS]

    def as_mapping(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.policy_field_names()}


class Prisoner(models.Model):
    class LegalStatus(models.TextChoices):
        SENTENCED = "sentenced", "Sentenced"
        RECALLED = "recalled", "Recalled"
        REMAND = "remand", "Remand"
        CONVICTED_UNSENTENCED = "convicted_unsentenced", "Convicted, unsentenced"
        IMMIGRATION_DETAINEE = "immigration_detainee", "Immigration detainee"
        CIVIL = "civil", "Civil prisoner"

    class Rosh(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        VERY_HIGH = "very_high", "Very high"

    class Complexity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class CaseAllocation(models.TextChoices):
        NPS = "NPS", "NPS (probation-led)"
        CRC = "CRC", "CRC"

    prison_number = models.CharField(
        max_length=7, unique=True, validators=[PRISON_NUMBER_VALIDATOR]
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    legal_status = models.CharField(max_length=30, choices=LegalStatus)
    current_prison = models.ForeignKey(
        Prison,
        on_delete=models.PROTECT,
        related_name="prisoners",
        null=True,
        blank=True,
        help_text="Empty once released.",
    )
    location = models.CharField(max_length=30, blank=True, help_text="Cell, e.g. A-1-023")
    tier = models.CharField(max_length=2, blank=True, validators=[TIER_VALIDATOR])
    rosh = models.CharField("risk of serious harm", max_length=10, choices=Rosh, blank=True)
    mappa_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(3)],
        help_text="0 to 3; empty if not recorded",
    )
    complexity_of_need = models.CharField(max_length=10, choices=Complexity, blank=True)
    crn = models.CharField("CRN", max_length=7, blank=True, validators=[CRN_VALIDATOR])
    case_allocation = models.CharField(
        max_length=3, choices=CaseAllocation, blank=True, help_text="Legacy case type, if known"
    )
    early_allocation = models.BooleanField(
        default=False, help_text="An early-allocation assessment was accepted this sentence."
    )
    open_conditions_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["current_prison", "last_name", "first_name"]),
        ]
        permissions = [("view_case_history", "Can view a case's audit history")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.prison_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Sentence(models.Model):
    """A prisoner's sentence and its key dates. One is current; earlier ones are kept."""

    KEY_DATES = (
        "conditional_release_date",
        "automatic_release_date",
        "parole_eligibility_date",
        "tariff_date",
        "target_hearing_date",
        "home_detention_curfew_eligibility_date",
        "home_detention_curfew_actual_date",
        "actual_parole_date",
        "confirmed_release_date",
        "post_recall_release_date",
        "sentence_expiry_date",
        "licence_expiry_date",
    )

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="sentences")
    is_current = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    sentence_start_date = models.DateField()
    indeterminate = models.BooleanField(default=False)
    further_indeterminate_sentence = models.BooleanField(
        default=False, help_text="A later indeterminate sentence is still to be served."
    )
    conditional_release_date = models.DateField("CRD", null=True, blank=True)
    automatic_release_date = models.DateField("ARD", null=True, blank=True)
    parole_eligibility_date = models.DateField("PED", null=True, blank=True)
    tariff_date = models.DateField("tariff expiry date (TED)", null=True, blank=True)
    target_hearing_date = models.DateField("THD", null=True, blank=True)
    home_detention_curfew_eligibility_date = models.DateField("HDCED", null=True, blank=True)
    home_detention_curfew_actual_date = models.DateField("HDCAD", null=True, blank=True)
    actual_parole_date = models.DateField("APD", null=True, blank=True)
    confirmed_release_date = models.DateField(null=True, blank=True)
    post_recall_release_date = models.DateField("PRRD", null=True, blank=True)
    sentence_expiry_date = models.DateField("SED", null=True, blank=True)
    licence_expiry_date = models.DateField("LED", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner"],
                condition=models.Q(is_current=True),
                name="one_current_sentence_per_prisoner",
            )
        ]

    def __str__(self) -> str:
        return f"Sentence from {self.sentence_start_date} for {self.prisoner_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        start = self.sentence_start_date
        if start:
            for name in self.KEY_DATES:
                value = getattr(self, name)
                if value and value < start:
                    label = self._meta.get_field(name).verbose_name
                    errors[name] = f"The {label} must be on or after the sentence date ({start})."
        expiry = self.sentence_expiry_date
        for name in (
            "conditional_release_date",
            "automatic_release_date",
            "parole_eligibility_date",
        ):
            value = getattr(self, name)
            if expiry and value and value > expiry and name not in errors:
                label = self._meta.get_field(name).verbose_name
                errors[name] = (
                    f"The {label} must be on or before the sentence expiry date ({expiry})."
                )
        if self.indeterminate and (self.conditional_release_date or self.automatic_release_date):
            errors["indeterminate"] = (
                "An indeterminate sentence has no conditional or automatic release date."
            )
        if errors:
            raise ValidationError(errors)


class Movement(models.Model):
    """Arrivals, transfers and releases: where the BCS and keyworker clocks start."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", "Admission"
        TRANSFER = "transfer", "Transfer"
        RELEASE = "release", "Release"

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=10, choices=Kind)
    from_prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["prisoner", "-occurred_at"])]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} of {self.prisoner_id} at {self.occurred_at:%Y-%m-%d %H:%M}"
        )

    def clean(self) -> None:
        if self.kind in (self.Kind.ADMISSION, self.Kind.TRANSFER) and not self.to_prison_id:
            raise ValidationError(
                {"to_prison": "An admission or transfer needs the prison arrived at."}
            )
        if self.kind == self.Kind.TRANSFER and self.from_prison_id == self.to_prison_id:
            raise ValidationError({"to_prison": "A transfer must be to a different prison."})


class StaffMember(models.Model):
    class Grade(models.TextChoices):
        PRISON_OFFICER = "prison_officer", "Prison officer (band 4)"
        PROBATION_OFFICER = "probation_officer", "Probation officer"
        SENIOR_PROBATION_OFFICER = "senior_probation_officer", "Senior probation officer"
        THIRD_SECTOR = "third_sector", "Third-sector case manager"
        ADMIN = "admin", "Administrative officer"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LEAVE = "leave", "On leave"
        INACTIVE = "inactive", "Inactive"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    grade = models.CharField(max_length=30, choices=Grade, default=Grade.OTHER)
    working_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=37.5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Contracted hours a week; 37.5 is full time.",
    )
    capacity_override = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Cases this person can hold, if not the policy default."
    )
    is_new_pom = models.BooleanField(default=False, help_text="In their first months as a POM.")
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    return_date = models.DateField(null=True, blank=True, help_text="When back from leave.")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def clean(self) -> None:
        if self.status == self.Status.LEAVE and not self.return_date:
            raise ValidationError({"return_date": "Enter the date they return from leave."})
        if self.status != self.Status.LEAVE:
            self.return_date = None


class StaffRole(models.Model):
    """A member of staff holds a role at a prison. Staff see only prisons they hold a role at."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prison_roles"
    )
    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=Role)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "prison", "role"], name="unique_staff_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} at {self.prison_id}"


class Heartbeat(models.Model):
    """The last time the periodic heartbeat task ran: proof that beat and a worker are alive."""

    name = models.CharField(max_length=50, unique=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M:%S}"


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
    summary = models.TextField(blank=True)
    objectives_discussed = models.TextField(blank=True)
    needs_or_risks = models.TextField("needs or risks raised", blank=True)
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


class DailyStatistic(models.Model):
    """One dashboard figure of one prison on one day, so trends read a few rows, not history."""

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="statistics")
    day = models.DateField()
    key = models.CharField(max_length=50)
    value = models.FloatField(null=True)
    numerator = models.IntegerField(null=True)
    denominator = models.IntegerField(null=True)
    on_target = models.BooleanField(null=True)  # None: the figure has no target, or no value

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prison", "day", "key"], name="one_figure_a_day")
        ]
        indexes = [models.Index(fields=["prison", "key", "day"])]
        permissions = [("view_dashboard", "Can see the head of OMU's dashboard")]

    def __str__(self) -> str:
        return f"{self.key} at {self.prison_id} on {self.day}: {self.value}"
