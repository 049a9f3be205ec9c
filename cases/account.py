"""One's own account: signing in (and being locked out), changing one's password, staying signed
in; and, for the head of OMU, the sign-in lockouts of their prison's staff.

Wired in `omu/urls.py` under /accounts/. django-axes counts the failures (`cases.security`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset as reset_attempts
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.db.models import Max, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from cases import access, security
from cases.context_processors import signed_in
from cases.forms import LoginForm
from cases.forms.govuk import GovFormMixin
from cases.models import Prison, Role
from cases.text import display_name

log = logging.getLogger("omu.security")

USERNAME_MAX_LENGTH = 150  # Django's User.username
FAILURE_HISTORY_DAYS = 7
FAILURE_HISTORY_ROWS = 50


# --- Signing in ----------------------------------------------------------------------------


class SignInForm(LoginForm):
    """The sign-in form, refusing a username longer than any user's. (Django's form only sets
    the input's maxlength: a longer one reached the failure log, whose column is shorter.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX_LENGTH))


def sign_in_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username django-axes records and counts (AXES_USERNAME_CALLABLE), from the
    credentials or the form as axes would, but never longer than a username nor holding a null
    byte: its log keeps it in a shorter column, and PostgreSQL refuses null bytes."""
    source = credentials if credentials else request.POST
    username = source.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))  # set by axes
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_MAX_LENGTH]


class SignInView(LoginView):
    """Django's sign-in, with a word for someone whose session ran out (`?timed_out=1`)."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = "timed_out" in self.request.GET
        context["idle_minutes"] = settings.SESSION_IDLE_MINUTES
        return context


def locked_out(
    request: HttpRequest,
    original_response: HttpResponseBase | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the sign-in page again, 429, saying
    when to try again. Each attempt during a lockout starts the wait again."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    until = timezone.localtime(timezone.now() + cool_off)
    username = get_client_username(request, credentials) or ""
    context = {
        "form": SignInForm(request, initial={"username": username}),
        "locked_out_until": until,
        "lockout_minutes": round(cool_off.total_seconds() / 60),
    }
    response = render(request, "registration/login.html", context, status=429)
    add_never_cache_headers(response)  # as the sign-in page it replaces
    return response


def session_timeout(request: HttpRequest) -> dict[str, int]:
    """Template context (settings.TEMPLATES): the timeout warning's timings."""
    if not signed_in(request) or not hasattr(request, "session"):
        return {}
    return {
        "session_expires_in": security.session_expires_in(request),
        "session_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }


@require_GET
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The timeout warning's "Stay signed in": moves the session's expiry on now and says how
    long the session has."""
    security.touch(request)
    return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})


# --- Changing one's password ---------------------------------------------------------------


class PasswordForm(GovFormMixin, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("old_password", field_width=20),
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
            Button("submit", "Change password"),
        )


class ChangePasswordView(PasswordChangeView):
    """Django's password change: the old password, the new one twice, Django's password rules.
    The user stays signed in here; their other sessions end."""

    template_name = "registration/password_change_form.html"
    form_class = PasswordForm
    success_url = reverse_lazy("password_change_done")


# --- Lockouts, for the head of OMU ---------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    """Recent failed sign-ins of one member of staff, and whether they lock them out now."""

    username: str
    name: str
    failures: int
    last_attempt: dt.datetime
    until: dt.datetime | None  # None: not locked out


def _require_head_of_omu(request: HttpRequest) -> Prison:
    prison = access.working_prison(request)
    if Role.HEAD_OF_OMU not in access.roles_at(request.user, prison):
        raise PermissionDenied
    return prison


def _staff_at(prison: Prison) -> dict[str, Any]:
    users = get_user_model().objects.filter(prison_roles__prison=prison).distinct()
    return {user.get_username(): user for user in users}


def current_lockouts(prison: Prison) -> list[Lockout]:
    """Staff of this prison with failed sign-ins still counted (within the cool-off time),
    most recent first. The per-address lockout is not per prison: superusers see it in the
    admin."""
    staff = _staff_at(prison)
    cool_off = get_cool_off() or dt.timedelta(0)
    counted = (
        AccessAttempt.objects.filter(
            username__in=staff, attempt_time__gte=timezone.now() - cool_off
        )
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    return [
        Lockout(
            username=row["username"],
            name=display_name(staff[row["username"]]),
            failures=row["failures"],
            last_attempt=row["last"],
            until=row["last"] + cool_off
            if row["failures"] >= settings.AXES_FAILURE_LIMIT
            else None,
        )
        for row in counted
    ]


def failure_history(prison: Prison) -> list[AccessFailureLog]:
    """Every failed sign-in of this prison's staff in the last week: when, from where, and
    whether it locked them out."""
    since = timezone.now() - dt.timedelta(days=FAILURE_HISTORY_DAYS)
    return list(
        AccessFailureLog.objects.filter(
            username__in=_staff_at(prison), attempt_time__gte=since
        ).order_by("-attempt_time")[:FAILURE_HISTORY_ROWS]
    )


@require_http_methods(["GET", "POST"])
def lockouts(request: HttpRequest) -> HttpResponse:
    """Sign-in lockouts of the staff of the working prison. POST `username`: unlock them."""
    prison = _require_head_of_omu(request)
    if request.method == "POST":
        username = request.POST.get("username", "")
        if username not in _staff_at(prison):
            raise Http404
        reset_attempts(username=username)
        log.warning("%s unlocked sign-in for %s at %s", request.user, username, prison.code)
        messages.success(request, f"{username} can sign in again.")
        return redirect("sign-in-lockouts")
    context = {
        "prison": prison,
        "lockouts": current_lockouts(prison),
        "failures": failure_history(prison),
        "failure_days": FAILURE_HISTORY_DAYS,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/lockouts.html", context)
