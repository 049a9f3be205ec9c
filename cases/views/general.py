"""Pages for prisoners, the home page and a prison's policy. Thin: selector or service, then
render or redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases import access, selectors, services
from cases.access import StaffRequest
from cases.exports import csv_response
from cases.forms import (
    PrisonerFilterForm,
    PrisonPolicyForm,
    SwitchPrisonForm,
    add_service_error,
)
from cases.middleware import ACTIVE_PRISON_SESSION_KEY
from cases.models import AccessLog
from cases.versions import StaleEdit
from cases.views.stale import stale_edit_page

PAGE_SIZE = settings.PAGE_SIZE


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (`request.POST or None` would drop it)."""
    return request.POST if request.method == "POST" else None


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = services.health_status(broker_url=settings.REDIS_URL)
    code = 200 if status["database"] == "ok" else 503
    return JsonResponse(status, status=code)


@require_GET
def home(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "cases/home.html",
        {"home": selectors.home_for_user(request.user, access.active_prison(request))},
    )


@require_POST
def switch_prison(request: StaffRequest) -> HttpResponse:
    prisons = access.prisons_for_user(request.user)
    form = SwitchPrisonForm(request.POST, prisons=[(p.code, p.name) for p in prisons])
    if form.is_valid():
        request.session[ACTIVE_PRISON_SESSION_KEY] = form.cleaned_data["prison"]
        prison = prisons.get(code=form.cleaned_data["prison"])
        messages.success(request, f"You are now working in {prison.name}.")
    else:
        messages.error(request, "Choose one of your prisons.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)


@access.prison_permission("cases.view_prisoner")
@require_GET
def prisoner_list(request: StaffRequest) -> HttpResponse:
    form = PrisonerFilterForm(request.GET or None)
    if access.is_com_only(request.user):
        _drop_field(form, "pom")  # "My cases" as a POM means nothing to a COM
    prison = access.active_prison(request)
    prisons = [prison] if prison else []
    qs = selectors.prisoner_list(
        request.user, prisons=prisons, filters=form.filters(), today=timezone.localdate()
    )
    if request.GET.get("format") == "csv":
        columns = (
            "prison_number",
            "last_name",
            "first_name",
            "legal_status",
            "location",
            "tier",
            "display_release_date",
            "pom_name",
        )
        rows = qs.values_list(*columns)
        header = (
            "prison_number",
            "surname",
            "first_name",
            "legal_status",
            "location",
            "tier",
            "release_date",
            "pom",
        )
        return csv_response(f"prisoners-{prison.code if prison else 'none'}.csv", header, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "cases/prisoner_list.html", {"form": form, "page": page, "prison": prison}
    )


def _drop_field(form: Any, name: str) -> None:
    """Take a field out of a crispy form: from the form and from wherever its layout holds it."""
    del form.fields[name]

    def prune(node: Any) -> None:
        node.fields = [
            f for f in node.fields if f != name and list(getattr(f, "fields", ())) != [name]
        ]
        for child in node.fields:
            if hasattr(child, "fields"):
                prune(child)

    prune(form.helper.layout)


@require_GET
def prisoner_detail(request: StaffRequest, prison_number: str) -> HttpResponse:
    try:
        prisoner = access.get_prisoner_for_user(
            request.user, prison_number, perm="cases.view_prisoner"
        )
    except Http404:
        kept = selectors.merged_into(request.user, prison_number)
        if kept is None:
            raise
        messages.info(request, f"{prison_number.upper()} was merged into {kept.prison_number}.")
        return redirect("prisoner-detail", prison_number=kept.prison_number)
    services.access_record_request(
        request,
        kind=AccessLog.Kind.CASE_PAGE,
        what=f"Case page of {prisoner.prison_number}",
        prisoner=prisoner,
    )
    page = selectors.case_page(request, prisoner, now=timezone.now())
    context = {
        "prisoner": prisoner,
        "case": page.summary,
        "omic": page.omic,
        "contact": page.contact,
        "panels": page.panels,
        "perms": access.PrisonPerms.on_case(request.user, prisoner),
    }
    return render(request, "cases/prisoner_detail.html", context)


@require_GET
def prisoner_history(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(
        request.user, prison_number, perm="cases.view_case_history"
    )
    page = Paginator(selectors.case_history(prisoner), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/prisoner_history.html", {"prisoner": prisoner, "page": page})


def prison_policy(request: StaffRequest, code: str) -> HttpResponse:
    prison = access.get_prison_for_user(request.user, code, perm="cases.view_prisonpolicy")
    can_change = access.may(request.user, "cases.change_prisonpolicy", prison)
    policy = selectors.prison_policy(prison)
    form = PrisonPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.prison_policy_update(
                    prison=prison,
                    acting_user=request.user,
                    changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleEdit as exc:
                return stale_edit_page(
                    request,
                    exc=exc,
                    fresh_form=PrisonPolicyForm(instance=selectors.prison_policy(prison)),
                    what=f"Policy for {prison.name}",
                    back_url=reverse("prison-policy", args=[prison.code]),
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Policy for {prison.name} saved.")
                return redirect("prison-policy", code=prison.code)
    history = selectors.policy_history(policy)
    context = {
        "prison": prison,
        "form": form,
        "can_change": can_change,
        "history": history,
        "groups": selectors.policy_rows(policy),
    }
    return render(request, "cases/prison_policy.html", context)
