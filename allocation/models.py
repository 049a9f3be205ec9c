"""Who holds each case: the POM (and a co-working POM), the keyworker and the COM."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Prisoner


class Allocation(models.Model):
    """The current allocation of one prisoner. Its history is the audit trail of decisions."""

    prisoner = models.OneToOneField(Prisoner, on_delete=models.CASCADE, related_name="allocation")
    primary_pom = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_allocations",
    )
    secondary_pom = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secondary_allocations",
        help_text="Co-working POM, e.g. for cover.",
    )
    keyworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="keyworker_allocations",
    )
    com = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="com_allocations",
        help_text="The COM, when they use this service.",
    )
    com_name = models.CharField("COM name", max_length=200, blank=True)
    com_email = models.EmailField("COM email", blank=True)
    com_team = models.CharField("probation team", max_length=200, blank=True)
    com_pdu = models.CharField("probation delivery unit", max_length=200, blank=True)
    com_allocated_on = models.DateField(null=True, blank=True)
    pom_allocated_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        permissions = [("assign_case", "Can allocate POMs, keyworkers and COMs to cases")]

    def __str__(self) -> str:
        return f"Allocation of {self.prisoner_id}"
