"""Pages for sessions, the case record and keywork."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access, selectors, services
from cases.access import StaffRequest
from cases.exports import keywork_csv, keywork_delivery_csv
from cases.forms import (
    KeyworkShiftForm,
    SessionForm,
    add_service_error,
)
from cases.models import AccessLog, Role, Session
from cases.rules import Policy
from cases.rules.words import plural

PAGE_SIZE = settings.PAGE_SIZE


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
    services.access_record_request(
        request,
        kind=AccessLog.Kind.CASE_PAGE,
        what=f"Case record of {prisoner.prison_number}",
        prisoner=prisoner,
    )
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
            messages.success(request, f"{plural(len(logged), 'keywork session')} saved.")
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
