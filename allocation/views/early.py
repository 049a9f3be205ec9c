"""The early allocation pages: the cases whose assessment is due, a POM's assessment of one
case, an assessment with the head of OMU's decision, and withdrawing it. Each checks its
permission on the case, at the case's prison."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from allocation import selectors, services
from allocation.forms import (
    EarlyAllocationDecisionForm,
    EarlyAllocationForm,
    EarlyAllocationWithdrawForm,
)
from allocation.models import EarlyAllocation
from allocation.rules import CRITERION_LABELS
from allocation.views.common import paged, permission_somewhere, today
from cases import access
from cases.access import StaffRequest
from cases.forms import add_service_error
from cases.selectors import evaluate_prisoner

VIEW = "allocation.view_earlyallocation"
ASSESS = "allocation.assess_early_allocation"
DECIDE = "allocation.decide_early_allocation"
DUE = "allocation.view_early_allocation_due"

SAVED = {
    "eligible": "Assessment saved: eligible for early allocation. The handover is now earlier.",
    "discretionary": "Assessment saved: the head of OMU will decide this discretionary case.",
    "not_eligible": "Assessment saved: not eligible for early allocation.",
}


def _service_failed(form: object, exc: ValidationError) -> None:
    if getattr(exc, "code", None) == "forbidden":
        raise PermissionDenied from exc
    add_service_error(form, exc)  # type: ignore[arg-type]  # always a Django form here


@access.prison_permission(DUE)
@require_GET
def early_due(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    mine = request.GET.get("mine") == "1"
    lists = selectors.early_allocations_due(request.user, prison, today=today(), mine=mine)
    context = {
        "prison": prison,
        "page": paged(request, lists.due),
        "pending": lists.pending,
        "mine": mine,
        "can_decide": access.may(request.user, DECIDE, prison),
        "can_assess": access.may(request.user, ASSESS, prison),
    }
    return render(request, "allocation/early_due.html", context)


@permission_somewhere(ASSESS)
@require_http_methods(["GET", "POST"])
def early_assess(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm=ASSESS)
    day = today()
    info = selectors.case_early_allocation(
        request.user, prisoner, evaluate_prisoner(prisoner, today=day), today=day
    )
    form = EarlyAllocationForm(request.POST or None)
    if request.method == "POST" and info.may_start and form.is_valid():
        try:
            done = services.early_allocation_assess(
                prisoner=prisoner, acting_user=request.user, today=day, **form.cleaned_data
            )
        except ValidationError as exc:
            _service_failed(form, exc)
        else:
            messages.success(request, SAVED[done.outcome])
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    context = {"prisoner": prisoner, "info": info, "form": form}
    return render(request, "allocation/early_form.html", context)


@permission_somewhere(VIEW)
@require_http_methods(["GET", "POST"])
def early_detail(request: StaffRequest, prison_number: str, pk: int) -> HttpResponse:
    """One assessment; the head of OMU decides a discretionary one here."""
    assessment = selectors.get_assessment_for_user(request.user, prison_number, pk)
    prisoner = assessment.prisoner
    can_decide = assessment.status == EarlyAllocation.Status.PENDING and access.may(
        request.user, DECIDE, assessment.acting_prison_id
    )
    if request.method == "POST" and not can_decide:
        raise PermissionDenied
    form = EarlyAllocationDecisionForm(request.POST or None) if can_decide else None
    if form is not None and request.method == "POST" and form.is_valid():
        approved = form.cleaned_data["decision"] == "approve"
        try:
            services.early_allocation_decide(
                assessment=assessment,
                acting_user=request.user,
                approved=approved,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _service_failed(form, exc)
        else:
            messages.success(
                request,
                "Early allocation approved: the handover is now earlier."
                if approved
                else "Early allocation declined.",
            )
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    can_withdraw = assessment.live and (
        access.may(request.user, ASSESS, assessment.acting_prison_id)
        or access.may(request.user, DECIDE, assessment.acting_prison_id)
    )
    context = {
        "prisoner": prisoner,
        "a": assessment,
        "form": form,
        "can_withdraw": can_withdraw,
        "automatic": [CRITERION_LABELS[c] for c in assessment.automatic_criteria],
        "discretionary": [CRITERION_LABELS[c] for c in assessment.discretionary_criteria],
    }
    return render(request, "allocation/early_detail.html", context)


@permission_somewhere(VIEW)
@require_http_methods(["GET", "POST"])
def early_withdraw(request: StaffRequest, prison_number: str, pk: int) -> HttpResponse:
    assessment = selectors.get_assessment_for_user(request.user, prison_number, pk)
    if not (
        access.may(request.user, ASSESS, assessment.acting_prison_id)
        or access.may(request.user, DECIDE, assessment.acting_prison_id)
    ):
        raise PermissionDenied
    form = EarlyAllocationWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.early_allocation_withdraw(
                assessment=assessment, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _service_failed(form, exc)
        else:
            messages.success(request, "Assessment withdrawn: the case no longer hands over early.")
            return redirect("prisoner-detail", prison_number=assessment.prisoner.prison_number)
    context = {"prisoner": assessment.prisoner, "a": assessment, "form": form}
    return render(request, "allocation/early_withdraw.html", context)
