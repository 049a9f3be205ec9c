"""Forms of the directory: its filters, catalogue entries, offerings and cohorts. Forms validate
the shape of input; `interventions.services` apply the rules."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet

from cases.forms.govuk import GovForm
from cases.models import Prisoner
from cases.models.text import NOTE_LIMIT
from interventions.forms.common import date_field, field_of, layout_helper
from interventions.models import Intervention, ResettlementNeed
from interventions.selectors.offerings import DirectoryFilters


class DirectoryFilterForm(GovForm):
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


class InterventionForm(GovForm):
    """A catalogue entry: what it is, who it is for and how long it lasts."""

    name = forms.CharField(label="Name", max_length=120)
    kind = forms.ChoiceField(label="Kind", choices=Intervention.Kind.choices)
    provider = forms.CharField(
        label="Provider", max_length=120, required=False, help_text="For example, Catch22"
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea, max_length=NOTE_LIMIT, required=False
    )
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
        self.helper = layout_helper(
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


class OfferingAddForm(GovForm):
    intervention = forms.ModelChoiceField(
        label="Intervention", queryset=Intervention.objects.none(), empty_label="Choose one"
    )
    running = forms.BooleanField(label="Running now", required=False, initial=True)
    contact = forms.CharField(label="Contact here", max_length=120, required=False)
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea, max_length=NOTE_LIMIT, required=False
    )

    def __init__(self, *args: Any, catalogue: QuerySet[Intervention], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "intervention", forms.ModelChoiceField).queryset = catalogue
        self.helper = layout_helper(
            Field.select("intervention"),
            Field.checkbox("running", small=True),
            Field.text("contact"),
            Field.textarea("notes", rows=3),
            button="Add to the directory",
        )


class OfferingForm(GovForm):
    running = forms.BooleanField(label="Running now", required=False)
    contact = forms.CharField(label="Contact here", max_length=120, required=False)
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea, max_length=NOTE_LIMIT, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field.checkbox("running", small=True),
            Field.text("contact"),
            Field.textarea("notes", rows=3),
        )


class CohortForm(GovForm):
    start_date = date_field("Start date")
    capacity = forms.IntegerField(
        label="Places",
        error_messages={"required": "Enter the number of places"},
        min_value=1,
        max_value=200,
    )
    notes = forms.CharField(label="Notes", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field("start_date"), Field.text("capacity", field_width=4), Field.text("notes")
        )
