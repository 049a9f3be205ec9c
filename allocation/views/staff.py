"""Caseloads and staff at the prison the user is working in: a POM's caseload, the staff page,
changing someone's details, and moving many of a POM's cases at once."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from allocation import exports, selectors, services
from allocation.forms import BulkMoveForm, SortForm, StaffForm
from allocation.views.common import (
    ASSIGN,
    MANAGE_STAFF,
    VIEW_CASELOADS,
    VIEW_OWN_CASELOAD,
    paged,
    today,
)
from cases import access
from cases.forms import add_service_error
from cases.models import Prison
from cases.text import display_name
from cases.versions import StaleEdit
from cases.views.stale import stale_edit_page

CASELOAD_SORT_CHOICES = [
    ("name", "Surname A to Z"),
    ("release", "Release date, soonest first"),
    ("handover", "Handover date, soonest first"),
    ("deadline", "Next deadline, soonest first"),
]
STAFF_SORT_CHOICES = [
    ("name", "Surname A to Z"),
    ("load", "Load against capacity, highest first"),
    ("status", "Status"),
]


@access.prison_permission(VIEW_OWN_CASELOAD)
@require_GET
def my_caseload(request: HttpRequest) -> HttpResponse:
    return _caseload(request, access.working_prison(request), request.user)


@require_GET
def caseload(request: HttpRequest, username: str) -> HttpResponse:
    """Anyone's own caseload by name; others' where the user may see them at the prison."""
    prison = access.working_prison(request)
    own = username == request.user.get_username()
    if not own and not access.sees_others_caseloads(request.user, prison):
        raise PermissionDenied
    return _caseload(request, prison, selectors.get_staff_user(prison, username))


def _caseload(request: HttpRequest, prison: Prison, pom: Any) -> HttpResponse:
    form = SortForm(request.GET or None, choices=CASELOAD_SORT_CHOICES)
    day = today()
    rows = selectors.pom_caseload(prison, pom, today=day, sort=form.value() or "name")
    if request.GET.get("format") == "csv":
        return exports.caseload_csv(f"caseload-{pom.get_username()}-{prison.code}.csv", rows)
    me = selectors.caseload_summary(prison, pom, rows, today=day)
    context = {
        "prison": prison,
        "pom": pom,
        "me": me,
        "work": selectors.pom_work(prison, pom, rows, today=day),
        "form": form,
        "page": paged(request, rows),
        "own": pom.pk == request.user.pk,
    }
    return render(request, "allocation/caseload.html", context)


@access.prison_permission(VIEW_CASELOADS)
@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = SortForm(request.GET or None, choices=STAFF_SORT_CHOICES)
    overview = selectors.staff_overview(prison, today=today(), sort=form.value() or "name")
    if request.GET.get("format") == "csv":
        return exports.staff_csv(
            f"allocation-staff-{prison.code}.csv", overview["poms"], overview["keyworkers"]
        )
    context = {
        "prison": prison,
        "form": form,
        "can_manage": access.may(request.user, MANAGE_STAFF, prison),
        "can_move": access.may(request.user, ASSIGN, prison),
        **overview,
    }
    return render(request, "allocation/staff.html", context)


@access.prison_permission(MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, username: str) -> HttpResponse:
    prison = access.working_prison(request)
    person = selectors.get_staff_user(prison, username)
    member = selectors.staff_member(person)
    form = StaffForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(
                user=person,
                acting_user=request.user,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as exc:
            return stale_edit_page(
                request,
                exc=exc,
                fresh_form=StaffForm(instance=selectors.staff_member(person)),
                what=display_name(person),
                back_url=reverse("allocation-staff"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Saved {display_name(person)}'s details.")
            return redirect("allocation-staff")
    context = {
        "prison": prison,
        "person": person,
        "form": form,
        "roles": access.role_names(access.roles_at(person, prison)),
    }
    return render(request, "allocation/staff_edit.html", context)


@access.prison_permission(ASSIGN)
@require_http_methods(["GET", "POST"])
def bulk_move(request: HttpRequest, username: str) -> HttpResponse:
    """Move all or some of a POM's cases: choose (suggested spread by load), preview, confirm."""
    prison = access.working_prison(request)
    from_pom = selectors.get_staff_user(prison, username)
    data = request.POST if request.method == "POST" else None
    plan = selectors.bulk_move_plan(prison, from_pom, today=today(), data=data)
    preview = selectors.bulk_move_preview(plan, data) if data else None
    warned = bool(preview and preview.warned)
    confirming = bool(data and preview and preview.ok and data.get("action") == "confirm")
    form = (
        BulkMoveForm(data, warned=warned)
        if confirming
        else BulkMoveForm(initial=data.dict() if data else None, warned=warned)
    )
    if confirming and form.is_valid() and preview is not None:
        done = _move(request, prison, from_pom, preview, form)
        if done is not None:
            return done
    context = {
        "prison": prison,
        "from_pom": from_pom,
        "plan": plan,
        "preview": preview,
        "form": form,
        "page_errors": [(error, "move-table") for error in (preview.errors if preview else [])],
    }
    return render(request, "allocation/bulk_move.html", context)


def _move(
    request: HttpRequest,
    prison: Prison,
    from_pom: Any,
    preview: selectors.BulkPreview,
    form: BulkMoveForm,
) -> HttpResponse | None:
    """Carry out the previewed moves: the next page, or None to show the preview again with
    the service's errors (on the form's fields, or above the table of cases)."""
    data = form.cleaned_data
    try:
        events = services.allocation_bulk_move(
            prison=prison,
            from_pom=from_pom,
            moves=preview.moves,
            acting_user=request.user,
            reason=data["reason"],
            override_reason=data.get("override_reason", ""),
            override_detail=data.get("override_detail", ""),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            add_service_error(form, exc)
        else:
            preview.errors.extend(exc.messages)
        return None
    messages.success(request, f"Moved {len(events)} cases from {display_name(from_pom)}.")
    return redirect("allocation-staff")
