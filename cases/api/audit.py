"""REST API for a prison's audit and subject access exports, on the same code as the pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.api.base import CaseApiView, PrisonApiView
from cases.security import client_address
from cases.serializers import AuditEntrySerializer, AuditQuerySerializer, SubjectAccessSerializer


class AuditApi(PrisonApiView, generics.ListAPIView):
    """Who changed or read what at the prison, newest first (or `sort=oldest`), paginated;
    filter by `kind`, `prisoner` (prison number) and `user` (username). Its head of OMU only."""

    read_perm = "cases.view_audit"
    serializer_class = AuditEntrySerializer

    @extend_schema(parameters=[AuditQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        prison = self.prison()
        query = AuditQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.audit_rows(prison, query.filters())
        page = self.paginate_queryset(rows)
        entries = selectors.audit_entries(prison, list(page or []))
        return self.get_paginated_response(AuditEntrySerializer(entries, many=True).data)


class SubjectAccessApi(CaseApiView):
    """Everything held about one person (a subject access export), as JSON; each call is
    recorded in the access log. The head of OMU of the case's prison only."""

    read_perm = "cases.export_subject_access"
    serializer_class = SubjectAccessSerializer

    def get(self, request: Request, prison_number: str) -> Response:
        _, document = services.subject_access_make(
            prisoner=self.prisoner(),
            acting_user=request.user,
            file_format="json",
            now=timezone.now(),
            address=client_address(request._request),
            via="API",
        )
        return Response(SubjectAccessSerializer(document).data)
