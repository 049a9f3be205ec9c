"""Resettlement needs through the API: the list on the caller's cases, a new need, and a
dated update."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access
from cases.api.base import ConflictSerializer
from interventions.api.common import InterventionsApiView
from interventions.models import ResettlementNeed
from interventions.selectors.case import get_need_for_user, needs_api
from interventions.serializers import (
    NeedCreateInput,
    NeedSerializer,
    NeedUpdateInput,
    NeedUpdateSerializer,
)
from interventions.services.needs import need_create, need_update

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _create_need(*, acting_user: User, prisoner: str, **values: Any) -> ResettlementNeed:
    """Add a need to the prisoner named by their number; answered as the list shows it."""
    case = access.get_prisoner_for_user(acting_user, prisoner, perm="interventions.update_need")
    need = need_create(prisoner=case, acting_user=acting_user, **values)
    return needs_api(acting_user).get(pk=need.pk)


class _NeedApi(InterventionsApiView):
    read_perm = "interventions.view_resettlementneed"
    write_perm = "interventions.update_need"
    queryset = ResettlementNeed.objects.none()


class NeedListApi(_NeedApi):
    """Resettlement needs on the caller's cases, with their dated updates; POST adds one."""

    serializer_class = NeedSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("prisoner", str, description="Prison number"),
            OpenApiParameter("status", str, enum=list(ResettlementNeed.Status.values)),
        ],
        responses=NeedSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = needs_api(request.user)
        if request.query_params.get("prisoner"):
            qs = qs.filter(prisoner__prison_number=request.query_params["prisoner"].upper())
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return self.get_paginated_response(NeedSerializer(self.page(qs), many=True).data)

    @extend_schema(request=NeedCreateInput, responses={201: NeedSerializer})
    def post(self, request: Request) -> Response:
        return self.act(
            _create_need, NeedCreateInput, NeedSerializer, status_code=status.HTTP_201_CREATED
        )


class NeedUpdateApi(_NeedApi):
    """A dated update to a need: what was done, and its status and owner after it."""

    serializer_class = NeedUpdateSerializer

    @extend_schema(
        request=NeedUpdateInput, responses={201: NeedUpdateSerializer, 409: ConflictSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        need = get_need_for_user(request.user, pk)
        access.require_on_case(request.user, self.write_perm, need.prisoner)
        return self.act(
            need_update,
            NeedUpdateInput,
            NeedUpdateSerializer,
            status_code=status.HTTP_201_CREATED,
            need=need,
        )
