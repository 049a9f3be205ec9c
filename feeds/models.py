"""What the feeds remember: each run (a prison's sync, a probation refresh, a batch of events),
each domain event already seen, and each event that could not be applied (parked)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cases.models import Prison


class FeedRun(models.Model):
    """One run of a feed: what it read, what it changed, how long it took and what went wrong."""

    class Kind(models.TextChoices):
        SYNC = "sync", "Prisoner Search sync"
        PROBATION = "probation", "Probation and tier"
        EVENTS = "events", "Domain events"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "Succeeded"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind)
    prison = models.ForeignKey(
        Prison, on_delete=models.CASCADE, related_name="feed_runs", null=True, blank=True
    )
    started_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.RUNNING)
    counts = models.JSONField(default=dict, blank=True, help_text="What the run found and did.")
    requests = models.PositiveIntegerField(default=0, help_text="HTTP requests it made.")
    errors = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True, help_text="Why the run stopped, if it did.")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["kind", "prison", "status", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def summary(self) -> str:
        """What the run counted, in words: "rows 850, new 3, changed 12, ..."."""
        first = ("rows", "new", "changed", "unchanged", "leaving")
        names = [n for n in first if n in self.counts]
        names += sorted(n for n in self.counts if n not in first)
        return ", ".join(f"{name.replace('_', ' ')} {self.counts[name]}" for name in names)

    @property
    def label(self) -> str:
        """The source a change made by this run is audited with (the case history's "by")."""
        if self.kind == self.Kind.PROBATION:
            return f"probation refresh {self.pk}"
        return f"prisoner search sync {self.pk}"


class SeenMessage(models.Model):
    """A domain event's `MessageId`, once applied or parked: a repeat is skipped."""

    message_id = models.CharField(max_length=100, unique=True)
    event_type = models.CharField(max_length=100, blank=True)
    seen_at = models.DateTimeField()
    parked = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["seen_at"])]

    def __str__(self) -> str:
        return self.message_id


class ParkedMessage(models.Model):
    """A domain event that could not be applied, with why, for an admin to retry or discard."""

    class Status(models.TextChoices):
        PARKED = "parked", "Parked"
        APPLIED = "applied", "Applied on retry"
        DISCARDED = "discarded", "Discarded"

    message_id = models.CharField(max_length=100, unique=True)
    event_type = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=20, blank=True, help_text="Prison number or CRN.")
    prison = models.ForeignKey(
        Prison, on_delete=models.SET_NULL, related_name="parked_messages", null=True, blank=True
    )
    body = models.TextField(help_text="The SQS message body as received.")
    error = models.TextField()
    attempts = models.PositiveSmallIntegerField(default=1)
    parked_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PARKED)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-parked_at"]
        indexes = [models.Index(fields=["status", "prison"])]
        permissions = [("manage_parked", "Can retry or discard a parked domain event")]

    def __str__(self) -> str:
        return f"{self.event_type or 'event'} {self.message_id}"
