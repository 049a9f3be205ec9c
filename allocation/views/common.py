"""What the allocation pages share: the permissions they check, paging and the conflict
message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SortHeader:
    """A sortable column's header (the MoJ sortable table, sorted on the server): the link that
    sorts by it, keeping the filters, and its `aria-sort` now."""

    url: str
    aria_sort: str  # "ascending", "descending" or "none"


_OPPOSITE = {"ascending": "descending", "descending": "ascending"}


def sort_headers(
    request: HttpRequest, current: str, columns: dict[str, str]
) -> dict[str, SortHeader]:
    """Each sortable column's header. `columns` maps a sort key to the direction its plain form
    sorts ("waiting": "descending", longest first); "-key" sorts the other way. A column's
    link sorts by it, or reverses it when it is already the order. The filters are kept and
    the page number dropped (a new order starts at page one)."""
    headers = {}
    for key, direction in columns.items():
        query = request.GET.copy()
        query.pop("page", None)
        if current == key:
            query["sort"], aria = f"-{key}", direction
        elif current == f"-{key}":
            query["sort"], aria = key, _OPPOSITE[direction]
        else:
            query["sort"], aria = key, "none"
        headers[key] = SortHeader(f"?{query.urlencode()}", aria)
    return headers


def conflict(request: HttpRequest, exc: ValidationError, prison_number: str) -> HttpResponse:
    """Back to the case page with the service's message: the case changed meanwhile."""
    messages.error(request, " ".join(exc.messages))
    return redirect("prisoner-detail", prison_number=prison_number)


def is_conflict(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) == "conflict"


def today() -> dt.date:
    return timezone.localdate()
