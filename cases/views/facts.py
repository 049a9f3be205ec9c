"""Pages that change a case's facts, for case admins and the head of OMU: an arrival, the
sentence and key dates, personal details and location, a transfer or release, a merge of two
records. Each calls one data-in service (`cases.services.facts`), which brings the case up to
date everywhere once committed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases import access, selectors
from cases.access import StaffRequest
from cases.audit import ChangeSource
from cases.forms import (
    ArrivalForm,
    DetailsForm,
    MergeForm,
    ReleaseForm,
    SentenceForm,
    TransferForm,
    add_service_error,
)
from cases.models import Prisoner, Sentence
from cases.services import facts
from cases.services.facts.types import sentence_changes
from cases.views.general import posted


def _to_case_or_list(request: StaffRequest, prisoner: Prisoner) -> HttpResponse:
    """The case page if the user can still see the case (after a move), else the list."""
    if access.may_on_case(request.user, "cases.view_prisoner", prisoner):
        return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    return redirect("prisoner-list")


@access.prison_permission("cases.add_prisoner")
def arrival_new(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    now = timezone.localtime()
    initial = {"arrival_date": now.date(), "arrival_time": now.time().replace(second=0)}
    form = ArrivalForm(posted(request), initial=initial, now=now)
    if request.method == "POST" and form.is_valid():
        try:
            prisoner = facts.prisoner_arrive(
                prison=prison,
                arrival=form.arrival(),
                source=ChangeSource.by(request.user, "Arrival recorded"),
            )
        except ValidationError as exc:
            add_service_error(form, exc, form.service_fields)
        else:
            messages.success(
                request,
                f"{prisoner.full_name} ({prisoner.prison_number}) has arrived at {prison.name}.",
            )
            return _to_case_or_list(request, prisoner)
    return render(request, "cases/arrival_form.html", {"form": form, "prison": prison})


def _sentence_initial(prisoner: Prisoner, sentence: Sentence | None) -> dict[str, object]:
    initial: dict[str, object] = {"legal_status": prisoner.legal_status}
    if sentence is not None:
        for name in ("sentence_start_date", "indeterminate", *Sentence.KEY_DATES):
            initial[name] = getattr(sentence, name)
    return initial


def sentence_edit(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(
        request.user, prison_number, perm="cases.change_sentence"
    )
    current = prisoner.sentences.filter(is_current=True).first()
    form = SentenceForm(
        posted(request),
        initial=_sentence_initial(prisoner, current),
        has_sentence=current is not None,
    )
    if request.method == "POST" and form.is_valid():
        sentence = form.sentence_facts()
        status = form.cleaned_data["legal_status"]
        changed = status != prisoner.legal_status or bool(
            sentence and sentence_changes(current, sentence)
        )
        try:
            facts.prisoner_facts_update(
                prisoner=prisoner,
                source=ChangeSource.by(request.user, form.cleaned_data["reason"]),
                legal_status=status,
                sentence=sentence,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                "Sentence saved. The case's dates, tasks and handover are up to date."
                if changed
                else "Nothing was changed: the sentence already had these values.",
            )
            return redirect("sentence-edit", prison_number=prisoner.prison_number)
    context = {
        "prisoner": prisoner,
        "form": form,
        "history": selectors.sentence_history(prisoner),
    }
    return render(request, "cases/sentence_form.html", context)


def details_edit(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(
        request.user, prison_number, perm="cases.change_prisoner"
    )
    initial = {
        name: getattr(prisoner, name)
        for name in ("first_name", "last_name", "date_of_birth", "location", "category")
    }
    form = DetailsForm(posted(request), initial=initial, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            facts.prisoner_details_update(
                prisoner=prisoner,
                details=form.details(),
                source=ChangeSource.by(request.user, form.cleaned_data["reason"]),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Personal details saved.")
            return redirect("prisoner-detail", prison_number=prisoner.prison_number)
    return render(request, "cases/details_form.html", {"prisoner": prisoner, "form": form})


def prisoner_transfer(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm="cases.add_movement")
    now = timezone.localtime()
    initial = {"date": now.date(), "time": now.time().replace(second=0)}
    form = TransferForm(posted(request), initial=initial, prisoner=prisoner, now=now)
    if request.method == "POST" and form.is_valid():
        to_prison = form.cleaned_data["to_prison"]
        try:
            moved = facts.prisoner_transfer(
                prisoner=prisoner,
                to_prison=to_prison,
                at=form.at(),
                source=ChangeSource.by(request.user, form.cleaned_data["reason"]),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{moved.full_name} ({moved.prison_number}) has been transferred to "
                f"{to_prison.name}. Their POM, co-working POM and keyworker allocations ended.",
            )
            return _to_case_or_list(request, moved)
    context = {"prisoner": prisoner, "form": form, "title": "Record a transfer"}
    return render(request, "cases/movement_form.html", context)


def prisoner_release(request: StaffRequest, prison_number: str) -> HttpResponse:
    prisoner = access.get_prisoner_for_user(request.user, prison_number, perm="cases.add_movement")
    now = timezone.localtime()
    initial = {"date": now.date(), "time": now.time().replace(second=0)}
    form = ReleaseForm(posted(request), initial=initial, now=now)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            released = facts.prisoner_release(
                prisoner=prisoner,
                at=form.at(),
                reason=reason,
                source=ChangeSource.by(request.user, reason or "Release recorded"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{released.full_name} ({released.prison_number}) has been released. Their POM, "
                "co-working POM and keyworker allocations ended; the COM stays.",
            )
            return _to_case_or_list(request, released)
    context = {"prisoner": prisoner, "form": form, "title": "Record a release"}
    return render(request, "cases/movement_form.html", context)


def _merge_pair(request: StaffRequest, form: MergeForm) -> tuple[Prisoner, Prisoner] | None:
    """The two records named on the form, each one the user may change; errors on the form
    otherwise."""
    found: list[Prisoner] = []
    for name in ("kept", "removed"):
        number = form.cleaned_data[name]
        try:
            found.append(
                access.get_prisoner_for_user(request.user, number, perm="cases.change_prisoner")
            )
        except Http404:
            form.add_error(name, f"There is no prisoner with the number {number} in your prisons")
        except PermissionDenied:
            form.add_error(name, f"You cannot change the record of {number}")
    return (found[0], found[1]) if len(found) == 2 else None


@access.prison_permission("cases.change_prisoner")
def prisoner_merge(request: StaffRequest) -> HttpResponse:
    form = MergeForm(posted(request), initial={"kept": request.GET.get("kept", "")})
    preview = None
    pair = _merge_pair(request, form) if request.method == "POST" and form.is_valid() else None
    if pair is not None:
        kept, removed = pair
        try:
            preview = facts.merge_preview(kept, removed)
            if "confirm" in request.POST:
                facts.prisoners_merge(
                    kept=kept,
                    removed=removed,
                    source=ChangeSource.by(request.user, form.cleaned_data["reason"] or "Merge"),
                    at=timezone.now(),
                )
                messages.success(
                    request,
                    f"{removed.prison_number} has been merged into {kept.prison_number}. A search "
                    f"for {removed.prison_number} finds this case.",
                )
                return redirect("prisoner-detail", prison_number=kept.prison_number)
        except ValidationError as exc:
            add_service_error(form, exc)
            preview = None
    return render(request, "cases/merge_form.html", {"form": form, "preview": preview})
