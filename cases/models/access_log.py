"""Who read what: a case page opened, a case's record fetched, a list downloaded, a subject
access export made. Changes are in the history tables; this is the record of reading."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.prisoners import Prisoner
from cases.models.prisons import Prison


class AccessLog(models.Model):
    class Kind(models.TextChoices):
        CASE_PAGE = "case_page", "Case page opened"
        CASE_API = "case_api", "Case record read through the API"
        CSV_EXPORT = "csv_export", "List downloaded (CSV)"
        SUBJECT_ACCESS = "subject_access", "Subject access export"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prison = models.ForeignKey(
        Prison, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The case read, if one was: kept by number too, so the row outlives a merge or deletion.
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prison_number = models.CharField(max_length=7, blank=True)
    kind = models.CharField(max_length=20, choices=Kind)
    what = models.CharField(max_length=300, help_text="The page, record or file read.")
    address = models.GenericIPAddressField(null=True, blank=True, help_text="Where from.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["prison", "-at"]),
            models.Index(fields=["prisoner", "-at"]),
        ]
        permissions = [
            ("view_audit", "Can read the audit of a prison"),
            ("export_subject_access", "Can export everything held about one person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class ChangeOrigin(models.Model):
    """The address a change came from: one row per audit row written during a request (a
    history row, an allocation decision, a handover event), found by its model and id."""

    model = models.CharField(
        max_length=100, help_text='The row\'s model, e.g. "cases.historicalsentence".'
    )
    row_id = models.BigIntegerField()
    address = models.GenericIPAddressField()

    class Meta:
        indexes = [models.Index(fields=["model", "row_id"])]

    def __str__(self) -> str:
        return f"{self.model} {self.row_id} from {self.address}"
