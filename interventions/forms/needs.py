"""Forms of resettlement needs: a new need, and a dated update."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from cases.versions import VersionField
from interventions.forms.common import date_field, layout_helper
from interventions.models import ResettlementNeed


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
    identified_on = date_field("Identified on")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field.select("area"),
            Field.radios("owner", legend_size=Size.SMALL, inline=True, small=True),
            Field.select("source"),
            Field("identified_on"),
            Field.textarea("notes", rows=3),
            button="Add the need",
        )


class NeedUpdateForm(forms.Form):
    on = date_field("Date")
    status = forms.ChoiceField(
        label="Status", choices=ResettlementNeed.Status.choices, widget=forms.RadioSelect
    )
    owner = forms.ChoiceField(
        label="Who acts on it", choices=ResettlementNeed.Owner.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="What was done or decided", widget=forms.Textarea)
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout_helper(
            Field("on"),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.radios("owner", legend_size=Size.SMALL, inline=True, small=True),
            Field.textarea("note", rows=3),
            "version",
            button="Save the update",
        )
