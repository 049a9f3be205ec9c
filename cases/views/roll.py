"""Importing a prison's roll from a file: upload it, see what it would change (nothing is
written until then), apply it, and the history of every import. The check and the apply run
as background tasks (`cases.roll`); while one runs, its page shows the progress and reloads
itself."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cases import access, selectors
from cases.access import StaffRequest
from cases.forms import RollUploadForm, add_service_error
from cases.models import RollImport
from cases.roll import jobs
from cases.roll import services as roll
from cases.views.general import posted

RUNNING = (RollImport.Status.CHECKING, RollImport.Status.APPLYING)
ERRORS_SHOWN = 500  # a file wrong throughout lists its first errors; the count is whole


def roll_import(request: StaffRequest, code: str) -> HttpResponse:
    """The upload form and the prison's import history."""
    prison = access.get_prison_for_user(request.user, code, perm="cases.view_rollimport")
    can_import = access.may(request.user, "cases.import_roll", prison)
    form = RollUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = roll.roll_import_create(
                    prison=prison,
                    file_name=form.cleaned_data["file"].name,
                    content=form.content(),
                    full_roll=form.cleaned_data["full_roll"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return redirect("roll-import-detail", code=prison.code, pk=created.pk)
    history = selectors.roll_imports([prison])
    page = Paginator(history, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"prison": prison, "form": form, "can_import": can_import, "page": page}
    return render(request, "cases/roll_import.html", context)


@require_GET
def roll_import_detail(request: StaffRequest, code: str, pk: int) -> HttpResponse:
    """One import: its progress while it runs, then its preview (or errors), then its result."""
    prison = access.get_prison_for_user(request.user, code, perm="cases.view_rollimport")
    found = selectors.get_roll_import([prison], pk)
    running = found.status in RUNNING
    summary = found.summary or {}
    context = {
        "prison": prison,
        "roll_import": found,
        "summary": summary,
        "running": running,
        "applied": found.status == RollImport.Status.APPLIED,
        "progress": jobs.progress_of(found),
        "can_apply": found.status == RollImport.Status.PREVIEWED
        and not found.errors
        and access.may(request.user, "cases.import_roll", prison),
        "listed": jobs.LISTED,
        "errors": found.errors[:ERRORS_SHOWN],
        "errors_shown": ERRORS_SHOWN,
    }
    return render(request, "cases/roll_import_detail.html", context)


@require_POST
def roll_import_apply(request: StaffRequest, code: str, pk: int) -> HttpResponse:
    """Confirm a previewed import: it is applied in the background."""
    prison = access.get_prison_for_user(request.user, code, perm="cases.import_roll")
    found = selectors.get_roll_import([prison], pk)
    try:
        roll.roll_import_start(roll_import=found, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("roll-import-detail", code=prison.code, pk=found.pk)
