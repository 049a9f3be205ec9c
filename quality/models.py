"""The case-quality audit: each prison's monthly sample of cases, who reviews each, and their
answers to the inspection's questions (docs/rules.md#case-quality-audit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Prison, Prisoner
from quality import rules


class AuditSample(models.Model):
    """One prison's sample for one month, drawn once: the seed and the population it was drawn
    from are kept, so the draw can be repeated and checked."""

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="audit_samples")
    month = models.DateField(help_text="The first day of the month sampled.")
    seed = models.CharField(max_length=64)
    size = models.PositiveSmallIntegerField(help_text="The policy's sample size at the draw.")
    population = models.JSONField(
        default=dict, blank=True, help_text="Cases in OMiC scope at the draw, by case type."
    )
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month", "prison__name"]
        constraints = [
            models.UniqueConstraint(fields=["prison", "month"], name="one_audit_sample_a_month")
        ]
        permissions = [
            ("review_case", "Can review the cases of the case-quality audit"),
            ("assign_reviewer", "Can draw the audit sample and choose who reviews each case"),
        ]

    def __str__(self) -> str:
        return f"Audit sample of {self.prison_id} for {self.month:%Y-%m}"


class AuditCase(models.Model):
    class Status(models.TextChoices):
        TO_REVIEW = "to_review", "To review"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="cases")
    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="audit_cases")
    case_type = models.CharField(max_length=10, help_text="The stratum it was drawn from.")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_cases",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.TO_REVIEW)
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sample", "case_type", "prisoner__last_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "prisoner"], name="one_audit_case_a_sample")
        ]
        indexes = [models.Index(fields=["reviewer", "status"], name="audit_case_reviewer")]

    def __str__(self) -> str:
        return f"Audit of {self.prisoner_id} in sample {self.sample_id}"


class AuditAnswer(models.Model):
    """The reviewer's judgement on one question for one case, with what the record suggested
    when they answered."""

    class Judgement(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    audit_case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=20, choices=[(q.code, q.text) for q in rules.QUESTIONS])
    judgement = models.CharField(max_length=15, choices=Judgement)
    note = models.TextField(blank=True, max_length=rules.NOTE_MAX_LENGTH)
    suggested = models.CharField(max_length=15, choices=Judgement, blank=True)
    suggestion = models.TextField(blank=True, help_text="What the record said when answered.")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit_case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit_case", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.judgement} ({self.audit_case_id})"
