"""Forms validate the shape of input; services apply the rules. Sign-in, the prisoner list's
filters, the prison switcher, a prison's policy, and showing a service's errors on a form."""

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from cases.forms.dates import GovDateField
from cases.forms.govuk import GovForm, GovFormMixin, GovModelForm
from cases.models import Prisoner, PrisonPolicy
from cases.selectors.policy import POLICY_GROUPS
from cases.selectors.prisoners import SORTS, PrisonerListFilters
from cases.versions import VersionField, with_version


class LoginForm(GovFormMixin, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Button("submit", "Sign in"),
        )


class PrisonerFilterForm(GovForm):
    """The prisoner list's search, filters and sort (GET)."""

    q = forms.CharField(
        label="Name or prison number",
        required=False,
        max_length=100,
        help_text="For example, Smith or A1234BC",
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        required=False,
        choices=[("", "Any")] + list(Prisoner.LegalStatus.choices),
    )
    pom = forms.ChoiceField(
        label="POM",
        required=False,
        choices=[("", "Anyone"), ("me", "My cases"), ("none", "No POM yet")],
    )
    release_before = GovDateField(label="Release before", what="release date", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("name", "Surname A to Z"),
            ("-name", "Surname Z to A"),
            ("number", "Prison number"),
            ("release", "Release date, soonest first"),
            ("-release", "Release date, latest first"),
            ("arrival", "Arrival, newest first"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("legal_status"),
            Field.select("pom"),
            Field("release_before"),
            Field.select("sort"),
            Button("apply", "Apply filters", css_class="govuk-button--secondary"),
        )

    def filters(self) -> PrisonerListFilters:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "name"
        return PrisonerListFilters(
            q=data.get("q", ""),
            legal_status=data.get("legal_status", ""),
            pom=data.get("pom", ""),
            release_before=data.get("release_before"),
            sort=sort if sort in SORTS else "name",
        )


class SwitchPrisonForm(GovForm):
    prison = forms.ChoiceField(label="Prison", widget=forms.Select(attrs={"class": "govuk-select"}))

    def __init__(self, *args: Any, prisons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["prison"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = prisons


POLICY_LABELS = {name: label for group in POLICY_GROUPS.values() for name, label in group.items()}


class PrisonPolicyForm(GovModelForm):
    reason = forms.CharField(
        label="Why are you changing the policy?",
        error_messages={"required": "Enter why you are changing the policy"},
        max_length=300,
        help_text="This is kept in the policy's history.",
    )
    version = VersionField()

    class Meta:
        model = PrisonPolicy
        fields = list(POLICY_LABELS)
        labels = POLICY_LABELS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        fieldsets = [
            Fieldset(
                *[
                    Field.select(n)
                    if n in {"handover_rule", "bank_holiday_country"}
                    else Field.checkbox(n)
                    if n in PrisonPolicy.ACCESS_FIELDS
                    else Field.text(n, field_width=4)
                    for n in group
                ],
                legend=title,
                legend_size=Size.MEDIUM,
            )
            for title, group in POLICY_GROUPS.items()
        ]
        self.helper.layout = Layout(
            *fieldsets, Field.text("reason"), "version", Button("save", "Save policy")
        )
        with_version(self, self.instance.version)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField) and not field.widget.is_hidden:
                label = str(field.label)
                field.error_messages["required"] = (
                    f"Enter a number for {label[:1].lower()}{label[1:]}"
                )

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in POLICY_LABELS}


def add_service_error(
    form: forms.BaseForm, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message on its field when the form
    has it (or an alias of it), otherwise at the top, so nothing the service said is lost."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


class MonthlyReportForm(GovForm):
    """The monthly report's month (GET): one of the months with figures, newest first."""

    month = forms.ChoiceField(
        label="Month",
        error_messages={"invalid_choice": "Choose a month from the list"},
    )

    def __init__(self, *args: Any, months: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.months = {f"{m:%Y-%m}": m for m in months}
        field = self.fields["month"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, f"{m:%B %Y}") for key, m in self.months.items()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "omu-no-print"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("month"),
            Button("show", "Show month", css_class="govuk-button--secondary"),
        )

    def chosen(self) -> dt.date:
        """The month asked for, or the newest when none (or none valid) was."""
        if self.is_bound and self.is_valid():
            return self.months[self.cleaned_data["month"]]
        return next(iter(self.months.values()))
