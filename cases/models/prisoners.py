"""Prisoners, their sentences and key dates, and their movements between prisons."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.prisons import Prison

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
TIER_VALIDATOR = RegexValidator(
    r"^[A-D][0-3]\Z", "Enter a tier as a letter A to D and a digit 0 to 3, like B2.", code="tier"
)


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
        "MAPPA level",
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
    category = models.CharField(
        "security category", max_length=5, blank=True, help_text="As NOMIS records it, e.g. C"
    )
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
    is_current = models.BooleanField("current sentence", default=True)
    booking_id = models.CharField(
        "booking", max_length=20, blank=True, help_text="NOMIS booking: one custodial episode"
    )
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

    @classmethod
    def date_label(cls, name: str) -> str:
        """A key date's short name as staff know it (its verbose name, e.g. "CRD")."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)
        return str(field.verbose_name)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        start = self.sentence_start_date
        if start:
            for name in self.KEY_DATES:
                value = getattr(self, name)
                if value and value < start:
                    label = self.date_label(name)
                    errors[name] = f"The {label} must be on or after the sentence date ({start})."
        expiry = self.sentence_expiry_date
        for name in (
            "conditional_release_date",
            "automatic_release_date",
            "parole_eligibility_date",
        ):
            value = getattr(self, name)
            if expiry and value and value > expiry and name not in errors:
                label = self.date_label(name)
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
    source = models.CharField(
        max_length=100, blank=True, help_text='Who or what recorded it, e.g. "roll import 12"'
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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


class MergedNumber(models.Model):
    """A prison number merged into another: the same person held two records. Everything the
    removed record held moved to `prisoner`; searching for the old number finds it."""

    number = models.CharField(max_length=7, unique=True, validators=[PRISON_NUMBER_VALIDATOR])
    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="merged_numbers")
    merged_at = models.DateTimeField()
    source = models.CharField(max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.number} merged into {self.prisoner_id}"
