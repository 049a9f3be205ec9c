"""What the interventions forms share: date fields, the GOV.UK layout, the lists' month."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms

from cases.forms.dates import GovDateField
from cases.forms.govuk import GovForm

F = TypeVar("F", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's own copy of one of its fields, as the kind of field it is (to set its
    choices or queryset)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}.")
    return field


def date_field(
    label: str, *, what: str = "", required: bool = True, help_text: str = ""
) -> GovDateField:
    """A date as GOV.UK's date input: day, month and year."""
    return GovDateField(
        label=label,
        what=what,
        required=required,
        help_text=help_text or "For example, 27 3 2027",
    )


def layout_helper(*fields: Any, button: str = "Save", method: str = "post") -> FormHelper:
    """The GOV.UK layout of a form: its fields in order, then the button."""
    helper = FormHelper()
    helper.form_method = method
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("save", button))
    return helper


class MonthForm(GovForm):
    """The month a list shows (`?month=2026-10`); this month when none or a bad one is given."""

    month = forms.CharField(
        label="Month",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )

    def month_start(self, today: dt.date) -> dt.date:
        raw = self.data.get("month", "") if self.is_bound else ""
        try:
            year, number = (int(part) for part in str(raw).split("-"))
            return dt.date(year, number, 1)
        except ValueError:
            return today.replace(day=1)
