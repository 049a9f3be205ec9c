"""Pages of the interventions app. Thin: a selector or one service, then render or redirect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.access import get_prisoner_for_user
from cases.forms import add_service_error
from cases.models import Prison
from interventions import exports, rules, selectors, services
from interventions.forms import (
    AssessForm,
    AttendanceForm,
    CohortForm,
    CompleteForm,
    DirectoryFilterForm,
    InterventionForm,
    MonthForm,
    NeedForm,
    NeedUpdateForm,
    NotCompleteForm,
    OfferingAddForm,
    OfferingForm,
    PlaceForm,
    ReferralForm,
    StartForm,
    WithdrawForm,
)
from interventions.models import Referral, ResettlementNeed

PAGE_SIZE = settings.PAGE_SIZE


def _prison(request: HttpRequest) -> Prison:
    prison = request.active_prison  # type: ignore[attr-defined]
    if not prison:
        raise PermissionDenied("You do not work at a prison.")
    return prison


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


# --- The directory ---------------------------------------------------------------------------


@permission_required("interventions.view_intervention", raise_exception=True)
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    form = DirectoryFilterForm(request.GET or None)
    today = timezone.localdate()
    offerings = selectors.directory(prison, today=today, filters=form.filters())
    rows = selectors.directory_rows(offerings, today=today)
    if _wants_csv(request):
        return exports.directory_csv(f"interventions-{prison.code}.csv", rows)
    context = {"prison": prison, "form": form, "rows": rows}
    return render(request, "interventions/directory.html", context)


@permission_required("interventions.view_intervention", raise_exception=True)
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    qs = selectors.national_directory(filters=form.filters())
    if _wants_csv(request):
        return exports.national_csv("interventions-national.csv", selectors.national_rows(qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.national_rows(page.object_list)
    return render(
        request, "interventions/national.html", {"form": form, "page": page, "rows": rows}
    )


@permission_required("interventions.view_intervention", raise_exception=True)
@require_GET
def offering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    offering = selectors.get_offering_for_user(request.user, pk, today=today)
    context = {
        "offering": offering,
        "row": selectors.directory_rows([offering], today=today)[0],
        "cohorts": selectors.offering_cohorts(offering),
        "today": today,
    }
    return render(request, "interventions/offering.html", context)


@permission_required("interventions.manage_directory", raise_exception=True)
def offering_new(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    form = OfferingAddForm(request.POST or None, catalogue=selectors.catalogue_for_prison(prison))
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_add(
                prison=prison, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{offering.intervention.name} added to the directory.")
            return redirect("interventions-offering", pk=offering.pk)
    return render(request, "interventions/offering_new.html", {"form": form, "prison": prison})


@permission_required("interventions.manage_directory", raise_exception=True)
def offering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offering = selectors.get_offering_for_user(request.user, pk, today=timezone.localdate())
    initial = {"running": offering.running, "contact": offering.contact, "notes": offering.notes}
    form = OfferingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.offering_update(offering=offering, acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"{offering.intervention.name} saved.")
        return redirect("interventions-offering", pk=offering.pk)
    title = f"Change {offering.intervention.name} at {offering.prison.name}"
    return _form_page(request, form, title=title, back=offering)


def _form_page(request: HttpRequest, form: Form, *, title: str, back: Any) -> HttpResponse:
    return render(
        request, "interventions/form_page.html", {"form": form, "title": title, "back": back}
    )


@permission_required("interventions.manage_directory", raise_exception=True)
def cohort_new(request: HttpRequest, pk: int) -> HttpResponse:
    offering = selectors.get_offering_for_user(request.user, pk, today=timezone.localdate())
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_save(offering=offering, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Cohort added.")
            return redirect("interventions-offering", pk=offering.pk)
    return _form_page(
        request, form, title=f"Add a cohort of {offering.intervention.name}", back=offering
    )


@permission_required("interventions.manage_directory", raise_exception=True)
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort_for_user(request.user, pk)
    initial = {"start_date": cohort.start_date, "capacity": cohort.capacity, "notes": cohort.notes}
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_save(
                offering=cohort.offering,
                cohort=cohort,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Cohort saved.")
            return redirect("interventions-offering", pk=cohort.offering_id)
    title = f"Change the cohort starting {cohort.start_date:%-d %B %Y}"
    return _form_page(request, form, title=title, back=cohort.offering)


@permission_required("interventions.manage_directory", raise_exception=True)
def intervention_new(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.intervention_create(
                prison=prison,
                acting_user=request.user,
                values=form.values(),
                need_areas=form.cleaned_data["need_areas"],
                running=form.cleaned_data["running"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{offering.intervention.name} added to the directory.")
            return redirect("interventions-offering", pk=offering.pk)
    return _form_page(request, form, title="Add a new intervention", back=None)


@permission_required("interventions.manage_directory", raise_exception=True)
def intervention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = selectors.get_intervention_for_change(request.user, pk)
    initial = {name: getattr(intervention, name) for name in InterventionForm.VALUE_FIELDS}
    initial["need_areas"] = [a.area for a in intervention.need_areas.all()]
    initial["rosh_levels"] = intervention.rosh_level_list
    form = InterventionForm(request.POST or None, initial=initial, creating=False)
    offering = intervention.offerings.filter(prison=request.active_prison).first()
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_update(
                intervention=intervention,
                acting_user=request.user,
                values=form.values(),
                need_areas=form.cleaned_data["need_areas"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{intervention.name} saved.")
            if offering:
                return redirect("interventions-offering", pk=offering.pk)
            return redirect("interventions-directory")
    return _form_page(request, form, title=f"Change {intervention.name}", back=offering)


# --- A prisoner's interventions and needs -----------------------------------------------------


@permission_required("interventions.view_referral", raise_exception=True)
@require_GET
def prisoner_interventions(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    data = selectors.prisoner_interventions(prisoner, today=timezone.localdate())
    return render(request, "interventions/prisoner.html", {"prisoner": prisoner, "data": data})


def _referral_initial(request: HttpRequest, needs: list[ResettlementNeed]) -> dict[str, Any]:
    """Start from a need (`?need=`), a BCS or need area (`?area=`) or an offering."""
    initial: dict[str, Any] = {"action": "refer"}
    area = request.GET.get("area", "")
    for need in needs:
        if str(need.pk) == request.GET.get("need") or need.area == area:
            initial["need"] = need.pk
    if request.GET.get("offering", "").isdigit():
        initial["offering"] = int(request.GET["offering"])
    return initial


@permission_required("interventions.refer", raise_exception=True)
def refer(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    today = timezone.localdate()
    options = selectors.referral_options(prisoner, today=today)
    needs = list(prisoner.resettlement_needs.filter(status__in=selectors.OPEN_NEED_STATUSES))
    form = ReferralForm(
        request.POST or None,
        offerings=[(o.offering.pk, o.offering.intervention.name) for o in options],
        needs=needs,
        initial=_referral_initial(request, needs),
    )
    blocked = chosen = None
    if request.method == "POST" and form.is_valid():
        chosen = next(o for o in options if o.offering.pk == form.cleaned_data["offering"])
        need = next((n for n in needs if n.pk == form.cleaned_data["need"]), None)
        try:
            referral = services.referral_create(
                prisoner=prisoner,
                offering=chosen.offering,
                acting_user=request.user,
                need=need,
                notes=form.cleaned_data["notes"],
                refer_now=form.cleaned_data["action"] == "refer",
                override_reason=form.cleaned_data["override_reason"],
                today=today,
            )
        except services.ReferralBlocked as exc:
            blocked = exc.assessment
            form.add_error("offering", exc.messages)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{referral.get_status_display()}: {chosen.offering.intervention.name}."
            )
            return redirect("interventions-referral", pk=referral.pk)
    context = {
        "prisoner": prisoner,
        "form": form,
        "options": options,
        "facts": selectors.case_facts([prisoner.pk], today=today)[prisoner.pk],
        "blocked": blocked,
        "chosen": chosen,
        "alternatives": selectors.alternatives(options, chosen.offering) if blocked else [],
        "can_override": bool(
            blocked
            and blocked.overridable
            and request.user.has_perm("interventions.override_fit_check")
        ),
    }
    return render(request, "interventions/refer.html", context)


@permission_required("interventions.view_referral", raise_exception=True)
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, pk)
    row = selectors.assess_referrals([referral], today=timezone.localdate())[0]
    actions = [
        (slug, label)
        for slug, (action, label) in ACTIONS.items()
        if rules.transition(referral.status, action).allowed
        and not rules.transition(referral.status, action).repeat
    ]
    context = {
        "referral": referral,
        "prisoner": referral.prisoner,
        "row": row,
        "history": selectors.referral_history(referral),
        "attendance": referral.attendance.select_related("recorded_by"),
        "actions": actions,
        "takes_attendance": bool(referral.offering.intervention.sessions)
        and referral.status in services.ATTENDANCE_STATUSES,
    }
    return render(request, "interventions/referral.html", context)


# url slug -> (rules action, button label)
ACTIONS = {
    "refer": ("refer", "Refer now"),
    "assess": ("assess_suitable", "Record the assessment"),
    "place": ("place", "Place in a cohort"),
    "start": ("start", "Record the start"),
    "complete": ("complete", "Record completion"),
    "not-complete": ("not_complete", "Record as not completed"),
    "withdraw": ("withdraw", "Withdraw"),
}


def _action_form(request: HttpRequest, slug: str, referral: Referral) -> Form:
    data = request.POST or None
    today = timezone.localdate()
    can_override = request.user.has_perm("interventions.override_fit_check")
    if slug in ("refer", "place"):
        cohorts = [
            (c.pk, f"Starts {c.start_date:%-d %B %Y}: {c.places_left} of {c.capacity} places left")
            for c in selectors.offering_cohorts(referral.offering)
            if c.start_date >= today
        ]
        form = PlaceForm(data, cohorts=cohorts, can_override=can_override)
        if slug == "refer":
            del form.fields["cohort"]
            form.helper.layout.fields.pop(0)
        return form
    forms = {
        "assess": AssessForm,
        "start": StartForm,
        "complete": CompleteForm,
        "not-complete": NotCompleteForm,
        "withdraw": WithdrawForm,
    }
    initial = {"started_on": today, "ended_on": today}
    return forms[slug](data, initial=initial)


def _run_action(slug: str, referral: Referral, user: Any, data: dict[str, Any]) -> Referral:
    today = timezone.localdate()
    common = {"referral": referral, "acting_user": user, "today": today}
    if slug == "refer":
        return services.referral_refer(**common, override_reason=data.get("override_reason", ""))
    if slug == "assess":
        return services.referral_assess(**common, suitable=data["suitable"], reason=data["reason"])
    if slug == "place":
        cohort = (
            referral.offering.cohorts.filter(pk=data["cohort"]).first() if data["cohort"] else None
        )
        return services.referral_place(
            **common, cohort=cohort, override_reason=data.get("override_reason", "")
        )
    if slug == "start":
        return services.referral_start(**common, started_on=data["started_on"])
    if slug == "complete":
        return services.referral_complete(
            **common, ended_on=data["ended_on"], outcome=data["outcome"]
        )
    if slug == "not-complete":
        return services.referral_not_complete(
            **common, ended_on=data["ended_on"], reason=data["reason"], detail=data["detail"]
        )
    return services.referral_withdraw(**common, reason=data["reason"])


@permission_required("interventions.refer", raise_exception=True)
def referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    referral = selectors.get_referral_for_user(request.user, pk)
    form = _action_form(request, action, referral)
    blocked = None
    if request.method == "POST" and form.is_valid():
        try:
            _run_action(action, referral, request.user, form.cleaned_data)
        except services.ReferralBlocked as exc:
            blocked = exc.assessment
            add_service_error(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Referral updated.")
            return redirect("interventions-referral", pk=referral.pk)
    context = {
        "referral": referral,
        "prisoner": referral.prisoner,
        "form": form,
        "title": ACTIONS[action][1],
        "blocked": blocked,
    }
    return render(request, "interventions/referral_action.html", context)


@permission_required("interventions.refer", raise_exception=True)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, pk)
    recorded = list(referral.attendance.all())
    form = AttendanceForm(
        request.POST or None,
        initial={"session_number": len(recorded) + 1, "session_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                referral=referral, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Session {form.cleaned_data['session_number']} recorded.")
            return redirect("interventions-referral", pk=referral.pk)
    context = {"referral": referral, "prisoner": referral.prisoner, "form": form,
               "attendance": recorded}  # fmt: skip
    return render(request, "interventions/attendance.html", context)


@permission_required("interventions.update_need", raise_exception=True)
def need_new(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    initial = {"identified_on": timezone.localdate(), "area": request.GET.get("area")}
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(
                prisoner=prisoner, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{need.get_area_display()}: need recorded.")
            return redirect("interventions-prisoner", prison_number=prisoner.prison_number)
    return render(
        request, "interventions/need_form.html", {"prisoner": prisoner, "form": form, "need": None}
    )


@permission_required("interventions.update_need", raise_exception=True)
def need_update(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need_for_user(request.user, pk)
    initial = {"on": timezone.localdate(), "status": need.status, "owner": need.owner}
    form = NeedUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=need, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{need.get_area_display()}: update saved.")
            return redirect("interventions-prisoner", prison_number=need.prisoner.prison_number)
    context = {"prisoner": need.prisoner, "form": form, "need": need}
    return render(request, "interventions/need_form.html", context)


# --- Lists ------------------------------------------------------------------------------------


@permission_required("interventions.view_intervention_lists", raise_exception=True)
@require_GET
def waiting_lists(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    today = timezone.localdate()
    chosen = request.GET.get("offering", "")
    if not chosen.isdigit():
        overview = selectors.waiting_overview(prison)
        return render(
            request,
            "interventions/waiting_overview.html",
            {"prison": prison, "overview": overview, "current": "waiting"},
        )
    offering = selectors.get_offering_for_user(request.user, int(chosen), today=today)
    if offering.prison_id != prison.pk:
        raise Http404("That intervention is not in this prison's directory.")
    rows = selectors.waiting_list(request.user, offering, today=today)
    if _wants_csv(request):
        return exports.referral_rows_csv(f"waiting-list-{offering.pk}.csv", rows, ranked=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"prison": prison, "offering": offering, "page": page, "current": "waiting"}
    return render(request, "interventions/waiting_list.html", context)


@permission_required("interventions.view_intervention_lists", raise_exception=True)
@require_GET
def at_risk(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    rows = selectors.referrals_at_risk(request.user, prison, today=timezone.localdate())
    if _wants_csv(request):
        return exports.referral_rows_csv(f"referrals-at-risk-{prison.code}.csv", rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interventions/at_risk.html",
        {"prison": prison, "page": page, "current": "at-risk"},
    )


@permission_required("interventions.view_intervention_lists", raise_exception=True)
@require_GET
def completions(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    today = timezone.localdate()
    month = MonthForm(request.GET).month_start(today)
    qs = selectors.completions(request.user, prison, month=month)
    if _wants_csv(request):
        return exports.completions_csv(f"completions-{prison.code}-{month:%Y-%m}.csv", qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "prison": prison,
        "page": page,
        "month": month,
        "previous": (month - dt.timedelta(days=1)).replace(day=1),
        "next": selectors.month_bounds(month)[1] if month < today.replace(day=1) else None,
        "current": "completions",
    }
    return render(request, "interventions/completions.html", context)


@permission_required("interventions.view_intervention_lists", raise_exception=True)
@require_GET
def pre_release(request: HttpRequest) -> HttpResponse:
    prison = _prison(request)
    mine = request.GET.get("mine") == "1"
    rows = selectors.needs_near_release(request.user, prison, today=timezone.localdate(), mine=mine)
    if _wants_csv(request):
        return exports.pre_release_csv(f"needs-near-release-{prison.code}.csv", rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "prison": prison,
        "page": page,
        "mine": mine,
        "weeks": selectors.PRE_RELEASE_WEEKS,
        "current": "pre-release",
    }
    return render(request, "interventions/pre_release.html", context)
