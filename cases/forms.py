"""Forms validate the shape of input; services apply the rules."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from cases.models import Prisoner
from cases.selectors import SORTS, PrisonerListFilters


class LoginForm(AuthenticationForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Button("submit", "Sign in"),
        )


class PrisonerFilterForm(forms.Form):
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
    release_before = forms.DateField(
        label="Release before",
        required=False,
        help_text="For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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


class SwitchPrisonForm(forms.Form):
    prison = forms.ChoiceField(label="Prison")

    def __init__(self, *args: object, prisons: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["prison"].choices = prisons
