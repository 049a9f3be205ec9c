"""The directory through the API: every prison's entries, with cohorts and places left."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cases.models import Prison
from interventions.api.common import InterventionsApiView
from interventions.models import Intervention, Offering, ResettlementNeed
from interventions.selectors.offerings import directory_for_prisons
from interventions.serializers import InterventionSerializer


def _directory_filters(qs: QuerySet[Offering], params: Any) -> QuerySet[Offering]:
    area = params.get("need_area", "")
    if area and area not in ResettlementNeed.Area.values:
        raise ValidationError({"need_area": "Not a need area."})
    if params.get("prison"):
        qs = qs.filter(prison__code__iexact=params["prison"])
    if params.get("kind"):
        qs = qs.filter(intervention__kind=params["kind"])
    if area:
        qs = qs.filter(intervention__need_areas__area=area)
    if params.get("running") in ("true", "1"):
        qs = qs.filter(running=True)
    elif params.get("running") in ("false", "0"):
        qs = qs.filter(running=False)
    return qs


class InterventionListApi(InterventionsApiView):
    """Every prison's directory entries (the national view), with upcoming cohorts and places
    left; filter by `prison`, `kind`, `need_area` and `running`."""

    read_perm = "interventions.view_intervention"
    serializer_class = InterventionSerializer
    queryset = Offering.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("prison", str, description="Prison code, e.g. LEI"),
            OpenApiParameter("kind", str, enum=list(Intervention.Kind.values)),
            OpenApiParameter("need_area", str, enum=list(ResettlementNeed.Area.values)),
            OpenApiParameter("running", bool),
        ],
        responses=InterventionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        everywhere = directory_for_prisons(Prison.objects.all(), today=today)
        qs = _directory_filters(everywhere, request.query_params)
        page = self.page(qs.order_by("prison__code", "intervention__name"))
        data = InterventionSerializer(page, many=True, context={"today": today}).data
        return self.get_paginated_response(data)
