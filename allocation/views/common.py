"""What the allocation pages share: the permissions they check, paging and the conflict
message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from cases import access

ASSIGN = "allocation.assign_case"
VIEW_CASELOADS = "allocation.view_caseloads"
VIEW_OWN_CASELOAD = "allocation.view_own_caseload"
MANAGE_STAFF = "allocation.manage_staff"
VIEW_ALLOCATION = "cases.view_allocation"

V = TypeVar("V", bound=Callable[..., HttpResponse])


def permission_somewhere(perm: str) -> Callable[[V], V]:
    """A case page's first door: 403 unless the user holds `perm` at one prison at least. The
    view then checks it on the case itself, at the case's prison (`get_prisoner_to_allocate`,
    `access.get_prisoner_for_user(..., perm=...)`)."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not access.may_anywhere(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as `view`

    return decorator


def paged(request: HttpRequest, rows: list[Any]) -> Page[Any]:
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def conflict(request: HttpRequest, exc: ValidationError, prison_number: str) -> HttpResponse:
    """Back to the case page with the service's message: the case changed meanwhile."""
    messages.error(request, " ".join(exc.messages))
    return redirect("prisoner-detail", prison_number=prison_number)


def is_conflict(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) == "conflict"


def today() -> dt.date:
    return timezone.localdate()
