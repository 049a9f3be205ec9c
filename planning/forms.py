"""The policy what-if's forms: where to try a policy and which thresholds to change (nothing is
saved), and the reason when the policy tried is applied."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.db import models
from django.urls import reverse_lazy

from cases.forms.govuk import GovForm
from cases.models import PrisonPolicy
from cases.selectors import POLICY_GROUPS

# The engine's thresholds by group as the policy page shows them; the access settings are not
# thresholds. The handover and caseload groups come first: they are what a what-if is mostly for.
GROUPS: dict[str, dict[str, str]] = {
    title: {name: label for name, label in group.items() if name not in PrisonPolicy.ACCESS_FIELDS}
    for title, group in sorted(POLICY_GROUPS.items(), key=lambda item: item[0] == "Deadlines")
    if set(group) - set(PrisonPolicy.ACCESS_FIELDS)
}
THRESHOLDS: list[str] = [name for group in GROUPS.values() for name in group]
LABELS: dict[str, str] = {name: label for group in GROUPS.values() for name, label in group.items()}


def changes_shown(changes: dict[str, object]) -> list[tuple[str, str, object]]:
    """(field, label, value) of each threshold tried, for the page."""
    return [(name, LABELS.get(name, name), value) for name, value in changes.items()]


class ScopeForm(GovForm):
    """Which prison to try a policy at, or all of the user's."""

    scope = forms.ChoiceField(label="Prison")

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = scopes
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("planning-whatif-start")
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("scope"), Button("choose", "Choose", css_class="govuk-button--secondary")
        )


class WhatIfForm(GovForm):
    """The thresholds to try. A blank threshold keeps each prison's own."""

    def __init__(self, *args: Any, current: dict[str, object], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in THRESHOLDS:
            model_field = PrisonPolicy._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            field = model_field.formfield(required=False)
            assert field is not None
            field.label = LABELS[name]
            field.initial = current.get(name)
            if isinstance(field, forms.TypedChoiceField):
                field.choices = [("", "As each prison has it"), *(model_field.choices or ())]
            self.fields[name] = field
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            *[
                Fieldset(
                    *[
                        Field.select(n)
                        if n in {"handover_rule", "bank_holiday_country"}
                        else Field.text(n, field_width=4)
                        for n in group
                    ],
                    legend=title,
                    legend_size=Size.MEDIUM,
                )
                for title, group in GROUPS.items()
            ],
            Button("run", "See what would change"),
        )

    def changes(self, current: dict[str, object] | None) -> dict[str, object]:
        """The thresholds given that differ from `current` (None: every value given, for a
        what-if across prisons, each with its own policy)."""
        changes = {}
        for name in THRESHOLDS:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if current is None or current.get(name) != value:
                changes[name] = value
        return changes


class ApplyForm(GovForm):
    """The reason for applying the policy tried; the page's form carries the thresholds."""

    reason = forms.CharField(
        label="Why are you changing the policy?",
        max_length=300,
        help_text="This is kept in the policy's history.",
    )
    # The policy version tried against, as "LEI:3" (no lost updates: `whatif_apply`).
    versions = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("reason"), "versions", Button("apply", "Apply this policy")
        )

    def clean_versions(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in self.cleaned_data["versions"].split(","):
            code, _, number = part.partition(":")
            if not code.strip() or not number.strip().isdigit():
                raise forms.ValidationError("The policy version tried against is missing.")
            found[code.strip().upper()] = int(number)
        return found


def versions_text(versions: dict[str, int]) -> str:
    """`ApplyForm`'s hidden value: each prison's policy version, as "LEI:3,MDI:0"."""
    return ",".join(f"{code}:{number}" for code, number in versions.items())
