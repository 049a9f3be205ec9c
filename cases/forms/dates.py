"""Dates and times as the GOV.UK Design System asks for them: a date as day, month and year
boxes whose every message names the date ("Enter the date of birth", "The date of birth must
include a month", "The date of birth must be a real date"), a time as one box in 24-hour time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from cases.rules import LONDON

EARLIEST_YEAR, LATEST_YEAR = 1900, 2199  # as a roll file's dates (cases.roll.record)


class GovDateWidget(DateInputWidget):
    """The three boxes of a GOV.UK date. A date posted whole (`date=2027-03-31`, as a script or
    an older page would) is read as its three parts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in self.widgets:  # a numeric keyboard on phones, as GOV.UK's date input has
            part.attrs["inputmode"] = "numeric"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [f"{name}_{index}" for index in range(3)]
        whole = data.get(name)
        if not any(part in data for part in parts) and isinstance(whole, str) and whole:
            pieces = whole.strip().split("-")
            if len(pieces) == 3:
                year, month, day = pieces
                return [day, month, year]
            return [whole, "", ""]
        return super().value_from_datadict(data, files, name)

    def decompress(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        return super().decompress(value)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class GovDateField(DateInputField):
    """A date in three boxes. `what` names it in messages ("date of birth"); it defaults to
    the label in lower case. An optional date left empty is None."""

    widget = GovDateWidget

    def __init__(
        self,
        *,
        label: str,
        what: str = "",
        required: bool = True,
        help_text: str = "For example, 27 3 2026",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            label=label, required=required, require_all_fields=False, help_text=help_text, **kwargs
        )
        self.what = what or label[:1].lower() + label[1:]
        real = f"The {self.what} must be a real date"
        self.error_messages.update(
            required=f"Enter the {self.what}", incomplete=f"Enter the {self.what}", invalid=real
        )
        day, month, year = self.fields
        for part, name, pattern, message in (
            (day, "day", r"^[0-9]{1,2}\Z", real),
            (month, "month", r"^[0-9]{1,2}\Z", real),
            (year, "year", r"^[0-9]{4}\Z", f"The year of the {self.what} must have 4 numbers"),
        ):
            part.error_messages["incomplete"] = f"The {self.what} must include a {name}"
            part.validators = [RegexValidator(pattern, message)]

    def clean(self, value: Any) -> dt.date | None:
        """As DateInputField, but one message for every part left out ("must include a month
        and year"), on the first of them, as the Design System words it."""
        parts = list(value) if isinstance(value, list | tuple) else []
        given = [str(part or "").strip() for part in parts[:3]] + [""] * (3 - len(parts[:3]))
        missing = [
            name for name, part in zip(("day", "month", "year"), given, strict=True) if not part
        ]
        if parts and 0 < len(missing) < 3:
            for field in self.fields:
                field.widget.errors = []  # read by crispy-forms-gds
            message = f"The {self.what} must include a {' and '.join(missing)}"
            first = ("day", "month", "year").index(missing[0])
            self.fields[first].widget.errors = [message]
            raise ValidationError(message, code="incomplete")
        return super().clean(value)

    def compress(self, data_list: Any) -> dt.date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"The {self.what} must be a real date") from exc
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                f"The year of the {self.what} must be between {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return value


class GovTimeField(forms.TimeField):
    """A time of day as one box, 24-hour clock ("14:30")."""

    def __init__(self, *, label: str = "Time", what: str = "time", **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 09:30 or 14:05")
        super().__init__(
            label=label,
            input_formats=["%H:%M", "%H.%M", "%H%M"],
            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
            error_messages={
                "required": f"Enter the {what}",
                "invalid": f"Enter the {what} as hours and minutes, like 14:30",
            },
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value


def moment(day: dt.date, time: dt.time) -> dt.datetime:
    """A day and a time of day in the prison's time zone."""
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def not_in_future(form: forms.Form, *, day: str, time: str, now: dt.datetime, what: str) -> None:
    """Add an error to `day` when the day and time it names are later than `now`."""
    data = form.cleaned_data
    if data.get(day) and data.get(time) and moment(data[day], data[time]) > now:
        form.add_error(day, f"The {what} must be today or in the past")
