"""REST API for a prison's audit, on the same selectors as the page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors
from cases.api.base import PrisonApiView
from cases.serializers import AuditEntrySerializer, AuditQuerySerializer


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
