"""Protections every request shares: signed-in answers are never cached, sign-in failures are
counted per username and per address, the API is rate limited with a clear 429.

Wired in `omu/settings/base.py` (MIDDLEWARE, AXES_HANDLER, REST_FRAMEWORK).
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils.cache import add_never_cache_headers
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.response import Response


class NoStoreMiddleware:
    """`Cache-Control: no-store` (and the rest of Django's never-cache headers) on every answer
    to a signed-in user: pages, CSV downloads and the API, by session or token. A shared or
    back-button cache must never keep a prisoner's details. Static files are served before
    this runs (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # DRF sets the Django request's user too, so a token's user counts here.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


SESSION_TOUCHED = "omu_touched"  # when the session's expiry was last moved on (epoch seconds)
TOUCH_EVERY_SECONDS = 60  # or a thirtieth of the idle time, if shorter


def _now() -> int:
    return int(time.time())


def _signed_in_by_session(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and SESSION_KEY in session  # not a token's user


def touch_due(request: HttpRequest) -> bool:
    """This request should move the session's expiry on: its last move is a minute old."""
    touched = request.session.get(SESSION_TOUCHED)
    every = min(TOUCH_EVERY_SECONDS, settings.SESSION_COOKIE_AGE // 30)
    return touched is None or _now() - touched >= every


def touch(request: HttpRequest) -> None:
    """Move the session's expiry on: saved at the end of the request, with a new cookie."""
    request.session[SESSION_TOUCHED] = _now()


def session_expires_in(request: HttpRequest) -> int:
    """Seconds until a signed-in session ends for inactivity, counting this request."""
    if touch_due(request):
        return settings.SESSION_COOKIE_AGE
    elapsed = _now() - request.session[SESSION_TOUCHED]
    return max(settings.SESSION_COOKIE_AGE - elapsed, 0)


class IdleSessionMiddleware:
    """A session ends SESSION_IDLE_MINUTES (SESSION_COOKIE_AGE) after the last request: each
    request moves the expiry on by saving the session, at most once a minute, so a busy user
    costs one write a minute, not one a request. Django refuses an expired session; its cookie
    expires in the browser at the same moment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _signed_in_by_session(request) and touch_due(request):
            touch(request)
        return response


def inline_style_hashes(template_name: str) -> list[str]:
    """The Content-Security-Policy hashes of a library template's fixed <style> blocks, to
    allow exactly those on its page (Swagger UI's three layout rules) and no other inline
    style. Read from the installed template, so an upgrade keeps them right."""
    source = get_template(template_name).template.source  # type: ignore[attr-defined]  # Django's backend template
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in re.findall(r"<style>(.*?)</style>", source, re.DOTALL)
    ]


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, as the sign-in lockout counts it (django-axes'
    AXES_CLIENT_IP_CALLABLE). Behind TRUSTED_PROXY_COUNT proxies, each appending to
    X-Forwarded-For, it is the entry that many from the end: entries before it are the
    client's own say and could be anything."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


class SignInAttempts(AxesDatabaseHandler):
    """django-axes' database handler with two limits: a username is locked out after
    AXES_FAILURE_LIMIT failures, an address after SIGN_IN_ADDRESS_FAILURE_LIMIT (higher: a
    prison's staff may all reach the service from one address).

    Axes locks out when `get_failures() >= AXES_FAILURE_LIMIT`; the address's count is scaled
    so that it reaches that limit at its own. AXES_LOCKOUT_PARAMETERS is
    `["username", "ip_address"]`, so the attempts come in that order."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        by_username, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        return max(by_username, scaled)

    def user_logged_in(self, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        """Also start the idle clock: the new session is saved now with a full expiry, so the
        next requests need not move it (IdleSessionMiddleware)."""
        touch(request)
        super().user_logged_in(sender, request, user, **kwargs)


def _rate(scope: str | None) -> str | None:
    """DRF's throttles read their rates once, at import; these read the settings each time, so
    a changed setting (and a test's override) takes effect."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope or "")
    return None if rate is None else str(rate)


class AnonApiThrottle(AnonRateThrottle):
    """Requests without a signed-in user, per address: API_THROTTLE_ANON."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)


class UserApiThrottle(UserRateThrottle):
    """Requests of a signed-in user (session or token), per user: API_THROTTLE_USER."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)


def _refused_too_often(exc: Exception, context: dict[str, Any]) -> Exception:
    """A caller refused for want of a (valid) sign-in or token counts against the anonymous
    rate: DRF checks permissions before throttles, so without this a guesser of tokens or a
    scanner would never be slowed. Over the rate, the refusal becomes a 429."""
    request, view = context.get("request"), context.get("view")
    if (
        not isinstance(exc, NotAuthenticated | AuthenticationFailed)
        or request is None
        or view is None
    ):
        return exc
    throttle = AnonApiThrottle()
    if throttle.allow_request(request, view):
        return exc
    return Throttled(throttle.wait())


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with a 429 that says in words when to try again (and as a number)."""
    # Imported here: DRF's views read the throttle classes above when they are first imported.
    from rest_framework.views import exception_handler

    exc = _refused_too_often(exc, context)
    response = exception_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None:
        wait = getattr(exc, "wait", None)  # set by DRF, not in its stubs
        seconds = math.ceil(wait) if wait is not None else None
        when = f"in {seconds} second{'s' if seconds != 1 else ''}" if seconds else "later"
        response.data = {
            "detail": f"Too many requests. Try again {when}.",
            "code": "throttled",
            "retry_after": seconds,
        }
    return response
