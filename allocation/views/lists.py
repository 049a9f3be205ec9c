"""The allocation lists of the prison the user is working in: the queue, missing information,
re-allocation, COMs needed and keyworkers needed (each also as CSV)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from allocation import exports, selectors, services
from allocation.forms import QueueFilterForm
from allocation.moves import KeyworkerAssignment
from allocation.views.common import ASSIGN, paged, sort_headers, today
from cases import access
from cases.models import Prison


@access.prison_permission(ASSIGN)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = QueueFilterForm(request.GET or None)
    sort = request.GET.get("sort", "waiting")
    sort = sort if sort in selectors.QUEUE_SORTS else "waiting"
    result = selectors.allocation_queue(
        request.user, prison, today=today(), pom_type=form.pom_type(), sort=sort
    )
    if request.GET.get("format") == "csv":
        return exports.queue_csv(f"allocation-queue-{prison.code}.csv", result.rows)
    context = {
        "prison": prison,
        "form": form,
        "queue": result,
        "page": paged(request, result.rows),
        "tab": "queue",
        "order": selectors.QUEUE_SORTS[sort],
        "sorting": sort_headers(request, sort, {"waiting": "descending", "release": "ascending"}),
    }
    return render(request, "allocation/queue.html", context)


@access.prison_permission(ASSIGN)
@require_GET
def missing(request: HttpRequest) -> HttpResponse:
    prison = access.working_prison(request)
    result = selectors.allocation_queue(request.user, prison, today=today())
    if request.GET.get("format") == "csv":
        return exports.missing_csv(f"allocation-missing-{prison.code}.csv", result.missing)
    context = {"prison": prison, "page": paged(request, result.missing), "tab": "missing"}
    return render(request, "allocation/missing.html", context)


@access.prison_permission(ASSIGN)
@require_GET
def reallocation(request: HttpRequest) -> HttpResponse:
    prison = access.working_prison(request)
    rows = selectors.reallocation_needed(request.user, prison, today=today())
    if request.GET.get("format") == "csv":
        return exports.reallocation_csv(f"allocation-reallocation-{prison.code}.csv", rows)
    context = {"prison": prison, "page": paged(request, rows), "tab": "reallocation"}
    return render(request, "allocation/reallocation.html", context)


@access.prison_permission(ASSIGN)
@require_GET
def com_needed(request: HttpRequest) -> HttpResponse:
    prison = access.working_prison(request)
    rows = selectors.com_needed(request.user, prison, today=today())
    if request.GET.get("format") == "csv":
        return exports.com_needed_csv(f"allocation-com-needed-{prison.code}.csv", rows)
    context = {"prison": prison, "page": paged(request, rows), "tab": "com"}
    return render(request, "allocation/com_needed.html", context)


@access.prison_permission(ASSIGN)
@require_http_methods(["GET", "POST"])
def keyworkers(request: HttpRequest) -> HttpResponse:
    """Prisoners needing a keyworker; tick some, pick (or keep the suggested) keyworkers, save
    all at once."""
    prison = access.working_prison(request)
    if prison.function == Prison.Function.OPEN:
        return render(request, "allocation/keyworkers.html", {"prison": prison, "open": True})
    day = today()
    rows, instead = selectors.keyworker_needed(request.user, prison, today=day)
    staff = [
        s for s in selectors.prison_staff(prison, today=day, with_caseloads=False) if s.is_keyworker
    ]
    if request.method == "GET" and request.GET.get("format") == "csv":
        return exports.keyworkers_csv(f"allocation-keyworkers-{prison.code}.csv", rows, staff)
    errors: list[tuple[str, str]] = []  # (message, id of what it is about)
    if request.method == "POST":
        assignments, errors = _keyworker_assignments(request, rows)
        if not errors:
            try:
                events = services.keyworker_bulk_allocate(
                    prison=prison, assignments=assignments, acting_user=request.user
                )
            except ValidationError as exc:
                errors = [(message, "keyworker-table") for message in exc.messages]
            else:
                messages.success(request, f"Keyworkers allocated to {len(events)} prisoners.")
                return redirect("allocation-keyworkers")
    page = paged(request, rows)
    selectors.suggest_keyworkers(list(page.object_list), staff, data=request.POST or None)
    context = {
        "prison": prison,
        "page": page,
        "instead": instead,
        "staff": staff,
        "page_errors": errors,
        "tab": "keyworkers",
    }
    return render(request, "allocation/keyworkers.html", context)


def _keyworker_assignments(
    request: HttpRequest, rows: list[selectors.CaseRow]
) -> tuple[list[KeyworkerAssignment], list[tuple[str, str]]]:
    by_id = {str(r.id): r for r in rows}
    chosen = request.POST.getlist("prisoner")
    if not chosen:
        return [], [("Select at least one prisoner", "keyworker-table")]
    assignments, errors = [], []
    for pk in chosen:
        row = by_id.get(pk)
        keyworker = request.POST.get(f"keyworker_{pk}", "")
        if row is None:
            errors.append(
                (
                    "A selected prisoner no longer needs a keyworker: reload the page",
                    "keyworker-table",
                )
            )
            continue
        if not keyworker.isdigit():
            errors.append(
                (f"Choose a keyworker for {row.first_name} {row.last_name}", f"keyworker-{pk}")
            )
            continue
        version = request.POST.get(f"version_{pk}", "")
        assignments.append(
            KeyworkerAssignment(
                int(pk), int(keyworker), int(version) if version.isdigit() else None
            )
        )
    return assignments, errors
