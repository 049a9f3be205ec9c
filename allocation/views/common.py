"""What the allocation pages share: the permissions they check, paging and the conflict
message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
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

permission_somewhere = access.permission_anywhere


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
