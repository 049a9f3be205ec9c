"""Forms validate the shape of input; `handover.services` apply the rules."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from cases.forms.dates import GovDateField
from cases.forms.govuk import GovForm
from cases.models.text import LONG_NOTE_LIMIT, NOTE_LIMIT
from cases.versions import VersionField
from handover.models import ChecklistItem, HandoverContact, ParoleReview, ResponsibilityOverride
from handover.selectors import LISTS


def _date_field(
    label: str, *, what: str = "", required: bool = True, help_text: str = ""
) -> GovDateField:
    return GovDateField(
        label=label,
        what=what,
        required=required,
        help_text=help_text or "For example, 27 3 2027",
    )


class HandoverFilterForm(GovForm):
    """The handover lists' choice of list, search and sort (GET)."""

    list = forms.ChoiceField(required=False, choices=list(LISTS.items()))
    q = forms.CharField(
        label="Name or prison number",
        required=False,
        max_length=100,
        help_text="For example, Smith or A1234BC",
    )
    pom = forms.ChoiceField(
        label="POM", required=False, choices=[("", "Anyone"), ("me", "My cases")]
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("date", "Date, soonest first"),
            ("-date", "Date, latest first"),
            ("name", "Name"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("list", type="hidden"),
            Field.text("q"),
            Field.select("pom"),
            Field.select("sort"),
            Button("apply", "Apply", css_class="govuk-button--secondary"),
        )

    def values(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "list": data.get("list") or "upcoming",
            "q": data.get("q", ""),
            "pom": data.get("pom", ""),
            "sort": data.get("sort") or "date",
        }


class ChecklistItemForm(GovForm):
    status = forms.ChoiceField(
        label="Status", choices=ChecklistItem.Status.choices, widget=forms.RadioSelect
    )
    not_needed_reason = forms.CharField(
        label="If not needed, why not?", required=False, max_length=500
    )
    evidence = forms.CharField(
        label="Evidence note",
        required=False,
        widget=forms.Textarea,
        max_length=NOTE_LIMIT,
        help_text="What was done, by whom, and where the record is.",
    )
    owner = forms.ChoiceField(label="Owner", choices=ChecklistItem.Owner.choices)
    mappa_level = forms.TypedChoiceField(
        label="MAPPA level",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not confirmed"), *[(n, f"Level {n}") for n in range(4)]],
    )
    mappa_category = forms.TypedChoiceField(
        label="MAPPA category",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not confirmed"), *[(n, f"Category {n}") for n in range(1, 5)]],
    )
    review_date = _date_field("MAPPA review date", required=False)

    def __init__(self, *args: Any, code: str, can_change_owner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field.radios("status", legend_size=Size.SMALL, inline=True)]
        fields.append(Field.text("not_needed_reason"))
        if code == "mappa":
            fields += [
                Field.select("mappa_level"),
                Field.select("mappa_category"),
                Field("review_date"),
            ]
        else:
            for name in ("mappa_level", "mappa_category", "review_date"):
                del self.fields[name]
        fields.append(Field.textarea("evidence", rows=4))
        if can_change_owner:
            fields.append(Field.select("owner"))
        else:
            del self.fields["owner"]
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.fields["version"] = VersionField()
        self.helper.layout = Layout(*fields, "version", Button("save", "Save"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == "not_needed" and not data.get("not_needed_reason", "").strip():
            self.add_error("not_needed_reason", "Say why this is not needed.")
        return data


class ContactForm(GovForm):
    ATTENDEES = [("pom", "POM"), ("com", "COM"), ("prisoner", "The prisoner")]

    kind = forms.ChoiceField(
        label="What are you recording?",
        error_messages={"required": "Select what you are recording"},
        choices=HandoverContact.Kind.choices,
        widget=forms.RadioSelect,
    )
    contact_date = _date_field("Date", what="date of the contact")
    method = forms.ChoiceField(
        label="How",
        error_messages={"required": "Select how the contact happened"},
        choices=HandoverContact.Method.choices,
        widget=forms.RadioSelect,
    )
    attendees = forms.MultipleChoiceField(
        label="Who attended?",
        choices=ATTENDEES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A COM contact is always the COM and the prisoner.",
    )
    other_attendees = forms.CharField(
        label="Anyone else (optional)", required=False, max_length=300
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea, max_length=NOTE_LIMIT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field("contact_date"),
            Field.radios("method", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.text("other_attendees"),
            Field.textarea("notes", rows=4),
            Button("save", "Save"),
        )

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        attendees = set(data.get("attendees") or [])
        return {
            "kind": data["kind"],
            "contact_date": data["contact_date"],
            "method": data["method"],
            "pom_attended": "pom" in attendees,
            "com_attended": "com" in attendees,
            "prisoner_attended": "prisoner" in attendees,
            "other_attendees": data.get("other_attendees", ""),
            "notes": data.get("notes", ""),
        }


OUTCOME_CHOICES = [("", "Awaiting the outcome"), *ParoleReview.Outcome.choices]


class ParoleReviewForm(GovForm):
    hearing_date = _date_field("Hearing date")
    outcome = forms.ChoiceField(
        label="Outcome", choices=OUTCOME_CHOICES, required=False, widget=forms.RadioSelect
    )
    outcome_received_date = _date_field(
        "Outcome received on", what="date the outcome was received", required=False
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea, max_length=NOTE_LIMIT
    )
    version = VersionField()  # of the review whose outcome is entered

    def __init__(self, *args: Any, with_hearing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = []
        if with_hearing:
            fields.append(Field("hearing_date"))
            del self.fields["version"]  # a new review
        else:
            fields.append("version")
            del self.fields["hearing_date"]
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)  # declared above
            outcome.required = True
            outcome.choices = ParoleReview.Outcome.choices
            self.fields["outcome_received_date"].required = True
        fields += [
            Field.radios("outcome", legend_size=Size.SMALL),
            Field("outcome_received_date"),
            Field.textarea("notes", rows=3),
        ]
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*fields, Button("save", "Save"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("outcome")) != bool(data.get("outcome_received_date")):
            self.add_error(
                "outcome_received_date", "Record the outcome and the day it was received together."
            )
        return data


class OverrideForm(GovForm):
    reason = forms.ChoiceField(
        label="Why should the COM be responsible?",
        error_messages={"required": "Select why the COM should be responsible"},
        choices=ResponsibilityOverride.Reason.choices,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(
        label="Details",
        required=False,
        max_length=500,
        help_text="Needed when the reason is other.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Fieldset(
                Field.radios("reason", legend_size=Size.SMALL),
                Field.text("detail"),
                legend="Override responsibility",
                legend_size=Size.MEDIUM,
            ),
            Button("save", "Make the COM responsible"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == "other" and not data.get("detail", "").strip():
            self.add_error("detail", "Say why the COM should be responsible.")
        return data


class OverrideRemoveForm(GovForm):
    removal_reason = forms.CharField(
        label="Why are you removing the override?",
        error_messages={"required": "Enter why you are removing the override"},
        max_length=500,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("removal_reason"),
            Button("remove", "Remove the override", css_class="govuk-button--warning"),
        )


class NoteForm(GovForm):
    text = forms.CharField(
        label="Add a note",
        error_messages={"required": "Enter the note"},
        widget=forms.Textarea,
        max_length=LONG_NOTE_LIMIT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page wraps it, to post to the note URL
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.textarea("text", rows=3),
            Button("add", "Add note", css_class="govuk-button--secondary"),
        )
