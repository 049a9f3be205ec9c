"""Pages for tasks, the BCS, categorisation, OASys and the sweep's runs. Thin: selector or
service, then render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.access import get_prisoner_for_user
from cases.forms import add_service_error
from screening import exports, rules, selectors, services
from screening.forms import (
    BcsForm,
    CategoryDecisionForm,
    DocumentsReceivedForm,
    OasysForm,
    ObjectiveForm,
    ObjectiveStatusForm,
    TaskCompleteForm,
    TaskFilterForm,
    TaskNotNeededForm,
)
from screening.models import Bcs

PAGE_SIZE = settings.PAGE_SIZE


def _page(request: HttpRequest, qs: object) -> object:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _caption(count: int, noun: str = "task") -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@permission_required("screening.view_task", raise_exception=True)
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    tasks = selectors.my_tasks(request.user, form.filters())
    if request.GET.get("format") == "csv":
        return exports.tasks_csv("my-tasks.csv", selectors.task_rows(tasks, now=timezone.now()))
    page = _page(request, tasks)
    rows = selectors.task_rows(page.object_list, now=timezone.now())
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "caption": _caption(page.paginator.count),
        "filtered": bool(request.GET),
    }
    return render(request, "screening/my_tasks.html", context)


@permission_required("screening.view_omu_tasks", raise_exception=True)
@require_GET
def omu_tasks(request: HttpRequest) -> HttpResponse:
    prison = request.active_prison or None
    form = TaskFilterForm(request.GET or None, owners=selectors.owner_choices(prison))
    tasks = selectors.omu_tasks(request.user, prison, form.filters())
    if request.GET.get("format") == "csv":
        rows = selectors.task_rows(tasks, now=timezone.now())
        code = prison.code if prison else "none"
        return exports.tasks_csv(f"omu-tasks-{code}.csv", rows, owner=True)
    page = _page(request, tasks)
    context = {
        "form": form,
        "page": page,
        "rows": selectors.task_rows(page.object_list, now=timezone.now()),
        "caption": _caption(page.paginator.count),
        "summary": selectors.omu_summary(request.user, prison),
        "prison": prison,
        "filtered": bool(request.GET),
    }
    return render(request, "screening/omu_tasks.html", context)


@permission_required("screening.view_task", raise_exception=True)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_task_for_user(request.user, pk)
    can_complete = request.user.has_perm("screening.complete_task")
    done_form = TaskCompleteForm(request.POST if "complete" in request.POST else None)
    skip_form = TaskNotNeededForm(request.POST if "not_needed" in request.POST else None)
    if request.method == "POST":
        if not can_complete:
            raise PermissionDenied
        form, action = (done_form, "done") if "complete" in request.POST else (skip_form, "skip")
        if form.is_valid():
            try:
                if action == "done":
                    task = services.task_complete(
                        task=task,
                        acting_user=request.user,
                        completed_on=form.cleaned_data["completed_on"],
                        note=form.cleaned_data["note"],
                    )
                else:
                    task = services.task_mark_not_needed(
                        task=task, acting_user=request.user, reason=form.cleaned_data["reason"]
                    )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, f"{task.get_kind_display()}: {task.get_status_display()}."
                )
                return redirect("task-detail", pk=task.pk)
    context = {
        "task": task,
        "row": selectors.task_rows([task], now=timezone.now())[0],
        "done_form": done_form,
        "skip_form": skip_form,
        "can_complete": can_complete and task.is_open,
        "record": rules.RECORDED_KINDS.get(task.kind, ""),
    }
    return render(request, "screening/task_detail.html", context)


@permission_required("screening.view_task", raise_exception=True)
@require_GET
def case_tasks(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    page = _page(request, selectors.case_tasks(prisoner))
    rows = selectors.task_rows(page.object_list, now=timezone.now())
    context = {
        "prisoner": prisoner,
        "page": page,
        "rows": rows,
        "caption": _caption(page.paginator.count),
    }
    return render(request, "screening/case_tasks.html", context)


def _bcs_message(bcs: Bcs) -> str:
    if bcs.on_time is None:
        return "Basic Custody Screening completed."
    if bcs.on_time:
        return "Basic Custody Screening completed on time."
    due = timezone.localtime(bcs.task.due_at) if bcs.task and bcs.task.due_at else None
    return "Basic Custody Screening completed late" + (
        f": it was due {due:%-d %B %Y at %H:%M}." if due else "."
    )


@permission_required("screening.view_task", raise_exception=True)
def bcs(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    screening = selectors.bcs_page(prisoner)
    can_record = request.user.has_perm("screening.record_outcome")
    form = BcsForm(request.POST or None, initial=BcsForm.initial_from(screening.draft))
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                if "complete" in request.POST:
                    done = services.bcs_complete(
                        prisoner=prisoner, acting_user=request.user, answers=form.answers()
                    )
                    messages.success(request, _bcs_message(done))
                else:
                    services.bcs_save_draft(
                        prisoner=prisoner, acting_user=request.user, answers=form.answers()
                    )
                    messages.success(
                        request, "Draft saved. Nothing is final until you complete it."
                    )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return redirect("bcs", prison_number=prisoner.prison_number)
    context = {
        "prisoner": prisoner,
        "screening": screening,
        "form": form,
        "show_form": can_record and (screening.draft is not None or screening.can_start),
    }
    return render(request, "screening/bcs.html", context)


@permission_required("screening.view_task", raise_exception=True)
def categorisation(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    function = prisoner.current_prison.function if prisoner.current_prison else "training"
    categories = rules.categories_for(function)
    docs_form = DocumentsReceivedForm(request.POST if "documents" in request.POST else None)
    decision_form = CategoryDecisionForm(
        request.POST if "decision" in request.POST else None, categories=categories
    )
    can_record = request.user.has_perm("screening.record_outcome")
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = docs_form if "documents" in request.POST else decision_form
        if form.is_valid():
            try:
                if form is docs_form:
                    services.categorisation_documents_record(
                        prisoner=prisoner,
                        acting_user=request.user,
                        received_on=form.cleaned_data["documents_received_date"],
                    )
                    messages.success(request, "Documents received date saved.")
                else:
                    services.categorisation_decide(
                        prisoner=prisoner, acting_user=request.user, **form.cleaned_data
                    )
                    messages.success(request, "Category decision recorded.")
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return redirect("categorisation", prison_number=prisoner.prison_number)
    context = {
        "prisoner": prisoner,
        "records": selectors.categorisations(prisoner),
        "tasks": selectors.task_rows(
            selectors.case_tasks(prisoner).filter(kind__in=["categorisation", "recategorisation"]),
            now=timezone.now(),
        ),
        "docs_form": docs_form,
        "decision_form": decision_form,
        "can_record": can_record,
    }
    return render(request, "screening/categorisation.html", context)


@permission_required("screening.view_task", raise_exception=True)
def oasys(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_number)
    oasys_form = OasysForm(request.POST if "oasys" in request.POST else None)
    objective_form = ObjectiveForm(request.POST if "objective" in request.POST else None)
    can_record = request.user.has_perm("screening.record_outcome")
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = oasys_form if "oasys" in request.POST else objective_form
        if form.is_valid():
            try:
                if form is oasys_form:
                    services.oasys_record(
                        prisoner=prisoner, acting_user=request.user, **form.cleaned_data
                    )
                    messages.success(request, "OASys recorded.")
                else:
                    services.objective_add(
                        prisoner=prisoner, acting_user=request.user, **form.cleaned_data
                    )
                    messages.success(request, "Objective added to the sentence plan.")
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return redirect("oasys", prison_number=prisoner.prison_number)
    context = {
        "prisoner": prisoner,
        "assessments": selectors.oasys_assessments(prisoner),
        "objectives": selectors.objectives(prisoner),
        "status_choices": ObjectiveStatusForm.base_fields["status"].choices,
        "tasks": selectors.task_rows(
            selectors.case_tasks(prisoner).filter(
                kind__in=[rules.OASYS, rules.OASYS_REVIEW, rules.PRE_HANDOVER_OASYS]
            ),
            now=timezone.now(),
        ),
        "oasys_form": oasys_form,
        "objective_form": objective_form,
        "can_record": can_record,
    }
    return render(request, "screening/oasys.html", context)


@permission_required("screening.record_outcome", raise_exception=True)
@require_POST
def objective_status(request: HttpRequest, prison_number: str, pk: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(request.user, prison_number, pk)
    form = ObjectiveStatusForm(request.POST)
    if form.is_valid():
        services.objective_update_status(
            objective=objective, acting_user=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, f"Objective updated: {objective.description}.")
    else:
        messages.error(request, "Choose a status for the objective.")
    return redirect("oasys", prison_number=objective.prisoner.prison_number)


@permission_required("screening.view_sweeprun", raise_exception=True)
@require_GET
def sweep_runs(request: HttpRequest) -> HttpResponse:
    prison = request.active_prison or None
    runs = selectors.sweep_runs(prison)
    if request.GET.get("format") == "csv":
        code = prison.code if prison else "none"
        return exports.sweep_runs_csv(f"sweep-runs-{code}.csv", runs)
    page = _page(request, runs)
    return render(request, "screening/sweep_runs.html", {"page": page, "prison": prison})
