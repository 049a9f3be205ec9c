"""The GOV.UK Design System's patterns for fields crispy-forms-gds leaves to us: numbers as text
boxes with a numeric keyboard, and error messages that name the field in the user's words
("Enter the date of the session", "Select the type of session") rather than Django's "This field
is required."."""

from __future__ import annotations

from typing import Any

from django import forms

DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])


def numeric_widget(*, decimal: bool = False) -> forms.TextInput:
    """A number as the Design System asks: a text box with a numeric keyboard, not the
    browser's spinner (`type=number`), which rounds, scrolls and is hard to read out."""
    return forms.TextInput(
        attrs={"inputmode": "decimal" if decimal else "numeric", "spellcheck": "false"}
    )


def _what(field: forms.Field, name: str) -> str:
    """The field's name in a sentence: its label without "(optional)", in lower case."""
    label = str(field.label or name.replace("_", " "))
    label = label.replace("(optional)", "").strip().rstrip("?:")
    return label[:1].lower() + label[1:] if not label[1:2].isupper() else label


NO_ARTICLE = ("the ", "a ", "an ", "what ", "who ", "how ", "why ", "when ", "where ", "if ")


def _required_message(field: forms.Field, what: str) -> str:
    """ "Enter the outcome", "Select the status", "Choose the grade": the field's label as
    the thing to give. (A label put as a question needs its own message.)"""
    if not what.startswith(NO_ARTICLE):
        what = f"the {what}"
    if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"Select {what}"
    if isinstance(field, forms.ChoiceField):
        return f"Choose {what}"
    if isinstance(field, forms.FileField):
        return f"Select {what}"
    return f"Enter {what}"


def numbers_as_text(form: forms.BaseForm) -> None:
    """Every whole or decimal number of the form as a GOV.UK text box with a numeric keyboard,
    and its messages naming it ("Cases for a new POM must be 0 or more")."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField | forms.DecimalField) or isinstance(
            field.widget, forms.HiddenInput
        ):
            continue
        decimal = isinstance(field, forms.DecimalField)
        field.widget = numeric_widget(decimal=decimal)
        label = str(field.label or name)
        kind = "a number" if decimal else "a whole number"
        messages = {"invalid": f"{label} must be {kind}"}
        if getattr(field, "min_value", None) is not None:
            messages["min_value"] = f"{label} must be {field.min_value} or more"
        if getattr(field, "max_value", None) is not None:
            messages["max_value"] = f"{label} must be {field.max_value} or less"
        for code, message in messages.items():
            if code not in field.error_messages or _is_default(field, code):
                field.error_messages[code] = message


def _is_default(field: forms.Field, code: str) -> bool:
    defaults: dict[str, Any] = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))
    return str(field.error_messages.get(code)) == str(defaults.get(code))


STALE = "This page was out of date: go back, reload it and try again"


def name_the_fields(form: forms.BaseForm) -> None:
    """Give each field still holding Django's "This field is required." a message naming it,
    made from its label ("Enter the outcome", "Select the status")."""
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if limit and _is_default(field, "max_length"):
            label = str(field.label or name).replace("(optional)", "").strip().rstrip("?:")
            field.error_messages["max_length"] = f"{label} must be {limit:,} characters or fewer"
        if str(field.error_messages.get("required")) != DJANGO_REQUIRED:
            continue
        if isinstance(field.widget, forms.HiddenInput):
            field.error_messages["required"] = STALE
        else:
            field.error_messages["required"] = _required_message(field, _what(field, name))


def count_characters(form: forms.BaseForm) -> None:
    """Every text area with a limit gets GOV.UK's character count: the class its script looks
    for (the count itself is drawn by `templates/gds/field.html`)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
            classes = field.widget.attrs.get("class", "").split()
            if "govuk-js-character-count" not in classes:
                field.widget.attrs["class"] = " ".join([*classes, "govuk-js-character-count"])
            field.widget.attrs.setdefault("aria-describedby", "")  # see counted_textarea


class GovFormMixin(forms.BaseForm):
    """What every form of the service shares: numbers as GOV.UK text boxes, character counts
    on limited text areas, and error messages naming each field. Fields a form adds in its own
    `__init__` get the messages too (they are named when the form is checked)."""

    _prepared = False

    def _prepare(self) -> None:
        """Once, when the form is first drawn or checked (after its own `__init__` has added
        any fields of its own)."""
        if not self._prepared:
            self._prepared = True
            numbers_as_text(self)
            count_characters(self)
            name_the_fields(self)

    def __getitem__(self, name: str) -> forms.BoundField:
        self._prepare()
        return super().__getitem__(name)

    def full_clean(self) -> None:
        self._prepare()
        super().full_clean()


class GovForm(GovFormMixin, forms.Form):
    """A form of the service (see GovFormMixin)."""


class GovModelForm(GovFormMixin, forms.ModelForm):
    """A model form of the service (see GovFormMixin)."""


def limited_text(
    label: str, limit: int, *, required: bool = False, **kwargs: Any
) -> forms.CharField:
    """A text area the model limits to `limit` characters, saying so when it is passed; drawn
    with `Field.textarea(name, max_characters=limit)` so the character count shows."""
    what = label[:1].lower() + label[1:]
    messages = {"max_length": f"{label} must be {limit:,} characters or fewer"}
    messages.update(kwargs.pop("error_messages", {}))
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=counted_textarea(),
        error_messages={"required": f"Enter {what}", **messages},
        **kwargs,
    )


def counted_textarea() -> forms.Textarea:
    """A text area for GOV.UK's character count. (crispy-forms-gds adds the count's message to
    `aria-describedby`, and fails when the field has no hint unless the attribute is there.)"""
    return forms.Textarea(attrs={"aria-describedby": ""})
