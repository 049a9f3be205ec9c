"""The sentence as staff record it: an arrival (who, when, and the sentence if known) and a
change of the sentence, every key date and the legal status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms

from cases.forms.dates import GovDateField, GovTimeField, moment, not_in_future
from cases.forms.facts import (
    FactsForm,
    PrisonNumberField,
    key_date_label,
    key_date_what,
    reason_field,
)
from cases.forms.govuk import GovForm
from cases.models import Prisoner, Sentence
from cases.services.facts import Arrival, PersonalDetails, SentenceFacts


class SentenceFieldsMixin(GovForm):
    """The sentence date, indeterminate and every key date, as optional fields."""

    sentence_start_date = GovDateField(
        label="Sentence date", what="sentence date", required=False, help_text=""
    )
    indeterminate = forms.BooleanField(
        label="This is an indeterminate sentence (life or IPP)", required=False
    )

    def add_key_dates(self) -> None:
        """Every key date, after the sentence date (so errors are listed in the page's order)."""
        for name in Sentence.KEY_DATES:
            self.fields[name] = GovDateField(
                label=key_date_label(name), what=key_date_what(name), required=False, help_text=""
            )
        names = list(self.fields)
        after = names.index("indeterminate") + 1
        order = [n for n in names[:after] if n not in Sentence.KEY_DATES]
        self.order_fields([*order, *Sentence.KEY_DATES])

    def sentence_layout(self, legend: str) -> Fieldset:
        return Fieldset(
            Field("sentence_start_date"),
            Field.checkbox("indeterminate"),
            *[Field(name) for name in Sentence.KEY_DATES],
            legend=legend,
            legend_size=Size.MEDIUM,
        )

    def sentence_facts(self) -> SentenceFacts | None:
        """The sentence typed in: every key date given (an empty one is cleared), or None when
        there is no sentence date."""
        data = self.cleaned_data
        if not data.get("sentence_start_date"):
            return None
        return SentenceFacts(
            sentence_start_date=data["sentence_start_date"],
            indeterminate=bool(data.get("indeterminate")),
            dates={name: data.get(name) for name in Sentence.KEY_DATES},
        )

    def check_key_dates_have_a_start(self) -> None:
        data = self.cleaned_data
        dated = [name for name in Sentence.KEY_DATES if data.get(name)]
        if dated and not data.get("sentence_start_date") and "sentence_start_date" in data:
            self.add_error("sentence_start_date", "Enter the sentence date: the key dates need it")


class ArrivalForm(SentenceFieldsMixin, FactsForm):
    """A prisoner arriving at the working prison: new to us, back in custody, or from another
    of our prisons."""

    service_fields = {"prison_number": "prison_number", "to_prison": "prison_number"}

    prison_number = PrisonNumberField()
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = GovDateField(label="Date of birth", help_text="For example, 27 3 1990")
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=[("", "Choose a legal status"), *Prisoner.LegalStatus.choices],
        error_messages={"required": "Choose the legal status"},
    )
    location = forms.CharField(
        label="Cell location (optional)", required=False, max_length=30, help_text="Like B-3-023"
    )
    arrival_date = GovDateField(label="Date of arrival", what="date of arrival")
    arrival_time = GovTimeField(label="Time of arrival", what="time of arrival")

    def __init__(self, *args: Any, now: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now
        self.add_key_dates()
        self.make_helper(
            Fieldset(
                Field.text("prison_number", field_width=10),
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field("date_of_birth"),
                Field.select("legal_status"),
                Field.text("location", field_width=10),
                legend="Who has arrived",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("arrival_date"),
                Field.text("arrival_time", field_width=5),
                legend="When they arrived",
                legend_size=Size.MEDIUM,
            ),
            self.sentence_layout("Sentence (if known)"),
            Button("save", "Record the arrival"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_key_dates_have_a_start()
        not_in_future(
            self, day="arrival_date", time="arrival_time", now=self.now, what="date of arrival"
        )
        born = data.get("date_of_birth")
        if born and born > self.now.date():
            self.add_error("date_of_birth", "The date of birth must be in the past")
        return data

    def arrival(self) -> Arrival:
        data = self.cleaned_data
        return Arrival(
            prison_number=data["prison_number"],
            details=PersonalDetails(
                first_name=data["first_name"].strip(),
                last_name=data["last_name"].strip(),
                date_of_birth=data["date_of_birth"],
                location=data["location"].strip() or None,
            ),
            legal_status=data["legal_status"],
            sentence=self.sentence_facts(),
            arrived_at=moment(data["arrival_date"], data["arrival_time"]),
        )


class SentenceForm(SentenceFieldsMixin, FactsForm):
    """The legal status, the sentence date and every key date, with why they changed."""

    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=Prisoner.LegalStatus.choices,
        error_messages={"required": "Choose the legal status"},
    )
    reason = reason_field("Why are you changing the sentence?")

    def __init__(self, *args: Any, has_sentence: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_sentence = has_sentence
        self.add_key_dates()
        if has_sentence:
            field = self.fields["sentence_start_date"]
            field.required = True
            field.help_text = "A sentence cannot be removed here, only changed."
        self.make_helper(
            Field.select("legal_status"),
            self.sentence_layout("Sentence and key dates"),
            Field.text("reason"),
            Button("save", "Save the sentence"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_key_dates_have_a_start()
        return data
