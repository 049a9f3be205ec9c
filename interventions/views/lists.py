"""The prison's lists: waiting lists, referrals at risk, completions and needs near release.
Each is about the prison the user is working in, and checked there."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access
from cases.access import StaffRequest
from interventions import exports, rules
from interventions.forms.common import MonthForm
from interventions.selectors.lists import completions as completed_in
from interventions.selectors.lists import (
    month_bounds,
    needs_near_release,
    referrals_at_risk,
    waiting_list,
    waiting_overview,
)
from interventions.selectors.offerings import get_offering_for_user
from interventions.views.common import wants_csv

LISTS = "interventions.view_intervention_lists"


@access.prison_permission(LISTS)
@require_GET
def waiting_lists(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    today = timezone.localdate()
    chosen = request.GET.get("offering", "")
    if not chosen.isdigit():
        overview = waiting_overview(prison)
        return render(
            request,
            "interventions/waiting_overview.html",
            {"prison": prison, "overview": overview, "current": "waiting"},
        )
    offering = get_offering_for_user(request.user, int(chosen), today=today)
    if offering.prison_id != prison.pk:
        raise Http404("That intervention is not in this prison's directory.")
    rows = waiting_list(request.user, offering, today=today)
    if wants_csv(request):
        return exports.referral_rows_csv(f"waiting-list-{offering.pk}.csv", rows, ranked=True)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"prison": prison, "offering": offering, "page": page, "current": "waiting"}
    return render(request, "interventions/waiting_list.html", context)


@access.prison_permission(LISTS)
@require_GET
def at_risk(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    rows = referrals_at_risk(request.user, prison, today=timezone.localdate())
    if wants_csv(request):
        return exports.referral_rows_csv(f"referrals-at-risk-{prison.code}.csv", rows)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interventions/at_risk.html",
        {"prison": prison, "page": page, "current": "at-risk"},
    )


@access.prison_permission(LISTS)
@require_GET
def completions(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    today = timezone.localdate()
    month = MonthForm(request.GET).month_start(today)
    qs = completed_in(request.user, prison, month=month)
    if wants_csv(request):
        return exports.completions_csv(f"completions-{prison.code}-{month:%Y-%m}.csv", qs)
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "prison": prison,
        "page": page,
        "month": month,
        "previous": (month - dt.timedelta(days=1)).replace(day=1),
        "next": month_bounds(month)[1] if month < today.replace(day=1) else None,
        "current": "completions",
    }
    return render(request, "interventions/completions.html", context)


@access.prison_permission(LISTS)
@require_GET
def pre_release(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    mine = request.GET.get("mine") == "1"
    rows = needs_near_release(request.user, prison, today=timezone.localdate(), mine=mine)
    if wants_csv(request):
        return exports.pre_release_csv(f"needs-near-release-{prison.code}.csv", rows)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "prison": prison,
        "page": page,
        "mine": mine,
        "weeks": rules.PRE_RELEASE_WEEKS,
        "current": "pre-release",
    }
    return render(request, "interventions/pre_release.html", context)
