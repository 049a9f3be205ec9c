"""Handover pages. Thin: a selector or one service, then render or redirect.

Lists check the permission at the prison the user is working in; case pages let in whoever
holds the permission at one prison at least (403 otherwise, as the API does) and then check it
on the case itself (404 for a case the user may not see, 403 where they may not do this).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access
from cases.forms import add_service_error
from cases.versions import StaleEdit
from cases.views.stale import stale_edit_page
from handover import exports, selectors, services
from handover.forms import (
    ChecklistItemForm,
    ContactForm,
    HandoverFilterForm,
    NoteForm,
    OverrideForm,
    OverrideRemoveForm,
    ParoleReviewForm,
)

VIEW_LISTS = "handover.view_handover_lists"
VIEW_CASE = "handover.view_handovercase"
UPDATE_CHECKLIST = "handover.update_checklist"
RECORD_PAROLE = "handover.record_parole_review"
OVERRIDE = "handover.override_responsibility"


class StaffRequest(HttpRequest):
    """A page's request: the login middleware lets only signed-in users this far."""

    user: User


_case_permission = access.permission_anywhere


def _case_url(prison_number: str, anchor: str = "") -> str:
    return reverse("handover-case", args=[prison_number]) + (f"#{anchor}" if anchor else "")


@access.prison_permission(VIEW_LISTS)
@require_GET
def handover_list(request: StaffRequest) -> HttpResponse:
    form = HandoverFilterForm(request.GET or None)
    values = form.values()
    prison = access.working_prison(request)
    com_only = access.is_com_only(request.user)
    if com_only and not request.GET.get("list"):
        values["list"] = "all"  # a COM starts from every case they hold
    qs = selectors.cases_for_user(request.user, prison, com_only=com_only)
    qs = selectors.search(qs, q=values["q"], pom=values["pom"], user=request.user)
    today = timezone.localdate()
    lists = selectors.handover_lists(
        selectors.list_entries(qs, today=today),
        name=values["list"],
        sort=values["sort"],
        today=today,
    )
    if request.GET.get("format") == "csv":
        return exports.handover_csv(f"handovers-{lists.name}-{prison.code}.csv", lists.rows)
    page = Paginator(lists.rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "lists": lists,
        "titles": selectors.LISTS,
        "page": page,
        "values": values,
        "com_only": com_only,
    }
    return render(request, "handover/handover_list.html", context)


@access.prison_permission(VIEW_LISTS)
@require_GET
def parole_list(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    qs = selectors.cases_for_user(request.user, prison)
    today = timezone.localdate()
    rows = selectors.parole_cases(selectors.list_entries(qs, today=today), today=today)
    if request.GET.get("format") == "csv":
        return exports.parole_csv(f"parole-cases-{prison.code}.csv", rows)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "handover/parole_list.html", {"page": page})


@_case_permission(VIEW_CASE)
@require_GET
def handover_case(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=VIEW_CASE)
    page = selectors.handover_page(request.user, prisoner, today=timezone.localdate())
    context = {
        "prisoner": prisoner,
        "h": page,
        "note_form": NoteForm(),
        # The page's links answer for this case, as its pages and endpoints check.
        "perms": access.PrisonPerms.on_case(request.user, prisoner),
    }
    return render(request, "handover/handover_case.html", context)


@_case_permission(VIEW_CASE)
@require_GET
def handover_summary(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=VIEW_CASE)
    page = selectors.handover_page(request.user, prisoner, today=timezone.localdate())
    context = {"prisoner": prisoner, "h": page, "people": selectors.people(page.assessment)}
    return render(request, "handover/summary.html", context)


@_case_permission(VIEW_CASE)
@require_GET
def prisoner_letter(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=VIEW_CASE)
    a = selectors.assess_prisoner(prisoner, today=timezone.localdate())
    context = {"prisoner": prisoner, "a": a, "people": selectors.people(a)}
    return render(request, "handover/letter.html", context)


@_case_permission(UPDATE_CHECKLIST)
def checklist_item(request: StaffRequest, prison_number: str, code: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=UPDATE_CHECKLIST)
    today = timezone.localdate()
    a, item = selectors.get_item_for_user(request.user, prisoner, code, today=today)
    as_com = access.acts_as_com(request.user, prisoner)
    initial = {
        "status": item.status,
        "not_needed_reason": item.not_needed_reason,
        "evidence": item.evidence,
        "owner": item.owner,
        "mappa_level": item.mappa_level,
        "mappa_category": item.mappa_category,
        "review_date": item.review_date,
        "version": item.version,
    }
    form = ChecklistItemForm(
        request.POST or None, initial=initial, code=code, can_change_owner=not as_com
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            services.checklist_item_update(  # the engine's answer read above, not again
                prisoner=prisoner, code=code, acting_user=request.user, today=today,
                evaluation=a.evaluation, expected_version=version, **values,
            )  # fmt: skip
        except StaleEdit as exc:
            _, now = selectors.get_item_for_user(request.user, prisoner, code, today=today)
            fresh = ChecklistItemForm(
                initial={**initial, **{k: getattr(now, k) for k in initial if hasattr(now, k)}},
                code=code,
                can_change_owner=not as_com,
            )
            return stale_edit_page(
                request,
                exc=exc,
                fresh_form=fresh,
                what=f"{item.label}, {prisoner.prison_number}",
                back_url=_case_url(prisoner.prison_number, "checklist"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{item.label}: saved.")
            return redirect(_case_url(prisoner.prison_number, "checklist"))
    context = {"prisoner": prisoner, "item": item, "form": form}
    return render(request, "handover/checklist_item.html", context)


@_case_permission(UPDATE_CHECKLIST)
def contact_new(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=UPDATE_CHECKLIST)
    form = ContactForm(
        request.POST or None, initial={"kind": "com_contact", "contact_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_record(
                prisoner=prisoner,
                acting_user=request.user,
                today=timezone.localdate(),
                **form.service_values(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{contact.get_kind_display()} recorded.")
            return redirect(_case_url(prisoner.prison_number, "contacts"))
    return render(request, "handover/contact_form.html", {"prisoner": prisoner, "form": form})


@_case_permission(UPDATE_CHECKLIST)
def note_new(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=UPDATE_CHECKLIST)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(
                prisoner=prisoner, acting_user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Note added.")
            return redirect(_case_url(prisoner.prison_number, "notes"))
    return render(request, "handover/note_form.html", {"prisoner": prisoner, "form": form})


@_case_permission(RECORD_PAROLE)
def parole_review_new(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=RECORD_PAROLE)
    form = ParoleReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.parole_review_record(
                prisoner=prisoner,
                acting_user=request.user,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Parole review recorded.")
            return redirect(_case_url(prisoner.prison_number, "parole"))
    context = {"prisoner": prisoner, "form": form, "review": None}
    return render(request, "handover/parole_review_form.html", context)


@_case_permission(RECORD_PAROLE)
def parole_review_outcome(request: StaffRequest, prison_number: str, pk: int) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=RECORD_PAROLE)
    review = selectors.get_parole_review_for_user(request.user, prisoner, pk)
    initial = {
        "outcome": review.outcome,
        "outcome_received_date": review.outcome_received_date,
        "notes": review.notes,
        "version": review.version,
    }
    form = ParoleReviewForm(request.POST or None, initial=initial, with_hearing=False)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.parole_review_record_outcome(
                review=review,
                acting_user=request.user,
                today=timezone.localdate(),
                expected_version=values.pop("version"),
                **values,
            )
        except StaleEdit as exc:
            now = selectors.get_parole_review_for_user(request.user, prisoner, pk)
            fresh = {name: getattr(now, name) for name in initial}
            return stale_edit_page(
                request,
                exc=exc,
                fresh_form=ParoleReviewForm(initial=fresh, with_hearing=False),
                what=f"Parole review on {now.hearing_date:%-d %B %Y}, {prisoner.prison_number}",
                back_url=_case_url(prisoner.prison_number, "parole"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Parole outcome recorded.")
            return redirect(_case_url(prisoner.prison_number, "parole"))
    context = {"prisoner": prisoner, "form": form, "review": review}
    return render(request, "handover/parole_review_form.html", context)


@_case_permission(OVERRIDE)
def override_add(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=OVERRIDE)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.responsibility_override_add(
                prisoner=prisoner, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from exc
            add_service_error(form, exc)
        else:
            messages.success(request, "Responsibility overridden: the COM is now responsible.")
            return redirect(_case_url(prisoner.prison_number))
    context = {"prisoner": prisoner, "form": form, "removing": False}
    return render(request, "handover/override_form.html", context)


@_case_permission(OVERRIDE)
def override_remove(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=OVERRIDE)
    form = OverrideRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            removed = services.responsibility_override_remove(
                prisoner=prisoner,
                acting_user=request.user,
                reason=form.cleaned_data["removal_reason"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            if removed:
                messages.success(request, "Override removed: responsibility is as calculated.")
            else:
                messages.info(request, "There was no override to remove.")
            return redirect(_case_url(prisoner.prison_number))
    context = {"prisoner": prisoner, "form": form, "removing": True}
    return render(request, "handover/override_form.html", context)
