"""Pages of the directory: a prison's directory, the national view, an offering with its
cohorts, and the forms that change them. Prison pages check at the working prison; an offering
or cohort is checked at its own prison."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access
from cases.access import StaffRequest
from cases.forms import add_service_error
from interventions import exports
from interventions.forms.directory import (
    CohortForm,
    DirectoryFilterForm,
    InterventionForm,
    OfferingAddForm,
    OfferingForm,
)
from interventions.models import Offering
from interventions.selectors.offerings import (
    catalogue_for_prison,
    directory_rows,
    get_cohort_for_user,
    get_intervention_for_change,
    get_offering_for_user,
    national_directory,
    national_rows,
    offering_cohorts,
)
from interventions.selectors.offerings import directory as prison_directory
from interventions.services.directory import (
    cohort_save,
    intervention_create,
    intervention_update,
    offering_add,
    offering_update,
)
from interventions.views.common import form_page, holds, wants_csv

VIEW = "interventions.view_intervention"
MANAGE = "interventions.manage_directory"


@access.prison_permission(VIEW)
@require_GET
def directory(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = DirectoryFilterForm(request.GET or None)
    today = timezone.localdate()
    offerings = prison_directory(prison, today=today, filters=form.filters())
    rows = directory_rows(offerings, today=today)
    if wants_csv(request):
        return exports.directory_csv(f"interventions-{prison.code}.csv", rows)
    context = {"prison": prison, "form": form, "rows": rows}
    return render(request, "interventions/directory.html", context)


@holds(VIEW)
@require_GET
def national(request: StaffRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    qs = national_directory(filters=form.filters())
    if wants_csv(request):
        return exports.national_csv("interventions-national.csv", national_rows(qs))
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = national_rows(page.object_list)
    return render(
        request, "interventions/national.html", {"form": form, "page": page, "rows": rows}
    )


def _offering(request: StaffRequest, pk: int, perm: str) -> Offering:
    """The offering, if it is at one of the user's prisons (404) and they hold `perm` there."""
    offering = get_offering_for_user(request.user, pk, today=timezone.localdate())
    access.require(request.user, perm, offering.prison)
    return offering


@holds(VIEW)
@require_GET
def offering_detail(request: StaffRequest, pk: int) -> HttpResponse:
    offering = _offering(request, pk, VIEW)
    today = timezone.localdate()
    context = {
        "offering": offering,
        "row": directory_rows([offering], today=today)[0],
        "cohorts": offering_cohorts(offering),
        "today": today,
        "perms": access.PrisonPerms.at(request.user, offering.prison),
    }
    return render(request, "interventions/offering.html", context)


@access.prison_permission(MANAGE)
def offering_new(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = OfferingAddForm(request.POST or None, catalogue=catalogue_for_prison(prison))
    if request.method == "POST" and form.is_valid():
        try:
            offering = offering_add(prison=prison, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{offering.intervention.name} added to the directory.")
            return redirect("interventions-offering", pk=offering.pk)
    return render(request, "interventions/offering_new.html", {"form": form, "prison": prison})


@holds(MANAGE)
def offering_edit(request: StaffRequest, pk: int) -> HttpResponse:
    offering = _offering(request, pk, MANAGE)
    initial = {"running": offering.running, "contact": offering.contact, "notes": offering.notes}
    form = OfferingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        offering_update(offering=offering, acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"{offering.intervention.name} saved.")
        return redirect("interventions-offering", pk=offering.pk)
    title = f"Change {offering.intervention.name} at {offering.prison.name}"
    return form_page(request, form, title=title, back=offering)


@holds(MANAGE)
def cohort_new(request: StaffRequest, pk: int) -> HttpResponse:
    offering = _offering(request, pk, MANAGE)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort_save(offering=offering, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Cohort added.")
            return redirect("interventions-offering", pk=offering.pk)
    return form_page(
        request, form, title=f"Add a cohort of {offering.intervention.name}", back=offering
    )


@holds(MANAGE)
def cohort_edit(request: StaffRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    access.require(request.user, MANAGE, cohort.offering.prison)
    initial = {"start_date": cohort.start_date, "capacity": cohort.capacity, "notes": cohort.notes}
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cohort_save(
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
    return form_page(request, form, title=title, back=cohort.offering)


@access.prison_permission(MANAGE)
def intervention_new(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offering = intervention_create(
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
    return form_page(request, form, title="Add a new intervention", back=None)


@access.prison_permission(MANAGE)
def intervention_edit(request: StaffRequest, pk: int) -> HttpResponse:
    intervention = get_intervention_for_change(request.user, pk)
    initial = {name: getattr(intervention, name) for name in InterventionForm.VALUE_FIELDS}
    initial["need_areas"] = [a.area for a in intervention.need_areas.all()]
    initial["rosh_levels"] = intervention.rosh_level_list
    form = InterventionForm(request.POST or None, initial=initial, creating=False)
    offering = intervention.offerings.filter(prison=access.working_prison(request)).first()
    if request.method == "POST" and form.is_valid():
        try:
            intervention_update(
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
    return form_page(request, form, title=f"Change {intervention.name}", back=offering)
