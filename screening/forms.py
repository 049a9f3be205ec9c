"""Forms for screening: they check the shape of input; services apply the rules."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms

from cases.versions import VersionField
from interventions.models import ResettlementNeed
from screening import rules
from screening.models import (
    Bcs,
    BcsArea,
    Categorisation,
    OasysAssessment,
    SentencePlanObjective,
    Task,
)
from screening.selectors import TaskFilters

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _as_yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class TaskFilterForm(forms.Form):
    """Filters of the task lists (GET). The OMU list adds team, owner and flag."""

    kind = forms.ChoiceField(
        label="Task", required=False, choices=[("", "All tasks"), *Task.Kind.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("open", "Open"),
            ("closed", "Done or not needed"),
            *[(v, label) for v, label in Task.Status.choices if v != "open"],
        ],
    )

    def __init__(self, *args: Any, owners: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields = [Field.select("kind"), Field.select("status")]
        if owners is not None:
            self.fields["flag"] = forms.ChoiceField(
                label="Due",
                required=False,
                choices=[("", "Any"), ("overdue", "Overdue"), ("due_soon", "Due soon")],
            )
            self.fields["team"] = forms.ChoiceField(
                label="Team",
                required=False,
                choices=[
                    ("", "Everyone"),
                    ("prison_pom", "Prison POMs"),
                    ("probation_pom", "Probation POMs"),
                    ("senior_pom", "Senior POMs"),
                    ("omu", "OMU (no POM)"),
                ],
            )
            self.fields["owner"] = forms.ChoiceField(
                label="Owner",
                required=False,
                choices=[("", "Anyone"), ("none", "No owner (OMU)"), *owners],
            )
            fields += [Field.select("flag"), Field.select("team"), Field.select("owner")]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            *fields, Button("apply", "Apply filters", css_class="govuk-button--secondary")
        )

    def filters(self) -> TaskFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return TaskFilters(
            kind=data.get("kind", ""),
            status=data.get("status") or "open",
            team=data.get("team", ""),
            owner=data.get("owner", ""),
            flag=data.get("flag", ""),
        )


class TaskCompleteForm(forms.Form):
    prefix = "done"
    completed_on = forms.DateField(
        label="Date it was done",
        required=False,
        help_text="Leave empty for today.",
        widget=DATE_WIDGET,
    )
    note = forms.CharField(label="Notes (optional)", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("completed_on"), Field.text("note"), Button("complete", "Mark as done")
        )


class TaskNotNeededForm(forms.Form):
    prefix = "skip"
    reason = forms.CharField(label="Why is this task not needed?", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reason"),
            Button("not_needed", "Mark as not needed", css_class="govuk-button--secondary"),
        )


class BcsForm(forms.Form):
    """The 8 BCS areas (need, notes, referral) and the two immediate risks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = []
        for area, label in BcsArea.Area.choices:
            short = label.split(" (")[0]
            self.fields[f"{area}_need"] = forms.ChoiceField(
                label=f"Is there a need for {short.lower()}?",
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{area}_notes"] = forms.CharField(
                label=f"{short}: notes", required=False, widget=forms.Textarea
            )
            self.fields[f"{area}_referral"] = forms.BooleanField(
                label=f"Ask for a referral for {short.lower()}", required=False
            )
            layout += [
                HTML(f'<h2 class="govuk-heading-m govuk-!-margin-top-6">{label}</h2>'),
                Field.radios(f"{area}_need", legend_size=Size.SMALL, inline=True),
            ]
            if area == "substance_misuse":
                self.fields["substance_misuse_substances"] = forms.ChoiceField(
                    label="If there is a need, which substances?",
                    choices=BcsArea.Substances.choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
                layout.append(
                    Field.radios("substance_misuse_substances", legend_size=Size.SMALL, inline=True)
                )
            layout += [
                Field.textarea(f"{area}_notes", rows=2),
                Field.checkbox(f"{area}_referral", small=True),
            ]
        layout.append(HTML('<h2 class="govuk-heading-m govuk-!-margin-top-6">Immediate risks</h2>'))
        for risk, text in (("self_harm", "self-harm"), ("cell_sharing", "cell sharing")):
            self.fields[f"{risk}_risk"] = forms.ChoiceField(
                label=f"Is there an immediate {text} risk?",
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{risk}_notes"] = forms.CharField(
                label=f"{text.capitalize()} risk: notes and action taken",
                required=False,
                widget=forms.Textarea,
            )
            layout += [
                Field.radios(f"{risk}_risk", legend_size=Size.SMALL, inline=True),
                Field.textarea(f"{risk}_notes", rows=2),
            ]
        self.fields["version"] = VersionField()
        layout += [
            "version",
            Button("complete", "Complete screening"),
            Button("save", "Save draft", css_class="govuk-button--secondary"),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    @staticmethod
    def initial_from(bcs: Bcs | None) -> dict[str, object]:
        if bcs is None:
            return {"version": 0}
        initial: dict[str, object] = {
            "version": bcs.version,
            "self_harm_risk": _as_yes_no(bcs.self_harm_risk),
            "self_harm_notes": bcs.self_harm_notes,
            "cell_sharing_risk": _as_yes_no(bcs.cell_sharing_risk),
            "cell_sharing_notes": bcs.cell_sharing_notes,
        }
        for row in bcs.areas.all():
            initial[f"{row.area}_need"] = _as_yes_no(row.need)
            initial[f"{row.area}_notes"] = row.notes
            initial[f"{row.area}_referral"] = row.referral_requested
            if row.area == "substance_misuse":
                initial["substance_misuse_substances"] = row.substances
        return initial

    def answers(self) -> rules.BcsAnswers:
        data = self.cleaned_data
        areas = {
            area: rules.AreaAnswer(
                need=_yes_no(data.get(f"{area}_need")),
                notes=data.get(f"{area}_notes", ""),
                referral_requested=bool(data.get(f"{area}_referral")),
                substances=data.get("substance_misuse_substances", "")
                if area == "substance_misuse"
                else "",
            )
            for area in rules.BCS_AREAS
        }
        return rules.BcsAnswers(
            areas=areas,
            self_harm_risk=_yes_no(data.get("self_harm_risk")),
            self_harm_notes=data.get("self_harm_notes", ""),
            cell_sharing_risk=_yes_no(data.get("cell_sharing_risk")),
            cell_sharing_notes=data.get("cell_sharing_notes", ""),
        )


class DocumentsReceivedForm(forms.Form):
    prefix = "docs"
    documents_received_date = forms.DateField(
        label="Date all essential documents were received",
        help_text="Categorisation is due 10 working days after this date.",
        widget=DATE_WIDGET,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("documents_received_date"),
            Button("documents", "Save date", css_class="govuk-button--secondary"),
        )


class CategoryDecisionForm(forms.Form):
    prefix = "decision"
    category = forms.ChoiceField(label="Category", widget=forms.RadioSelect)
    decided_on = forms.DateField(label="Date of the decision", widget=DATE_WIDGET)
    reason = forms.CharField(label="Reason for the decision", widget=forms.Textarea)

    def __init__(self, *args: Any, categories: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Categorisation.Category.choices)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)  # declared above
        category.choices = [(c, labels[c]) for c in categories]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("category", legend_size=Size.SMALL),
            Field("decided_on"),
            Field.textarea("reason", rows=3),
            Button("decision", "Record the decision"),
        )


class OasysForm(forms.Form):
    prefix = "oasys"
    kind = forms.ChoiceField(
        label="Type of OASys", choices=OasysAssessment.Kind.choices, widget=forms.RadioSelect
    )
    completed_on = forms.DateField(label="Date the OASys was completed", widget=DATE_WIDGET)
    sentence_plan_completed_on = forms.DateField(
        label="Date the sentence plan was completed (optional)",
        required=False,
        widget=DATE_WIDGET,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field("completed_on"),
            Field("sentence_plan_completed_on"),
            Button("oasys", "Record the OASys"),
        )


class ObjectiveForm(forms.Form):
    prefix = "objective"
    need_area = forms.ChoiceField(label="Need", choices=ResettlementNeed.Area.choices)
    description = forms.CharField(label="Objective", max_length=300)
    target_date = forms.DateField(
        label="Target date (optional)", required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("need_area"),
            Field.text("description"),
            Field("target_date"),
            Button("objective", "Add objective", css_class="govuk-button--secondary"),
        )


class ObjectiveStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=SentencePlanObjective.Status.choices)
