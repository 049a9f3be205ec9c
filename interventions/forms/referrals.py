"""Forms of a referral: referring, each move of its lifecycle, and attendance."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from cases.forms.govuk import GovForm
from cases.models.text import NOTE_LIMIT, REASON_LIMIT
from cases.versions import VersionField
from interventions.forms.common import date_field, field_of, layout_helper
from interventions.models import Attendance, Referral, ResettlementNeed


class ReferralForm(GovForm):
    """The referral page renders the offerings itself (each with its checks)."""

    offering = forms.TypedChoiceField(label="Intervention", coerce=int)
    need = forms.TypedChoiceField(
        label="Need it addresses", coerce=int, required=False, empty_value=None
    )
    action = forms.ChoiceField(
        label="What do you want to do?",
        error_messages={"required": "Select what you want to do"},
        choices=[
            ("refer", "Refer now"),
            ("identify", "Record it as identified, to refer later"),
        ],
        initial="refer",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes for the programme team", widget=forms.Textarea, max_length=NOTE_LIMIT,
                            required=False)  # fmt: skip
    override_reason = forms.CharField(
        label="Reason to refer despite the warning",
        widget=forms.Textarea,
        max_length=REASON_LIMIT,
        required=False,
        help_text="Only the head of OMU can do this. It is recorded with the referral.",
    )

    def __init__(
        self,
        *args: Any,
        offerings: list[tuple[int, str]],
        needs: list[ResettlementNeed],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "offering", forms.ChoiceField).choices = offerings
        field_of(self, "need", forms.ChoiceField).choices = [("", "None in particular")] + [
            (n.pk, n.get_area_display()) for n in needs
        ]
        # The page renders the offerings (each with its checks) and the override itself.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("need"),
            Field.radios("action", legend_size=Size.SMALL, small=True),
            Field.textarea("notes", rows=3),
        )


class MoveForm(GovForm):
    """A move of a referral, carrying the referral's version it was made from (no lost moves:
    `interventions.services.referrals.allowed_move`)."""

    version = VersionField()


def move_helper(*fields: Any, button: str) -> FormHelper:
    """A move's layout: its fields, the version, then the button."""
    return layout_helper(*fields, "version", button=button)


class AssessForm(MoveForm):
    suitable = forms.TypedChoiceField(
        label="Is the prisoner suitable?",
        error_messages={"required": "Select yes if the prisoner is suitable"},
        choices=[("yes", "Suitable"), ("no", "Not suitable")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="If not suitable, why not?",
        widget=forms.Textarea,
        max_length=REASON_LIMIT,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = move_helper(
            Field.radios("suitable", legend_size=Size.SMALL, inline=True),
            Field.textarea("reason", rows=3),
            button="Record the assessment",
        )


class PlaceForm(MoveForm):
    cohort = forms.TypedChoiceField(label="Cohort", coerce=int, required=False, empty_value=None)
    override_reason = forms.CharField(
        label="Reason to place despite a warning (head of OMU only)",
        widget=forms.Textarea,
        max_length=REASON_LIMIT,
        required=False,
    )

    def __init__(
        self, *args: Any, cohorts: list[tuple[int, str]], can_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "cohort", forms.ChoiceField).choices = [("", "Choose a cohort"), *cohorts]
        fields: list[Any] = [Field.select("cohort")]
        if can_override:
            fields.append(Field.textarea("override_reason", rows=3))
        else:
            del self.fields["override_reason"]
        self.helper = move_helper(*fields, button="Place on the waiting list")


class StartForm(MoveForm):
    started_on = date_field("Started on", what="date it started")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = move_helper(Field("started_on"), button="Record the start")


class CompleteForm(MoveForm):
    ended_on = date_field("Completed on", what="date it was completed")
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea,
        max_length=REASON_LIMIT,
        help_text="For example, completed every session; post-programme review held.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = move_helper(
            Field("ended_on"), Field.textarea("outcome", rows=3), button="Record completion"
        )


class NotCompleteForm(MoveForm):
    ended_on = date_field("Ended on", what="date it ended")
    reason = forms.ChoiceField(
        label="Why was it not completed?",
        error_messages={"required": "Select why it was not completed"},
        choices=Referral.NotCompletedReason.choices,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(
        label="Detail", widget=forms.Textarea, max_length=REASON_LIMIT, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = move_helper(
            Field("ended_on"),
            Field.radios("reason", legend_size=Size.SMALL, small=True),
            Field.textarea("detail", rows=3),
            button="Record as not completed",
        )


class WithdrawForm(MoveForm):
    reason = forms.CharField(
        label="Why is the referral withdrawn?",
        error_messages={"required": "Enter why the referral is withdrawn"},
        widget=forms.Textarea,
        max_length=REASON_LIMIT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = move_helper(Field.textarea("reason", rows=3), button="Withdraw the referral")


class AttendanceForm(GovForm):
    session_number = forms.IntegerField(label="Session number", min_value=1)
    session_date = date_field("Date of the session")
    status = forms.ChoiceField(
        label="Attendance", choices=Attendance.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field.text("session_number", field_width=4),
            Field("session_date"),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.text("note"),
            button="Record attendance",
        )
