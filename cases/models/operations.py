"""What the service records about itself: daily figures and the heartbeat of its jobs."""

from __future__ import annotations

from django.db import models

from cases.models.prisons import Prison


class DailyStatistic(models.Model):
    """One dashboard figure of one prison on one day, so trends read a few rows, not history."""

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="statistics")
    day = models.DateField()
    key = models.CharField(max_length=50)
    value = models.FloatField(null=True)
    # Counts for most figures; full-time equivalents to one decimal for POM staffing.
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    on_target = models.BooleanField(null=True)  # None: the figure has no target, or no value

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prison", "day", "key"], name="one_figure_a_day")
        ]
        indexes = [models.Index(fields=["prison", "key", "day"])]
        permissions = [("view_dashboard", "Can see the head of OMU's dashboard")]

    def __str__(self) -> str:
        return f"{self.key} at {self.prison_id} on {self.day}: {self.value}"


class Heartbeat(models.Model):
    """The last time the periodic heartbeat task ran: proof that beat and a worker are alive."""

    name = models.CharField(max_length=50, unique=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M:%S}"
