"""Pages for prisoners and the home page. Thin: selector or service, then render or redirect."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases import access, figures, selectors, services
from cases.access import StaffRequest
from cases.exports import csv_response, keywork_csv, keywork_delivery_csv
from cases.forms import (
    KeyworkShiftForm,
    PrisonerFilterForm,
    PrisonPolicyForm,
    SessionForm,
    SwitchPrisonForm,
    add_service_error,
)
from cases.middleware import ACTIVE_PRISON_SESSION_KEY
from cases.models import Prison, Role, Session
from cases.rules import Policy

PAGE_SIZE = settings.PAGE_SIZE


def _figures_prison(request: StaffRequest) -> Prison:
    """The working prison, if the user may see its unit figures (a POM only where the prison's
    policy allows); 403 otherwise."""
    prison = access.working_prison(request)
    if not access.sees_unit_figures(request.user, prison):
        raise PermissionDenied
    return prison


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


@require_GET
def prisoner_detail(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm="cases.view_prisoner")
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


def _session_initial(request: StaffRequest, policy: Policy) -> dict[str, object]:
    now = timezone.localtime()
    roles = access.roles_at(request.user, access.active_prison(request))
    if request.GET.get("kind") in Session.Kind.values:
        kind = request.GET["kind"]
    elif roles == {Role.KEYWORKER}:
        kind = Session.Kind.KEYWORK
    elif roles == {Role.COM}:
        kind = Session.Kind.COM_CONTACT
    else:
        kind = Session.Kind.POM_SUPERVISION
    minutes = policy.keywork_session_minutes if kind == Session.Kind.KEYWORK else 30
    return {
        "kind": kind,
        "date": now.date(),
        "time": now.strftime("%H:%M"),
        "duration_minutes": minutes,
        "held": "yes",
        "place": Session.Place.INTERVIEW_ROOM,
    }


def session_new(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm="cases.log_session")
    policy = selectors.policy_for_prisoner(prisoner)
    form = SessionForm(request.POST or None, initial=_session_initial(request, policy))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_log(
                prisoner=prisoner,
                acting_user=request.user,
                data=form.session_data(),
                follow_ups=form.follow_ups(),
                draft="draft" in request.POST,
            )
        except ValidationError as exc:
            add_service_error(form, exc, SessionForm.service_fields)
        else:
            messages.success(
                request, "Session saved." if "draft" not in request.POST else "Draft saved."
            )
            return redirect("case-record", prison_number=prisoner.prison_number)
    return render(request, "cases/session_form.html", {"prisoner": prisoner, "form": form})


def session_edit(request: StaffRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, pk)
    access.require_on_case(request.user, "cases.log_session", session.prisoner)
    form = SessionForm(request.POST or None, initial=selectors.session_initial(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session,
                acting_user=request.user,
                data=form.session_data(),
                draft="draft" in request.POST,
            )
        except ValidationError as exc:
            add_service_error(form, exc, SessionForm.service_fields)
        else:
            messages.success(
                request, "Session updated. The earlier version is kept in its history."
            )
            return redirect("case-record", prison_number=session.prisoner.prison_number)
    context = {"prisoner": session.prisoner, "form": form, "session": session}
    return render(request, "cases/session_form.html", context)


@require_GET
def case_record(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm="cases.view_prisoner")
    known = selectors.timeline_kinds()
    kinds = {k for k in request.GET.getlist("type") if k in known}
    events = selectors.case_timeline(prisoner, kinds=kinds or None)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "prisoner": prisoner,
        "page": page,
        "kinds": known,
        "chosen": kinds,
    }
    return render(request, "cases/case_record.html", context)


@access.prison_permission("cases.log_session")
def keywork(request: StaffRequest) -> HttpResponse:
    prison = access.active_prison(request)
    policy = selectors.prison_rules(prison).policy if prison else Policy()
    today = timezone.localdate()
    rows = selectors.keyworker_caseload(request.user, policy=policy, today=today)
    if request.method == "GET" and request.GET.get("format") == "csv":
        return keywork_csv("my-keywork.csv", rows)
    form = KeyworkShiftForm(
        request.POST or None,
        prisoners=[r.prisoner for r in rows],
        initial={"date": today, "duration_minutes": policy.keywork_session_minutes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            logged = services.sessions_log_many(
                acting_user=request.user, entries=form.entries(timezone.localtime().time())
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{len(logged)} keywork session(s) saved.")
            return redirect("keywork")
    context = {
        "rows": rows,
        "form": form,
        "policy": policy,
        "row_fields": ("outcome", "reason", "summary"),
    }
    return render(request, "cases/keywork.html", context)


@access.prison_permission("cases.view_keywork_delivery")
@require_GET
def keywork_delivery(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    policy = selectors.prison_rules(prison).policy
    weeks = selectors.keywork_delivery(prison, policy=policy, weeks=12, today=timezone.localdate())
    if request.GET.get("format") == "csv":
        return keywork_delivery_csv(f"keywork-delivery-{prison.code}.csv", weeks)
    return render(
        request, "cases/keywork_delivery.html", {"weeks": weeks, "prison": prison, "policy": policy}
    )


@require_GET
def dashboard(request: StaffRequest) -> HttpResponse:
    prison = _figures_prison(request)
    board = figures.dashboard(prison, today=timezone.localdate())
    tiles = board.tiles
    if request.GET.get("format") == "csv":
        rows = [
            (
                t.figure.label,
                t.figure.value,
                t.figure.numerator,
                t.figure.denominator,
                t.figure.target,
                t.figure.explanation,
            )
            for t in tiles
        ]
        header = ("figure", "value", "numerator", "denominator", "target", "explanation")
        return csv_response(f"omic-figures-{prison.code}.csv", header, rows)
    context = {
        "prison": prison,
        "board": board,
        "caseload_links": access.sees_others_caseloads(request.user, prison),
    }
    return render(request, "cases/dashboard.html", context)


@require_GET
def prison_comparison(request: StaffRequest) -> HttpResponse:
    """The unit figures of every prison the user may see, side by side, from the snapshots."""
    prisons = access.figure_prisons(request.user)
    if not prisons.exists():
        raise PermissionDenied
    rows = figures.prison_comparison(prisons, today=timezone.localdate())
    columns = list(figures.COMPARISON_COLUMNS.values())
    if request.GET.get("format") == "csv":
        header = ("prison_code", "prison", "as_at", *figures.COMPARISON_COLUMNS)
        lines = (
            (r.prison.code, r.prison.name, r.day, *(c.value if c else None for c in r.cells))
            for r in rows
        )
        return csv_response("omic-figures-by-prison.csv", header, lines)
    return render(request, "cases/prison_comparison.html", {"rows": rows, "columns": columns})


@require_GET
def figure_cases(request: StaffRequest, key: str) -> HttpResponse:
    prison = _figures_prison(request)
    today = timezone.localdate()
    figure = figures.figure_by_key(figures.prison_figures(prison, today=today), key)
    if figure is None or figure.case_ids is None:
        raise Http404("No such list of cases.")
    qs = selectors.prisoner_list(
        request.user,
        prisons=[prison],
        filters=selectors.PrisonerListFilters(sort="release"),
        today=today,
    ).filter(pk__in=figure.case_ids)
    if request.GET.get("format") == "csv":
        columns = ("prison_number", "last_name", "first_name", "display_release_date")
        rows = qs.values_list(*columns)
        return csv_response(
            f"{key}-{prison.code}.csv", ("prison_number", "surname", "first_name", "release"), rows
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "cases/figure_cases.html", {"figure": figure, "page": page, "prison": prison}
    )


@require_GET
def monthly_report(request: StaffRequest) -> HttpResponse:
    prison = _figures_prison(request)
    today = timezone.localdate()
    try:
        year, number = (int(part) for part in request.GET.get("month", "").split("-"))
        month = dt.date(year, number, 1)
    except ValueError:
        month = today.replace(day=1)
    rows = figures.monthly_report(prison, month=month, today=today)
    context = {"prison": prison, "rows": rows, "month": month, "today": today}
    return render(request, "cases/monthly_report.html", context)
