"""A what-if run across several prisons: the policy tried, its progress and its figures. A
what-if for one prison is worked out while the page loads and stores nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cases.models import Prison


class WhatIfRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working out the figures"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    prisons = models.ManyToManyField(Prison, related_name="+")
    changes = models.JSONField(
        default=dict, blank=True, help_text="The thresholds tried, over each prison's own."
    )
    start = models.DateField(help_text="The first day of the 12 months projected.")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    result = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("run_whatif", "Can try a change of OMiC policy without saving it")]

    def __str__(self) -> str:
        return f"What-if run {self.pk} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
