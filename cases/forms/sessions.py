"""Logging sessions: one at a time, or a keyworker's wing shift."""

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Size,
)
from django import forms

from cases.forms.dates import GovDateField, GovTimeField
from cases.forms.govuk import GovForm, limited_text, numeric_widget
from cases.models import Prisoner, Session
from cases.rules import LONDON
from cases.services.sessions import SessionInput


class SessionForm(GovForm):
    """Log a session: defaults (now, held, the usual length) keep it to a few interactions."""

    service_fields = {"occurred_at": "date", "follow_ups": "follow_up_due"}

    kind = forms.ChoiceField(
        label="Type of session",
        choices=[("", "Choose the type of session"), *Session.Kind.choices],
        error_messages={"required": "Select the type of session"},
    )
    date = GovDateField(label="Date", what="date of the session")
    time = GovTimeField(label="Time", what="time of the session")
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=5,
        max_value=240,
        widget=numeric_widget(),
        error_messages={
            "required": "Enter how long the session lasted in minutes",
            "invalid": "Enter how long the session lasted as a number of minutes, like 45",
            "min_value": "A session lasts at least 5 minutes",
            "max_value": "A session lasts at most 240 minutes",
        },
    )
    place = forms.ChoiceField(label="Where", choices=Session.Place.choices, required=False)
    attendees = forms.CharField(
        label="Who attended",
        required=False,
        max_length=300,
        error_messages={"max_length": "Who attended must be 300 characters or fewer"},
    )
    held = forms.TypedChoiceField(
        label="Did the session happen?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        initial="yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the session happened"},
    )
    not_held_reason = forms.ChoiceField(
        label="Why did it not happen?",
        required=False,
        choices=[("", "Choose a reason")] + list(Session.NotHeldReason.choices),
    )
    summary = limited_text("Summary", Session.SUMMARY_LIMIT)
    objectives_discussed = limited_text("Sentence-plan objectives discussed", Session.NOTES_LIMIT)
    needs_or_risks = limited_text("Needs or risks raised", Session.NOTES_LIMIT)
    follow_up = forms.CharField(
        label="Follow-up action",
        required=False,
        max_length=300,
        error_messages={"max_length": "The follow-up action must be 300 characters or fewer"},
    )
    follow_up_due = GovDateField(label="Follow-up due", what="follow-up due date", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("kind"),
            Field("date"),
            Field.text("time", field_width=5),
            Field.text("duration_minutes", field_width=3),
            Field.select("place"),
            Field.text("attendees"),
            ConditionalRadios(
                "held", "Yes", ConditionalQuestion("No", Field.select("not_held_reason"))
            ),
            Field.textarea("summary", rows=4, max_characters=Session.SUMMARY_LIMIT),
            Field.textarea("objectives_discussed", rows=2, max_characters=Session.NOTES_LIMIT),
            Field.textarea("needs_or_risks", rows=2, max_characters=Session.NOTES_LIMIT),
            Fieldset(
                Field.text("follow_up"),
                Field("follow_up_due"),
                legend="Follow-up",
                legend_size=Size.SMALL,
            ),
            Button("save", "Save session"),
            Button("draft", "Save as draft", css_class="govuk-button--secondary"),
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("held") is False and not data.get("not_held_reason"):
            self.add_error("not_held_reason", "Choose why the session did not happen")
        if data.get("held") and not data.get("summary") and "draft" not in self.data:
            self.add_error("summary", "Enter a summary of the session")
        if data.get("follow_up") and not data.get("follow_up_due"):
            if "follow_up_due" not in self.errors:
                self.add_error("follow_up_due", "Enter the date the follow-up is due")
        elif data.get("follow_up_due") and not data.get("follow_up"):
            self.add_error("follow_up", "Enter the follow-up action")
        return data

    def session_data(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            occurred_at=dt.datetime.combine(data["date"], data["time"], tzinfo=LONDON),
            kind=data["kind"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            attendees=data["attendees"],
            held=data["held"],
            not_held_reason=data["not_held_reason"],
            summary=data["summary"],
            objectives_discussed=data["objectives_discussed"],
            needs_or_risks=data["needs_or_risks"],
        )

    def follow_ups(self) -> list[tuple[str, dt.date]]:
        data = self.cleaned_data
        return [(data["follow_up"], data["follow_up_due"])] if data.get("follow_up") else []


class KeyworkShiftForm(GovForm):
    """Several keywork sessions after a wing shift: one line per prisoner seen or not seen.

    Prisoners left as "not today" get nothing recorded.
    """

    date = GovDateField(label="Date of the shift", what="date of the shift")
    duration_minutes = forms.IntegerField(
        label="Length of each session in minutes",
        min_value=5,
        max_value=240,
        widget=numeric_widget(),
        error_messages={
            "required": "Enter how long each session lasted in minutes",
            "invalid": "Enter how long each session lasted as a number of minutes, like 45",
            "min_value": "A session lasts at least 5 minutes",
            "max_value": "A session lasts at most 240 minutes",
        },
    )

    def __init__(self, *args: Any, prisoners: list[Prisoner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prisoners = prisoners
        outcome = [("", "Not today"), ("yes", "Seen"), ("no", "Not seen")]
        reasons = [("", "Choose a reason"), *Session.NotHeldReason.choices]
        for p in prisoners:
            name = f"{p.first_name} {p.last_name} ({p.prison_number})"
            select = forms.Select(attrs={"class": "govuk-select"})
            self.fields[f"outcome_{p.pk}"] = forms.ChoiceField(
                label=f"{name}: session", choices=outcome, required=False, widget=select
            )
            self.fields[f"reason_{p.pk}"] = forms.ChoiceField(
                label=f"{name}: if not seen, why", choices=reasons, required=False, widget=select
            )
            self.fields[f"summary_{p.pk}"] = forms.CharField(
                label=f"{name}: summary",
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
                error_messages={
                    "max_length": f"The summary for {p.first_name} {p.last_name} must be "
                    "1,000 characters or fewer"
                },
            )
        if prisoners:  # where the summary links an error about no prisoner chosen
            self.summary_target = f"id_outcome_{prisoners[0].pk}"
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form holds the table of prisoners too
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(Field("date"), Field.text("duration_minutes", field_width=3))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen = 0
        for p in self.prisoners:
            outcome = data.get(f"outcome_{p.pk}")
            chosen += bool(outcome)
            if outcome == "no" and not data.get(f"reason_{p.pk}"):
                self.add_error(
                    f"reason_{p.pk}",
                    f"Choose why you did not see {p.first_name} {p.last_name}",
                )
            if outcome == "yes" and not data.get(f"summary_{p.pk}"):
                self.add_error(
                    f"summary_{p.pk}",
                    f"Enter a summary of the session with {p.first_name} {p.last_name}",
                )
        if not chosen and not self.errors:
            raise forms.ValidationError("Choose Seen or Not seen for at least one prisoner")
        return data

    def entries(self, at: dt.time) -> list[tuple[Prisoner, SessionInput]]:
        """(prisoner, session data) for every prisoner seen or not seen on the shift."""
        data = self.cleaned_data
        occurred = dt.datetime.combine(data["date"], at, tzinfo=LONDON)
        result = []
        for p in self.prisoners:
            outcome = data.get(f"outcome_{p.pk}")
            if not outcome:
                continue
            held = outcome == "yes"
            session = SessionInput(
                kind=Session.Kind.KEYWORK,
                occurred_at=occurred,
                duration_minutes=data["duration_minutes"],
                held=held,
                not_held_reason="" if held else data.get(f"reason_{p.pk}", ""),
                summary=data.get(f"summary_{p.pk}", ""),
                place=Session.Place.WING,
            )
            result.append((p, session))
        return result
