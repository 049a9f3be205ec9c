"""One case's allocation pages: allocate or re-allocate a POM, compare POMs, remove someone,
record missing information, the COM and the keyworker, and the decision history.

Each checks the permission on the case, at the case's prison (`get_prisoner_to_allocate`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from allocation import selectors, services
from allocation.forms import (
    AllocateForm,
    ComForm,
    KeyworkerForm,
    MissingInformationForm,
    RemoveForm,
)
from allocation.models import AllocationEvent
from allocation.rules import Suggestion
from allocation.views.common import (
    ASSIGN,
    VIEW_ALLOCATION,
    conflict,
    is_conflict,
    paged,
    permission_somewhere,
    today,
)
from cases import access
from cases.forms import add_service_error
from cases.models import Prisoner
from cases.selectors import RESPONSIBILITY_LABELS, evaluate_prisoner
from cases.text import display_name

ROLES = {"pom": AllocationEvent.Role.PRIMARY, "co-working": AllocationEvent.Role.SECONDARY}
STALE = (
    "Someone else changed this case's allocation while you were looking at it. Nothing was "
    "saved: check the case and try again."
)


@permission_somewhere(ASSIGN)
@require_GET
def allocate(request: HttpRequest, prison_number: str, role: str = "pom") -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    ctx = selectors.allocate_context(prisoner, role=ROLES[role], today=today())
    return render(
        request, "allocation/allocate.html", {"ctx": ctx, "prisoner": prisoner, "role": role}
    )


@permission_somewhere(ASSIGN)
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, prison_number: str, role: str, username: str) -> HttpResponse:
    if role not in ROLES:
        raise Http404
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    ctx = selectors.allocate_context(prisoner, role=ROLES[role], today=today())
    pom = get_user_model().objects.filter(username=username).first()
    suggestion = ctx.suggestion_for(pom.pk) if pom else None
    if suggestion is None or not ctx.can_allocate:
        raise Http404("Not a POM who can take this case.")
    form = AllocateForm(
        request.POST or None,
        initial={"version": ctx.allocation.version},
        warned=bool(suggestion.warnings),
        reallocating=ctx.current is not None,
    )
    if request.method == "POST":
        if form.is_valid():
            done = _allocate(request, ctx, form, pom, suggestion)
            if done is not None:
                return done
        elif str(request.POST.get("version")) != str(ctx.allocation.version):
            return conflict(request, ValidationError(STALE), prisoner.prison_number)
    context = {"ctx": ctx, "prisoner": prisoner, "s": suggestion, "form": form, "role": role}
    return render(request, "allocation/confirm.html", context)


def _allocate(
    request: HttpRequest,
    ctx: selectors.AllocateContext,
    form: AllocateForm,
    pom: Any,
    suggestion: Suggestion,
) -> HttpResponse | None:
    """Allocate (or re-allocate) from the confirmed form: the next page, or None to show the
    form again with the service's errors."""
    prisoner, data = ctx.prisoner, form.cleaned_data
    args = {
        "prisoner": prisoner,
        "pom": pom,
        "acting_user": request.user,
        "role": ctx.role,
        "expected_version": data["version"],
        "override_reason": data.get("override_reason", ""),
        "override_detail": data.get("override_detail", ""),
        "note": data["note"],
        "explanation": f"Ranked {suggestion.rank} of {len(ctx.suggestions)}: {suggestion.reason}",
    }
    try:
        if ctx.current is not None:
            services.allocation_reallocate(reason=data["reason"], **args)
        else:
            services.allocation_assign(**args)
    except ValidationError as exc:
        if is_conflict(exc):
            return conflict(request, exc, prisoner.prison_number)
        add_service_error(form, exc)
        return None
    messages.success(request, f"{prisoner.full_name} allocated to {suggestion.candidate.name}.")
    return redirect("prisoner-detail", prison_number=prisoner.prison_number)


Removal = Callable[..., AllocationEvent | None]
REMOVALS: dict[str, tuple[str, Removal, dict[str, str]]] = {
    "pom": ("POM", services.allocation_deallocate, {"role": AllocationEvent.Role.PRIMARY}),
    "co-working": (
        "co-working POM",
        services.allocation_deallocate,
        {"role": AllocationEvent.Role.SECONDARY},
    ),
    "keyworker": ("keyworker", services.keyworker_deallocate, {}),
    "com": ("COM", services.com_remove, {}),
}


@permission_somewhere(ASSIGN)
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, prison_number: str, role: str) -> HttpResponse:
    if role not in REMOVALS:
        raise Http404
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    allocation = selectors.current_allocation(prisoner)
    label, service, extra = REMOVALS[role]
    form = RemoveForm(
        request.POST or None, initial={"version": allocation.version}, button=f"Remove {label}"
    )
    if request.method == "POST" and form.is_valid():
        try:
            service(
                prisoner=prisoner,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                **extra,
            )
        except ValidationError as exc:
            if is_conflict(exc):
                return conflict(request, exc, prisoner.prison_number)
            add_service_error(form, exc)
        else:
            messages.success(request, f"{label[:1].upper()}{label[1:]} removed.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    context = {"prisoner": prisoner, "allocation": allocation, "label": label, "form": form}
    return render(request, "allocation/remove.html", context)


@permission_somewhere(ASSIGN)
@require_GET
def compare(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    prison = prisoner.current_prison
    assert prison is not None  # get_prisoner_to_allocate refuses released prisoners
    wanted = request.GET.getlist("pom")
    if len(wanted) > 4:
        messages.info(request, "You can compare up to 4 POMs: showing the first 4.")
    poms = selectors.compare_poms(prison, wanted, today=today())
    tiers = ["A", "B", "C", "D", ""]
    context = {"prisoner": prisoner, "poms": poms, "tiers": tiers}
    return render(request, "allocation/compare.html", context)


@permission_somewhere(ASSIGN)
@require_http_methods(["GET", "POST"])
def missing_form(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    initial = {
        "tier": prisoner.tier,
        "rosh": prisoner.rosh,
        "complexity_of_need": prisoner.complexity_of_need,
    }
    form = MissingInformationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.prisoner_record_missing_information(
                prisoner=prisoner, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Information saved for {prisoner.full_name}.")
            return redirect("allocation-allocate", prison_number=prisoner.prison_number)
    ev = evaluate_prisoner(prisoner, today=today())
    context = {"prisoner": prisoner, "form": form, "evaluation": ev}
    return render(request, "allocation/missing_form.html", context)


@permission_somewhere(ASSIGN)
@require_http_methods(["GET", "POST"])
def com(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    allocation = selectors.current_allocation(prisoner)
    com_users = selectors.com_users()
    initial = {
        "version": allocation.version,
        "com_user": allocation.com.get_username() if allocation.com else "",
        "name": allocation.com_name,
        "email": allocation.com_email,
        "team": allocation.com_team,
        "pdu": allocation.com_pdu,
        "allocated_on": allocation.com_allocated_on or today(),
    }
    choices = [(u.get_username(), display_name(u)) for u in com_users]
    form = ComForm(request.POST or None, initial=initial, com_users=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_name = {u.get_username(): u for u in com_users}
        try:
            services.com_record(
                prisoner=prisoner,
                acting_user=request.user,
                com_user=by_name.get(data.pop("com_user")),
                expected_version=data.pop("version"),
                **data,
            )
        except ValidationError as exc:
            if is_conflict(exc):
                return conflict(request, exc, prisoner.prison_number)
            add_service_error(form, exc)
        else:
            messages.success(request, f"COM saved for {prisoner.full_name}.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    ev = evaluate_prisoner(prisoner, today=today())
    context = {
        "prisoner": prisoner,
        "form": form,
        "allocation": allocation,
        "evaluation": ev,
        "responsibility": RESPONSIBILITY_LABELS[ev.responsibility.state],
    }
    return render(request, "allocation/com_form.html", context)


@permission_somewhere(ASSIGN)
@require_http_methods(["GET", "POST"])
def keyworker(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    ctx = selectors.keyworker_context(prisoner, today=today())
    choices = [
        (s.candidate.user_id, " ".join([f"{s.candidate.name}: {s.reason}", *s.warnings]))
        for s in ctx.suggestions
    ]
    initial = {"version": ctx.allocation.version}
    if ctx.suggestions and ctx.suggestions[0].suggested:
        initial["keyworker"] = ctx.suggestions[0].candidate.user_id
    form = KeyworkerForm(request.POST or None, initial=initial, keyworkers=choices)
    if request.method == "POST" and form.is_valid():
        chosen = next(
            s.candidate
            for s in ctx.suggestions
            if str(s.candidate.user_id) == form.cleaned_data["keyworker"]
        )
        try:
            services.keyworker_allocate(
                prisoner=prisoner,
                keyworker=get_user_model().objects.get(pk=chosen.user_id),
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            if is_conflict(exc):
                return conflict(request, exc, prisoner.prison_number)
            add_service_error(form, exc)
        else:
            messages.success(request, f"{chosen.name} is now {prisoner.full_name}'s keyworker.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    return render(
        request, "allocation/keyworker_form.html", {"ctx": ctx, "prisoner": prisoner, "form": form}
    )


@permission_somewhere(VIEW_ALLOCATION)
@require_GET
def history(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner: Prisoner = access.get_prisoner_for_user(
        request.user, prison_number, perm=VIEW_ALLOCATION
    )
    page = paged(request, selectors.allocation_history(prisoner))
    return render(request, "allocation/history.html", {"prisoner": prisoner, "page": page})
