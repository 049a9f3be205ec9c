"""The facts of a case as staff record them: the personal details and location, a transfer or
a release, a merge of two records, and what those forms share. Each form checks the shape of
what was typed and gives the data-in services (`cases.services.facts`) their values; the
services apply the rules. The sentence and arrival forms are in `cases.forms.sentence`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from cases.forms.dates import GovDateField, GovTimeField, moment, not_in_future
from cases.forms.govuk import GovForm
from cases.models import PRISON_NUMBER_VALIDATOR, Prison, Prisoner, Sentence
from cases.services.facts import PersonalDetails

# A key date's name as staff know it, with its short form: "Conditional release date (CRD)".
_LABELS = {
    "tariff_date": "Tariff expiry date (TED)",
    "confirmed_release_date": "Confirmed release date",
}


def key_date_label(name: str) -> str:
    short = Sentence.date_label(name)
    return _LABELS.get(name, f"{name.replace('_', ' ').capitalize()} ({short})")


def key_date_what(name: str) -> str:
    """The key date as a message names it: "conditional release date"."""
    label = key_date_label(name)
    return label.split(" (")[0].lower()


class PrisonNumberField(forms.CharField):
    def __init__(self, *, label: str = "Prison number", what: str = "prison number", **kw: Any):
        kw.setdefault("help_text", "One letter, four numbers and two letters, like A1234BC")
        super().__init__(
            label=label,
            max_length=7,
            error_messages={
                "required": f"Enter the {what}",
                "max_length": f"The {what} must be one letter, four numbers and two letters, "
                "like A1234BC",
            },
            **kw,
        )

    def clean(self, value: Any) -> str:
        number = str(super().clean(value)).strip().upper().replace(" ", "")
        try:
            PRISON_NUMBER_VALIDATOR(number)
        except ValidationError as exc:
            raise ValidationError(
                "Enter a prison number as one letter, four numbers and two letters, like A1234BC"
            ) from exc
        return number


def reason_field(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=100,
        help_text="This is kept in the case's history. Up to 100 characters.",
        error_messages={
            "required": "Say why you are making this change",
            "max_length": "The reason must be 100 characters or fewer",
        },
    )


class FactsForm(GovForm):
    """Shared by the forms below: a GOV.UK helper, and the services' field names mapped to the
    form's so a service's error shows on its field."""

    service_fields: dict[str, str] = {}

    def make_helper(self, *layout: Any) -> None:
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*layout)


class DetailsForm(FactsForm):
    """Name, date of birth, cell location and security category."""

    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = GovDateField(label="Date of birth", help_text="For example, 27 3 1990")
    location = forms.CharField(
        label="Cell location", required=False, max_length=30, help_text="Like B-3-023"
    )
    category = forms.CharField(
        label="Security category",
        required=False,
        max_length=5,
        help_text="As NOMIS records it, like C",
        error_messages={"max_length": "The security category must be 5 characters or fewer"},
    )
    reason = reason_field("Why are you changing these details?")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.make_helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field("date_of_birth"),
            Field.text("location", field_width=10),
            Field.text("category", field_width=4),
            Field.text("reason"),
            Button("save", "Save the details"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if born and born > self.today:
            self.add_error("date_of_birth", "The date of birth must be in the past")
        return data

    def details(self) -> PersonalDetails:
        data = self.cleaned_data
        return PersonalDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            date_of_birth=data["date_of_birth"],
            location=data["location"].strip(),
            category=data["category"].strip().upper(),
        )


class MovementForm(FactsForm):
    """When a prisoner moved, and why. `what` names the date in messages."""

    what = "date"
    time_what = "time"

    def __init__(self, *args: Any, now: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["date"] = GovDateField(label=f"{self.what[:1].upper()}{self.what[1:]}")
        self.fields["time"] = GovTimeField(
            label=f"{self.time_what[:1].upper()}{self.time_what[1:]}", what=self.time_what
        )
        self.fields["reason"] = reason_field("Reason (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        not_in_future(self, day="date", time="time", now=self.now, what=self.what)
        return data

    def at(self) -> dt.datetime:
        return moment(self.cleaned_data["date"], self.cleaned_data["time"])


class TransferForm(MovementForm):
    what = "date of the transfer"
    time_what = "time of the transfer"

    to_prison = forms.ModelChoiceField(
        label="Prison they moved to",
        queryset=Prison.objects.none(),
        empty_label="Choose a prison",
        error_messages={
            "required": "Choose the prison they moved to",
            "invalid_choice": "Choose one of the prisons in the list",
        },
    )

    def __init__(self, *args: Any, prisoner: Prisoner, now: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, now=now, **kwargs)
        field = self.fields["to_prison"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Prison.objects.exclude(pk=prisoner.current_prison_id or 0).order_by("name")
        self.make_helper(
            Field.select("to_prison"),
            Field("date"),
            Field.text("time", field_width=5),
            Field.text("reason"),
            Button("save", "Record the transfer"),
        )


class ReleaseForm(MovementForm):
    what = "date of release"
    time_what = "time of release"

    def __init__(self, *args: Any, now: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, now=now, **kwargs)
        self.make_helper(
            Field("date"),
            Field.text("time", field_width=5),
            Field.text("reason"),
            Button("save", "Record the release"),
        )


class MergeForm(FactsForm):
    """Two prison numbers found to be one person: the number kept and the number removed."""

    kept = PrisonNumberField(
        label="Prison number to keep",
        what="prison number to keep",
        help_text="The number NOMIS kept, like A1234BC",
    )
    removed = PrisonNumberField(
        label="Prison number to remove",
        what="prison number to remove",
        help_text="Its record moves onto the number kept, like B2345CD",
    )
    reason = reason_field("Reason (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.make_helper(
            Field.text("kept", field_width=10),
            Field.text("removed", field_width=10),
            Field.text("reason"),
            Button("preview", "Preview the merge"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kept") and data.get("kept") == data.get("removed"):
            self.add_error("removed", "Enter a prison number different from the one to keep")
        return data
