"""Error pages in the service's layout. The 500 page is rendered with no request and no context
processors, so it reads nothing from the database (which may be what failed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's security token was missing or stale (Django's `CSRF_FAILURE_VIEW`)."""
    return render(request, "403_csrf.html", status=403)
