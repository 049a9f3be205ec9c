"""Forms validate the shape of input; `interventions.services` apply the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from cases.models import Prisoner
from interventions.models import Attendance, Intervention, Referral, ResettlementNeed
from interventions.selectors import DirectoryFilters


def _date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or "For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _helper(*fields: Any, button: str = "Save", method: str = "post") -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("save", button))
    return helper


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters (GET)."""

    q = forms.CharField(label="Name or provider", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any"), *Intervention.Kind.choices]
    )
    area = forms.ChoiceField(
        label="Need area", required=False, choices=[("", "Any"), *ResettlementNeed.Area.choices]
    )
    running = forms.BooleanField(label="Only those running now", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("kind"),
            Field.select("area"),
            Field.checkbox("running", small=True),
            Button("apply", "Apply filters", css_class="govuk-button--secondary"),
        )

    def filters(self) -> DirectoryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DirectoryFilters(
            q=data.get("q", "").strip(),
            kind=data.get("kind", ""),
            area=data.get("area", ""),
            running_only=bool(data.get("running")),
        )


class InterventionForm(forms.Form):
    """A catalogue entry: what it is, who it is for and how long it lasts."""

    name = forms.CharField(label="Name", max_length=120)
    kind = forms.ChoiceField(label="Kind", choices=Intervention.Kind.choices)
    provider = forms.CharField(
        label="Provider", max_length=120, required=False, help_text="For example, Catch22"
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    need_areas = forms.MultipleChoiceField(
        label="Need areas it addresses",
        choices=ResettlementNeed.Area.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = forms.IntegerField(label="Number of sessions", required=False, min_value=1)
    session_minutes = forms.IntegerField(
        label="Minutes per session", required=False, min_value=15, max_value=480
    )
    duration_days = forms.IntegerField(
        label="Days from first session to last",
        min_value=1,
        max_value=1000,
        help_text="1 for a single session",
    )
    rosh_levels = forms.MultipleChoiceField(
        label="Risk of serious harm levels it takes",
        required=False,
        choices=Prisoner.Rosh.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for any level",
    )
    min_sentence_months = forms.IntegerField(
        label="Shortest sentence, in months", required=False, min_value=0
    )
    max_sentence_months = forms.IntegerField(
        label="Longest sentence, in months", required=False, min_value=1
    )
    estate = forms.ChoiceField(label="Estate", choices=Intervention.Estate.choices)
    running = forms.BooleanField(label="Running now at this prison", required=False, initial=True)

    VALUE_FIELDS = (
        "name",
        "kind",
        "provider",
        "description",
        "sessions",
        "session_minutes",
        "duration_days",
        "min_sentence_months",
        "max_sentence_months",
        "estate",
    )

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["running"]
        self.helper = _helper(
            Field.text("name"),
            Field.select("kind"),
            Field.text("provider"),
            Field.textarea("description", rows=3),
            Field.checkboxes("need_areas", legend_size=Size.SMALL, small=True),
            Fieldset(
                Field.text("sessions", field_width=4),
                Field.text("session_minutes", field_width=4),
                Field.text("duration_days", field_width=4),
                legend="How long it lasts",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.checkboxes("rosh_levels", legend_size=Size.SMALL, small=True),
                Field.text("min_sentence_months", field_width=4),
                Field.text("max_sentence_months", field_width=4),
                Field.select("estate"),
                legend="Who can be referred",
                legend_size=Size.SMALL,
            ),
            *([Field.checkbox("running", small=True)] if creating else []),
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.VALUE_FIELDS}
        values["provider"] = values["provider"] or ""
        values["description"] = values["description"] or ""
        values["rosh_levels"] = ",".join(data.get("rosh_levels") or [])
        return values


class OfferingAddForm(forms.Form):
    intervention = forms.ModelChoiceField(
        label="Intervention", queryset=Intervention.objects.none(), empty_label="Choose one"
    )
    running = forms.BooleanField(label="Running now", required=False, initial=True)
    contact = forms.CharField(label="Contact here", max_length=120, required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, catalogue: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = catalogue
        self.helper = _helper(
            Field.select("intervention"),
            Field.checkbox("running", small=True),
            Field.text("contact"),
            Field.textarea("notes", rows=3),
            button="Add to the directory",
        )


class OfferingForm(forms.Form):
    running = forms.BooleanField(label="Running now", required=False)
    contact = forms.CharField(label="Contact here", max_length=120, required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.checkbox("running", small=True),
            Field.text("contact"),
            Field.textarea("notes", rows=3),
        )


class CohortForm(forms.Form):
    start_date = _date_field("Start date")
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=200)
    notes = forms.CharField(label="Notes", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("start_date"), Field.text("capacity", field_width=4), Field.text("notes")
        )


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
        self, *args: Any, offerings: list[tuple[int, str]], needs: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].choices = offerings
        self.fields["need"].choices = [("", "None in particular")] + [
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
        self.helper = _helper(
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
        self.fields["cohort"].choices = [("", "Choose a cohort"), *cohorts]
        fields: list[Any] = [Field.select("cohort")]
        if can_override:
            fields.append(Field.textarea("override_reason", rows=3))
        else:
            del self.fields["override_reason"]
        self.helper = _helper(*fields, button="Place on the waiting list")


class StartForm(forms.Form):
    started_on = _date_field("Started on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("started_on"), button="Record the start")


class CompleteForm(forms.Form):
    ended_on = _date_field("Completed on")
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea,
        help_text="For example, completed every session; post-programme review held.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("ended_on"), Field.textarea("outcome", rows=3), button="Record completion"
        )


class NotCompleteForm(forms.Form):
    ended_on = _date_field("Ended on")
    reason = forms.ChoiceField(
        label="Why was it not completed?",
        choices=Referral.NotCompletedReason.choices,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(label="Detail", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("ended_on"),
            Field.radios("reason", legend_size=Size.SMALL, small=True),
            Field.textarea("detail", rows=3),
            button="Record as not completed",
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why is the referral withdrawn?", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3), button="Withdraw the referral")


class AttendanceForm(forms.Form):
    session_number = forms.IntegerField(label="Session number", min_value=1)
    session_date = _date_field("Date of the session")
    status = forms.ChoiceField(
        label="Attendance", choices=Attendance.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("session_number", field_width=4),
            Field("session_date"),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.text("note"),
            button="Record attendance",
        )


class NeedForm(forms.Form):
    area = forms.ChoiceField(label="Need area", choices=ResettlementNeed.Area.choices)
    owner = forms.ChoiceField(
        label="Who acts on it",
        choices=ResettlementNeed.Owner.choices,
        widget=forms.RadioSelect,
        initial=ResettlementNeed.Owner.PRISON,
    )
    source = forms.ChoiceField(
        label="Where it was found",
        choices=[
            (ResettlementNeed.Source.REVIEW, "Case review"),
            (ResettlementNeed.Source.OASYS, "OASys"),
            (ResettlementNeed.Source.OTHER, "Other"),
        ],
    )
    identified_on = _date_field("Identified on")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.select("area"),
            Field.radios("owner", legend_size=Size.SMALL, inline=True, small=True),
            Field.select("source"),
            Field("identified_on"),
            Field.textarea("notes", rows=3),
            button="Add the need",
        )


class NeedUpdateForm(forms.Form):
    on = _date_field("Date")
    status = forms.ChoiceField(
        label="Status", choices=ResettlementNeed.Status.choices, widget=forms.RadioSelect
    )
    owner = forms.ChoiceField(
        label="Who acts on it", choices=ResettlementNeed.Owner.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="What was done or decided", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("on"),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.radios("owner", legend_size=Size.SMALL, inline=True, small=True),
            Field.textarea("note", rows=3),
            button="Save the update",
        )


class MonthForm(forms.Form):
    month = forms.CharField(required=False)

    def month_start(self, today: dt.date) -> dt.date:
        raw = self.data.get("month", "") if self.is_bound else ""
        try:
            year, number = (int(part) for part in str(raw).split("-"))
            return dt.date(year, number, 1)
        except ValueError:
            return today.replace(day=1)
