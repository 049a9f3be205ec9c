"""Forms of a referral: referring, each move of its lifecycle, and attendance."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from interventions.forms.common import date_field, field_of, layout_helper
from interventions.models import Attendance, Referral, ResettlementNeed


class ReferralForm(forms.Form):
    """The referral page renders the offerings itself (each with its checks)."""

    offering = forms.TypedChoiceField(label="Intervention", coerce=int)
    need = forms.TypedChoiceField(
        label="Need it addresses", coerce=int, required=False, empty_value=None
    )
    action = forms.ChoiceField(
        label="What do you want to do?",
        choices=[
            ("refer", "Refer now"),
            ("identify", "Record it as identified, to refer later"),
        ],
        initial="refer",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes for the programme team", widget=forms.Textarea,
                            required=False)  # fmt: skip
    override_reason = forms.CharField(
        label="Reason to refer despite the warning",
        widget=forms.Textarea,
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


class AssessForm(forms.Form):
    suitable = forms.TypedChoiceField(
        label="Is the prisoner suitable?",
        choices=[("yes", "Suitable"), ("no", "Not suitable")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="If not suitable, why not?", widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field.radios("suitable", legend_size=Size.SMALL, inline=True),
            Field.textarea("reason", rows=3),
            button="Record the assessment",
        )


class PlaceForm(forms.Form):
    cohort = forms.TypedChoiceField(label="Cohort", coerce=int, required=False, empty_value=None)
    override_reason = forms.CharField(
        label="Reason to place despite a warning (head of OMU only)",
        widget=forms.Textarea,
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
        self.helper = layout_helper(*fields, button="Place on the waiting list")


class StartForm(forms.Form):
    started_on = date_field("Started on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(Field("started_on"), button="Record the start")


class CompleteForm(forms.Form):
    ended_on = date_field("Completed on")
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea,
        help_text="For example, completed every session; post-programme review held.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field("ended_on"), Field.textarea("outcome", rows=3), button="Record completion"
        )


class NotCompleteForm(forms.Form):
    ended_on = date_field("Ended on")
    reason = forms.ChoiceField(
        label="Why was it not completed?",
        choices=Referral.NotCompletedReason.choices,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(label="Detail", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field("ended_on"),
            Field.radios("reason", legend_size=Size.SMALL, small=True),
            Field.textarea("detail", rows=3),
            button="Record as not completed",
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why is the referral withdrawn?", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field.textarea("reason", rows=3), button="Withdraw the referral"
        )


class AttendanceForm(forms.Form):
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
