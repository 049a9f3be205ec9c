"""Allocation pages. Thin: access helper, form, one service or selector, then render/redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from allocation import exports, selectors, services
from allocation.forms import (
    AllocateForm,
    ComForm,
    KeyworkerForm,
    MissingInformationForm,
    QueueFilterForm,
    RemoveForm,
    SortForm,
    StaffForm,
)
from allocation.models import AllocationEvent
from cases.forms import add_service_error
from cases.models import Prison, Role, StaffRole

PAGE_SIZE = settings.PAGE_SIZE
ROLES = {"pom": AllocationEvent.Role.PRIMARY, "co-working": AllocationEvent.Role.SECONDARY}
ASSIGN = "allocation.assign_case"
VIEW_CASELOADS = "allocation.view_caseloads"


def _prison(request: HttpRequest, perm: str) -> Prison:
    prison = request.active_prison  # type: ignore[attr-defined]
    return selectors.require_prison_perm(request.user, prison if prison else None, perm)


def _page(request: HttpRequest, rows: list[Any]) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _conflict(request: HttpRequest, exc: ValidationError, prison_number: str) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect("prisoner-detail", prison_number=prison_number)


def _today() -> Any:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------
# Lists


@permission_required(ASSIGN, raise_exception=True)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    prison = _prison(request, ASSIGN)
    form = QueueFilterForm(request.GET or None)
    result = selectors.allocation_queue(
        request.user, prison, today=_today(), pom_type=form.pom_type()
    )
    if request.GET.get("format") == "csv":
        return exports.queue_csv(f"allocation-queue-{prison.code}.csv", result.rows)
    context = {
        "prison": prison,
        "form": form,
        "queue": result,
        "page": _page(request, result.rows),
        "tab": "queue",
    }
    return render(request, "allocation/queue.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_GET
def missing(request: HttpRequest) -> HttpResponse:
    prison = _prison(request, ASSIGN)
    result = selectors.allocation_queue(request.user, prison, today=_today())
    if request.GET.get("format") == "csv":
        return exports.missing_csv(f"allocation-missing-{prison.code}.csv", result.missing)
    context = {"prison": prison, "page": _page(request, result.missing), "tab": "missing"}
    return render(request, "allocation/missing.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_GET
def reallocation(request: HttpRequest) -> HttpResponse:
    prison = _prison(request, ASSIGN)
    rows = selectors.reallocation_needed(request.user, prison, today=_today())
    if request.GET.get("format") == "csv":
        return exports.reallocation_csv(f"allocation-reallocation-{prison.code}.csv", rows)
    context = {"prison": prison, "page": _page(request, rows), "tab": "reallocation"}
    return render(request, "allocation/reallocation.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_GET
def com_needed(request: HttpRequest) -> HttpResponse:
    prison = _prison(request, ASSIGN)
    rows = selectors.com_needed(request.user, prison, today=_today())
    if request.GET.get("format") == "csv":
        return exports.com_needed_csv(f"allocation-com-needed-{prison.code}.csv", rows)
    context = {"prison": prison, "page": _page(request, rows), "tab": "com"}
    return render(request, "allocation/com_needed.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def keyworkers(request: HttpRequest) -> HttpResponse:
    """Prisoners needing a keyworker; tick some, pick (or keep the suggested) keyworkers, save
    all at once."""
    prison = _prison(request, ASSIGN)
    today = _today()
    if prison.function == Prison.Function.OPEN:
        return render(request, "allocation/keyworkers.html", {"prison": prison, "open": True})
    rows, instead = selectors.keyworker_needed(request.user, prison, today=today)
    staff = [
        s
        for s in selectors.prison_staff(prison, today=today, with_caseloads=False)
        if s.is_keyworker
    ]
    if request.method == "GET" and request.GET.get("format") == "csv":
        return exports.keyworkers_csv(f"allocation-keyworkers-{prison.code}.csv", rows, staff)
    errors: list[str] = []
    if request.method == "POST":
        assignments, errors = _keyworker_assignments(request, rows)
        if not errors:
            try:
                events = services.keyworker_bulk_allocate(
                    prison=prison, assignments=assignments, acting_user=request.user
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Keyworkers allocated to {len(events)} prisoners.")
                return redirect("allocation-keyworkers")
    page = _page(request, rows)
    selectors.suggest_keyworkers(page.object_list, staff, data=request.POST or None)
    context = {
        "prison": prison,
        "page": page,
        "instead": instead,
        "staff": staff,
        "errors": errors,
        "tab": "keyworkers",
    }
    return render(request, "allocation/keyworkers.html", context)


def _keyworker_assignments(
    request: HttpRequest, rows: list[selectors.CaseRow]
) -> tuple[list[services.KeyworkerAssignment], list[str]]:
    by_id = {str(r.id): r for r in rows}
    chosen = request.POST.getlist("prisoner")
    if not chosen:
        return [], ["Select at least one prisoner."]
    assignments, errors = [], []
    for pk in chosen:
        row = by_id.get(pk)
        keyworker = request.POST.get(f"keyworker_{pk}", "")
        if row is None:
            errors.append("A selected prisoner no longer needs a keyworker: reload the page.")
            continue
        if not keyworker.isdigit():
            errors.append(f"Choose a keyworker for {row.first_name} {row.last_name}.")
            continue
        version = request.POST.get(f"version_{pk}", "")
        assignments.append(
            services.KeyworkerAssignment(
                int(pk), int(keyworker), int(version) if version.isdigit() else None
            )
        )
    return assignments, errors


# --------------------------------------------------------------------------------------------
# One case


@permission_required(ASSIGN, raise_exception=True)
@require_GET
def allocate(request: HttpRequest, prison_number: str, role: str = "pom") -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    ctx = selectors.allocate_context(prisoner, role=ROLES[role], today=_today())
    return render(
        request, "allocation/allocate.html", {"ctx": ctx, "prisoner": prisoner, "role": role}
    )


@permission_required(ASSIGN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, prison_number: str, role: str, username: str) -> HttpResponse:
    if role not in ROLES:
        raise Http404
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    ctx = selectors.allocate_context(prisoner, role=ROLES[role], today=_today())
    pom = get_user_model().objects.filter(username=username).first()
    suggestion = ctx.suggestion_for(pom.pk) if pom else None
    if suggestion is None or not ctx.can_allocate:
        raise Http404("Not a POM who can take this case.")
    reallocating = ctx.current is not None
    form = AllocateForm(
        request.POST or None,
        initial={"version": ctx.allocation.version},
        warned=bool(suggestion.warnings),
        reallocating=reallocating,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            args = {
                "prisoner": prisoner,
                "pom": pom,
                "acting_user": request.user,
                "role": ROLES[role],
                "expected_version": data["version"],
                "override_reason": data.get("override_reason", ""),
                "override_detail": data.get("override_detail", ""),
                "note": data["note"],
                "explanation": f"Ranked {suggestion.rank} of {len(ctx.suggestions)}: "
                f"{suggestion.reason}",
            }
            try:
                if reallocating:
                    services.allocation_reallocate(reason=data["reason"], **args)
                else:
                    services.allocation_assign(**args)
            except ValidationError as exc:
                if getattr(exc, "code", None) == "conflict":
                    return _conflict(request, exc, prisoner.prison_number)
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    f"{prisoner.full_name} allocated to {suggestion.candidate.name}.",
                )
                return redirect("prisoner-detail", prison_number=prisoner.prison_number)
        elif str(request.POST.get("version")) != str(ctx.allocation.version):
            return _conflict(
                request,
                ValidationError(
                    "Someone else changed this case's allocation while you were looking at "
                    "it. Nothing was saved: check the case and try again."
                ),
                prisoner.prison_number,
            )
    context = {"ctx": ctx, "prisoner": prisoner, "s": suggestion, "form": form, "role": role}
    return render(request, "allocation/confirm.html", context)


REMOVALS = {
    "pom": ("POM", services.allocation_deallocate, {"role": AllocationEvent.Role.PRIMARY}),
    "co-working": (
        "co-working POM",
        services.allocation_deallocate,
        {"role": AllocationEvent.Role.SECONDARY},
    ),
    "keyworker": ("keyworker", services.keyworker_deallocate, {}),
    "com": ("COM", services.com_remove, {}),
}


@permission_required(ASSIGN, raise_exception=True)
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
            if getattr(exc, "code", None) == "conflict":
                return _conflict(request, exc, prisoner.prison_number)
            add_service_error(form, exc)
        else:
            messages.success(request, f"{label[:1].upper()}{label[1:]} removed.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    context = {"prisoner": prisoner, "allocation": allocation, "label": label, "form": form}
    return render(request, "allocation/remove.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_GET
def compare(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    wanted = request.GET.getlist("pom")
    if len(wanted) > 4:
        messages.info(request, "You can compare up to 4 POMs: showing the first 4.")
    poms = selectors.compare_poms(prisoner.current_prison, wanted, today=_today())
    tiers = ["A", "B", "C", "D", ""]
    context = {"prisoner": prisoner, "poms": poms, "tiers": tiers}
    return render(request, "allocation/compare.html", context)


@permission_required(ASSIGN, raise_exception=True)
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
    ev = selectors.evaluate_one(prisoner, today=_today())
    context = {"prisoner": prisoner, "form": form, "evaluation": ev}
    return render(request, "allocation/missing_form.html", context)


@permission_required(ASSIGN, raise_exception=True)
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
        "allocated_on": allocation.com_allocated_on or _today(),
    }
    choices = [(u.get_username(), selectors.display_name(u)) for u in com_users]
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
            if getattr(exc, "code", None) == "conflict":
                return _conflict(request, exc, prisoner.prison_number)
            add_service_error(form, exc)
        else:
            messages.success(request, f"COM saved for {prisoner.full_name}.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    ev = selectors.evaluate_one(prisoner, today=_today())
    context = {
        "prisoner": prisoner,
        "form": form,
        "allocation": allocation,
        "evaluation": ev,
        "responsibility": selectors.RESPONSIBILITY_LABELS[ev.responsibility.state],
    }
    return render(request, "allocation/com_form.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def keyworker(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
    ctx = selectors.keyworker_context(prisoner, today=_today())
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
            if getattr(exc, "code", None) == "conflict":
                return _conflict(request, exc, prisoner.prison_number)
            add_service_error(form, exc)
        else:
            messages.success(request, f"{chosen.name} is now {prisoner.full_name}'s keyworker.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    return render(
        request, "allocation/keyworker_form.html", {"ctx": ctx, "prisoner": prisoner, "form": form}
    )


@permission_required("cases.view_allocation", raise_exception=True)
@require_GET
def history(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.get_prisoner_for_user(request.user, prison_number)
    page = _page(request, selectors.allocation_history(prisoner))
    return render(request, "allocation/history.html", {"prisoner": prisoner, "page": page})


# --------------------------------------------------------------------------------------------
# Caseloads and staff

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


@permission_required("allocation.view_own_caseload", raise_exception=True)
@require_GET
def my_caseload(request: HttpRequest) -> HttpResponse:
    prison = request.active_prison  # type: ignore[attr-defined]
    if not prison:
        raise Http404("You do not work at a prison yet.")
    return _caseload(request, prison, request.user)


@require_GET
def caseload(request: HttpRequest, username: str) -> HttpResponse:
    prison = request.active_prison  # type: ignore[attr-defined]
    if not prison:
        raise PermissionDenied
    own = username == request.user.get_username()
    if not own and not selectors.sees_others_caseloads(request.user, prison):
        raise PermissionDenied
    return _caseload(request, prison, selectors.get_staff_user(prison, username))


def _caseload(request: HttpRequest, prison: Prison, pom: Any) -> HttpResponse:
    form = SortForm(request.GET or None, choices=CASELOAD_SORT_CHOICES)
    today = _today()
    rows = selectors.pom_caseload(prison, pom, today=today, sort=form.value() or "name")
    if request.GET.get("format") == "csv":
        return exports.caseload_csv(f"caseload-{pom.get_username()}-{prison.code}.csv", rows)
    me = selectors.caseload_summary(prison, pom, rows, today=today)
    context = {
        "prison": prison,
        "pom": pom,
        "me": me,
        "work": selectors.pom_work(prison, pom, rows, today=today),
        "form": form,
        "page": _page(request, rows),
        "own": pom.pk == request.user.pk,
    }
    return render(request, "allocation/caseload.html", context)


@permission_required(VIEW_CASELOADS, raise_exception=True)
@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    prison = _prison(request, VIEW_CASELOADS)
    form = SortForm(request.GET or None, choices=STAFF_SORT_CHOICES)
    overview = selectors.staff_overview(prison, today=_today(), sort=form.value() or "name")
    if request.GET.get("format") == "csv":
        return exports.staff_csv(
            f"allocation-staff-{prison.code}.csv", overview["poms"], overview["keyworkers"]
        )
    context = {
        "prison": prison,
        "form": form,
        "can_manage": selectors.has_prison_perm(request.user, prison, "allocation.manage_staff"),
        "can_move": selectors.has_prison_perm(request.user, prison, ASSIGN),
        **overview,
    }
    return render(request, "allocation/staff.html", context)


@permission_required("allocation.manage_staff", raise_exception=True)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, username: str) -> HttpResponse:
    prison = _prison(request, "allocation.manage_staff")
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
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Saved {selectors.display_name(person)}'s details.")
            return redirect("allocation-staff")
    roles = StaffRole.objects.filter(user=person, prison=prison).values_list("role", flat=True)
    context = {
        "prison": prison,
        "person": person,
        "form": form,
        "roles": [dict(Role.choices)[r] for r in roles],
    }
    return render(request, "allocation/staff_edit.html", context)


@permission_required(ASSIGN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def bulk_move(request: HttpRequest, username: str) -> HttpResponse:
    """Move all or some of a POM's cases: choose (suggested spread by load), preview, confirm."""
    prison = _prison(request, ASSIGN)
    from_pom = selectors.get_staff_user(prison, username)
    data = request.POST if request.method == "POST" else None
    plan = selectors.bulk_move_plan(prison, from_pom, today=_today(), data=data)
    preview = selectors.bulk_move_preview(plan, data) if data else None
    if preview and preview.ok and data.get("action") == "confirm":
        try:
            events = services.allocation_bulk_move(
                prison=prison,
                from_pom=from_pom,
                moves=preview.moves,
                acting_user=request.user,
                reason=data.get("reason", ""),
                override_reason=data.get("override_reason", ""),
                override_detail=data.get("override_detail", ""),
            )
        except ValidationError as exc:
            preview.errors.extend(exc.messages)
        else:
            messages.success(
                request,
                f"Moved {len(events)} cases from {selectors.display_name(from_pom)}.",
            )
            return redirect("allocation-staff")
    context = {
        "prison": prison,
        "from_pom": from_pom,
        "plan": plan,
        "preview": preview,
        "override_reasons": AllocationEvent.OverrideReason.choices,
        "posted": data,
    }
    return render(request, "allocation/bulk_move.html", context)
