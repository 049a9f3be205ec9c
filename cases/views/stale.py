"""The page a stale edit gets: what changed since the form was opened, and the form again."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.versions import StaleEdit


def stale_edit_page(
    request: HttpRequest,
    *,
    exc: StaleEdit,
    fresh_form: forms.BaseForm,
    what: str,
    back_url: str,
) -> HttpResponse:
    """409 with "Someone changed this while you were editing": each field where the record
    now differs from what was sent (labelled as the form labels it), and `fresh_form`, the
    form reloaded from the record as it is now."""
    changes = [
        replace(change, label=str(fresh_form.fields[change.field].label or change.label))
        if change.field in fresh_form.fields
        else change
        for change in exc.changes
    ]
    context = {"changes": changes, "form": fresh_form, "what": what, "back_url": back_url}
    return render(request, "cases/stale_edit.html", context, status=409)
