"""Pages for prisoners and the home page. Thin: selector or service, then render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import PrisonerFilterForm, PrisonPolicyForm, SwitchPrisonForm
from cases.middleware import ACTIVE_PRISON_SESSION_KEY

PAGE_SIZE = 25


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = services.health_status(broker_url=settings.REDIS_URL)
    code = 200 if status["database"] == "ok" else 503
    return JsonResponse(status, status=code)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cases/home.html",
        {"home": selectors.home_for_user(request.user, request.active_prison)},
    )


@require_POST
def switch_prison(request: HttpRequest) -> HttpResponse:
    prisons = selectors.prisons_for_user(request.user)
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


@permission_required("cases.view_prisoner", raise_exception=True)
@require_GET
def prisoner_list(request: HttpRequest) -> HttpResponse:
    form = PrisonerFilterForm(request.GET or None)
    prison = request.active_prison
    prisons = [prison] if prison else []
    qs = selectors.prisoner_list(
        request.user, prisons=prisons, filters=form.filters(), today=timezone.localdate()
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "cases/prisoner_list.html", {"form": form, "page": page, "prison": prison}
    )


@permission_required("cases.view_prisoner", raise_exception=True)
@require_GET
def prisoner_detail(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_for_user(request.user, prison_number)
    now = timezone.now()
    case = selectors.case_summary(prisoner, now=now)
    evaluation = selectors.evaluate_prisoner(prisoner, today=timezone.localdate(now))
    policy = (
        selectors.prison_rules(prisoner.current_prison).policy if prisoner.current_prison else None
    )
    omic = selectors.omic_panel(
        evaluation, policy or selectors.DEFAULT_PRISON_RULES.policy, now=now
    )
    context = {"prisoner": prisoner, "case": case, "omic": omic}
    return render(request, "cases/prisoner_detail.html", context)


@permission_required("cases.view_case_history", raise_exception=True)
@require_GET
def prisoner_history(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_for_user(request.user, prison_number)
    page = Paginator(selectors.case_history(prisoner), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/prisoner_history.html", {"prisoner": prisoner, "page": page})


@permission_required("cases.view_prisonpolicy", raise_exception=True)
def prison_policy(request: HttpRequest, code: str) -> HttpResponse:
    prison = selectors.get_prison_for_user(request.user, code)
    can_change = request.user.has_perm("cases.change_prisonpolicy")
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
                form.add_error(None, exc)
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
