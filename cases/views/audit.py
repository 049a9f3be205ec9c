"""For the head of OMU: the audit of a prison (who changed or read what, when and from where)
and subject access exports (everything held about one person)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access, selectors, services
from cases.access import StaffRequest
from cases.forms import AuditFilterForm
from cases.security import client_address
from cases.services.subject_access import FORMATS
from cases.subject_access import subject_access_export


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


@access.permission_anywhere("cases.export_subject_access")
@require_GET
def subject_access(request: StaffRequest, prison_number: str) -> HttpResponse:
    """Everything held about one person: what the export holds, and the export itself as JSON
    or a printable page (`?format=json|html`), each download audited."""
    prisoner = access.get_prisoner_for_user(
        request.user, prison_number, perm="cases.export_subject_access"
    )
    file_format = request.GET.get("format", "")
    if file_format in FORMATS:
        text, _ = services.subject_access_make(
            prisoner=prisoner,
            acting_user=request.user,
            file_format=file_format,
            now=timezone.now(),
            address=client_address(request),
        )
        content_type = "application/json" if file_format == "json" else "text/html"
        response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
        filename = f"subject-access-{prisoner.prison_number}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    document = subject_access_export(prisoner, now=timezone.now())
    return render(
        request, "cases/subject_access.html", {"prisoner": prisoner, "document": document}
    )
