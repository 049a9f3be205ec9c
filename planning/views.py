"""The policy what-if's pages: try thresholds at a prison (or across prisons, in the
background) without saving them, see the 12 months ahead side by side with today's policy,
download the figures, and apply the policy tried."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import access
from cases.access import StaffRequest
from cases.exports import csv_response
from cases.forms import add_service_error
from cases.models import Prison
from cases.versions import StaleEdit
from planning import charts, jobs, selectors, services
from planning.forms import ApplyForm, ScopeForm, WhatIfForm, changes_shown, versions_text
from planning.models import WhatIfRun
from planning.selectors import ALL


def _scopes(prisons: list[Prison]) -> list[tuple[str, str]]:
    scopes = [(p.code, p.name) for p in prisons]
    if len(prisons) > 1:
        scopes.append((ALL, f"All {len(prisons)} of your prisons"))
    return scopes


@require_GET
def whatif_start(request: StaffRequest) -> HttpResponse:
    """Straight to the what-if of the prison chosen, else of the working prison, else of the
    user's first prison where they may try a policy."""
    prisons = list(selectors.whatif_prisons(request.user))
    if not prisons:
        raise PermissionDenied
    form = ScopeForm(request.GET or None, scopes=_scopes(prisons))
    if form.is_bound and form.is_valid():
        return redirect("planning-whatif", scope=form.cleaned_data["scope"])
    working = access.active_prison(request)
    chosen = working if working in prisons else prisons[0]
    return redirect("planning-whatif", scope=chosen.code)


def _current(prisons: list[Prison]) -> dict[str, object] | None:
    """The one prison's policy as the form's starting values (None across prisons)."""
    if len(prisons) != 1:
        return None
    return dict(selectors.policies_for(prisons[0], {})[0].as_dict())


@require_http_methods(["GET", "POST"])
def whatif(request: StaffRequest, scope: str) -> HttpResponse:
    """GET: the thresholds, and for one prison the figures (or the CSV). POST (across prisons):
    start a run in the background."""
    prisons = selectors.prisons_for_scope(request.user, scope)
    current = _current(prisons)
    data = request.POST if request.method == "POST" else request.GET
    submitted = any(key not in ("format",) for key in data)
    form = WhatIfForm(data if submitted else None, current=current or {})
    context: dict[str, object] = {
        "scope": scope,
        "prisons": prisons,
        "scope_form": ScopeForm(
            initial={"scope": scope}, scopes=_scopes(list(selectors.whatif_prisons(request.user)))
        ),
        "form": form,
        "across": current is None,
        "can_apply": all(access.may(request.user, "cases.change_prisonpolicy", p) for p in prisons),
    }
    if current is None:
        form.helper.form_method = "post"
    if submitted and form.is_valid():
        changes = form.changes(current)
        context["changes"] = changes_shown(changes)
        try:
            if request.method == "POST" and current is None:
                run = services.whatif_run_create(
                    acting_user=request.user,
                    prisons=prisons,
                    changes=changes,
                    today=timezone.localdate(),
                )
                return redirect("planning-run", pk=run.pk)
            if current is not None:
                found = selectors.policy_whatif(prisons, changes, today=timezone.localdate())
                if request.GET.get("format") == "csv":
                    return _csv(found, f"what-if-{prisons[0].code}.csv")
                context["view"] = charts.whatif_view(found)
                versions = versions_text(services.policy_versions(prisons))
                context["apply_form"] = ApplyForm(initial={"versions": versions})
        except ValidationError as exc:
            add_service_error(form, exc)
    return render(request, "planning/whatif.html", context)


def _csv(found: selectors.WhatIf, filename: str) -> HttpResponse:
    return csv_response(filename, charts.CSV_HEADER, charts.csv_rows(found))


@require_POST
def whatif_apply(request: StaffRequest, scope: str) -> HttpResponse:
    """Make the policy tried the policy of the prison (or prisons): the normal, audited change."""
    prisons = selectors.prisons_for_scope(request.user, scope)
    current = _current(prisons)
    form = WhatIfForm(request.POST, current=current or {})
    reason = ApplyForm(request.POST)
    if form.is_valid() and reason.is_valid():
        try:
            services.whatif_apply(
                acting_user=request.user,
                prisons=prisons,
                changes=form.changes(current),
                reason=reason.cleaned_data["reason"],
                versions=reason.cleaned_data["versions"],
            )
        except StaleEdit:
            names = ", ".join(p.name for p in prisons)
            messages.error(
                request,
                f"Someone changed the policy for {names} while you were trying this, so nothing "
                "was applied. The figures below are worked out again against the policy as it "
                "is now: apply it again if it still stands.",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            names = ", ".join(p.name for p in prisons)
            messages.success(request, f"Policy for {names} saved.")
            if len(prisons) == 1:
                return redirect("prison-policy", code=prisons[0].code)
            return redirect("planning-whatif", scope=scope)
    else:
        messages.error(request, "Give a reason for the change, and check the thresholds.")
    query = request.POST.copy()
    for key in ("csrfmiddlewaretoken", "reason", "versions"):
        query.pop(key, None)
    return redirect(f"{reverse('planning-whatif', args=[scope])}?{query.urlencode()}")


@require_GET
def whatif_run(request: StaffRequest, pk: int) -> HttpResponse:
    """A run across prisons: its progress while it works, then its figures (or the CSV)."""
    if not access.may_anywhere(request.user, selectors.PERM):
        raise PermissionDenied
    run = selectors.get_run_for_user(request.user, pk)
    found = selectors.WhatIf.from_json(run.result) if run.status == WhatIfRun.Status.DONE else None
    if found is not None and request.GET.get("format") == "csv":
        return _csv(found, f"what-if-run-{run.pk}.csv")
    context = {
        "run": run,
        "changes": changes_shown(run.changes),
        "prisons": list(run.prisons.all()),
        "progress": jobs.run_progress(run),
        "view": charts.whatif_view(found) if found is not None else None,
    }
    return render(request, "planning/whatif_run.html", context)
