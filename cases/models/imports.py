"""A prison's roll imported from a file: what was uploaded, what it would change, and what it
did. One row per upload; the file is kept with it so a preview can be applied as previewed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cases.models.prisons import Prison


class RollImport(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        PREVIEWED = "previewed", "Ready to apply"
        INVALID = "invalid", "Has errors"
        APPLYING = "applying", "Applying"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="roll_imports")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(help_text="The file as uploaded.")
    sha256 = models.CharField(max_length=64)
    full_roll = models.BooleanField(
        default=False, help_text="The file is the whole roll: anyone not in it is leaving."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.CHECKING)
    # What the file would change (or changed): counts, and a capped list of rows per kind with
    # each changed field's old and new value. Errors: row, column and a plain message each.
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["prison", "-created_at"])]
        permissions = [("import_roll", "Can import a prison's roll from a file")]

    def __str__(self) -> str:
        return f"Roll import {self.pk} for {self.prison_id} ({self.file_name})"

    @property
    def label(self) -> str:
        """How the case history names it: "roll import 12"."""
        return f"roll import {self.pk}"
