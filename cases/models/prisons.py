"""Prisons, their OMiC policy and the staff roles held at them."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.versioned import HistoryWithoutVersion, version_field

PRISON_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z]{3}\Z", "Enter a prison code as three capital letters, like LEI.", code="invalid_code"
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
    """Every threshold of the OMiC rules a prison can change (docs/rules.md#policy).

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
    handover_rule = models.CharField(
        "Handover rule", max_length=20, choices=HandoverRule, default="national"
    )
    handover_months = models.PositiveSmallIntegerField(
        "Single point rule: months before release", default=12
    )
    com_allocation_lead_weeks = models.PositiveSmallIntegerField(
        "Single point rule: COM allocated weeks before handover", default=8
    )
    community_case_months = models.PositiveSmallIntegerField(
        "Community case if this many months or less to serve", default=10
    )
    early_allocation_months = models.PositiveSmallIntegerField(
        "Early allocation: handover this many months before release", default=15
    )
    indeterminate_handover_months = models.PositiveSmallIntegerField(
        "National rule, indeterminate: months before release", default=12
    )
    parole_handover_months = models.PositiveSmallIntegerField(
        "National rule, parole eligible: months before the PED", default=12
    )
    determinate_handover_months = models.PositiveSmallIntegerField(
        "National rule, determinate: months before release", default=8
    )
    determinate_handover_days = models.PositiveSmallIntegerField(
        "National rule, determinate: and days", default=14
    )
    legacy_parole_handover_months = models.PositiveSmallIntegerField(
        "Legacy rule, parole or indeterminate: months", default=8
    )
    legacy_nps_handover_months = models.PositiveSmallIntegerField(
        "Legacy rule, probation-led: months", default=7
    )
    legacy_nps_handover_days = models.PositiveSmallIntegerField(
        "Legacy rule, probation-led: and days", default=15
    )
    legacy_crc_handover_weeks = models.PositiveSmallIntegerField(
        "Legacy rule, others: weeks", default=12
    )
    handover_upcoming_days = models.PositiveSmallIntegerField(
        "List a handover as upcoming this many days before", default=56
    )
    com_allocation_overdue_days = models.PositiveSmallIntegerField(
        "COM allocation overdue this many days after its date", default=2
    )
    bcs_hours = models.PositiveSmallIntegerField(
        "Basic Custody Screening: hours after arrival", default=72
    )
    sentence_calculation_days = models.PositiveSmallIntegerField(
        "Sentence calculation: days after sentence", default=14
    )
    transfer_working_days = models.PositiveSmallIntegerField(
        "Transfer from reception: working days after sentence", default=10
    )
    keyworker_allocation_days = models.PositiveSmallIntegerField(
        "Keyworker allocated: days after arrival", default=14
    )
    categorisation_working_days = models.PositiveSmallIntegerField(
        "Categorisation: working days after documents received", default=10
    )
    recategorisation_months_short = models.PositiveSmallIntegerField(
        "Recategorisation: months, if short time to serve", default=6
    )
    recategorisation_months_long = models.PositiveSmallIntegerField(
        "Recategorisation: months, if long time to serve", default=12
    )
    recategorisation_threshold_years = models.PositiveSmallIntegerField(
        "Short time to serve is this many years or less", default=4
    )
    oasys_short_weeks = models.PositiveSmallIntegerField(
        "OASys: weeks after sentence, under the threshold", default=6
    )
    oasys_long_weeks = models.PositiveSmallIntegerField(
        "OASys: weeks after sentence, at or over the threshold", default=10
    )
    oasys_indeterminate_weeks = models.PositiveSmallIntegerField(
        "OASys: weeks after sentence, indeterminate", default=16
    )
    oasys_long_threshold_months = models.PositiveSmallIntegerField(
        "OASys threshold: months to serve", default=12
    )
    oasys_review_months = models.PositiveSmallIntegerField(
        "OASys review: months after the last OASys", default=12
    )
    pom_contact_high_rosh_months = models.PositiveSmallIntegerField(
        "POM contact, high or very high ROSH: every N months", default=1
    )
    pom_contact_other_months = models.PositiveSmallIntegerField(
        "POM contact, other cases: every N months", default=3
    )
    keywork_frequency_weeks = models.PositiveSmallIntegerField(
        "Keywork session every N weeks (1 to 4)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    keywork_session_minutes = models.PositiveSmallIntegerField(
        "Keywork session length in minutes", default=45
    )
    keyworker_capacity = models.PositiveSmallIntegerField("Prisoners per keyworker", default=6)
    pom_capacity = models.PositiveSmallIntegerField("Cases for a full-time POM", default=42)
    senior_pom_capacity = models.PositiveSmallIntegerField("Cases for a senior POM", default=8)
    new_pom_capacity = models.PositiveSmallIntegerField("Cases for a new POM", default=10)
    due_soon_days = models.PositiveSmallIntegerField(
        "A deadline is due soon this many days before", default=7
    )
    bcs_due_soon_hours = models.PositiveSmallIntegerField(
        "A BCS is due soon this many hours before", default=72
    )
    bank_holiday_country = models.CharField(
        "Bank holidays", max_length=20, choices=BankHolidayCountry, default="england_and_wales"
    )
    # Read by the case-quality audit, not by the engine.
    audit_sample_size = models.PositiveSmallIntegerField(
        "Cases sampled for the case-quality audit each month (0 to 100)",
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Not a rule of the engine: who may see the unit's figures.
    poms_see_unit_figures = models.BooleanField(
        "POMs may see the unit's dashboard and other POMs' caseloads",
        default=False,
        help_text="Off: a POM sees only their own caseload and tasks.",
    )
    version = version_field()
    history = HistoricalRecords(
        excluded_fields=["version"], bases=[HistoryWithoutVersion, models.Model]
    )

    # Settings kept with the policy that the rules engine does not read.
    ACCESS_FIELDS = ("poms_see_unit_figures",)

    class Meta:
        verbose_name_plural = "prison policies"

    def __str__(self) -> str:
        return f"Policy for {self.prison_id}"

    @classmethod
    def policy_field_names(cls) -> list[str]:
        """The engine's thresholds (`cases.rules.Policy` fields)."""
        skip = {"id", "prison", "version", *cls.ACCESS_FIELDS}
        return [f.name for f in cls._meta.concrete_fields if f.name not in skip]

    @classmethod
    def setting_field_names(cls) -> list[str]:
        """Everything the policy page and API change: the thresholds and the access settings."""
        return [*cls.policy_field_names(), *cls.ACCESS_FIELDS]

    def as_mapping(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.policy_field_names()}
