"""The audit page's filters (GET): kind of row, case, person, and which end first."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from cases.models import PRISON_NUMBER_VALIDATOR
from cases.selectors.audit import AuditFilters


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of change", required=False)
    prison_number = forms.CharField(
        label="Prison number",
        required=False,
        max_length=7,
        help_text="For example, A1234BC",
    )
    user = forms.CharField(
        label="Username", required=False, max_length=150, help_text="Who made the change"
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
    )

    def __init__(self, *args: Any, kinds: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any"), *kinds.items()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("kind"),
            Field.text("prison_number"),
            Field.text("user"),
            Field.select("sort"),
            Button("apply", "Apply filters", css_class="govuk-button--secondary"),
        )

    def clean_prison_number(self) -> str:
        number = str(self.cleaned_data.get("prison_number") or "").strip().upper()
        if number:
            PRISON_NUMBER_VALIDATOR(number)
        return number

    def filters(self) -> AuditFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilters(
            kind=data.get("kind", ""),
            prison_number=data.get("prison_number", ""),
            actor=data.get("user", ""),
            oldest_first=data.get("sort") == "oldest",
        )
