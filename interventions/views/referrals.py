"""Pages about one referral: its record, each move of its lifecycle, and attendance. Each
checks on the referral's case (the prisoner's prison, or the COM who holds it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access
from cases.access import StaffRequest
from cases.forms import add_service_error
from cases.versions import StaleEdit
from cases.views.stale import stale_edit_page
from interventions import rules
from interventions.forms.referrals import (
    AssessForm,
    AttendanceForm,
    CompleteForm,
    NotCompleteForm,
    PlaceForm,
    StartForm,
    WithdrawForm,
)
from interventions.models import Referral
from interventions.selectors.offerings import offering_cohorts
from interventions.selectors.referrals import (
    assess_referrals,
    get_referral_for_user,
    referral_history,
)
from interventions.services.progress import (
    ATTENDANCE_STATUSES,
    attendance_record,
    referral_assess,
    referral_complete,
    referral_not_complete,
    referral_start,
    referral_withdraw,
)
from interventions.services.referrals import ReferralBlocked, referral_place, referral_refer
from interventions.views.common import holds

if TYPE_CHECKING:
    from django.contrib.auth.models import User

VIEW = "interventions.view_referral"
REFER = "interventions.refer"

# url slug -> (rules action, button label)
ACTIONS = {
    "refer": ("refer", "Refer now"),
    "assess": ("assess_suitable", "Record the assessment"),
    "place": ("place", "Place in a cohort"),
    "start": ("start", "Record the start"),
    "complete": ("complete", "Record completion"),
    "not-complete": ("not_complete", "Record as not completed"),
    "withdraw": ("withdraw", "Withdraw"),
}
# url slug -> the form of a move that is not a placing
FORMS: dict[str, type[Form]] = {
    "assess": AssessForm,
    "start": StartForm,
    "complete": CompleteForm,
    "not-complete": NotCompleteForm,
    "withdraw": WithdrawForm,
}


def _referral(request: StaffRequest, pk: int, perm: str) -> Referral:
    """The referral, if it is on a case the user may see (404) and they hold `perm` on it."""
    referral = get_referral_for_user(request.user, pk)
    access.require_on_case(request.user, perm, referral.prisoner)
    return referral


def _next_steps(referral: Referral) -> list[tuple[str, str]]:
    """The moves its status allows now, as (url slug, label)."""
    steps = []
    for slug, (action, label) in ACTIONS.items():
        move = rules.transition(referral.status, action)
        if move.allowed and not move.repeat:
            steps.append((slug, label))
    return steps


@holds(VIEW)
@require_GET
def referral_detail(request: StaffRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk, VIEW)
    context = {
        "referral": referral,
        "prisoner": referral.prisoner,
        "row": assess_referrals([referral], today=timezone.localdate())[0],
        "history": referral_history(referral),
        "attendance": referral.attendance.select_related("recorded_by"),
        "actions": _next_steps(referral),
        "takes_attendance": bool(referral.offering.intervention.sessions)
        and referral.status in ATTENDANCE_STATUSES,
        "perms": access.PrisonPerms.on_case(request.user, referral.prisoner),
    }
    return render(request, "interventions/referral.html", context)


def _action_form(user: User, data: Any, slug: str, referral: Referral) -> Form:
    """The form of a move, bound to `data` (None: opened afresh at the referral's version)."""
    today = timezone.localdate()
    initial = {"started_on": today, "ended_on": today, "version": referral.version}
    if slug not in ("refer", "place"):
        return FORMS[slug](data, initial=initial)
    cohorts = [
        (c.pk, f"Starts {c.start_date:%-d %B %Y}: {c.places_left} of {c.capacity} places left")
        for c in offering_cohorts(referral.offering)
        if c.start_date >= today
    ]
    can_override = access.may(
        user, "interventions.override_fit_check", referral.prisoner.current_prison_id
    )
    form = PlaceForm(data, initial=initial, cohorts=cohorts, can_override=can_override)
    if slug == "refer":
        del form.fields["cohort"]
        form.helper.layout.fields.pop(0)
    return form


def _place(*, referral: Referral, cohort: int | None, **kwargs: Any) -> Referral:
    found = referral.offering.cohorts.filter(pk=cohort).first() if cohort else None
    return referral_place(referral=referral, cohort=found, **kwargs)


# url slug -> the service making the move, and the form fields it takes
MOVES: dict[str, tuple[Callable[..., Referral], tuple[str, ...]]] = {
    "refer": (referral_refer, ("override_reason",)),
    "assess": (referral_assess, ("suitable", "reason")),
    "place": (_place, ("cohort", "override_reason")),
    "start": (referral_start, ("started_on",)),
    "complete": (referral_complete, ("ended_on", "outcome")),
    "not-complete": (referral_not_complete, ("ended_on", "reason", "detail")),
    "withdraw": (referral_withdraw, ("reason",)),
}


def _run_action(slug: str, referral: Referral, user: User, data: dict[str, Any]) -> Referral:
    service, fields = MOVES[slug]
    values = {name: data.get(name, "") for name in fields}
    return service(
        referral=referral,
        acting_user=user,
        today=timezone.localdate(),
        expected_version=data["version"],
        **values,
    )


@holds(REFER)
def referral_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    referral = _referral(request, pk, REFER)
    form = _action_form(request.user, request.POST or None, action, referral)
    blocked = None
    if request.method == "POST" and form.is_valid():
        try:
            _run_action(action, referral, request.user, form.cleaned_data)
        except StaleEdit as exc:
            fresh = get_referral_for_user(request.user, pk)
            return stale_edit_page(
                request,
                exc=exc,
                fresh_form=_action_form(request.user, None, action, fresh),
                what=f"Referral to {referral.offering.intervention.name}",
                back_url=reverse("interventions-referral", args=[referral.pk]),
            )
        except ReferralBlocked as exc:
            blocked = exc.assessment
            add_service_error(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Referral updated.")
            return redirect("interventions-referral", pk=referral.pk)
    context = {
        "referral": referral,
        "prisoner": referral.prisoner,
        "form": form,
        "title": ACTIONS[action][1],
        "blocked": blocked,
    }
    return render(request, "interventions/referral_action.html", context)


@holds(REFER)
def attendance(request: StaffRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk, REFER)
    recorded = list(referral.attendance.all())
    form = AttendanceForm(
        request.POST or None,
        initial={"session_number": len(recorded) + 1, "session_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            attendance_record(referral=referral, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Session {form.cleaned_data['session_number']} recorded.")
            return redirect("interventions-referral", pk=referral.pk)
    context = {"referral": referral, "prisoner": referral.prisoner, "form": form,
               "attendance": recorded}  # fmt: skip
    return render(request, "interventions/attendance.html", context)
