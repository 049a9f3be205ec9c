"""The engine's answer for each case, stored: what every list, figure and job reads instead of
evaluating the case again (docs/adr/0006-stored-case-state.md).

One row per prisoner, written by `cases.services.state` whenever the case's facts change (on
commit), for a whole prison when its policy changes, and by the nightly sweep for the cases whose
`next_change_on` has come. The explanations lists show are stored beside the answer, as of
`evaluated_on`, but never compared (a few name the day they were given), in a row of their own
(`CaseExplanation`): they are three quarters of the answer's bytes, and the figures and counts
that scan a prison's answers never read them. Deadlines' explanations are not stored: the case
page, which shows them, evaluates its one case itself.
"""

from __future__ import annotations

from django.db import models

from cases.models.prisoners import Prisoner
from cases.models.prisons import Prison


class CaseState(models.Model):
    prisoner = models.OneToOneField(
        Prisoner, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    prison = models.ForeignKey(
        Prison, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_on = models.DateField(help_text="The day the answer is for.")
    stale = models.BooleanField(
        default=False, help_text="The facts changed since: evaluate again before trusting it."
    )
    next_change_on = models.DateField(
        null=True, blank=True, help_text="The first day the answer may change by itself."
    )
    in_scope = models.BooleanField(default=False)
    case_type = models.CharField(max_length=10, blank=True)
    pom_type = models.CharField(max_length=20, blank=True)
    responsibility = models.CharField(max_length=20)
    responsible = models.CharField(max_length=3)
    supporting = models.CharField(max_length=3, blank=True)
    erd = models.DateField("earliest release date", null=True, blank=True)
    erd_kind = models.CharField(max_length=12, blank=True)
    display_release_date = models.DateField(null=True, blank=True)
    display_release_kind = models.CharField(max_length=12, blank=True)
    com_allocation_date = models.DateField(null=True, blank=True)
    handover_date = models.DateField(null=True, blank=True)
    handover_reason = models.CharField(max_length=30, blank=True)
    upcoming_from = models.DateField(null=True, blank=True)
    com_allocation_overdue_from = models.DateField(null=True, blank=True)
    pom_contact_months = models.PositiveSmallIntegerField(null=True, blank=True)
    deadlines = models.JSONField(
        default=dict, blank=True, help_text="Each deadline that applies: its due day or moment."
    )

    class Meta:
        indexes = [
            models.Index(fields=["prison", "next_change_on"], name="state_prison_next_change"),
            models.Index(fields=["prison", "handover_date"], name="state_prison_handover"),
            models.Index(fields=["stale"], name="state_stale", condition=models.Q(stale=True)),
        ]

    def __str__(self) -> str:
        return f"State of {self.prisoner_id} on {self.evaluated_on}"


class CaseExplanation(models.Model):
    """Why the stored answer says what it says, in words, as of the day it was evaluated: the
    explanations lists show beside it. Written with its `CaseState` row, never compared."""

    state = models.OneToOneField(
        CaseState, on_delete=models.CASCADE, primary_key=True, related_name="why"
    )
    explanations = models.JSONField(
        default=dict, blank=True, help_text="Why, in words, as of the day evaluated."
    )

    def __str__(self) -> str:
        return f"Explanations of {self.state_id}"
