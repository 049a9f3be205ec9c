"""Forms check the shape of input; the services apply the allocation rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from allocation.models import AllocationEvent
from allocation.rules import AUTOMATIC_CRITERIA, DISCRETIONARY_CRITERIA
from cases.models import Prisoner, StaffMember
from cases.selectors import POM_TYPE_LABELS
from cases.versions import VersionField, with_version


def _set_choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    """Choices known only when the page draws the form (people, sort orders)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class QueueFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="POM type needed",
        required=False,
        choices=[("", "Any"), *POM_TYPE_LABELS.items()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("type"),
            Button("apply", "Apply filter", css_class="govuk-button--secondary"),
        )

    def pom_type(self) -> str:
        return self.cleaned_data.get("type", "") if self.is_valid() else ""


class SortForm(forms.Form):
    """A list's sort order (GET); choices are set by the page."""

    sort = forms.ChoiceField(label="Sort by", required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "sort", choices)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("sort"),
            Button("apply", "Sort", css_class="govuk-button--secondary"),
        )

    def value(self) -> str:
        return (self.cleaned_data.get("sort") or "") if self.is_valid() else ""


class AllocateForm(forms.Form):
    """Confirming an allocation: the version drawn, an override reason when warned, a note."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    override_reason = forms.ChoiceField(
        label="Why allocate despite the warnings?",
        required=False,
        choices=AllocationEvent.OverrideReason.choices,
        widget=forms.RadioSelect,
    )
    override_detail = forms.CharField(
        label="Details",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for 'not suitable' and 'other'.",
    )
    reason = forms.CharField(
        label="Why is the case being re-allocated?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label="Note to the POM (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent with the email telling them about the case.",
    )

    def __init__(self, *args: Any, warned: bool, reallocating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        fields: list[Any] = ["version"]
        if warned:
            fields += [
                Field.radios("override_reason", legend_size=Size.MEDIUM),
                Field.textarea("override_detail", rows=3),
            ]
        else:
            del self.fields["override_reason"], self.fields["override_detail"]
        if reallocating:
            self.fields["reason"].required = True
            fields.append(Field.textarea("reason", rows=3))
        else:
            del self.fields["reason"]
        fields += [Field.textarea("note", rows=4), Button("confirm", "Confirm allocation")]
        self.helper.layout = Layout(*fields)


class RemoveForm(forms.Form):
    """Removing a POM, co-working POM, keyworker or COM: a reason, against the version drawn."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label="Why are you removing them?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            "version",
            Field.textarea("reason", rows=3),
            Button("remove", button, css_class="govuk-button--warning"),
        )


class MissingInformationForm(forms.Form):
    tier = forms.CharField(
        label="Tier",
        required=False,
        max_length=2,
        help_text="A letter A to D and a digit 0 to 3, like B2.",
    )
    rosh = forms.ChoiceField(
        label="Risk of serious harm (ROSH)",
        required=False,
        choices=[("", "Not recorded"), *Prisoner.Rosh.choices],
    )
    complexity_of_need = forms.ChoiceField(
        label="Complexity of need",
        required=False,
        choices=[("", "Not recorded"), *Prisoner.Complexity.choices],
        help_text="Needed in the women's estate.",
    )
    reason = forms.CharField(
        label="Where does this information come from?",
        required=False,
        max_length=100,
        help_text="For example, OASys completed 3 March. Kept in the case's history.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("tier", field_width=4),
            Field.select("rosh"),
            Field.select("complexity_of_need"),
            Field.text("reason"),
            Button("save", "Save and continue"),
        )


class ComForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    com_user = forms.ChoiceField(
        label="COM who uses this service (optional)",
        required=False,
        help_text="Choose them to let them see the case; or enter the details below.",
    )
    name = forms.CharField(label="COM name", required=False, max_length=200)
    email = forms.EmailField(label="COM email", required=False)
    team = forms.CharField(label="Probation team", required=False, max_length=200)
    pdu = forms.CharField(label="Probation delivery unit (PDU)", required=False, max_length=200)
    allocated_on = forms.DateField(
        label="Date allocated",
        help_text="For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="Note for the history (optional)", required=False, max_length=300
    )

    def __init__(self, *args: Any, com_users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "com_user", [("", "Not in this service"), *com_users])
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            "version",
            Field.select("com_user"),
            Field.text("name"),
            Field.text("email", field_width=20),
            Field.text("team"),
            Field.text("pdu"),
            Field("allocated_on"),
            Field.text("reason"),
            Button("save", "Save COM"),
        )


class KeyworkerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    keyworker = forms.ChoiceField(label="Keyworker", widget=forms.RadioSelect)

    def __init__(self, *args: Any, keyworkers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "keyworker", keyworkers)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            "version",
            Field.radios("keyworker", legend_size=Size.MEDIUM),
            Button("save", "Allocate keyworker"),
        )


class StaffForm(forms.ModelForm):
    reason = forms.CharField(
        label="Why the change?",
        required=False,
        max_length=100,
        help_text="Kept in their history.",
    )
    version = VersionField()

    class Meta:
        model = StaffMember
        fields = [
            "grade",
            "working_hours",
            "capacity_override",
            "is_new_pom",
            "status",
            "return_date",
        ]
        labels = {
            "working_hours": "Working hours a week",
            "capacity_override": "Capacity override (cases)",
            "is_new_pom": "New POM (reduced capacity for the first months)",
            "return_date": "Return from leave on",
        }
        help_texts = {
            "return_date": "Only for leave. They are set back to active on this day.",
            "capacity_override": "Leave empty to use the prison's policy.",
        }
        widgets = {"return_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("grade"),
            Field.text("working_hours", field_width=4),
            Field.text("capacity_override", field_width=4),
            Field.checkbox("is_new_pom"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field("return_date"),
            Field.text("reason"),
            "version",
            Button("save", "Save"),
        )
        with_version(self, self.instance.version)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _criteria(criteria: Sequence[Any]) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in criteria]


class EarlyAllocationForm(forms.Form):
    """A POM's early allocation assessment: the automatic criteria, else the discretionary ones
    with the reasons (docs/rules.md#early-allocation)."""

    oasys_risk_assessment_date = forms.DateField(
        label="Date of the last OASys risk assessment",
        help_text="It must be from the last 3 months. For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    automatic = forms.MultipleChoiceField(
        label="Which of these apply to the prisoner?",
        help_text="Any one makes the case eligible for early allocation. Select all that apply.",
        required=False,
        choices=_criteria(AUTOMATIC_CRITERIA),
        widget=forms.CheckboxSelectMultiple,
    )
    discretionary = forms.MultipleChoiceField(
        label="If none of those apply, which of these do?",
        help_text=(
            "Any one makes the case discretionary: the head of OMU decides. Leave them all "
            "unticked when an automatic criterion applies."
        ),
        required=False,
        choices=_criteria(DISCRETIONARY_CRITERIA),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="Why should the COM take this case early? (discretionary cases)",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("oasys_risk_assessment_date"),
            Field.checkboxes("automatic", legend_size=Size.MEDIUM, small=True),
            Field.checkboxes("discretionary", legend_size=Size.MEDIUM, small=True),
            Field.textarea("reason", rows=4),
            Button("save", "Save the assessment"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("automatic")
            and data.get("discretionary")
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", "Say why the COM should take this case early.")
        return data


class EarlyAllocationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve early allocation"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note", help_text="Why, for the record.", max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("note", rows=3),
            Button("decide", "Record the decision"),
        )


class EarlyAllocationWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the assessment?", max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3),
            Button("withdraw", "Withdraw the assessment", css_class="govuk-button--warning"),
        )
