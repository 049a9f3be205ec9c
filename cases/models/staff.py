"""Staff records and the roles they hold at each prison."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.prisons import Prison, Role
from cases.models.versioned import HistoryWithoutVersion, version_field
from cases.text import display_name


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
    version = version_field()
    history = HistoricalRecords(
        excluded_fields=["version"], bases=[HistoryWithoutVersion, models.Model]
    )

    def __str__(self) -> str:
        return display_name(self.user)

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
