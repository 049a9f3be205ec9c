"""Pages about one case: its interventions and needs, referring it, and its needs' forms. Each
checks on the case (the prisoner's prison, or the COM who holds it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access
from cases.access import StaffRequest
from cases.forms import add_service_error
from cases.models import Prisoner
from cases.versions import StaleEdit
from cases.views.stale import stale_edit_page
from interventions.forms.needs import NeedForm, NeedUpdateForm
from interventions.forms.referrals import ReferralForm
from interventions.models import ResettlementNeed
from interventions.selectors.case import get_need_for_user, open_needs
from interventions.selectors.case import prisoner_interventions as interventions_of
from interventions.selectors.checks import Option, alternatives, case_facts, referral_options
from interventions.services.needs import need_create
from interventions.services.needs import need_update as record_need_update
from interventions.services.referrals import ReferralBlocked, referral_create
from interventions.views.common import holds

VIEW = "interventions.view_referral"
REFER = "interventions.refer"
UPDATE_NEED = "interventions.update_need"


@holds(VIEW)
@require_GET
def prisoner_interventions(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=VIEW)
    context = {
        "prisoner": prisoner,
        "data": interventions_of(prisoner, today=timezone.localdate()),
        "perms": access.PrisonPerms.on_case(request.user, prisoner),
    }
    return render(request, "interventions/prisoner.html", context)


def _referral_initial(request: StaffRequest, needs: list[ResettlementNeed]) -> dict[str, Any]:
    """Start from a need (`?need=`), a BCS or need area (`?area=`) or an offering."""
    initial: dict[str, Any] = {"action": "refer"}
    area = request.GET.get("area", "")
    for need in needs:
        if str(need.pk) == request.GET.get("need") or need.area == area:
            initial["need"] = need.pk
    if request.GET.get("offering", "").isdigit():
        initial["offering"] = int(request.GET["offering"])
    return initial


def _refer_page(
    request: HttpRequest,
    prisoner: Prisoner,
    form: ReferralForm,
    options: list[Option],
    today: dt.date,
    stopped: tuple[ReferralBlocked, Option] | None = None,
) -> HttpResponse:
    """The referral page; when a referral to the chosen option was stopped, its checks and
    what else would fit."""
    blocked, chosen = stopped or (None, None)
    may_override = access.may(
        request.user, "interventions.override_fit_check", prisoner.current_prison_id
    )
    context = {
        "prisoner": prisoner,
        "form": form,
        "options": options,
        "facts": case_facts([prisoner.pk], today=today)[prisoner.pk],
        "blocked": blocked.assessment if blocked else None,
        "chosen": chosen,
        "alternatives": alternatives(options, chosen.offering) if chosen else [],
        "can_override": bool(blocked and blocked.assessment.overridable and may_override),
    }
    return render(request, "interventions/refer.html", context)


@holds(REFER)
def refer(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=REFER)
    today = timezone.localdate()
    options = referral_options(prisoner, today=today)
    needs = open_needs(prisoner)
    form = ReferralForm(
        request.POST or None,
        offerings=[(o.offering.pk, o.offering.intervention.name) for o in options],
        needs=needs,
        initial=_referral_initial(request, needs),
    )
    if request.method != "POST" or not form.is_valid():
        return _refer_page(request, prisoner, form, options, today)
    data = form.cleaned_data
    chosen = next(o for o in options if o.offering.pk == data["offering"])
    try:
        referral = referral_create(
            prisoner=prisoner,
            offering=chosen.offering,
            acting_user=request.user,
            need=next((n for n in needs if n.pk == data["need"]), None),
            notes=data["notes"],
            refer_now=data["action"] == "refer",
            override_reason=data["override_reason"],
            today=today,
        )
    except ReferralBlocked as exc:
        form.add_error("offering", exc.messages)
        return _refer_page(request, prisoner, form, options, today, stopped=(exc, chosen))
    except ValidationError as exc:
        add_service_error(form, exc)
        return _refer_page(request, prisoner, form, options, today)
    name = chosen.offering.intervention.name
    messages.success(request, f"{referral.get_status_display()}: {name}.")
    return redirect("interventions-referral", pk=referral.pk)


@holds(UPDATE_NEED)
def need_new(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=UPDATE_NEED)
    initial = {"identified_on": timezone.localdate(), "area": request.GET.get("area")}
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            need = need_create(prisoner=prisoner, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{need.get_area_display()}: need recorded.")
            return redirect("interventions-prisoner", prison_number=prisoner.prison_number)
    return render(
        request, "interventions/need_form.html", {"prisoner": prisoner, "form": form, "need": None}
    )


@holds(UPDATE_NEED)
def need_update(request: StaffRequest, pk: int) -> HttpResponse:
    need = get_need_for_user(request.user, pk)
    access.require_on_case(request.user, UPDATE_NEED, need.prisoner)
    initial = {
        "on": timezone.localdate(),
        "status": need.status,
        "owner": need.owner,
        "version": need.version,
    }
    form = NeedUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            record_need_update(
                need=need, acting_user=request.user, expected_version=version, **values
            )
        except StaleEdit as exc:
            now = get_need_for_user(request.user, pk)
            fresh = {**initial, "status": now.status, "owner": now.owner, "version": now.version}
            return stale_edit_page(
                request,
                exc=exc,
                fresh_form=NeedUpdateForm(initial=fresh),
                what=f"{now.get_area_display()}, {now.prisoner.prison_number}",
                back_url=reverse("interventions-prisoner", args=[now.prisoner.prison_number]),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{need.get_area_display()}: update saved.")
            return redirect("interventions-prisoner", prison_number=need.prisoner.prison_number)
    context = {"prisoner": need.prisoner, "form": form, "need": need}
    return render(request, "interventions/need_form.html", context)
