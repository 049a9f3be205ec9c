"""The audit of a prison, for its head of OMU: who changed or read what, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases import access, selectors
from cases.access import StaffRequest
from cases.forms import AuditFilterForm


@access.prison_permission("cases.view_audit")
@require_GET
def audit(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = AuditFilterForm(request.GET or None, kinds=selectors.audit_kinds())
    rows = selectors.audit_rows(prison, form.filters())
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.audit_entries(prison, list(page.object_list))
    context = {"form": form, "page": page, "entries": entries, "prison": prison}
    return render(request, "cases/audit.html", context)
