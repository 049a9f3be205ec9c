"""Every form of every app, drawn as its page draws it (through its crispy-forms-gds helper, or
field by field where the page lays the fields out itself), empty and after an empty submit: each
input, select and text area carries its GOV.UK class; no date, time or number is a bare browser
control; every text area with a limit shows GOV.UK's character count; and no error message is
Django's own ("This field is required."), which names nothing."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from html.parser import HTMLParser
from types import ModuleType
from typing import Any

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.contrib.auth import get_user_model

from cases.models import Prison, Prisoner, PrisonPolicy, StaffMember
from interventions.models import Intervention

FORM_MODULES = [
    "cases.forms",
    "cases.account",
    "allocation.forms",
    "screening.forms",
    "handover.forms",
    "interventions.forms",
    "quality.forms",
    "planning.forms",
]
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)

GOVUK_CLASSES = {
    "input": {
        "govuk-input",
        "govuk-radios__input",
        "govuk-checkboxes__input",
        "govuk-file-upload",
        "govuk-date-input__input",
    },
    "select": {"govuk-select"},
    "textarea": {"govuk-textarea"},
}
NOT_FIELDS = {"hidden", "submit", "button"}
BARE_BROWSER_TYPES = {"date", "time", "number", "datetime-local", "month"}


def _modules(name: str) -> Iterator[ModuleType]:
    module = importlib.import_module(name)
    yield module
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        yield importlib.import_module(f"{name}.{info.name}")


def form_classes() -> list[type[forms.BaseForm]]:
    """Every concrete form class defined in the apps' forms modules."""
    found: dict[str, type[forms.BaseForm]] = {}
    for name in FORM_MODULES:
        app = name.split(".")[0]
        for module in _modules(name):
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, forms.BaseForm)
                    and cls.__module__.startswith(app)
                    and cls.__name__ not in ABSTRACT
                ):
                    found[f"{cls.__module__}.{cls.__name__}"] = cls
    return [found[key] for key in sorted(found)]


# Bases of the forms, never drawn alone.
ABSTRACT = {
    "FactsForm",
    "SentenceFieldsMixin",
    "MovementForm",
    "GovForm",
    "GovModelForm",
    "GovFormMixin",
}


def _prisoner() -> Prisoner:
    return Prisoner(pk=1, prison_number="A1234BC", first_name="Tom", last_name="Archer")


def _review() -> Any:
    """A case review of every audit question, none answered yet."""
    from quality import rules
    from quality.selectors import CaseReview, QuestionView

    judgement = next(iter(rules.JUDGEMENTS))
    return CaseReview(
        audit_case=None,  # type: ignore[arg-type]  # the form reads only the questions
        questions=[
            QuestionView(q, rules.Suggestion(judgement, "From the record."), [], None)  # type: ignore[arg-type]  # any judgement code
            for q in rules.QUESTIONS
        ],
        case_type_label="Custody",
    )


def kwargs_for(cls: type[forms.BaseForm]) -> dict[str, Any]:
    """What each form needs from its page to be drawn (choices, people, switches)."""
    user = get_user_model()(username="pom")
    needs: dict[str, dict[str, Any]] = {
        "SwitchPrisonForm": {"prisons": [("LEI", "HMP Leeds")]},
        "KeyworkShiftForm": {"prisoners": [_prisoner()]},
        "AllocateForm": {"warned": True, "reallocating": True},
        "BulkMoveForm": {"warned": True},
        "RemoveForm": {"button": "Remove"},
        "ComForm": {"com_users": [("7", "Ann Com")]},
        "KeyworkerForm": {"keyworkers": [(7, "Kim Keyworker")]},
        "SortForm": {"choices": [("name", "Name")]},
        "TaskFilterForm": {"owners": [("7", "Ann Pom")]},
        "CategoryDecisionForm": {"categories": ("B", "C")},
        "ChecklistItemForm": {"code": "mappa", "can_change_owner": True},
        "DetailsForm": {"today": NOW.date()},
        "MovementForm": {"now": NOW},
        "ReleaseForm": {"now": NOW},
        "TransferForm": {"now": NOW, "prisoner": _prisoner()},
        "ArrivalForm": {"now": NOW},
        "SentenceForm": {"has_sentence": True},
        "ReferralForm": {"offerings": [(1, "Thinking Skills")], "needs": []},
        "PlaceForm": {"cohorts": [(1, "January")], "can_override": True},
        "OfferingAddForm": {"catalogue": Intervention.objects.all()},
        "PrisonPolicyForm": {"instance": PrisonPolicy(prison=Prison(code="LEI"))},
        "StaffForm": {"instance": StaffMember()},
        "PasswordForm": {"user": user},
        "AuditFilterForm": {"kinds": {"session": "Session"}},
        "ReviewForm": {"review": _review()},
        "ReassignForm": {"reviewers": [get_user_model()(pk=7, username="pom")]},
        "ScopeForm": {"scopes": [("LEI", "HMP Leeds"), ("all", "All your prisons")]},
        "WhatIfForm": {"current": PrisonPolicy().as_mapping()},
        "MonthlyReportForm": {"months": [dt.date(2026, 11, 1), dt.date(2026, 10, 1)]},
    }
    return dict(needs.get(cls.__name__, {}))


def make(cls: type[forms.BaseForm], data: dict[str, Any] | None) -> forms.BaseForm:
    kwargs = kwargs_for(cls)
    if "user" in kwargs:
        return cls(kwargs.pop("user"), data, **kwargs)  # type: ignore[call-arg]  # PasswordChangeForm's user comes first
    if issubclass(cls, forms.Form) and "request" in inspect.signature(cls.__init__).parameters:
        return cls(None, data=data, **kwargs)  # type: ignore[call-arg]  # AuthenticationForm's request comes first
    return cls(data, **kwargs)


def draw(form: forms.BaseForm) -> str:
    """The form's HTML as its page draws it."""
    helper = getattr(form, "helper", None)
    if helper is not None:
        return str(render_crispy_form(form, helper))
    return "".join(str(bound) for bound in form)


class Controls(HTMLParser):
    """The form controls in some HTML, and the character counts around text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, dict[str, str]]] = []
        self.counts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag in GOVUK_CLASSES:
            self.controls.append((tag, values))
        if "govuk-character-count" in values.get("class", "").split():
            self.counts.append(values.get("data-maxlength", ""))


def controls(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


FORMS = form_classes()
IDS = [cls.__name__ for cls in FORMS]


def test_the_walk_finds_the_forms_of_every_app() -> None:
    apps = {cls.__module__.split(".")[0] for cls in FORMS}
    assert apps == {
        "cases",
        "allocation",
        "screening",
        "handover",
        "interventions",
        "quality",
        "planning",
    }
    assert len(FORMS) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=IDS)
@pytest.mark.parametrize("bound", [False, True], ids=["empty", "after an empty submit"])
def test_every_field_is_drawn_with_its_govuk_class(cls: type[forms.BaseForm], bound: bool) -> None:
    form = make(cls, {} if bound else None)
    if bound:
        form.is_valid()
    found = controls(draw(form))
    if all(field.widget.is_hidden for field in form.fields.values()):
        return  # nothing to see: a button's hidden values
    assert found.controls, f"{cls.__name__} draws no field"
    for tag, attrs in found.controls:
        kind = attrs.get("type", "text")
        if tag == "input" and kind in NOT_FIELDS:
            continue
        classes = set(attrs.get("class", "").split())
        name = attrs.get("name")
        assert classes & GOVUK_CLASSES[tag], (
            f"{cls.__name__}.{name}: <{tag}> without a GOV.UK class"
        )
        if tag == "input":
            assert kind not in BARE_BROWSER_TYPES, f"{cls.__name__}.{name} is a bare {kind} box"
        if attrs.get("inputmode") in ("numeric", "decimal"):  # numbers, times, date parts
            assert any(c.startswith("govuk-input--width-") for c in classes), (
                f"{cls.__name__}.{name}: a number or time box without a width"
            )


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=IDS)
def test_every_limited_text_area_shows_a_character_count(cls: type[forms.BaseForm]) -> None:
    form = make(cls, None)
    html = draw(form)
    limited = [  # those the layout draws (a page may draw one itself, as_crispy_field)
        field.max_length
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.Textarea)
        and getattr(field, "max_length", None)
        and f'name="{form.add_prefix(name)}"' in html
    ]
    unlimited = [
        name
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.Textarea) and not getattr(field, "max_length", None)
    ]
    assert not unlimited, f"{cls.__name__}: text areas without a limit: {unlimited}"
    if getattr(form, "helper", None) is not None:
        assert sorted(controls(html).counts) == sorted(str(n) for n in limited)


DJANGO_MESSAGES = {
    str(message)
    for field in (forms.Field, forms.ChoiceField, forms.IntegerField, forms.DateField)
    for message in field.default_error_messages.values()
}


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=IDS)
def test_an_empty_submit_names_each_field_in_words(cls: type[forms.BaseForm]) -> None:
    form = make(cls, {})
    form.is_valid()
    for name, messages in form.errors.items():
        for message in messages:
            assert message not in DJANGO_MESSAGES, f"{cls.__name__}.{name}: {message!r}"
