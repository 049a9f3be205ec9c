"""Who holds each case now: the POM (and a co-working POM), the keyworker and the COM.

This row is a fact about the case that every part of the service reads: a COM sees only the
cases they hold, the case page names the holders, contact and keywork count from the day they
were allocated. The allocation app makes the decisions that change it (with their audit log,
`allocation.AllocationEvent`); it lives here so that `cases` needs no feature app to answer
"who holds this case". See docs/adr/0002-who-holds-the-case.md.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.prisoners import Prisoner
from cases.models.versioned import HistoryWithoutVersion

_HistoryWithoutVersion = HistoryWithoutVersion


class Allocation(models.Model):
    """The current holders of one prisoner's case. Its history is the field-level audit."""

    # The people who hold the case: each a user, or none.
    HOLDERS: ClassVar[tuple[str, ...]] = ("primary_pom", "secondary_pom", "keyworker", "com")

    prisoner = models.OneToOneField(Prisoner, on_delete=models.CASCADE, related_name="allocation")
    primary_pom = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="POM",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_allocations",
    )
    secondary_pom = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="co-working POM",
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
        verbose_name="COM",
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
    com_allocated_on = models.DateField("COM allocated on", null=True, blank=True)
    pom_allocated_at = models.DateTimeField("POM allocated at", null=True, blank=True)
    keyworker_allocated_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    accepted_mismatch_type = models.CharField(
        "POM type overridden",
        max_length=30,
        blank=True,
        help_text="The recommended POM type an admin chose not to follow (with a reason). The "
        "case is listed for re-allocation only if the recommendation changes again.",
    )
    # Bumped on every change: a form carries the version it was drawn from, and a service
    # refuses to act on a newer allocation (two admins at once: one wins, one is told).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(
        excluded_fields=["version"], bases=[_HistoryWithoutVersion, models.Model]
    )

    def __str__(self) -> str:
        return f"Allocation of {self.prisoner_id}"

    @property
    def has_com(self) -> bool:
        return bool(self.com_id or self.com_name)
