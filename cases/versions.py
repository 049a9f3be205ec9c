"""No lost updates: every edit of a shared record carries the version it was made from.

A record that two people may edit at once (a prison's policy, a member of staff's details, an
allocation, ...) has an integer `version`, raised by one on every change. A form carries it in a
hidden field and an API write in its body; the service locks the row (`select_for_update`) and
calls `check_version` before changing anything. If someone changed the record meanwhile, the
write is refused with a `StaleEdit` (a ValidationError with code "conflict") that lists each
field where the record now differs from what the caller sent: the page shows "Someone changed
this while you were editing" with the form reloaded from the record as it is now, the API
answers 409 with the same list (`cases.api.base.call_service`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

STALE_MESSAGE = (
    "Someone changed this while you were editing. Nothing you sent was saved: check what they "
    "changed and make your change again."
)


@dataclass(frozen=True)
class Change:
    """A field where the stored record differs from what the stale edit would have written."""

    field: str
    label: str
    theirs: str
    yours: str


class StaleEdit(ValidationError):
    """The record changed since the caller read it; nothing was written."""

    def __init__(self, changes: list[Change], version: int) -> None:
        super().__init__(STALE_MESSAGE, code="conflict")
        self.changes = changes
        self.version = version  # the record's version now, to edit it again


def shown(record: models.Model, name: str, value: object) -> str:
    """A value as the pages show it: a choice by its label, yes or no, a day as 1 March 2027."""
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, models.Field) and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _label(record: models.Model, name: str, labels: Mapping[str, str]) -> str:
    if name in labels:
        return labels[name]
    try:
        return str(record._meta.get_field(name).verbose_name).capitalize()  # type: ignore[union-attr]  # concrete fields have one
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize()


def differences(
    record: models.Model, yours: Mapping[str, object], labels: Mapping[str, str] | None = None
) -> list[Change]:
    """Each field of `yours` whose stored value differs from it, in the order given."""
    found = []
    for name, value in yours.items():
        theirs = getattr(record, name)
        if _same(theirs, value):
            continue
        found.append(
            Change(
                field=name,
                label=_label(record, name, labels or {}),
                theirs=shown(record, name, theirs),
                yours=shown(record, name, value),
            )
        )
    return found


def _same(theirs: object, yours: object) -> bool:
    if isinstance(theirs, decimal.Decimal) and isinstance(yours, int | float | decimal.Decimal):
        return theirs == decimal.Decimal(str(yours))
    return theirs == yours


def check_version(
    record: models.Model,
    expected: int | None,
    yours: Mapping[str, object],
    labels: Mapping[str, str] | None = None,
) -> None:
    """Refuse the write unless `record` (locked by the caller) is still at version `expected`.
    A missing version is refused too: every edit says what it was made from."""
    current: int = record.version  # type: ignore[attr-defined]  # versioned models have one
    if expected is None:
        raise ValidationError({"version": "Say which version of the record you changed."})
    if current != expected:
        raise StaleEdit(differences(record, yours, labels), current)


def next_version(record: models.Model) -> list[str]:
    """Raise the record's version for the save that follows; the field to add to
    `update_fields`."""
    record.version += 1  # type: ignore[attr-defined]  # versioned models have one
    return ["version"]


class VersionField(forms.IntegerField):
    """The hidden field that carries the version a form was made from."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=2**31 - 1, **kwargs)


def with_version(form: forms.BaseForm, version: int) -> None:
    """Start an unbound form at this version (a ModelForm's instance's, or a record's)."""
    if not form.is_bound:
        form.fields["version"].initial = version


def change_rows(changes: Iterable[Change]) -> list[dict[str, str]]:
    """The changes as the API gives them."""
    return [{"field": c.field, "theirs": c.theirs, "yours": c.yours} for c in changes]
