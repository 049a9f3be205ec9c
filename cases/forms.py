"""Forms validate the shape of input; services apply the rules."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from cases.models import Prisoner, PrisonPolicy
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


# Labels staff recognise, grouped as the OMiC rules are (omic-rules.md sections 3, 5, 6, 9).
POLICY_GROUPS: dict[str, dict[str, str]] = {
    "Handover to the COM": {
        "handover_rule": "Handover rule",
        "community_case_months": "Community case if this many months or less to serve",
        "early_allocation_months": "Early allocation: handover this many months before release",
        "indeterminate_handover_months": "National rule, indeterminate: months before release",
        "parole_handover_months": "National rule, parole eligible: months before the PED",
        "determinate_handover_months": "National rule, determinate: months before release",
        "determinate_handover_days": "National rule, determinate: and days",
        "legacy_parole_handover_months": "Legacy rule, parole or indeterminate: months",
        "legacy_nps_handover_months": "Legacy rule, probation-led: months",
        "legacy_nps_handover_days": "Legacy rule, probation-led: and days",
        "legacy_crc_handover_weeks": "Legacy rule, others: weeks",
        "handover_months": "Single point rule: months before release",
        "com_allocation_lead_weeks": "Single point rule: COM allocated weeks before handover",
        "handover_upcoming_days": "List a handover as upcoming this many days before",
        "com_allocation_overdue_days": "COM allocation overdue this many days after its date",
    },
    "Deadlines": {
        "bcs_hours": "Basic Custody Screening: hours after arrival",
        "sentence_calculation_days": "Sentence calculation: days after sentence",
        "transfer_working_days": "Transfer from reception: working days after sentence",
        "keyworker_allocation_days": "Keyworker allocated: days after arrival",
        "categorisation_working_days": "Categorisation: working days after documents received",
        "recategorisation_months_short": "Recategorisation: months, if short time to serve",
        "recategorisation_months_long": "Recategorisation: months, if long time to serve",
        "recategorisation_threshold_years": "Short time to serve is this many years or less",
        "oasys_short_weeks": "OASys: weeks after sentence, under the threshold",
        "oasys_long_weeks": "OASys: weeks after sentence, at or over the threshold",
        "oasys_indeterminate_weeks": "OASys: weeks after sentence, indeterminate",
        "oasys_long_threshold_months": "OASys threshold: months to serve",
        "oasys_review_months": "OASys review: months after the last OASys",
        "pom_contact_high_rosh_months": "POM contact, high or very high ROSH: every N months",
        "pom_contact_other_months": "POM contact, other cases: every N months",
        "due_soon_days": "A deadline is due soon this many days before",
        "bcs_due_soon_hours": "A BCS is due soon this many hours before",
        "bank_holiday_country": "Bank holidays",
    },
    "Keywork and caseloads": {
        "keywork_frequency_weeks": "Keywork session every N weeks (1 to 4)",
        "keywork_session_minutes": "Keywork session length in minutes",
        "keyworker_capacity": "Prisoners per keyworker",
        "pom_capacity": "Cases for a full-time POM",
        "senior_pom_capacity": "Cases for a senior POM",
        "new_pom_capacity": "Cases for a new POM",
    },
}
POLICY_LABELS = {name: label for group in POLICY_GROUPS.values() for name, label in group.items()}


class PrisonPolicyForm(forms.ModelForm):
    reason = forms.CharField(
        label="Why are you changing the policy?",
        max_length=300,
        help_text="This is kept in the policy's history.",
    )

    class Meta:
        model = PrisonPolicy
        fields = list(POLICY_LABELS)
        labels = POLICY_LABELS

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        fieldsets = [
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
            for title, group in POLICY_GROUPS.items()
        ]
        self.helper.layout = Layout(*fieldsets, Field.text("reason"), Button("save", "Save policy"))

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in POLICY_LABELS}
