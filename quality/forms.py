"""Forms validate the shape of input; `quality.services` apply the rules."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms
from django.contrib.auth.models import User
from django.utils.html import format_html, format_html_join

from cases.text import display_name
from quality import rules
from quality.selectors import CaseReview, QuestionView


def _record_says(view: QuestionView) -> str:
    """The inset under a question: the record's suggestion and where to check it."""
    links = format_html_join(
        ", ",
        '<a class="govuk-link" href="{}">{}</a>',
        ((url, label) for label, url in view.evidence),
    )
    return format_html(
        '<div class="govuk-inset-text" data-testid="suggestion-{}">'
        '<p class="govuk-body">From the record: <strong>{}</strong>. {}</p>'
        '<p class="govuk-body govuk-!-margin-bottom-0">Check: {}</p></div>',
        view.question.code,
        view.suggested_label,
        view.suggestion.explanation,
        links,
    )


class ReviewForm(forms.Form):
    """One judgement and one note for each question. A question not yet answered starts from
    the record's suggestion; a note needs a judgement."""

    def __init__(self, *args: Any, review: CaseReview, **kwargs: Any) -> None:
        initial = kwargs.pop("initial", None) or {}
        for view in review.questions:
            code = view.question.code
            if view.answer is not None:
                initial.setdefault(f"{code}_judgement", view.answer.judgement)
                initial.setdefault(f"{code}_note", view.answer.note)
            else:  # prefilled from the record, for the reviewer to confirm or change
                initial.setdefault(f"{code}_judgement", view.suggestion.judgement)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        layout: list[Any] = []
        for number, view in enumerate(review.questions, start=1):
            code = view.question.code
            self.fields[f"{code}_judgement"] = forms.ChoiceField(
                label=f"{number}. {view.question.text}",
                help_text=view.question.hint,
                choices=list(rules.JUDGEMENTS.items()),
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{code}_note"] = forms.CharField(
                label=f"Note on question {number} (optional)",
                # crispy-forms-gds's character count needs a hint to describe the field.
                help_text="What you found, and where.",
                required=False,
                max_length=rules.NOTE_MAX_LENGTH,
                widget=forms.Textarea,
            )
            layout += [
                Field.radios(f"{code}_judgement", legend_size=Size.MEDIUM, legend_tag="h2"),
                HTML(_record_says(view)),
                Field.textarea(f"{code}_note", rows=3, max_characters=rules.NOTE_MAX_LENGTH),
            ]
        layout.append(Button("save", "Save answers"))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code in rules.QUESTION_CODES:
            if data.get(f"{code}_note") and not data.get(f"{code}_judgement"):
                self.add_error(f"{code}_judgement", "Choose a judgement for the note you wrote.")
        return data

    def answers(self) -> list[dict[str, str]]:
        """The questions answered, as the service takes them."""
        return [
            {
                "question": code,
                "judgement": self.cleaned_data[f"{code}_judgement"],
                "note": self.cleaned_data[f"{code}_note"],
            }
            for code in rules.QUESTION_CODES
            if self.cleaned_data.get(f"{code}_judgement")
        ]


class ReassignForm(forms.Form):
    reviewer = forms.ChoiceField(label="Reviewer")
    reason = forms.CharField(label="Why is the reviewer changing?", max_length=100)

    def __init__(self, *args: Any, reviewers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reviewers = {str(r.pk): r for r in reviewers}
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(pk, display_name(r)) for pk, r in self.reviewers.items()]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("reviewer"), Field.text("reason"), Button("save", "Change the reviewer")
        )

    def chosen(self) -> User:
        return self.reviewers[self.cleaned_data["reviewer"]]


class SampleFilterForm(forms.Form):
    """The sample page's month and "my cases" filter (GET)."""

    month = forms.CharField(required=False, label="Month", help_text="For example, 2026-12")
    mine = forms.BooleanField(required=False, label="Only the cases I review")

    def clean_month(self) -> str:
        value = self.cleaned_data["month"].strip()
        if value:
            try:
                rules.parse_month(value)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return value


class DrawForm(forms.Form):
    """The head of OMU draws the month's sample now, rather than waiting for the 1st."""

    month = forms.CharField(widget=forms.HiddenInput)

    def clean_month(self) -> str:
        try:
            rules.parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return str(self.cleaned_data["month"])
