"""Pages for tasks, the BCS, categorisation, OASys and the sweep's runs. Thin: selector or
service, then render or redirect.

Access goes through `cases.access`: the task lists and the sweep's runs check at the prison the
user is working in; a case's pages and a task's page check on the case (its prison, or the COM
who holds it).
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases import access
from cases.access import StaffRequest
from cases.forms import add_service_error
from cases.models import Prisoner
from cases.pagination import NarrowPaginator
from cases.versions import StaleEdit
from cases.views.stale import stale_edit_page
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
from screening.models import Bcs, SentencePlanObjective, Task

M = TypeVar("M", bound=Model)

VIEW_TASK = "screening.view_task"
COMPLETE_TASK = "screening.complete_task"
RECORD_OUTCOME = "screening.record_outcome"


def _page(request: HttpRequest, items: QuerySet[M]) -> Page[M]:
    return NarrowPaginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _caption(count: int, noun: str = "task") -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


_holding = access.permission_anywhere


def _case(request: StaffRequest, prison_number: str, perm: str) -> Prisoner:
    """The case the page is about: 404 if the user may not see it, 403 without `perm` on it."""
    return access.get_prisoner_for_user(request.user, prison_number, perm=perm)


# --- Task lists ------------------------------------------------------------------------------


@access.prison_permission(VIEW_TASK)
@require_GET
def my_tasks(request: StaffRequest) -> HttpResponse:
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


@access.prison_permission("screening.view_omu_tasks")
@require_GET
def omu_tasks(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = TaskFilterForm(request.GET or None, owners=selectors.owner_choices(prison))
    tasks = selectors.omu_tasks(request.user, prison, form.filters())
    if request.GET.get("format") == "csv":
        rows = selectors.task_rows(tasks, now=timezone.now())
        return exports.tasks_csv(f"omu-tasks-{prison.code}.csv", rows, owner=True)
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


@_holding(VIEW_TASK)
def task_detail(request: StaffRequest, pk: int) -> HttpResponse:
    task = selectors.get_task_for_user(request.user, pk, perm=VIEW_TASK)
    can_complete = selectors.may_on_task(request.user, COMPLETE_TASK, task)
    done_form = TaskCompleteForm(request.POST if "complete" in request.POST else None)
    skip_form = TaskNotNeededForm(request.POST if "not_needed" in request.POST else None)
    if request.method == "POST":
        if not can_complete:
            raise PermissionDenied
        done = _task_post(request, task, done_form, skip_form)
        if done is not None:
            messages.success(request, f"{done.get_kind_display()}: {done.get_status_display()}.")
            return redirect("task-detail", pk=done.pk)
    context = {
        "task": task,
        "row": selectors.task_rows([task], now=timezone.now())[0],
        "done_form": done_form,
        "skip_form": skip_form,
        "can_complete": can_complete and task.is_open,
        "record": rules.RECORDED_KINDS.get(task.kind, ""),
    }
    return render(request, "screening/task_detail.html", context)


def _task_post(
    request: StaffRequest,
    task: Task,
    done_form: TaskCompleteForm,
    skip_form: TaskNotNeededForm,
) -> Task | None:
    """Mark the task done or not needed; None (errors on the form) if that was refused."""
    if "complete" in request.POST:
        if not done_form.is_valid():
            return None
        try:
            return services.task_complete(
                task=task,
                acting_user=request.user,
                completed_on=done_form.cleaned_data["completed_on"],
                note=done_form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_error(done_form, exc)
            return None
    if not skip_form.is_valid():
        return None
    try:
        return services.task_mark_not_needed(
            task=task, acting_user=request.user, reason=skip_form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        add_service_error(skip_form, exc)
        return None


@_holding(VIEW_TASK)
@require_GET
def case_tasks(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = _case(request, prison_number, VIEW_TASK)
    page = _page(request, selectors.case_tasks(prisoner))
    rows = selectors.task_rows(page.object_list, now=timezone.now())
    context = {
        "prisoner": prisoner,
        "page": page,
        "rows": rows,
        "caption": _caption(page.paginator.count),
    }
    return render(request, "screening/case_tasks.html", context)


# --- Basic Custody Screening -----------------------------------------------------------------


def _bcs_message(bcs: Bcs) -> str:
    if bcs.on_time is None:
        return "Basic Custody Screening completed."
    if bcs.on_time:
        return "Basic Custody Screening completed on time."
    due = timezone.localtime(bcs.task.due_at) if bcs.task and bcs.task.due_at else None
    return "Basic Custody Screening completed late" + (
        f": it was due {due:%-d %B %Y at %H:%M}." if due else "."
    )


@_holding(VIEW_TASK)
def bcs(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = _case(request, prison_number, VIEW_TASK)
    screening = selectors.bcs_page(prisoner)
    can_record = access.may_on_case(request.user, RECORD_OUTCOME, prisoner)
    form = BcsForm(request.POST or None, initial=BcsForm.initial_from(screening.draft))
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                version = form.cleaned_data["version"]
                if "complete" in request.POST:
                    done = services.bcs_complete(
                        prisoner=prisoner,
                        acting_user=request.user,
                        answers=form.answers(),
                        expected_version=version,
                    )
                    messages.success(request, _bcs_message(done))
                else:
                    services.bcs_save_draft(
                        prisoner=prisoner,
                        acting_user=request.user,
                        answers=form.answers(),
                        expected_version=version,
                    )
                    messages.success(
                        request, "Draft saved. Nothing is final until you complete it."
                    )
            except StaleEdit as exc:
                fresh = selectors.bcs_page(prisoner).draft
                return stale_edit_page(
                    request,
                    exc=exc,
                    fresh_form=BcsForm(initial=BcsForm.initial_from(fresh)),
                    what=f"Basic custody screening, {prisoner.prison_number}",
                    back_url=reverse("bcs", args=[prisoner.prison_number]),
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


# --- Categorisation and OASys ----------------------------------------------------------------


@_holding(VIEW_TASK)
def categorisation(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = _case(request, prison_number, VIEW_TASK)
    function = prisoner.current_prison.function if prisoner.current_prison else "training"
    categories = rules.categories_for(function)
    docs_form = DocumentsReceivedForm(request.POST if "documents" in request.POST else None)
    decision_form = CategoryDecisionForm(
        request.POST if "decision" in request.POST else None, categories=categories
    )
    can_record = access.may_on_case(request.user, RECORD_OUTCOME, prisoner)
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


@_holding(VIEW_TASK)
def oasys(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = _case(request, prison_number, VIEW_TASK)
    oasys_form = OasysForm(request.POST if "oasys" in request.POST else None)
    objective_form = ObjectiveForm(request.POST if "objective" in request.POST else None)
    can_record = access.may_on_case(request.user, RECORD_OUTCOME, prisoner)
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
        "status_choices": SentencePlanObjective.Status.choices,
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


@_holding(RECORD_OUTCOME)
@require_POST
def objective_status(request: StaffRequest, prison_number: str, pk: int) -> HttpResponse:
    prisoner = _case(request, prison_number, RECORD_OUTCOME)
    objective = selectors.get_objective(prisoner, pk)
    form = ObjectiveStatusForm(request.POST)
    if form.is_valid():
        services.objective_update_status(
            objective=objective, acting_user=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, f"Objective updated: {objective.description}.")
    else:
        messages.error(request, "Choose a status for the objective.")
    return redirect("oasys", prison_number=prisoner.prison_number)


# --- The sweep -------------------------------------------------------------------------------


@access.prison_permission("screening.view_sweeprun")
@require_GET
def sweep_runs(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    runs = selectors.sweep_runs(prison)
    if request.GET.get("format") == "csv":
        return exports.sweep_runs_csv(f"sweep-runs-{prison.code}.csv", runs)
    page = _page(request, runs)
    return render(request, "screening/sweep_runs.html", {"page": page, "prison": prison})
