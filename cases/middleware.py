"""Request wiring: login everywhere but the API (DRF authenticates itself), and the active prison."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.functional import SimpleLazyObject
from rest_framework.views import APIView

from cases.access import staff_prisons
from cases.exports import EXPORT_ATTR
from cases.models import AccessLog, Prison
from cases.services.access_log import access_record_request

ACTIVE_PRISON_SESSION_KEY = "active_prison"


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required default, except for DRF views.

    DRF views authenticate with a session or a token and answer 401/403 themselves; a redirect
    to the login page would be wrong for an API client holding a token.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def _active_prison(request: HttpRequest) -> Prison | None:
    prisons = request.user_prisons  # type: ignore[attr-defined]  # set below (StaffRequest)
    code = request.session.get(ACTIVE_PRISON_SESSION_KEY)
    chosen = [p for p in prisons if p.code == code]
    return chosen[0] if chosen else (prisons[0] if prisons else None)


class ActivePrisonMiddleware:
    """`request.user_prisons` (their prisons, by name) and `request.active_prison`: the prison
    a member of staff is working in now. Both lazy: one query, only when a page needs them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user_prisons = SimpleLazyObject(  # type: ignore[attr-defined]  # see StaffRequest
            lambda: staff_prisons(request.user)
        )
        request.active_prison = SimpleLazyObject(lambda: _active_prison(request))  # type: ignore[attr-defined]  # see StaffRequest
        return self.get_response(request)


class AccessLogMiddleware:
    """Logs every list downloaded: a CSV made by `cases.exports.csv_response` carries its file
    name and row count, and here the access log gets who took it, when and from where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        export = getattr(response, EXPORT_ATTR, None)
        if export is not None and response.status_code == 200:
            filename, rows = export
            access_record_request(
                request,
                kind=AccessLog.Kind.CSV_EXPORT,
                what=f"{filename} ({rows} row{'' if rows == 1 else 's'})",
            )
        return response
