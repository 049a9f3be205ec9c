"""REST API of the allocation app, on the same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from allocation import selectors, services
from allocation.serializers import (
    AllocationCreatedSerializer,
    AllocationCreateSerializer,
    AllocationSerializer,
    PomSuggestionsSerializer,
    StaffSerializer,
)
from cases.access import prisoners_for_user
from cases.api.base import HasPerm, call_service
from cases.models import Allocation

ROLE_PARAM = OpenApiParameter(
    "role", OpenApiTypes.STR, enum=["primary", "secondary"], description="POM or co-working POM"
)


class AllocationFilter(django_filters.FilterSet):
    prison = django_filters.CharFilter(
        field_name="prisoner__current_prison__code", lookup_expr="iexact", help_text="e.g. LEI"
    )
    pom = django_filters.CharFilter(
        field_name="primary_pom__username", help_text="The POM's username"
    )
    keyworker = django_filters.CharFilter(field_name="keyworker__username")

    class Meta:
        model = Allocation
        fields = ["prison", "pom", "keyworker"]


class AllocationListApi(generics.ListCreateAPIView):
    """Who holds each of the caller's cases; POST allocates a POM with the same rules as the
    allocate page (warnings need an override reason; a changed case is a 409 conflict)."""

    serializer_class = AllocationSerializer
    filterset_class = AllocationFilter
    queryset = Allocation.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        needed = (
            "allocation.assign_case" if self.request.method == "POST" else "cases.view_allocation"
        )
        return [IsAuthenticated(), HasPerm(needed)]

    def get_queryset(self) -> QuerySet[Allocation]:
        return (
            Allocation.objects.filter(prisoner__in=prisoners_for_user(self.request.user))
            .select_related(
                "prisoner__current_prison", "primary_pom", "secondary_pom", "keyworker", "com"
            )
            .order_by("prisoner__prison_number")
        )

    @extend_schema(
        request=AllocationCreateSerializer,
        responses={
            201: AllocationCreatedSerializer,
            400: OpenApiResponse(description="Invalid input, or a warning without an override"),
            409: OpenApiResponse(description="The case changed, or already has a POM"),
        },
    )
    def post(self, request: Request) -> Response:
        data = AllocationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        prisoner = selectors.get_prisoner_to_allocate(request.user, values["prison_number"])
        pom = get_user_model().objects.filter(username=values["pom"]).first()
        if pom is None:
            raise ValidationError({"pom": "No user with that username."})
        event = call_service(
            services.allocation_assign,
            prisoner=prisoner,
            pom=pom,
            acting_user=request.user,
            role=values["role"],
            expected_version=values.get("version"),
            override_reason=values.get("override_reason", ""),
            override_detail=values.get("override_detail", ""),
            note=values.get("note", ""),
            explanation="Allocated through the API.",
        )
        allocation = self.get_queryset().get(prisoner=prisoner)
        body = {
            "allocation": AllocationSerializer(allocation).data,
            "event_id": event.pk,
            "warnings": event.warnings,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class PomSuggestionsApi(generics.GenericAPIView):
    """The POM type a case needs and why, and every POM ranked (omic-rules.md section 3)."""

    serializer_class = PomSuggestionsSerializer
    queryset = Allocation.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated(), HasPerm("allocation.assign_case")]

    @extend_schema(parameters=[ROLE_PARAM])
    def get(self, request: Request, prison_number: str) -> Response:
        role = request.query_params.get("role", "primary")
        if role not in ("primary", "secondary"):
            raise ValidationError({"role": "Choose primary or secondary."})
        prisoner = selectors.get_prisoner_to_allocate(request.user, prison_number)
        ctx = selectors.allocate_context(prisoner, role=role, today=timezone.localdate())
        return Response(PomSuggestionsSerializer(ctx).data)


class StaffApi(generics.ListAPIView):
    """POMs and keyworkers at the caller's prisons with caseloads against capacity."""

    serializer_class = StaffSerializer
    queryset = Allocation.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated(), HasPerm("allocation.view_caseloads")]

    @extend_schema(
        parameters=[OpenApiParameter("prison", OpenApiTypes.STR, description="Prison code")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> list[Any]:  # type: ignore[override]
        return selectors.staff_list_for_api(
            self.request.user,
            prison_code=self.request.query_params.get("prison", ""),
            today=timezone.localdate(),
        )

    def filter_queryset(self, queryset: Any) -> Any:
        return queryset  # filtered by the selector: the list is not a queryset


urlpatterns = [
    path("allocations/", AllocationListApi.as_view(), name="api-allocation-list"),
    path(
        "prisoners/<str:prison_number>/pom-suggestions/",
        PomSuggestionsApi.as_view(),
        name="api-pom-suggestions",
    ),
    path("staff/", StaffApi.as_view(), name="api-staff"),
]
